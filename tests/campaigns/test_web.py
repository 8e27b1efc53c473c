import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from whoswatching.campaigns import services
from whoswatching.campaigns.models import Campaign, FollowUp, Request
from whoswatching.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_user("ann", password="pw-ann-123", is_staff=True)
    client.force_login(user)
    return client


@pytest.fixture
def launched(campaign, bodies):
    services.campaign_select_bodies(campaign, by="t", body_ids=[b.id for b in bodies.values()])
    services.campaign_launch(campaign, by="t", commit=True)
    return campaign


URLS = ["/staff/campaigns/", "/staff/campaigns/new/", "/staff/campaigns/followups/"]


@pytest.mark.parametrize("url", URLS)
def test_pages_are_staff_only(client, url):
    assert client.get(url).status_code == 302
    user = get_user_model().objects.create_user("bob", password="pw-bob-123", is_staff=False)
    client.force_login(user)
    assert client.get(url).status_code == 302


def test_campaign_pages_are_staff_only(client, launched):
    ref = Request.objects.first().reference
    for url in (f"/staff/campaigns/{launched.slug}/", f"/staff/campaigns/requests/{ref}/",
                f"/staff/campaigns/{launched.slug}/launch/"):
        assert client.get(url).status_code == 302
    assert client.post(f"/staff/campaigns/requests/{ref}/status/", {"status": "withdrawn"}).status_code == 302
    assert Request.objects.get(reference=ref).status == "queued"


def test_create_select_preview_launch_via_web(staff, bodies):
    page = staff.get("/staff/campaigns/new/")
    assert b"Hikvision" in page.content and b"body.name" in page.content
    form = page.context["form"]
    response = staff.post("/staff/campaigns/new/", {
        "name": "Web campaign", "requester_name": "Ada Lovelace", "subject": form.initial["subject"],
        "body": form.initial["body"],
    })
    campaign = Campaign.objects.get(name="Web campaign")
    assert response.status_code == 302 and response["Location"].endswith(f"/{campaign.slug}/select/")
    count = staff.get(f"/staff/campaigns/{campaign.slug}/select/count/", {"nation": "scotland"})
    assert b"<strong>1</strong>" in count.content
    response = staff.post(f"/staff/campaigns/{campaign.slug}/select/", {"sector": ["council"]})
    assert b"3 added" in response.content
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("list.csv", b"slug\nnope\n" + bodies["aldric"].slug.encode() + b"\n")
    response = staff.post(f"/staff/campaigns/{campaign.slug}/select/", {"upload": upload})
    assert b"1 added" in response.content and b"no body with slug" in response.content
    preview = staff.get(f"/staff/campaigns/{campaign.slug}/preview/", {"body": bodies["glenholm"].slug})
    assert b"Freedom of Information (Scotland) Act 2002" in preview.content
    launch = staff.get(f"/staff/campaigns/{campaign.slug}/launch/")
    assert b"4 requests will be created" in launch.content
    assert staff.post(f"/staff/campaigns/{campaign.slug}/launch/", {}).status_code == 200
    assert Request.objects.count() == 0
    response = staff.post(f"/staff/campaigns/{campaign.slug}/launch/", {"confirm": "yes"})
    assert response.status_code == 302 and Request.objects.count() == 4


def test_unknown_merge_field_shown_on_create_and_launch(staff, campaign, bodies):
    response = staff.post("/staff/campaigns/new/", {
        "name": "Bad", "requester_name": "A", "subject": "S", "body": "Hello {{ body.nmae }}",
    })
    assert response.status_code == 200 and b"body.nmae" in response.content
    campaign.template_body = "Hello {{ body.nmae }}"
    campaign.save()
    services.campaign_select_bodies(campaign, by="t", body_ids=[bodies["northmoor"].id])
    page = staff.get(f"/staff/campaigns/{campaign.slug}/launch/")
    assert b"body.nmae" in page.content and b"Fix the errors" in page.content and b"Launch</button>" not in page.content
    # no plan is made while errors block: no "0 requests will be created" beside the warnings
    assert b"will be created" not in page.content


def test_launch_page_shows_warnings(staff, campaign, bodies):
    services.campaign_select_bodies(campaign, by="t", body_ids=[bodies["nomail"].id, bodies["northmoor"].id])
    page = staff.get(f"/staff/campaigns/{campaign.slug}/launch/")
    assert b"no_address" in page.content and b"Fenwick Police" in page.content


