"""Enqueue idempotency, bulk enqueue, staff actions and their state rules."""

from __future__ import annotations

import pytest

from whoswatching.outbox import services
from whoswatching.outbox.models import DeliveryAttempt, OutboxMessage, State

pytestmark = pytest.mark.django_db


def test_enqueue_is_idempotent_on_key(enqueue):
    first = enqueue(1)[0]
    again = services.message_enqueue(key=first.key, to="someone-else@example.org", subject="other", body="other")
    assert again.pk == first.pk and again.to_addr == "foi@northmoor.gov.uk"
    assert OutboxMessage.objects.count() == 1
    assert first.message_id == "<NBC-2026-0000.request@whoswatching.invalid>"
    assert first.domain == "northmoor.gov.uk" and first.state == State.QUEUED


def test_bulk_enqueue_counts_and_skips_known_keys(enqueue):
    enqueue(2)
    items = [services.NewMessage(key=f"NBC-2026-{i:04d}.request", to="foi@northmoor.gov.uk", subject="s", body="b")
             for i in range(5)]
    report = services.messages_enqueue(items + items[:1])
    assert (report.created, report.existing) == (3, 3)
    assert OutboxMessage.objects.count() == 5


def test_bulk_enqueue_with_a_bad_item_writes_nothing():
    items = [services.NewMessage(key="A.1", to="foi@northmoor.gov.uk", subject="s", body="b"),
             services.NewMessage(key="A.2", to="not-an-address", subject="s", body="b")]
    with pytest.raises(services.EnqueueError, match="item 1.*nothing was queued"):
        services.messages_enqueue(items)
    assert OutboxMessage.objects.count() == 0


@pytest.mark.parametrize("kwargs", [
    {"key": "", "to": "foi@northmoor.gov.uk"},
    {"key": "has space", "to": "foi@northmoor.gov.uk"},
    {"key": "K.1", "to": "foi@northmoor.gov.uk\nBcc: all@example.org"},
    {"key": "K.2", "to": "foi@northmoor.gov.uk", "subject": "two\nlines"},
])
def test_enqueue_rejects_bad_input(kwargs):
    with pytest.raises(services.EnqueueError):
        services.message_enqueue(**{"subject": "s", "body": "b", **kwargs})
    assert OutboxMessage.objects.count() == 0


def test_staff_actions_follow_state_rules(enqueue):
    m = enqueue(1)[0]
    with pytest.raises(services.StateError, match="queued"):
        services.message_resolve_in_doubt(key=m.key, sent=True)
    OutboxMessage.objects.filter(pk=m.pk).update(state=State.IN_DOUBT, attempts=1)
    done = services.message_resolve_in_doubt(key=m.key, sent=True, by="staff:ana")
    assert done.state == State.SENT and done.sent_at is not None
    with pytest.raises(services.StateError):
        services.message_cancel(key=m.key)
    with pytest.raises(services.StateError):
        services.message_retry(key=m.key)
    log = list(DeliveryAttempt.objects.filter(message=m).values_list("outcome", "worker"))
    assert log == [("resolved_sent", "staff:ana")]
    with pytest.raises(services.MessageNotFound):
        services.message_retry(key="nope")


def test_cancel_then_retry_requeues(enqueue):
    m = enqueue(1)[0]
    assert services.message_cancel(key=m.key).state == State.CANCELLED
    again = services.message_retry(key=m.key)
    assert again.state == State.QUEUED and again.attempts == 0
    assert services.outbox_stats().by_state["queued"] == 1
    assert [x.key for x in services.messages_for("campaigns.Request:0")] == [m.key]
    assert [x.key for x in services.messages_list(search="NBC-2026-0000")] == [m.key]
