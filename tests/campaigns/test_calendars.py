from datetime import date

from whoswatching.campaigns.calendars import calendar_for, load_table
from whoswatching.campaigns.holidays_source import build_table


def test_shipped_table_matches_a_fresh_build():
    """The shipped data file agrees with the library on past years (a drift guard; future years may be
    revised by proclamation, which is what the refresh job is for)."""
    shipped = load_table()
    fresh = build_table(shipped.first_year, 2025)["divisions"]
    rebuilt = {}
    for division, rows in fresh.items():
        for row in rows:
            rebuilt.setdefault(date.fromisoformat(row["date"]), {})[division] = row["title"]
    assert rebuilt == {day: v for day, v in shipped.days.items() if day.year <= 2025}


def test_definitions_differ_on_regional_days():
    uk, scotland = calendar_for("uk_any"), calendar_for("scotland")
    for day in ("2022-03-17", "2022-07-12", "2022-04-18", "2022-08-29"):
        assert not uk.is_working_day(date.fromisoformat(day))
        assert scotland.is_working_day(date.fromisoformat(day)), day
    for day in ("2022-08-01", "2022-11-30", "2022-01-04"):
        assert not uk.is_working_day(date.fromisoformat(day))
        assert not scotland.is_working_day(date.fromisoformat(day))


def test_proclaimed_days_are_flagged():
    table = load_table()
    assert date(2022, 9, 19) in table.proclaimed
    assert date(2023, 5, 8) in table.proclaimed
    assert date(2022, 12, 26) not in table.proclaimed
