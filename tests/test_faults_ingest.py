"""Crash safety and concurrency of ingest, for real: ``kill -9`` of an ingest process in the
middle of its Chroma writes, then a re-run; two ingest processes into one store at once."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest
from scale_support import (
    assert_store_holds_exactly,
    cli,
    forget_chroma_clients,
    ingest_script,
    run_cli,
    synthetic_docs,
    wait_for_line,
    write_jsonl,
)

from claimcheck.store import EvidenceStore

pytestmark = [pytest.mark.slow]

N_DOCS = 380  # about 1,250 passages, written by the worker path in batches of 100-200


def _kill_when(proc: subprocess.Popen[str], predicate: object) -> str:
    try:
        line = wait_for_line(proc, predicate)
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    return line


def _first_write(fields: list[str]) -> bool:
    return fields[0] == "write" and int(fields[1]) < int(fields[2])


def _all_written(fields: list[str]) -> bool:
    return fields[0] == "write" and fields[1] == fields[2]


def _kill_mid_ingest(store_dir: Path, corpus: Path, when: object) -> None:
    proc = subprocess.Popen(  # noqa: S603 - our own code
        ingest_script(store_dir, corpus, small_batches=True), stdout=subprocess.PIPE, text=True
    )
    _kill_when(proc, when)


def _rerun(store_dir: Path, corpus: Path) -> tuple[int, int, int]:
    done = run_cli("ingest", str(corpus), "--store", str(store_dir))
    assert done.returncode == 0, done.stderr
    added, updated, unchanged = (int(w.strip(",")) for w in done.stdout.split()[1:6:2])
    return added, updated, unchanged


def test_kill_9_mid_write_then_rerun_leaves_one_copy_of_everything(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    old = synthetic_docs(N_DOCS, version="v1")
    corpus = write_jsonl(tmp_path / "v1.jsonl", old)
    _kill_mid_ingest(store_dir, corpus, _first_write)
    interrupted = EvidenceStore(store_dir)  # the kill really landed in the middle of the writes
    assert 0 < interrupted.info().passages < 1000
    assert str(interrupted._read_collection().metadata["epoch"]).startswith("w-")
    interrupted.close()
    forget_chroma_clients()  # this process must not keep a stale view while the CLI writes
    added, updated, unchanged = _rerun(store_dir, corpus)
    assert added + updated + unchanged == N_DOCS and added > 0 and unchanged > 0
    assert_store_holds_exactly(EvidenceStore(store_dir), old)
    forget_chroma_clients()

    # the same during an update to new texts of other lengths: no passage of v1 may survive
    new = synthetic_docs(N_DOCS, version="v2")
    corpus = write_jsonl(tmp_path / "v2.jsonl", new)
    _kill_mid_ingest(store_dir, corpus, _first_write)
    added, updated, unchanged = _rerun(store_dir, corpus)
    assert added == 0 and updated + unchanged == N_DOCS and updated > 0 and unchanged > 0
    assert_store_holds_exactly(EvidenceStore(store_dir), new)


def test_kill_9_after_the_last_write_then_rerun_completes_the_store(tmp_path: Path) -> None:
    docs = synthetic_docs(N_DOCS)
    corpus = write_jsonl(tmp_path / "corpus.jsonl", docs)
    store_dir = tmp_path / "store"
    _kill_mid_ingest(store_dir, corpus, _all_written)  # before the final epoch and the index
    assert _rerun(store_dir, corpus) == (0, 0, N_DOCS)  # every document is complete already
    assert_store_holds_exactly(EvidenceStore(store_dir), docs)


def test_two_concurrent_ingests_of_different_files_both_land(tmp_path: Path) -> None:
    docs_a = synthetic_docs(700, seed=1)
    docs_b = [dict(d, id=f"b-{d['id']}") for d in synthetic_docs(300, seed=2)]
    corpus_a = write_jsonl(tmp_path / "a.jsonl", docs_a)
    corpus_b = write_jsonl(tmp_path / "b.jsonl", docs_b)
    store_dir = tmp_path / "store"
    first = subprocess.Popen(  # noqa: S603 - our own code
        ingest_script(store_dir, corpus_a), stdout=subprocess.PIPE, text=True
    )
    try:
        wait_for_line(first, lambda f: f[0] == "embed")  # it holds the lock now
        second = cli("ingest", str(corpus_b), "--store", str(store_dir))
        out_b, err_b = second.communicate(timeout=180)
        out_a, _ = first.communicate(timeout=180)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert first.returncode == 0 and out_a.strip().endswith("done 700 0")
    assert second.returncode == 0, err_b
    assert f"waiting for another ingest (lock {store_dir / '.lock'})…" in err_b
    assert out_b.startswith("added 300, updated 0, unchanged 0, failed 0")
    assert_store_holds_exactly(EvidenceStore(store_dir), docs_a + docs_b)


def test_a_second_ingest_gives_up_after_the_lock_timeout_with_a_clear_line(
    tmp_path: Path,
) -> None:
    from filelock import FileLock

    store_dir = tmp_path / "store"
    store_dir.mkdir()
    corpus = write_jsonl(tmp_path / "a.jsonl", synthetic_docs(3))
    with FileLock(str(store_dir / ".lock")):  # another process holds it (same file, own fd)
        done = run_cli(
            "ingest", str(corpus), "--store", str(store_dir),
            env=_env(CLAIMCHECK_LOCK_TIMEOUT_S="1"),
        )  # fmt: skip
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert lines[0].startswith("waiting for another ingest")
    assert lines[-1].startswith("error: another process is writing to the store")
    assert "CLAIMCHECK_LOCK_TIMEOUT_S" in lines[-1] and "Traceback" not in done.stderr
    assert not (store_dir / "chroma").exists()


def _env(**extra: str) -> dict[str, str]:
    from scale_support import cli_env

    return cli_env(**extra)
