"""Contact addresses: add, verify, state changes and the bounce rule."""

from datetime import UTC, datetime

import pytest

from whoswatching.registry import services
from whoswatching.registry.errors import BodyNotFound, ContactNotFound, InvalidContact
from whoswatching.registry.models import ContactBounce, PublicBody

pytestmark = pytest.mark.django_db


@pytest.fixture
def body():
    return PublicBody.objects.create(name="Northmoor Borough Council", slug="northmoor-borough-council",
                                     sector="council", nation="england", region="North West")


def test_add_verify_and_primary(body):
    first = services.contact_add(body.slug, "foi@northmoor.example.gov.uk", primary=True)
    assert first.created and first.contact.state == "unverified"
    second = services.contact_add(body.slug, "info@northmoor.example.gov.uk", primary=True)
    first.contact.refresh_from_db()
    assert not first.contact.is_primary and second.contact.is_primary
    again = services.contact_add(body.slug, "INFO@NORTHMOOR.example.gov.uk")
    assert not again.created and not again.changed
    verified = services.contact_verify(body.slug, "foi@northmoor.example.gov.uk")
    assert verified.changed and verified.contact.state == "verified" and verified.contact.verified_at
    assert not services.contact_verify(body.slug, "foi@northmoor.example.gov.uk").changed
    assert body.primary_contact().email == "info@northmoor.example.gov.uk"


def test_contact_errors(body):
    with pytest.raises(InvalidContact, match="malformed"):
        services.contact_add(body.slug, "foi at northmoor")
    with pytest.raises(InvalidContact, match="state 'lost'"):
        services.contact_add(body.slug, "foi@northmoor.example.gov.uk", state="lost")
    with pytest.raises(BodyNotFound):
        services.contact_add("no-such-body", "foi@northmoor.example.gov.uk")
    with pytest.raises(ContactNotFound):
        services.contact_verify(body.slug, "missing@northmoor.example.gov.uk")
    with pytest.raises(ContactNotFound):
        services.contact_bounce_record("missing@northmoor.example.gov.uk")


def test_permanent_bounce_invalidates_and_primary_falls_back(body):
    services.contact_add(body.slug, "foi@northmoor.example.gov.uk", primary=True)
    services.contact_add(body.slug, "info@northmoor.example.gov.uk")
    when = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
    [contact] = services.contact_bounce_record("foi@northmoor.example.gov.uk", at=when, reason="550 5.1.1 user unknown",
                                               reference="WW-12-0001")
    assert (contact.state, contact.bounce_count, contact.last_bounced_at) == ("invalid", 1, when)
    assert ContactBounce.objects.get().reference == "WW-12-0001"
    assert body.primary_contact().email == "info@northmoor.example.gov.uk"


def test_temporary_bounces_mark_bouncing_then_invalid(body):
    services.contact_add(body.slug, "foi@northmoor.example.gov.uk")
    states = [services.contact_bounce_record("foi@northmoor.example.gov.uk", permanent=False)[0].state for _ in range(3)]
    assert states == ["bouncing", "bouncing", "invalid"]
    assert ContactBounce.objects.count() == 3
