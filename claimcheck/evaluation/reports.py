"""Writing an :class:`EvalResult` to disk: the full JSON report and a Markdown summary.

Files go to ``OUT/<stem>.json`` and ``OUT/<stem>.md`` where the stem names the suite, backend,
split and limit (``scifact-local-heldout-n100``), so runs of different engines sit side by side.
Writes are atomic (temporary file, then rename): an interrupted write never leaves half a report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InputError
from .result import EvalResult

__all__ = ["render_markdown", "report_stem", "write_reports"]

_MAX_MISTAKES = 25
_HEADLINE_BOLD = {"refuted_f1"}


def report_stem(result: EvalResult) -> str:
    """File name stem of a run: ``<suite>-<backend>[-<variant>][-<split>][-n<limit>]``."""
    head = result.header
    parts = [head.suite, head.backend, *([head.variant] if head.variant else [])]
    if head.split:
        parts.append(head.split)
    if head.limit:
        parts.append(f"n{head.limit}")
    return "-".join(parts)


def write_reports(result: EvalResult, out_dir: Path) -> dict[str, str]:
    """Write the JSON report and the Markdown summary; returns and records their paths.

    Raises:
        InputError: ``out_dir`` cannot be created or written.
    """
    stem = report_stem(result)
    json_path, md_path = out_dir / f"{stem}.json", out_dir / f"{stem}.md"
    result.files = {"json": str(json_path), "markdown": str(md_path)}
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        _atomic_write(json_path, result.model_dump_json(indent=2) + "\n")
        _atomic_write(md_path, render_markdown(result))
    except OSError as exc:
        raise InputError(
            f"cannot write the eval report to {out_dir}: {exc.strerror or exc}"
        ) from None
    return result.files


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


# ---------------------------------------------------------------------------- markdown


def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 0.001 and value else f"{value:.3f}"
    if value is None:
        return "–"
    return str(value)


def _cell(text: Any, limit: int = 160) -> str:
    s = " ".join(str(text if text is not None else "").split()).replace("|", "\\|")
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _table(headers: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_cell(_fmt(v)) for v in row) + " |" for row in rows]
    return lines + [""]


def render_markdown(result: EvalResult) -> str:
    """A human summary: header, headline metrics (refuted-F1 in bold), tables, first mistakes."""
    head = result.header
    scope = ", ".join(
        x for x in (head.split and f"split {head.split}", head.limit and f"first {head.limit}") if x
    )
    lines = [
        f"# Eval `{head.suite}` — backend `{head.backend}`" + (f" ({scope})" if scope else ""),
        "",
    ]
    if result.partial:
        lines += [
            "> **Partial run** (interrupted): the metrics cover only the predictions below.",
            "",
        ]
    lines += _table(
        ["", ""],
        [
            ["command", f"`{head.command}`"],
            ["model", head.model],
            ["embedder", head.embedder or "–"],
            ["prompts", ", ".join(f"{k}@{v}" for k, v in head.prompts.items()) or "–"],
            ["git commit", head.git_commit or "–"],
            ["date", head.date],
            *[[f"data `{Path(p).name}`", f"sha256 {h[:16]}…"] for p, h in head.datasets.items()],
            *([["cassette", head.cassette]] if head.cassette else []),
        ],
    )
    lines += [f"- {note}" for note in head.notes] + ([""] if head.notes else [])
    lines += ["## Headline", ""]
    lines += _table(
        ["metric", "value"],
        [
            [
                f"**{k}**" if k.rsplit(".", 1)[-1] in _HEADLINE_BOLD else k,
                f"**{_fmt(v)}**" if k.rsplit(".", 1)[-1] in _HEADLINE_BOLD else v,
            ]
            for k, v in result.headline.items()
        ],
    )
    for name, section in result.metrics.items():
        lines += _section(name, section, level=2)
    lines += _mistakes(result.predictions)
    return "\n".join(lines).rstrip() + "\n"


def _section(name: str, data: Any, *, level: int) -> list[str]:
    if not isinstance(data, dict):
        return []
    lines = ["#" * level + f" {name}", ""]
    scalars = [[k, v] for k, v in data.items() if not isinstance(v, dict | list)]
    if scalars:
        lines += _table(["metric", "value"], scalars)
    if "per_class" in data:
        per = data["per_class"]
        lines += _table(
            ["label", "precision", "recall", "F1", "support", "predicted"],
            [
                [
                    f"**{lb}**" if lb == "refuted" else lb,
                    m["precision"],
                    m["recall"],
                    f"**{_fmt(m['f1'])}**" if lb == "refuted" else m["f1"],
                    m["support"],
                    m["predicted"],
                ]
                for lb, m in per.items()
            ],
        )
    if "confusion" in data:
        labels = list(data["confusion"])
        lines += ["Confusion matrix (rows: gold, columns: predicted):", ""]
        lines += _table(
            ["gold \\ pred", *labels], [[g, *data["confusion"][g].values()] for g in labels]
        )
    if "bins" in data:
        lines += ["Reliability (confidence bin → accuracy):", ""]
        lines += _table(
            ["confidence", "n", "mean confidence", "accuracy"],
            [
                [f"{b['low']:.1f}–{b['high']:.1f}", b["n"], b["confidence"], b["accuracy"]]
                for b in data["bins"]
                if b["n"]
            ],
        )
    for key, value in data.items():
        if isinstance(value, dict) and key not in ("per_class", "confusion"):
            lines += _section(key, value, level=min(level + 1, 4))
    return lines


def _mistakes(predictions: list[dict[str, Any]]) -> list[str]:
    wrong = [p for p in predictions if p.get("correct") is False]
    if not wrong:
        return []
    lines = [f"## Mistakes (first {min(len(wrong), _MAX_MISTAKES)} of {len(wrong)})", ""]
    rows = [
        [
            p.get("id"),
            p.get("gold_label", p.get("gold")),
            p.get("predicted_label", p.get("predicted")),
            p.get("confidence"),
            p.get("claim", p.get("text", "")),
            p.get("rationale") or p.get("error") or "",
        ]
        for p in wrong[:_MAX_MISTAKES]
    ]
    return lines + _table(["id", "gold", "predicted", "conf.", "claim", "rationale"], rows)
