"""Persistent state of the register: public bodies, their FOI contact addresses and bounce history."""

from __future__ import annotations

from django.db import models

from whoswatching.registry.records import Law, Nation, Sector, law_for


class PublicBody(models.Model):
    name = models.CharField(max_length=300)
    slug = models.SlugField(max_length=140, unique=True)
    sector = models.CharField(max_length=20, choices=[(s.value, s.value) for s in Sector], db_index=True)
    region = models.CharField(max_length=100, blank=True, db_index=True)
    nation = models.CharField(max_length=20, choices=[(n.value, n.value) for n in Nation], db_index=True)
    identifier_scheme = models.CharField(max_length=40, blank=True)
    identifier = models.CharField(max_length=60, blank=True)
    body_type = models.CharField(max_length=120, blank=True)
    local_authority = models.CharField(max_length=120, blank=True)
    postcode = models.CharField(max_length=12, blank=True)
    website = models.URLField(max_length=300, blank=True)
    foi_law_override = models.CharField(max_length=10, blank=True, choices=[(law.value, law.value) for law in Law])
    source = models.CharField(max_length=120, blank=True)
    source_url = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["identifier_scheme", "identifier"],
                condition=~models.Q(identifier=""),
                name="registry_body_unique_identifier",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def foi_law(self) -> Law:
        return law_for(self.nation, self.sector, override=self.foi_law_override)

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
    source = models.CharField(max_length=120, blank=True)
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
