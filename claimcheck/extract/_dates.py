"""Dates an article gives, and relative date words resolved against them.

Only what the article itself says is used: ``on Friday`` becomes ``on Friday, December 2``
when the article writes "Friday, December 2" somewhere; ``the same day`` becomes the most
recent full date written before it; ``yesterday``/``today``/a weekday are computed only from a
dateline (a date with a year near the top of the article). Otherwise the words stay as written.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from ..text import paragraphs

__all__ = ["DateMention", "Dates"]

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DATE_RE = re.compile(
    rf"\b(?:(?P<wd>{_WEEKDAY}),?[ \t]+)?"
    rf"(?:(?P<month>{_MONTH})[ \t]+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?(?P<month2>{_MONTH})(?![\w]))"
    rf"(?:,?[ \t]+(?P<year>(?:1[89]|20)\d\d)\b)?"
)
_SAME_DAY_RE = re.compile(
    r"\b(?:(?P<on>[Oo]n)[ \t]+)?(?:[Tt]he[ \t]+same[ \t]+day|[Tt]hat[ \t]+(?:same[ \t]+)?day)\b"
    r"(?![ \t]+as\b)"  # "the same day as the summit" names its own day
)
_WEEKDAY_RE = re.compile(
    rf"\b(?P<on>[Oo]n|[Ll]ast)[ \t]+(?P<wd>{_WEEKDAY})\b(?!,?[ \t]+(?:{_MONTH}|\d))"
)
_YESTERDAY_RE = re.compile(r"\b(?P<word>[Yy]esterday|[Tt]oday)\b")
_MONTH_NUM = {
    name: i + 1
    for i, names in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
    for name in [names]
}
_WEEKDAY_NUM = {d: i for i, d in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}  # fmt: skip
_DATELINE_WINDOW = 400
_CITY_RE = re.compile(r"[A-Z][A-Z .'\-]{1,40},\s*")  # "WASHINGTON, " before the date
_FUTURE_RE = re.compile(r"\b(?:will|shall|next|going to|plans? to|is to|are to)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A calendar date written in the article."""

    start: int
    end: int
    text: str
    """The date as written, without a leading weekday (``"December 2"``, ``"Dec. 21, 2021"``)."""
    weekday: str | None
    year: int | None
    month: int
    day: int


def _month_number(name: str) -> int:
    return _MONTH_NUM[name.lower().rstrip(".")[:3]]


def _format(date: dt.date) -> str:
    return f"{date.strftime('%B')} {date.day}, {date.year}"


