"""Loaders of the claim-verification benchmarks (SciFact, Climate-FEVER): gold claims + documents.

Both turn into a :class:`VerificationSet`: gold claims (label, gold evidence docs, gold rationale
character ranges, split) and the :class:`~claimcheck.models.Document` objects of the corpus the
claims are checked against (open setting: every claim against the whole corpus).

* **SciFact** (``claims_*.jsonl`` + ``corpus.jsonl``): a document per abstract, id = ``doc_id``,
  title = the paper title, text = the abstract sentences joined by single spaces (so gold
  rationale sentence *i* is a known character range). Claim label: ``SUPPORT`` → supported,
  ``REFUTE``/``CONTRADICT`` → refuted, both among its evidence docs → conflicting, no evidence →
  not_enough_evidence. Gold evidence docs = the docs in ``evidence``.
* **Climate-FEVER** (``climate-fever.jsonl``): a document per unique evidence sentence, id =
  ``evidence_id`` (``Article:n``), title = the Wikipedia article. Claim label: ``SUPPORTS`` →
  supported, ``REFUTES`` → refuted, ``NOT_ENOUGH_INFO`` → not_enough_evidence, ``DISPUTED`` →
  conflicting. Gold evidence docs = the claim's candidate sentences labelled SUPPORTS or
  REFUTES (its NOT_ENOUGH_INFO candidates are not evidence).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..models import Document, Label
from .splits import Split, SplitChoice, climate_fever_splits, in_split, scifact_splits

__all__ = [
    "DOC_FORMAT_VERSION",
    "GoldClaim",
    "VerificationSet",
    "file_sha256",
    "load_climate_fever",
    "load_scifact",
    "read_jsonl",
]

DOC_FORMAT_VERSION = "1"
"""Bumped whenever the dataset → Document conversion changes (it keys the cached stores)."""

VERIFICATION_LABELS = (
    Label.SUPPORTED.value,
    Label.REFUTED.value,
    Label.NOT_ENOUGH_EVIDENCE.value,
)

_SCIFACT_LABELS = {"SUPPORT": Label.SUPPORTED, "REFUTE": Label.REFUTED, "CONTRADICT": Label.REFUTED}
_CLIMATE_LABELS = {
    "SUPPORTS": Label.SUPPORTED,
    "REFUTES": Label.REFUTED,
    "NOT_ENOUGH_INFO": Label.NOT_ENOUGH_EVIDENCE,
    "DISPUTED": Label.CONFLICTING,
}


@dataclass
class GoldClaim:
    """One benchmark claim with its gold answer."""

    id: str
    text: str
    label: str
    """A :class:`~claimcheck.models.Label` value."""
    split: Split
    evidence_docs: set[str] = field(default_factory=set)
    """Docs that support or refute the claim (empty for not-enough-info claims)."""
    rationales: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    """Per gold doc, character ranges of its gold rationale sentences (SciFact only)."""


@dataclass
class VerificationSet:
    """A loaded benchmark: the claims to verify and the corpus to verify them against."""

    name: str
    claims: list[GoldClaim]
    documents: list[Document]
    files: dict[str, str]
    """``{file path: sha256}`` of every file read (recorded in the report header)."""
    labels: tuple[str, ...] = VERIFICATION_LABELS
    """The label set macro-F1 averages over."""
    all_claims: list[GoldClaim] = field(default_factory=list)
    """Every claim of the file, whatever the split (the baseline fits on the train part)."""

    @property
    def corpus_key(self) -> str:
        """A short hash of the corpus files and the conversion version (keys the cached store)."""
        digest = hashlib.sha256(DOC_FORMAT_VERSION.encode())
        for path in sorted(self.files):
            digest.update(self.files[path].encode())
        return digest.hexdigest()[:16]


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes (streamed)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Rows of a JSONL file; a bad line raises :class:`InputError` with its line number."""
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(
                    f"{path}:{n}: invalid JSON ({exc.msg}): fix or re-download the file",
                    path=str(path),
                    line=n,
                ) from None
            if not isinstance(row, dict):
                raise InputError(f"{path}:{n}: expected a JSON object", path=str(path), line=n)
            yield row


def _require(path: Path, what: str) -> Path:
    if not path.is_file():
        raise InputError(
            f"{what} not found at {path}: pass --data DIR (a folder with the dataset files)"
            + (" or use --download" if "scifact" in what.lower() else ""),
            path=str(path),
        )
    return path