def test_dashboard_counts_search_and_overdue(staff, launched, bodies):
    req = Request.objects.get(body=bodies["glenholm"])
    Request.objects.filter(pk=req.pk).update(status="overdue", due_on="2026-01-05")
    page = staff.get(f"/staff/campaigns/{launched.slug}/")
    assert page.status_code == 200
    assert page.context["dash"].by_status == {"queued": 3, "overdue": 1}
    assert req.reference.encode() in page.content
    found = staff.get(f"/staff/campaigns/{launched.slug}/", {"q": "glenholm"})
    assert [r.reference for r in found.context["page"]] == [req.reference]
    found = staff.get(f"/staff/campaigns/{launched.slug}/", {"q": req.reference.lower()})
    assert found.context["page"].paginator.count == 1
    found = staff.get(f"/staff/campaigns/{launched.slug}/", {"status": "queued"})
    assert found.context["page"].paginator.count == 3


def test_dashboard_query_count_does_not_grow_with_requests(staff, launched, body_factory):
    url = f"/staff/campaigns/{launched.slug}/"
    with CaptureQueriesContext(connection) as small:
        staff.get(url)
    extra = [body_factory(f"Extra Council {i}") for i in range(30)]
    services.campaign_add_bodies(launched, by="t", body_ids=[b.id for b in extra])
    with CaptureQueriesContext(connection) as large:
        staff.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_hostile_body_names_are_escaped(staff, campaign, body_factory):
    evil = body_factory('<script>alert("x")</script> Council', region="<b>Region</b>")
    services.campaign_select_bodies(campaign, by="t", body_ids=[evil.id])
    services.campaign_launch(campaign, by="t", commit=True)
    ref = Request.objects.get().reference
    for url in (f"/staff/campaigns/{campaign.slug}/", f"/staff/campaigns/requests/{ref}/",
                f"/staff/campaigns/{campaign.slug}/preview/"):
        content = staff.get(url).content
        assert b"<script>alert" not in content and b"&lt;script&gt;" in content
        assert b"<b>Region</b>" not in content


def test_request_detail_timeline_transition_and_followups(staff, launched, bodies):
    req = Request.objects.get(body=bodies["northmoor"])
    page = staff.get(f"/staff/campaigns/requests/{req.reference}/")
    assert b"Timeline" in page.content and b"created" in page.content
    assert b'<option value="withdrawn">withdrawn</option>' in page.content  # labels shown, codes as values
    response = staff.post(f"/staff/campaigns/requests/{req.reference}/status/", {"status": "responded"})
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == "queued"  # illegal move refused
    Request.objects.filter(pk=req.pk).update(status="sent")
    staff.post(f"/staff/campaigns/requests/{req.reference}/status/", {"status": "refused", "note": "s.43"})
    req.refresh_from_db()
    assert req.status == "refused" and req.events.last().by == "ann"
    response = staff.post(f"/staff/campaigns/requests/{req.reference}/followup/", {"kind": "internal_review"})
    followup = FollowUp.objects.get()
    assert response["Location"].endswith(f"/followups/{followup.pk}/")
    queue = staff.get("/staff/campaigns/followups/")
    assert req.reference.encode() in queue.content
    staff.post(f"/staff/campaigns/followups/{followup.pk}/", {
        "action": "approve", "subject": "Internal review please", "body": "Grounds: s.43 misapplied.\n",
    })
    followup.refresh_from_db()
    assert followup.state == "approved" and followup.approved_by == "ann"
    assert req.reference in followup.subject and followup.body_text.startswith("Grounds")
    assert OutboxMessage.objects.filter(key=followup.outbox_key).exists()


def test_withdraw_from_request_page_cancels_mail(staff, launched, bodies):
    req = Request.objects.get(body=bodies["aberwen"])
    staff.post(f"/staff/campaigns/requests/{req.reference}/status/", {"status": "withdrawn"})
    req.refresh_from_db()
    assert req.status == "withdrawn"
    assert OutboxMessage.objects.get(key=req.outbox_key).state == "cancelled"


def test_reserved_slugs_are_avoided(db):
    assert services.campaign_create(name="New", by="t").slug == "new-2"


