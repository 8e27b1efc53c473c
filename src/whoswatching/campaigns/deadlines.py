"""Statutory FOI deadlines: pure, dated rules with their working shown.

Implements (citations per rule in ``data/laws/*.yml``):

* FOIA 2000 s.10(1): reply "not later than the twentieth working day following the date of receipt";
  s.10(6) working day (bank holidays in any part of the UK, proclaimed days included).
* Schools, academies, NI schools and PRUs (SI 2004/3364 reg.3 as amended): the earlier of the 20th
  school day or the 60th working day. Without term dates the school-day bound cannot be computed; the
  result then says so and uses the 60-working-day bound, giving the earliest possible date too.
* FOISA 2002 s.10(1) with s.73 (Scottish bank holidays only); its 60-day COVID limit (7 April -
  26 May 2020) as a dated version.
* EIR 2004 reg.5(2) / EISR 2004 reg.5(2)(a): 20 working days, 40 for complex requests (reg.7).
* s.1(3) (FOISA s.1(3)): a request for clarification stops the clock; it restarts, from day zero, on
  receipt of the clarification.
* s.10(2) (FOISA s.10(2)(b)): working days from a fees notice to the day the fee arrives are disregarded.
* Internal review (FOIA Code of Practice para 5.4: 20, at most 40 working days; FOISA s.21(1): 20),
  complaint windows (ICO: 6 weeks; Scottish Commissioner, FOISA s.47(4)(b): 6 months).

No Django, no clock: callers pass dates. ``today`` is always an argument.
"""

from __future__ import annotations

import calendar as calendar_module
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from whoswatching.campaigns.calendars import WorkingDayCalendar, calendar_for
from whoswatching.campaigns.laws import LawRules, law_rules

ClockEventKind = Literal["clarification_requested", "clarification_received", "fee_notice", "fee_paid"]
OverdueStatus = Literal["in_time", "overdue", "very_overdue", "paused"]

#: Working days past the due date after which a request is "very overdue" (Alaveteli's UK setting
#: REPLY_VERY_LATE_AFTER_DAYS = 40 working days from receipt, i.e. 20 past the 20-day limit).
VERY_OVERDUE_AFTER = 20

#: Body types (registry ``body_type`` or the CLI's ``--body-type``) that get the school variation.
SCHOOL_TYPE_WORDS = ("school", "academy", "academies", "pupil referral", "free school", "studio school", "utc",
                     "university technical college", "welsh establishment")
NOT_SCHOOL_WORDS = ("independent", "further education", "sixth form college", "higher education")


@dataclass(frozen=True)
class ClockEvent:
    kind: ClockEventKind
    on: date


@dataclass(frozen=True)
class SkippedDay:
    date: date
    reason: str

    def to_dict(self) -> dict:
        return {"date": self.date.isoformat(), "reason": self.reason}


@dataclass
class Deadline:
    """A computed deadline and how it was reached."""

    law: str
    rule: str
    citation: str
    received: date
    clock_start: date | None
    due: date | None
    working_days: int
    skipped: list[SkippedDay] = field(default_factory=list)
    bound_used: str = ""
    earliest_possible: date | None = None
    paused: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def working(self) -> str:
        """A plain-English account of the computation."""
        if self.due is None:
            return f"Clock paused: {self.paused}."
        lines = [
            f"{self.rule} ({self.citation}): day one is the first working day after "
            f"{self.clock_start.isoformat() if self.clock_start else '?'}; "
            f"{self.working_days} working days later is {self.due.isoformat()}."
        ]
        holidays = [s for s in self.skipped if s.reason not in ("Saturday", "Sunday")]
        if holidays:
            lines.append("Days not counted besides weekends: " + "; ".join(
                f"{s.date.isoformat()} {s.reason}" for s in holidays) + ".")
        lines.extend(self.notes)
        return " ".join(lines)

    def to_dict(self) -> dict:
        return {
            "due": self.due.isoformat() if self.due else None,
            "law": self.law,
            "rule": self.rule,
            "citation": self.citation,
            "received": self.received.isoformat(),
            "clock_start": self.clock_start.isoformat() if self.clock_start else None,
            "working_days": self.working_days,
            "bound_used": self.bound_used,
            "earliest_possible": self.earliest_possible.isoformat() if self.earliest_possible else None,
            "paused": self.paused or None,
            "skipped": [s.to_dict() for s in self.skipped],
            "notes": self.notes,
            "working": self.working,
        }


def is_school(body_type: str) -> bool:
    """Whether a body type takes the 20-school-day / 60-working-day variation (SI 2004/3364 reg.3)."""
    text = (body_type or "").strip().lower()
    if not text or any(word in text for word in NOT_SCHOOL_WORDS):
        return False
    return any(word in text for word in SCHOOL_TYPE_WORDS)


