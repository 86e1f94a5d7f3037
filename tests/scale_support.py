"""Helpers of the scale and fault tests: the CLI as a real subprocess, a synthetic corpus, and
reading a store back to check its invariants."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

_NOUNS = ["bridge", "river", "harbour", "railway", "glacier", "forest", "library", "reactor",
          "canal", "tunnel", "airport", "market", "museum", "stadium", "lighthouse", "dam"]  # fmt: skip
_PLACES = ["Ostrava", "Tromso", "Valparaiso", "Kisumu", "Da Nang", "Cork", "Tartu", "Leon",
           "Perth", "Oulu", "Graz", "Cusco", "Dundee", "Aarhus", "Fukuoka", "Tamale"]  # fmt: skip


def synthetic_docs(n_docs: int, *, seed: int = 7, version: str = "v1") -> list[dict[str, Any]]:
    """``n_docs`` JSONL documents of 20-40 sentences each (about 3 passages per document)."""
    rng = random.Random(f"{seed}-{version}")
    docs = []
    for k in range(n_docs):
        sentences = [
            f"The {rng.choice(_NOUNS)} near {rng.choice(_PLACES)} was surveyed in "
            f"{1900 + rng.randint(0, 120)} and measured {rng.randint(2, 9999):,} metres, "
            f"according to record {k}-{i} ({version})."
            for i in range(rng.randint(20, 40))
        ]
        docs.append({"id": f"doc-{k:05d}", "title": f"Survey {k}", "text": " ".join(sentences)})
    return docs


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    """Write ``rows`` as JSON lines."""
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def cli_env(**extra: str) -> dict[str, str]:
    """The current (sealed) environment for a CLI subprocess, plus ``extra``."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env.update(extra)
    return env


def cli(*args: str, **popen: Any) -> subprocess.Popen[str]:
    """Start ``python -m claimcheck ARGS`` (text pipes for stdout and stderr)."""
    popen.setdefault("env", cli_env())
    return subprocess.Popen(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "claimcheck", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        **popen,
    )


def run_cli(*args: str, timeout: float = 180, **popen: Any) -> subprocess.CompletedProcess[str]:
    """Run ``python -m claimcheck ARGS`` to the end."""
    proc = cli(*args, **popen)
    out, err = proc.communicate(timeout=timeout)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def ingest_script(store: Path, corpus: Path, *extra: str, small_batches: bool = False) -> list[str]:
    """argv of a subprocess that ingests ``corpus`` with the library and prints every progress
    event as ``stage done total`` on stdout (so a test can kill it at a chosen moment).

    ``small_batches`` scales the embedding worker's thresholds down (as ``test_store_resume``
    does in process), so that a corpus of about a thousand passages takes the worker path and
    is written in several batches.
    """
    shrink = (
        "import claimcheck.store._pipeline as p\n"
        "p.PIPELINE_MIN_PASSAGES, p.WORKER_BATCH, p.FIRST_BATCH = 300, 200, 100\n"
    )
    code = (
        (shrink if small_batches else "") + "import sys\n"
        "from claimcheck.store import EvidenceStore\n"
        "def progress(stage, done, total):\n"
        "    print(stage, done, total, flush=True)\n"
        "store = EvidenceStore(sys.argv[1], **dict(a.split('=', 1) for a in sys.argv[3:]))\n"
        "stats = store.ingest([sys.argv[2]], progress=progress)\n"
        "print('done', stats.added, stats.updated, flush=True)\n"
    )
    return [sys.executable, "-c", code, str(store), str(corpus), *extra]


def wait_for_line(proc: subprocess.Popen[str], predicate: Any, timeout: float = 120) -> str:
    """Read ``proc``'s stdout until a line satisfies ``predicate``; returns that line."""
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            raise AssertionError(f"process ended before the expected line (rc {proc.poll()})")
        if predicate(line.split()):
            return line
    raise AssertionError("the expected line did not come in time")


def forget_chroma_clients() -> None:
    """Drop Chroma's in-process clients: an embedded store opened in this process keeps a stale
    view of its files while another process writes to them (use server mode for that)."""
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()


def store_records(store: Any) -> list[dict[str, Any]]:
    """Every record of ``store``'s collection: ``{"id", **metadata}``."""
    collection = store._read_collection()
    got = collection.get(include=["metadatas"])
    return [dict(m or {}, id=pid) for pid, m in zip(got["ids"], got["metadatas"], strict=True)]


def assert_store_holds_exactly(store: Any, docs: list[dict[str, Any]]) -> None:
    """The collection holds one complete copy of each of ``docs`` and nothing else, and the
    lexical index matches it."""
    from claimcheck.models import Document
    from claimcheck.store.chunking import chunk_document
    from claimcheck.store.lexical import LexicalIndex
    from claimcheck.store.records import doc_sha256

    records = store_records(store)
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)), "duplicate passage ids"
    expected: dict[str, tuple[str, int]] = {}
    want_ids: set[str] = set()
    for row in docs:
        doc = Document(id=row["id"], text=row["text"], title=row.get("title", ""))
        passages = chunk_document(doc)
        expected[doc.id] = (doc_sha256(doc.text), len(passages))
        want_ids.update(p.passage_id for p in passages)
    assert set(ids) == want_ids, (
        f"missing {sorted(want_ids - set(ids))[:5]}, orphans {sorted(set(ids) - want_ids)[:5]}"
    )
    per_doc = Counter(r["doc_id"] for r in records)
    for record in records:
        sha, n = expected[record["doc_id"]]
        assert record["doc_sha256"] == sha, record["id"]
        assert record["n_passages"] == n == per_doc[record["doc_id"]], record["id"]
        assert record["id"] == f"{record['doc_id']}#{record['n']}"
    info = store.info()
    assert (info.documents, info.passages) == (len(docs), len(want_ids))
    assert not str(store._read_collection().metadata["epoch"]).startswith("w-")
    store.search("surveyed bridge", k=1)  # loads or rebuilds the lexical index
    assert store.info().lexical_index == "fresh"
    index = LexicalIndex.load(store.lexical_dir)
    assert index is not None and sorted(index.ids) == sorted(want_ids)
