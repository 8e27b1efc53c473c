import pytest
from django.contrib.auth import get_user_model

from whoswatching.coding import services
from whoswatching.coding.models import AcceptedCode

pytestmark = pytest.mark.django_db

HOSTILE = ("Thank you. 1. Yes, we use Hikvision cameras. <script>alert('x')</script> "
           "Our officer is Jane Smith, 01234 567890.")


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_user("ann", password="pw", is_staff=True)
    client.force_login(user)
    return client


def test_review_pages_need_staff(client, sent_requests, reply):
    _, requests = sent_requests
    message = reply(requests["northmoor"], HOSTILE)
    for url in ("/staff/coding/", f"/staff/coding/replies/{message.pk}/", "/staff/coding/agreement/"):
        assert client.get(url).status_code == 302


def test_review_page_escapes_reply_and_highlights_evidence(staff, sent_requests, reply):
    _, requests = sent_requests
    message = reply(requests["northmoor"], HOSTILE)
    services.reply_autocode(message)
    page = staff.get(f"/staff/coding/replies/{message.pk}/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert '<mark class="evidence" data-fields="' in page and "uses_hikvision" in page
    assert 'id="accept"' in page


def test_accept_from_the_page_then_queue_moves_on(staff, sent_requests, reply):
    campaign, requests = sent_requests
    first = reply(requests["northmoor"], HOSTILE)
    second = reply(requests["eastvale"], "We do not use Hikvision or Dahua.")
    for m in (first, second):
        services.reply_autocode(m)
    queue = staff.get(f"/staff/coding/?campaign={campaign.slug}").content.decode()
    assert f"/staff/coding/replies/{first.pk}/" in queue
    response = staff.post(f"/staff/coding/replies/{first.pk}/act/", {"action": "accept", "campaign": campaign.slug})
    assert response.status_code == 302 and response.url.startswith("/staff/coding/next/")
    assert AcceptedCode.objects.get(message=first).accepted_by == "ann"
    nxt = staff.get(response.url)
    assert nxt.url.startswith(f"/staff/coding/replies/{second.pk}/")


def test_correction_errors_are_shown_and_nothing_saved(staff, sent_requests, reply):
    _, requests = sent_requests
    message = reply(requests["northmoor"], HOSTILE)
    services.reply_autocode(message)
    response = staff.post(f"/staff/coding/replies/{message.pk}/act/",
                          {"action": "correct", "kind": "substantive", "camera_count": "many"}, follow=True)
    assert "is not a whole number" in response.content.decode()
    assert not AcceptedCode.objects.exists()


def test_policy_and_agreement_pages(staff, sent_requests, reply):
    campaign, _ = sent_requests
    response = staff.post("/staff/coding/policy/", {"campaign": campaign.slug, "double_coding": "on",
                                                    "auto_accept_threshold": ""})
    assert response.status_code == 302
    assert services.policy_set(campaign).double_coding is True
    page = staff.get(f"/staff/coding/agreement/?campaign={campaign.slug}").content.decode()
    assert "No double-coded replies" in page
