"""Deadlines on real dates, checked by hand against the statute and the bank-holiday calendar."""

from datetime import date

import pytest

from whoswatching.campaigns.calendars import CalendarRangeError
from whoswatching.campaigns.deadlines import (
    ClockEvent,
    complaint_window,
    due_date,
    internal_review_due,
    is_school,
    overdue_status,
    review_request_by,
    working_days_between,
)

D = date.fromisoformat


def holidays_skipped(deadline):
    return {s.date.isoformat(): s.reason for s in deadline.skipped if s.reason not in ("Saturday", "Sunday")}


def test_state_funeral_2022_is_skipped_under_foia():
    deadline = due_date(D("2022-09-08"), law="foia")
    assert deadline.due == D("2022-10-07")
    assert "State Funeral" in holidays_skipped(deadline)["2022-09-19"]
    assert "Royal Proclamation" in holidays_skipped(deadline)["2022-09-19"]


@pytest.mark.parametrize(
    ("received", "foia_due", "foisa_due", "why"),
    [
        ("2022-03-10", "2022-04-08", "2022-04-07", "17 March is a Northern Ireland bank holiday"),
        ("2022-07-01", "2022-08-02", "2022-07-29", "12 July (NI) and 1 August (Scotland) stop the FOIA clock"),
        ("2023-03-31", "2023-05-03", "2023-05-02", "Easter Monday is not a Scottish bank holiday"),
    ],
)
def test_foia_and_foisa_differ_on_the_same_date(received, foia_due, foisa_due, why):
    assert due_date(D(received), law="foia").due == D(foia_due), why
    assert due_date(D(received), law="foisa").due == D(foisa_due), why


def test_northern_ireland_days_are_named_and_counted_uk_wide():
    skipped = holidays_skipped(due_date(D("2022-07-01"), law="foia"))
    assert "Battle of the Boyne" in skipped["2022-07-12"]
    assert "Northern Ireland only" in skipped["2022-07-12"]
    assert "Scotland only" in skipped["2022-08-01"]
    assert "2022-07-12" not in holidays_skipped(due_date(D("2022-07-01"), law="foisa"))


def test_saint_andrews_day_stops_both_clocks():
    foisa = due_date(D("2022-11-28"), law="foisa")
    foia = due_date(D("2022-11-28"), law="foia")
    assert foisa.due == foia.due == D("2022-12-29")
    assert "Saint Andrew" in holidays_skipped(foisa)["2022-11-30"]
    assert "Saint Andrew" in holidays_skipped(foia)["2022-11-30"]


def test_scottish_second_of_january_counts_under_foia():
    deadline = due_date(D("2022-12-20"), law="foia")
    assert deadline.due == D("2023-01-23")
    assert "Scotland only" in holidays_skipped(deadline)["2023-01-03"]
    assert due_date(D("2022-12-20"), law="foisa").due == D("2023-01-23")


def test_christmas_on_a_weekend_moves_to_substitute_days():
    deadline = due_date(D("2021-12-20"), law="foia")
    skipped = holidays_skipped(deadline)
    assert {"2021-12-27", "2021-12-28", "2022-01-03", "2022-01-04"} <= set(skipped)
    assert deadline.due == D("2022-01-21")


def test_easter_good_friday_and_easter_monday():
    skipped = holidays_skipped(due_date(D("2023-03-31"), law="foia"))
    assert skipped["2023-04-07"] == "Good Friday"
    assert "Easter Monday" in skipped["2023-04-10"]


def test_receipt_on_a_weekend_starts_on_the_next_working_day():
    friday, saturday, sunday = (due_date(D(d), law="foia") for d in ("2022-09-09", "2022-09-10", "2022-09-11"))
    # Day one is Monday 12 September whichever of the three days the request arrived on.
    assert friday.due == saturday.due == sunday.due == D("2022-10-10")
    assert due_date(D("2022-09-08"), law="foia").due < saturday.due


def test_clarification_restarts_the_clock():
    events = [ClockEvent("clarification_requested", D("2022-09-12")), ClockEvent("clarification_received", D("2022-09-30"))]
    deadline = due_date(D("2022-09-08"), law="foia", events=events)
    assert deadline.clock_start == D("2022-09-30")
    assert deadline.due == due_date(D("2022-09-30"), law="foia").due
    paused = due_date(D("2022-09-08"), law="foia", events=events[:1])
    assert paused.due is None and "clarification" in paused.paused


