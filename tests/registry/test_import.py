"""Imports against the real database: counts, idempotence, all-or-nothing, --skip-bad, matching, history."""

import pytest

from tests.registry.conftest import GIAS_SAMPLE, PLAIN_HEADER, plain_row
from whoswatching.registry import services
from whoswatching.registry.errors import SourceFileError, UnknownSource
from whoswatching.registry.models import ContactAddress, PublicBody, SourceRun

pytestmark = pytest.mark.django_db


def load_bundled():
    reports = services.registry_load_bundled(commit=True)
    assert all(r.outcome == "committed" for r in reports)
    return reports


def test_bundled_load_counts_and_is_idempotent():
    first = {r.source: r for r in load_bundled()}
    assert {name: r.created for name, r in first.items()} == {
        "councils": 397, "nhs_trusts": 205, "police_forces": 49, "universities": 148}
    assert PublicBody.objects.count() == 799
    assert PublicBody.objects.filter(sector="council", nation="scotland").count() == 32
    assert PublicBody.objects.with_law("foisa").count() == 34  # 32 councils, Police Scotland, UWS
    before = list(PublicBody.objects.order_by("id").values())
    second = load_bundled()
    for report in second:
        assert (report.created, report.updated, report.unchanged) == (0, 0, report.rows)
        assert report.warnings == []
    assert list(PublicBody.objects.order_by("id").values()) == before
    assert SourceRun.objects.filter(outcome="committed").count() == 8


def test_dry_run_writes_nothing_but_records_the_run():
    report = services.registry_import("councils")
    assert report.outcome == "dry_run"
    assert report.created == 397
    assert PublicBody.objects.count() == 0
    run = SourceRun.objects.get()
    assert (run.source, run.outcome, run.created, run.file_sha256) == ("councils", "dry_run", 397, report.file_sha256)


def bad_councils(write_csv, councils_rows):
    header, rows = councils_rows
    rows = [list(r) for r in rows[:10]]
    rows[2][0] = ""  # row 4: no name
    rows[4][1] = "quango"  # row 6: wrong sector
    rows[6][4] = rows[5][4]  # row 8: duplicate GSS code of row 7
    return write_csv("councils.csv", header, rows)


def test_a_file_with_bad_rows_applies_nothing(write_csv, councils_rows):
    path = bad_councils(write_csv, councils_rows)
    report = services.registry_import("councils", path, commit=True)
    assert report.outcome == "refused"
    assert [(p.row, p.reason) for p in report.rejected] == [
        (4, "no name"),
        (6, "sector 'quango' in the council register (expected 'council')"),
        (8, f"duplicate identifier GSS {councils_rows[1][5][4]} (first on row 7)"),
    ]
    assert report.created == 7  # what would have been created
    assert PublicBody.objects.count() == 0
    assert SourceRun.objects.get().outcome == "refused"


def test_skip_bad_applies_the_good_rows_and_lists_the_bad(write_csv, councils_rows):
    path = bad_councils(write_csv, councils_rows)
    report = services.registry_import("councils", path, commit=True, skip_bad=True)
    assert report.outcome == "committed"
    assert len(report.rejected) == 3
    assert PublicBody.objects.count() == 7
    again = services.registry_import("councils", path, commit=True, skip_bad=True)
    assert (again.created, again.updated, again.unchanged, len(again.rejected)) == (0, 0, 7, 3)


def test_changed_rows_update_and_blank_cells_keep_stored_values(write_csv, councils_rows):
    header, rows = councils_rows
    rows = [list(r) for r in rows[:3]]
    services.registry_import("councils", write_csv("a.csv", header, rows), commit=True)
    rows[0][0] = "Amber Valley Council (renamed)"
    rows[1][2] = ""  # region blank in the newer file
    report = services.registry_import("councils", write_csv("b.csv", header, rows), commit=True)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    renamed = PublicBody.objects.get(identifier=rows[0][4])
    assert renamed.name == "Amber Valley Council (renamed)"
    assert renamed.slug == "amber-valley-borough-council"  # slugs are stable
    assert PublicBody.objects.get(identifier=rows[1][4]).region == "East Midlands"


def test_identifier_of_another_sector_is_rejected(write_csv):
    load_bundled()
    path = write_csv("x.csv", PLAIN_HEADER, [plain_row(name="Fake Trust", sector="nhs_trust", identifier_scheme="GSS",
                                                       identifier="E07000032")])
    report = services.registry_import("csv", path, commit=True)
    assert report.rejected[0].row == 2
    assert "belongs to 'Amber Valley Borough Council' (sector council)" in report.rejected[0].reason


