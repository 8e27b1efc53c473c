"""Persistent state of coding: machine suggestions, people's codings, the accepted result, flags, policy.

Automated codes stay in :class:`Suggestion` until a person accepts or corrects them (house style:
automated results kept apart from accepted results). :class:`Coding` rows are append-only records of
what each coder said; :class:`AcceptedCode` is the one accepted answer per reply, with provenance
(origin, codebook version, who, when). Only accepted codes reach the statistics.
"""

from __future__ import annotations

from django.db import models


class CodingPolicy(models.Model):
    """How a campaign's replies are coded. Defaults: single coding, nothing accepted automatically."""

    campaign = models.OneToOneField("campaigns.Campaign", on_delete=models.CASCADE, related_name="coding_policy")
    double_coding = models.BooleanField(default=False)
    #: Suggestions whose every field's confidence reaches this are accepted without a person. None = never.
    auto_accept_threshold = models.FloatField(null=True, blank=True)

    def __str__(self) -> str:
        return f"coding policy of {self.campaign_id}"


class Suggestion(models.Model):
    """What the auto-coder said about one reply (codebook fields, evidence, confidence)."""

    message = models.ForeignKey("intake.Message", on_delete=models.CASCADE, related_name="suggestions_made")
    codebook_version = models.CharField(max_length=20)
    source_sha256 = models.CharField(max_length=64)
    text = models.TextField()  # what the coder read; evidence quotes come from it
    values = models.JSONField(default=dict)
    evidence = models.JSONField(default=dict)
    confidence = models.JSONField(default=dict)
    warnings = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["message", "codebook_version", "source_sha256"],
                                    name="coding_suggestion_once")
        ]

    def min_confidence(self) -> float:
        return min((float(v) for v in self.confidence.values()), default=0.0)


class Coding(models.Model):
    """One coder's answer for one reply (append-only)."""

    class Role(models.TextChoices):
        SINGLE = "single"
        FIRST = "first"
        SECOND = "second"
        ADJUDICATION = "adjudication"

    class Origin(models.TextChoices):
        ACCEPTED = "accepted"  # the suggestion as it was
        CORRECTED = "corrected"  # the suggestion with some fields changed
        AUTO = "auto"  # accepted by the campaign's auto-accept threshold
        ADJUDICATED = "adjudicated"

    message = models.ForeignKey("intake.Message", on_delete=models.CASCADE, related_name="codings")
    suggestion = models.ForeignKey(Suggestion, null=True, blank=True, on_delete=models.SET_NULL)
    coder = models.CharField(max_length=150)
    role = models.CharField(max_length=15, choices=Role.choices)
    origin = models.CharField(max_length=15, choices=Origin.choices)
    values = models.JSONField(default=dict)
    corrected_fields = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["message", "created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["message", "coder", "role"], name="coding_once_per_coder")]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("codings are append-only: record a new one instead of changing this one")
        super().save(*args, **kwargs)


class AcceptedCode(models.Model):
    """The accepted codebook answer for one reply: the only coded data statistics read."""

    class Origin(models.TextChoices):
        SINGLE = "single"  # one coder accepted or corrected the suggestion
        DOUBLE_AGREED = "double_agreed"
        ADJUDICATED = "adjudicated"
        AUTO = "auto"

    message = models.OneToOneField("intake.Message", on_delete=models.CASCADE, related_name="accepted_code")
    request = models.ForeignKey("campaigns.Request", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="accepted_codes")
    values = models.JSONField(default=dict)
    evidence = models.JSONField(default=dict)
    origin = models.CharField(max_length=15, choices=Origin.choices)
    codebook_version = models.CharField(max_length=20)
    suggestion = models.ForeignKey(Suggestion, null=True, blank=True, on_delete=models.SET_NULL)
    accepted_by = models.CharField(max_length=150)
    accepted_at = models.DateTimeField()

    class Meta:
        ordering = ["-accepted_at"]


class Flag(models.Model):
    """A reviewer's "look at this again" on a reply; the reply leaves the queue until resolved."""

    message = models.ForeignKey("intake.Message", on_delete=models.CASCADE, related_name="flags")
    by = models.CharField(max_length=150)
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.CharField(max_length=150, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class PartnerImport(models.Model):
    """Another organisation's coded results for a campaign's bodies, merged under a chosen rule."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="partner_imports")
    source = models.CharField(max_length=200)  # who coded it, e.g. "Partner organisation, 2022"
    rule = models.CharField(max_length=20)  # coding.merge.RULES
    filename = models.CharField(max_length=300)
    file_sha256 = models.CharField(max_length=64)
    csv_text = models.TextField()  # the partner's rows in the coded-results CSV format, as imported
    matched = models.PositiveIntegerField(default=0)
    unmatched = models.JSONField(default=list, blank=True)  # partner rows naming no body of the campaign
    created_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "file_sha256"], name="coding_partner_once")]


class PartnerDisagreement(models.Model):
    """A field on which the partner's coding and ours differ; kept for review."""

    partner_import = models.ForeignKey(PartnerImport, on_delete=models.CASCADE, related_name="disagreements")
    body_id = models.CharField(max_length=140)
    body_name = models.CharField(max_length=300)
    field = models.CharField(max_length=40)
    ours = models.JSONField(null=True)
    theirs = models.JSONField(null=True)
    merged = models.JSONField(null=True)
    resolved_by = models.CharField(max_length=150, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(blank=True)

    class Meta:
        ordering = ["body_name", "field"]
