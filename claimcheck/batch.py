"""Batch checking: many articles → one JSON report per line of a results file, resumable.

``claimcheck check DIR|FILE.jsonl --out results.jsonl`` calls :func:`check_batch`:

* the articles are a folder of ``.txt``/``.md`` files or a JSONL file of
  ``{"id"?, "text", "source"?}`` lines (see :mod:`claimcheck._batch_io`);
* up to ``concurrency`` articles (default ``settings.concurrency``) are checked at once, each
  by its own :class:`~claimcheck.pipeline.ClaimChecker` sharing one evidence store (so every
  report's ``usage`` is its own);
* each report is appended to the results file as one line, atomically, as soon as it is ready
  (the order of lines is the order of completion); ``article.id`` echoes the input id and
  ``article.sha256`` identifies the text;
* a re-run **resumes**: articles whose SHA-256 is already in the results file are skipped, as
  are repeats of a text within the run; a torn last line left by a crash is removed first;
* an article that cannot be read or checked is reported in :attr:`BatchSummary.errors` and not
  written (a re-run retries it); a configuration error (e.g. a rejected API key) or a missing
  store stops the batch at once;
* Ctrl-C stops taking new articles, waits ``grace_s`` seconds for those in flight, and returns
  with :attr:`BatchSummary.interrupted` set: at most the articles in flight are lost, and the
  results file holds only complete lines.

Progress goes to a ``progress(stage, done, total)`` callback (stage ``"check"``); this module
never prints.
"""

from __future__ import annotations

import logging
import queue
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ._batch_io import BatchItem, ResultsFile, batch_inputs, count_inputs
from .errors import ClaimcheckError, InputError, RuntimeFailure, UserError
from .models import Report, Summary

if TYPE_CHECKING:
    from .pipeline import ClaimChecker

__all__ = ["BatchItem", "BatchSummary", "ResultsFile", "batch_inputs", "check_batch"]

log = logging.getLogger(__name__)

BatchProgress = Callable[[str, int, "int | None"], None]


@dataclass
class BatchSummary:
    """What a batch run did.

    Attributes:
        output: the results file.
        inputs: articles (and bad lines) in the source.
        checked: reports written by this run.
        skipped: articles already in the results file (resumed).
        duplicates: inputs whose text repeats an earlier input of this run (not checked twice).
        failed: inputs that could not be read or checked (see ``errors``; a re-run retries).
        claims: verdict counts over the reports written by this run.
        errors: one line per failed input, ``"SOURCE: reason"``.
        interrupted: stopped by Ctrl-C before the end.
        truncated_bytes: bytes of a torn last line removed from the results file.
        seconds: wall-clock time of the run.
    """

    output: str
    inputs: int = 0
    checked: int = 0
    skipped: int = 0
    duplicates: int = 0
    failed: int = 0
    claims: Summary = field(default_factory=Summary)
    errors: list[str] = field(default_factory=list)
    interrupted: bool = False
    truncated_bytes: int = 0
    seconds: float = 0.0

    @property
    def processed(self) -> int:
        """Inputs dealt with: checked, skipped, duplicates and failed."""
        return self.checked + self.skipped + self.duplicates + self.failed

    @property
    def exit_code(self) -> int:
        """130 when interrupted, 1 when an input failed, else 0."""
        return 130 if self.interrupted else 1 if self.failed else 0

    def describe(self) -> str:
        """One line for people: counts, verdicts and where the reports are."""
        parts = [f"checked {self.checked} article{'s' if self.checked != 1 else ''}"]
        if self.skipped:
            parts.append(f"{self.skipped} already in {Path(self.output).name}")
        if self.duplicates:
            parts.append(f"{self.duplicates} duplicate{'s' if self.duplicates != 1 else ''}")
        if self.failed:
            parts.append(f"{self.failed} failed")
        if self.interrupted:
            parts.append(f"{self.inputs - self.processed} not reached")
        c = self.claims
        verdicts = (
            f"claims: {c.supported} supported · {c.refuted} refuted · {c.conflicting} conflicting"
            f" · {c.not_enough_evidence} not enough evidence · {c.errors} errors"
        )
        head = "interrupted: " if self.interrupted else ""
        body = ", ".join(parts) + (f"; {verdicts}" if self.checked else "")
        return f"{head}{body} ({self.seconds:.1f} s) → {self.output}"


