"""The catalogue's Python interface (docs/catalog.md): makers, brands, names, models, OUIs, capabilities."""

from __future__ import annotations

import csv

import pytest

from whoswatching.catalog import Catalog, load_catalog, mac_prefix, name_key, normalise_model
from whoswatching.catalog.load import parse_grade, parse_makers, parse_relation


def test_load_is_cached_and_immutable(cat):
    assert isinstance(cat, Catalog)
    assert load_catalog() is cat
    with pytest.raises(TypeError):
        cat.makers["Evil"] = cat.makers["Hikvision"]  # type: ignore[index]
    with pytest.raises(ValueError):
        cat.makers["Hikvision"].name = "x"


@pytest.mark.parametrize(
    "name",
    ["HIKVISION", "hikvision", "Hangzhou Hikvision Digital Technology Co., Ltd.",
     "Hangzhou Hikvision Digital Technology Co.,Ltd.", "Hik Vision"],
)
def test_find_maker_hikvision_spellings(cat, name):
    assert cat.find_maker(name).name == "Hikvision"


@pytest.mark.parametrize(
    "name", ["Zhejiang Dahua Technology Co., Ltd.", "ZHEJIANG DAHUA TECHNOLOGYCO.,LTD", "Dahua Technology", "dahua"]
)
def test_find_maker_dahua_spellings(cat, name):
    assert cat.find_maker(name).name == "Dahua"


def test_find_maker_unknown_and_brand_is_not_maker(cat):
    assert cat.find_maker("Acme Cameras") is None
    assert cat.find_maker("Ezviz") is None  # a brand, not a maker
    assert cat.find_maker("") is None


def test_chinese_and_hard_negative_makers(cat):
    chinese = {m.name for m in cat.makers.values() if m.chinese}
    assert {"Hikvision", "Dahua", "Uniview", "Huawei", "Tiandy", "Kedacom", "Sunell", "TVT", "Milesight"} <= chinese
    for name in ("Axis", "Bosch", "Hanwha Vision", "Avigilon", "Vivotek"):
        assert cat.makers[name].chinese is False
    assert cat.makers["Vivotek"].country == "TW"
    assert cat.makers["Hanwha Vision"].country == "KR"


def test_state_ownership_is_backed_by_facts(cat):
    for maker in cat.makers.values():
        if maker.state_owned:
            assert any(f.topic == "ownership" for f in maker.facts), maker.name


@pytest.mark.parametrize(
    ("name", "brand", "maker", "relation", "grade"),
    [
        ("ezviz", "Ezviz", "Hikvision", "own", "strong"),
        ("EZVIZ", "Ezviz", "Hikvision", "own", "strong"),
        ("HiLook", "HiLook", "Hikvision", "own", "strong"),
        ("HiWatch", "HiWatch", "Hikvision", "oem", "weak"),
        ("LTS", "LTS", "Hikvision", "oem", "weak"),
        ("TruVision", "truVision", "Hikvision", "oem", "medium"),
        ("Lorex", "Lorex", "Dahua", "oem", "strong"),
        ("amcrest", "Amcrest", "Dahua", "oem", "strong"),
        ("Imou", "Imou", "Dahua", "own", "medium"),
        ("Honeywell", "Honeywell", "Hikvision", "oem", "weak"),
        ("Hi-Focus", "Hi-Focus", "Dahua", "oem", "weak"),
    ],
)
def test_find_brand(cat, name, brand, maker, relation, grade):
    b = cat.find_brand(name)
    assert (b.name, b.maker, b.relation, b.grade) == (brand, maker, relation, grade)
    assert b.counts_as_maker is (grade != "weak")
    assert b.source_url.startswith("http")
    assert b.evidence


def test_mixed_brand_keeps_other_makers(cat):
    assert cat.find_brand("Hi-Focus").other_makers == ("Uniview",)


def test_attribute_resolves_makers_brands_and_subsidiaries(cat):
    assert cat.attribute("Hikvision").via == "maker"
    hilook = cat.attribute("Hi Look")
    assert (hilook.maker, hilook.via, hilook.grade, hilook.counts_as_maker) == ("Hikvision", "brand", "strong", True)
    assert cat.attribute("Swann").counts_as_maker is False
    assert cat.attribute("Prama Hikvision India Private Limited").maker == "Hikvision"
    assert cat.attribute("Axis Communications").maker == "Axis"
    assert cat.attribute("Nobody Ltd") is None


