"""Reading inputs: an article from a file or stdin, claims from a JSONL file; shared checks."""

from __future__ import annotations

import hashlib
import json
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

__all__ = [
    "Article",
    "ClaimLine",
    "article_title",
    "read_article",
    "read_claims_jsonl",
    "validate_article_text",
]

log = logging.getLogger(__name__)

DEFAULT_MAX_CHARS = 1_000_000


@dataclass(frozen=True)
class Article:
    """An article as read: its text, where it came from, and warnings raised while reading."""

    text: str
    source: str
    warnings: tuple[str, ...] = ()

    @property
    def sha256(self) -> str:
        """SHA-256 of the UTF-8 text (identifies the article in reports and batch resume)."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def validate_article_text(
    text: str, *, source: str = "-", max_chars: int = DEFAULT_MAX_CHARS
) -> None:
    """Raise :class:`InputError` when ``text`` cannot be checked (empty, binary, too long)."""
    if not text.strip():
        raise InputError(f"the article {source} is empty: give a file or stdin with text to check")
    if "\x00" in text:
        raise InputError(
            f"the article {source} looks binary (it contains NUL bytes): give a text file"
        )
    if len(text) > max_chars:
        raise InputError(
            f"the article {source} has {len(text):,} characters, more than the limit of "
            f"{max_chars:,}: split it, or raise CLAIMCHECK_MAX_ARTICLE_CHARS"
        )


def read_article(path: str | Path, *, max_chars: int = DEFAULT_MAX_CHARS) -> Article:
    """Read an article from ``path`` (``-`` is stdin).

    Invalid UTF-8 is decoded with replacement characters and a warning (our documented
    policy: the rest of the text is still checked). Binary files, empty files, folders and
    missing files raise :class:`InputError` with a message that says what to give instead.
    """
    source = str(path)
    if source == "-":
        data = sys.stdin.buffer.read()
    else:
        file = Path(path)
        if not file.exists():
            raise InputError(f"no such file: {source}", path=source)
        if file.is_dir():
            raise InputError(
                f"{source} is a folder: give one article file (or use batch mode with --out)",
                path=source,
            )
        try:
            if file.stat().st_size > max_chars * 4:
                raise InputError(
                    f"the article {source} is larger than the limit of {max_chars:,} characters: "
                    "split it, or raise CLAIMCHECK_MAX_ARTICLE_CHARS",
                    path=source,
                )
            data = file.read_bytes()
        except PermissionError:
            raise InputError(f"cannot read {source}: permission denied", path=source) from None
        except OSError as exc:
            raise InputError(f"cannot read {source}: {exc.strerror or exc}", path=source) from None
    if b"\x00" in data[:65536]:
        raise InputError(
            f"the article {source} looks binary (it contains NUL bytes): give a text file"
        )
    warnings: list[str] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace")
        message = (
            f"{source} is not valid UTF-8 (first bad byte at offset {exc.start}); "
            "undecodable bytes were replaced with U+FFFD"
        )
        log.warning(message)
        warnings.append(message)
    validate_article_text(text, source=source, max_chars=max_chars)
    return Article(text=text, source=source, warnings=tuple(warnings))


def article_title(text: str) -> str:
    """A title for the report: the first short line of the article, if it looks like one."""
    for line in text.splitlines():
        stripped = line.strip().lstrip("#").strip()
        if not stripped:
            continue
        if len(stripped) <= 160 and not stripped.endswith((".", ",", ";", ":")):
            return stripped
        return ""
    return ""


@dataclass(frozen=True)
class ClaimLine:
    """One claim read from a ``verify --input`` file."""

    id: str
    text: str
    line: int


def read_claims_jsonl(path: str | Path) -> tuple[list[ClaimLine], list[str]]:
    """Read ``{"id": …, "claim": …}`` lines (``"text"`` accepted for ``"claim"``).

    Returns the good lines and one error message per bad line (``FILE:LINE: reason``); our
    policy, the same as ``ingest``: good lines are processed, bad lines are reported and make
    the command exit non-zero. A line without ``id`` gets ``line-N``. Blank lines are skipped.

    Raises:
        InputError: the file is missing, unreadable, binary, or has no claim at all.
    """
    source = str(path)
    if source == "-":
        raw = sys.stdin.buffer.read()
    else:
        file = Path(path)
        if not file.is_file():
            raise InputError(f"no such file: {source}", path=source)
        try:
            raw = file.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read {source}: {exc.strerror or exc}", path=source) from None
    if b"\x00" in raw[:65536]:
        raise InputError(f"{source} looks binary: give a JSONL file of claims", path=source)
    text = raw.decode("utf-8", errors="replace")
    claims: list[ClaimLine] = []
    errors: list[str] = []
    seen: set[str] = set()
    # JSON Lines are separated by "\n" only: str.splitlines() would also break a line at a
    # raw U+2028/U+2029 inside a JSON string
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"{source}:{number}: invalid JSON ({exc.msg})")
            continue
        if not isinstance(obj, dict):
            errors.append(f'{source}:{number}: expected an object with "claim"')
            continue
        claim = obj.get("claim", obj.get("text"))
        if not isinstance(claim, str) or not claim.strip():
            errors.append(f'{source}:{number}: missing "claim" (or "text") string')
            continue
        claim_id = str(obj["id"]) if obj.get("id") is not None else f"line-{number}"
        if claim_id in seen:
            errors.append(f"{source}:{number}: duplicate id {claim_id!r}")
            continue
        seen.add(claim_id)
        claims.append(ClaimLine(id=claim_id, text=claim, line=number))
    if not claims and not errors:
        raise InputError(f"{source} has no claims: write one JSON object per line", path=source)
    return claims, errors
