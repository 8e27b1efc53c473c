"""Persistent state of the register: public bodies, their FOI contact addresses and bounce history."""

from __future__ import annotations

from django.db import models

from whoswatching.registry.records import (
    FOISA_SECTORS_IN_SCOTLAND,
    NATION_LABELS,
    NATION_UNKNOWN,
    SECTOR_LABELS,
    Law,
    Nation,
    Sector,
    law_for,
    law_is_assumed,
    normalise_name,
)


class PublicBodyQuerySet(models.QuerySet):
    def with_law(self, law: str) -> PublicBodyQuerySet:
        """Bodies answering under ``law``: the SQL form of :func:`records.law_for`."""
        return self.filter(law_q(law))


def law_q(law: str) -> models.Q:
    """A filter matching the bodies :func:`records.law_for` puts under ``law``."""
    foisa = models.Q(foi_law_override=Law.FOISA) | models.Q(
        foi_law_override="", nation=Nation.SCOTLAND, sector__in=sorted(FOISA_SECTORS_IN_SCOTLAND)
    )
    return foisa if Law(law) == Law.FOISA else ~foisa


class PublicBody(models.Model):
    name = models.CharField(max_length=300)
    #: normalise_name(name): matching key for imports and the name search
    name_key = models.CharField(max_length=300, db_index=True, editable=False, default="")
    slug = models.SlugField(max_length=140, unique=True)
    sector = models.CharField(max_length=20, choices=[(s.value, s.value) for s in Sector], db_index=True)
    region = models.CharField(max_length=100, blank=True, db_index=True)
    #: blank = unknown (no source says); the FOI law is then assumed FOIA (records.law_for)
    nation = models.CharField(
        max_length=20, blank=True, choices=[(n.value, n.value) for n in Nation], db_index=True
    )
    identifier_scheme = models.CharField(max_length=40, blank=True)
    identifier = models.CharField(max_length=60, blank=True)
    body_type = models.CharField(max_length=120, blank=True)
    local_authority = models.CharField(max_length=120, blank=True)
    postcode = models.CharField(max_length=12, blank=True)
    website = models.URLField(max_length=300, blank=True)
    foi_law_override = models.CharField(max_length=10, blank=True, choices=[(law.value, law.value) for law in Law])
    #: the source (sources.SOURCES name) whose import created the body: its licence and attribution apply
    origin = models.CharField(max_length=40, blank=True)
    #: how region/nation were derived when the source does not state them outright
    derivation = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=300, blank=True)
    source_url = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublicBodyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["sector", "name_key"], name="registry_body_sector_key"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["identifier_scheme", "identifier"],
                condition=~models.Q(identifier=""),
                name="registry_body_unique_identifier",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = normalise_name(self.name)
        super().save(*args, **kwargs)

    @property
    def foi_law(self) -> Law:
        return law_for(self.nation, self.sector, override=self.foi_law_override)

    @property
    def foi_law_assumed(self) -> bool:
        """True when the nation is unknown and no override is set: the law shown is an assumption."""
        return law_is_assumed(self.nation, override=self.foi_law_override)

    @property
    def nation_known(self) -> bool:
        return self.nation != NATION_UNKNOWN

    @property
    def nation_label(self) -> str:
        return NATION_LABELS.get(self.nation, self.nation)

    @property
    def sector_label(self) -> str:
        return SECTOR_LABELS.get(self.sector, self.sector)

    def primary_contact(self) -> ContactAddress | None:
        """The address requests go to: the primary usable one, else any usable one."""
        usable = [c for c in self.contacts.all() if c.state != ContactAddress.State.INVALID]
        usable.sort(key=lambda c: (not c.is_primary, c.state != ContactAddress.State.VERIFIED, c.id))
        return usable[0] if usable else None


class ContactAddress(models.Model):
    class State(models.TextChoices):
        UNVERIFIED = "unverified"
        VERIFIED = "verified"  # a reply came from it, or staff checked it
        BOUNCING = "bouncing"  # at least one bounce, still tried
        INVALID = "invalid"  # permanently failed; not used

    body = models.ForeignKey(PublicBody, on_delete=models.CASCADE, related_name="contacts")
    email = models.EmailField(max_length=254)
    state = models.CharField(max_length=12, choices=State.choices, default=State.UNVERIFIED)
    is_primary = models.BooleanField(default=False)
    bounce_count = models.PositiveIntegerField(default=0)
    last_bounced_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_primary", "email"]
        constraints = [models.UniqueConstraint(fields=["body", "email"], name="registry_contact_unique")]

    def __str__(self) -> str:
        return self.email


class ContactBounce(models.Model):
    """Append-only bounce history of a contact address."""

    contact = models.ForeignKey(ContactAddress, on_delete=models.CASCADE, related_name="bounces")
    at = models.DateTimeField()
    permanent = models.BooleanField(default=True)
    reason = models.TextField(blank=True)
    reference = models.CharField(max_length=40, blank=True)  # the request reference the bounce was for

    class Meta:
        ordering = ["-at"]


class SourceRun(models.Model):
    """One import of one source file, dry run or committed: the register's import history."""

    class Outcome(models.TextChoices):
        DRY_RUN = "dry_run"  # nothing written (no --commit)
        COMMITTED = "committed"  # applied in one transaction
        REFUSED = "refused"  # --commit asked, but rows were rejected and --skip-bad was not given

    source = models.CharField(max_length=40, db_index=True)
    file_name = models.CharField(max_length=300, blank=True)
    file_sha256 = models.CharField(max_length=64)
    encoding = models.CharField(max_length=20, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    skip_bad = models.BooleanField(default=False)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    contacts_added = models.PositiveIntegerField(default=0)
    contacts_updated = models.PositiveIntegerField(default=0)
    #: the full report as JSON (rejections with row numbers, skip reasons, warnings)
    report = models.JSONField(default=dict)
    by = models.CharField(max_length=150, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source} {self.outcome} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def committed(self) -> bool:
        return self.outcome == self.Outcome.COMMITTED
