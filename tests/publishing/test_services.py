"""Building, publishing, withdrawing and embargoes; drill-down agrees with the tables; quotes redacted."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from whoswatching.publishing import services
from whoswatching.publishing.drilldown import DIMENSIONS, Cell, select
from whoswatching.publishing.models import Publication
from whoswatching.stats.counts import DENOMINATORS

MEASURES = ("requests", "responses", "response_unknown", "refused", "n", "hikvision", "dahua", "either", "other_chinese",
            "any_chinese", "brand_unknown")


@pytest.mark.django_db
def test_unaccepted_replies_block_the_build(campaign_replied):
    campaign, _ = campaign_replied
    with pytest.raises(services.PublishingError, match=r"4 of 4 replies .* no accepted codes yet"):
        services.publication_build(campaign, by="staff")
    assert not Publication.objects.exists()
    assert not (services.publications_root() / campaign.slug).exists()


@pytest.mark.django_db
def test_build_publish_withdraw(campaign_accepted):
    campaign = campaign_accepted
    pub = services.publication_build(campaign, by="staff")
    assert pub.state == "draft" and pub.bodies == 5 and pub.replies == 4
    folder = Path(pub.folder)
    assert folder.parent == services.publications_root() / campaign.slug
    assert {p.name for p in folder.iterdir()} >= {"manifest.json", "valid", "responses", "drilldown.json"}
    assert services.publications_public() == []
    services.publication_publish(pub, by="staff")
    assert [p.pk for p in services.publications_public()] == [pub.pk]
    assert services.publication_public_get(campaign.slug).pk == pub.pk
    # A newer build replaces the old one on publishing.
    newer = services.publication_build(campaign, by="staff")
    services.publication_publish(newer, by="staff")
    pub.refresh_from_db()
    assert pub.state == "withdrawn" and "replaced by" in pub.withdrawn_reason
    assert services.publication_public_get(campaign.slug).pk == newer.pk
    services.publication_withdraw(newer, by="staff", reason="error found")
    assert services.publications_public() == []
    assert services.publication_public_get(campaign.slug) is None


@pytest.mark.django_db
def test_embargo_hides_a_published_campaign_until_its_date(campaign_accepted):
    campaign = campaign_accepted
    campaign.embargo_until = timezone.now() + timedelta(days=3)
    campaign.save(update_fields=["embargo_until"])
    pub = services.publication_publish(services.publication_build(campaign, by="staff"), by="staff")
    assert pub.state == "published"
    assert services.publications_public() == []
    assert services.publication_public_get(campaign.slug) is None
    later = timezone.now() + timedelta(days=4)
    assert [p.pk for p in services.publications_public(later)] == [pub.pk]
    assert services.publication_public_get(campaign.slug, later).pk == pub.pk


@pytest.mark.django_db
def test_drilldown_counts_equal_every_table_cell(campaign_accepted):
    pub = services.publication_build(campaign_accepted, by="staff")
    data = json.loads((Path(pub.folder) / services.DRILLDOWN_FILE).read_text())
    checked = 0
    for d in DENOMINATORS:
        tables = services.publication_report(pub, d)["tables"]
        for dim, key, rows in (("overall", None, tables["overall"]["rows"]), ("sector", None, tables["sectors"]["rows"]),
                               ("region", "region", tables["regions"]["rows"]), ("nation", "nation", tables["nations"]["rows"])):
            assert dim in DIMENSIONS
            for row in rows:
                for measure in MEASURES:
                    cell = Cell(d, dim, row["sector"], row[key] if key else "", measure)
                    assert len(select(data, cell)) == row[measure], (cell, row)
                    checked += 1
                known_none = row["requests"] - row["responses"] - row["response_unknown"]
                assert len(select(data, Cell(d, dim, row["sector"], row[key] if key else "", "non_response"))) == known_none
    assert checked > 100


@pytest.mark.django_db
def test_drilldown_quotes_are_redacted(campaign_accepted):
    pub = services.publication_build(campaign_accepted, by="staff")
    raw = (Path(pub.folder) / services.DRILLDOWN_FILE).read_text()
    for secret in ("Quillfeather", "01632 960123", "jane.quillfeather", "Lovelace"):
        assert secret not in raw
    bodies = services.publication_drilldown(pub, Cell("valid", "sector", "council", "", "hikvision"))
    assert {b["name"] for b in bodies} >= {"Northmoor Borough Council"}
    quotes = [q for b in bodies for _, qs in b["shown_evidence"] for q in qs]
    assert any("Hikvision" in q for q in quotes)


@pytest.mark.django_db
def test_only_manifest_files_are_served(campaign_accepted):
    pub = services.publication_build(campaign_accepted, by="staff")
    assert services.publication_file(pub, "valid/report.xlsx").path.is_file()
    for bad in ("drilldown.json", "../../x", "/etc/passwd", "valid/../manifest.json", "manifest.json"):
        with pytest.raises(services.PublishingError):
            services.publication_file(pub, bad)


@pytest.mark.django_db
def test_cli_stats_build_campaign(campaign_replied):
    from typer.testing import CliRunner

    from whoswatching.cli import cli
    from whoswatching.coding import services as coding

    campaign, messages = campaign_replied
    runner = CliRunner()
    blocked = runner.invoke(cli, ["stats", "build", "--campaign", campaign.slug])
    assert blocked.exit_code == 2 and "no accepted codes yet" in blocked.output
    for message in messages:
        coding.review_submit(message, by="reviewer")
    ok = runner.invoke(cli, ["stats", "build", "--campaign", campaign.slug, "--publish"])
    assert ok.exit_code == 0, ok.output
    assert "(published; build" in ok.stdout
    assert services.publication_public_get(campaign.slug) is not None
    assert runner.invoke(cli, ["stats", "build", "--campaign", "no-such"]).exit_code == 2
    assert runner.invoke(cli, ["stats", "build"]).exit_code == 2
