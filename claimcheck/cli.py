"""The ``claimcheck`` command line: parse, call the library, render, map errors to exit codes.

Exit codes: 0 ok; 1 error (one line on stderr saying what to do); 2 usage error; 130 interrupted.
Every command's docstring is its ``--help``, with an example.
"""

from __future__ import annotations

import logging
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .config import Settings
from .errors import ClaimcheckError, InputError, UserError

if TYPE_CHECKING:
    from .models import ClaimResult
    from .pipeline import ClaimChecker

__all__ = ["app", "main", "run"]

log = logging.getLogger("claimcheck")

app = typer.Typer(
    name="claimcheck",
    help="Check the claims of an article against your own documents.\n\n"
    "Start with: claimcheck ingest DOCS/ --store ./store ; "
    "claimcheck check article.txt --store ./store",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
store_app = typer.Typer(help="Inspect the evidence store.", no_args_is_help=True)
app.add_typer(store_app, name="store")


class Fmt(StrEnum):
    """Report formats of ``check``."""

    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"
    claimreview = "claimreview"


class VerifyFmt(StrEnum):
    """Output formats of ``verify``."""

    table = "table"
    json = "json"
    jsonl = "jsonl"


class InfoFmt(StrEnum):
    """Output formats of ``store info``."""

    table = "table"
    json = "json"


class BackendOpt(StrEnum):
    """Engines."""

    auto = "auto"
    local = "local"
    openai = "openai"


StoreOpt = Annotated[
    Path | None,
    typer.Option(
        "--store", help="Store folder [env CLAIMCHECK_STORE; default: per-user data folder]."
    ),
]
CollectionOpt = Annotated[
    str | None, typer.Option("--collection", help="Chroma collection [default: evidence].")
]
EmbedderOpt = Annotated[
    str | None,
    typer.Option("--embedder", help="hash (offline, default) | openai | sentence-transformers."),
]
ChromaUrlOpt = Annotated[
    str | None,
    typer.Option(
        "--chroma-url",
        help="Use a Chroma server, e.g. http://127.0.0.1:8000 [env CLAIMCHECK_CHROMA_URL].",
    ),
]
BackendOptT = Annotated[
    BackendOpt | None,
    typer.Option("--backend", help="auto (openai when a key is set, else local) | local | openai."),
]
OutOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.")
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Only the summary line.")]
VerboseOpt = Annotated[
    bool, typer.Option("--verbose", "-v", help="Rationales, citations and log messages.")
]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Do not use the model answer cache.")]


# ---------------------------------------------------------------------------- helpers


def _settings(**overrides: Any) -> Settings:
    if overrides.pop("no_cache", False):
        overrides["cache"] = False
    backend = overrides.get("backend")
    if isinstance(backend, StrEnum):
        overrides["backend"] = backend.value
    return Settings.load(**overrides)


def _checker(settings: Settings) -> ClaimChecker:
    from .pipeline import ClaimChecker

    return ClaimChecker(settings=settings)


def _use_color() -> bool:
    from .render.style import color_enabled

    return color_enabled(sys.stdout)


def _width() -> int:
    if sys.stdout.isatty():
        return max(80, os.get_terminal_size().columns)
    return 120


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    output = output.expanduser()
    if output.parent and not output.parent.exists():
        raise InputError(f"cannot write {output}: folder {output.parent} does not exist")
    tmp = output.with_name(f".{output.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(output)
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}") from None
    print(f"wrote {output}", file=sys.stderr)


def _configure_logging(verbose: bool) -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_claimcheck", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    handler._claimcheck = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    logging.getLogger("claimcheck").setLevel(logging.INFO if verbose else logging.WARNING)
    for noisy in ("chromadb", "httpx", "httpcore", "openai", "bm25s", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.ERROR)


def _progress_callback(bar: Any, *, lock_file: Path | None = None) -> Any:
    """A ``progress(stage, done, total)`` callback drawing on ``bar`` (may be ``None``); the
    ``lock`` stage (the store is busy) is always said on stderr."""
    tasks: dict[str, Any] = {}

    def progress(stage: str, done: int, total: int | None) -> None:
        if stage == "lock" and "lock" not in tasks:
            tasks["lock"] = None
            print(f"waiting for another ingest (lock {lock_file})…", file=sys.stderr, flush=True)
            return
        if bar is None or stage == "lock":
            return
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total)
        bar.update(tasks[stage], completed=done, total=total)

    return progress


