"""A damaged store folder: one clear line that names ``claimcheck store repair`` (or says to
re-ingest), and ``store repair`` fixing what can be fixed in place — real files, real Chroma."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from conftest import EXAMPLES
from scale_support import forget_chroma_clients, synthetic_docs, write_jsonl

from claimcheck.cli import main
from claimcheck.models import Document
from claimcheck.store import EvidenceStore, HashEmbedder
from claimcheck.store import _ingest as ingest_module

ARTICLE = EXAMPLES / "article.txt"

pytestmark = [pytest.mark.slow]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    """A store big enough that Chroma keeps its vectors only in the segment files (its write
    log is compacted past ~1,000 records), and the demo check's verdicts on it."""
    root = tmp_path_factory.mktemp("damaged")
    corpus = write_jsonl(root / "extra.jsonl", synthetic_docs(350))
    store = root / "store"
    assert main(["ingest", str(corpus), str(EXAMPLES / "corpus"), "--store", str(store)]) == 0
    got = EvidenceStore(store)._read_collection().get(include=["embeddings"])
    vectors = dict(zip(got["ids"], np.asarray(got["embeddings"]), strict=True))
    forget_chroma_clients()
    return store, vectors


@pytest.fixture
def store(built: tuple[Path, dict[str, object]], tmp_path: Path) -> Path:
    forget_chroma_clients()  # another test's copy had the same collection, other files
    target = tmp_path / "store"
    shutil.copytree(built[0], target)
    return target


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.out, out.err


def _check_fails_with_one_line(capsys: pytest.CaptureFixture[str], store: Path) -> str:
    code, out, err = _run(
        capsys, "check", str(ARTICLE), "--store", str(store), "--backend", "local"
    )
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: "), err
    return err


def _vector_segments(store: Path) -> list[Path]:
    conn = sqlite3.connect(f"file:{store / 'chroma' / 'chroma.sqlite3'}?mode=ro", uri=True)
    with conn:
        rows = conn.execute("SELECT id FROM segments WHERE scope = 'VECTOR'").fetchall()
    conn.close()
    return [store / "chroma" / row[0] for row in rows]


def _repair(capsys: pytest.CaptureFixture[str], store: Path, *extra: str) -> dict[str, object]:
    code, out, err = _run(capsys, "store", "repair", "--store", str(store), "--format", "json",
                          *extra)  # fmt: skip
    report = json.loads(out)
    assert code == (1 if "--check" in extra and report["problems"] else 0), err
    return report


def _check_json(capsys: pytest.CaptureFixture[str], store: Path) -> dict[str, object]:
    code, out, err = _run(capsys, "check", str(ARTICLE), "--store", str(store), "--backend",
                          "local", "--format", "json")  # fmt: skip
    assert code == 0, err
    return json.loads(out)


def _assert_vectors_restored(store: Path, original: dict[str, object]) -> None:
    got = EvidenceStore(store)._read_collection().get(include=["embeddings"])
    assert sorted(got["ids"]) == sorted(original)
    for pid, vector in zip(got["ids"], got["embeddings"], strict=True):
        assert np.allclose(vector, original[pid], atol=1e-6), pid


