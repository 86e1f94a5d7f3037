"""Loaders: every file type, bad JSONL lines with line numbers, binary, invalid UTF-8, HTML."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimcheck.errors import InputError
from claimcheck.store.loaders import load_paths, parse_jsonl_line


def _write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_jsonl_bad_lines_are_reported_with_line_numbers_and_the_rest_is_loaded(
    tmp_path: Path,
) -> None:
    lines = [
        json.dumps(
            {
                "id": "a",
                "text": "Alpha text.",
                "title": "A",
                "url": "https://a.example",
                "lang": "en",
            }
        ),
        "{not json",
        json.dumps({"text": "no id"}),
        "",
        json.dumps({"id": "c"}),
        json.dumps(["a", "list"]),
        json.dumps({"id": 7, "text": "Seven.", "published": 2021, "tags": ["x"]}),
        json.dumps({"id": "e", "text": "   "}),
        json.dumps({"id": "a", "text": "duplicate of a"}),
    ]
    path = _write(tmp_path / "docs.jsonl", "\n".join(lines) + "\n")
    result = load_paths([path])
    assert [d.id for d in result.documents] == ["a", "7"]
    a, seven = result.documents
    assert (a.title, a.url, a.metadata) == ("A", "https://a.example", {"lang": "en"})
    assert seven.published == "2021" and seven.metadata == {"tags": ["x"]}
    assert result.failed == 6
    assert result.errors == [
        f"{path}:2: invalid JSON (Expecting property name enclosed in double quotes at column 2)",
        f'{path}:3: missing "id"',
        f'{path}:5: missing "text"',
        f"{path}:6: expected a JSON object, got list",
        f"{path}:8: empty text",
        f"{path}:9: duplicate document id 'a' (first at {path}:1)",
    ]


def test_parse_jsonl_line_rejects_non_scalar_id() -> None:
    with pytest.raises(ValueError, match='"id" must be a string or an integer'):
        parse_jsonl_line(json.dumps({"id": {"x": 1}, "text": "t"}))


def test_markdown_and_text_ids_titles_and_urls(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    _write(
        folder / "sub" / "border.md",
        "Source: [State Border Guard](https://dpsu.example/border)\n\n# Border length\n\nThe border is long.\n",
    )
    _write(
        folder / "notes.txt", "\n\nFirst line is the title\nURL: https://notes.example/x.\nBody.\n"
    )
    _write(folder / ".hidden.md", "# Hidden\n")
    _write(folder / ".git" / "x.md", "# In a hidden folder\n")
    _write(folder / "image.png", b"\x89PNG\r\n")
    result = load_paths([folder])
    assert result.failed == 0 and result.errors == []
    by_id = {d.id: d for d in result.documents}
    assert sorted(by_id) == ["notes.txt", "sub/border.md"]
    border = by_id["sub/border.md"]
    assert border.title == "Border length"
    assert border.url == "https://dpsu.example/border"
    assert border.text.startswith("Source: [State Border Guard]")  # the text is kept exactly
    notes = by_id["notes.txt"]
    assert (notes.title, notes.url) == ("First line is the title", "https://notes.example/x")
    # a file given directly: the id is its file name
    direct = load_paths([folder / "sub" / "border.md"])
    assert [d.id for d in direct.documents] == ["border.md"]


def test_html_main_text_and_title(tmp_path: Path) -> None:
    page = _write(
        tmp_path / "page.html",
        "<html><head><title>Kyiv metro</title><style>p{color:red}</style></head><body>"
        "<nav>Home | About</nav><header>Site header</header>"
        "<h1>Metro</h1><p>The first line opened in <b>1960</b>.</p><div>Three lines<br>today</div>"
        "<aside>Ads</aside><footer>Copyright</footer><script>track()</script></body></html>",
    )
    result = load_paths([page])
    (doc,) = result.documents
    assert doc.title == "Kyiv metro"
    assert doc.text == "Metro\n\nThe first line opened in 1960.\n\nThree lines\ntoday"
    for junk in ("Home", "Site header", "Ads", "Copyright", "track", "color"):
        assert junk not in doc.text


def test_html_title_falls_back_to_h1_and_script_only_page_fails(tmp_path: Path) -> None:
    h1 = _write(tmp_path / "a.htm", "<body><h1>Only heading</h1><p>Body text.</p></body>")
    scripts = _write(
        tmp_path / "b.html", "<html><script>var a = 1;</script><noscript>x</noscript></html>"
    )
    result = load_paths([h1, scripts])
    assert [d.title for d in result.documents] == ["Only heading"]
    assert result.failed == 1
    assert result.errors[0].startswith(f"{scripts}: no text")


def test_binary_file_fails_with_a_clear_reason(tmp_path: Path) -> None:
    binary = _write(tmp_path / "blob.txt", b"abc\x00\x01\x02def")
    good = _write(tmp_path / "good.txt", "Good document.")
    result = load_paths([binary, good])
    assert [d.id for d in result.documents] == ["good.txt"]
    assert result.failed == 1
    assert result.errors == [
        f"{binary}: binary file (contains NUL bytes); only UTF-8 text can be ingested"
    ]


def test_invalid_utf8_is_replaced_and_warned_not_failed(tmp_path: Path) -> None:
    path = _write(tmp_path / "latin1.txt", "Café au lait.".encode("latin-1"))
    result = load_paths([path])
    (doc,) = result.documents
    assert doc.text == "Caf\ufffd au lait."
    assert result.failed == 0
    assert result.errors == [
        f"{path}: warning: invalid UTF-8 at byte 3; decoded with U+FFFD replacement characters"
    ]


def test_unpaired_surrogate_escapes_in_jsonl_are_replaced_and_warned(tmp_path: Path) -> None:
    path = _write(tmp_path / "s.jsonl", '{"id": "s", "text": "bad \\ud800 escape"}\n')
    result = load_paths([path])
    assert [d.text for d in result.documents] == ["bad \ufffd escape"]
    assert result.failed == 0 and "unpaired surrogate" in result.errors[0]


def test_empty_documents_and_unsupported_files_fail(tmp_path: Path) -> None:
    empty = _write(tmp_path / "empty.md", "  \n\t\n")
    blank_jsonl = _write(tmp_path / "blank.jsonl", "\n\n")
    pdf = _write(tmp_path / "paper.pdf", b"%PDF-1.4")
    result = load_paths([empty, blank_jsonl, pdf])
    assert result.documents == []
    assert result.failed == 3
    assert result.errors[0] == f"{empty}: empty document"
    assert result.errors[1] == f"{blank_jsonl}: empty file (no JSON lines)"
    assert "unsupported file type '.pdf'" in result.errors[2]


def test_missing_path_raises_input_error_naming_it(tmp_path: Path) -> None:
    good = _write(tmp_path / "ok.txt", "Fine.")
    with pytest.raises(InputError, match="no such file or folder: .*nope.jsonl") as info:
        load_paths([good, tmp_path / "nope.jsonl"])
    assert info.value.path is not None and info.value.path.endswith("nope.jsonl")
