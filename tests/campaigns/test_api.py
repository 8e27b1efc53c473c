import pytest
from django.contrib.auth import get_user_model

from whoswatching.campaigns import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def launched(campaign, bodies):
    services.campaign_select_bodies(campaign, by="t", body_ids=[b.id for b in bodies.values()])
    services.campaign_launch(campaign, by="t", commit=True)
    return campaign


def test_api_needs_staff(client, launched):
    assert client.get("/api/campaigns/").status_code == 401
    client.force_login(get_user_model().objects.create_user("x", password="pw-x-12345"))
    assert client.get(f"/api/campaigns/{launched.slug}").status_code == 401


def test_api_lists_and_details(client, launched):
    client.force_login(get_user_model().objects.create_user("s", password="pw-s-12345", is_staff=True))
    assert client.get("/api/campaigns/").json()[0]["requests"] == 4
    detail = client.get(f"/api/campaigns/{launched.slug}").json()
    assert detail["by_status"] == {"queued": 4} and detail["by_sector"]["council"]["total"] == 3
    page = client.get(f"/api/campaigns/{launched.slug}/requests", {"q": "glenholm"}).json()
    assert page["count"] == 1 and page["results"][0]["law"] == "foisa"
    ref = page["results"][0]["reference"]
    one = client.get(f"/api/campaigns/requests/{ref}").json()
    assert one["timeline"][0]["to_status"] == "queued"
    assert client.get(f"/api/campaigns/{launched.slug}/requests", {"status": "lost"}).status_code == 400
    assert client.get("/api/campaigns/nope").status_code == 404
    assert client.get("/api/campaigns/requests/WW-2026-999999").status_code == 404
