"""The one door to the register's stored state: imports, browsing, bodies and their FOI addresses.

The CLI (``whoswatching registry ...``), the web pages (``/bodies/``), the JSON API
(``/api/registry/``), ``whoswatching setup`` and other domains (campaigns send to
:meth:`PublicBody.primary_contact`; the outbox reports bounces through
:func:`contact_bounce_record`) all call these functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from whoswatching.registry import search
from whoswatching.registry.errors import (
    BodyNotFound,
    ContactNotFound,
    InvalidContact,
    SourceFileError,
    UnknownSource,
)
from whoswatching.registry.importer import Progress, run_import
from whoswatching.registry.models import ContactAddress, ContactBounce, PublicBody, SourceRun
from whoswatching.registry.records import ContactState, normalise_email
from whoswatching.registry.report import ImportReport
from whoswatching.registry.sources import BUNDLED, SOURCES, Source, SourceFormatError, all_sources, get_source

BodyFilters = search.BodyFilters
BodyPage = search.BodyPage
Facets = search.Facets


#: Temporary bounces after which an address is marked invalid (a permanent bounce marks it at once).
TEMPORARY_BOUNCE_LIMIT = 3


# --- sources and imports ------------------------------------------------------------------------------


def registry_sources() -> tuple[Source, ...]:
    """Every source the register can import, with its metadata (publisher, url, licence...)."""
    return all_sources()


def _source(name: str) -> Source:
    try:
        return get_source(name)
    except KeyError:
        raise UnknownSource(f"unknown source {name!r}; choose from {', '.join(SOURCES)}") from None


def registry_import(
    source: str,
    path: Path | str | None = None,
    *,
    commit: bool = False,
    skip_bad: bool = False,
    by: str = "",
    progress: Progress | None = None,
) -> ImportReport:
    """Import one source file: a dry run unless ``commit``; all-or-nothing unless ``skip_bad``.

    ``path`` may be omitted for a bundled source (its shipped file is used). Raises
    :class:`UnknownSource` or :class:`SourceFileError` (wrong columns, missing file); row problems are
    never raised, they are listed in the report.
    """
    src = _source(source)
    try:
        return run_import(src, Path(path) if path else None, commit=commit, skip_bad=skip_bad, by=by, progress=progress)
    except SourceFormatError as exc:
        raise SourceFileError(str(exc)) from None


def registry_load_bundled(*, commit: bool = False, by: str = "", progress: Progress | None = None) -> list[ImportReport]:
    """Import every bundled register (councils, NHS trusts, police forces, universities); idempotent."""
    return [registry_import(name, commit=commit, by=by, progress=progress) for name in BUNDLED]


def source_runs(*, source: str = "", limit: int = 50) -> list[SourceRun]:
    """The import history, newest first."""
    qs = SourceRun.objects.all()
    if source:
        qs = qs.filter(source=source)
    return list(qs[:limit])


# --- bodies -------------------------------------------------------------------------------------------


def body_page(filters: BodyFilters, *, page: int = 1, per_page: int = 50) -> BodyPage:
    return search.page_of(filters, page=page, per_page=per_page)


def body_facets(filters: BodyFilters) -> Facets:
    return search.facets(filters)


def body_list(filters: BodyFilters, *, limit: int | None = None) -> list[PublicBody]:
    qs = search.filtered(filters).order_by("name_key", "id")
    return list(qs[:limit] if limit else qs)


def body_get(slug: str) -> PublicBody:
    try:
        return PublicBody.objects.get(slug=slug)
    except PublicBody.DoesNotExist:
        raise BodyNotFound(f"no body with slug {slug!r} (find it with `whoswatching registry list --q NAME`)") from None


def body_public_dict(body: PublicBody) -> dict[str, Any]:
    """The public view of a body: everything but its contact addresses."""
    return {
        "slug": body.slug,
        "name": body.name,
        "sector": body.sector,
        "region": body.region,
        "nation": body.nation or search.UNKNOWN,
        "identifier_scheme": body.identifier_scheme,
        "identifier": body.identifier,
        "body_type": body.body_type,
        "local_authority": body.local_authority,
        "postcode": body.postcode,
        "website": _web_link(body.website),
        "foi_law": body.foi_law.value,
        "foi_law_assumed": body.foi_law_assumed,
        "foi_law_override": body.foi_law_override,
        "derivation": body.derivation,
        "source": body.source,
        "source_url": _web_link(body.source_url),
        "origin": body.origin,
    }


def _web_link(url: str) -> str:
    """Only http(s) URLs leave the register as links (a stored ``javascript:`` URL must never be one)."""
    return url if url.lower().startswith(("http://", "https://")) else ""


def body_origin(body: PublicBody) -> Source | None:
    """The source whose import created the body (its licence and attribution), if known."""
    try:
        return get_source(body.origin) if body.origin else None
    except KeyError:
        return None


def contact_dicts(body: PublicBody) -> list[dict[str, Any]]:
    """A body's addresses with state and bounce history: staff only (never on public pages)."""
    return [
        {
            "email": c.email,
            "state": c.state,
            "is_primary": c.is_primary,
            "bounce_count": c.bounce_count,
            "last_bounced_at": c.last_bounced_at,
            "verified_at": c.verified_at,
            "source": c.source,
            "bounces": [
                {"at": b.at, "permanent": b.permanent, "reason": b.reason, "reference": b.reference}
                for b in c.bounces.all()
            ],
        }
        for c in body.contacts.all()
    ]


