"""Read documents from ``.jsonl``, ``.txt``, ``.md``, ``.html``/``.htm`` files and folders.

Policy (the same everywhere, reported through :class:`LoadResult`):

* A path that does not exist raises :class:`~claimcheck.errors.InputError` before anything is
  read (callers check all paths first, so nothing is written).
* A bad JSONL line (invalid JSON, not an object, missing ``id``/``text``, empty text) is
  reported as ``"file.jsonl:LINE: reason"`` and counted as failed; **the other lines are still
  ingested**. A document that fails (binary file, empty text, HTML without text, unreadable
  file, duplicate id) is reported the same way, without a line number.
* Invalid UTF-8 is decoded with U+FFFD replacement characters and the document is kept, with a
  ``"file: warning: invalid UTF-8 …"`` line in the errors (not counted as failed); so are
  unpaired ``\\ud800``-style escapes in JSONL strings. A file with NUL bytes is binary and fails.
* ``.txt``/``.md``: id = the path relative to the ingested folder (``/``-separated), or the file
  name for a file given directly; title = the first Markdown heading, else the first line; the
  first line of the form ``Source: URL`` or ``URL: URL`` (within the first 40 lines) sets
  ``url``, a ``Published: DATE`` line sets ``published``. Those lines stay in the text.
* ``.html``/``.htm``: main text as extracted by :mod:`claimcheck.store._html`; id as above.
* Folders: every supported file below, in sorted order; hidden files and folders (a name
  starting with ``.``) are skipped, as are files of other types.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..models import Document
from ._html import extract_html

__all__ = ["SUPPORTED_SUFFIXES", "LoadResult", "check_paths", "load_paths", "parse_jsonl_line"]

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".jsonl", ".txt", ".md", ".markdown", ".html", ".htm")
_RESERVED = {"id", "text", "title", "url", "published"}
_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")
_URL_LINE_RE = re.compile(r"^\s*(?:source|url)\s*:\s*.*?<?(https?://[^\s<>()\]]+)", re.IGNORECASE)
_PUBLISHED_RE = re.compile(r"^\s*(?:published|date)\s*:\s*(\S.*?)\s*$", re.IGNORECASE)
_MAX_TITLE = 300
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


@dataclass
class LoadResult:
    """Documents read from some paths, plus what went wrong.

    Attributes:
        documents: the documents, in input order (first occurrence of an id wins).
        errors: one line per failed document or line, and per warning.
        failed: number of documents (or JSONL lines) that could not be used.
    """

    documents: list[Document] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failed: int = 0

    def fail(self, where: str, reason: str) -> None:
        """Record a document or line that could not be used."""
        self.errors.append(f"{where}: {reason}")
        self.failed += 1

    def warn(self, where: str, reason: str) -> None:
        """Record a problem that did not stop the document from being ingested."""
        self.errors.append(f"{where}: warning: {reason}")


def check_paths(paths: Sequence[str | Path]) -> list[Path]:
    """The paths as :class:`Path` objects.

    Raises:
        InputError: a path does not exist (named in the message), or no path was given.
    """
    if not paths:
        raise InputError("no input path given: pass files or folders to ingest")
    out = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError(f"no such file or folder: {raw}", path=str(raw))
        out.append(path)
    return out


def _files(paths: Sequence[Path]) -> list[tuple[Path, str]]:
    """``(file, document id)`` of every file to read."""
    files: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                if child.is_file() and child.suffix.lower() in SUPPORTED_SUFFIXES:
                    files.append((child, rel.as_posix()))
                elif child.is_file():
                    log.debug("skipping %s: unsupported file type", child)
        else:
            files.append((path, path.name))
    return files


def load_paths(
    paths: Sequence[str | Path],
    progress: Callable[[str, int, int | None], None] | None = None,
) -> LoadResult:
    """Read every document under ``paths`` (see the module docstring for the policy).

    Raises:
        InputError: a path does not exist.
    """
    files = _files(check_paths(paths))
    result = LoadResult()
    seen: dict[str, str] = {}
    for i, (file, doc_id) in enumerate(files):
        for doc, where in _load_file(file, doc_id, result):
            if doc.id in seen:
                result.fail(where, f"duplicate document id {doc.id!r} (first at {seen[doc.id]})")
                continue
            seen[doc.id] = where
            result.documents.append(doc)
        if progress is not None:
            progress("load", i + 1, len(files))
    return result


def _read_text(file: Path, result: LoadResult) -> str | None:
    """The decoded text of ``file``, or ``None`` after recording why it cannot be used."""
    try:
        data = file.read_bytes()
    except OSError as exc:
        result.fail(str(file), f"cannot read file ({exc.strerror or exc})")
        return None
    if b"\x00" in data:
        result.fail(str(file), "binary file (contains NUL bytes); only UTF-8 text can be ingested")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        result.warn(
            str(file),
            f"invalid UTF-8 at byte {exc.start}; decoded with U+FFFD replacement characters",
        )
        return data.decode("utf-8-sig", errors="replace")


def _load_file(file: Path, doc_id: str, result: LoadResult) -> list[tuple[Document, str]]:
    """The documents of one file, each with where it came from (``file`` or ``file:line``)."""
    suffix = file.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        result.fail(
            str(file),
            f"unsupported file type {suffix or '(none)'!r}: use .jsonl, .txt, .md or .html",
        )
        return []
    text = _read_text(file, result)
    if text is None:
        return []
    if suffix == ".jsonl":
        return _load_jsonl(file, text, result)
    if suffix in (".html", ".htm"):
        body, title = extract_html(text)
        if not body.strip():
            result.fail(str(file), "no text (the page has no main text outside scripts/navigation)")
            return []
        return [(Document(id=doc_id, text=body, title=title[:_MAX_TITLE]), str(file))]
    if not text.strip():
        result.fail(str(file), "empty document")
        return []
    title, url, published = _text_header(text)
    doc = Document(id=doc_id, text=text, title=title, url=url, published=published)
    return [(doc, str(file))]


def _text_header(text: str) -> tuple[str, str, str | None]:
    """Title, url and published date of a plain-text or Markdown document."""
    title = ""
    first = ""
    url = ""
    published: str | None = None
    for n, line in enumerate(text.splitlines()):
        if n >= 40 and (title or first):
            break
        if not first and line.strip():
            first = line.strip()
        if not title and (heading := _HEADING_RE.match(line)):
            title = heading.group(1).strip()
        if not url and (found := _URL_LINE_RE.match(line)):
            url = found.group(1).rstrip(".,;")
        if published is None and (date := _PUBLISHED_RE.match(line)):
            published = date.group(1)
    return (title or first.lstrip("#").strip())[:_MAX_TITLE], url, published


def parse_jsonl_line(line: str) -> Document:
    """One JSONL line as a :class:`Document`.

    Raises:
        ValueError: the line is not usable; the message is the reason (no line number).
    """
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(obj, dict):
        raise ValueError(f"expected a JSON object, got {type(obj).__name__}")
    for key in ("id", "text"):
        if key not in obj or obj[key] is None:
            raise ValueError(f'missing "{key}"')
    doc_id = obj["id"]
    if isinstance(doc_id, bool) or not isinstance(doc_id, str | int):
        raise ValueError('"id" must be a string or an integer')
    doc_id = str(doc_id).strip()
    if not doc_id:
        raise ValueError('empty "id"')
    text = obj["text"]
    if not isinstance(text, str):
        raise ValueError('"text" must be a string')
    if not text.strip():
        raise ValueError("empty text")
    published = obj.get("published")
    return Document(
        id=doc_id,
        text=text,
        title=_as_str(obj.get("title"))[:_MAX_TITLE],
        url=_as_str(obj.get("url")),
        published=None if published is None else str(published),
        metadata={k: v for k, v in obj.items() if k not in _RESERVED},
    )


def _as_str(value: Any) -> str:
    return "" if value is None else str(value)


def _load_jsonl(file: Path, text: str, result: LoadResult) -> list[tuple[Document, str]]:
    docs = []
    blank = True
    # split on "\n" only: JSON strings may hold raw U+2028/U+2029, which splitlines() breaks on
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        blank = False
        try:
            doc = parse_jsonl_line(line)
        except ValueError as exc:
            result.fail(f"{file}:{number}", str(exc))
            continue
        if _SURROGATE_RE.search(doc.text + doc.title + doc.url):
            result.warn(
                f"{file}:{number}",
                "unpaired surrogate escapes (invalid Unicode) replaced with U+FFFD",
            )
            doc = doc.model_copy(
                update={
                    key: _SURROGATE_RE.sub("\ufffd", getattr(doc, key))
                    for key in ("text", "title", "url")
                }
            )
        docs.append((doc, f"{file}:{number}"))
    if blank:
        result.fail(str(file), "empty file (no JSON lines)")
    return docs