@dataclass
class _Outcome:
    item: BatchItem
    kind: str  # "ok" | "skipped" | "duplicate" | "failed" | "fatal"
    report: Report | None = None
    error: BaseException | None = None


class _Done:
    """Marks a worker that has finished."""


def check_batch(
    checker: ClaimChecker,
    source: str | Path,
    out: str | Path,
    *,
    concurrency: int | None = None,
    progress: BatchProgress | None = None,
    grace_s: float = 3.0,
) -> BatchSummary:
    """Check every article of ``source`` into the results file ``out`` (see the module doc).

    Args:
        checker: its store and settings are used; with ``concurrency > 1`` each worker gets
            its own checker built from ``checker.settings`` over the same store (custom
            engines given to ``checker`` are shared by the workers instead).
        source: a folder of ``.txt``/``.md`` articles, a ``.jsonl`` file, or one article file.
        out: the results file (created, or resumed when it exists).
        concurrency: articles checked at once (default ``checker.settings.concurrency``).
        progress: ``progress("check", done, total)`` after each article.
        grace_s: on Ctrl-C, how long to wait for the articles in flight.

    Raises:
        InputError: ``source`` or ``out`` cannot be used.
        StoreNotReadyError: the store is missing or empty.
        ConfigError: e.g. the openai backend without a key, or a key the server rejects.
        LockTimeoutError: another batch run is writing to ``out``.
    """
    started = time.perf_counter()
    total = count_inputs(source)
    checker.store.ensure_ready()
    workers = max(1, min(concurrency or checker.settings.concurrency, max(total, 1)))
    checkers = _worker_checkers(checker, workers)
    for each in checkers:
        each.extractor  # noqa: B018 - builds the engines now: a missing key fails before any work
    results = ResultsFile(out)
    summary = BatchSummary(output=str(results.path), inputs=total)
    with results:
        summary.truncated_bytes = results.truncated_bytes
        run = _Run(checkers, results, summary, total, progress)
        try:
            run.start(source)
            run.collect()
        except KeyboardInterrupt:
            summary.interrupted = True
            run.stop(grace_s)
        finally:
            run.stop(0.0)
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary


_BUILT_IN_ENGINES = frozenset(
    {
        "claimcheck.extract.rules.RuleExtractor",
        "claimcheck.extract.llm.LLMExtractor",
        "claimcheck.verify.local.LocalVerifier",
        "claimcheck.verify.llm.LLMVerifier",
    }
)


def _worker_checkers(checker: ClaimChecker, n: int) -> list[ClaimChecker]:
    """One checker per worker (engines count usage per checker), all on ``checker.store``;
    engines that ``checker.settings`` cannot rebuild (custom ones) are shared instead."""
    from .pipeline import ClaimChecker

    engines = (checker.extractor, checker.verifier)
    names = {f"{type(e).__module__}.{type(e).__qualname__}" for e in engines}
    if n == 1 or not names <= _BUILT_IN_ENGINES:
        return [checker] * n
    clones = [ClaimChecker(checker.store, settings=checker.settings) for _ in range(n - 1)]
    return [checker, *clones]


