from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from tests.support import mark_request_sent
from whoswatching.campaigns import services
from whoswatching.campaigns.errors import CampaignError
from whoswatching.campaigns.lifecycle import IllegalTransition, Status
from whoswatching.campaigns.models import Campaign, Request, RequestEvent
from whoswatching.campaigns.selection import BodyFilter
from whoswatching.outbox import signals
from whoswatching.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db


def _launch(campaign, bodies, *names):
    services.campaign_select_bodies(campaign, by="t", body_ids=[bodies[n].id for n in names])
    return services.campaign_launch(campaign, by="t", commit=True, today=date(2026, 3, 2))


def test_launch_dry_run_changes_nothing_and_lists_the_plan(campaign, bodies):
    services.campaign_select_bodies(campaign, by="t", body_ids=[b.id for b in bodies.values()])
    plan = services.campaign_launch(campaign, by="t")
    assert not plan.committed
    assert sorted(p.body_name for p in plan.planned) == sorted(
        ["Northmoor Borough Council", "St Aldric's Academy", "Glenholm Council", "Cyngor Aberwen"]
    )
    assert plan.skipped_no_address == ["Fenwick Police"]
    assert Request.objects.count() == 0 and OutboxMessage.objects.count() == 0
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.DRAFT


def test_launch_commit_creates_requests_events_and_outbox_messages(campaign, bodies):
    plan = _launch(campaign, bodies, "northmoor", "glenholm", "nomail")
    assert plan.created == 2 and plan.enqueued == 2
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.RUNNING and campaign.launched_at
    scot = Request.objects.get(body=bodies["glenholm"])
    eng = Request.objects.get(body=bodies["northmoor"])
    assert scot.law == "foisa" and "Freedom of Information (Scotland) Act 2002" in scot.body_text
    assert eng.law == "foia" and "section 1(1) of the Freedom of Information Act 2000" in eng.body_text
    for req in (scot, eng):
        assert req.status == Status.QUEUED
        assert req.reference in req.subject
        assert req.reply_address == f"foi+{req.reference.lower()}@whoswatching.invalid"
        assert req.events.get().to_status == Status.QUEUED
        message = OutboxMessage.objects.get(key=req.outbox_key)
        assert message.object_ref == req.reference and message.kind == "campaigns.request"
        assert message.to_addr == req.to_address and message.reply_to == req.reply_address
    assert "Ada Lovelace" in eng.body_text


def test_relaunch_is_idempotent(campaign, bodies):
    _launch(campaign, bodies, "northmoor", "glenholm")
    again = services.campaign_launch(campaign, by="t", commit=True)
    assert again.created == 0 and again.enqueued == 0
    assert Request.objects.count() == 2 and OutboxMessage.objects.count() == 2
    assert RequestEvent.objects.count() == 2


def test_launch_refuses_unknown_merge_field_and_names_it(campaign, bodies):
    campaign.template_body += "\nRegards from {{ body.nmae }}\n"
    campaign.save()
    services.campaign_select_bodies(campaign, by="t", body_ids=[bodies["northmoor"].id])
    problems = services.campaign_check(campaign)
    assert [p.code for p in problems if p.level == "error"] == ["unknown_merge_field"]
    assert "body.nmae" in problems[0].message and "body.name" in problems[0].message
    with pytest.raises(CampaignError, match="body.nmae"):
        services.campaign_launch(campaign, by="t", commit=True)
    assert Request.objects.count() == 0


def test_check_requires_requester_name_and_bodies(db):
    campaign = services.campaign_create(name="Empty", by="t")
    codes = {p.code for p in services.campaign_check(campaign)}
    assert codes == {"empty_variable", "no_bodies"}


def test_duplicates_against_earlier_campaigns_are_warned(campaign, bodies):
    _launch(campaign, bodies, "northmoor")
    second = services.campaign_create(name="CCTV follow-up", by="t", variables={"requester_name": "Ada"})
    services.campaign_select_bodies(second, by="t", body_ids=[bodies["northmoor"].id, bodies["glenholm"].id])
    dupes = [p for p in services.campaign_check(second) if p.code == "duplicate"]
    assert len(dupes) == 1 and dupes[0].level == "warning" and dupes[0].count == 1
    assert "Northmoor Borough Council" in dupes[0].items[0] and "CCTV 2026" in dupes[0].items[0]
    # Beyond the window it is not a duplicate.
    assert not [p for p in services.campaign_check(second, duplicate_months=0) if p.code == "duplicate"]


