"""The /bodies/ pages and /api/registry/ endpoints: filters, facets, pages, staff-only addresses, escaping."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from whoswatching.registry import services
from whoswatching.registry.models import PublicBody

pytestmark = pytest.mark.django_db


@pytest.fixture
def bundled():
    services.registry_load_bundled(commit=True)


@pytest.fixture
def staff_client():
    user = get_user_model().objects.create_user("staffer", password="x", is_staff=True)
    staff = Client()
    staff.force_login(user)
    return staff


def test_list_filters_and_facets(client, bundled):
    response = client.get("/bodies/", {"sector": "council", "region": "North West"})
    assert response.status_code == 200
    page = response.context["page"]
    assert page.total == 38 and len(page.bodies) == 38
    facets = {name: {value: n for value, _, n in rows} for name, rows in response.context["facets"].items()}
    assert facets["sector"]["nhs_trust"] == 31  # counts under the other filters
    assert facets["law"] == {"foia": 38, "foisa": 0}
    html = response.content.decode()
    assert "Bolton Metropolitan Borough Council" in html
    assert "Aberdeen City Council" not in html
    assert "NHS trust" in html and "England" in html  # labels, not enum values
    assert "Contains data from mySociety" in html  # attribution of the bundled registers


def test_detail_shows_the_origin_licence(client, bundled):
    html = client.get("/bodies/police-scotland/").content.decode()
    assert "CC BY-SA 4.0" in html and "Contains WhatDoTheyKnow body data" in html


def test_pagination_50_per_page(client, bundled):
    response = client.get("/bodies/", {"sector": "council", "page": 2})
    page = response.context["page"]
    assert (page.total, page.page, page.pages, len(page.bodies)) == (397, 2, 8, 50)
    assert 'rel="next"' in response.content.decode()
    last = client.get("/bodies/", {"sector": "council", "page": 99}).context["page"]
    assert (last.page, len(last.bodies)) == (8, 47)


def test_name_search_ignores_case_and_punctuation(client, bundled):
    response = client.get("/bodies/", {"q": "ALDER HEY CHILDRENS"})
    assert [b.name for b in response.context["page"].bodies] == ["Alder Hey Children's NHS Foundation Trust"]


def test_unknown_nation_and_law_filters(client, bundled):
    response = client.get("/bodies/", {"nation": "unknown"})
    assert response.context["page"].total == 145
    assert "assumed" in response.content.decode()
    assert client.get("/bodies/", {"law": "foisa"}).context["page"].total == 34


def test_htmx_request_gets_only_the_results(client, bundled):
    response = client.get("/bodies/", {"sector": "police"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and "Police Scotland" in html
    assert response["Vary"] == "HX-Request"
    full = client.get("/bodies/", {"sector": "police"}, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in full.content.decode()


def test_bad_filter_is_a_400_with_the_reason(client, bundled):
    response = client.get("/bodies/", {"sector": "quango"})
    assert response.status_code == 400
    assert "unknown sector" in response.content.decode()


def test_detail_page_is_public_but_addresses_are_staff_only(client, staff_client, bundled):
    services.contact_add("police-scotland", "foi@police-scotland.example.org", primary=True)
    services.contact_bounce_record("foi@police-scotland.example.org", permanent=False, reason="452 mailbox full")
    public = client.get("/bodies/police-scotland/")
    html = public.content.decode()
    assert public.status_code == 200
    assert "Freedom of Information (Scotland) Act 2002" in html
    assert "foi@police-scotland.example.org" not in html
    staff = staff_client.get("/bodies/police-scotland/").content.decode()
    assert "foi@police-scotland.example.org" in staff and "452 mailbox full" in staff and "bouncing" in staff
    assert client.get("/bodies/no-such-body/").status_code == 404


def test_hostile_body_name_is_escaped(client):
    PublicBody.objects.create(name='<script>alert("x")</script> Council', slug="hostile-council", sector="council",
                              nation="england", website="https://example.org/?a=<b>")
    for url in ("/bodies/", "/bodies/hostile-council/", "/bodies/?q=script"):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_api_list_and_detail(client, staff_client, bundled):
    data = client.get("/api/registry/bodies", {"sector": "council", "region": "North West", "page_size": 10}).json()
    assert (data["count"], data["pages"], len(data["results"])) == (38, 4, 10)
    assert client.get("/api/registry/bodies", {"q": "cranfield"}).json()["results"][0]["foi_law_assumed"] is True
    assert client.get("/api/registry/bodies", {"law": "gdpr"}).status_code == 400
    services.contact_add("cranfield-university", "foi@cranfield.example.ac.uk")
    body = client.get("/api/registry/bodies/cranfield-university").json()
    assert body["identifier"] == "10007822" and "contacts" not in body
    assert staff_client.get("/api/registry/bodies/cranfield-university").json()["contacts"][0]["email"] == "foi@cranfield.example.ac.uk"
    assert client.get("/api/registry/bodies/nowhere").status_code == 404


def test_non_http_urls_are_never_links(client):
    PublicBody.objects.create(name="Northmoor Borough Council", slug="northmoor-borough-council", sector="council",
                              nation="england", website="javascript:alert(1)", source_url="javascript:alert(2)")
    html = client.get("/bodies/northmoor-borough-council/").content.decode()
    assert "javascript:" not in html
    assert client.get("/api/registry/bodies/northmoor-borough-council").json()["website"] == ""


def test_import_history_page_is_staff_only(client, staff_client, write_csv):
    path = write_csv("p.csv", ["name", "sector"], [["<b>Northmoor</b> Council", "council"], ["", "council"]])
    services.registry_import("csv", path, commit=True)
    assert client.get("/bodies/-/imports/").status_code == 302
    html = staff_client.get("/bodies/-/imports/").content.decode()
    assert 'class="badge">Refused</span>' in html and "row 3: no name" in html and "p.csv" in html


def test_openapi_documents_the_registry_endpoints(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/registry/bodies" in schema["paths"] and "/api/registry/bodies/{slug}" in schema["paths"]
    assert "foi_law_assumed" in schema["components"]["schemas"]["BodyOut"]["properties"]