class _Run:
    """The threads of one batch: a feeder, ``n`` workers, and the caller collecting results."""

    def __init__(
        self,
        checkers: list[ClaimChecker],
        results: ResultsFile,
        summary: BatchSummary,
        total: int,
        progress: BatchProgress | None,
    ) -> None:
        self.checkers = checkers
        self.results = results
        self.summary = summary
        self.total = total
        self.progress = progress
        self.max_chars = checkers[0].settings.max_article_chars
        self.todo: queue.Queue[BatchItem | None] = queue.Queue(maxsize=2 * len(checkers))
        self.out: queue.Queue[_Outcome | _Done] = queue.Queue()
        self.stopping = threading.Event()
        self.claimed: set[str] = set(results.done)  # hashes written or being checked
        self.before = set(results.done)
        self.lock = threading.Lock()
        self.threads: list[threading.Thread] = []
        self.feed_error: BaseException | None = None

    def start(self, source: str | Path) -> None:
        feeder = threading.Thread(
            target=self._feed, args=(source,), name="claimcheck-batch-feed", daemon=True
        )
        self.threads.append(feeder)
        for i, checker in enumerate(self.checkers):
            self.threads.append(
                threading.Thread(
                    target=self._work, args=(checker,), name=f"claimcheck-batch-{i}", daemon=True
                )
            )
        for thread in self.threads:
            thread.start()

    def _put(self, item: BatchItem | None) -> bool:
        while not self.stopping.is_set():
            try:
                self.todo.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _feed(self, source: str | Path) -> None:
        try:
            for item in batch_inputs(source):
                if not self._put(item):
                    return
        except BaseException as exc:  # reported by collect(); the workers still finish
            self.feed_error = exc
        finally:
            for _ in self.checkers:
                self._put(None)

    def _work(self, checker: ClaimChecker) -> None:
        try:
            while not self.stopping.is_set():
                try:
                    item = self.todo.get(timeout=0.1)
                except queue.Empty:
                    continue
                if item is None:
                    return
                self.out.put(self._one(checker, item))
        finally:
            self.out.put(_Done())

    def _one(self, checker: ClaimChecker, item: BatchItem) -> _Outcome:
        try:
            article = item.load(self.max_chars)
        except InputError as exc:
            return _Outcome(item, "failed", error=exc)
        sha = article.sha256
        with self.lock:
            if sha in self.claimed:
                return _Outcome(item, "skipped" if sha in self.before else "duplicate")
            self.claimed.add(sha)
        try:
            report = checker.check(article.text, source=item.source)
        except (InputError, RuntimeFailure) as exc:
            failed = _Outcome(item, "failed", error=exc)
        except UserError as exc:  # no key, key rejected, store gone: every article would fail
            return _Outcome(item, "fatal", error=exc)
        except Exception as exc:  # a bug on one article must not lose the others
            log.warning("checking %s failed unexpectedly", item.source, exc_info=True)
            failed = _Outcome(item, "failed", error=exc)
        else:
            report.article.id = item.id
            return _Outcome(item, "ok", report=report)
        with self.lock:
            self.claimed.discard(sha)
        return failed

    def collect(self) -> None:
        """Write reports as they come, until every worker is done (or a fatal error)."""
        running = len(self.checkers)
        while running:
            try:
                got = self.out.get(timeout=0.2)
            except queue.Empty:
                continue
            if isinstance(got, _Done):
                running -= 1
            else:
                self._record(got)
        if self.feed_error is not None:
            raise self.feed_error

    def _record(self, outcome: _Outcome) -> None:
        summary = self.summary
        if outcome.kind == "fatal":
            self.stopping.set()
            assert outcome.error is not None
            raise outcome.error
        if outcome.kind == "ok":
            assert outcome.report is not None
            with _sigint_deferred():  # the line and its count go together, or neither
                self.results.append(outcome.report)
                summary.checked += 1
                counts = outcome.report.summary
                for key in ("supported", "refuted", "conflicting", "not_enough_evidence", "errors"):
                    value = getattr(summary.claims, key) + getattr(counts, key)
                    setattr(summary.claims, key, value)
        elif outcome.kind == "skipped":
            summary.skipped += 1
        elif outcome.kind == "duplicate":
            summary.duplicates += 1
        else:
            summary.failed += 1
            summary.errors.append(_describe_failure(outcome))
        if self.progress is not None:
            self.progress("check", summary.processed, self.total)

    def stop(self, grace_s: float) -> None:
        """Stop taking articles; record what finishes within ``grace_s`` seconds."""
        self.stopping.set()
        deadline = time.monotonic() + grace_s
        while grace_s > 0 and any(t.is_alive() for t in self.threads[1:]):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            try:
                got = self.out.get(timeout=min(0.1, remaining))
            except queue.Empty:
                continue
            if isinstance(got, _Outcome) and got.kind in ("ok", "failed", "skipped", "duplicate"):
                self._record(got)


@contextmanager
def _sigint_deferred() -> Iterator[None]:
    """Hold a Ctrl-C that arrives inside the block until its end (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught:
            raise KeyboardInterrupt


def _describe_failure(outcome: _Outcome) -> str:
    error = outcome.error
    if isinstance(error, ClaimcheckError):
        message = str(error)
    else:
        message = f"unexpected {type(error).__name__}: {' '.join(str(error).split())[:300]}"
    source = outcome.item.source
    return message if source in message else f"{source}: {message}"
