"""Persistent state of the campaigns domain: campaigns, their bodies, requests and request history.

Behaviour lives in ``services.py`` and the pure modules (``compose``, ``lifecycle``, ``references``,
``selection``, ``deadlines``); models hold fields, indexes and small read helpers.
"""

from __future__ import annotations

from django.db import models, transaction
from django.db.models import F

from whoswatching.campaigns.lifecycle import Status
from whoswatching.campaigns.references import MAX_SERIAL
from whoswatching.registry.models import PublicBody


class Campaign(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft"
        RUNNING = "running"
        CLOSED = "closed"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    template_subject = models.CharField(max_length=300)
    template_body = models.TextField()
    #: Campaign variables for ``{{ var.NAME }}`` merge fields (e.g. ``requester_name``).
    variables = models.JSONField(default=dict, blank=True)
    #: Greet Welsh bodies in Welsh and English (Welsh Language Standards).
    bilingual_welsh = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT, db_index=True)
    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    launched_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    #: Published statistics of this campaign stay hidden until this moment (stats domain reads it).
    embargo_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class CampaignBody(models.Model):
    """A body selected for a campaign; launching turns each into a :class:`Request`."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    body = models.ForeignKey(PublicBody, on_delete=models.PROTECT, related_name="campaign_targets")
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.CharField(max_length=150, blank=True)
    via = models.CharField(max_length=200, blank=True)  # the filter or list file that selected it

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "body"], name="campaigns_target_unique")]


class ReferenceCounter(models.Model):
    """Last serial issued per year; blocks are reserved with one atomic UPDATE (safe on SQLite and PG)."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    @classmethod
    def reserve(cls, year: int, count: int) -> range:
        """Reserve ``count`` consecutive serials of ``year``; concurrent callers get disjoint blocks.

        The UPDATE takes the row lock (PostgreSQL) or the database write lock (SQLite), so the value
        read back inside the same transaction is this caller's block end.
        """
        if count <= 0:
            return range(0)
        with transaction.atomic():
            cls.objects.bulk_create([cls(year=year, last=0)], ignore_conflicts=True)
            cls.objects.filter(year=year).update(last=F("last") + count)
            end = cls.objects.get(year=year).last
            if end > MAX_SERIAL:
                raise ValueError(f"year {year} has run out of six-digit references ({end} > {MAX_SERIAL})")
        return range(end - count + 1, end + 1)


class RequestQuerySet(models.QuerySet):
    def search(self, q: str) -> RequestQuerySet:
        """Requests whose reference, body name or body slug contain every word of ``q`` (any order/case)."""
        words = q.split()
        if not words:
            return self
        match = models.Q()
        for word in words[:10]:
            match &= (models.Q(body_name__icontains=word) | models.Q(reference__icontains=word)
                      | models.Q(body__slug__icontains=word))
        return self.filter(match)


class Request(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="requests")
    body = models.ForeignKey(PublicBody, on_delete=models.PROTECT, related_name="foi_requests")
    reference = models.CharField(max_length=20, unique=True)
    reply_address = models.CharField(max_length=254)
    to_address = models.EmailField(max_length=254)
    law = models.CharField(max_length=10)
    subject = models.CharField(max_length=400)
    body_text = models.TextField()
    status = models.CharField(
        max_length=30, choices=[(s.value, s.label) for s in Status], default=Status.DRAFT.value
    )
    outbox_key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    received_on = models.DateField(null=True, blank=True)  # the day the statutory clock counts from
    due_on = models.DateField(null=True, blank=True)
    due_working = models.TextField(blank=True)  # deadlines.Deadline.working at the time it was computed
    status_changed_at = models.DateTimeField(null=True, blank=True)
    # Copies of the body's fields at launch, so the dashboard counts and searches without joins.
    body_name = models.CharField(max_length=300)
    sector = models.CharField(max_length=20, blank=True)
    region = models.CharField(max_length=100, blank=True)
    nation = models.CharField(max_length=20, blank=True)
    body_type = models.CharField(max_length=120, blank=True)

    objects = RequestQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]
        constraints = [models.UniqueConstraint(fields=["campaign", "body"], name="campaigns_request_unique")]
        indexes = [
            # Covering indexes for the dashboard: counts by status, sector and region, the overdue list
            # ordered by due date and the request table ordered by reference, each within a campaign.
            models.Index(fields=["campaign", "status", "due_on"], name="campaigns_req_status_due"),
            models.Index(fields=["campaign", "sector", "status"], name="campaigns_req_sector_status"),
            models.Index(fields=["campaign", "region", "status"], name="campaigns_req_region_status"),
            models.Index(fields=["campaign", "reference"], name="campaigns_req_campaign_ref"),
            models.Index(fields=["status", "due_on"], name="campaigns_req_due"),
            models.Index(fields=["body", "created_at"], name="campaigns_req_body"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.body_name}"


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("request events are append-only: add a new event instead of updating")

    def delete(self):
        raise TypeError("request events are append-only and are never deleted")


class RequestEvent(models.Model):
    """One thing that happened to a request. Append-only: never updated, never deleted."""

    class Kind(models.TextChoices):
        CREATED = "created"
        QUEUED = "queued"
        SENT = "sent"
        SEND_DEFERRED = "send_deferred"
        SEND_FAILED = "send_failed"
        STATUS = "status"  # a status change made by staff or by a reply
        OVERDUE = "overdue"  # the overdue check moved it
        WITHDRAWN = "withdrawn"
        FOLLOWUP_DRAFTED = "followup_drafted"
        FOLLOWUP_APPROVED = "followup_approved"
        FOLLOWUP_SENT = "followup_sent"
        CLOCK = "clock"  # a dated clock event (clarification, fees notice, fee paid): data["clock"], data["on"]
        NOTE = "note"

    request = models.ForeignKey(Request, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    at = models.DateTimeField()
    by = models.CharField(max_length=150, blank=True)
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30, blank=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["request", "at"], name="campaigns_event_req")]

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise TypeError("request events are append-only: add a new event instead of changing this one")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("request events are append-only and are never deleted")


class FollowUp(models.Model):
    """A reminder or internal-review letter: drafted from a template, approved by staff, then sent."""

    class Kind(models.TextChoices):
        REMINDER = "reminder"
        INTERNAL_REVIEW = "internal_review"

    class State(models.TextChoices):
        DRAFT = "draft"
        APPROVED = "approved"  # handed to the outbox
        SENT = "sent"
        DISCARDED = "discarded"

    request = models.ForeignKey(Request, on_delete=models.PROTECT, related_name="followups")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    template = models.CharField(max_length=60)
    subject = models.CharField(max_length=400)
    body_text = models.TextField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150, blank=True)
    approved_by = models.CharField(max_length=150, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    outbox_key = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} for {self.request.reference}"
