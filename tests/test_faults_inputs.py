"""Bad input through the CLI, beyond the offline issue's list (``tests/test_cli.py``): a folder
with unreadable files, a JSONL with 10% bad lines, an HTML page that is only scripts. Each bad
item is one line on stderr naming it; the good ones still go through."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import EXAMPLES

from claimcheck.cli import main
from claimcheck.store import EvidenceStore


def _errors(err: str) -> list[str]:
    assert "Traceback" not in err
    return [line for line in err.splitlines() if line.startswith("error: ")]


@pytest.fixture
def unreadable(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """Files appended to the yielded list become unreadable: ``chmod 000`` when that denies
    reading (not as root), else reads of them raise ``PermissionError`` as the OS would."""
    paths: list[Path] = []
    yield paths
    for path in paths:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def _make_unreadable(path: Path, paths: list[Path], monkeypatch: pytest.MonkeyPatch) -> str:
    """``chmod 000``; when that does not stop reads (root), reads of ``path`` raise instead."""
    path.chmod(0)
    paths.append(path)
    try:
        with path.open("rb"):
            pass
    except PermissionError:
        return "chmod"
    real = Path.read_bytes  # running as root: chmod does not stop reads, so simulate it

    def read_bytes(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    return "simulated (running as root)"


def test_a_folder_with_an_unreadable_file(
    tmp_path: Path,
    unreadable: list[Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("border-length.md", "eiffel-tower.md", "kyiv-metro.md"):
        (docs / name).write_text((EXAMPLES / "corpus" / name).read_text())
    locked = docs / "locked.md"
    locked.write_text("# Secret\n\nThe vault is 12 metres deep.\n")
    how = _make_unreadable(locked, unreadable, monkeypatch)
    store = tmp_path / "store"
    assert main(["ingest", str(docs), "--store", str(store)]) == 1, how
    out = capsys.readouterr()
    assert out.out.startswith("added 3, updated 0, unchanged 0, failed 1")
    (line,) = _errors(out.err)
    assert str(locked) in line and "permission denied" in line.lower()
    assert EvidenceStore(store).info().documents == 3

    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "ok.txt").write_text("The Eiffel Tower is 330 metres tall.\n")
    (articles / "locked.txt").write_text("The vault is 12 metres deep.\n")
    _make_unreadable(articles / "locked.txt", unreadable, monkeypatch)
    results = tmp_path / "results.jsonl"
    code = main(["check", str(articles), "--out", str(results), "--store", str(store),
                 "--backend", "local"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    (line,) = _errors(err)
    assert "locked.txt" in line and "permission denied" in line.lower()
    assert "checked 1 article, 1 failed" in err
    assert len(results.read_text().splitlines()) == 1


def test_ingest_a_jsonl_with_ten_percent_bad_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        json.dumps({"id": f"d{n}", "title": f"Reservoir {n}",
                    "text": f"Reservoir {n} holds {n + 1},000 cubic metres of water."})
        for n in range(45)
    ]  # fmt: skip
    bad = {
        5: "{not json",
        12: json.dumps(["a", "list"]),
        20: json.dumps({"id": "no-text"}),
        31: json.dumps({"text": "no id"}),
        44: json.dumps({"id": "empty", "text": "   "}),
    }
    for line_no in sorted(bad):
        lines.insert(line_no - 1, bad[line_no])
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n")
    assert len(lines) == 50
    store = tmp_path / "store"
    for attempt in range(2):  # idempotent: the second run changes nothing, reports the same
        assert main(["ingest", str(corpus), "--store", str(store)]) == 1
        out = capsys.readouterr()
        summary = "added 45, updated 0" if attempt == 0 else "added 0, updated 0, unchanged 45"
        assert out.out.startswith(summary) and "failed 5" in out.out
        errors = _errors(out.err)
        assert [e.split(":")[2] for e in errors] == [str(n) for n in sorted(bad)]
    assert EvidenceStore(store).info().documents == 45


def test_an_html_page_that_is_only_scripts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "app.html").write_text(
        "<!doctype html><html><head><title>App</title><script>var x = 'The dam is 9 m';</script>"
        "</head><body><script src='app.js'></script><noscript></noscript>"
        "<style>body{color:red}</style></body></html>"
    )
    (docs / "page.html").write_text(
        "<html><head><title>Dam</title></head><body><article><h1>Dam</h1><p>The dam is 90 "
        "metres high and was finished in 1961.</p></article></body></html>"
    )
    store = tmp_path / "store"
    assert main(["ingest", str(docs), "--store", str(store)]) == 1
    out = capsys.readouterr()
    assert out.out.startswith("added 1, updated 0, unchanged 0, failed 1")
    (line,) = _errors(out.err)
    assert line.startswith(f"error: {docs / 'app.html'}:")
    doc = EvidenceStore(store).get_document("page.html")
    assert doc is not None and "90 metres" in doc.text and "var x" not in doc.text
