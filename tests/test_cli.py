"""The CLI as the user sees it: ``main([...])`` → exit code, stdout, one-line stderr errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES

from claimcheck.cli import main

CORPUS = EXAMPLES / "corpus"
ARTICLE = EXAMPLES / "article.txt"


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus ingested once for this module (tests copy it before writing)."""
    store = tmp_path_factory.mktemp("demo") / "store"
    assert main(["ingest", str(CORPUS), "--store", str(store)]) == 0
    return store


@pytest.fixture
def store_copy(demo_store: Path, tmp_path: Path) -> Path:
    target = tmp_path / "store"
    shutil.copytree(demo_store, target)
    return target


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines, "expected an error message on stderr"
    assert "Traceback" not in err
    return lines[-1]


def _snapshot(folder: Path) -> dict[str, object]:
    """Everything a store holds: its own files, and the collections' full content read back
    through Chroma (Chroma's files themselves change on a mere open: SQLite's change counter,
    uninitialised bytes in HNSW segment files)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    files: dict[str, object] = {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "chroma" not in p.relative_to(folder).parts
    }
    client = chromadb.PersistentClient(
        path=str(folder / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    for collection in client.list_collections():
        got = collection.get(include=["documents", "metadatas", "embeddings"])
        files[f"collection:{collection.name}"] = (
            collection.metadata,
            got["ids"],
            got["documents"],
            got["metadatas"],
            [list(map(float, e)) for e in got["embeddings"]],
        )
    return files


# ----------------------------------------------------------------------------- help


@pytest.mark.parametrize("command", [["ingest"], ["check"], ["verify"], ["store", "info"]])
def test_every_command_help_has_an_example(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*command, "--help"]) == 0
    assert "Example: claimcheck" in capsys.readouterr().out


def test_no_arguments_shows_usage(capsys: pytest.CaptureFixture[str]) -> None:
    code = main([])
    assert code in (0, 2)
    captured = capsys.readouterr()
    assert "ingest" in captured.out + captured.err


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "x.txt", "--no-such-option"]) == 2
    assert "Traceback" not in capsys.readouterr().err


# ----------------------------------------------------------------------------- happy path


def test_check_json_contract(store_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "check",
                str(ARTICLE),
                "--store",
                str(store_copy),
                "--backend",
                "local",
                "--format",
                "json",
            ]
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert report["schema_version"] == "1"
    assert set(report) >= {"article", "backend", "claims", "summary", "usage", "timings"}
    assert report["backend"]["name"] == "local"
    assert report["backend"]["embedder"]
    article = ARTICLE.read_text(encoding="utf-8")
    assert report["article"]["chars"] == len(article)
    assert report["claims"], "the demo article has claims"
    labels = {"supported", "refuted", "conflicting", "not_enough_evidence"}
    for claim in report["claims"]:
        assert set(claim) >= {
            "id",
            "text",
            "span",
            "kind",
            "speaker",
            "status",
            "error",
            "verdict",
            "citations",
        }
        span = claim["span"]
        assert 0 <= span["start"] < span["end"] <= len(article)
        assert claim["status"] == "ok"
        assert claim["verdict"]["label"] in labels
        assert 0.0 <= claim["verdict"]["confidence"] <= 1.0
        assert claim["verdict"]["rationale"]
        for citation in claim["citations"]:
            assert set(citation) >= {
                "doc_id",
                "passage_id",
                "title",
                "url",
                "quote",
                "start",
                "end",
                "stance",
                "score",
            }
    counts = report["summary"]
    assert sum(counts[k] for k in labels) + counts["errors"] == len(report["claims"])


def test_check_citations_quote_the_ingested_text(
    store_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from claimcheck.store import EvidenceStore

    assert (
        main(
            [
                "check",
                str(ARTICLE),
                "--store",
                str(store_copy),
                "--backend",
                "local",
                "--format",
                "json",
            ]
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    store = EvidenceStore(store_copy)
    cited = 0
    for claim in report["claims"]:
        for citation in claim["citations"]:
            document = store.get_document(citation["doc_id"])
            assert document is not None
            assert document.text[citation["start"] : citation["end"]] == citation["quote"]
            assert citation["passage_id"].startswith(citation["doc_id"] + "#")
            cited += 1
    assert cited > 0


def test_check_table_and_markdown(
    store_copy: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["check", str(ARTICLE), "--store", str(store_copy), "--backend", "local"]) == 0
    out = capsys.readouterr().out
    assert "claims:" in out and "supported" in out
    target = tmp_path / "report.md"
    assert (
        main(
            [
                "check",
                str(ARTICLE),
                "--store",
                str(store_copy),
                "--backend",
                "local",
                "--format",
                "markdown",
                "-o",
                str(target),
            ]
        )
        == 0
    )
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Claim check")
    assert "[^c" in text


def test_check_reads_stdin(
    store_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    data = b"The land border between Russia and Ukraine is about 2,000 km long.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert (
        main(["check", "-", "--store", str(store_copy), "--backend", "local", "--format", "json"])
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert report["article"]["source"] == "-"
    assert len(report["claims"]) == 1


def test_verify_jsonl_echoes_ids_in_order(
    store_copy: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    claims = tmp_path / "claims.jsonl"
    claims.write_text(
        '{"id": "z9", "claim": "Russia began its full-scale invasion of Ukraine on 24 February 2022."}\n'
        '{"id": "a1", "text": "Ukraine is a member of NATO."}\n'
        '{"id": "m5", "claim": "The Eiffel Tower is in Paris."}\n',
        encoding="utf-8",
    )
    assert (
        main(["verify", "--input", str(claims), "--store", str(store_copy), "--format", "jsonl"])
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["z9", "a1", "m5"]


def test_verify_single_claim(store_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "verify",
            "Ukraine applied to join NATO on 30 September 2022.",
            "--store",
            str(store_copy),
            "--format",
            "json",
        ]
    )
    assert code == 0
    results = json.loads(capsys.readouterr().out)
    assert len(results) == 1 and results[0]["verdict"]["label"] in {
        "supported",
        "refuted",
        "conflicting",
        "not_enough_evidence",
    }


def test_store_info_json(demo_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["store", "info", "--store", str(demo_store), "--format", "json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["documents"] == len(list(CORPUS.glob("*.md")))
    assert info["passages"] >= info["documents"]
    assert info["embedder"] and info["collection"] == "evidence"


def test_ingest_is_idempotent_through_the_cli(
    store_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ingest", str(CORPUS), "--store", str(store_copy)]) == 0
    out = capsys.readouterr().out
    assert "added 0, updated 0" in out and "failed 0" in out


# ----------------------------------------------------------------------------- bad input


def test_missing_article(store_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "does-not-exist.txt", "--store", str(store_copy)]) == 1
    assert "no such file: does-not-exist.txt" in _one_line_error(capsys)


@pytest.mark.parametrize("content", ["", "   \n\t \n"])
def test_empty_article(
    store_copy: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str
) -> None:
    path = tmp_path / "empty.txt"
    path.write_text(content, encoding="utf-8")
    assert main(["check", str(path), "--store", str(store_copy)]) == 1
    assert "is empty" in _one_line_error(capsys)


def test_binary_article(
    store_copy: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert main(["check", str(path), "--store", str(store_copy)]) == 1
    assert "binary" in _one_line_error(capsys)


def test_invalid_utf8_is_decoded_with_a_warning(
    store_copy: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(
        "Ukraine applied to join NATO on 30 September 2022. Caf\xe9 is closed.".encode("latin-1")
    )
    assert (
        main(
            [
                "check",
                str(path),
                "--store",
                str(store_copy),
                "--backend",
                "local",
                "--format",
                "json",
            ]
        )
        == 0
    )
    captured = capsys.readouterr()
    assert "not valid UTF-8" in captured.err
    assert json.loads(captured.out)["claims"]


def test_huge_article_is_refused_clearly(
    store_copy: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("The border is about 2,000 km long. " * 150_000, encoding="utf-8")  # ~5 MB
    assert main(["check", str(path), "--store", str(store_copy)]) == 1
    assert "limit" in _one_line_error(capsys)


def test_article_is_a_folder(
    store_copy: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["check", str(tmp_path), "--store", str(store_copy)]) == 1
    assert "is a folder" in _one_line_error(capsys)


def test_check_against_missing_store_does_not_create_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    store = tmp_path / "nothing-here"
    assert main(["check", str(ARTICLE), "--store", str(store)]) == 1
    assert "claimcheck ingest" in _one_line_error(capsys)
    assert not store.exists()


def test_check_against_empty_store(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    store = tmp_path / "empty-store"
    empty = tmp_path / "empty-corpus"
    empty.mkdir()
    main(["ingest", str(empty), "--store", str(store)])
    capsys.readouterr()
    assert main(["check", str(ARTICLE), "--store", str(store)]) == 1
    assert "claimcheck ingest" in _one_line_error(capsys)


def test_ingest_jsonl_with_a_bad_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    docs = tmp_path / "docs.jsonl"
    docs.write_text(
        '{"id": "a", "text": "Alpha is the first letter of the Greek alphabet."}\n'
        '{"id": "b", "text": "Beta is the second letter.", \n'
        '{"id": "c", "text": "Gamma is the third letter of the Greek alphabet."}\n',
        encoding="utf-8",
    )
    store = tmp_path / "store"
    assert main(["ingest", str(docs), "--store", str(store)]) == 1
    captured = capsys.readouterr()
    assert "docs.jsonl:2" in captured.err
    assert "added 2" in captured.out
    assert main(["store", "info", "--store", str(store), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == 2


def test_ingest_missing_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert main(["ingest", str(tmp_path / "nope"), "--store", str(store)]) == 1
    assert "nope" in _one_line_error(capsys)


def test_store_built_with_another_embedder(
    store_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _snapshot(store_copy)
    code = main(
        [
            "check",
            str(ARTICLE),
            "--store",
            str(store_copy),
            "--embedder",
            "openai",
            "--backend",
            "local",
        ]
    )
    assert code == 1
    line = _one_line_error(capsys)
    assert "embedder" in line
    assert _snapshot(store_copy) == before


def test_bad_input_never_damages_the_store(
    store_copy: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    before = _snapshot(store_copy)
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00\x01\x02")
    main(["check", str(bad), "--store", str(store_copy)])
    main(["check", str(tmp_path / "missing.txt"), "--store", str(store_copy)])
    main(["verify", "", "--store", str(store_copy)])
    capsys.readouterr()
    assert _snapshot(store_copy) == before


def test_verify_needs_claim_or_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_verify_input_with_bad_lines(
    store_copy: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    claims = tmp_path / "claims.jsonl"
    claims.write_text(
        '{"id": "ok", "claim": "Crimea was annexed by Russia in 2014."}\nnot json\n',
        encoding="utf-8",
    )
    assert (
        main(["verify", "--input", str(claims), "--store", str(store_copy), "--format", "jsonl"])
        == 1
    )
    captured = capsys.readouterr()
    assert "claims.jsonl:2" in captured.err
    assert json.loads(captured.out.splitlines()[0])["id"] == "ok"


def test_openai_backend_without_key(store_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(ARTICLE), "--store", str(store_copy), "--backend", "openai"]) == 1
    assert "OPENAI_API_KEY" in _one_line_error(capsys)
