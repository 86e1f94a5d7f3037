"""Rationales a person can act on: which source and sentence, what matched or clashed.

Examples of what :func:`explain` writes::

    Border facts gives "1,974 km", consistent with the claim's "about 2,000 km": “The land
    border is 1,974 km long.”
    Claim says "1998"; Museum history says "2004": “The museum opened in 2004.”
"""

from __future__ import annotations

from collections.abc import Sequence

from ..models import Label
from .evidence import Candidate
from .features import Features, Finding

__all__ = ["explain", "quote_snippet", "source_name", "speaker_note"]

_MAX_QUOTE = 220
_ORDER = {"quantity": 0, "date": 1, "antonym": 2, "negation": 3, "doer": 4, "entity": 5}


def source_name(cand: Candidate) -> str:
    """The passage's title, or its document id."""
    return cand.passage.title.strip() or cand.passage.doc_id


def quote_snippet(text: str, limit: int = _MAX_QUOTE) -> str:
    """The quote in curly quotes, shortened with an ellipsis past ``limit`` characters, and
    followed by a period unless it ends a sentence itself."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rsplit(" ", 1)[0] + "…"
    end = "" if flat[-1:] in ".!?…" else "."
    return f"“{flat}”{end}"


def _findings(features: Features, relation: str) -> list[Finding]:
    """The findings to name, numbers and dates first; an identifier ("Article 5") is not an
    amount or a year and is never named against one, and an agreement only within the
    features' loose slack ("about 2,300 km" for "1,974 km", "June 2021" for "before
    February 2022") is not called consistent."""
    found = [
        f for f in features.findings
        if f.relation == relation and f.comparable
        and (relation != "agree" or f.close or f.kind not in ("quantity", "date"))
    ]  # fmt: skip
    return sorted(found, key=lambda f: _ORDER.get(f.kind, 9))


def _support_reason(cand: Candidate, features: Features) -> str:
    src = source_name(cand)
    agreed = _findings(features, "agree")
    if agreed:
        parts = [f'"{f.evidence}", consistent with the claim\'s "{f.claim}"' for f in agreed[:2]]
        return f"{src} gives " + "; and ".join(parts) + f": {quote_snippet(cand.text)}"
    return f"{src} states it: {quote_snippet(cand.text)}"


def _refute_reason(cand: Candidate, features: Features) -> str:
    src = source_name(cand)
    clashes = _findings(features, "clash")
    if not clashes:
        return f"{src} contradicts it: {quote_snippet(cand.text)}"
    first = clashes[0]
    if first.kind == "entity":
        head = f'Claim names "{first.claim}"; {src} names "{first.evidence}" instead'
    elif first.kind == "doer":
        head = f'Claim says "{first.claim}" did it; {src} says "{first.evidence}" did'
    else:
        head = f'Claim says "{first.claim}"; {src} says "{first.evidence}"'
    return f"{head}: {quote_snippet(cand.text)}"


def explain(
    label: Label,
    supporters: Sequence[tuple[Candidate, Features]],
    refuters: Sequence[tuple[Candidate, Features]],
    closest: tuple[Candidate, Features] | None,
    *,
    retrieved: int,
) -> str:
    """One or two sentences that justify ``label``.

    Args:
        label: the verdict.
        supporters: supporting evidence, strongest first.
        refuters: refuting evidence, strongest first.
        closest: the most relevant evidence of any stance (for ``not_enough_evidence``).
        retrieved: how many passages were retrieved.
    """
    if label == Label.SUPPORTED and supporters:
        return _support_reason(*supporters[0])
    if label == Label.REFUTED and refuters:
        return _refute_reason(*refuters[0])
    if label == Label.CONFLICTING and supporters and refuters:
        return (
            "Sources disagree. For: "
            + _support_reason(*supporters[0])
            + " Against: "
            + _refute_reason(*refuters[0])
        )
    if retrieved == 0:
        return "No passages were retrieved for this claim; ingest documents that cover it."
    if closest is None:
        return "No sentence of the retrieved passages shares the claim's key terms."
    cand, features = closest
    share = round(100 * features.values["coverage"])
    return (
        "No retrieved sentence clearly supports or refutes the claim; the closest, in "
        f"{source_name(cand)}, covers {share}% of its key terms: {quote_snippet(cand.text)}"
    )


def speaker_note(speaker: str, named_by: str | None, decided: bool) -> str:
    """What the evidence says about who said it (for attributions).

    Args:
        speaker: the claimed speaker.
        named_by: the source (title or id) of the deciding evidence that names the speaker.
        decided: whether any evidence supported or refuted the content.
    """
    if named_by:
        return f" Speaker: {named_by} attributes it to {speaker}."
    if decided:
        return f" Speaker: the deciding sources do not name {speaker}; check the attribution."
    return f" Speaker: no retrieved passage about it names {speaker}."
