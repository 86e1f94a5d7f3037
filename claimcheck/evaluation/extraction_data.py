"""Loaders of the extraction benchmarks: FEVERFact, ClaimBuster and CheckThat! 2019.

* **FEVERFact** ``feverfact/validation.jsonl``: a Wikipedia sentence with its context (the
  article title, then up to three sentences around it) and its gold atomic claims.
* **ClaimBuster** ``claimbuster-checkthat/two_class/test.json``: ``[{"sentence_id", "label",
  "text"}]``, label 1 = check-worthy factual sentence (702 sentences, balanced).
* **CheckThat! 2019 task 1** ``claimbuster-checkthat/clef19/CT19-T1-Test.csv``: debate lines
  ``line_number, speaker, text, label, file_name`` (7 debates, 7,080 lines, 136 check-worthy).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .datasets import file_sha256, read_jsonl

__all__ = [
    "CHECKTHAT_FILE",
    "CLAIMBUSTER_FILE",
    "FEVERFACT_FILE",
    "FactItem",
    "WorthinessItem",
    "load_checkthat",
    "load_claimbuster",
    "load_feverfact",
]

FEVERFACT_FILE = "feverfact/validation.jsonl"
CLAIMBUSTER_FILE = "claimbuster-checkthat/two_class/test.json"
CHECKTHAT_FILE = "claimbuster-checkthat/clef19/CT19-T1-Test.csv"


@dataclass(frozen=True)
class FactItem:
    """One FEVERFact sentence: the text the extractor sees, where the sentence is, gold claims."""

    id: str
    text: str
    """Title line, blank line, then the context sentences (the extractor sees this)."""
    start: int
    end: int
    """The target sentence's range in ``text``."""
    claims: tuple[str, ...]


@dataclass(frozen=True)
class WorthinessItem:
    """One sentence with its check-worthiness gold label."""

    id: str
    text: str
    label: bool
    group: str = ""
    """The debate (CheckThat!), for mean average precision per debate."""


def _require(path: Path) -> Path:
    if not path.is_file():
        raise InputError(
            f"extraction data not found at {path}: pass --data DIR (the datasets folder)"
        )
    return path


def load_feverfact(data_dir: Path) -> tuple[list[FactItem], dict[str, str]]:
    """FEVERFact validation sentences in context, and ``{path: sha256}``."""
    path = _require(data_dir / FEVERFACT_FILE)
    items: list[FactItem] = []
    for row in read_jsonl(path):
        sentence = str(row["sentence"])
        context = [str(s) for s in row.get("sentence_context") or []]
        title = context[0] if len(context) > 1 and context[0] != sentence else ""
        body = (context[1:] if title else context) or [sentence]
        if sentence not in body:
            body = [sentence]
        text = f"{title}\n\n" if title else ""
        start = -1
        for n, piece in enumerate(body):
            if n:
                text += " "
            if piece == sentence and start < 0:
                start = len(text)
            text += piece
        items.append(
            FactItem(
                id=str(row.get("sentence_id", len(items))),
                text=text,
                start=start,
                end=start + len(sentence),
                claims=tuple(str(c) for c in row.get("claims") or []),
            )
        )
    return items, {str(path): file_sha256(path)}


def load_claimbuster(data_dir: Path) -> tuple[list[WorthinessItem], dict[str, str]]:
    """ClaimBuster two-class test sentences, and ``{path: sha256}``."""
    path = _require(data_dir / CLAIMBUSTER_FILE)
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise InputError(f"{path} is not valid JSON ({exc}): re-copy the dataset") from None
    items = [
        WorthinessItem(id=str(r["sentence_id"]), text=str(r["text"]), label=int(r["label"]) == 1)
        for r in rows
    ]
    return items, {str(path): file_sha256(path)}


def load_checkthat(data_dir: Path) -> tuple[list[WorthinessItem], dict[str, str]]:
    """CheckThat! 2019 task 1 test lines, and ``{path: sha256}``."""
    path = _require(data_dir / CHECKTHAT_FILE)
    with path.open(encoding="utf-8", newline="") as fh:
        items = [
            WorthinessItem(
                id=f"{r['file_name']}:{r['line_number']}",
                text=str(r["text"]),
                label=str(r["label"]).strip() == "1",
                group=str(r["file_name"]),
            )
            for r in csv.DictReader(fh)
        ]
    return items, {str(path): file_sha256(path)}
