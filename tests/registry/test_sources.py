"""Source parsers, without a database: bundled registers, GIAS (cp1252, BOM, skips), the plain CSV."""

from collections import Counter

import pytest

from tests.registry.conftest import GIAS_SAMPLE, PLAIN_HEADER, csv_bytes, plain_row
from whoswatching.registry.records import Accepted, Rejected, Skipped
from whoswatching.registry.sources import SOURCES, SourceFormatError, get_source, read_csv


def parse(name, raw=None):
    source = get_source(name)
    file = source.read() if raw is None else read_csv(raw, required=source.module.REQUIRED, name=name)
    return list(source.module.parse(file, source.meta))


def test_every_source_has_metadata_and_a_parser():
    for name in SOURCES:
        source = get_source(name)
        assert source.meta.name == name
        assert source.meta.licence
        assert callable(source.module.parse)
        if source.meta.bundled_file:
            assert source.bundled_path.is_file()


@pytest.mark.parametrize(("name", "rows"), [("councils", 397), ("nhs_trusts", 205), ("police_forces", 49), ("universities", 148)])
def test_bundled_registers_parse_cleanly(name, rows):
    outcomes = parse(name)
    assert len(outcomes) == rows
    assert all(isinstance(o, Accepted) for o in outcomes)
    source = get_source(name)
    assert source.unknown_columns(source.read()) == []


def test_bundled_copies_match_the_shared_registers(shared_data):
    for name in ("councils", "nhs_trusts", "police_forces", "universities"):
        source = get_source(name)
        assert source.bundled_path.read_bytes() == (shared_data / "registers" / source.meta.bundled_file).read_bytes()


def test_police_national_forces_are_uk_wide():
    records = {o.record.name: o.record for o in parse("police_forces")}
    for name in ("British Transport Police", "Civil Nuclear Constabulary", "Ministry of Defence Police", "National Crime Agency"):
        assert records[name].nation == "uk"
        assert "force_type" in records[name].derivation
    assert records["Police Scotland"].nation == "scotland"
    assert records["Avon and Somerset Constabulary"].identifier_scheme == "PFA"


def test_universities_get_a_nation_only_from_their_name():
    records = {o.record.name: o.record for o in parse("universities")}
    assert records["University of the West of Scotland"].nation == "scotland"
    assert records["University of South Wales"].nation == "wales"
    assert records["Cranfield University"].nation == ""  # not guessed
    assert records["Cranfield University"].region == ""
    assert Counter(r.nation for r in records.values())[""] == 145


def test_gias_sample_is_windows_1252_and_classified():
    file = get_source("gias").read(GIAS_SAMPLE)
    assert file.encoding == "cp1252"
    outcomes = {o.row: o for o in get_source("gias").module.parse(file, get_source("gias").meta)}
    accepted = {o.record.identifier: o.record for o in outcomes.values() if isinstance(o, Accepted)}
    skipped = {o.row: o.reason for o in outcomes.values() if isinstance(o, Skipped)}
    assert accepted["900001"].name == "St Aldric\u2019s Academy"  # the cp1252 apostrophe survives
    assert accepted["900001"].body_type == "Academy converter"
    assert accepted["900001"].website == "http://www.staldrics.example.sch.uk"
    assert accepted["900004"].sector == "fe_college"
    assert accepted["900004"].region == "Yorkshire and The Humber"
    assert accepted["900008"].sector == "fe_college"  # open, but proposed to close
    assert accepted["900006"].name == "Ysgol Gymraeg Bryn T\u00e2f"
    assert (accepted["900006"].nation, accepted["900006"].region) == ("wales", "Wales")
    assert accepted["900012"].sector == "school"
    assert set(accepted) == {"900001", "900002", "900004", "900006", "900008", "900010", "900011", "900012"}
    assert skipped == {
        4: "closed",
        6: "independent school: not a public authority under FOIA 2000 Sch. 1",
        8: "higher education institution: universities come from the universities register",
        10: "proposed to open (not open yet)",
        14: "online provider: not a public authority under FOIA 2000 Sch. 1",
        15: "children's centre: run by the local authority; ask the council",
    }


def test_gias_utf8_with_bom_reads_the_same():
    raw = GIAS_SAMPLE.read_bytes().decode("cp1252").encode("utf-8-sig")
    outcomes = parse("gias", raw)
    names = [o.record.name for o in outcomes if isinstance(o, Accepted)]
    assert "St Aldric\u2019s Academy" in names


def test_gias_missing_columns_is_a_file_error_naming_them():
    raw = csv_bytes(["URN", "EstablishmentName"], [["1", "X"]])
    with pytest.raises(SourceFormatError, match=r"missing column\(s\) TypeOfEstablishment \(name\)"):
        parse("gias", raw)


