"""``.env.example`` documents every setting, with values that load."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from claimcheck.config import Settings

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / ".env.example"
_LINE = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=(.*)$")


def _entries() -> dict[str, str]:
    out = {}
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        match = _LINE.match(line.strip())
        if match:
            out[match.group(1)] = match.group(2)
    return out


def _env_names(field: str) -> set[str]:
    names = {f"CLAIMCHECK_{field.upper()}"}
    alias = Settings.model_fields[field].validation_alias
    choices = getattr(alias, "choices", None)
    if choices:
        names |= {c for c in choices if isinstance(c, str) and c.isupper()}
    return names


def test_every_setting_is_in_the_env_example() -> None:
    entries = _entries()
    missing = [f for f in Settings.model_fields if not _env_names(f) & set(entries)]
    assert missing == []
    unknown = [n for n in entries if not any(n in _env_names(f) for f in Settings.model_fields)]
    assert unknown == []


def test_every_entry_has_a_comment_above_it() -> None:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if _LINE.match(line.strip()):
            above = lines[i - 1].strip()
            assert above.startswith("#") and not _LINE.match(above), f"no comment above {line!r}"


def test_the_example_values_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMCHECK_STORE")  # the sealed test env sets it; .env comes after env
    env = tmp_path / ".env"
    lines = [
        f"{name}={value}" for name, value in _entries().items() if value and "..." not in value
    ]
    env.write_text("\n".join(lines) + "\n", encoding="utf-8")
    settings = Settings.load(env_file=env)
    defaults = Settings()
    for field in ("model", "timeout_s", "max_retries", "concurrency", "cache", "top_k", "backend"):
        assert getattr(settings, field) == getattr(defaults, field), field
    assert settings.store == Path("~/.local/share/claimcheck/store").expanduser()