def test_gias_import_commit_and_reimport(write_csv):
    report = services.registry_import("gias", GIAS_SAMPLE, commit=True)
    assert (report.created, len(report.skipped), len(report.rejected)) == (8, 6, 0)
    assert report.skip_reasons["closed"] == 1
    assert PublicBody.objects.filter(sector="school").count() == 6
    assert PublicBody.objects.filter(sector="fe_college").count() == 2
    marys = PublicBody.objects.filter(name_key="st marys c of e primary school").order_by("identifier")
    assert [b.slug for b in marys] == ["st-marys-c-of-e-primary-school", "st-marys-c-of-e-primary-school-900011"]
    welsh = PublicBody.objects.get(identifier="900006")
    assert (welsh.nation, welsh.region, welsh.local_authority) == ("wales", "Wales", "Ceredigion Fach")
    stored = " ".join(str(v) for v in PublicBody.objects.values_list("name", "body_type", "source", "derivation"))
    assert "Fictional" not in stored and "Ada" not in stored  # heads' names are not read
    again = services.registry_import("gias", GIAS_SAMPLE, commit=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 8)


def test_plain_csv_adds_bodies_and_contacts_and_is_idempotent(write_csv):
    load_bundled()
    rows = [
        plain_row(name="Northmoor Borough Council", sector="council", region="North West", nation="england",
                  email="foi@northmoor.example.gov.uk", email_state="unverified", is_primary="1", source="hand-checked"),
        plain_row(name="Northmoor Borough Council", sector="council", email="info@northmoor.example.gov.uk"),
        plain_row(name="amber valley borough council", sector="council", email="foi@ambervalley.example.gov.uk",
                  email_state="verified"),
        plain_row(name="Cranfield University", sector="university", identifier_scheme="ukprn", identifier="10007822",
                  nation="england", region="East of England"),
    ]
    path = write_csv("plain.csv", PLAIN_HEADER, rows)
    report = services.registry_import("csv", path, commit=True)
    assert report.rejected == []
    assert (report.created, report.updated, report.unchanged) == (1, 3, 0)
    assert report.contacts_added == 3
    northmoor = PublicBody.objects.get(slug="northmoor-borough-council")
    assert northmoor.primary_contact().email == "foi@northmoor.example.gov.uk"
    assert northmoor.contacts.count() == 2
    amber = ContactAddress.objects.get(email="foi@ambervalley.example.gov.uk")
    assert amber.state == "verified" and amber.verified_at is not None
    cranfield = PublicBody.objects.get(identifier="10007822")
    assert (cranfield.nation, cranfield.foi_law_assumed) == ("england", False)
    again = services.registry_import("csv", path, commit=True)
    assert (again.created, again.updated, again.unchanged, again.contacts_added) == (0, 0, 4, 0)


def test_plain_csv_verifies_and_moves_the_primary(write_csv):
    load_bundled()
    first = write_csv("1.csv", PLAIN_HEADER, [
        plain_row(name="Bolton Council", sector="council", email="a@bolton.example.gov.uk", is_primary="yes"),
        plain_row(name="Bolton Council", sector="council", email="b@bolton.example.gov.uk")])
    assert services.registry_import("csv", first, commit=True).rejected == []
    second = write_csv("2.csv", PLAIN_HEADER, [
        plain_row(name="Bolton Council", sector="council", email="B@BOLTON.example.gov.uk", email_state="verified",
                  is_primary="yes")])
    report = services.registry_import("csv", second, commit=True)
    assert (report.updated, report.contacts_added) == (1, 0)
    contacts = {c.email: c for c in ContactAddress.objects.filter(body__slug="bolton-council")}
    assert contacts["b@bolton.example.gov.uk"].is_primary and contacts["b@bolton.example.gov.uk"].state == "verified"
    assert not contacts["a@bolton.example.gov.uk"].is_primary


def test_plain_csv_duplicate_identifier_with_another_name_is_rejected(write_csv):
    rows = [
        plain_row(name="Northmoor Borough Council", sector="council", identifier_scheme="GSS", identifier="E99999999"),
        plain_row(name="Southmoor Borough Council", sector="council", identifier_scheme="GSS", identifier="E99999999"),
        plain_row(name="Eastmoor Council", sector="council", email="not-an-address"),
    ]
    report = services.registry_import("csv", write_csv("d.csv", PLAIN_HEADER, rows), commit=True)
    assert [(p.row, p.reason.split(" (")[0]) for p in report.rejected] == [
        (3, "duplicate identifier GSS E99999999"),
        (4, "malformed email address 'not-an-address'"),
    ]
    assert report.outcome == "refused" and PublicBody.objects.count() == 0