class Dates:
    """The dates of one article, and resolution of relative date words against them.

    Args:
        text: The article.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.mentions: list[DateMention] = []
        for m in _DATE_RE.finditer(text):
            month = m.group("month") or m.group("month2")
            day = int(m.group("day") or m.group("day2"))
            if not 1 <= day <= 31:
                continue
            body_start = m.start("month") if m.group("month") else m.start("day2")
            year = int(m.group("year")) if m.group("year") else None
            self.mentions.append(
                DateMention(
                    start=m.start(),
                    end=m.end(),
                    text=text[body_start : m.end()],
                    weekday=m.group("wd"),
                    year=year,
                    month=_month_number(month),
                    day=day,
                )
            )
        self._starts = [d.start for d in self.mentions]
        weekdays: dict[str, dict[str, DateMention]] = {}
        for d in self.mentions:
            if d.weekday:
                weekdays.setdefault(d.weekday, {})[d.text] = d
        # a weekday maps to a date only when the article pairs it with exactly one date
        self.weekday_dates = {
            wd: next(iter(v.values())) for wd, v in weekdays.items() if len(v) == 1
        }
        self.dateline = self._dateline()
        self._relative = self._resolve_relative()
        # explicit dates and resolved weekdays, in order: what "the same day" refers back to
        self._all = sorted(
            [(d.start, d.text) for d in self.mentions] + [(r[0], r[3]) for r in self._relative]
        )
        self._all_starts = [start for start, _ in self._all]

    def _resolve_relative(self) -> list[tuple[int, int, str, str]]:
        """``(start, end, replacement, date_text)`` for weekdays, yesterday and today that the
        article's own dates resolve."""
        text = self.text
        out: list[tuple[int, int, str, str]] = []
        for m in _WEEKDAY_RE.finditer(text):
            wd, on = m.group("wd"), m.group("on")
            date_text: str | None = None
            if wd in self.weekday_dates and on.lower() == "on":
                date_text = self.weekday_dates[wd].text
            elif self.dateline is not None and not _FUTURE_RE.search(
                text, max(0, m.start() - 80), m.start()
            ):
                back = (self.dateline.weekday() - _WEEKDAY_NUM[wd.lower()]) % 7
                if on.lower() == "last" and back == 0:
                    back = 7
                date_text = _format(self.dateline - dt.timedelta(days=back))
            if date_text is not None:
                prefix = "On" if on[0].isupper() else "on"
                out.append((m.start(), m.end(), f"{prefix} {wd}, {date_text}", date_text))
        if self.dateline is not None:
            for m in _YESTERDAY_RE.finditer(text):
                if m.start() < _DATELINE_WINDOW and self._in_dateline(m.start()):
                    continue
                word = m.group("word")
                day = self.dateline - dt.timedelta(days=1 if word.lower() == "yesterday" else 0)
                prefix = "On" if word[0].isupper() else "on"
                out.append((m.start(), m.end(), f"{prefix} {_format(day)}", _format(day)))
        return sorted(out)

    def _in_dateline(self, pos: int) -> bool:
        """Whether ``pos`` is in a dateline (``Updated today, March 3, 2023``)."""
        line_start = self.text.rfind("\n", 0, pos) + 1
        return pos - line_start < 40 and bool(self.in_range(line_start, pos + 40))

    def _dateline(self) -> dt.date | None:
        """The article's own date: a full date near the top, on a short line of its own
        (``Published December 3, 2022``) or opening a paragraph (``Dec. 3, 2022 — …``)."""
        for para in paragraphs(self.text[: _DATELINE_WINDOW * 2])[:3]:
            short = len(para.text.split()) <= 12
            for d in self.in_range(para.start, para.end):
                opening = d.start - para.start <= 2 or _CITY_RE.fullmatch(
                    self.text, para.start, d.start
                )
                if d.year is None or not (short or opening):
                    continue
                try:
                    return dt.date(d.year, d.month, d.day)
                except ValueError:
                    return None
        return None

    def in_range(self, start: int, end: int) -> list[DateMention]:
        """Dates written inside ``[start, end)``."""
        k = bisect.bisect_left(self._starts, start)
        out = []
        while k < len(self.mentions) and self.mentions[k].start < end:
            if self.mentions[k].end <= end:
                out.append(self.mentions[k])
            k += 1
        return out

    def last_before(self, pos: int) -> str | None:
        """The most recent date written (or resolved from a weekday) before ``pos``."""
        k = bisect.bisect_left(self._all_starts, pos) - 1
        return self._all[k][1] if k >= 0 else None

    def replacements(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """``(start, end, new_text)`` for relative date words in ``[start, end)`` that the
        article lets us resolve; an empty list when there is nothing to resolve."""
        text = self.text
        out: list[tuple[int, int, str]] = []
        for m in _SAME_DAY_RE.finditer(text, start, end):
            prev = self.last_before(m.start())
            if prev is not None:
                prefix = "On" if m.group(0)[0].isupper() else "on"
                out.append((m.start(), m.end(), f"{prefix} {prev}"))
        k = bisect.bisect_left(self._relative, (start, -1, "", ""))
        while k < len(self._relative) and self._relative[k][0] < end:
            r_start, r_end, new, _ = self._relative[k]
            if r_end <= end:
                # "said on Thursday, December 1, 2022, that": close the inserted apposition
                if r_end < len(text) - 1 and text[r_end] == " " and text[r_end + 1].isalnum():
                    new += ","
                out.append((r_start, r_end, new))
            k += 1
        return out
