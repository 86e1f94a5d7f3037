"""Training data of the stance and verdict models (used by ``scripts/train_stance.py``).

Every item comes from ``../shared/datasets`` (read in place, never copied) and only from the
**train** side of the shared split (:mod:`claimcheck.evaluation.splits`) for the two benchmarks
we report on. Three kinds of items:

* :class:`ClaimRun` — a SciFact or Climate-FEVER train claim run through our own retrieval
  (the cached eval store, ``top_k`` passages) and the verifier's candidate selection and
  features, exactly as at inference. Each candidate gets a stance label: SciFact — it overlaps
  a gold rationale sentence (label of that evidence) or is neutral (hard negatives: other
  sentences of the cited and of the retrieved abstracts); Climate-FEVER — the annotated label
  of that evidence sentence for this claim, else neutral.
* :class:`Pair` — labelled (claim, evidence) pairs outside our retrieval: SciFact gold
  rationales (also those retrieval missed), Climate-FEVER's five annotated sentences per
  claim, HealthVer dev snippets, COVID-Fact claims with their best-covering evidence sentence
  (its refuted claims are counter-claims made by swapping a word).
* IDF documents — unlabelled text of several domains for the shipped IDF table.

HealthVer and COVID-Fact are split by the same stable hash (``split_of("healthver", claim)``,
``split_of("covidfact", source url)``): their ``heldout`` part is validation for the stance
heads and never trained on.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from claimcheck.config import Settings
from claimcheck.evaluation.datasets import file_sha256, load_climate_fever, load_scifact
from claimcheck.evaluation.splits import Split, scifact_groups, split_of
from claimcheck.evaluation.stores import default_cache_dir, open_corpus_store
from claimcheck.models import Claim, Passage, Span
from claimcheck.store import EvidenceStore
from claimcheck.verify.analysis import sketch
from claimcheck.verify.evidence import Candidate
from claimcheck.verify.features import Finding, claim_view, features, term_coverage
from claimcheck.verify.idf import IdfTable
from claimcheck.verify.local import LocalVerifier
from claimcheck.verify.stance import RuleStanceModel

__all__ = [
    "ClaimRun",
    "Pair",
    "augmented_pairs",
    "counter_claims",
    "claim_runs",
    "data_files",
    "feature_verifier",
    "file_hashes",
    "idf_documents",
    "labelled_pairs",
]

log = logging.getLogger(__name__)

SUPPORTS, REFUTES, NEUTRAL = "supports", "refutes", "neutral"


@dataclass
class Pair:
    """A labelled (claim, evidence) pair with its dense features."""

    claim: str
    sentence: str
    label: str
    source: str
    """``scifact-gold`` | ``climate-gold`` | ``healthver`` | ``covidfact``."""
    group: str
    """Grouping key for folds (claims of one SciFact group, one Climate-FEVER claim …)."""
    split: Split
    features: dict[str, float] = field(default_factory=dict)


@dataclass
class ClaimRun:
    """A benchmark claim run through retrieval and candidate selection."""

    source: str
    """``scifact`` | ``climate-fever``."""
    id: str
    group: str
    claim: str
    label: str
    """Gold verdict label (a :class:`~claimcheck.models.Label` value)."""
    candidates: list[Candidate]
    features: list[dict[str, float]]
    findings: list[tuple[Finding, ...]]
    """What matched or clashed in each candidate (the rules' aggregation reads them)."""
    stances: list[str]
    """Gold stance label of each candidate."""
    passages: list[Passage]


def data_files(root: Path) -> dict[str, Path]:
    """The dataset files training reads, by short name."""
    return {
        "scifact_claims": root / "scifact" / "claims_train.jsonl",
        "scifact_corpus": root / "scifact" / "corpus.jsonl",
        "climate_fever": root / "climate-fever" / "climate-fever.jsonl",
        "healthver": root / "healthver" / "healthver_dev.csv",
        "covidfact": root / "covidfact" / "COVIDFACT_dataset.jsonl",
        "claimbuster_train": root / "claimbuster-checkthat" / "two_class" / "train.json",
        "checkthat2019_train": root / "claimbuster-checkthat" / "clef19" / "CT19-T1-Training.csv",
    }


def file_hashes(root: Path) -> dict[str, str]:
    """``{short name: sha256}`` of every training file (for the model's metadata)."""
    return {name: file_sha256(path) for name, path in data_files(root).items()}


def _jsonl(path: Path) -> Iterator[dict[str, object]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def idf_documents(root: Path) -> Iterator[frozenset[str]]:
    """Stem sets of unlabelled documents of several domains: SciFact abstracts, the Wikipedia
    articles of Climate-FEVER's sentences, HealthVer snippets, COVID-Fact evidence, ClaimBuster
    train sentences and the CheckThat! 2019 training debates (one document per line).
    No test file of any benchmark is read."""
    files = data_files(root)
    for row in _jsonl(files["scifact_corpus"]):
        yield frozenset().union(*(sketch(s).stems for s in [str(row["title"]), *row["abstract"]]))  # type: ignore[misc]
    articles: dict[str, dict[str, None]] = {}
    for row in _jsonl(files["climate_fever"]):
        for ev in row["evidences"]:  # type: ignore[attr-defined]
            articles.setdefault(str(ev["article"]), {})[str(ev["evidence"])] = None
    for sentences in articles.values():
        yield frozenset().union(*(sketch(s).stems for s in sentences))
    with files["healthver"].open(newline="", encoding="utf-8") as fh:
        for hv in csv.DictReader(fh):
            yield sketch(hv["evidence"]).stems
    for row in _jsonl(files["covidfact"]):
        yield frozenset().union(*(sketch(s).stems for s in row["evidence"]))  # type: ignore[attr-defined]
    for item in json.loads(files["claimbuster_train"].read_text(encoding="utf-8")):
        yield sketch(str(item["text"])).stems
    with files["checkthat2019_train"].open(newline="", encoding="utf-8") as fh:
        for line in csv.DictReader(fh):
            yield sketch(line["text"]).stems


def _stance_of(label: str) -> str:
    return {"SUPPORT": SUPPORTS, "SUPPORTS": SUPPORTS, "REFUTE": REFUTES, "CONTRADICT": REFUTES,
            "REFUTES": REFUTES}.get(label.upper(), NEUTRAL)  # fmt: skip


def claim_runs(
    root: Path,
    verifier: LocalVerifier,
    *,
    settings: Settings | None = None,
    cache_dir: Path | None = None,
    split: Split = "train",
    passages_cache: Path | None = None,
) -> list[ClaimRun]:
    """SciFact and Climate-FEVER claims of ``split`` through retrieval and the verifier's
    candidate selection and features (see the module docstring).

    ``passages_cache``: a JSON file keeping the retrieved passages, so that variants of a
    training run (ablations) see exactly the same candidates; it is reused only when it was
    written for the same claims and ``top_k``.
    """
    settings = settings or Settings.load()
    cache = cache_dir or default_cache_dir()
    files = data_files(root)
    sci_rows = list(_jsonl(files["scifact_claims"]))
    groups = scifact_groups(sci_rows)
    cf_labels: dict[tuple[str, str], str] = {}
    for row in _jsonl(files["climate_fever"]):
        for ev in row["evidences"]:  # type: ignore[attr-defined]
            cf_labels[(str(row["claim_id"]), str(ev["evidence_id"]))] = _stance_of(
                str(ev["evidence_label"])
            )
    runs: list[ClaimRun] = []
    for name in ("scifact", "climate-fever"):
        vset = (
            load_scifact(root / "scifact", split=split)
            if name == "scifact"
            else load_climate_fever(root / "climate-fever", split=split)
        )
        store, scoped = open_corpus_store(
            vset.name, vset.corpus_key, vset.documents, settings, cache
        )
        claims = vset.claims
        found = _search(store, [c.text for c in claims], scoped.top_k, passages_cache, name)
        for gold, passages in zip(claims, found, strict=True):
            claim = Claim(id=gold.id, text=gold.text, span=Span(start=0, end=len(gold.text)))
            judged = verifier.judge(claim, passages)
            stances = []
            for j in judged:
                cand = j.candidate
                if name == "scifact":
                    spans = gold.rationales.get(cand.passage.doc_id, [])
                    hit = any(cand.doc_start < e and s < cand.doc_end for s, e in spans)
                    side = SUPPORTS if gold.label == "supported" else REFUTES
                    stance = side if hit else NEUTRAL
                else:
                    stance = cf_labels.get((gold.id, cand.passage.doc_id), NEUTRAL)
                stances.append(stance)
            group = f"scifact/{groups[int(gold.id)]}" if name == "scifact" else f"cf/{gold.id}"
            runs.append(
                ClaimRun(
                    source=name,
                    id=gold.id,
                    group=group,
                    claim=gold.text,
                    label=gold.label,
                    candidates=[j.candidate for j in judged],
                    features=[j.features.values for j in judged],
                    findings=[j.features.findings for j in judged],
                    stances=stances,
                    passages=list(passages),
                )
            )
        log.info("%s: %d %s claims run through retrieval", name, len(claims), split)
    return runs


def _search(
    store: EvidenceStore, queries: list[str], k: int, cache: Path | None, name: str
) -> list[list[Passage]]:
    key = hashlib.sha256(json.dumps([name, k, queries]).encode()).hexdigest()
    path = cache.with_name(f"{cache.stem}-{name}.json") if cache is not None else None
    if path is not None and path.is_file():
        saved = json.loads(path.read_text(encoding="utf-8"))
        if saved.get("key") == key:
            return [[Passage(**p) for p in ps] for ps in saved["passages"]]
    found = store.search_many(queries, k)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"key": key, "passages": [[p.model_dump() for p in ps] for ps in found]}
        path.write_text(json.dumps(data), encoding="utf-8")
    return found


def labelled_pairs(root: Path, rarity: IdfTable) -> list[Pair]:
    """Every labelled pair outside our retrieval, both splits (filter on ``Pair.split``)."""

    def _pair(claim: str, sentence: str, label: str, source: str, group: str, split: Split) -> Pair:
        feats = features(claim_view(claim, rarity=rarity), sentence).values
        return Pair(claim, sentence, label, source, group, split, feats)

    files = data_files(root)
    out: list[Pair] = []
    sci_rows = list(_jsonl(files["scifact_claims"]))
    groups = scifact_groups(sci_rows)
    corpus = {str(r["doc_id"]): r for r in _jsonl(files["scifact_corpus"])}
    for row in sci_rows:
        group = groups[int(row["id"])]  # type: ignore[call-overload]
        split = split_of("scifact", group)
        for doc_id, sets in (row.get("evidence") or {}).items():  # type: ignore[attr-defined]
            abstract = corpus[str(doc_id)]["abstract"]
            for ev in sets:
                text = " ".join(abstract[i] for i in ev["sentences"])  # type: ignore[index]
                out.append(_pair(str(row["claim"]), text, _stance_of(str(ev["label"])),
                                 "scifact-gold", f"scifact/{group}", split))  # fmt: skip
    for row in _jsonl(files["climate_fever"]):
        cid = str(row["claim_id"])
        for ev in row["evidences"]:  # type: ignore[attr-defined]
            out.append(_pair(str(row["claim"]), str(ev["evidence"]),
                             _stance_of(str(ev["evidence_label"])), "climate-gold", f"cf/{cid}",
                             split_of("climate-fever", cid)))  # fmt: skip
    with files["healthver"].open(newline="", encoding="utf-8") as fh:
        for hv in csv.DictReader(fh):
            claim = hv["claim"].strip()
            key = claim.lower()
            out.append(_pair(claim, hv["evidence"].strip(), _stance_of(hv["label"]),
                             "healthver", f"hv/{key}", split_of("healthver", key)))  # fmt: skip
    for row in _jsonl(files["covidfact"]):
        claim = str(row["claim"])
        view = claim_view(claim, rarity=rarity)
        evidence = [str(s) for s in row["evidence"]]  # type: ignore[attr-defined]
        best = max(evidence, key=lambda s: term_coverage(view, sketch(s)))
        label = SUPPORTS if row["label"] == "SUPPORTED" else REFUTES
        source = str(row["gold_source"])
        out.append(_pair(claim, best, label, "covidfact", f"cov/{source}",
                         split_of("covidfact", source)))  # fmt: skip
    return out


_SWAPS = {
    "increase": "decrease", "increases": "decreases", "increased": "decreased",
    "increasing": "decreasing", "higher": "lower", "greater": "smaller", "larger": "smaller",
    "more": "less", "promote": "inhibit", "promotes": "inhibits", "promoted": "inhibited",
    "promoting": "inhibiting", "enhance": "reduce", "enhances": "reduces", "enhanced": "reduced",
    "activate": "inhibit", "activates": "inhibits", "activated": "inhibited",
    "induce": "suppress", "induces": "suppresses", "induced": "suppressed",
    "stimulate": "inhibit", "stimulates": "inhibits", "stimulated": "inhibited",
    "improve": "worsen", "improves": "worsens", "improved": "worsened", "raise": "lower",
    "raises": "lowers", "raised": "lowered", "elevated": "reduced", "upregulates":
    "downregulates", "upregulated": "downregulated", "upregulation": "downregulation",
    "accelerates": "slows", "accelerate": "slow", "accelerated": "slowed",
    "positive": "negative", "positively": "negatively", "rise": "fall", "rises": "falls",
    "rose": "fell", "gain": "loss", "growth": "decline", "expand": "shrink",
    "expanded": "shrank", "long": "short", "longer": "shorter", "high": "low",
    "beneficial": "harmful", "benefit": "harm", "safe": "unsafe", "effective": "ineffective",
    "success": "failure", "successful": "unsuccessful", "strong": "weak", "stronger": "weaker",
    "win": "lose", "won": "lost", "approved": "rejected", "accepted": "rejected",
    "allowed": "banned", "legal": "illegal", "warming": "cooling", "warmer": "cooler",
}  # fmt: skip
_SWAPS |= {
    "lower": "higher", "less": "more", "fewer": "more", "smaller": "larger",
    "reduce": "increase", "reduces": "increases", "reduced": "increased", "reducing": "increasing",
    "reduction": "increase", "inhibit": "promote", "inhibits": "promotes", "inhibited": "promoted",
    "inhibiting": "promoting", "suppress": "induce", "suppresses": "induces",
    "suppressed": "induced", "prevents": "causes", "prevent": "cause", "low": "high",
    "short": "long", "shorter": "longer", "loss": "gain",
}  # fmt: skip
_SWAPS |= {v: k for k, v in list(_SWAPS.items()) if v not in _SWAPS}
_AUX = ("is", "are", "was", "were", "can", "could", "has", "have", "had", "will", "would",
        "may", "might", "does", "do", "did", "should", "must")  # fmt: skip
_NEGATED = re.compile(r"\b(" + "|".join(_AUX) + r") not\b|\bcannot\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]+")


def _cased(word: str, like: str) -> str:
    return word.capitalize() if like[:1].isupper() else word


_NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(?![\w.]*\d)")


def _other_number(text: str) -> str:
    """A clearly different value: a year moves by three, any other number doubles plus one."""
    if "." in text:
        return f"{float(text) * 2:g}"
    value = int(text)
    if 1800 <= value <= 2100:
        return str(value + 3 if value % 2 == 0 else value - 3)
    return str(value * 2 + 1)


def counter_claims(claim: str) -> list[tuple[str, str]]:
    """Claims saying the opposite of ``claim``, each with how it was made: the first that
    applies of ``unnegate`` (the negation removed), ``swap`` (the first direction or polarity
    word replaced by its opposite) and ``negate`` ("not" after the first auxiliary); and
    ``number`` (the first number changed). Deterministic."""
    out: list[tuple[str, str]] = []
    found = _NEGATED.search(claim)
    if found:
        word = found.group(0)
        repl = _cased("can", word) if word.lower() == "cannot" else found.group(1)
        out.append((claim[: found.start()] + repl + claim[found.end() :], "unnegate"))
    for m in _WORD.finditer(claim if not out else ""):
        low = m.group(0).lower()
        if low in _SWAPS:
            swapped = _cased(_SWAPS[low], m.group(0))
            out.append((claim[: m.start()] + swapped + claim[m.end() :], "swap"))
            break
    if not out:
        for m in _WORD.finditer(claim):
            if m.group(0).lower() in _AUX:
                out.append((claim[: m.end()] + " not" + claim[m.end() :], "negate"))
                break
    number = _NUMBER.search(claim)
    if number:
        changed = _other_number(number.group(1))
        out.append((claim[: number.start(1)] + changed + claim[number.end(1) :], "number"))
    return out


def negated_evidence(sentence: str) -> str | None:
    """``sentence`` with "not" after its first auxiliary ("Ukraine is a member" → "Ukraine is
    not a member"), when it has one and no negation yet, and is short enough (30 words) for
    the auxiliary to govern what it says."""
    if _NEGATED.search(sentence) or len(_WORD.findall(sentence)) > 30:
        return None
    for m in _WORD.finditer(sentence):
        if m.group(0).lower() in _AUX:
            return sentence[: m.end()] + " not" + sentence[m.end() :]
    return None


def augmented_pairs(
    pairs: list[Pair], rarity: IdfTable, *, negated_evidence_pairs: bool = False
) -> list[Pair]:
    """Counter-claims (:func:`counter_claims`) of the train-side pairs, labelled against the
    same evidence: a supported claim's counter-claims are refuted; a refuted claim whose
    negation or direction word is undone is supported (how SciFact's annotators wrote its
    refuted claims, here by rule). A changed number counts only where the evidence agreed on
    it. With ``negated_evidence_pairs``, supporting evidence negated
    (:func:`negated_evidence`) refutes the claim too (off by default: it lowered the
    train-side cross-validated scores). Source ``augmented-<source>``."""
    out: list[Pair] = []
    for pair in pairs:
        if pair.split != "train" or pair.label == NEUTRAL:
            continue
        for text, how in counter_claims(pair.claim):
            if pair.label == REFUTES and how in ("negate", "number"):
                continue  # negating a false claim need not make it true ("X is not Y" …)
            agreed = pair.features.get("qty_agree", 0.0) or pair.features.get("date_agree", 0.0)
            if how == "number" and not agreed:
                continue
            label = REFUTES if pair.label == SUPPORTS else SUPPORTS
            feats = features(claim_view(text, rarity=rarity), pair.sentence).values
            out.append(Pair(text, pair.sentence, label, f"augmented-{pair.source}", pair.group,
                            pair.split, feats))  # fmt: skip
        negated = (
            negated_evidence(pair.sentence)
            if negated_evidence_pairs and pair.label == SUPPORTS
            else None
        )
        if negated is not None:  # the evidence now denies what the claim says
            feats = features(claim_view(pair.claim, rarity=rarity), negated).values
            out.append(Pair(pair.claim, negated, REFUTES, f"augmented-{pair.source}",
                            pair.group, pair.split, feats))  # fmt: skip
    return out


def feature_verifier(max_sentences: int, rarity: IdfTable) -> LocalVerifier:
    """A verifier whose :meth:`~LocalVerifier.judge` gives candidates and features (its
    stance model, the rules, is not used for training)."""
    return LocalVerifier(
        stance_model=RuleStanceModel(), max_sentences=max_sentences, rarity=rarity
    )
