"""Batch mode's files: the articles to check (a folder or a JSONL file) and the results file.

Inputs (:func:`batch_inputs`):

* a folder: every ``.txt``/``.md``/``.markdown`` file below it, in sorted order (hidden files
  and folders skipped, as ``ingest`` does); id = the path relative to the folder, source = the
  file path; each file is read when its turn comes (an unreadable or binary file fails alone);
* a ``.jsonl`` file: one article per line, ``{"id"?: str, "text": str, "source"?: str}``; id
  defaults to ``line-N``, source to ``FILE:N``; a bad line (invalid JSON, no ``text``, a
  duplicate id) fails alone, reported with its line number;
* a single ``.txt``/``.md`` file: a batch of one.

The results file (:class:`ResultsFile`) holds one JSON :class:`~claimcheck.models.Report` per
line. Each line is appended with one ``write()`` of the whole line, then ``fsync``, under a lock,
so a crash leaves at most a torn *last* line; opening the file truncates such a tail (and
ignores any other line that is not a report), and returns the SHA-256 of every article already
reported so that a re-run resumes. An exclusive ``flock`` keeps two batch runs from appending
to the same file at once.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError, LockTimeoutError
from .inputs import Article, read_article, validate_article_text
from .models import Report

try:  # POSIX; elsewhere the results file is not locked against other processes
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["BatchItem", "ResultsFile", "batch_inputs", "count_inputs"]

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown")


@dataclass(frozen=True)
class BatchItem:
    """One article of a batch, not read yet (or a bad input line).

    Attributes:
        id: the input id (JSONL ``id``, ``line-N``, or the path relative to the folder).
        source: where the article comes from (the report's ``article.source``).
        text: the text of a JSONL article; ``None`` for a file, read by :meth:`load`.
        path: the file of a folder article.
        error: why this input cannot be checked (a bad JSONL line); ``None`` when fine.
    """

    id: str
    source: str
    text: str | None = None
    path: Path | None = None
    error: str | None = None

    def load(self, max_chars: int) -> Article:
        """The article, read and validated.

        Raises:
            InputError: unreadable, binary, empty or too long (the message names the input).
        """
        if self.error is not None:
            raise InputError(self.error)
        if self.path is not None:
            return read_article(self.path, max_chars=max_chars)
        text = self.text or ""
        validate_article_text(text, source=self.source, max_chars=max_chars)
        return Article(text=text, source=self.source)


def _is_jsonl(path: Path) -> bool:
    return path.suffix.lower() == ".jsonl"


def _check_source(path: Path) -> None:
    if not path.exists():
        raise InputError(f"no such file or folder: {path}", path=str(path))
    if path.is_dir() or _is_jsonl(path) or path.suffix.lower() in ARTICLE_SUFFIXES:
        return
    raise InputError(
        f"batch mode (--out) reads a folder of .txt/.md articles or a .jsonl file, not {path}",
        path=str(path),
    )


def _folder_files(folder: Path) -> Iterator[tuple[Path, str]]:
    for child in sorted(folder.rglob("*")):
        rel = child.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if child.suffix.lower() in ARTICLE_SUFFIXES and child.is_file():
            yield child, rel.as_posix()


def count_inputs(source: str | Path) -> int:
    """How many items :func:`batch_inputs` yields for ``source`` (for a progress total).

    Raises:
        InputError: ``source`` is missing or of an unsupported kind.
    """
    path = Path(source)
    _check_source(path)
    if path.is_dir():
        return sum(1 for _ in _folder_files(path))
    if _is_jsonl(path):
        try:
            with path.open("rb") as handle:
                return sum(1 for line in handle if line.strip())
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror or exc}", path=str(path)) from None
    return 1


def batch_inputs(source: str | Path) -> Iterator[BatchItem]:
    """The articles of ``source`` (see the module docstring), lazily and in input order.

    Raises:
        InputError: ``source`` is missing, unreadable or of an unsupported kind.
    """
    path = Path(source)
    _check_source(path)
    if path.is_dir():
        for file, rel in _folder_files(path):
            yield BatchItem(id=rel, source=str(file), path=file)
    elif _is_jsonl(path):
        yield from _jsonl_items(path)
    else:
        yield BatchItem(id=path.name, source=str(path), path=path)


def _jsonl_items(path: Path) -> Iterator[BatchItem]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}", path=str(path)) from None
    seen: set[str] = set()
    with handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            where = f"{path}:{number}"
            item_id, text, source, error = _parse_line(raw, number)
            if error is None and item_id in seen:
                error = f"duplicate id {item_id!r}"
            seen.add(item_id)
            yield BatchItem(
                id=item_id,
                source=source or where,
                text=text,
                error=None if error is None else f"{where}: {error}",
            )


def _parse_line(raw: bytes, number: int) -> tuple[str, str, str, str | None]:
    """``(id, text, source, error)`` of one JSONL line."""
    fallback = f"line-{number}"
    if b"\x00" in raw:
        return fallback, "", "", "binary data (NUL bytes)"
    try:
        obj: Any = json.loads(raw.decode("utf-8", errors="replace"))
    except json.JSONDecodeError as exc:
        return fallback, "", "", f"invalid JSON ({exc.msg})"
    if not isinstance(obj, dict):
        return fallback, "", "", 'expected an object with "text"'
    raw_id = obj.get("id")
    if raw_id is not None and not isinstance(raw_id, str | int):
        return fallback, "", "", '"id" must be a string or a number'
    item_id = str(raw_id) if raw_id is not None and str(raw_id).strip() else fallback
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return item_id, "", "", 'missing "text" string'
    source = obj.get("source")
    return item_id, text, source if isinstance(source, str) and source.strip() else "", None


class ResultsFile:
    """The append-only JSONL of reports (see the module docstring); a context manager.

    Attributes:
        done: SHA-256 of the articles already reported (read when opened, updated by appends).
        truncated_bytes: bytes of a torn last line removed when opening.
        invalid_lines: complete lines that are not reports (ignored; their articles redone).
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser()
        self.done: set[str] = set()
        self.truncated_bytes = 0
        self.invalid_lines = 0
        self._fd: int | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> ResultsFile:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def open(self) -> set[str]:
        """Open (creating it), lock, repair a torn tail, and read what is done.

        Raises:
            InputError: the file cannot be created or read.
            LockTimeoutError: another batch run is appending to it.
        """
        if self.path.is_dir():
            raise InputError(f"--out {self.path} is a folder: give a file name (results.jsonl)")
        if not self.path.parent.is_dir():
            raise InputError(f"cannot write {self.path}: folder {self.path.parent} does not exist")
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        except OSError as exc:
            raise InputError(f"cannot write {self.path}: {exc.strerror or exc}") from None
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                raise LockTimeoutError(
                    f"another `claimcheck check --out` is writing to {self.path}: wait for it to "
                    "finish, or give another --out file"
                ) from None
        self._fd = fd
        try:
            self._scan()
        except BaseException:
            self.close()
            raise
        return self.done

    def _scan(self) -> None:
        assert self._fd is not None
        good_end = 0
        with open(self._fd, "rb", closefd=False) as handle:
            handle.seek(0)
            for number, line in enumerate(handle, start=1):
                if not line.endswith(b"\n"):
                    break  # a torn last line: dropped below
                good_end += len(line)
                sha = _report_sha(line)
                if sha is None:
                    if line.strip():
                        self.invalid_lines += 1
                        log.warning("%s:%d is not a report; ignored", self.path, number)
                    continue
                self.done.add(sha)
        size = os.fstat(self._fd).st_size
        if size > good_end:
            self.truncated_bytes = size - good_end
            log.warning(
                "%s ended with a torn line (%d bytes, from an interrupted run); removed",
                self.path,
                self.truncated_bytes,
            )
            os.ftruncate(self._fd, good_end)
            os.fsync(self._fd)

    def append(self, report: Report) -> None:
        """Append ``report`` as one line: a single ``write()``, then ``fsync``."""
        data = (report.model_dump_json() + "\n").encode("utf-8")
        with self._lock:
            if self._fd is None:
                raise RuntimeError("the results file is closed")
            view = memoryview(data)
            while view:  # one call for a regular file; the loop only guards short writes
                written = os.write(self._fd, view)
                view = view[written:]
            os.fsync(self._fd)
            self.done.add(report.article.sha256)

    def close(self) -> None:
        """Release the lock and close the file (idempotent)."""
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)  # closing releases the flock
                self._fd = None


def _report_sha(line: bytes) -> str | None:
    """``article.sha256`` of a report line, or ``None`` when the line is not a report."""
    try:
        obj = json.loads(line)
    except ValueError:
        return None
    article = obj.get("article") if isinstance(obj, dict) else None
    sha = article.get("sha256") if isinstance(article, dict) else None
    return sha if isinstance(sha, str) and len(sha) == 64 else None