def load_scifact(
    data_dir: Path, *, claims_file: str = "claims_train.jsonl", split: SplitChoice = "heldout"
) -> VerificationSet:
    """SciFact claims (``claims_file``) and the whole abstract corpus (``corpus.jsonl``).

    Raises:
        InputError: a file is missing or a line is not valid JSON.
    """
    claims_path = _require(data_dir / claims_file, f"SciFact claims ({claims_file})")
    corpus_path = _require(data_dir / "corpus.jsonl", "SciFact corpus (corpus.jsonl)")
    documents: list[Document] = []
    sentence_ranges: dict[str, list[tuple[int, int]]] = {}
    for row in read_jsonl(corpus_path):
        doc_id = str(row["doc_id"])
        ranges: list[tuple[int, int]] = []
        pos = 0
        for sentence in row.get("abstract") or []:
            if ranges:
                pos += 1  # the joining space
            ranges.append((pos, pos + len(sentence)))
            pos += len(sentence)
        text = " ".join(row.get("abstract") or [])
        if not text.strip():
            continue
        sentence_ranges[doc_id] = ranges
        documents.append(Document(id=doc_id, text=text, title=str(row.get("title") or "")))
    rows = list(read_jsonl(claims_path))
    splits = scifact_splits(rows)
    every: list[GoldClaim] = []
    for row in rows:
        evidence: dict[str, list[dict[str, Any]]] = row.get("evidence") or {}
        labels = {
            _SCIFACT_LABELS[str(e["label"]).upper()] for sets in evidence.values() for e in sets
        }
        if not labels:
            label = Label.NOT_ENOUGH_EVIDENCE
        elif len(labels) == 1:
            label = labels.pop()
        else:
            label = Label.CONFLICTING
        rationales: dict[str, list[tuple[int, int]]] = {}
        for doc_id, sets in evidence.items():
            ranges = sentence_ranges.get(str(doc_id), [])
            rationales[str(doc_id)] = [
                ranges[i] for e in sets for i in e.get("sentences", []) if 0 <= i < len(ranges)
            ]
        every.append(
            GoldClaim(
                id=str(row["id"]),
                text=str(row["claim"]),
                label=label.value,
                split=splits[int(row["id"])],
                evidence_docs={str(d) for d in evidence},
                rationales=rationales,
            )
        )
    return VerificationSet(
        name="scifact",
        claims=[c for c in every if in_split(c.split, split)],
        documents=documents,
        files={
            str(claims_path): file_sha256(claims_path),
            str(corpus_path): file_sha256(corpus_path),
        },
        all_claims=every,
    )


def load_climate_fever(
    data_dir: Path, *, file: str = "climate-fever.jsonl", split: SplitChoice = "heldout"
) -> VerificationSet:
    """Climate-FEVER claims, with the pooled unique evidence sentences as the corpus.

    Raises:
        InputError: the file is missing or a line is not valid JSON.
    """
    path = _require(data_dir / file, f"Climate-FEVER ({file})")
    rows = list(read_jsonl(path))
    splits = climate_fever_splits(rows)
    documents: dict[str, Document] = {}
    every: list[GoldClaim] = []
    for row in rows:
        gold_docs: set[str] = set()
        for ev in row.get("evidences") or []:
            doc_id = str(ev["evidence_id"])
            if doc_id not in documents and str(ev.get("evidence") or "").strip():
                documents[doc_id] = Document(
                    id=doc_id, text=str(ev["evidence"]), title=str(ev.get("article") or "")
                )
            if ev.get("evidence_label") in ("SUPPORTS", "REFUTES"):
                gold_docs.add(doc_id)
        raw = str(row["claim_label"]).upper()
        if raw not in _CLIMATE_LABELS:
            raise InputError(f"{path}: claim {row['claim_id']} has unknown label {raw!r}")
        every.append(
            GoldClaim(
                id=str(row["claim_id"]),
                text=str(row["claim"]),
                label=_CLIMATE_LABELS[raw].value,
                split=splits[str(row["claim_id"])],
                evidence_docs=gold_docs,
            )
        )
    return VerificationSet(
        name="climate-fever",
        claims=[c for c in every if in_split(c.split, split)],
        documents=list(documents.values()),
        files={str(path): file_sha256(path)},
        labels=(*VERIFICATION_LABELS, Label.CONFLICTING.value),
        all_claims=every,
    )