def test_add_bodies_to_running_campaign_sends_at_once(campaign, bodies):
    _launch(campaign, bodies, "northmoor")
    report = services.campaign_add_bodies(campaign, by="t", body_filter=BodyFilter(nations=("wales",)))
    assert report.added == 1 and report.launched == 1
    req = Request.objects.get(body=bodies["aberwen"])
    assert req.status == Status.QUEUED and OutboxMessage.objects.filter(key=req.outbox_key).exists()


def test_add_bodies_needs_running_campaign(campaign, bodies):
    with pytest.raises(CampaignError, match="running"):
        services.campaign_add_bodies(campaign, by="t", body_ids=[bodies["northmoor"].id])


def test_remove_bodies_withdraws_and_cancels_unsent_mail(campaign, bodies):
    _launch(campaign, bodies, "northmoor", "glenholm")
    report = services.campaign_remove_bodies(campaign, body_ids=[bodies["northmoor"].id], by="t")
    assert report.withdrawn == 1 and report.cancelled == 1
    req = Request.objects.get(body=bodies["northmoor"])
    assert req.status == Status.WITHDRAWN
    assert OutboxMessage.objects.get(key=req.outbox_key).state == "cancelled"
    assert req.events.last().kind == RequestEvent.Kind.WITHDRAWN
    assert Request.objects.get(body=bodies["glenholm"]).status == Status.QUEUED


def test_remove_bodies_in_draft_deselects(campaign, bodies):
    services.campaign_select_bodies(campaign, by="t", body_ids=[bodies["northmoor"].id, bodies["glenholm"].id])
    report = services.campaign_remove_bodies(campaign, body_ids=[bodies["northmoor"].id], by="t")
    assert report.removed == 1 and campaign.targets.count() == 1