def test_ambiguous_name_asks_for_an_identifier(write_csv):
    services.registry_import("gias", GIAS_SAMPLE, commit=True)
    path = write_csv("a.csv", PLAIN_HEADER, [plain_row(name="St Mary's C of E Primary School", sector="school",
                                                       email="office@stmarys.example.sch.uk")])
    report = services.registry_import("csv", path)
    assert report.rejected[0].reason.startswith("ambiguous: 2 school bodies")


def test_file_errors_and_unknown_sources(tmp_path):
    with pytest.raises(UnknownSource, match="choose from councils"):
        services.registry_import("edubase")
    with pytest.raises(SourceFileError, match="ships no file"):
        services.registry_import("gias")
    (tmp_path / "wrong.csv").write_text("a,b\n1,2\n")
    with pytest.raises(SourceFileError, match="missing column"):
        services.registry_import("gias", tmp_path / "wrong.csv")
    assert SourceRun.objects.count() == 0


def test_bulk_gias_import_spans_batches_and_is_idempotent(tmp_path):
    from tests.registry.fictional import expected_accepted, gias_bytes

    path = tmp_path / "edubasealldata.csv"
    path.write_bytes(gias_bytes(2000))
    expected = expected_accepted(2000)
    assert expected > 2 * 500  # more than two write batches
    report = services.registry_import("gias", path, commit=True)
    assert (report.created, len(report.rejected), report.rows) == (expected, 0, 2000)
    assert report.skip_reasons["closed"] + report.skip_reasons[
        "independent school: not a public authority under FOIA 2000 Sch. 1"] == 2000 - expected
    assert PublicBody.objects.filter(identifier_scheme="URN").count() == expected
    assert PublicBody.objects.filter(name_key__startswith="st aedwins").exists()
    assert PublicBody.objects.values("slug").distinct().count() == expected
    again = services.registry_import("gias", path, commit=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, expected)


def test_school_renamed_in_a_newer_gias_file_is_updated(tmp_path):
    services.registry_import("gias", GIAS_SAMPLE, commit=True)
    text = GIAS_SAMPLE.read_bytes().decode("cp1252").replace("Northmoor Community Primary School",
                                                              "Northmoor Primary Academy")
    newer = tmp_path / "newer.csv"
    newer.write_bytes(text.encode("cp1252"))
    report = services.registry_import("gias", newer, commit=True)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 7)
    body = PublicBody.objects.get(identifier="900002")
    assert (body.name, body.name_key, body.slug) == (
        "Northmoor Primary Academy", "northmoor primary academy", "northmoor-community-primary-school")


def test_bulk_inserted_bodies_read_back_like_orm_ones():
    from django.utils import timezone

    before = timezone.now()
    services.registry_import("police_forces", commit=True)
    body = PublicBody.objects.get(slug="police-scotland")
    assert body.created_at.tzinfo is not None and before <= body.created_at <= timezone.now()
    assert body.updated_at == body.created_at
    assert body.name_key == "police scotland"


def test_a_failure_while_writing_rolls_everything_back(monkeypatch):
    """All-or-nothing holds inside the write too: a clash halfway leaves no body and no run behind."""
    from whoswatching.registry import importer
    from whoswatching.registry.errors import ConcurrentImport

    real_apply = importer.apply_plan

    def clashing_apply(plan, progress):
        real_apply(plan, progress)  # every council is written...
        PublicBody.objects.create(name="Clash", slug="aberdeen-city-council", sector="other")  # ...then a clash

    monkeypatch.setattr(importer, "apply_plan", clashing_apply)
    with pytest.raises(ConcurrentImport, match="nothing was applied"):
        services.registry_import("councils", commit=True)
    assert PublicBody.objects.count() == 0
    assert SourceRun.objects.count() == 0


def test_count_assertions_warn_on_a_short_register(write_csv, councils_rows):
    header, rows = councils_rows
    report = services.registry_import("councils", write_csv("short.csv", header, rows[:10]))
    assert report.warnings == ["assertion failed: accepted = 10, expected 380..420"]
    assert "warning: assertion failed" in "\n".join(report.text_lines())


def test_bodies_bulk_created_without_a_name_key_are_still_found(write_csv, client):
    PublicBody.objects.bulk_create([PublicBody(name="Northmoor Borough Council", slug="northmoor-bc", sector="council",
                                               nation="england")])
    path = write_csv("p.csv", PLAIN_HEADER, [plain_row(name="NORTHMOOR BOROUGH COUNCIL", sector="council",
                                                       email="foi@northmoor.example.gov.uk")])
    report = services.registry_import("csv", path, commit=True)
    assert (report.created, report.updated) == (0, 1)
    assert [b.slug for b in services.body_list(services.BodyFilters(q="northmoor"))] == ["northmoor-bc"]