def _progress_bar() -> Any:
    """A rich progress bar on stderr (only when stderr is a terminal)."""
    if not sys.stderr.isatty():
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=True,
    )


# ---------------------------------------------------------------------------- commands


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders: .jsonl .txt .md .html.")],
    store: StoreOpt = None,
    collection: CollectionOpt = None,
    embedder: EmbedderOpt = None,
    chroma_url: ChromaUrlOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Add documents to the evidence store (idempotent: unchanged documents are skipped).

    Example: claimcheck ingest examples/corpus --store ./store

    JSONL lines are {"id": …, "text": …, "title"?, "url"?, …}; a bad line is reported with its
    line number and the other lines are still ingested (exit code 1 when anything failed).
    """
    _configure_logging(verbose)
    settings = _settings(
        store=store, collection=collection, embedder=embedder, chroma_url=chroma_url
    )
    checker = _checker(settings)
    bar = _progress_bar()
    progress = _progress_callback(bar, lock_file=checker.store.path / ".lock")
    if bar is not None:
        with bar:
            stats = checker.ingest(paths, progress=progress)
    else:
        stats = checker.ingest(paths, progress=progress)
    for message in stats.errors[:20]:
        print(f"error: {message}", file=sys.stderr)
    if len(stats.errors) > 20:
        print(f"error: … and {len(stats.errors) - 20} more", file=sys.stderr)
    print(
        f"added {stats.added}, updated {stats.updated}, unchanged {stats.unchanged}, "
        f"failed {stats.failed} ({stats.passages} passages written, {stats.seconds:.1f} s) "
        f"→ {settings.chroma_url or settings.store} [{settings.collection}]"
    )
    if stats.failed:
        raise typer.Exit(1)


@app.command()
def check(
    article: Annotated[str, typer.Argument(help="Article file, or - for stdin.")],
    store: StoreOpt = None,
    collection: CollectionOpt = None,
    backend: BackendOptT = None,
    fmt: Annotated[
        Fmt, typer.Option("--format", "-f", help="table | json | markdown | html | claimreview.")
    ] = Fmt.table,
    output: OutOpt = None,
    embedder: EmbedderOpt = None,
    chroma_url: ChromaUrlOpt = None,
    model: Annotated[
        str | None, typer.Option("--model", help="Chat model for --backend openai.")
    ] = None,
    no_cache: NoCacheOpt = False,
    url: Annotated[
        str | None, typer.Option("--url", help="Where the article appeared (html, claimreview).")
    ] = None,
    date_published: Annotated[
        str | None,
        typer.Option("--date-published", help="Review date for claimreview (YYYY-MM-DD)."),
    ] = None,
    author: Annotated[
        str | None, typer.Option("--author", help="Who made the claims (claimreview itemReviewed).")
    ] = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Batch mode: check every article of a folder (.txt/.md) or a JSONL file "
            '({"id"?, "text", "source"?} lines) and append one JSON report per line to FILE; '
            "a re-run resumes.",
        ),
    ] = None,
    concurrency: Annotated[
        int | None,
        typer.Option("--concurrency", min=1, max=64, help="Batch mode: articles at once."),
    ] = None,
) -> None:
    """Check an article: extract its claims, retrieve evidence, give a verdict per claim.

    Example: claimcheck check examples/article.txt --store ./store --format json -o report.json

    Batch mode: claimcheck check articles/ --out results.jsonl --store ./store
    (one JSON report per line; articles already in results.jsonl are skipped; exit code 1 when
    an article failed, 130 when interrupted — run the same command again to finish).
    """
    from .inputs import read_article
    from .render import render_report

    _configure_logging(verbose)
    settings = _settings(
        store=store, collection=collection, backend=backend, embedder=embedder,
        chroma_url=chroma_url, model=model, no_cache=no_cache, concurrency=concurrency,
    )  # fmt: skip
    if out is not None:
        if output is not None:
            raise typer.BadParameter("use --out (batch mode) or -o/--output, not both")
        raise typer.Exit(_check_batch(settings, article, out))
    text = read_article(article, max_chars=settings.max_article_chars)
    report = _checker(settings).check(text.text, source=text.source)
    color = output is None and _use_color()
    rendered = render_report(
        report, fmt.value, color=color, width=_width(), verbose=verbose, quiet=quiet,
        article_text=text.text, url=url, date_published=date_published, author=author,
    )  # fmt: skip
    _emit(rendered, output)


def _check_batch(settings: Settings, source: str, out: Path) -> int:
    """Run ``check --out`` (see :mod:`claimcheck.batch`); returns the exit code."""
    from .batch import check_batch

    bar = _progress_bar()
    progress = _progress_callback(bar)
    if bar is not None:
        with bar:
            summary = check_batch(_checker(settings), source, out, progress=progress)
    else:
        summary = check_batch(_checker(settings), source, out, progress=progress)
    for message in summary.errors[:20]:
        print(f"error: {message}", file=sys.stderr)
    if len(summary.errors) > 20:
        print(f"error: … and {len(summary.errors) - 20} more", file=sys.stderr)
    print(summary.describe(), file=sys.stderr)
    return summary.exit_code


@app.command()
def verify(
    claim: Annotated[str | None, typer.Argument(help="The claim to verify.")] = None,
    input_file: Annotated[
        Path | None, typer.Option("--input", "-i", help='JSONL of {"id": …, "claim": …} lines.')
    ] = None,
    store: StoreOpt = None,
    collection: CollectionOpt = None,
    backend: BackendOptT = None,
    fmt: Annotated[
        VerifyFmt, typer.Option("--format", "-f", help="table | json | jsonl.")
    ] = VerifyFmt.table,
    output: OutOpt = None,
    embedder: EmbedderOpt = None,
    chroma_url: ChromaUrlOpt = None,
    no_cache: NoCacheOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Verify single claims against the store.

    Example: claimcheck verify "The Russia-Ukraine land border is 1,974 km long." --store ./store
    Example: claimcheck verify --input examples/claims.jsonl --format jsonl --store ./store

    With --input, results come in input order and each result's id echoes the input id; bad
    lines are reported with their line number, the others are verified (exit code 1).
    """
    from .inputs import read_claims_jsonl
    from .render import render_claims_table, render_result_jsonl

    _configure_logging(verbose)
    if (claim is None) == (input_file is None):
        raise typer.BadParameter("give either a CLAIM or --input FILE (not both)")
    settings = _settings(
        store=store, collection=collection, backend=backend, embedder=embedder,
        chroma_url=chroma_url, no_cache=no_cache,
    )  # fmt: skip
    errors: list[str] = []
    if input_file is not None:
        lines, errors = read_claims_jsonl(input_file)
        texts, ids = [line.text for line in lines], [line.id for line in lines]
    else:
        assert claim is not None
        if not claim.strip():
            raise InputError("the claim is empty: give the sentence to verify")
        texts, ids = [claim], ["c1"]
    results: list[ClaimResult] = _checker(settings).verify_many(texts, ids=ids) if texts else []
    if fmt is VerifyFmt.jsonl:
        text = render_result_jsonl(results)
    elif fmt is VerifyFmt.json:
        import json

        text = json.dumps([r.model_dump(mode="json") for r in results], indent=2) + "\n"
    else:
        color = output is None and _use_color()
        text = render_claims_table(results, color=color, width=_width(), verbose=verbose)
    _emit(text, output)
    for message in errors:
        print(f"error: {message}", file=sys.stderr)
    if errors:
        raise typer.Exit(1)