def test_brand_grades_match_the_shared_research_table(cat, shared_data):
    """Every row of shared oem_brands.csv is in the catalogue with the grade its evidence opens with."""
    with (shared_data / "oem_brands.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(cat.brands) == len(rows)
    for row in rows:
        brand = next(b for b in cat.brands.values() if b.evidence == row["evidence"])
        assert brand.grade == parse_grade(row["evidence"])
        assert brand.source_url == row["source_url"]


def test_shipped_copies_match_shared_data(shared_data):
    from whoswatching.catalog import DATA_DIR

    for name, shared in (("cves.csv", "cves.csv"), ("oem_brands.csv", "oem_brands.csv"), ("oui.csv", "protocols/oui.csv")):
        assert (DATA_DIR / name).read_bytes() == (shared_data / shared).read_bytes(), name


@pytest.mark.parametrize(
    ("evidence", "grade"),
    [
        ("Ownership (strong): Hikvision set up Ezviz", "strong"),
        ("Own sub-brand (strong): the manual", "strong"),
        ("Weak (community): a PR comment", "weak"),
        ("Medium (registry): the IEEE MAC", "medium"),
        ("Weak-medium: the community database", "weak"),
        ("Strong (technical): CVE-2019-3948", "strong"),
        ("No grade here: strong words later", None),
    ],
)
def test_parse_grade(evidence, grade):
    assert parse_grade(evidence) == grade


@pytest.mark.parametrize(
    ("manufacturer", "evidence", "relation"),
    [
        ("Hikvision", "Ownership (strong): ...", "own"),
        ("Hikvision (OEM)", "Weak-medium: ...", "oem"),
        ("Dahua (own consumer brand)", "Medium (community): ...", "own"),
        ("Dahua (owner 2018 to 24 Nov 2022; supplier since)", "Ownership (strong): ...", "oem"),
        ("Hikvision (partnership claimed)", "Weak (integrator blog): ...", "oem"),
        ("Hikvision", "Weak (community): ...", "oem"),
    ],
)
def test_parse_relation(manufacturer, evidence, relation):
    assert parse_relation(manufacturer, evidence) == relation


def test_parse_makers():
    assert parse_makers("Dahua or Uniview (OEM, mixed)") == ("Dahua", "Uniview")
    assert parse_makers("Hikvision (OEM NVRs)") == ("Hikvision",)


@pytest.mark.parametrize(
    ("raw", "norm"),
    [
        (" ds-2cd2143g2-i ", "DS-2CD2143G2-I"),
        ("DS-2CD2143G2-I (2.8mm)", "DS-2CD2143G2-I"),
        ("DS 2CD2143G2 – I", "DS2CD2143G2-I"),
        ("ipc-hfw2431s-s-s2", "IPC-HFW2431S-S-S2"),
        ("DS-2DE3404W-DE(T5)", "DS-2DE3404W-DE(T5)"),
        ("'DS-7608NXI-I2/8P/S'.", "DS-7608NXI-I2/8P/S"),
    ],
)
def test_normalise_model(cat, raw, norm):
    assert normalise_model(raw) == norm
    assert cat.normalise_model(raw) == norm


def test_identify_the_codebook_example(cat):
    ident = cat.identify("DS-2CD2143G2-I")
    assert ident.maker == "Hikvision"
    assert ident.kind == "camera"
    assert ident.product_line == "AcuSense"
    assert "object_detection" in ident.capabilities
    assert ident.pattern == "hik-ipc"
    assert all(u.startswith("http") for u in ident.source_urls)
    assert any("convention" in n for n in ident.notes)


@pytest.mark.parametrize(
    ("model", "maker", "brand", "line", "kind"),
    [
        ("ipc-hdbw5442e-ze", "Dahua", None, "WizMind", "camera"),
        ("DH-IPC-HDW2439T-AS-LED-S2", "Dahua", None, "Dahua Lite", "camera"),
        ("iDS-2CD7146G0-IZS", "Hikvision", None, "DeepinView", "camera"),
        ("DS-2CD7153-E", "Hikvision", None, None, "camera"),
        ("iDS-7204HUHI-M1/E", "Hikvision", None, "AcuSense", "dvr"),
        ("DS-7608NXI-I2/8P/S", "Hikvision", None, "AcuSense", "nvr"),
        ("NVR-104MH-C/4P", "Hikvision", "HiLook", None, "nvr"),
        ("NVR4104HS-P-4KS2", "Dahua", None, None, "nvr"),
        ("NVR301-04S3", "Uniview", None, None, "nvr"),
        ("IP2M-841B", "Dahua", "Amcrest", None, "camera"),
        ("XNV-8080R", "Hanwha Vision", None, None, "camera"),
        ("SD9364-EHL", "Vivotek", None, None, "camera"),
    ],
)
def test_identify(cat, model, maker, brand, line, kind):
    ident = cat.identify(model)
    assert (ident.maker, ident.brand, ident.product_line, ident.kind) == (maker, brand, line, kind)


def test_identify_wizmind_carries_marketed_capabilities(cat):
    ident = cat.identify("IPC-HFW5849T1-ASE-LED")
    assert {"face_recognition", "demographic", "behavioural"} <= set(ident.capabilities)
    assert "heat_map" in ident.capability_details


def test_identify_unknown_model_and_suggestions(cat):
    assert cat.identify("Totally unknown 123") is None
    assert cat.identify("   ") is None
    near = cat.suggest("DS-2CX2143G2-I")
    assert near and near[0].maker == "Hikvision"


@pytest.mark.parametrize(
    ("mac", "maker"),
    [
        ("c0:56:e3:12:34:56", "Hikvision"),
        ("C0-56-E3-12-34-56", "Hikvision"),
        ("c056.e312.3456", "Hikvision"),
        ("20:BB:BC:00:00:01", "Hikvision"),  # Hangzhou Ezviz Software: a Hikvision subsidiary
        ("3C:EF:8C:00:00:01", "Dahua"),
        ("B0:B3:53:61:22:33", "Hikvision"),  # MA-M /28 block of Hangzhou Hikrobot
        ("00:40:8C:00:00:01", None),  # Axis: not in the extract
        ("not a mac", None),
    ],
)
def test_oui_maker(cat, mac, maker):
    assert cat.oui_maker(mac) == maker


def test_oui_blocks_list_every_registered_block_and_the_most_specific_wins(cat, monkeypatch):
    blocks = dict(cat.oui_blocks())
    assert blocks["C056E3"] == "Hikvision" and blocks["B0B3536"] == "Hikvision"  # MA-L and MA-M (/28)
    monkeypatch.setitem(cat._oui, "B0:B3:53:61:2/36", "Dahua")  # an MA-S inside the MA-M
    assert cat.oui_maker("B0:B3:53:61:22:33") == "Dahua"
    assert cat.oui_maker("B0:B3:53:6F:22:33") == "Hikvision"
    assert ("B0B353612", "Dahua") in cat.oui_blocks()


@pytest.mark.parametrize("prefix", ["C0:56:E3", "b0:b3:53:6/28", "70:B3:D5:12:3/36"])
def test_oui_prefixes_are_ieee_blocks(prefix):
    from whoswatching.catalog.schema import OuiRow

    assert OuiRow(prefix=prefix, organisation="x", source="y").prefix == prefix


@pytest.mark.parametrize("prefix", ["C0:56", "C0:56:E3:1", "C0:56:E3:1/36", "C0-56-E3", "G0:56:E3", "C0:56:E3:12:3/28"])
def test_oui_prefixes_that_are_not_blocks_are_refused(prefix):
    from pydantic import ValidationError

    from whoswatching.catalog.schema import OuiRow

    with pytest.raises(ValidationError, match="not an IEEE block"):
        OuiRow(prefix=prefix, organisation="x", source="y")


def test_every_oui_row_maps_to_a_maker(cat):
    unmapped = [r.organisation for r in cat.oui if cat.maker_for_organisation(r.organisation) is None]
    assert unmapped == []


def test_mac_prefix_and_name_key():
    assert mac_prefix("c056e3123456") == "C0:56:E3"
    assert mac_prefix("12") is None
    assert name_key("Hanwha Vision Co., Ltd.") == name_key("HANWHA VISION") == "hanwhavision"


def test_capabilities_are_the_codebook_taxonomy(cat):
    assert set(cat.capabilities) == {
        "face_detection", "face_recognition", "thermal", "demographic", "behavioural", "object_detection",
    }
    for name in ("anpr", "heat_map", "people_counting", "mask_detection"):
        assert name in cat.capability_details
    assert cat.capability_details["mask_detection"].parent == "object_detection"
    assert "heat_map" in cat.capabilities["behavioural"].details
    keywords = cat.capability_keywords()
    assert "face library" in keywords["face_recognition"]
    assert "anpr" in keywords["anpr"]


def test_product_lines_from_the_seed(cat):
    for name in ("AcuSense", "DeepinView", "DeepinMind", "DarkFighter", "Heat Mapping", "WizSense", "WizMind"):
        line = cat.product_lines[name]
        assert line.source_url.startswith("http")
    assert cat.find_product_line("deepin view").name == "DeepinView"
    assert "face_recognition" in cat.product_lines["DeepinView"].capabilities


def test_facts_have_sources_and_cover_ownership_and_bans(cat):
    ids = {f.id for f in cat.facts}
    assert {"hikvision-cetc", "dahua-china-mobile", "us-ndaa-2019-s889", "rai-occhio-del-dragone-2021"} <= ids
    assert all(f.source_url.startswith("http") for f in cat.facts)
    assert all(f.after_seed for f in cat.facts if f.date and f.date.isoformat() > "2022-02-07")
    assert cat.facts_about("Hikvision", topic="ban")
    assert cat.facts_about("Nobody") == []


def test_identify_drops_a_leading_maker_or_brand_word(cat):
    assert cat.identify("Hikvision DS-2CD2143G2-I").model == "DS-2CD2143G2-I"
    assert cat.identify("Dahua IPC-HFW2431S-S-S2").maker == "Dahua"
    assert cat.identify("HiLook IPC-B140H").brand == "HiLook"
    assert cat.identify("Acme DS-2CD2143G2-I") is None  # only a known name is dropped


def test_seed_citations_point_at_the_seed(cat, shared_data):
    """A row whose source says "seed" cites a URL that the seed report itself gives (traceability)."""
    seed_dir = shared_data.parent / "seed"
    text = "".join(p.read_text(encoding="utf-8") for p in seed_dir.glob("*.txt"))
    rows = [(f.id, f.source, f.source_url) for f in cat.facts]
    rows += [(p.name, p.source, p.source_url) for p in cat.product_lines.values()]
    cited = [(name, url) for name, source, url in rows if source.startswith("seed")]
    assert len(cited) >= 20
    missing = [(name, url) for name, url in cited if url not in text]
    assert missing == []


def test_dahua_housing_code_features(cat):
    ident = cat.identify("IPC-HDBW5442E-ZE")
    assert {"dome", "vandal_proof", "ir_illumination"} <= set(ident.features)
    assert "dahua-housing-dbw" in ident.suffixes
    assert cat.identify("HAC-HFW1200T").features == ("bullet", "ir_illumination")
    assert cat.identify("IPC-EBW81242").features == ("fisheye",)


@pytest.mark.parametrize(
    ("model", "features"),
    [
        ("DS-2CD2143G2-I", ("ir_illumination",)),
        ("DS-2CD4A26FWD-IZS-P", ("ir_illumination", "motorised_varifocal")),
        ("DS-2CE16D0T-EXIF", ("ir_illumination",)),
        ("DS-2DE3404W-DE(T5)", ()),  # PTZ letters are not decoded
    ],
)
def test_hikvision_option_letters(cat, model, features):
    ident = cat.identify(model)
    assert ident.features == features
    assert bool(features) == any(s.startswith("hik-option-") for s in ident.suffixes)


def test_a_weak_brand_link_never_names_the_maker_of_a_model(cat):
    """HiWatch's link to Hikvision is graded weak: its model numbers must not say "made by Hikvision"
    (the coder reads ``maker`` to set uses_hikvision, and a false yes accuses a public body)."""
    weak = cat.identify("HWP-N2404IH-DE3(F)")
    assert (weak.brand, weak.brand_grade, weak.brand_relation) == ("HiWatch", "weak", "oem")
    assert weak.maker is None and weak.made_by == "Hikvision"
    assert cat.cve_status(maker="", model="HWP-N2404IH-DE3", firmware=None) == []
    strong = cat.identify("IPC-B140H")
    assert (strong.maker, strong.brand_grade, strong.brand_relation) == ("Hikvision", "strong", "own")
    plain = cat.identify("DS-2CD2143G2-I")
    assert plain.maker == plain.made_by == "Hikvision" and plain.brand_grade is None
