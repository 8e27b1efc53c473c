"""The one door to publications: build a campaign's statistics folder, publish, withdraw, read.

Gate: a build needs every reply of the campaign to carry accepted codes
(``coding.services.reviews_assert_accepted``); only accepted codes (and committed partner imports)
reach the figures (``coding.services.campaign_coded_table``). The folder is written by
``stats.report.site.build_site`` (built beside its target and renamed into place) under
``DATA_DIR/publications/<campaign>/<build id>/``; ``drilldown.json`` (bodies per cell with redacted
evidence) is written into it before the :class:`Publication` row exists, so no page ever reads a
half-built folder. Pages only read these files; nothing is recomputed inside a request.

Visibility: the public sees a publication when it is ``published`` and the campaign's
``embargo_until`` (if any) has passed; staff see every state (preview).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from whoswatching.campaigns import deadlines
from whoswatching.campaigns.models import Campaign
from whoswatching.coding import services as coding
from whoswatching.coding.models import AcceptedCode
from whoswatching.publishing import drilldown
from whoswatching.publishing.models import Publication
from whoswatching.stats.counts import DENOMINATORS
from whoswatching.stats.report.site import build_site

DRILLDOWN_FILE = "drilldown.json"


class PublishingError(Exception):
    """A publication action that cannot be done; the message says what to do next."""


def publications_root() -> Path:
    return Path(settings.DATA_DIR) / "publications"


def _evidence(campaign: Campaign) -> tuple[dict[str, dict[str, list[str]]], int]:
    """Accepted codes' evidence per body id (``PublicBody.slug``, the coded table's ``body_id``)."""
    out: dict[str, dict[str, list[str]]] = {}
    replies = 0
    codes = (AcceptedCode.objects.filter(request__campaign=campaign)
             .select_related("request__body").order_by("accepted_at", "id"))
    for code in codes:
        replies += 1
        per_body = out.setdefault(code.request.body.slug, {})
        for name, quotes in (code.evidence or {}).items():
            bucket = per_body.setdefault(name, [])
            for quote in quotes if isinstance(quotes, list) else [quotes]:
                if quote not in bucket:
                    bucket.append(str(quote))
    return out, replies


def _write_json(path: Path, data: Any) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def publication_build(campaign: Campaign, *, by: str, denominators: tuple[str, ...] = DENOMINATORS,
                      now: datetime | None = None) -> Publication:
    """Build a draft publication of ``campaign`` from its accepted codes (raises when review is unfinished)."""
    try:
        coding.reviews_assert_accepted(campaign=campaign)
    except coding.CodingError as exc:
        raise PublishingError(f"cannot build statistics for {campaign.slug!r}: {exc}") from exc
    if not campaign.requests.exists():
        raise PublishingError(f"campaign {campaign.slug!r} has no requests yet: launch it before building statistics")
    table = coding.campaign_coded_table(campaign, require_accepted=True)
    now = now or timezone.now()
    build_id = f"{now:%Y%m%dT%H%M%S}-{table.source_sha256[:8]}"
    n = 1
    while Publication.objects.filter(build_id=build_id if n == 1 else f"{build_id}-{n}").exists():
        n += 1
    build_id = build_id if n == 1 else f"{build_id}-{n}"
    folder = publications_root() / campaign.slug / build_id
    build_site(table, folder, denominators=denominators, generated_at=now,
               working_days=deadlines.working_days_between)
    evidence, replies = _evidence(campaign)
    partners = {p.source for p in campaign.partner_imports.all()}
    sources = {row.body_id: "accepted codes" + (f" merged with partner imports ({', '.join(sorted(partners))})"
                                                if partners else "") for row in table.rows}
    _write_json(folder / DRILLDOWN_FILE, drilldown.drilldown_data(table.rows, evidence, sources=sources))
    return Publication.objects.create(
        campaign=campaign, build_id=build_id, folder=str(folder), denominators=list(denominators),
        default_denominator=denominators[0], input_sha256=table.source_sha256,
        codebook_version=table.codebook_version, bodies=len(table), replies=replies, built_by=by, built_at=now,
    )


def publication_publish(pub: Publication, *, by: str) -> Publication:
    """Publish ``pub``; the campaign's earlier published build is withdrawn (one public build per campaign).

    Publishing under an embargo is allowed: the publication stays hidden until ``embargo_until``."""
    with transaction.atomic():
        pub = Publication.objects.select_for_update().get(pk=pub.pk)
        if pub.state == Publication.State.PUBLISHED:
            return pub
        if not (Path(pub.folder) / "manifest.json").is_file():
            raise PublishingError(f"the built folder of {pub.build_id} is missing ({pub.folder}); build again")
        now = timezone.now()
        for old in Publication.objects.select_for_update().filter(campaign=pub.campaign,
                                                                  state=Publication.State.PUBLISHED):
            old.state, old.withdrawn_by, old.withdrawn_at = Publication.State.WITHDRAWN, by, now
            old.withdrawn_reason = f"replaced by {pub.build_id}"
            old.save(update_fields=["state", "withdrawn_by", "withdrawn_at", "withdrawn_reason"])
        pub.state, pub.published_by, pub.published_at = Publication.State.PUBLISHED, by, now
        pub.withdrawn_by, pub.withdrawn_at, pub.withdrawn_reason = "", None, ""
        pub.save(update_fields=["state", "published_by", "published_at", "withdrawn_by", "withdrawn_at",
                                "withdrawn_reason"])
    return pub


def publication_withdraw(pub: Publication, *, by: str, reason: str = "") -> Publication:
    """Take ``pub`` off the public pages (its files stay for the record)."""
    if pub.state == Publication.State.WITHDRAWN:
        return pub
    pub.state, pub.withdrawn_by, pub.withdrawn_at = Publication.State.WITHDRAWN, by, timezone.now()
    pub.withdrawn_reason = reason.strip() or "withdrawn by staff"
    pub.save(update_fields=["state", "withdrawn_by", "withdrawn_at", "withdrawn_reason"])
    return pub


def _public_q(now: datetime) -> Q:
    return Q(state=Publication.State.PUBLISHED) & (
        Q(campaign__embargo_until__isnull=True) | Q(campaign__embargo_until__lte=now))


def publications_public(now: datetime | None = None) -> list[Publication]:
    """Published publications past their campaign's embargo, newest first."""
    now = now or timezone.now()
    return list(Publication.objects.filter(_public_q(now)).select_related("campaign").order_by("-published_at", "-id"))