def test_remove_bodies_from_the_select_page(staff, campaign, bodies):
    services.campaign_select_bodies(campaign, by="t", body_ids=[bodies["northmoor"].id, bodies["glenholm"].id])
    response = staff.post(f"/staff/campaigns/{campaign.slug}/remove/",
                          {"bodies": f"{bodies['northmoor'].slug}\nAtlantis Council\n"}, follow=True)
    assert b"Deselected 1" in response.content and b"Atlantis Council" in response.content
    assert list(campaign.targets.values_list("body_id", flat=True)) == [bodies["glenholm"].id]


def test_no_page_uses_an_unknown_template_variable(staff, launched, bodies):
    req = Request.objects.get(body=bodies["northmoor"])
    Request.objects.filter(pk=req.pk).update(status="overdue", due_on="2026-01-05")
    req.refresh_from_db()
    followup = services.followup_draft(req, kind="reminder", by="t")
    draft = services.campaign_create(name="Draft one", by="t")
    urls = [
        "/staff/campaigns/", "/staff/campaigns/new/", "/staff/campaigns/followups/",
        f"/staff/campaigns/followups/{followup.pk}/", f"/staff/campaigns/requests/{req.reference}/",
        f"/staff/campaigns/{launched.slug}/", f"/staff/campaigns/{launched.slug}/?q=x&status=overdue&page=2",
        f"/staff/campaigns/{launched.slug}/select/", f"/staff/campaigns/{launched.slug}/preview/",
        f"/staff/campaigns/{launched.slug}/launch/", f"/staff/campaigns/{launched.slug}/template/",
        f"/staff/campaigns/{draft.slug}/", f"/staff/campaigns/{draft.slug}/preview/",
        f"/staff/campaigns/{draft.slug}/launch/", f"/staff/campaigns/{launched.slug}/select/count/?sector=school",
    ]
    for url in urls:
        response = staff.get(url)
        assert response.status_code == 200, url
        assert b"INVALID_TEMPLATE_VAR" not in response.content, url


def test_template_page_on_running_campaign_changes_settings_not_text(staff, launched):
    page = staff.get(f"/staff/campaigns/{launched.slug}/template/")
    initial = page.context["form"].initial
    data = {**initial, "embargo_until": "2027-02-07 09:00", "bilingual_welsh": ""}
    response = staff.post(f"/staff/campaigns/{launched.slug}/template/", data)
    assert response.status_code == 302
    launched.refresh_from_db()
    assert launched.embargo_until.year == 2027
    data["body"] = initial["body"] + "\nP.S.\n"
    response = staff.post(f"/staff/campaigns/{launched.slug}/template/", data)
    assert b"fixed" in response.content


def test_request_page_lists_its_replies_and_wraps_the_sent_text(staff, launched, bodies):
    from email.message import EmailMessage

    from whoswatching.intake import services as intake_services

    req = Request.objects.get(body=bodies["northmoor"])
    page = staff.get(f"/staff/campaigns/requests/{req.reference}/")
    assert b"No reply received yet." in page.content
    # a long line of the request must wrap, not run off the page
    assert b'class="request-text" style="white-space: pre-wrap' in page.content
    msg = EmailMessage()
    msg["From"], msg["To"] = "foi@northmoor.gov.uk", req.reply_address
    msg["Subject"], msg["Message-ID"] = f"RE: <b>{req.reference}</b>", "<reply-page@northmoor.gov.uk>"
    msg.set_content("We hold no such information.")
    message = intake_services.message_receive(msg.as_bytes(), via="eml").message
    page = staff.get(f"/staff/campaigns/requests/{req.reference}/")
    assert f"/staff/intake/messages/{message.pk}/".encode() in page.content
    assert f"/staff/coding/replies/{message.pk}/".encode() in page.content
    assert b"&lt;b&gt;" in page.content and b"<b>WW" not in page.content


def test_dashboard_search_takes_words_in_any_order_and_slugs(staff, launched, bodies):
    req = Request.objects.get(body=bodies["northmoor"])
    for q in ["borough  northmoor", "NORTHMOOR council", bodies["northmoor"].slug, req.reference.lower()]:
        page = staff.get(f"/staff/campaigns/{launched.slug}/", {"q": q}).content
        assert req.reference.encode() in page, q
        assert Request.objects.filter(campaign=launched).search(q).count() == 1, q
    assert Request.objects.search("northmoor atlantis").count() == 0