# --- contact addresses --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactResult:
    contact: ContactAddress
    created: bool
    changed: bool


def _email(text: str) -> str:
    try:
        return normalise_email(text)
    except ValueError as exc:
        raise InvalidContact(str(exc)) from None


def _contact(body: PublicBody, email: str) -> ContactAddress:
    found = body.contacts.filter(email__iexact=_email(email)).first()
    if found is None:
        raise ContactNotFound(f"{body.slug} has no address {email!r} (add it with `whoswatching registry contacts add`)")
    return found


@transaction.atomic
def contact_add(
    slug: str, email: str, *, state: str = ContactState.UNVERIFIED, primary: bool = False, source: str = "manual"
) -> ContactResult:
    """Add an address to a body (or update its state/primary flag if it is already there)."""
    body = body_get(slug)
    address = _email(email)
    try:
        state = ContactState(state).value
    except ValueError:
        raise InvalidContact(f"state {state!r} is not one of {', '.join(s.value for s in ContactState)}") from None
    contact = body.contacts.filter(email__iexact=address).first()
    created = contact is None
    if contact is None:
        contact = ContactAddress(body=body, email=address, source=source[:300])
    before = (contact.state, contact.is_primary)
    if created or state != ContactState.UNVERIFIED:
        if state == ContactState.VERIFIED and contact.state != state:
            contact.verified_at = timezone.now()
        contact.state = state
    if primary:
        body.contacts.exclude(pk=contact.pk).filter(is_primary=True).update(is_primary=False)
        contact.is_primary = True
    contact.save()
    return ContactResult(contact, created, created or before != (contact.state, contact.is_primary))


def contact_verify(slug: str, email: str) -> ContactResult:
    """Mark an address verified (staff checked it, or a reply came from it)."""
    return contact_set_state(slug, email, ContactState.VERIFIED)


@transaction.atomic
def contact_set_state(slug: str, email: str, state: str) -> ContactResult:
    body = body_get(slug)
    contact = _contact(body, email)
    try:
        new_state = ContactState(state).value
    except ValueError:
        raise InvalidContact(f"state {state!r} is not one of {', '.join(s.value for s in ContactState)}") from None
    changed = contact.state != new_state
    if changed:
        if new_state == ContactState.VERIFIED:
            contact.verified_at = timezone.now()
        contact.state = new_state
        contact.save(update_fields=["state", "verified_at"])
    return ContactResult(contact, False, changed)


@transaction.atomic
def contact_bounce_record(
    email: str,
    *,
    at: datetime | None = None,
    permanent: bool = True,
    reason: str = "",
    reference: str = "",
    slug: str = "",
) -> list[ContactAddress]:
    """Record a bounce for every body using ``email`` (or only body ``slug``); returns the addresses.

    Rule (stated here and in docs/registry.md): a permanent bounce (SMTP 5xx, RFC 3463 class 5)
    marks the address ``invalid`` at once; temporary bounces (class 4) mark it ``bouncing`` and the
    :data:`TEMPORARY_BOUNCE_LIMIT`-th one marks it ``invalid``. History is append-only (ContactBounce).
    """
    address = _email(email)
    qs = ContactAddress.objects.select_for_update().filter(email__iexact=address)
    if slug:
        qs = qs.filter(body__slug=slug)
    contacts = list(qs)
    if not contacts:
        raise ContactNotFound(f"no body has the address {email!r}")
    when = at or timezone.now()
    for contact in contacts:
        ContactBounce.objects.create(contact=contact, at=when, permanent=permanent, reason=reason, reference=reference[:40])
        contact.bounce_count += 1
        contact.last_bounced_at = when
        temporary = contact.bounces.filter(permanent=False).count()
        if permanent or temporary >= TEMPORARY_BOUNCE_LIMIT:
            contact.state = ContactState.INVALID
        elif contact.state != ContactState.INVALID:
            contact.state = ContactState.BOUNCING
        contact.save(update_fields=["bounce_count", "last_bounced_at", "state"])
    return contacts
