"""``claimcheck eval``: the CLI face of :func:`~claimcheck.evaluation.run_suite`.

``cli.py`` registers :func:`eval_command` as ``claimcheck eval``.

Parses options, runs the suite with a progress bar on stderr, prints the headline metrics,
writes the reports, and maps outcomes to exit codes: 0 ok; 1 error or a failed ``--check``;
130 interrupted (the partial report is written first).
"""

from __future__ import annotations

import contextlib
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from .result import EvalResult

__all__ = ["eval_command"]


class SuiteOpt(StrEnum):
    """Eval suites."""

    seed = "seed"
    scifact = "scifact"
    climate_fever = "climate-fever"
    extraction = "extraction"


class EvalBackendOpt(StrEnum):
    """Engines an eval can measure."""

    local = "local"
    openai = "openai"
    bm25_baseline = "bm25-baseline"


class SplitOpt(StrEnum):
    """Parts of the public benchmarks (see claimcheck.evaluation.splits)."""

    heldout = "heldout"
    train = "train"
    all = "all"


def _default_baselines() -> Path:
    from .suites import repo_root

    return repo_root() / "evals" / "baselines.json"


def _progress_bar() -> tuple[Any, Any]:
    """A rich progress bar on stderr and its callback (both ``None`` when stderr is no terminal)."""
    if not sys.stderr.isatty():
        return None, None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    tasks: dict[str, Any] = {}

    def progress(stage: str, done: int, total: int | None) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total)
        bar.update(tasks[stage], completed=done, total=total)

    return bar, progress


def _print_headline(result: EvalResult) -> None:
    head = result.header
    scope = " ".join(
        x for x in (head.split and f"split={head.split}", head.limit and f"limit={head.limit}") if x
    )
    typer.echo(
        f"{head.suite} [{head.backend}] {scope}".rstrip() + (" (PARTIAL)" if result.partial else "")
    )
    width = max((len(k) for k in result.headline), default=10)
    for key, value in result.headline.items():
        typer.echo(
            f"  {key:<{width}}  {value:.4f}"
            if isinstance(value, float)
            else f"  {key:<{width}}  {value}"
        )


def eval_command(
    suite: Annotated[SuiteOpt, typer.Argument(help="seed | scifact | climate-fever | extraction.")],
    backend: Annotated[
        EvalBackendOpt,
        typer.Option(
            "--backend", help="local (offline engine) | openai (replays cassettes) | bm25-baseline."
        ),
    ] = EvalBackendOpt.local,
    split: Annotated[
        SplitOpt | None,
        typer.Option("--split", help="scifact/climate-fever: heldout (default) | train | all."),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", help="Only the first N claims.", min=1)
    ] = None,
    data: Annotated[
        Path | None,
        typer.Option("--data", help="Dataset folder [default: ../shared/datasets/SUITE]."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Report folder [default: evals/results/SUITE/]."),
    ] = None,
    record: Annotated[
        bool,
        typer.Option("--record", help="--backend openai: call the API and re-record the cassette."),
    ] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 1 when a metric drops below evals/baselines.json.")
    ] = False,
    update_baseline: Annotated[
        bool, typer.Option("--update-baseline", help="Store this run's metrics as the baseline.")
    ] = False,
    baselines: Annotated[
        Path | None,
        typer.Option("--baselines", help="Baselines file [default: evals/baselines.json]."),
    ] = None,
    download: Annotated[
        bool,
        typer.Option("--download", help="scifact: fetch the official release (needs internet)."),
    ] = False,
    cache_dir: Annotated[
        Path | None,
        typer.Option(
            "--cache-dir",
            help="Cached stores/downloads [env CLAIMCHECK_EVAL_CACHE; ~/.cache/claimcheck/eval].",
        ),
    ] = None,
    cassettes: Annotated[
        Path | None,
        typer.Option(
            "--cassettes", help="--backend openai: cassette folder [default: evals/cassettes]."
        ),
    ] = None,
    embedder: Annotated[
        str | None,
        typer.Option("--embedder", help="hash (default) | openai | sentence-transformers."),
    ] = None,
    model: Annotated[
        str | None, typer.Option("--model", help="Chat model for --backend openai.")
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log messages on stderr.")
    ] = False,
) -> None:
    """Measure claimcheck on a benchmark and write a JSON report and a Markdown summary.

    Example: claimcheck eval scifact --limit 100

    Example: claimcheck eval seed --check

    Suites: seed (our gold for examples/ and ../shared/seed_article.txt), scifact and
    climate-fever (claim verification against the whole corpus, held-out split by default),
    extraction (FEVERFact claims, ClaimBuster and CheckThat! check-worthiness). Reports go to
    evals/results/SUITE/. See evals/README.md.
    """
    from ..cli import _configure_logging
    from ..config import Settings
    from ..errors import UserError
    from .baselines import baseline_entry, check_against_baseline
    from .baselines import update_baseline as store_baseline
    from .suites import EvalInterrupted, default_out_dir, run_suite

    _configure_logging(verbose)
    name = suite.value
    baselines_path = baselines or _default_baselines()
    chosen_split: Any = split.value if split else None
    if check:
        entry = baseline_entry(baselines_path, name, backend.value)
        if entry is None:
            raise UserError(
                f"no baseline for {name} with backend {backend.value} in {baselines_path}: "
                f"record one with `claimcheck eval {name} --backend {backend.value} "
                "--update-baseline`"
            )
        if limit is None:
            limit = entry.get("limit")
        if chosen_split is None:
            chosen_split = entry.get("split")
    settings = Settings.load(embedder=embedder, model=model)
    out_dir = out or default_out_dir(name)
    bar, progress = _progress_bar()
    try:
        with bar if bar is not None else contextlib.nullcontext():
            result = run_suite(
                name,
                backend=backend.value,
                split=chosen_split,
                limit=limit,
                data=data,
                out=out_dir,
                record=record,
                download=download,
                settings=settings,
                cache_dir=cache_dir,
                cassettes=cassettes,
                progress=progress,
            )
    except EvalInterrupted as exc:
        _print_headline(exc.result)
        typer.echo(
            f"interrupted: partial report written to {exc.result.files.get('json')}", err=True
        )
        raise typer.Exit(130) from None
    _print_headline(result)
    typer.echo(f"wrote {result.files['json']} and {result.files['markdown']}", err=True)
    if update_baseline:
        store_baseline(result, baselines_path)
        typer.echo(f"baseline for {name} [{backend.value}] updated in {baselines_path}", err=True)
    if check:
        outcome = check_against_baseline(result, baselines_path)
        for line in outcome.failures:
            typer.echo(f"regression: {line}", err=True)
        if outcome.skipped:
            typer.echo(f"not checked (absent in this run): {', '.join(outcome.skipped)}", err=True)
        if not outcome.ok:
            raise typer.Exit(1)
        typer.echo(
            f"baseline check passed: {outcome.checked} metrics within {outcome.tolerance} "
            "of the baseline",
            err=True,
        )
