"""Working-day calendars for UK FOI law, read from the shipped bank-holiday table.

Two definitions of a working day matter:

* ``uk_any`` (FOIA 2000 s.10(6); EIR 2004 reg.2(1)): any day other than a Saturday, a Sunday,
  Christmas Day, Good Friday, or a day which is a bank holiday under the Banking and Financial
  Dealings Act 1971 **in any part of the United Kingdom**. Scottish-only days (2 January, the first
  Monday in August, St Andrew's Day) and Northern Ireland-only days (17 March, 12 July) stop the FOIA
  clock everywhere (ICO line to take LTT47), and so do days appointed by Royal Proclamation such as
  the state funeral of 19 September 2022.
* ``scotland`` (FOISA 2002 s.73; EISR 2004 reg.2(1)): any day other than a Saturday, a Sunday,
  Christmas Day, or a bank holiday **in Scotland**.

The table covers the years it names; asking about a day outside them raises
:class:`CalendarRangeError` rather than silently treating it as a working day.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "holidays" / "uk-bank-holidays.json"

#: Which divisions' bank holidays stop the clock, per working-day definition.
DEFINITIONS = {
    "uk_any": ("england-and-wales", "scotland", "northern-ireland"),
    "scotland": ("scotland",),
}
DIVISION_LABELS = {
    "england-and-wales": "England and Wales",
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
}


class CalendarRangeError(ValueError):
    """The date lies outside the years the holiday table covers."""


@dataclass(frozen=True)
class HolidayTable:
    first_year: int
    last_year: int
    source: str
    #: date -> {division: title}
    days: dict[date, dict[str, str]]
    proclaimed: frozenset[date]


@lru_cache(maxsize=4)
def load_table(path: Path = DATA) -> HolidayTable:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    days: dict[date, dict[str, str]] = {}
    proclaimed = set()
    for division, rows in raw["divisions"].items():
        for row in rows:
            day = date.fromisoformat(row["date"])
            days.setdefault(day, {})[division] = row["title"]
            if row.get("proclamation"):
                proclaimed.add(day)
    return HolidayTable(raw["first_year"], raw["last_year"], raw["source"], days, frozenset(proclaimed))


@dataclass(frozen=True)
class WorkingDayCalendar:
    """A working-day definition (``uk_any`` or ``scotland``) over a holiday table."""

    definition: str
    table: HolidayTable

    def reason_not_working(self, day: date) -> str | None:
        """Why ``day`` is not a working day under this definition, or None if it is one."""
        if not self.table.first_year <= day.year <= self.table.last_year:
            raise CalendarRangeError(
                f"{day.isoformat()} is outside the bank-holiday table ({self.table.first_year}-"
                f"{self.table.last_year}); run `whoswatching deadlines refresh-holidays` to extend it"
            )
        if day.weekday() == 5:
            return "Saturday"
        if day.weekday() == 6:
            return "Sunday"
        if day.month == 12 and day.day == 25:
            return "Christmas Day"
        divisions = self.table.days.get(day, {})
        wanted = [d for d in DEFINITIONS[self.definition] if d in divisions]
        if self.definition == "uk_any" and "Good Friday" in divisions.values():
            return "Good Friday"
        if not wanted:
            return None
        titles = sorted({divisions[d] for d in wanted})
        where = ", ".join(DIVISION_LABELS[d] for d in wanted)
        kind = "bank holiday by Royal Proclamation" if day in self.table.proclaimed else "bank holiday"
        if self.definition == "uk_any" and len(wanted) < 3:
            where += " only (counts UK-wide under FOIA s.10(6))"
        return f"{' / '.join(titles)} ({kind}: {where})"

    def is_working_day(self, day: date) -> bool:
        return self.reason_not_working(day) is None

    def add_working_days(self, start: date, count: int, *, skipped: list | None = None,
                         disregard: frozenset[date] = frozenset()) -> date:
        """The ``count``-th working day *following* ``start`` (FOIA s.10(1) wording).

        Days in ``disregard`` (e.g. days awaiting a fee, FOIA s.10(2)) are passed over like non-working
        days. Every day passed over is appended to ``skipped`` as ``(date, reason)``.
        """
        day = start
        counted = 0
        while counted < count:
            day += timedelta(days=1)
            reason = self.reason_not_working(day)
            if reason is None and day in disregard:
                reason = "disregarded: awaiting payment of a fees notice (FOIA s.10(2))"
            if reason is None:
                counted += 1
            elif skipped is not None:
                skipped.append((day, reason))
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative when end is earlier)."""
        if end == start:
            return 0
        sign = 1 if end > start else -1
        lo, hi = (start, end) if sign == 1 else (end, start)
        count = 0
        day = lo
        while day < hi:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return sign * count

    def non_working_days(self, year: int) -> list[tuple[date, str]]:
        """Every non-working weekday of a year with its reason (weekends left out)."""
        out = []
        day = date(year, 1, 1)
        while day.year == year:
            if day.weekday() < 5:
                reason = self.reason_not_working(day)
                if reason:
                    out.append((day, reason))
            day += timedelta(days=1)
        return out


def calendar_for(definition: str, *, table: HolidayTable | None = None) -> WorkingDayCalendar:
    if definition not in DEFINITIONS:
        raise ValueError(f"unknown working-day definition {definition!r}; expected one of {sorted(DEFINITIONS)}")
    return WorkingDayCalendar(definition, table or load_table())