def test_fee_notice_pauses_the_clock():
    base = due_date(D("2022-10-03"), law="foia").due
    events = [ClockEvent("fee_notice", D("2022-10-10")), ClockEvent("fee_paid", D("2022-10-14"))]
    with_fee = due_date(D("2022-10-03"), law="foia", events=events)
    assert working_days_between(base, with_fee.due, law="foia") == 5
    assert any("fees notice" in s.reason for s in with_fee.skipped)
    unpaid = due_date(D("2022-10-03"), law="foia", events=events[:1])
    assert unpaid.due is None


def test_school_without_term_dates_says_which_bound_was_used():
    deadline = due_date(D("2022-09-08"), law="foia", body_type="school")
    assert deadline.bound_used == "working_days_cap"
    assert deadline.working_days == 60
    assert deadline.earliest_possible == D("2022-10-07")
    assert deadline.due == D("2022-12-05")
    assert any("No term dates" in n for n in deadline.notes)


def test_school_with_term_dates_takes_the_earlier_bound():
    terms = [(D("2022-09-05"), D("2022-10-21")), (D("2022-10-31"), D("2022-12-16"))]
    in_term = due_date(D("2022-10-14"), law="foia", body_type="Academy converter", term_dates=terms)
    # 20 school days from 14 Oct: 17-21 Oct (5), half term, 31 Oct - 18 Nov (15) -> 18 Nov.
    assert in_term.due == D("2022-11-18")
    assert in_term.bound_used == "school_days"
    summer = [(D("2022-04-25"), D("2022-07-22"))]
    holiday = due_date(D("2022-07-20"), law="foia", body_type="school", term_dates=summer)
    assert holiday.bound_used == "working_days_cap"


@pytest.mark.parametrize(
    ("body_type", "expected"),
    [("school", True), ("Academy converter", True), ("Community school", True), ("Pupil referral unit", True),
     ("Welsh establishment", True), ("University technical college", True),
     ("Further education", False), ("Other independent school", False), ("", False), ("NHS trust", False)],
)
def test_school_types(body_type, expected):
    assert is_school(body_type) is expected


def test_foisa_covid_limit_applies_only_in_its_window():
    during = due_date(D("2020-04-20"), law="foisa")
    assert during.due == D("2020-05-26")
    assert any("temporary" in n for n in during.notes)
    before = due_date(D("2020-03-01"), law="foisa")
    assert before.due == D("2020-03-27")
    after = due_date(D("2020-06-01"), law="foisa")
    assert after.rule == "20 working days"
    assert due_date(D("2020-04-20"), law="foia").rule == "20 working days"


def test_eir_extension_and_foisa_has_none():
    assert due_date(D("2022-09-08"), law="eir", extension=True).working_days == 40
    with pytest.raises(ValueError, match="no extension"):
        due_date(D("2022-09-08"), law="foisa", extension=True)


def test_overdue_statuses():
    deadline = due_date(D("2022-09-08"), law="foia")
    assert overdue_status(D("2022-10-07"), deadline) == "in_time"
    assert overdue_status(D("2022-10-10"), deadline) == "overdue"
    assert overdue_status(D("2022-11-04"), deadline) == "overdue"
    assert overdue_status(D("2022-11-08"), deadline) == "very_overdue"


def test_review_and_complaint_windows():
    assert internal_review_due(D("2022-11-01"), law="foia").due == D("2022-11-29")
    assert internal_review_due(D("2022-11-01"), law="foia", extended=True).working_days == 40
    assert internal_review_due(D("2022-11-01"), law="eir").working_days == 40
    assert complaint_window(D("2022-12-01"), law="foia")[0] == D("2023-01-12")
    last, regulator, _ = complaint_window(D("2022-08-31"), law="foisa")
    assert last == D("2023-02-28") and regulator == "Scottish Information Commissioner"
    assert review_request_by(D("2022-09-08"), law="foisa") > D("2022-10-31")


def test_bad_input_is_refused_clearly():
    with pytest.raises(ValueError, match="unknown law"):
        due_date(D("2022-09-08"), law="gdpr")
    with pytest.raises(CalendarRangeError, match="refresh-holidays"):
        due_date(D("2040-01-01"), law="foia")
    with pytest.raises(ValueError, match="before the request"):
        due_date(D("2022-09-08"), law="foia", events=[ClockEvent("fee_notice", D("2022-09-01"))])