def _calendar(rules: LawRules) -> WorkingDayCalendar:
    return calendar_for(rules.working_day)


def _clock(received: date, events: Sequence[ClockEvent]) -> tuple[date | None, frozenset[date], str, list[str]]:
    """Apply clarification and fee events: (clock start, disregarded days, pause reason, notes)."""
    start: date | None = received
    notes: list[str] = []
    pause = ""
    fee_from: date | None = None
    disregarded: set[date] = set()
    for event in sorted(events, key=lambda e: e.on):
        if event.on < received:
            raise ValueError(f"{event.kind} on {event.on} is before the request was received ({received})")
        if event.kind == "clarification_requested":
            start, pause = None, f"clarification requested on {event.on.isoformat()} (s.1(3))"
        elif event.kind == "clarification_received":
            start, pause = event.on, ""
            disregarded.clear()
            notes.append(f"Clock restarted on receipt of clarification on {event.on.isoformat()} (s.1(3)).")
        elif event.kind == "fee_notice":
            fee_from = event.on
            pause = f"fees notice given on {event.on.isoformat()}, fee not yet received (s.10(2))"
        elif event.kind == "fee_paid":
            if fee_from is None:
                raise ValueError(f"fee_paid on {event.on} without an earlier fee_notice")
            day = fee_from
            while day <= event.on:
                disregarded.add(day)
                day += timedelta(days=1)
            notes.append(
                f"Working days from the fees notice ({fee_from.isoformat()}) to payment "
                f"({event.on.isoformat()}) are disregarded (s.10(2))."
            )
            fee_from, pause = None, ""
    return start, frozenset(disregarded), pause, notes


def _add(cal: WorkingDayCalendar, start: date, count: int, disregard: frozenset[date]) -> tuple[date, list[SkippedDay]]:
    skipped: list = []
    due = cal.add_working_days(start, count, skipped=skipped, disregard=disregard)
    return due, [SkippedDay(d, r) for d, r in skipped]


def _school_days(start: date, count: int, cal: WorkingDayCalendar,
                 terms: Sequence[tuple[date, date]], limit: date) -> date | None:
    """The ``count``-th school day after ``start`` (a working day inside a term), or None past ``limit``."""
    day, counted = start, 0
    while counted < count:
        day += timedelta(days=1)
        if day > limit:
            return None
        if cal.is_working_day(day) and any(a <= day <= b for a, b in terms):
            counted += 1
    return day


def due_date(
    received: date,
    *,
    law: str,
    body_type: str = "",
    events: Sequence[ClockEvent] = (),
    term_dates: Sequence[tuple[date, date]] | None = None,
    extension: bool = False,
) -> Deadline:
    """The statutory due date of a request received on ``received``.

    ``extension`` applies FOIA's public-interest extension (s.10(3), ICO: 20 more working days) or
    the EIR/EISR complex-request extension (reg.7: 40 working days in all). FOISA has none.
    """
    rules = law_rules(law)
    cal = _calendar(rules)
    start, disregard, pause, notes = _clock(received, events)
    base = rules.base_version()
    if start is None or pause:
        return Deadline(rules.law, "paused", rules.citation_time_limit, received, start, None,
                        base.working_days, paused=pause, notes=notes)

    count, rule, citation = base.working_days, f"{base.working_days} working days", rules.citation_time_limit
    if extension:
        ext = rules.section("public_interest_extension") or rules.section("complex_extension")
        if not ext:
            raise ValueError(f"{rules.title} has no extension of the time limit")
        if rules.section("complex_extension"):
            count = int(ext["working_days"])
        else:
            count += int(ext["working_days"])
            notes.append("The public-interest extension is not statutory; the ICO expects at most 20 more working days.")
        rule, citation = f"{count} working days (extended)", ext["citation"]

    due, skipped = _add(cal, start, count, disregard)
    deadline = Deadline(rules.law, rule, citation, received, start, due, count, skipped, bound_used="working_days",
                        notes=notes)

    for version in rules.temporary_versions():
        _apply_temporary(deadline, version, cal, start, disregard)

    if rules.law == "foia" and is_school(body_type):
        _apply_school_rule(deadline, rules, cal, start, disregard, term_dates)
    return deadline


