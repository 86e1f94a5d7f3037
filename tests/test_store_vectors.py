"""Exact vector search (claimcheck.store.vectors): right, reproducible, kept fresh, never fatal."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from claimcheck.store import EvidenceStore, vectors
from claimcheck.store.vectors import ExactVectors


def _brute(matrix: np.ndarray, query: np.ndarray) -> np.ndarray:
    unit = matrix / np.linalg.norm(matrix, axis=1, keepdims=True)
    return unit @ (query / np.linalg.norm(query))


def test_exact_query_returns_the_true_neighbours_in_order() -> None:
    rng = np.random.default_rng(0)
    matrix = rng.normal(size=(500, 32)).astype(np.float32)
    ids = [f"p{i:03d}" for i in range(500)]
    pages = [(ids[:200], matrix[:200]), (ids[200:], matrix[200:])]
    copy = ExactVectors.build(pages, epoch="e", collection_id="c")
    queries = rng.normal(size=(5, 32)).astype(np.float32)
    got_ids, got_dist = copy.query(queries, 10)
    for q, found, dist in zip(queries, got_ids, got_dist, strict=True):
        sims = _brute(matrix, q)
        want = [ids[i] for i in np.argsort(-sims)[:10]]
        assert found == want
        assert dist == sorted(dist)  # best first
        assert np.allclose(dist, [1 - sims[ids.index(p)] for p in found], atol=2e-3)


def test_ties_are_broken_by_passage_id_whatever_the_input_order() -> None:
    same = np.ones(8, dtype=np.float32)
    pages = [(["b", "d"], [same, same]), (["a", "c", "x"], [same, same, -same])]
    copy = ExactVectors.build(pages, epoch="e", collection_id="c")
    assert copy.query(same, 3)[0] == [["a", "b", "c"]]
    shuffled = ExactVectors.build(list(reversed(pages)), epoch="e", collection_id="c")
    assert shuffled.query(same, 3)[0] == [["a", "b", "c"]]
    assert len(ExactVectors.build([], epoch="e", collection_id="c").query(same, 3)[0][0]) == 0
    assert copy.query(same, 0) == ([[]], [[]])
    with pytest.raises(ValueError, match="dimensions"):
        copy.query(np.ones(4, dtype=np.float32), 3)


def test_a_store_searches_exactly_and_keeps_its_copy_fresh(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "metro.md").write_text(
        "# Kyiv metro\n\nThe Kyiv metro opened in 1960 with five stations.\n", encoding="utf-8"
    )
    (folder / "reef.md").write_text(
        "# Reef\n\nThe reef stretches for about 2,300 kilometres off Queensland.\n",
        encoding="utf-8",
    )
    store = EvidenceStore(tmp_path / "store")
    store.ingest([folder])
    assert store.info().vector_search == "exact after copy"
    first = [p.passage_id for p in store.search("When did the Kyiv metro open?", k=2)]
    assert store.info().vector_search == "exact"
    manifest = json.loads((store.vectors_dir / "manifest.json").read_text())
    assert manifest["count"] == store.info().passages
    # another instance reads the saved copy and ranks the same way
    again = EvidenceStore(tmp_path / "store")
    assert [p.passage_id for p in again.search("When did the Kyiv metro open?", k=2)] == first
    assert json.loads((store.vectors_dir / "manifest.json").read_text())["dir"] == manifest["dir"]
    # an ingest makes the copy stale: the next search copies the vectors again
    (folder / "tower.md").write_text(
        "# Eiffel Tower\n\nThe Eiffel Tower in Paris was completed in 1889.\n", encoding="utf-8"
    )
    again.ingest([folder / "tower.md"])
    hits = store.search("When was the Eiffel Tower completed?", k=1)
    assert hits[0].doc_id == "tower.md"
    assert json.loads((store.vectors_dir / "manifest.json").read_text())["count"] == 3
    # a damaged copy is rebuilt, never fatal
    manifest = json.loads((store.vectors_dir / "manifest.json").read_text())
    (store.vectors_dir / manifest["dir"] / "matrix.npy").write_bytes(b"not numpy")
    fresh = EvidenceStore(tmp_path / "store")
    assert fresh.search("When was the Eiffel Tower completed?", k=1)[0].doc_id == "tower.md"
    shutil.rmtree(store.vectors_dir)
    assert EvidenceStore(tmp_path / "store").search("Kyiv metro", k=1)[0].doc_id == "metro.md"


def test_a_store_too_large_for_exact_search_uses_chroma(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "metro.md").write_text("# Kyiv metro\n\nThe Kyiv metro opened in 1960.\n")
    store = EvidenceStore(tmp_path / "store")
    store.ingest([folder])
    monkeypatch.setattr("claimcheck.store._base.EXACT_MAX_VALUES", 10)
    assert store.search("Kyiv metro opened", k=1)[0].doc_id == "metro.md"
    assert not store.vectors_dir.exists()
    assert store.info().vector_search == "approximate"
    assert vectors.EXACT_MAX_VALUES > 10  # the module's own limit is untouched
