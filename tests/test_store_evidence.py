"""EvidenceStore end to end on a real Chroma store in a tmpdir: ingest, search, documents, info."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimcheck.errors import (
    EmbedderMismatchError,
    InputError,
    LockTimeoutError,
    StoreNotReadyError,
)
from claimcheck.models import Document
from claimcheck.store import EvidenceStore, HashEmbedder

CORPUS = {
    "border.md": (
        "# Russia-Ukraine border\n\nSource: https://dpsu.example/border\n\n"
        "The border between Ukraine and Russia is 2,295 km long in total. "
        "Of that, 1,974 km is a land border and 321 km runs along the sea.\n"
    ),
    "metro.md": (
        "# Kyiv metro\n\nThe Kyiv metro opened in 1960 with five stations. "
        "It now has three lines and carries over a million passengers a day.\n"
    ),
    "reef.txt": (
        "Great Barrier Reef\nThe reef stretches for about 2,300 kilometres off Queensland. "
        "Mass coral bleaching events were recorded in 2016, 2017 and 2020.\n"
    ),
    "tunnel.html": (
        "<html><head><title>Channel Tunnel</title></head><body><nav>menu</nav>"
        "<p>The Channel Tunnel opened in 1994 and links Folkestone with Coquelles.</p>"
        "<p>Its undersea section is 37.9 km long, the longest in the world.</p></body></html>"
    ),
}
LONG = " ".join(
    f"Paragraph sentence {i} explains how the committee reviewed budget item {i} in detail."
    for i in range(60)
)


def _corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in CORPUS.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "docs.jsonl").write_text(
        json.dumps(
            {"id": "long", "text": LONG, "title": "Budget review", "url": "https://b.example"}
        )
        + "\n{broken\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[EvidenceStore, Path]:
    """A store with the small corpus ingested once (read-only tests share it)."""
    root = tmp_path_factory.mktemp("built")
    store = EvidenceStore(root / "store")
    stats = store.ingest([_corpus(root / "corpus")])
    assert (stats.added, stats.failed) == (5, 1)
    return store, root / "corpus"


def _all_records(store: EvidenceStore) -> dict[str, dict]:
    collection = store._read_collection()
    got = collection.get(include=["metadatas"])
    return dict(zip(got["ids"], got["metadatas"], strict=True))


def test_ingest_counts_errors_and_second_ingest_is_all_unchanged(
    built: tuple[EvidenceStore, Path],
) -> None:
    store, corpus = built
    info = store.info()
    assert (info.documents, info.collection, info.lexical_index) == (5, "evidence", "fresh")
    assert info.passages == len(_all_records(store)) > 5
    assert info.embedder == store.embedder_name and info.dimension == HashEmbedder().dimension
    again = EvidenceStore(store.path).ingest([corpus])
    assert (again.added, again.updated, again.unchanged, again.failed) == (0, 0, 5, 1)
    assert again.passages == 0
    assert again.errors == [
        f"{corpus / 'docs.jsonl'}:2: invalid JSON (Expecting property name enclosed in double quotes at column 2)"
    ]


def test_get_document_returns_the_exact_ingested_text(built: tuple[EvidenceStore, Path]) -> None:
    store, corpus = built
    for name, text in CORPUS.items():
        doc = store.get_document(name)
        assert doc is not None
        if name.endswith(".html"):
            assert (
                doc.text.startswith("The Channel Tunnel opened") and doc.title == "Channel Tunnel"
            )
        else:
            assert doc.text == text
    long = store.get_document("long")
    assert long is not None and long.text == LONG and long.url == "https://b.example"
    assert store.get_document("nope") is None
    # every passage indexes its document
    for pid, meta in _all_records(store).items():
        doc = store.get_document(meta["doc_id"])
        assert doc is not None and pid.startswith(f"{doc.id}#")


def test_hybrid_search_ranks_the_right_document_first(built: tuple[EvidenceStore, Path]) -> None:
    store, _ = built
    cases = {
        "How long is the land border between Russia and Ukraine?": "border.md",
        "When did the Kyiv underground open?": "metro.md",
        "coral bleaching on the reef off Queensland": "reef.txt",
        "undersea rail link between Folkestone and Coquelles": "tunnel.html",
        "committee budget item 42": "long",
    }
    results = store.search_many(list(cases) + ["", "   "], k=3)
    for (query, expected), passages in zip(cases.items(), results, strict=False):
        assert passages and passages[0].doc_id == expected, query
        top = passages[0]
        assert 0.0 < top.score <= 1.0
        assert set(top.scores) >= {"bm25", "bm25_rank", "vector", "vector_rank", "rrf"}
        doc = store.get_document(top.doc_id)
        assert doc is not None and doc.text[top.start : top.end] == top.text
    assert results[-2:] == [[], []]
    assert store.search("") == []
    assert store.search("budget item 42", k=2)[0].passage_id.startswith("long#")


def test_editing_a_file_updates_it_and_leaves_no_orphans(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    store = EvidenceStore(tmp_path / "store")
    store.ingest([corpus])
    before = _all_records(store)
    old_long = {pid for pid, m in before.items() if m["doc_id"] == "long"}
    assert len(old_long) > 2
    (corpus / "docs.jsonl").write_text(
        json.dumps(
            {"id": "long", "text": "The budget review was cancelled.", "title": "Budget review"}
        ),
        encoding="utf-8",
    )
    stats = store.ingest([corpus])
    assert (stats.added, stats.updated, stats.unchanged, stats.failed) == (0, 1, 4, 0)
    after = _all_records(store)
    long_ids = {pid for pid, m in after.items() if m["doc_id"] == "long"}
    assert long_ids == {"long#0"}
    assert set(after) == (set(before) - old_long) | long_ids  # nothing else touched, no orphans
    assert {m["doc_sha256"] for pid, m in after.items() if pid in long_ids} != {
        before["long#0"]["doc_sha256"]
    }
    doc = store.get_document("long")
    assert doc is not None and doc.text == "The budget review was cancelled."
    assert store.info().lexical_index == "fresh"
    hits = store.search("budget review cancelled", k=1)
    assert hits[0].doc_id == "long" and "cancelled" in hits[0].text


def test_lexical_index_persists_and_is_rebuilt_after_another_instance_ingests(
    tmp_path: Path,
) -> None:
    corpus = _corpus(tmp_path / "corpus")
    first = EvidenceStore(tmp_path / "store")
    first.ingest([corpus])
    manifest = json.loads((first.lexical_dir / "manifest.json").read_text())
    assert manifest["count"] == first.info().passages
    first.search("Kyiv metro")
    # a new instance loads the saved index (no rebuild: the version folder stays the same)
    second = EvidenceStore(tmp_path / "store")
    assert second.search("Kyiv metro", k=1)[0].doc_id == "metro.md"
    assert json.loads((first.lexical_dir / "manifest.json").read_text())["dir"] == manifest["dir"]
    # another instance ingests: the first one's in-memory index is stale and gets rebuilt
    extra = tmp_path / "extra.md"
    extra.write_text(
        "# Eiffel Tower\n\nThe Eiffel Tower in Paris was completed in 1889.\n", encoding="utf-8"
    )
    second.ingest([extra])
    hits = first.search("When was the Eiffel Tower in Paris completed?", k=1)
    assert hits[0].doc_id == "extra.md"
    # a deleted index folder is rebuilt from the collection on the next search
    import shutil

    shutil.rmtree(first.lexical_dir)
    third = EvidenceStore(tmp_path / "store")
    assert third.info().lexical_index == "missing"
    assert third.search("Eiffel Tower completed", k=1)[0].doc_id == "extra.md"
    assert third.info().lexical_index == "fresh"


def test_embedder_mismatch_is_a_clear_error(built: tuple[EvidenceStore, Path]) -> None:
    store, _ = built
    other = EvidenceStore(store.path, embedder=HashEmbedder(dimension=256))
    with pytest.raises(EmbedderMismatchError) as info:
        other.search("border")
    message = str(info.value)
    assert store.embedder_name in message and "hash-v1-256" in message and "--embedder" in message
    assert (info.value.stored, info.value.requested) == (store.embedder_name, "hash-v1-256")
    with pytest.raises(EmbedderMismatchError):
        other.ingest_documents([Document(id="x", text="Some text.")])


def test_missing_or_empty_store_is_not_ready_and_never_created(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    store = EvidenceStore(missing)
    for call in (
        store.ensure_ready,
        lambda: store.search("anything"),
        lambda: store.get_document("x"),
    ):
        with pytest.raises(
            StoreNotReadyError, match=r"run `claimcheck ingest PATH --store .*nowhere` first"
        ):
            call()
    info = store.info()
    assert (info.documents, info.passages, info.lexical_index) == (0, 0, "missing")
    assert not missing.exists()
    # a store folder whose ingest had nothing valid stays empty and not ready
    empty = EvidenceStore(tmp_path / "empty")
    stats = empty.ingest_documents([Document(id="blank", text="   ")])
    assert stats.failed == 1 and stats.errors == ["blank: empty document"]
    with pytest.raises(StoreNotReadyError):
        empty.ensure_ready()
    # another collection of an existing store
    with pytest.raises(StoreNotReadyError, match="--collection other"):
        EvidenceStore(tmp_path / "x", collection="other").ensure_ready()


def test_unknown_collection_of_an_existing_store_is_not_ready(
    built: tuple[EvidenceStore, Path],
) -> None:
    store, _ = built
    other = EvidenceStore(store.path, collection="other")
    with pytest.raises(StoreNotReadyError, match="no collection 'other'.*--collection other"):
        other.search("border")
    assert other.info().passages == 0
    assert "other" not in [c.name for c in store._get_client().list_collections()]


def test_missing_input_path_writes_nothing(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path / "store")
    with pytest.raises(InputError, match="no such file or folder"):
        store.ingest([tmp_path / "missing.jsonl"])
    assert not (tmp_path / "store").exists()


def test_lock_held_by_another_writer_times_out_with_a_clear_message(tmp_path: Path) -> None:
    from filelock import FileLock

    (tmp_path / "store").mkdir()
    store = EvidenceStore(tmp_path / "store", lock_timeout=0.2)
    stages: list[str] = []
    with (
        FileLock(str(tmp_path / "store" / ".lock")),
        pytest.raises(LockTimeoutError, match=r"another process is writing to the store .* 0.2s"),
    ):
        store.ingest_documents(
            [Document(id="a", text="Text.")], progress=lambda stage, *_: stages.append(stage)
        )
    assert stages == ["lock"]
    assert store.ingest_documents([Document(id="a", text="Text.")]).added == 1


def test_documents_without_index_terms_are_stored_and_searchable(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path / "store")
    stats = store.ingest_documents([Document(id="x", text="x"), Document(id="y", text="the of")])
    assert stats.added == 2
    # no BM25 terms at all; both share the hash embedder's fixed "no content" vector
    assert {p.doc_id for p in store.search("x")} == {"x", "y"}
    assert store.info().lexical_index == "fresh"
    store.ingest_documents([Document(id="z", text="Zebras have stripes.")])
    assert store.search("zebra stripes", k=1)[0].doc_id == "z"