def test_outbox_sent_signal_starts_the_clock(campaign, bodies):
    _launch(campaign, bodies, "northmoor")
    req = Request.objects.get()
    req = mark_request_sent(req, datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    assert req.status == Status.SENT
    assert req.received_on == date(2026, 3, 2)
    # FOIA s.10(1): 20 working days from the day after receipt (Monday 2 March 2026); s.10(6) skips
    # 17 March, a bank holiday in Northern Ireland, so the 20th working day is 31 March.
    assert req.due_on == date(2026, 3, 31)
    assert req.due_working
    event = req.events.last()
    assert event.kind == RequestEvent.Kind.SENT and event.data["deadline"]["due"] == "2026-03-31"
    # Idempotent: a second signal changes nothing.
    mark_request_sent(req, datetime(2026, 3, 3, 10, 0, tzinfo=UTC))
    assert req.events.filter(kind=RequestEvent.Kind.SENT).count() == 1


def test_outbox_failure_marks_bounced_and_deferral_is_logged(campaign, bodies):
    _launch(campaign, bodies, "northmoor", "glenholm")
    a, b = Request.objects.order_by("reference")
    ma = OutboxMessage.objects.get(key=a.outbox_key)
    ma.last_error = "550 mailbox unavailable"
    signals.message_failed.send(sender=OutboxMessage, message=ma)
    a.refresh_from_db()
    assert a.status == Status.BOUNCED and "550" in a.events.last().note
    mb = OutboxMessage.objects.get(key=b.outbox_key)
    mb.last_error = "421 try later"
    signals.message_deferred.send(sender=OutboxMessage, message=mb)
    b.refresh_from_db()
    assert b.status == Status.QUEUED and b.events.last().kind == RequestEvent.Kind.SEND_DEFERRED


def test_transitions_are_validated_and_recorded(campaign, bodies):
    _launch(campaign, bodies, "northmoor")
    req = Request.objects.get()
    with pytest.raises(IllegalTransition, match="queued"):
        services.request_transition(req, Status.RESPONDED, by="t")
    mark_request_sent(req, timezone.now())
    services.request_transition(req, Status.REFUSED, by="ann", note="s.24 cited")
    event = req.events.last()
    assert (event.from_status, event.to_status, event.by, event.note) == ("sent", "refused", "ann", "s.24 cited")
    services.request_transition(req, Status.INTERNAL_REVIEW, by="ann")
    with pytest.raises(IllegalTransition):
        services.request_transition(req, Status.QUEUED, by="ann")


def test_events_are_append_only(campaign, bodies):
    _launch(campaign, bodies, "northmoor")
    event = RequestEvent.objects.get()
    event.note = "changed"
    with pytest.raises(TypeError, match="append-only"):
        event.save()
    with pytest.raises(TypeError, match="append-only"):
        event.delete()
    with pytest.raises(TypeError, match="append-only"):
        RequestEvent.objects.filter(pk=event.pk).update(note="x")
    with pytest.raises(TypeError, match="append-only"):
        RequestEvent.objects.all().delete()
    assert RequestEvent.objects.get().note == "launched"


def test_refresh_overdue_moves_late_requests_with_an_event(campaign, bodies):
    _launch(campaign, bodies, "northmoor", "glenholm")
    a, b = Request.objects.get(body=bodies["northmoor"]), Request.objects.get(body=bodies["glenholm"])
    mark_request_sent(a, datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    mark_request_sent(b, datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    assert services.requests_refresh_overdue(today=date(2026, 3, 30)).overdue == 0
    # FOISA (Glenholm) fell due on 30 March, FOIA (Northmoor) on 31 March (17 March skipped).
    report = services.requests_refresh_overdue(today=date(2026, 3, 31))
    assert report.moved == [b.reference] and report.overdue == 1
    report = services.requests_refresh_overdue(today=date(2026, 4, 1))
    assert report.moved == [a.reference] and report.overdue == 1
    a.refresh_from_db()
    assert a.status == Status.OVERDUE and a.events.last().kind == RequestEvent.Kind.OVERDUE
    again = services.requests_refresh_overdue(today=date(2026, 4, 1))
    assert again.overdue == 0 and again.very_overdue == 0
    late = services.requests_refresh_overdue(today=date(2026, 6, 1))
    assert late.very_overdue == 2
    a.refresh_from_db()
    assert a.status == Status.VERY_OVERDUE


def test_followup_reminder_draft_approve_enqueue_and_sent(campaign, bodies):
    _launch(campaign, bodies, "northmoor")
    req = mark_request_sent(Request.objects.get(), datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    with pytest.raises(CampaignError, match="reminder needs"):
        services.followup_draft(req, kind="reminder", by="t")
    services.requests_refresh_overdue(today=date(2026, 4, 1))
    req.refresh_from_db()
    draft = services.followup_draft(req, kind="reminder", by="t")
    assert draft.state == "draft" and req.reference in draft.subject
    assert "31 March 2026" in draft.body_text and "2 March 2026" in draft.body_text
    assert not OutboxMessage.objects.filter(kind="campaigns.followup").exists()
    services.followup_approve(draft, by="boss")
    message = OutboxMessage.objects.get(kind="campaigns.followup")
    assert message.object_ref == f"followup:{draft.pk}" and message.reply_to == req.reply_address
    OutboxMessage.objects.filter(pk=message.pk).update(state="sent", sent_at=timezone.now())
    message.refresh_from_db()
    signals.message_sent.send(sender=OutboxMessage, message=message)
    draft.refresh_from_db()
    assert draft.state == "sent" and draft.approved_by == "boss"
    kinds = list(req.events.values_list("kind", flat=True))
    assert kinds[-3:] == ["followup_drafted", "followup_approved", "followup_sent"]


def test_internal_review_followup_moves_request_when_sent(campaign, bodies):
    _launch(campaign, bodies, "glenholm")
    req = mark_request_sent(Request.objects.get(), timezone.now())
    services.request_transition(req, Status.REFUSED, by="t")
    draft = services.followup_draft(req, kind="internal_review", by="t")
    assert "section 20" in draft.body_text  # FOISA review
    services.followup_approve(draft, by="boss")
    message = OutboxMessage.objects.get(kind="campaigns.followup")
    OutboxMessage.objects.filter(pk=message.pk).update(state="sent", sent_at=timezone.now())
    message.refresh_from_db()
    signals.message_sent.send(sender=OutboxMessage, message=message)
    req.refresh_from_db()
    assert req.status == Status.INTERNAL_REVIEW


def test_dashboard_counts(campaign, bodies):
    _launch(campaign, bodies, "northmoor", "glenholm", "aldric")
    dash = services.campaign_dashboard(campaign)
    assert dash.total == 3 and dash.by_status == {"queued": 3}
    assert dict(dash.by_sector)["school"]["total"] == 1
    assert dict(dash.by_region)["Scotland"]["queued"] == 1


def test_campaign_slug_is_unique(db):
    a = services.campaign_create(name="Same", by="t")
    b = services.campaign_create(name="Same", by="t")
    assert a.slug == "same" and b.slug == "same-2"
    assert services.campaign_get("same-2") == b and services.campaign_get(str(a.pk)) == a
    with pytest.raises(CampaignError, match="campaigns list"):
        services.campaign_get("nope")


def test_preview_before_and_after_launch(campaign, bodies):
    services.campaign_select_bodies(campaign, by="t", body_ids=[bodies["aberwen"].id])
    campaign.bilingual_welsh = True
    campaign.save()
    preview = services.campaign_preview(campaign, body=bodies["aberwen"], today=date(2026, 3, 2))
    assert preview.body.startswith("Annwyl Swyddog Rhyddid Gwybodaeth / Dear")
    assert preview.reference == "WW-2026-000001"
    _launch(campaign, bodies, "aberwen")
    stored = services.campaign_preview(campaign, body=bodies["aberwen"])
    assert stored.reference == Request.objects.get().reference


def test_timeline_has_events_and_outbox_attempts(campaign, bodies):
    from whoswatching.outbox import services as outbox

    _launch(campaign, bodies, "northmoor")
    req = Request.objects.get()
    outbox.message_cancel(key=req.outbox_key, by="ops")
    entries = services.request_timeline(req)
    assert [e.source for e in entries] == ["event", "outbox"]
    assert entries[1].kind == "cancelled"


def test_foisa_clock_ignores_bank_holidays_outside_scotland(campaign, bodies):
    _launch(campaign, bodies, "glenholm")
    req = mark_request_sent(Request.objects.get(), datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    # FOISA s.73: only Scottish bank holidays stop the clock, so 17 March counts.
    assert req.law == "foisa" and req.due_on == date(2026, 3, 30)


def test_malformed_address_counts_as_missing(campaign, body_factory):
    bad = body_factory("Broken Address Council", email="not-an-address")
    services.campaign_select_bodies(campaign, by="t", body_ids=[bad.id])
    assert [p.code for p in services.campaign_check(campaign)] == ["no_address"]
    plan = services.campaign_launch(campaign, by="t", commit=True)
    assert plan.created == 0 and plan.skipped_no_address == ["Broken Address Council"]


def test_bounced_request_resent_to_corrected_address(campaign, bodies):
    _launch(campaign, bodies, "northmoor")
    req = Request.objects.get()
    with pytest.raises(CampaignError, match="only a bounced"):
        services.request_resend(req, by="t")
    message = OutboxMessage.objects.get(key=req.outbox_key)
    message.last_error = "550 no such user"
    signals.message_failed.send(sender=OutboxMessage, message=message)
    req.refresh_from_db()
    with pytest.raises(CampaignError, match="not an email"):
        services.request_resend(req, by="t", to_address="nope")
    services.request_resend(req, by="ann", to_address="foi@northmoor.example.org")
    req.refresh_from_db()
    assert req.status == Status.QUEUED and req.to_address == "foi@northmoor.example.org"
    assert OutboxMessage.objects.get(key=req.outbox_key).to_addr == "foi@northmoor.example.org"
    assert OutboxMessage.objects.count() == 2
    # the corrected address becomes the body's primary address, so later campaigns use it
    assert req.body.primary_contact().email == "foi@northmoor.example.org"
    mark_request_sent(req, datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    assert req.status == Status.SENT


def test_clarification_stops_and_restarts_the_clock(campaign, bodies):
    from unittest import mock

    from whoswatching.campaigns import deadlines

    _launch(campaign, bodies, "northmoor")
    req = mark_request_sent(Request.objects.get(), datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    with mock.patch("django.utils.timezone.now", return_value=datetime(2026, 3, 10, 12, 0, tzinfo=UTC)):
        services.request_transition(req, Status.CLARIFICATION_REQUESTED, by="t", note="which sites?")
    req.refresh_from_db()
    assert req.due_on is None and "paused" in req.due_working.lower()
    # While paused, the overdue check leaves it alone.
    assert services.requests_refresh_overdue(today=date(2026, 6, 1)).overdue == 0
    with mock.patch("django.utils.timezone.now", return_value=datetime(2026, 3, 20, 12, 0, tzinfo=UTC)):
        services.request_transition(req, Status.AWAITING_RESPONSE, by="t", note="clarified")
    req.refresh_from_db()
    expected = deadlines.due_date(date(2026, 3, 2), law="foia", events=[
        deadlines.ClockEvent("clarification_requested", date(2026, 3, 10)),
        deadlines.ClockEvent("clarification_received", date(2026, 3, 20)),
    ])
    assert req.due_on == expected.due and req.due_on > date(2026, 4, 15)
    assert services.requests_refresh_overdue(today=date(2026, 4, 1)).overdue == 0


def test_dated_clock_events_replace_status_dates_and_fees_pause(campaign, bodies):
    from whoswatching.campaigns import deadlines

    _launch(campaign, bodies, "northmoor")
    req = mark_request_sent(Request.objects.get(), datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    services.request_transition(req, Status.CLARIFICATION_REQUESTED, by="coder")
    services.request_clock_event(req, "clarification_requested", on=date(2026, 3, 4), by="coder")
    services.request_transition(req, Status.AWAITING_RESPONSE, by="ann")
    services.request_clock_event(req, "clarification_received", on=date(2026, 3, 9), by="ann")
    req.refresh_from_db()
    expected = deadlines.due_date(date(2026, 3, 2), law="foia", events=[
        deadlines.ClockEvent("clarification_requested", date(2026, 3, 4)),
        deadlines.ClockEvent("clarification_received", date(2026, 3, 9)),
    ])
    assert req.due_on == expected.due
    services.request_clock_event(req, "fee_notice", on=date(2026, 3, 11), by="ann")
    req.refresh_from_db()
    assert req.due_on is None
    services.request_clock_event(req, "fee_paid", on=date(2026, 3, 18), by="ann")
    req.refresh_from_db()
    assert req.due_on > expected.due
    assert req.events.filter(kind="clock").count() == 4
    with pytest.raises(CampaignError, match="unknown clock event"):
        services.request_clock_event(req, "holiday", on=date(2026, 3, 1), by="ann")


def test_followup_discard_edit_and_failure(campaign, bodies):
    _launch(campaign, bodies, "northmoor")
    req = mark_request_sent(Request.objects.get(), datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    services.request_transition(req, Status.NOT_HELD, by="t")
    draft = services.followup_draft(req, kind="internal_review", by="t")
    with pytest.raises(CampaignError, match="already has"):
        services.followup_draft(req, kind="internal_review", by="t")
    services.followup_edit(draft, subject="Review please", body="Grounds.\n", by="t")
    assert draft.subject == f"Review please [{req.reference}]"
    services.followup_discard(draft, by="t")
    with pytest.raises(CampaignError, match="discarded"):
        services.followup_approve(draft, by="t")
    second = services.followup_draft(req, kind="internal_review", by="t")
    services.followup_approve(second, by="boss")
    message = OutboxMessage.objects.get(key=second.outbox_key)
    message.last_error = "550 rejected"
    signals.message_failed.send(sender=OutboxMessage, message=message)
    req.refresh_from_db()
    assert req.status == Status.NOT_HELD and "550 rejected" in req.events.last().note


def test_closed_campaign_takes_no_bodies(campaign, bodies):
    services.campaign_close(campaign, by="t")
    with pytest.raises(CampaignError, match="closed"):
        services.campaign_select_bodies(campaign, by="t", body_ids=[bodies["northmoor"].id])
    with pytest.raises(CampaignError, match="closed"):
        services.campaign_launch(campaign, by="t", commit=True)


def test_sent_after_withdrawal_is_recorded(campaign, bodies):
    _launch(campaign, bodies, "northmoor")
    req = Request.objects.get()
    OutboxMessage.objects.filter(key=req.outbox_key).update(state="sending")  # the worker has it
    report = services.campaign_remove_bodies(campaign, body_ids=[bodies["northmoor"].id], by="t")
    assert report.withdrawn == 1 and report.cancelled == 0
    mark_request_sent(req, datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    assert req.status == Status.WITHDRAWN and req.sent_at is not None
    assert "although withdrawn" in req.events.last().note
