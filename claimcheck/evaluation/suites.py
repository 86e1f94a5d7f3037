"""``run_suite``: one entry point for every eval suite, from the CLI or from Python.

Suites: ``seed`` (our gold for the demo), ``scifact`` and ``climate-fever`` (claim verification,
open retrieval, held-out split by default), ``extraction`` (FEVERFact claims, ClaimBuster and
CheckThat! check-worthiness). Backends: ``local`` (offline engine), ``openai`` (through
cassettes, see :mod:`~claimcheck.evaluation.cassettes`), ``bm25-baseline`` (the naive
baseline, verification suites only).

Example:
    >>> from claimcheck.evaluation import run_suite                      # doctest: +SKIP
    >>> result = run_suite("scifact", limit=100, out=Path("evals/results/scifact"))
    >>> result.headline["macro_f1"], result.headline["refuted_f1"]
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import SecretStr

from ..config import Settings
from ..errors import UserError
from .baseline import BASELINE_NAME
from .context import SuiteContext, SuiteOutput
from .result import EvalHeader, EvalResult, git_commit, now_iso, safe_settings
from .splits import SPLITS, SplitChoice
from .stores import ProgressCallback, default_cache_dir

if TYPE_CHECKING:
    from ..extract.base import ClaimExtractor
    from ..verify.base import Verifier

__all__ = [
    "BACKENDS",
    "SUITES",
    "EvalInterrupted",
    "cassette_path",
    "default_data_dir",
    "default_out_dir",
    "repo_root",
    "run_suite",
]

log = logging.getLogger(__name__)

SUITES = ("seed", "scifact", "climate-fever", "extraction")
BACKENDS = ("local", "openai", BASELINE_NAME)
_SPLIT_SUITES = ("scifact", "climate-fever")
_DATA_SUBDIR = {"scifact": "scifact", "climate-fever": "climate-fever", "extraction": ""}


class EvalInterrupted(KeyboardInterrupt):
    """Ctrl-C during a run; ``result`` is the partial result (written when ``out`` was given)."""

    def __init__(self, result: EvalResult) -> None:
        super().__init__("eval interrupted")
        self.result = result


def repo_root() -> Path:
    """The checkout holding ``evals/`` and ``examples/`` (else the current folder)."""
    here = Path(__file__).resolve().parents[2]
    return here if (here / "evals").is_dir() else Path.cwd()


def default_data_dir(suite: str, root: Path | None = None) -> Path:
    """``../shared/datasets[/<suite>]`` next to the checkout."""
    base = (root or repo_root()).parent / "shared" / "datasets"
    sub = _DATA_SUBDIR.get(suite, "")
    return base / sub if sub else base


def default_out_dir(suite: str, root: Path | None = None) -> Path:
    """``evals/results/<suite>/`` of the checkout (git-ignored)."""
    return (root or repo_root()) / "evals" / "results" / suite


def cassette_path(
    suite: str, split: str | None, limit: int | None, folder: Path | None = None
) -> Path:
    """``<folder>/<suite>/<suite>[-<split>][-n<limit>].yaml`` (folder: ``evals/cassettes``)."""
    stem = "-".join([suite, *([split] if split else []), *([f"n{limit}"] if limit else [])])
    return (folder or repo_root() / "evals" / "cassettes") / suite / f"{stem}.yaml"


def _command(
    suite: str, backend: str, split: str | None, limit: int | None, data: Path | None
) -> str:
    parts = ["claimcheck", "eval", suite, "--backend", backend]
    if split:
        parts += ["--split", split]
    if limit:
        parts += ["--limit", str(limit)]
    if data is not None:
        parts += ["--data", str(data)]
    return " ".join(parts)


def run_suite(
    name: str,
    *,
    backend: str = "local",
    split: SplitChoice | None = None,
    limit: int | None = None,
    data: Path | None = None,
    out: Path | None = None,
    record: bool = False,
    download: bool = False,
    settings: Settings | None = None,
    cache_dir: Path | None = None,
    cassettes: Path | None = None,
    progress: ProgressCallback | None = None,
    extractor: ClaimExtractor | None = None,
    verifier: Verifier | None = None,
    variant: str | None = None,
) -> EvalResult:
    """Run an eval suite and return its result (and write its reports when ``out`` is given).

    Args:
        name: ``seed`` | ``scifact`` | ``climate-fever`` | ``extraction``.
        backend: ``local`` | ``openai`` | ``bm25-baseline`` (scifact, climate-fever only).
        split: ``heldout`` (default for scifact/climate-fever) | ``train`` | ``all``.
        limit: only the first N claims (seed: of each part; extraction: of each dataset).
        data: the dataset folder (default ``../shared/datasets/<suite>`` next to the checkout).
        out: folder for ``<stem>.json`` and ``<stem>.md``; ``None`` writes nothing.
        record: with ``openai``, record a new cassette instead of replaying.
        download: scifact only: fetch the official release into the cache when ``data`` is unset.
        settings: engine settings (default :meth:`Settings.load`).
        cache_dir: cached stores and downloads (default :func:`default_cache_dir`).
        cassettes: folder of the ``openai`` cassettes (default ``evals/cassettes``).
        progress: ``progress(stage, done, total)`` callback.
        extractor: run with this extractor instead of the backend's (ablations).
        verifier: run with this verifier instead of the backend's (ablations).
        variant: a name for such a run (``no-numeric``): recorded in the header and the
            report file name, so it does not overwrite the default run's report.

    Raises:
        UserError: an unknown suite/backend/split, missing data, a missing cassette…
        EvalInterrupted: Ctrl-C; the partial result was written to ``out``.
    """
    if name not in SUITES:
        raise UserError(f"unknown eval suite {name!r}: choose one of {', '.join(SUITES)}")
    if backend not in BACKENDS:
        raise UserError(f"unknown eval backend {backend!r}: choose one of {', '.join(BACKENDS)}")
    if backend == BASELINE_NAME and name not in _SPLIT_SUITES:
        raise UserError(
            f"--backend {BASELINE_NAME} applies to scifact and climate-fever, not {name}"
        )
    if split is not None and split not in SPLITS:
        raise UserError(f"unknown split {split!r}: choose one of {', '.join(SPLITS)}")
    if split is not None and name not in _SPLIT_SUITES:
        raise UserError(f"--split applies to scifact and climate-fever, not {name}")
    if limit is not None and limit < 1:
        raise UserError("--limit must be a positive number of claims")
    if record and backend != "openai":
        raise UserError("--record records model calls: use it with --backend openai")
    if download and name != "scifact":
        raise UserError("--download fetches SciFact: use it with the scifact suite")
    from .. import __version__ as _version

    root = repo_root()
    chosen_split: SplitChoice | None = (split or "heldout") if name in _SPLIT_SUITES else None
    cache = cache_dir or default_cache_dir()
    settings = settings or Settings.load()
    engine = "local" if backend == BASELINE_NAME else backend
    overrides: dict[str, object] = {"backend": engine}
    if engine == "openai":
        overrides["cache"] = False  # every call goes to the cassette, and usage is measured
        if not record:
            overrides["max_retries"] = 0  # a missing interaction fails fast
            if not settings.has_openai_key:
                overrides["openai_api_key"] = SecretStr("sk-replay-no-key-needed")
        elif not settings.has_openai_key:
            raise UserError("--record calls the real API: set OPENAI_API_KEY first")
    settings = settings.model_copy(update=overrides)
    data_dir = data
    if data_dir is None and download:
        from .download import download_scifact

        data_dir = download_scifact(cache, progress=progress)
    if data_dir is None and name != "seed":
        data_dir = default_data_dir(name, root)
    ctx = SuiteContext(
        settings=settings,
        backend=backend,
        root=root,
        cache_dir=cache,
        split=chosen_split or "all",
        limit=limit,
        data_dir=data_dir,
        progress=progress,
        extractor=extractor,
        verifier=verifier,
    )
    header = EvalHeader(
        suite=name,
        split=chosen_split,
        limit=limit,
        backend=backend,
        git_commit=git_commit(root),
        date=now_iso(),
        claimcheck_version=_version,
        settings=safe_settings(settings),
        command=_command(name, backend, chosen_split, limit, data),
        variant=variant,
    )
    if extractor is not None or verifier is not None:
        custom = " and ".join(
            f"{what} {type(obj).__name__}"
            for what, obj in (("extractor", extractor), ("verifier", verifier))
            if obj is not None
        )
        header.notes.append(f"variant {variant or 'custom'}: custom {custom} (set from Python)")
    runner = _runner(name)
    if engine == "openai":
        from .cassettes import model_cassette

        path = cassette_path(name, chosen_split, limit, cassettes)
        header.cassette = str(path.relative_to(root) if path.is_relative_to(root) else path)
        if not record and path.is_file() and "SYNTHETIC" in path.read_text(encoding="utf-8")[:200]:
            header.notes.append(
                "the cassette is SYNTHETIC: its answers come from a scripted stand-in, not a real "
                "model, so these scores test the LLM eval path, not the model"
            )
        with model_cassette(path, record=record) as session:
            try:
                output = runner(ctx)
            except Exception:
                if session.misses:  # the engine let vcrpy's error through: say what to do
                    raise session.miss_error() from None
                raise
        if session.misses:
            header.notes.append(f"{len(session.misses)} model calls were missing from the cassette")
            _finish(header, output, out)
            raise session.miss_error()
    else:
        output = runner(ctx)
    return _finish(header, output, out)


def _finish(header: EvalHeader, output: SuiteOutput, out: Path | None) -> EvalResult:
    header.model, header.embedder, header.prompts = output.model, output.embedder, output.prompts
    header.datasets = output.datasets
    header.notes = [*output.notes, *header.notes]
    result = EvalResult(
        partial=output.partial,
        header=header,
        headline=output.headline,
        metrics=output.metrics,
        predictions=output.predictions,
    )
    if out is not None:
        from .reports import write_reports

        write_reports(result, out)
    if result.partial:
        raise EvalInterrupted(result)
    return result


def _runner(name: str) -> Callable[[SuiteContext], SuiteOutput]:
    if name == "seed":
        from .seed import run_seed

        return run_seed
    if name == "extraction":
        from .extraction import run_extraction

        return run_extraction

    def verification(ctx: SuiteContext) -> SuiteOutput:
        from .datasets import load_climate_fever, load_scifact
        from .verification import run_verification

        assert ctx.data_dir is not None
        loader = load_scifact if name == "scifact" else load_climate_fever
        return run_verification(loader(ctx.data_dir, split=ctx.split), ctx)

    return verification
