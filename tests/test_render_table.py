"""The terminal table: coloured verdicts, truncated claims with ids, a footer of counts and
timings, ``--quiet`` / ``--verbose``, ``NO_COLOR`` and non-TTY output."""

from __future__ import annotations

import io
import re

import pytest
from demo_support import ARTICLE, demo_checker  # noqa: F401  (fixture)
from report_samples import hostile_report

from claimcheck import ClaimChecker
from claimcheck.cli import main
from claimcheck.render import render_report
from claimcheck.render.style import color_enabled

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_table_rows_have_ids_verdicts_and_truncated_claims() -> None:
    report = hostile_report()
    report.claims[1].text = "A very long claim " * 20
    text = render_report(report, "table", width=100)
    assert not ANSI.search(text)
    lines = text.splitlines()
    assert all(len(line) <= 100 for line in lines)
    for claim in report.claims:
        assert any(line.startswith(claim.id + " ") for line in lines), claim.id
    row = next(line for line in lines if line.startswith("c2 "))
    assert "✘ refuted" in row and "0.61" in row and "…" in row
    assert "! error" in next(line for line in lines if line.startswith("c7 "))


@pytest.mark.parametrize("width", [80, 100, 120])
def test_narrow_terminals_shrink_the_claim_not_the_confidence(width: int) -> None:
    text = render_report(hostile_report(), "table", width=width)
    assert all(len(line) <= width for line in text.splitlines())
    row = next(line for line in text.splitlines() if line.startswith("c4 "))
    assert "? not enough evidence  0.30  " in row  # verdict and confidence never truncated
    if width >= 100:  # the footer breaks between its parts, not mid-phrase
        counts, timings = text.strip().splitlines()[-2:]
        assert counts.startswith("7 claims: ") and counts.endswith("1 errors")
        assert timings.startswith("0.06 s (extract 0.01")


def test_footer_counts_and_timings() -> None:
    text = render_report(hostile_report(), "table", width=200)
    footer = text.strip().splitlines()[-1]
    assert footer.startswith("7 claims: 2 supported · 2 refuted · 1 conflicting")
    assert "0.06 s (extract 0.01, retrieve 0.02, verify 0.03)" in footer


def test_color_only_when_asked_and_verdicts_keep_their_words() -> None:
    coloured = render_report(hostile_report(), "table", color=True, width=120)
    assert "\x1b[1;38;2;0;114;178m✔ supported" in coloured  # Okabe–Ito blue
    assert "\x1b[1;38;2;213;94;0m✘ refuted" in coloured  # Okabe–Ito vermillion
    assert ANSI.sub("", coloured) == render_report(hostile_report(), "table", width=120)


def test_quiet_is_the_footer_only_and_verbose_adds_rationales_and_quotes() -> None:
    quiet = render_report(hostile_report(), "table", quiet=True, width=200)
    assert quiet.strip().startswith("7 claims:") and len(quiet.strip().splitlines()) == 1
    verbose = render_report(hostile_report(), "table", verbose=True, width=200)
    assert "why:   1,974 km matches about 2,000 km." in verbose
    assert "- supports: “The land border is 1,974 km long.” (border-length [10:43])" in verbose
    assert "error: verifier failed: <timeout>" in verbose


def test_text_is_never_read_as_rich_markup() -> None:
    report = hostile_report()
    report.claims[0].text = "[bold red]loud[/] and [link=https://x.invalid]click[/link]"
    text = render_report(report, "table", color=True, width=200)
    assert "[bold red]loud[/]" in ANSI.sub("", text)
    assert "\x1b]8;" not in text  # no hyperlink escape was produced


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


@pytest.mark.parametrize(
    ("tty", "env", "expected"),
    [
        (True, {}, True),
        (False, {}, False),  # a pipe or a file: never colour
        (True, {"NO_COLOR": "1"}, False),
        (True, {"NO_COLOR": ""}, True),  # no-color.org: only a non-empty value counts
        (True, {"TERM": "dumb"}, False),
    ],
)
def test_color_enabled_respects_no_color_and_non_tty(
    monkeypatch: pytest.MonkeyPatch, tty: bool, env: dict[str, str], expected: bool
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert color_enabled(_Stream(tty)) is expected


def test_cli_never_colours_captured_output(capsys: pytest.CaptureFixture[str]) -> None:
    from claimcheck import cli

    # pytest captures stdout (not a TTY): the CLI must choose plain text
    assert cli._use_color() is False
    assert capsys.readouterr().out == ""


def test_cli_table_quiet_verbose_and_plain_when_captured(
    demo_checker: ClaimChecker,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = str(demo_checker.settings.store)
    assert main(["check", str(ARTICLE), "--store", store, "--backend", "local"]) == 0
    table = capsys.readouterr().out
    assert not ANSI.search(table)  # captured output is not a TTY: no colour
    report = demo_checker.check(ARTICLE.read_text(encoding="utf-8"))
    for claim in report.claims:
        assert re.search(rf"^{claim.id} +[✔✘◐?!] ", table, flags=re.MULTILINE), claim.id
    assert f"{len(report.claims)} claims: " in table

    assert main(["check", str(ARTICLE), "--store", store, "--backend", "local", "--quiet"]) == 0
    quiet = capsys.readouterr().out.strip().splitlines()
    assert quiet[0].startswith(f"{len(report.claims)} claims: ") and len(quiet) <= 2

    assert main(["check", str(ARTICLE), "--store", store, "--backend", "local", "-v"]) == 0
    verbose = capsys.readouterr().out
    cited = next(c for c in report.claims if c.citations)
    quote = " ".join(cited.citations[0].quote.split())
    assert f"“{quote}”" in " ".join(verbose.split())  # long lines wrap at the width