def test_gias_bad_rows_are_rejected_with_reasons():
    header = list(get_source("gias").module.REQUIRED)
    rows = [
        ["", "Nameless", "Community school", "Local authority maintained schools", "Open", "Primary", "North West", "X", ""],
        ["12a", "Bad URN School", "Community school", "Local authority maintained schools", "Open", "Primary", "North West", "X", ""],
        ["3", "Odd Status School", "Community school", "Local authority maintained schools", "Mothballed", "Primary", "North West", "X", ""],
        ["4", "", "Community school", "Local authority maintained schools", "Open", "Primary", "North West", "X", ""],
    ]
    reasons = {o.row: o.reason for o in parse("gias", csv_bytes(header, rows)) if isinstance(o, Rejected)}
    assert reasons == {
        2: "URN '' is not a number",
        3: "URN '12a' is not a number",
        4: "unknown EstablishmentStatus 'Mothballed'",
        5: "no name",
    }


def test_plain_csv_rows_and_reasons():
    rows = [
        plain_row(name="Northmoor Borough Council", sector="council", nation="England", email="FOI@Northmoor.GOV.UK",
                  email_state="verified", is_primary="yes"),
        plain_row(name="", sector="council"),
        plain_row(name="Quango", sector="quango"),
        plain_row(name="Bad Mail Council", sector="council", email="foi@@x"),
        plain_row(name="Bad Nation", sector="council", nation="Mercia"),
        plain_row(name="Half Identifier", sector="council", identifier="E1"),
        plain_row(name="Bad State", sector="council", email="a@b.example", email_state="lost"),
        plain_row(name="Bad Law", sector="council", foi_law="gdpr"),
        plain_row(name="Bad Site", sector="council", website="javascript:alert(1)"),
        plain_row(name="State No Mail", sector="council", email_state="verified"),
    ]
    outcomes = parse("csv", csv_bytes(PLAIN_HEADER, rows))
    first = outcomes[0]
    assert isinstance(first, Accepted)
    assert first.record.contacts[0].email == "FOI@northmoor.gov.uk"
    assert first.record.contacts[0].is_primary is True
    reasons = {o.row: o.reason for o in outcomes if isinstance(o, Rejected)}
    assert reasons[3] == "no name"
    assert reasons[4].startswith("unknown sector 'quango'")
    assert reasons[5].startswith("malformed email address 'foi@@x'")
    assert reasons[6].startswith("unknown nation 'Mercia'")
    assert reasons[7] == "identifier and identifier_scheme must both be given or both be blank"
    assert reasons[8].startswith("email_state 'lost'")
    assert reasons[9].startswith("foi_law 'gdpr'")
    assert reasons[10].startswith("website 'javascript:alert(1)'")
    assert reasons[11] == "email_state or is_primary given without an email"


def test_plain_csv_warns_about_unknown_columns():
    source = get_source("csv")
    file = read_csv(csv_bytes(["name", "sector", "colour"], [["X", "other", "red"]]), required=("name", "sector"), name="csv")
    assert source.unknown_columns(file) == ["colour"]


def test_bundled_files_pass_their_checks():
    from whoswatching.registry.sources import check_bundled

    assert check_bundled() == {"councils": [], "nhs_trusts": [], "police_forces": [], "universities": []}


def test_check_file_reports_counts_duplicates_and_columns(tmp_path):
    from whoswatching.registry.sources import check_file

    source = get_source("police_forces")
    text = source.bundled_path.read_text(encoding="utf-8").splitlines()
    header = text[0] + ",colour"
    rows = [line + ",blue" for line in text[1:6]] + [text[1] + ",blue"]
    path = tmp_path / "police.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    problems = check_file(source, path)
    assert "row 7: duplicate identifier PFA E23000036 (first on row 2)" in problems
    assert "unknown columns: colour" in problems
    assert "assertion failed: accepted = 6, expected 49..49" in problems


def test_plain_csv_normalises_scheme_names_and_code_case():
    rows = [plain_row(name="Blackburn with Darwen Borough Council", sector="council", identifier_scheme="ONS GSS",
                      identifier="e06000008"),
            plain_row(name="Cranfield University", sector="university", identifier_scheme="ukprn", identifier="10007822")]
    first, second = (o.record for o in parse("csv", csv_bytes(PLAIN_HEADER, rows)))
    assert (first.identifier_scheme, first.identifier) == ("GSS", "E06000008")
    assert (second.identifier_scheme, second.identifier) == ("UKPRN", "10007822")