def publication_public_get(slug: str, now: datetime | None = None) -> Publication | None:
    """The campaign's public publication, or None (never a draft, withdrawn or embargoed one)."""
    now = now or timezone.now()
    return Publication.objects.filter(_public_q(now), campaign__slug=slug).select_related("campaign").first()


def is_public(pub: Publication, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    embargo = pub.campaign.embargo_until
    return pub.state == Publication.State.PUBLISHED and (embargo is None or embargo <= now)


def publications_for_staff(campaign: Campaign | None = None) -> list[Publication]:
    qs = Publication.objects.select_related("campaign")
    return list(qs.filter(campaign=campaign) if campaign else qs[:200])


# --- reading a built folder ------------------------------------------------------------------------------

def publication_manifest(pub: Publication) -> dict[str, Any]:
    return json.loads((Path(pub.folder) / "manifest.json").read_text("utf-8"))


def publication_report(pub: Publication, denominator: str) -> dict[str, Any]:
    """The built ``report.json`` of one denominator (tables, meta)."""
    if denominator not in pub.denominators:
        raise PublishingError(f"this publication has no {denominator!r} report; use one of {', '.join(pub.denominators)}")
    return json.loads((Path(pub.folder) / denominator / "report.json").read_text("utf-8"))


@dataclass(frozen=True)
class ServedFile:
    path: Path
    name: str
    media_type: str


def publication_file(pub: Publication, relpath: str) -> ServedFile:
    """A file of the built folder that its manifest lists (nothing else is ever served)."""
    clean = PurePosixPath(relpath)
    if clean.is_absolute() or ".." in clean.parts:
        raise PublishingError("no such file")
    manifest = publication_manifest(pub)
    for section in manifest.get("denominators", {}).values():
        for entry in section.get("files", []):
            if entry["path"] == clean.as_posix():
                path = Path(pub.folder) / clean
                if not path.is_file():
                    break
                return ServedFile(path=path, name=clean.name, media_type=entry.get("media_type") or "application/octet-stream")
    raise PublishingError("no such file")


def publication_drilldown(pub: Publication, cell: drilldown.Cell) -> list[dict[str, Any]]:
    """The bodies counted in ``cell`` with their redacted evidence (read from the built folder)."""
    problems = cell.problems()
    if problems:
        raise PublishingError("; ".join(problems))
    if cell.denominator not in pub.denominators:
        raise PublishingError(f"this publication has no {cell.denominator!r} tables")
    data = json.loads((Path(pub.folder) / DRILLDOWN_FILE).read_text("utf-8"))
    return drilldown.select(data, cell)
