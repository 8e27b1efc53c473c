"""Persistent state of the intake domain: received messages, their attachments and extractions.

Raw bytes live in the content-addressed blob store (:mod:`.storage`); rows keep keys and hashes.
A message is unique by ``Message-ID`` (when it has one) and by content hash, so receiving the
same reply twice, by IMAP and by webhook, files it once. ``ImapCursor`` remembers the last UID
processed per mailbox and UIDVALIDITY (RFC 3501 §2.3.1.1), committed in the same transaction as
the message, so a restart neither skips nor repeats a message.
"""

from __future__ import annotations

from django.db import models


class Via(models.TextChoices):
    IMAP = "imap"
    MBOX = "mbox"
    MAILDIR = "maildir"
    EML = "eml"
    WEBHOOK = "webhook"


class MatchState(models.TextChoices):
    MATCHED = "matched"
    UNMATCHED = "unmatched"  # in the holding pen
    AMBIGUOUS = "ambiguous"  # in the holding pen, several suggestions
    DISMISSED = "dismissed"  # not a reply to any request (spam, newsletters); kept, out of the pen


class MessageQuerySet(models.QuerySet):
    def holding_pen(self) -> MessageQuerySet:
        return self.filter(match_state__in=[MatchState.UNMATCHED, MatchState.AMBIGUOUS]).order_by("-received_at", "-id")


class Message(models.Model):
    raw_key = models.CharField(max_length=100)
    raw_sha256 = models.CharField(max_length=64, db_index=True)
    raw_size = models.PositiveBigIntegerField()
    message_id = models.CharField(max_length=998, blank=True, db_index=True)
    content_hash = models.CharField(max_length=64, unique=True)
    received_via = models.CharField(max_length=10, choices=Via.choices)
    received_at = models.DateTimeField()
    #: Where it came from: ``imap:host/user/INBOX:uidvalidity:uid``, ``mbox:/path#12``, ``webhook``.
    source_ref = models.CharField(max_length=500, blank=True)

    subject = models.CharField(max_length=998, blank=True)
    from_addr = models.CharField(max_length=320, blank=True, db_index=True)
    from_name = models.CharField(max_length=300, blank=True)
    to_addrs = models.JSONField(default=list, blank=True)
    cc = models.JSONField(default=list, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)  # the Date header
    in_reply_to = models.CharField(max_length=998, blank=True)
    references = models.JSONField(default=list, blank=True)
    text_body = models.TextField(blank=True)
    body_from_html = models.BooleanField(default=False)
    is_bounce = models.BooleanField(default=False)
    bounce = models.JSONField(default=list, blank=True)  # [{failed_recipient, status, diagnostic, ...}]
    is_auto_reply = models.BooleanField(default=False)
    auto_reply_reason = models.CharField(max_length=300, blank=True)
    warnings = models.JSONField(default=list, blank=True)

    match_state = models.CharField(max_length=10, choices=MatchState.choices, default=MatchState.UNMATCHED, db_index=True)
    request = models.ForeignKey("campaigns.Request", null=True, blank=True, on_delete=models.PROTECT, related_name="replies")
    match_score = models.FloatField(null=True, blank=True)
    match_reason = models.TextField(blank=True)
    #: Holding-pen suggestions, best first: [{request_ref, score, reason}].
    suggestions = models.JSONField(default=list, blank=True)
    matched_by = models.CharField(max_length=150, blank=True)  # "auto" or the person who assigned it
    matched_at = models.DateTimeField(null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["message_id"], condition=~models.Q(message_id=""), name="intake_message_id_unique"
            ),
        ]
        indexes = [models.Index(fields=["match_state", "received_at"], name="intake_msg_pen")]

    def __str__(self) -> str:
        return f"{self.message_id or self.content_hash[:12]} {self.subject[:60]}"


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    position = models.PositiveIntegerField()
    filename = models.CharField(max_length=200)
    filename_raw = models.TextField(blank=True)
    content_type_declared = models.CharField(max_length=200, blank=True)
    content_type_sniffed = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    storage_key = models.CharField(max_length=100)
    inline = models.BooleanField(default=False)
    forwarded = models.BooleanField(default=False)
    quarantined = models.BooleanField(default=False)
    quarantine_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["message", "position"]
        constraints = [models.UniqueConstraint(fields=["message", "position"], name="intake_attachment_pos")]

    def __str__(self) -> str:
        return self.filename


class Extraction(models.Model):
    """Text read from a message body (``attachment`` null) or an attachment (ZIP members as children)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="extractions")
    attachment = models.ForeignKey(Attachment, null=True, blank=True, on_delete=models.CASCADE, related_name="extractions")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="parts")
    #: Path inside the archive for ZIP members; "(body)" or the attachment name otherwise.
    path = models.CharField(max_length=1000)
    kind = models.CharField(max_length=20)
    method = models.CharField(max_length=20)
    tool = models.CharField(max_length=300, blank=True)
    text = models.TextField(blank=True)
    tables = models.JSONField(default=list, blank=True)
    table_titles = models.JSONField(default=list, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    page_methods = models.JSONField(default=list, blank=True)
    quarantined = models.BooleanField(default=False)
    reason = models.TextField(blank=True)
    warnings = models.JSONField(default=list, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["message", "id"]

    def __str__(self) -> str:
        return f"{self.path} ({self.method})"


class ImapCursor(models.Model):
    """Progress through one IMAP mailbox: the last UID processed under the current UIDVALIDITY."""

    account = models.CharField(max_length=500, unique=True)  # "host:port/user/mailbox"
    uidvalidity = models.BigIntegerField(default=0)
    last_uid = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.account} uidvalidity={self.uidvalidity} last_uid={self.last_uid}"