@store_app.command("info")
def store_info(
    store: StoreOpt = None,
    collection: CollectionOpt = None,
    embedder: EmbedderOpt = None,
    chroma_url: ChromaUrlOpt = None,
    fmt: Annotated[InfoFmt, typer.Option("--format", "-f", help="table | json.")] = InfoFmt.table,
) -> None:
    """What the store holds: documents, passages, embedder, collection.

    Example: claimcheck store info --store ./store --format json
    """
    _configure_logging(False)
    settings = _settings(
        store=store, collection=collection, embedder=embedder, chroma_url=chroma_url
    )
    info = _checker(settings).info()
    if fmt is InfoFmt.json:
        sys.stdout.write(info.model_dump_json(indent=2) + "\n")
    else:
        for key, value in info.model_dump().items():
            print(f"{key:>14}: {value}")


@store_app.command("repair")
def store_repair(
    store: StoreOpt = None,
    collection: CollectionOpt = None,
    embedder: EmbedderOpt = None,
    chroma_url: ChromaUrlOpt = None,
    check_only: Annotated[
        bool, typer.Option("--check", help="Only report problems; change nothing (exit 1 if any).")
    ] = False,
    fmt: Annotated[InfoFmt, typer.Option("--format", "-f", help="table | json.")] = InfoFmt.table,
) -> None:
    """Check the store's invariants and repair it: drop incomplete documents, rebuild damaged
    vectors from the stored texts, rebuild the lexical index; a corrupt database is moved aside.

    Example: claimcheck store repair --store ./store
    Example: claimcheck store repair --store ./store --check --format json
    """
    from .store.repair import repair_store

    _configure_logging(False)
    settings = _settings(
        store=store, collection=collection, embedder=embedder, chroma_url=chroma_url
    )
    bar = _progress_bar()
    progress = _progress_callback(bar, lock_file=settings.store / ".lock")
    checker = _checker(settings)
    if bar is not None:
        with bar:
            report = repair_store(checker.store, check_only=check_only, progress=progress)
    else:
        report = repair_store(checker.store, check_only=check_only, progress=progress)
    if fmt is InfoFmt.json:
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
    else:
        for problem in report.problems:
            print(f"problem: {problem}")
        for action in report.actions:
            print(f"repaired: {action}")
        state = "ok" if report.ok else ("problems found" if check_only else "repaired")
        print(
            f"{state}: {report.documents} documents, {report.passages} passages, vectors "
            f"{report.vectors}, lexical index {report.lexical_index} → {report.store} "
            f"[{report.collection}]"
        )
    if check_only and not report.ok:
        raise typer.Exit(1)


