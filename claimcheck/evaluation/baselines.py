"""Committed baseline numbers (``evals/baselines.json``) and the regression check against them.

Format::

    {
      "tolerance": 0.02,
      "suites": {
        "scifact": {
          "local": {"split": "heldout", "limit": 100, "commit": "…", "date": "…",
                    "metrics": {"macro_f1": 0.41, "refuted_f1": 0.0, …}}
        }
      }
    }

``--check`` compares a run's headline metrics with the entry of its suite and backend: a metric
fails when it is more than ``tolerance`` (absolute, metrics are in [0, 1]) *below* its baseline.
An entry may carry its own ``tolerance`` (and a ``note`` saying why); both are kept by
``--update-baseline``.
Only "higher is better" metrics are stored and checked (latency, cost, ECE and error counts are
left out). A metric missing from the run (e.g. the seed article part when ``../shared`` is
absent) is reported as skipped, not failed. ``--update-baseline`` rewrites the entry from a
complete run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, UserError
from .result import EvalResult

__all__ = [
    "DEFAULT_TOLERANCE",
    "BaselineCheck",
    "baseline_entry",
    "check_against_baseline",
    "checked_metrics",
    "load_baselines",
    "update_baseline",
]

DEFAULT_TOLERANCE = 0.02
_NOT_CHECKED = ("latency", "llm_calls", "tokens", "cost", "ece", "errors")


def _higher_is_better(name: str) -> bool:
    last = name.rsplit(".", 1)[-1]
    return not (last.startswith(_NOT_CHECKED) or last.endswith("_s"))


def checked_metrics(headline: dict[str, float]) -> dict[str, float]:
    """The headline metrics a baseline records (the higher-is-better ones)."""
    return {k: v for k, v in headline.items() if _higher_is_better(k)}


@dataclass
class BaselineCheck:
    """Outcome of ``--check``."""

    failures: list[str]
    """One line per metric that dropped too far: ``name: 0.31 < baseline 0.41 - 0.02``."""
    checked: int
    skipped: list[str]
    tolerance: float

    @property
    def ok(self) -> bool:
        """No metric dropped more than the tolerance."""
        return not self.failures


def load_baselines(path: Path) -> dict[str, Any]:
    """The baselines file (an empty structure when it does not exist yet)."""
    if not path.is_file():
        return {"tolerance": DEFAULT_TOLERANCE, "suites": {}}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read baselines {path}: {exc}: fix or delete the file") from None
    if not isinstance(data, dict) or not isinstance(data.get("suites", {}), dict):
        raise InputError(f'baselines {path} has no "suites" object: fix or delete the file')
    data.setdefault("tolerance", DEFAULT_TOLERANCE)
    data.setdefault("suites", {})
    return data


def baseline_entry(path: Path, suite: str, backend: str) -> dict[str, Any] | None:
    """The stored entry of a suite and backend, or ``None``."""
    entry = load_baselines(path)["suites"].get(suite, {}).get(backend)
    return entry if isinstance(entry, dict) else None


def check_against_baseline(result: EvalResult, path: Path) -> BaselineCheck:
    """Compare ``result`` with its baseline entry.

    Raises:
        UserError: there is no entry for the suite and backend, or the run's split/limit differ
            from the ones the baseline was measured with.
    """
    data = load_baselines(path)
    head = result.header
    entry = data["suites"].get(head.suite, {}).get(head.backend)
    if not isinstance(entry, dict):
        raise UserError(
            f"no baseline for suite {head.suite} with backend {head.backend} in {path}: "
            f"record one with `claimcheck eval {head.suite} --backend {head.backend} "
            "--update-baseline`"
        )
    if entry.get("split") != head.split or entry.get("limit") != head.limit:
        raise UserError(
            f"the {head.suite} baseline was measured with split={entry.get('split')} "
            f"limit={entry.get('limit')}, this run used split={head.split} limit={head.limit}: "
            "run --check without --split/--limit (they default to the baseline's)"
        )
    tolerance = float(entry.get("tolerance", data.get("tolerance", DEFAULT_TOLERANCE)))
    failures: list[str] = []
    skipped: list[str] = []
    checked = 0
    for name, base in (entry.get("metrics") or {}).items():
        value = result.headline.get(name)
        if value is None:
            skipped.append(name)
            continue
        checked += 1
        if value < float(base) - tolerance - 1e-9:
            failures.append(f"{name}: {value:.4f} < baseline {float(base):.4f} - {tolerance}")
    return BaselineCheck(failures=failures, checked=checked, skipped=skipped, tolerance=tolerance)


def update_baseline(result: EvalResult, path: Path) -> dict[str, Any]:
    """Store ``result``'s checked metrics as the baseline of its suite and backend.

    Raises:
        UserError: the run was partial (interrupted) or had errors.
    """
    if result.partial:
        raise UserError(
            "refusing to record a partial (interrupted) run as the baseline: run it to the end"
        )
    data = load_baselines(path)
    head = result.header
    entry = {
        "split": head.split,
        "limit": head.limit,
        "commit": head.git_commit,
        "date": head.date,
        "command": head.command,
        "metrics": checked_metrics(result.headline),
    }
    previous = data["suites"].get(head.suite, {}).get(head.backend) or {}
    for kept in ("tolerance", "note"):  # hand-set fields survive an update
        if kept in previous:
            entry[kept] = previous[kept]
    data["suites"].setdefault(head.suite, {})[head.backend] = entry
    data["suites"] = {k: data["suites"][k] for k in sorted(data["suites"])}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    return entry
