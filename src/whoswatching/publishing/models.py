"""Publications: a built statistics folder for one campaign, and whether the public may see it.

A :class:`Publication` records one build (``stats.report.site.build_site`` output plus the drill-down
file) with what identifies its input (SHA-256 of the coded table, codebook version), who built it and
when, and its state. The public sees a publication only when it is ``published`` and the campaign's
``embargo_until`` has passed (``services.publications_public``); staff see every state.
"""

from __future__ import annotations

from django.db import models


class Publication(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft"  # built, visible to staff only
        PUBLISHED = "published"  # public once the campaign's embargo has passed
        WITHDRAWN = "withdrawn"  # taken down (or replaced by a newer publication)

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="publications")
    build_id = models.CharField(max_length=80, unique=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT, db_index=True)
    #: Absolute path of the built folder (manifest.json, valid/, responses/, drilldown.json).
    folder = models.CharField(max_length=500)
    denominators = models.JSONField(default=list)
    default_denominator = models.CharField(max_length=20)
    input_sha256 = models.CharField(max_length=64)
    codebook_version = models.CharField(max_length=20)
    bodies = models.PositiveIntegerField(default=0)
    replies = models.PositiveIntegerField(default=0)
    built_by = models.CharField(max_length=150)
    built_at = models.DateTimeField()
    published_by = models.CharField(max_length=150, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.CharField(max_length=150, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-built_at", "-id"]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.build_id} ({self.state})"
