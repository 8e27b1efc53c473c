"""Schools and FE colleges from the DfE's GIAS "all establishment data" CSV (England and Wales).

Which establishments become bodies, and why (FOIA 2000 Sch. 1 Part IV lists the governing bodies of
maintained schools, the proprietors of Academies, pupil referral units and further-education
institutions; independent schools are not public authorities):

- status "Closed" or "Proposed to open": skipped with the reason (counted, not rejected);
- type "Higher education institutions": skipped (universities come from the universities register by UKPRN);
- independent schools (type group "Independent schools", non-maintained and special post-16
  institutions), online providers, overseas and service schools, children's centres: skipped with the reason;
- type group "Colleges" or type "Further education" / "Sixth form centres": ``fe_college``;
- everything else open: ``school``, with the GIAS type (e.g. "Academy converter") as ``body_type`` for
  the deadline engine's school rule (Time for Compliance Regulations 2004/3364: 20 school days or 60
  working days for maintained schools and academies).

GOR "Wales (pseudo)" means a Welsh establishment: nation ``wales``, region "Wales". Other GOR values are
English regions. A GOR of "Not Applicable" leaves region and nation unknown.
"""

from __future__ import annotations

from collections.abc import Iterator

from whoswatching.registry.records import (
    Accepted,
    BodyRecord,
    Nation,
    Rejected,
    RowOutcome,
    Sector,
    Skipped,
    canonical_region,
)
from whoswatching.registry.sources import SourceMeta
from whoswatching.registry.sources._read import CsvFile

URN = "URN"
NAME = "EstablishmentName"
TYPE = "TypeOfEstablishment (name)"
GROUP = "EstablishmentTypeGroup (name)"
STATUS = "EstablishmentStatus (name)"
PHASE = "PhaseOfEducation (name)"
GOR = "GOR (name)"
LA = "LA (name)"
POSTCODE = "Postcode"
WEBSITE = "SchoolWebsite"

REQUIRED = (URN, NAME, TYPE, GROUP, STATUS, PHASE, GOR, LA, POSTCODE)
KNOWN = (*REQUIRED, WEBSITE)
IGNORED: tuple[str, ...] = ()
#: A real GIAS file has about 130 columns (pupil numbers, heads' names, Ofsted...). The register reads
#: the columns above and ignores all others on purpose: heads' names are personal data it must not hold.
IGNORE_OTHER_COLUMNS = True

OPEN_STATUSES = {"Open", "Open, but proposed to close"}
SKIP_STATUSES = {"Closed": "closed", "Proposed to open": "proposed to open (not open yet)"}

SKIP_TYPES = {
    "Higher education institutions": "higher education institution: universities come from the universities register",
    "Non-maintained special school": "non-maintained special school: not a public authority under FOIA 2000 Sch. 1",
    "Special post 16 institution": "special post-16 institution: not a public authority under FOIA 2000 Sch. 1",
    "Online provider": "online provider: not a public authority under FOIA 2000 Sch. 1",
    "Offshore schools": "offshore school: outside the UK",
    "British schools overseas": "British school overseas: outside the UK",
    "Service children's education": "service children's school: run by the Ministry of Defence; ask the MoD",
    "Children's centre": "children's centre: run by the local authority; ask the council",
    "Children's centre linked site": "children's centre: run by the local authority; ask the council",
}
SKIP_GROUPS = {
    "Independent schools": "independent school: not a public authority under FOIA 2000 Sch. 1",
    "Online provider": "online provider: not a public authority under FOIA 2000 Sch. 1",
}
FE_TYPES = {"Further education", "Sixth form centres"}
FE_GROUPS = {"Colleges"}
WALES_GOR = "Wales (pseudo)"
NO_GOR = {"Not Applicable", "Not applicable", ""}


def classify(status: str, type_name: str, group: str) -> tuple[Sector | None, str]:
    """(sector, "") for an establishment the register takes, else (None, reason it is skipped)."""
    if status in SKIP_STATUSES:
        return None, SKIP_STATUSES[status]
    if type_name in SKIP_TYPES:
        return None, SKIP_TYPES[type_name]
    if group in SKIP_GROUPS:
        return None, SKIP_GROUPS[group]
    if group in FE_GROUPS or type_name in FE_TYPES:
        return Sector.FE_COLLEGE, ""
    return Sector.SCHOOL, ""


def _website(raw: str) -> str:
    text = raw.strip()
    if not text or any(ch.isspace() for ch in text) or "." not in text or len(text) > 290:
        return ""
    return text if text.lower().startswith(("http://", "https://")) else f"http://{text}"


def parse(file: CsvFile, meta: SourceMeta) -> Iterator[RowOutcome]:
    for number, row in file.rows(KNOWN):
        urn = row[URN]
        name = " ".join(row[NAME].split())
        status = row[STATUS]
        if not name:
            yield Rejected(number, "no name")
            continue
        if not urn.isdigit():
            yield Rejected(number, f"URN {urn!r} is not a number")
            continue
        if status not in OPEN_STATUSES and status not in SKIP_STATUSES:
            yield Rejected(number, f"unknown EstablishmentStatus {status!r}")
            continue
        sector, reason = classify(status, row[TYPE], row[GROUP])
        if sector is None:
            yield Skipped(number, reason)
            continue
        gor = row[GOR]
        if gor == WALES_GOR:
            nation, region = Nation.WALES.value, "Wales"
        elif gor in NO_GOR:
            nation, region = "", ""
        else:
            nation, region = Nation.ENGLAND.value, canonical_region(gor)
        yield Accepted(
            number,
            BodyRecord(
                name=name,
                sector=sector,
                nation=nation,
                region=region,
                identifier_scheme="URN",
                identifier=urn,
                body_type=row[TYPE][:120],
                local_authority=row[LA][:120],
                postcode=row[POSTCODE][:12],
                website=_website(row.get(WEBSITE, "")),
                source="DfE Get Information about Schools",
                source_url=f"https://get-information-schools.service.gov.uk/Establishments/Establishment/Details/{urn}",
            ),
        )
