"""Pure rules of the register: FOI law, nations, regions, names, addresses."""

import pytest

from whoswatching.registry.records import (
    Law,
    canonical_region,
    law_for,
    law_is_assumed,
    normalise_email,
    normalise_name,
    parse_nation,
    parse_sector,
    slugify,
)


@pytest.mark.parametrize(
    ("nation", "sector", "override", "law"),
    [
        ("scotland", "council", "", Law.FOISA),  # FOISA Sch. 1 Part 2: councils
        ("scotland", "police", "", Law.FOISA),  # Police Scotland
        ("scotland", "university", "", Law.FOISA),
        ("scotland", "devolved", "", Law.FOISA),  # the Scottish Ministers
        ("scotland", "government", "", Law.FOIA),  # a UK department's Scottish office stays FOIA
        ("uk", "police", "", Law.FOIA),  # British Transport Police
        ("wales", "council", "", Law.FOIA),
        ("northern_ireland", "council", "", Law.FOIA),
        ("england", "school", "", Law.FOIA),
        ("", "university", "", Law.FOIA),  # unknown nation: assumed
        ("england", "other", "foisa", Law.FOISA),  # override wins
        ("scotland", "council", "foia", Law.FOIA),
    ],
)
def test_law_for(nation, sector, override, law):
    assert law_for(nation, sector, override=override) == law


def test_law_is_assumed_only_without_nation_or_override():
    assert law_is_assumed("")
    assert not law_is_assumed("", override="foisa")
    assert not law_is_assumed("scotland")


@pytest.mark.parametrize(
    ("text", "value"),
    [("England", "england"), ("Northern Ireland", "northern_ireland"), ("northern_ireland", "northern_ireland"),
     ("UK", "uk"), ("", ""), ("  Wales ", "wales")],
)
def test_parse_nation(text, value):
    assert parse_nation(text) == value


def test_parse_nation_rejects_unknown_with_the_choices():
    with pytest.raises(ValueError, match="unknown nation 'Mercia'.*england"):
        parse_nation("Mercia")


def test_parse_sector_accepts_spacing_and_case():
    assert parse_sector("FE college") == "fe_college"
    with pytest.raises(ValueError, match="unknown sector 'quango'"):
        parse_sector("quango")


def test_canonical_region_matches_the_councils_spelling():
    assert canonical_region("Yorkshire and the Humber") == "Yorkshire and The Humber"
    assert canonical_region("north  west") == "North West"
    assert canonical_region("Somewhere Else") == "Somewhere Else"


def test_normalise_name_and_slug():
    assert normalise_name("St Mary\u2019s C of E  Primary") == normalise_name("ST MARYS C OF E PRIMARY")
    assert normalise_name("Ysgol Bryn T\u00e2f & Co.") == "ysgol bryn taf and co"
    assert normalise_name("St \u00c6dwin\u2019s") == "st aedwins"
    assert slugify("St Aldric's Academy") == "st-aldrics-academy"


@pytest.mark.parametrize("good", ["foi@northmoor.gov.uk", "FOI.Requests@Northmoor.GOV.UK", "a+b@x.example.org"])
def test_normalise_email_accepts(good):
    assert normalise_email(good).split("@")[1] == good.split("@")[1].lower()


@pytest.mark.parametrize(
    "bad", ["", "foi", "foi@", "@northmoor.gov.uk", "foi@@northmoor.gov.uk", "foi @northmoor.gov.uk",
            "foi@northmoor", "foi@-bad-.gov.uk", "foi..x@northmoor.gov.uk", "<foi@northmoor.gov.uk>"],
)
def test_normalise_email_rejects(bad):
    with pytest.raises(ValueError):
        normalise_email(bad)
