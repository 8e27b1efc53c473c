"""Staff pages, downloads, the signed webhook and the JSON API, through Django's test client."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from tests.intake import samples
from tests.intake.conftest import reply_bytes
from whoswatching import config
from whoswatching.intake import services
from whoswatching.intake.models import Message
from whoswatching.web.views.intake import signature_for

pytestmark = pytest.mark.django_db
SECRET = "test-secret-not-for-production"
HOSTILE = '<script>alert("x")</script>'


@pytest.fixture
def staff(client):
    user = User.objects.create_user("alice", password="pw", is_staff=True)
    client.force_login(user)
    return client


@pytest.fixture
def held(requests_sent):
    raw = reply_bytes(frm="x@unknown.example", subject=f"Cameras {HOSTILE}", body=f"Body {HOSTILE}",
                      attachments=[("../evil.html", b"<html><script>alert(1)</script></html>"),
                                   ("bomb.zip", samples.zip_bomb())])
    return services.message_receive(raw, via="eml").message


def test_pages_need_staff(client, held):
    assert client.get("/staff/intake/").status_code == 302
    assert client.get(f"/staff/intake/messages/{held.pk}/").status_code == 302
    assert client.get(f"/staff/intake/attachments/{held.attachments.first().pk}/download/").status_code == 302


def test_pen_and_message_escape_outside_text(staff, held):
    page = staff.get("/staff/intake/").content.decode()
    assert "Cameras &lt;script&gt;" in page and HOSTILE not in page
    detail = staff.get(f"/staff/intake/messages/{held.pk}/").content.decode()
    assert HOSTILE not in detail and "Body &lt;script&gt;" in detail
    assert "zip bomb" in detail and "quarantined" in detail
    assert "evil.html" in detail


def test_attachment_download_is_never_rendered(staff, held):
    att = held.attachments.get(filename="evil.html")
    response = staff.get(f"/staff/intake/attachments/{att.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="evil.html"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/octet-stream"
    assert response.content.startswith(b"<html>")
    raw = staff.get(f"/staff/intake/messages/{held.pk}/raw/")
    assert raw["Content-Disposition"].startswith("attachment;") and raw.content.startswith(b"From:")


def test_assign_from_pen(staff, held, requests_sent):
    ref = requests_sent["northmoor-borough-council"].reference
    response = staff.post(f"/staff/intake/messages/{held.pk}/assign/", {"reference": ref, "next": "pen"})
    assert response.status_code == 302 and response["Location"] == "/staff/intake/"
    held.refresh_from_db()
    assert held.request.reference == ref and held.matched_by == "alice"
    bad = staff.post(f"/staff/intake/messages/{held.pk}/assign/", {"reference": "WW-1999-000009"}, follow=True)
    assert "no request with reference" in bad.content.decode()


def test_webhook_signature(client, requests_sent, monkeypatch):
    monkeypatch.setattr(config, "WEBHOOK_SECRET", SECRET)
    req = requests_sent["st-aldrics-academy"]
    raw = reply_bytes(frm="office@staldrics.sch.uk", to=req.reply_address, message_id="<hook-1@sch>")
    post = lambda body, sig: client.post("/staff/intake/webhook/", data=body, content_type="message/rfc822",  # noqa: E731
                                         headers={"X-WW-Signature": sig} if sig else {})
    assert post(raw, None).status_code == 401
    assert post(raw, signature_for(raw, "wrong")).status_code == 401
    assert post(raw + b"tampered", signature_for(raw, SECRET)).status_code == 401
    assert Message.objects.count() == 0
    ok = post(raw, signature_for(raw, SECRET))
    assert ok.status_code == 200
    assert ok.json()["status"] == "created" and ok.json()["request"] == req.reference
    again = post(raw, signature_for(raw, SECRET))
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    assert Message.objects.count() == 1


def test_webhook_large_message_beyond_django_form_limit(client, requests_sent, monkeypatch):
    monkeypatch.setattr(config, "WEBHOOK_SECRET", SECRET)
    raw = reply_bytes(frm="office@staldrics.sch.uk", attachments=[("scan.txt", b"x" * (4 * 1024 * 1024))])
    response = client.post("/staff/intake/webhook/", data=raw, content_type="message/rfc822",
                           headers={"X-WW-Signature": signature_for(raw, SECRET)})
    assert response.status_code == 200, response.content


def test_webhook_disabled_without_secret(client, monkeypatch):
    monkeypatch.setattr(config, "WEBHOOK_SECRET", "")
    assert client.post("/staff/intake/webhook/", data=b"x", content_type="message/rfc822").status_code == 503


def test_api(staff, held, requests_sent, client):
    pen = staff.get("/api/intake/pen").json()
    assert [row["id"] for row in pen] == [held.pk]
    detail = staff.get(f"/api/intake/messages/{held.pk}").json()
    assert {a["filename"] for a in detail["attachments"]} == {"evil.html", "bomb.zip"}
    assert any(e["quarantined"] for e in detail["extractions"])
    ref = requests_sent["fenwick-police"].reference
    assigned = staff.post(f"/api/intake/messages/{held.pk}/assign", data={"reference": ref}, content_type="application/json")
    assert assigned.status_code == 200 and assigned.json()["request"] == ref
    client.logout()
    assert client.get("/api/intake/pen").status_code == 401


def test_dismiss_from_pen(staff, held):
    response = staff.post(f"/staff/intake/messages/{held.pk}/dismiss/", {"reason": "spam"})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.match_state == "dismissed" and held.match_reason == "dismissed by alice: spam"
    assert "The holding pen is empty" in staff.get("/staff/intake/").content.decode()


def test_message_without_attachments_says_so_under_extracted_text(staff, requests_sent):
    message = services.message_receive(reply_bytes(frm="x@unknown.example", body="We hold no information."),
                                       via="eml").message
    page = staff.get(f"/staff/intake/messages/{message.pk}/").content.decode()
    assert "No attachment to extract text from." in page.split("<h2>Extracted text</h2>")[1]


def test_api_assign_refuses_a_cross_site_post_without_csrf_token(held, requests_sent):
    from django.test import Client

    req = requests_sent["northmoor-borough-council"]
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.create_user("bob", password="pw", is_staff=True))
    response = client.post(f"/api/intake/messages/{held.pk}/assign", {"reference": req.reference},
                           content_type="application/json")
    assert response.status_code == 403
    held.refresh_from_db()
    assert held.request is None
    client.get("/staff/intake/")  # sets the CSRF cookie, as the staff pages do
    token = client.cookies["csrftoken"].value
    response = client.post(f"/api/intake/messages/{held.pk}/assign", {"reference": req.reference},
                           content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200 and response.json()["request"] == req.reference


def test_latest_replies_link_to_their_request_and_review(staff, requests_sent):
    req = requests_sent["northmoor-borough-council"]
    message = services.message_receive(reply_bytes(frm="foi@northmoor.gov.uk", to=req.reply_address),
                                       via="eml").message
    page = staff.get("/staff/intake/").content.decode()
    assert f'href="/staff/campaigns/requests/{req.reference}/"' in page
    assert f'href="/staff/coding/replies/{message.pk}/"' in page