# ---------------------------------------------------------------------------- other commands


def _register(module: str, attr: str, name: str) -> None:
    """Add a command defined in its own module (kept there so cli.py stays thin)."""
    import importlib

    try:
        command = getattr(importlib.import_module(module, __package__), attr)
    except ModuleNotFoundError as exc:  # the module is still being written (temporary guard)
        if exc.name and exc.name.startswith("claimcheck."):
            return
        raise
    app.command(name)(command)


_register(".evaluation.command", "eval_command", "eval")
_register(".mcp_server.command", "mcp_command", "mcp")


# ---------------------------------------------------------------------------- entry points


def _usage_exit(exc: Exception) -> int:
    show = getattr(exc, "show", None)
    if callable(show):
        show(file=sys.stderr)
    else:
        print(f"error: {exc}", file=sys.stderr)
    return int(getattr(exc, "exit_code", 2))


def main(argv: list[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default ``sys.argv[1:]``) and return the exit code."""
    from typer.exceptions import Abort, Exit, TyperException

    command = typer.main.get_command(app)
    try:
        result = command.main(args=argv, prog_name="claimcheck", standalone_mode=False)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except ClaimcheckError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except Exit as exc:
        return int(exc.exit_code)
    except TyperException as exc:
        return _usage_exit(exc)
    except (Abort, KeyboardInterrupt):
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    except Exception as exc:  # a bug or an unmapped library failure: still one line, no traceback
        if os.environ.get("CLAIMCHECK_DEBUG"):
            raise
        log.debug("unexpected error", exc_info=True)
        message = " ".join(str(exc).split())[:300]
        print(
            f"error: unexpected {type(exc).__name__}: {message} "
            "(set CLAIMCHECK_DEBUG=1 for the traceback, and please report it)",
            file=sys.stderr,
        )
        return 1
    return result if isinstance(result, int) else 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