def test_a_truncated_database_is_one_line_then_repair_moves_it_aside(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = store / "chroma" / "chroma.sqlite3"
    with db.open("r+b") as handle:
        handle.truncate(db.stat().st_size // 3)
    err = _check_fails_with_one_line(capsys, store)
    assert "malformed" in err and f"claimcheck store repair --store {store}" in err
    assert "re-ingest" in err
    report = _repair(capsys, store, "--check")
    assert report["database"] == "corrupt" and db.exists()  # --check changes nothing
    report = _repair(capsys, store)
    aside = Path(str(report["database"]).removeprefix("moved aside to "))
    assert aside.parent == store and (aside / "chroma.sqlite3").is_file()
    assert "ingest your documents again" in " ".join(report["actions"])  # type: ignore[arg-type]
    err = _check_fails_with_one_line(capsys, store)
    assert "run `claimcheck ingest PATH --store" in err  # a clean, empty store now
    assert _run(capsys, "ingest", str(EXAMPLES / "corpus"), "--store", str(store))[0] == 0
    assert _check_json(capsys, store)["claims"]


def test_a_missing_vector_segment_is_rebuilt_from_the_stored_texts(
    store: Path, built: tuple[Path, dict[str, object]], capsys: pytest.CaptureFixture[str]
) -> None:
    for folder in _vector_segments(store):
        shutil.rmtree(folder)
    err = _check_fails_with_one_line(capsys, store)
    assert f"run `claimcheck store repair --store {store}`" in err
    assert _repair(capsys, store, "--check")["vectors"] == "damaged"
    report = _repair(capsys, store)
    assert report["vectors"] == "rebuilt" and report["lexical_index"] == "rebuilt"
    assert report["documents"] == 350 + 21 and report["incomplete_documents"] == []
    _assert_vectors_restored(store, built[1])
    assert _repair(capsys, store, "--check")["problems"] == []
    assert _check_json(capsys, store)["summary"]["errors"] == 0
    leftovers = [p for p in (store / "chroma").iterdir() if p.is_dir()]
    assert leftovers == _vector_segments(store)  # the old segment's folder is gone


def test_an_unreadable_vector_index_is_moved_aside_and_rebuilt(
    store: Path, built: tuple[Path, dict[str, object]], capsys: pytest.CaptureFixture[str]
) -> None:
    (segment,) = _vector_segments(store)
    (segment / "header.bin").write_bytes(bytes(range(100)))
    err = _check_fails_with_one_line(capsys, store)
    assert "claimcheck store repair" in err and "unexpected" not in err
    report = _repair(capsys, store)
    assert report["vectors"] == "rebuilt"
    assert any("moved the unreadable vector index" in a for a in report["actions"])  # type: ignore[union-attr]
    _assert_vectors_restored(store, built[1])
    assert _check_json(capsys, store)["summary"]["errors"] == 0


def test_a_garbage_lexical_index_is_rebuilt_silently_and_by_repair(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _check_json(capsys, store)
    lexical = store / "lexical" / "evidence"
    manifest = json.loads((lexical / "manifest.json").read_text())
    for file in (lexical / manifest["dir"]).iterdir():
        file.write_bytes(b"\x93NUMPY garbage" * 7)
    report = _repair(capsys, store, "--check")
    assert report["lexical_index"] == "unreadable" and report["problems"]
    after = _check_json(capsys, store)  # the reader rebuilt the index from the collection
    assert after["claims"] == before["claims"]
    (lexical / "manifest.json").write_text("{not json")
    assert _repair(capsys, store)["lexical_index"] == "rebuilt"
    assert _repair(capsys, store, "--check")["problems"] == []


class _Killed(RuntimeError):
    pass


class _DiesOnSecondBatch(HashEmbedder):
    calls = 0

    def embed_analyzed(self, batch, term_weights=None):  # type: ignore[no-untyped-def]
        type(self).calls += 1
        if type(self).calls == 2:
            raise _Killed("simulated crash between two Chroma writes")
        return super().embed_analyzed(batch, term_weights)


def test_repair_drops_documents_an_abandoned_ingest_left_incomplete(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "store"
    docs = [Document(**d) for d in synthetic_docs(6)]
    assert EvidenceStore(folder).ingest_documents(docs[:2]).added == 2
    monkeypatch.setattr(ingest_module, "_WRITE_CHUNK", 3)  # small batches: die mid-document
    with pytest.raises(_Killed):
        EvidenceStore(folder, embedder=_DiesOnSecondBatch()).ingest_documents(docs[2:])
    report = _repair(capsys, folder, "--check")
    assert report["interrupted_write"] is True
    incomplete = report["incomplete_documents"]
    assert incomplete and set(incomplete) <= {d.id for d in docs[2:]}  # type: ignore[arg-type]
    report = _repair(capsys, folder)
    assert report["removed_passages"] > 0
    store = EvidenceStore(folder)
    for doc in docs:
        got = store.get_document(doc.id)
        if doc.id in incomplete:  # type: ignore[operator]
            assert got is None, doc.id
        else:  # complete, or never written at all
            assert got is None or got.text == doc.text, doc.id
    assert all(store.get_document(doc.id) is not None for doc in docs[:2])
    assert _repair(capsys, folder, "--check")["problems"] == []
    info = store.info()
    assert info.documents == report["documents"] and info.lexical_index == "fresh"
