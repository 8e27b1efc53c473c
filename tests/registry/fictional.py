"""A fictional GIAS "all establishment data" file of any size, for bulk tests and the benchmark.

Every name is invented ("Kestrel Oakridge Primary School"); about 30% of rows are closed and one in six
is independent, as in the real file. Extra columns stand in for the ~120 the register ignores.
"""

from __future__ import annotations

import csv
import io
import random

HEADER = [
    "URN", "LA (name)", "EstablishmentName", "TypeOfEstablishment (name)", "EstablishmentTypeGroup (name)",
    "EstablishmentStatus (name)", "PhaseOfEducation (name)", "GOR (name)", "Postcode", "SchoolWebsite",
    "HeadFirstName", "HeadLastName", *[f"Column{i}" for i in range(40)],
]
TYPES = [
    ("Academy converter", "Academies"),
    ("Community school", "Local authority maintained schools"),
    ("Voluntary aided school", "Local authority maintained schools"),
    ("Further education", "Colleges"),
    ("Other independent school", "Independent schools"),
    ("Free schools", "Free Schools"),
]
GORS = ["North West", "North East", "Yorkshire and the Humber", "East Midlands", "West Midlands",
        "East of England", "London", "South East", "South West", "Wales (pseudo)"]
WORDS = ["Northmoor", "Eastwick", "Aldric", "Bramble", "Fernhill", "Oakridge", "Willowbrook", "Harrowgate",
         "Kestrel", "Marsh", "Tâf", "St Ædwin’s"]
KINDS = ["Primary School", "Academy", "High School", "College", "Infant School"]


def gias_bytes(rows: int, *, seed: int = 1, first_urn: int = 800000) -> bytes:
    """The file's bytes, Windows-1252 encoded like a real GIAS download."""
    rnd = random.Random(seed)
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(HEADER)
    for i in range(rows):
        type_name, group = rnd.choice(TYPES)
        status = "Closed" if rnd.random() < 0.3 else "Open"
        name = f"{rnd.choice(WORDS)} {rnd.choice(WORDS)} {rnd.choice(KINDS)}"
        writer.writerow([str(first_urn + i), "Northmoor", name, type_name, group, status, "Primary",
                         rnd.choice(GORS), "NM1 1AA", "", "Ada", "Fictional", *["x"] * 40])
    return buf.getvalue().encode("cp1252")


def expected_accepted(rows: int, *, seed: int = 1) -> int:
    """How many rows of ``gias_bytes(rows, seed=seed)`` the register takes (open, not independent)."""
    text = gias_bytes(rows, seed=seed).decode("cp1252")
    records = list(csv.DictReader(io.StringIO(text, newline="")))
    return sum(1 for r in records if r["EstablishmentStatus (name)"] == "Open"
               and r["EstablishmentTypeGroup (name)"] != "Independent schools")
