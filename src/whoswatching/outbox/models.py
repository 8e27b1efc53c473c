"""Persistent state of the outbox: messages waiting to leave, and their append-only delivery attempts."""

from __future__ import annotations

from django.db import models


class State(models.TextChoices):
    QUEUED = "queued", "queued"
    SENDING = "sending", "sending"
    SENT = "sent", "sent"
    DEFERRED = "deferred", "deferred"
    FAILED = "failed", "failed"
    IN_DOUBT = "in_doubt", "in doubt"
    CANCELLED = "cancelled", "cancelled"


class Phase(models.TextChoices):
    """Where a ``sending`` message is: claimed (nothing irreversible yet) or ending (end-of-data under way)."""

    NONE = "", "-"
    CLAIMED = "claimed", "claimed"
    ENDING = "ending", "ending"


#: States a worker may pick up (when next_attempt_at is due).
DUE_STATES = (State.QUEUED, State.DEFERRED)


class OutboxMessageQuerySet(models.QuerySet):
    def due(self, now):
        """Queued messages, and deferred ones whose retry time has come."""
        return self.filter(
            models.Q(state=State.QUEUED)
            | models.Q(state=State.DEFERRED, next_attempt_at__lte=now)
            | models.Q(state=State.DEFERRED, next_attempt_at__isnull=True)
        )

    def search(self, text: str):
        text = text.strip()
        if not text:
            return self
        return self.filter(
            models.Q(key__icontains=text) | models.Q(to_addr__icontains=text) | models.Q(object_ref__icontains=text)
        )


class OutboxMessage(models.Model):
    key = models.CharField(max_length=200, unique=True, help_text="Idempotency key, e.g. request reference + kind.")
    kind = models.CharField(max_length=40, blank=True, db_index=True)
    object_ref = models.CharField(max_length=200, blank=True, db_index=True)
    to_addr = models.CharField(max_length=320)
    from_addr = models.CharField(max_length=320)
    reply_to = models.CharField(max_length=320, blank=True)
    subject = models.CharField(max_length=998)
    message_id = models.CharField(max_length=300, unique=True)
    domain = models.CharField(max_length=255, db_index=True, help_text="Recipient domain, for throttling.")
    raw = models.BinaryField(help_text="The RFC 5322 message exactly as it is sent.")
    state = models.CharField(max_length=12, choices=State.choices, default=State.QUEUED)
    phase = models.CharField(max_length=8, choices=Phase.choices, default=Phase.NONE, blank=True)
    claim_token = models.CharField(max_length=120, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    smtp_code = models.PositiveSmallIntegerField(null=True, blank=True)
    smtp_response = models.TextField(blank=True)
    transport = models.CharField(max_length=20, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="outbox_due_idx"),
            models.Index(fields=["state", "id"], name="outbox_queue_idx"),
            models.Index(fields=["state", "claim_token"], name="outbox_claim_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.key} -> {self.to_addr} ({self.state})"


class DeliveryAttempt(models.Model):
    """One attempt's outcome, or a staff decision; rows are only ever inserted (append-only history)."""

    class Outcome(models.TextChoices):
        SENT = "sent", "sent"
        DEFERRED = "deferred", "deferred"
        FAILED = "failed", "failed"
        IN_DOUBT = "in_doubt", "in doubt"
        RESOLVED_SENT = "resolved_sent", "resolved: was sent"
        REQUEUED = "requeued", "requeued by staff"
        CANCELLED = "cancelled", "cancelled by staff"

    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField(help_text="The message's attempt count after this row.")
    at = models.DateTimeField()
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    transport = models.CharField(max_length=20, blank=True)
    smtp_code = models.PositiveSmallIntegerField(null=True, blank=True)
    detail = models.TextField(blank=True)
    worker = models.CharField(max_length=120, blank=True, help_text="Claim token of the worker, or the staff actor.")

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["at"], name="outbox_attempt_at_idx")]

    def __str__(self) -> str:
        return f"{self.message_id} #{self.number} {self.outcome}"