def _apply_temporary(deadline: Deadline, version, cal: WorkingDayCalendar, start: date,
                     disregard: frozenset[date]) -> None:
    """A temporary limit in force from version.start to version.end (e.g. FOISA's COVID 60 days).

    Responses issued while it was in force are judged by it; once repealed, open requests fall back
    to the ordinary limit. The due date is therefore max(ordinary, min(temporary, end of the period)).
    """
    if deadline.due is None or deadline.due < version.start or start > version.end:
        return
    longer, skipped = _add(cal, start, version.working_days, disregard)
    effective = max(deadline.due, min(longer, version.end))
    if effective != deadline.due:
        deadline.notes.append(
            f"A temporary {version.working_days}-working-day limit was in force from {version.start.isoformat()} "
            f"to {version.end.isoformat()} ({version.citation}); responses in that period are judged by it."
        )
        deadline.due = effective
        deadline.working_days = cal.working_days_between(start, effective) - sum(
            1 for d in disregard if start < d <= effective and cal.is_working_day(d))
        deadline.skipped = [s for s in skipped if s.date <= effective]
        deadline.rule = f"{version.working_days} working days (temporary rule)"
        deadline.citation = version.citation


def _apply_school_rule(deadline: Deadline, rules: LawRules, cal: WorkingDayCalendar, start: date,
                       disregard: frozenset[date], term_dates) -> None:
    school = rules.section("variations")["school"]
    cap_days, school_days = int(school["working_days_cap"]), int(school["school_days"])
    cap, skipped = _add(cal, start, cap_days, disregard)
    deadline.citation = school["citation"]
    deadline.earliest_possible = deadline.due
    if term_dates:
        by_school_days = _school_days(start, school_days, cal, term_dates, cap)
        if by_school_days is not None and by_school_days <= cap:
            deadline.rule = f"the earlier of {school_days} school days or {cap_days} working days"
            deadline.bound_used = "school_days"
            deadline.due = by_school_days
            deadline.skipped = [s for s in skipped if s.date <= by_school_days]
            deadline.notes.append(f"The {school_days}th school day ({by_school_days.isoformat()}) comes first.")
            return
        deadline.notes.append(f"The {cap_days}th working day comes before the {school_days}th school day.")
    else:
        deadline.notes.append(
            f"No term dates given: the {school_days}-school-day bound could not be computed, so the "
            f"{cap_days}-working-day bound is used. The body may be due earlier, from "
            f"{deadline.earliest_possible.isoformat() if deadline.earliest_possible else '?'} if every working day was a school day."
        )
    deadline.rule = f"the earlier of {school_days} school days or {cap_days} working days"
    deadline.bound_used = "working_days_cap"
    deadline.due, deadline.working_days, deadline.skipped = cap, cap_days, skipped


def overdue_status(today: date, deadline: Deadline) -> OverdueStatus:
    """in_time up to the due date; overdue after it; very_overdue more than 20 working days after it."""
    if deadline.due is None:
        return "paused"
    if today <= deadline.due:
        return "in_time"
    late = working_days_between(deadline.due, today, law=deadline.law)
    return "very_overdue" if late > VERY_OVERDUE_AFTER else "overdue"


def working_days_between(start: date, end: date, *, law: str) -> int:
    """Working days after ``start`` up to ``end`` under ``law``'s definition (negative if end < start)."""
    return _calendar(law_rules(law)).working_days_between(start, end)


def internal_review_due(requested_on: date, *, law: str, extended: bool = False) -> Deadline:
    """When the body should answer a request for internal review (FOIA Code para 5.4; FOISA s.21(1);
    EIR reg.11(4); EISR reg.16(4))."""
    rules = law_rules(law)
    section = rules.section("internal_review")
    count = int(section["max_working_days"] if extended else section["working_days"])
    due, skipped = _add(_calendar(rules), requested_on, count, frozenset())
    return Deadline(rules.law, f"internal review: {count} working days", section["citation"], requested_on,
                    requested_on, due, count, skipped, bound_used="working_days")


def review_request_by(responded_on: date, *, law: str) -> date:
    """The last day to ask for a review (FOISA s.20(5): 40 working days; FOIA Code: 40 working days)."""
    rules = law_rules(law)
    count = int(rules.section("internal_review")["request_within_working_days"])
    return _calendar(rules).add_working_days(responded_on, count)


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar_module.monthrange(year, month)[1]))


def complaint_window(final_response_on: date, *, law: str) -> tuple[date, str, str]:
    """(last day, regulator, citation) to complain after the final response or review outcome.

    ICO (FOIA s.50, EIR reg.18): six weeks. Scottish Information Commissioner (FOISA s.47(4)(b),
    EISR reg.17): six months.
    """
    rules = law_rules(law)
    section = rules.section("complaint")
    if "weeks" in section:
        last = final_response_on + timedelta(weeks=int(section["weeks"]))
    else:
        last = _add_months(final_response_on, int(section["months"]))
    return last, section["body"], section["citation"]
