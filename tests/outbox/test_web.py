"""Staff outbox page: access control, counts, actions by POST with CSRF, search, escaping."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils.html import escape

from whoswatching.outbox import services
from whoswatching.outbox.models import OutboxMessage, State

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client():
    user = get_user_model().objects.create_user("ana", password="pw-ana-123", is_staff=True)
    client = Client()
    client.force_login(user)
    return client


def test_page_needs_a_staff_login(enqueue):
    enqueue(1)
    assert Client().get("/staff/outbox/").status_code == 302
    member = get_user_model().objects.create_user("bob", password="pw-bob-123")
    client = Client()
    client.force_login(member)
    response = client.get("/staff/outbox/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    pk = OutboxMessage.objects.get().pk
    assert Client().post(f"/staff/outbox/{pk}/retry/").status_code == 302
    assert OutboxMessage.objects.get().state == State.QUEUED


def test_counts_in_doubt_and_failed_lists_and_resolve(enqueue, staff_client):
    a, b, c = enqueue(3)
    OutboxMessage.objects.filter(pk=a.pk).update(state=State.IN_DOUBT, last_error="in doubt: <script>x</script>")
    OutboxMessage.objects.filter(pk=b.pk).update(state=State.FAILED, last_error="550 5.1.1 no such user")
    page = staff_client.get("/staff/outbox/").content.decode()
    assert "In doubt (1)" in page and "Failed (1)" in page and "550 5.1.1 no such user" in page
    assert "<script>x</script>" not in page and "&lt;script&gt;" in page
    assert f"/staff/outbox/{a.pk}/resolve-sent/" in page and f"/staff/outbox/{b.pk}/retry/" in page

    response = staff_client.post(f"/staff/outbox/{a.pk}/resolve-sent/")
    assert response.status_code == 302
    assert OutboxMessage.objects.get(pk=a.pk).state == State.SENT
    staff_client.post(f"/staff/outbox/{b.pk}/retry/")
    assert OutboxMessage.objects.get(pk=b.pk).state == State.QUEUED
    # An action that does not apply is refused with a message, not an error page.
    response = staff_client.post(f"/staff/outbox/{a.pk}/cancel/", follow=True)
    assert "applies only to" in response.content.decode()
    assert staff_client.get(f"/staff/outbox/{a.pk}/retry/").status_code == 405
    assert staff_client.post(f"/staff/outbox/{a.pk}/explode/").status_code == 404
    detail = staff_client.get(f"/staff/outbox/{c.pk}/").content.decode()
    assert "Please tell me which CCTV cameras" in detail and escape(c.message_id) in detail


def test_post_without_csrf_token_is_refused(enqueue):
    m = enqueue(1)[0]
    services.message_cancel(key=m.key)
    user = get_user_model().objects.create_user("cy", password="pw-cy-123", is_staff=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(f"/staff/outbox/{m.pk}/retry/").status_code == 403
    assert OutboxMessage.objects.get(pk=m.pk).state == State.CANCELLED


def test_search_by_key(enqueue, staff_client):
    enqueue(2)
    enqueue(1, prefix="SAA-2026", domain="staldric.sch.uk")
    page = staff_client.get("/staff/outbox/", {"q": "SAA-2026"}).content.decode()
    results = page.split("<h2>Results</h2>")[1].split("<h2>")[0]
    assert "SAA-2026-0000.request" in results and "NBC-2026" not in results


def test_actions_return_to_the_page_they_came_from_and_never_elsewhere(enqueue, staff_client):
    m = enqueue(1)[0]
    response = staff_client.post(f"/staff/outbox/{m.pk}/cancel/", {"next": f"/staff/outbox/{m.pk}/"})
    assert response["Location"] == f"/staff/outbox/{m.pk}/"
    response = staff_client.post(f"/staff/outbox/{m.pk}/retry/", {"next": "https://evil.example/"})
    assert response["Location"] == "/staff/outbox/"
    response = staff_client.post(f"/staff/outbox/{m.pk}/cancel/", {"next": "/staff/outbox//evil.example"})
    assert response["Location"] == "/staff/outbox/"


def test_admin_is_read_only(enqueue):
    m = enqueue(1)[0]
    admin_user = get_user_model().objects.create_superuser("root", password="pw-root-123")
    client = Client()
    client.force_login(admin_user)
    assert client.get("/admin/outbox/outboxmessage/").status_code == 200
    page = client.get(f"/admin/outbox/outboxmessage/{m.pk}/change/")
    assert page.status_code == 200 and b"NBC-2026-0000.request" in page.content
    client.post(f"/admin/outbox/outboxmessage/{m.pk}/change/", {"state": "sent"})
    assert OutboxMessage.objects.get(pk=m.pk).state == State.QUEUED
