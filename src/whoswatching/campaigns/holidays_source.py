"""Build the shipped UK bank-holiday table from the ``holidays`` library (the refresh job's engine).

The table the deadline engine reads is a data file, ``data/holidays/uk-bank-holidays.json``, so a
deadline computed today can be recomputed identically tomorrow; ``whoswatching deadlines
refresh-holidays`` rewrites it (and the diff is reviewed like code, as uk-election-timetables does).
Days appointed by Royal Proclamation (state funeral, coronation, jubilees, Northern Ireland's
12 July) are included and flagged, because FOIA s.10(6) counts them (Banking and Financial Dealings
Act 1971 s.1(3)).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

#: GOV.UK's divisions and the ``holidays`` library's subdivision codes.
DIVISIONS = {
    "england-and-wales": "ENG",
    "scotland": "SCT",
    "northern-ireland": "NIR",
}

#: Words in a holiday's name that mark a day appointed by Royal Proclamation, not by the 1971 Act's schedule.
PROCLAIMED_MARKERS = ("Jubilee", "Funeral", "Coronation", "Wedding", "Millennium", "Battle of the Boyne", "VE Day")


def build_table(first_year: int, last_year: int) -> dict:
    """Return the JSON-ready table of bank holidays per division for the given years."""
    import holidays  # imported here: only the refresh job needs the library

    divisions: dict[str, list[dict]] = {}
    for division, subdiv in DIVISIONS.items():
        calendar = holidays.UK(subdiv=subdiv, years=range(first_year, last_year + 1))
        rows = []
        for day, name in sorted(calendar.items()):
            rows.append(
                {
                    "date": day.isoformat(),
                    "title": name,
                    "proclamation": any(marker in name for marker in PROCLAIMED_MARKERS),
                }
            )
        divisions[division] = rows
    return {
        "schema": "whoswatching/uk-bank-holidays@1",
        "source": (
            f"python-holidays {holidays.__version__}, holidays.UK subdivisions ENG/SCT/NIR "
            "(which follows GOV.UK https://www.gov.uk/bank-holidays.json and the proclamations "
            "published in The Gazette)"
        ),
        "licence": "python-holidays is MIT-licensed; the dates are public facts (OGL v3 on GOV.UK)",
        "first_year": first_year,
        "last_year": last_year,
        "generated_on": date.today().isoformat(),
        "divisions": divisions,
    }


def write_table(path: Path, first_year: int, last_year: int) -> dict:
    table = build_table(first_year, last_year)
    path.write_text(json.dumps(table, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return table
