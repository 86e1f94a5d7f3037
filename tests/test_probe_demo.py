"""The demo probe set reads, and a malformed probe line is a one-line error."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from probe_demo import LABELS, main, read_probes  # noqa: E402


def test_the_probe_set_reads() -> None:
    probes = read_probes(ROOT / "evals" / "probes" / "demo_probes.tsv")
    assert len(probes) >= 70
    assert {label for label, _, _ in probes} == set(LABELS.values())
    assert {group for _, group, _ in probes} == {"news", "general"}
    assert len({claim for _, _, claim in probes}) == len(probes)  # no probe twice


def test_a_bad_probe_line_is_one_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "p.tsv"
    bad.write_text("S\tnews\tA fine claim.\nX\tnews\tA bad label.\n", encoding="utf-8")
    with pytest.raises(SystemExit) as err:
        read_probes(bad)
    assert "p.tsv:2" in str(err.value)
    assert main(["--probes", str(tmp_path / "missing.tsv")]) == 2
    assert "no probe file" in capsys.readouterr().err
