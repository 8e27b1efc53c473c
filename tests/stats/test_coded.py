from __future__ import annotations

import pytest

from whoswatching.registry.records import Nation, Sector
from whoswatching.stats.coded import (
    NATIONS,
    SECTORS,
    CodedInputError,
    parse_bool,
    parse_coded_csv,
    read_coded_csv,
    rows_to_csv,
)
from whoswatching.stats.fictional import fictional_bodies

from .conftest import HEADER


def test_sectors_and_nations_match_the_registry():
    assert tuple(s.value for s in Sector) == SECTORS
    assert tuple(n.value for n in Nation) == NATIONS


def test_reads_the_small_file(small_csv):
    table = read_coded_csv(small_csv)
    assert len(table) == 10
    assert len(table.source_sha256) == 64
    brannoc = next(r for r in table.rows if r.body == "St Brannoc's Academy")
    # empty cells are unknown, never false
    assert brannoc.uses_hikvision is None and brannoc.uses_dahua is None
    wystan = next(r for r in table.rows if r.body == "St Wystan's School")
    assert wystan.responded is None
    northmoor = table.rows[0]
    assert northmoor.capabilities == {"face_detection", "thermal"}
    assert northmoor.capabilities_in_use == {"thermal"}
    assert str(northmoor.due_on) == "2021-09-29"


@pytest.mark.parametrize("text,value", [("true", True), ("FALSE", False), (" ", None), ("", None)])
def test_parse_bool(text, value):
    assert parse_bool(text) is value


@pytest.mark.parametrize("text", ["yes", "1", "Y", "0", "no"])
def test_parse_bool_rejects(text):
    with pytest.raises(ValueError, match="not a boolean"):
        parse_bool(text)


def test_bad_rows_are_rejected_with_row_numbers_and_reasons():
    text = HEADER + (
        "Northmoor Borough Council,council,North East,england,true,false,yes,false,false,\n"
        "Northmoor Academy,academy,North East,england,true,false,true,false,false,\n"
        "Northmoor Borough Council,council,North East,england,true,false,true,false,false,\n"
        "Eastbridge College,fe_college,Atlantis,,true,false,true,false,false,\n"
        "Westfold College,fe_college,,,true,false,true,false,false,iris_scan\n"
        "Ashcombe College,fe_college,,,false,true,,,,\n"
        "Kelderby College,fe_college,Scotland,wales,true,false,false,false,false,\n"
    )
    with pytest.raises(CodedInputError) as exc:
        parse_coded_csv(text.encode(), source_name="bad.csv")
    errors = {(e.row, e.column) for e in exc.value.errors}
    assert (2, "uses_hikvision") in errors  # bad boolean
    assert (3, "sector") in errors  # unknown sector
    assert (4, "body") in errors  # duplicate body (first on row 2)
    assert (5, "region") in errors
    assert (6, "capabilities") in errors
    assert (7, "refused") in errors  # refusal without a response
    assert (8, "nation") in errors  # region and nation disagree
    message = str(exc.value)
    assert "row 2, column 'uses_hikvision'" in message and "duplicate body" in message
    assert "first seen on row 2" in message


def test_missing_column_and_unknown_column():
    with pytest.raises(CodedInputError, match="required column is missing"):
        parse_coded_csv(b"body,sector\nX,school\n")
    table = parse_coded_csv((HEADER.strip() + ",notes\nSt Osyth's,school,,,true,false,true,false,false,,hi\n").encode())
    assert table.warnings == ("ignored unknown column 'notes'",)


def test_codes_without_a_response_are_rejected():
    text = HEADER + "St Osyth's,school,,,false,,true,,,\n"
    with pytest.raises(CodedInputError, match="responded is not true"):
        parse_coded_csv(text.encode())


def test_in_use_must_be_present():
    text = HEADER.strip() + ",capabilities_in_use\nSt Osyth's,school,,,true,false,true,false,false,thermal,face_detection\n"
    with pytest.raises(CodedInputError, match="in use implies present"):
        parse_coded_csv(text.encode())


def test_region_alias_and_nation_derived():
    text = HEADER + "St Osyth's,school,Yorks & Humber,,true,false,true,false,false,\n"
    row = parse_coded_csv(text.encode()).rows[0]
    assert row.region == "Yorkshire and The Humber" and row.nation == "england"


def test_not_utf8_is_rejected():
    with pytest.raises(CodedInputError, match="not UTF-8"):
        parse_coded_csv(HEADER.encode() + "Caf\xe9,school,,,,,,,,\n".encode("latin-1"))


def test_round_trip():
    rows = fictional_bodies(200, seed=7)
    table = parse_coded_csv(rows_to_csv(rows).encode())
    assert table.rows == tuple(r if r.capabilities_in_use != frozenset() else
                               r.__class__(**{**{f: getattr(r, f) for f in r.__slots__}, "capabilities_in_use": None})
                               for r in rows)


def test_from_codebook_maps_a_coded_reply():
    from datetime import date

    from whoswatching.stats.coded import from_codebook

    codes = {"kind": "partial", "uses_hikvision": True, "uses_dahua": None, "other_chinese_brands": [],
             "capabilities_present": ["face_detection"], "capabilities_in_use": [], "refused": True,
             "exemptions": ["FOIA s24(1)"], "not_held": False}
    row = from_codebook(body="Northmoor Borough Council", sector="council", region="Wales", codes=codes,
                        requested_on=date(2021, 9, 1), responded_on=date(2021, 9, 20))
    assert row.responded is True and row.refused is True and row.uses_hikvision is True
    assert row.uses_dahua is None and row.uses_other_chinese is None  # empty list is unknown, not "no"
    assert row.capabilities == {"face_detection"} and row.nation == "wales"
    ack = from_codebook(body="Eastbridge Council", sector="council", codes={"kind": "acknowledgement"})
    assert ack.responded is False and ack.uses_hikvision is None
    assert from_codebook(body="Westfold Council", sector="council", codes=None).responded is False
    assert from_codebook(body="Ashcombe Council", sector="council", codes={"kind": "other"}).responded is None
    with pytest.raises(CodedInputError, match="unknown capability"):
        from_codebook(body="Kelderby Council", sector="council",
                      codes={"kind": "substantive", "capabilities_present": ["gait_analysis"]})


def test_exemptions_must_be_written_as_the_codebook_does():
    from whoswatching.stats.coded import CodedInputError, parse_coded_csv

    head = "body,sector,region,nation,responded,refused,uses_hikvision,uses_dahua,uses_other_chinese,capabilities,exemptions\n"
    good = head + "A,school,London,,true,true,,,,,foia  s31(1)(a); EIR 12(5)(a);FOISA s35(1)\n"
    row = parse_coded_csv(good.encode()).rows[0]
    assert row.exemptions == ("FOIA s31(1)(a)", "EIR 12(5)(a)", "FOISA s35(1)")
    bad = head + "A,school,London,,true,true,,,,,=1+2\nB,school,London,,true,true,,,,,section 43\n"
    with pytest.raises(CodedInputError) as exc:
        parse_coded_csv(bad.encode())
    text = str(exc.value)
    assert "row 2, column 'exemptions'" in text and "row 3, column 'exemptions'" in text
    assert "'FOIA s24(1)'" in text
