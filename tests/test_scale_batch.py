"""Batch checking: ``claimcheck check DIR|FILE.jsonl --out results.jsonl`` — one report per line,
written atomically, resumed after a crash (``kill -9``) or Ctrl-C without losing or repeating
an article."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import time
from pathlib import Path

import pytest
from conftest import EXAMPLES
from fake_openai import FakeOpenAI, claimcheck_responder
from scale_support import cli, run_cli

from claimcheck.batch import ResultsFile
from claimcheck.cli import main
from claimcheck.models import Report

CORPUS = EXAMPLES / "corpus"
PARAGRAPHS = [p for p in (EXAMPLES / "article.txt").read_text().split("\n\n") if p.strip()]
N_ARTICLES = 24


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("batch") / "store"
    assert main(["ingest", str(CORPUS), "--store", str(folder)]) == 0
    return folder


def _article(k: int) -> str:
    first = k % max(1, len(PARAGRAPHS) - 3)
    return f"Dispatch number {k}\n\n" + "\n\n".join(PARAGRAPHS[first : first + 3]) + "\n"


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    (folder / "more").mkdir(parents=True)
    for k in range(N_ARTICLES):
        sub = folder / "more" if k % 3 == 0 else folder
        (sub / f"a{k:02d}.txt").write_text(_article(k), encoding="utf-8")
    (folder / "notes.html").write_text("<p>not an article type</p>")  # ignored
    (folder / ".hidden.txt").write_text("ignored")
    return folder


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _lines(out: Path) -> list[Report]:
    data = out.read_bytes()
    assert not data or data.endswith(b"\n"), "no torn last line"
    return [Report.model_validate_json(line) for line in data.splitlines()]


def _assert_each_exactly_once(out: Path, folder: Path) -> list[Report]:
    reports = _lines(out)
    expected = {
        p.relative_to(folder).as_posix(): _sha(p.read_text())
        for p in folder.rglob("*.txt")
        if not p.name.startswith(".")
    }
    assert sorted(r.article.id or "" for r in reports) == sorted(expected)
    for report in reports:
        assert report.article.sha256 == expected[report.article.id or ""]
        assert report.article.source.endswith(report.article.id or "?")
        assert report.claims and report.summary.errors == 0
    return reports


def _batch(store: Path, source: Path, out: Path, *extra: str) -> list[str]:
    return ["check", str(source), "--out", str(out), "--store", str(store), "--backend", "local",
            *extra]  # fmt: skip


# ---------------------------------------------------------------------------- in process


def test_a_folder_is_checked_into_one_report_per_line_and_a_rerun_skips_everything(
    store: Path, articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "results.jsonl"
    assert main(_batch(store, articles, out)) == 0
    err = capsys.readouterr().err
    reports = _assert_each_exactly_once(out, articles)
    total = sum(len(r.claims) for r in reports)
    assert f"checked {N_ARTICLES} articles;" in err and f"→ {out}" in err
    assert f"{sum(r.summary.supported for r in reports)} supported" in err
    assert total > N_ARTICLES
    before = out.read_bytes()
    assert main(_batch(store, articles, out)) == 0
    err = capsys.readouterr().err
    assert f"checked 0 articles, {N_ARTICLES} already in results.jsonl" in err
    assert out.read_bytes() == before


def test_a_torn_last_line_is_removed_and_its_article_redone(
    store: Path, articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "results.jsonl"
    assert main(_batch(store, articles, out)) == 0
    lines = out.read_bytes().splitlines(keepends=True)
    torn = lines[-1][: len(lines[-1]) // 2]  # a crash in the middle of the last write
    out.write_bytes(b"".join(lines[:-1]) + torn)
    capsys.readouterr()
    assert main(_batch(store, articles, out)) == 0
    err = capsys.readouterr().err
    assert f"ended with a torn line ({len(torn)} bytes" in err
    assert f"checked 1 article, {N_ARTICLES - 1} already in results.jsonl" in err
    _assert_each_exactly_once(out, articles)


def test_jsonl_input_with_ten_percent_bad_lines(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows: list[str] = []
    for k in range(18):
        row: dict[str, object] = {"id": f"n{k}", "text": _article(k)}
        if k % 4 == 0:
            row["source"] = f"https://news.example/{k}"
        if k == 5:
            del row["id"]  # an id is optional
        rows.append(json.dumps(row))
    rows.insert(3, '{"id": "broken", "text": "unterminated')  # line 4
    rows.insert(10, json.dumps({"id": "no-text"}))  # line 11
    rows.append(json.dumps({"id": "n1", "text": "A duplicate id with other text."}))  # line 21
    source = tmp_path / "articles.jsonl"
    source.write_text("\n".join(rows) + "\n\n", encoding="utf-8")
    out = tmp_path / "results.jsonl"
    assert main(_batch(store, source, out)) == 1
    err = capsys.readouterr().err
    assert f"error: {source}:4: invalid JSON" in err
    assert f'error: {source}:11: missing "text" string' in err
    assert f"error: {source}:21: duplicate id 'n1'" in err
    assert "checked 18 articles, 3 failed" in err
    reports = _lines(out)
    ids = sorted(r.article.id or "" for r in reports)
    assert ids == sorted([f"n{k}" for k in range(18) if k != 5] + ["line-7"])
    by_id = {r.article.id: r for r in reports}
    assert by_id["n4"].article.source == "https://news.example/4"
    assert by_id["n1"].article.source == f"{source}:2"


def test_repeated_texts_are_checked_once_and_failures_are_retried_by_a_rerun(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(_article(1))
    (folder / "b.md").write_text(_article(1))  # the same text again
    (folder / "c.txt").write_text("   \n")  # empty: fails, not written
    out = tmp_path / "results.jsonl"
    assert main(_batch(store, folder, out)) == 1
    err = capsys.readouterr().err
    assert "checked 1 article, 1 duplicate, 1 failed" in err
    assert f"error: the article {folder / 'c.txt'} is empty" in err
    (folder / "c.txt").write_text(_article(2))
    assert main(_batch(store, folder, out)) == 0
    assert "checked 1 article, 2 already in results.jsonl;" in capsys.readouterr().err
    assert len(_lines(out)) == 2


def test_batch_mode_refusals_are_one_line(
    store: Path, articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "results.jsonl"
    assert main([*_batch(store, articles, out), "-o", str(tmp_path / "x.json")]) == 2
    assert "--out" in capsys.readouterr().err
    page = tmp_path / "page.html"
    page.write_text("<p>x</p>")
    assert main(_batch(store, page, out)) == 1
    assert "reads a folder of .txt/.md articles or a .jsonl file" in capsys.readouterr().err
    assert main(_batch(tmp_path / "no-store", articles, out)) == 1
    assert "run `claimcheck ingest" in capsys.readouterr().err
    assert main(_batch(store, articles, tmp_path / "missing" / "r.jsonl")) == 1
    assert "folder" in capsys.readouterr().err and not out.exists()
    code = main(["check", str(articles), "--out", str(out), "--store", str(store),
                 "--backend", "openai"])  # fmt: skip
    assert code == 1 and "OPENAI_API_KEY" in capsys.readouterr().err
    assert not out.exists()  # refused before anything was written


def test_a_second_batch_on_the_same_results_file_is_refused(
    store: Path, articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "results.jsonl"
    with ResultsFile(out):  # another run holds it
        assert main(_batch(store, articles, out)) == 1
    assert "another `claimcheck check --out` is writing to" in capsys.readouterr().err


def test_concurrent_articles_each_report_their_own_model_usage(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    texts = [
        "The Akashi Kaikyo Bridge opened in 1998. Its main span is 1,991 metres long.",
        "The Eiffel Tower is 330 metres tall.",
        "Finland joined NATO on 4 April 2023. Sweden followed in 2024. Both border Russia.",
        "The Channel Tunnel opened in 1994.",
        "The International Space Station orbits at about 400 km.",
        "Crimea was annexed by Russia in 2014.",
    ]
    for k, text in enumerate(texts):
        (folder / f"t{k}.txt").write_text(text)
    with FakeOpenAI(claimcheck_responder) as server:
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-batch")
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        out = tmp_path / "results.jsonl"
        code = main(["check", str(folder), "--out", str(out), "--store", str(store), "--backend",
                     "openai", "--concurrency", "3", "--no-cache"])  # fmt: skip
        assert code == 0, capsys.readouterr().err
        reports = _lines(out)
        calls = len(server.chat_requests())
    assert len(reports) == len(texts)
    per_report = [r.usage.llm_calls for r in reports]
    assert sum(per_report) == calls  # no call counted twice, none lost
    for report in reports:
        expected = 1 + (len(report.claims) + 4) // 5 if report.claims else 1
        assert report.usage.llm_calls == expected, report.article.id


# ---------------------------------------------------------------------------- real processes


def _wait_for_lines(out: Path, n: int, proc: object, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if out.exists() and out.read_bytes().count(b"\n") >= n:
            return
        assert proc.poll() is None, proc.communicate()  # type: ignore[attr-defined]
        time.sleep(0.02)
    raise AssertionError("the batch wrote too little")


@pytest.mark.slow
def test_kill_9_mid_batch_then_rerun_reports_every_article_exactly_once(
    store: Path, articles: Path, tmp_path: Path
) -> None:
    out = tmp_path / "results.jsonl"
    proc = cli(*_batch(store, articles, out, "--concurrency", "2"))
    try:
        _wait_for_lines(out, 3, proc)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    partial = _lines(out)
    assert 3 <= len(partial) < N_ARTICLES, "the kill landed mid-batch"
    done = run_cli(*_batch(store, articles, out))
    assert done.returncode == 0, done.stderr
    assert f"{len(partial)} already in results.jsonl" in done.stderr
    _assert_each_exactly_once(out, articles)


@pytest.mark.slow
def test_ctrl_c_keeps_a_valid_partial_output_and_exits_130(
    store: Path, articles: Path, tmp_path: Path
) -> None:
    for attempt in range(3):
        out = tmp_path / f"results-{attempt}.jsonl"
        proc = cli(*_batch(store, articles, out))
        try:
            _wait_for_lines(out, 2, proc)
            proc.send_signal(signal.SIGINT)
            _, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
        if len(_lines(out)) < N_ARTICLES:
            break  # the signal landed mid-batch, as this test needs
        # on a fast, idle machine the last articles can finish before the signal arrives
    assert proc.returncode == 130, err
    partial = _lines(out)
    assert "Traceback" not in err
    summary = err.strip().splitlines()[-1]
    assert summary.startswith(f"interrupted: checked {len(partial)} article")
    assert "not reached" in summary and len(partial) < N_ARTICLES
    done = run_cli(*_batch(store, articles, out))
    assert done.returncode == 0, done.stderr
    _assert_each_exactly_once(out, articles)
