"""evals/bootstrap.py: the spread of an eval number over resampled claims."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

SCRIPT = ROOT / "evals" / "bootstrap.py"


def _report(path: Path, pairs: list[tuple[str, str]]) -> Path:
    predictions = [{"gold_label": g, "predicted_label": p} for g, p in pairs]
    path.write_text(json.dumps({"predictions": predictions}), encoding="utf-8")
    return path


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, cwd=ROOT, check=False
    )


def test_point_values_spread_and_seeded_repeats(tmp_path: Path) -> None:
    pairs = [("supported", "supported")] * 6 + [("refuted", "refuted")] * 2
    pairs += [("refuted", "supported")] * 2 + [("not_enough_evidence", "supported")] * 2
    report = _report(tmp_path / "r.json", pairs)
    first = _run(str(report), "--resamples", "200")
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert "(12 claims, 200 resamples)" in lines[0]
    accuracy = next(line for line in lines if "accuracy" in line).split()
    assert accuracy[1] == "0.667"  # 8 of 12 right
    assert float(accuracy[3]) > 0.0  # a spread, not a constant
    # macro-F1 over the three labels the gold uses: (0.75 + 0.667 + 0) / 3
    assert next(line for line in lines if "macro_f1" in line).split()[1] == "0.472"
    assert _run(str(report), "--resamples", "200").stdout == first.stdout


def test_a_perfect_report_has_no_spread(tmp_path: Path) -> None:
    report = _report(tmp_path / "r.json", [("supported", "supported"), ("refuted", "refuted")] * 5)
    out = _run(str(report), "--resamples", "50").stdout
    assert "accuracy    1.000  sd 0.000  95% [1.000, 1.000]" in out


def test_bad_input_is_one_line_and_non_zero(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    cases = {
        (str(bad),): "bad.json: not an eval report",
        (str(tmp_path / "missing.json"),): "missing.json: not an eval report",
        (str(bad), "--resamples", "1"): "--resamples must be at least 10",
    }
    for args, message in cases.items():
        done = _run(*args)
        assert done.returncode != 0
        assert "Traceback" not in done.stderr
        assert message in done.stderr.strip().splitlines()[-1]  # the error is one line
