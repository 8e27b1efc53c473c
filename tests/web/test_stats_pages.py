"""The public statistics pages and the staff publishing pages, on a campaign to fictional bodies."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from python_calamine import CalamineWorkbook

from tests.publishing.conftest import campaign_accepted, campaign_replied  # noqa: F401 (fixtures)
from whoswatching.publishing import services
from whoswatching.publishing.models import Publication

SECRETS = ("Quillfeather", "01632 960123", "01632", "jane.quillfeather", "@northmoor.example.org", "Lovelace")
FORMULA_START = ("=", "+", "@", "\t", "\r")


@pytest.fixture
def staff_client(client, db):
    user = User.objects.create_user("staffer", password="pw", is_staff=True)
    client.force_login(user)
    return client


@pytest.fixture
def published(campaign_accepted):  # noqa: F811
    pub = services.publication_build(campaign_accepted, by="staff")
    return services.publication_publish(pub, by="staff")


def _all_public_pages(client, pub) -> list[str]:
    slug = pub.campaign.slug
    pages = [client.get("/stats/"), client.get(f"/stats/{slug}/"), client.get(f"/stats/{slug}/?denominator=responses")]
    for measure in ("requests", "responses", "hikvision", "dahua", "refused", "n", "either"):
        for sector, dim in (("all", "overall"), ("council", "sector")):
            pages.append(client.get(f"/stats/{slug}/cell/", {"denominator": "valid", "dim": dim, "sector": sector,
                                                               "measure": measure}))
    assert all(p.status_code == 200 for p in pages)
    html = [p.content.decode() for p in pages]
    assert not any("INVALID_TEMPLATE_VAR" in h for h in html)
    return html


@pytest.mark.django_db
def test_index_explains_how_to_publish_when_nothing_is(client):
    page = client.get("/stats/").content.decode()
    assert "Nothing is published yet" in page
    assert "whoswatching demo" in page


@pytest.mark.django_db
def test_publication_page_tables_charts_downloads(client, published):
    slug = published.campaign.slug
    index = client.get("/stats/").content.decode()
    assert f"/stats/{slug}/" in index
    page = client.get(f"/stats/{slug}/").content.decode()
    for text in ("Method", "Wilson", "No response", "Denominator (n)", "By sector", "By region", "By nation",
                 "valid/report.xlsx", "valid/report.json", "valid/csv/sectors.csv", "charts/map.svg",
                 "Full report (HTML)"):
        assert text in page, text
    assert "[" in page and "–" in page  # intervals shown


@pytest.mark.django_db
def test_no_officer_details_on_any_public_page(client, published):
    for html in _all_public_pages(client, published):
        for secret in SECRETS:
            assert secret not in html, secret
    cell = client.get(f"/stats/{published.campaign.slug}/cell/",
                      {"denominator": "valid", "dim": "sector", "sector": "council", "measure": "hikvision"})
    html = cell.content.decode()
    assert "Northmoor Borough Council" in html
    assert "I can confirm that the council uses Hikvision cameras" in html


@pytest.mark.django_db
def test_hostile_body_names_are_escaped(client, published):
    html = client.get(f"/stats/{published.campaign.slug}/cell/",
                      {"denominator": "valid", "dim": "overall", "sector": "all", "measure": "requests"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.django_db
def test_downloads_are_attachments_and_formulas_neutralised(client, published):
    slug = published.campaign.slug
    for name, kind in (("valid/report.xlsx", "spreadsheetml"), ("valid/report.json", "json"),
                       ("valid/csv/sectors.csv", "text/csv"), ("valid/report.html", "text/html")):
        response = client.get(f"/stats/{slug}/files/{name}")
        assert response.status_code == 200, name
        assert response["Content-Disposition"].startswith("attachment"), name
        assert kind in response["Content-Type"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
    view = client.get(f"/stats/{slug}/files/valid/report.html?view=1")
    assert view["Content-Disposition"].startswith("inline") and "sandbox" in view["Content-Security-Policy"]
    chart = client.get(f"/stats/{slug}/files/valid/charts/map.svg")
    assert chart.status_code == 200 and chart["Content-Type"].startswith("image/svg+xml")
    for name in ("valid/csv/sectors.csv", "valid/csv/exemptions.csv", "valid/csv/regions.csv"):
        text = b"".join(client.get(f"/stats/{slug}/files/{name}").streaming_content).decode("utf-8-sig")
        for row in csv.reader(io.StringIO(text)):
            for value in row:
                assert not value.startswith(FORMULA_START), (name, value)
    data = b"".join(client.get(f"/stats/{slug}/files/valid/report.xlsx").streaming_content)
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    for sheet in book.sheet_names:
        for row in book.get_sheet_by_name(sheet).to_python():
            for value in row:
                assert not (isinstance(value, str) and value.startswith(FORMULA_START)), (sheet, value)
    assert client.get(f"/stats/{slug}/files/drilldown.json").status_code == 404
    assert client.get(f"/stats/{slug}/files/../manifest.json").status_code == 404


@pytest.mark.django_db
def test_embargoed_campaign_hidden_from_public_staff_can_preview(staff_client, campaign_accepted):  # noqa: F811
    campaign = campaign_accepted
    campaign.embargo_until = timezone.now() + timedelta(days=2)
    campaign.save(update_fields=["embargo_until"])
    pub = services.publication_publish(services.publication_build(campaign, by="staff"), by="staff")
    client = Client()  # anonymous, beside the logged-in staff client
    assert campaign.slug not in client.get("/stats/").content.decode()
    assert client.get(f"/stats/{campaign.slug}/").status_code == 404
    assert client.get(f"/stats/{campaign.slug}/files/valid/report.json").status_code == 404
    assert client.get("/api/stats/publications").json() == []
    assert client.get(f"/api/stats/publications/{campaign.slug}").status_code == 404
    preview = staff_client.get(f"/stats/staff/{pub.pk}/")
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "not visible to the public" in html and "Embargo until" in html
    assert "INVALID_TEMPLATE_VAR" not in html + staff_client.get("/stats/staff/").content.decode()
    assert staff_client.get(f"/stats/staff/{pub.pk}/files/valid/report.json").status_code == 200
    assert "in force" in staff_client.get("/stats/staff/").content.decode()


@pytest.mark.django_db
def test_staff_build_publish_withdraw_through_the_pages(staff_client, campaign_replied):  # noqa: F811
    campaign, messages = campaign_replied
    response = staff_client.post(f"/stats/staff/build/{campaign.slug}/", follow=True)
    assert "no accepted codes yet" in response.content.decode()
    assert not Publication.objects.exists()
    from whoswatching.coding import services as coding

    for message in messages:
        coding.review_submit(message, by="reviewer")
    response = staff_client.post(f"/stats/staff/build/{campaign.slug}/")
    pub = Publication.objects.get()
    assert response.url == f"/stats/staff/{pub.pk}/"
    assert staff_client.get(f"/stats/{campaign.slug}/").status_code == 404  # draft: not public
    staff_client.post(f"/stats/staff/{pub.pk}/publish/")
    assert staff_client.get(f"/stats/{campaign.slug}/").status_code == 200
    api = staff_client.get(f"/api/stats/publications/{campaign.slug}").json()
    assert api["publication"]["bodies"] == 5 and "sectors" in api["tables"]
    staff_client.post(f"/stats/staff/{pub.pk}/withdraw/", {"reason": "typo"})
    assert staff_client.get(f"/stats/{campaign.slug}/").status_code == 404


@pytest.mark.django_db
def test_staff_pages_need_a_login(client, published):
    assert client.get("/stats/staff/").status_code == 302
    assert client.get(f"/stats/staff/{published.pk}/").status_code == 302
    assert client.post(f"/stats/staff/{published.pk}/withdraw/").status_code == 302
    published.refresh_from_db()
    assert published.state == "published"
