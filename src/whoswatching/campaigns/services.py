"""Use-cases of the campaigns domain: the one door to campaigns, requests and follow-ups.

Campaign set-up lives here; checks and launch in ``campaigns.launch``; the request life cycle (transitions,
sending, overdue checks, follow-ups) in ``campaigns.tracking``; both re-exported so callers import one module.

Exceptions::

    CampaignError                     a use-case refused; the message says what to do next
    compose.TemplateError             a template that cannot be rendered
    ├── compose.UnknownMergeField     names the field and the allowed ones
    selection.SelectionError          a bad filter value or uploaded list
    lifecycle.IllegalTransition       a status change the life cycle forbids
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from whoswatching.campaigns import compose
from whoswatching.campaigns.errors import CampaignError
from whoswatching.campaigns.launch import (  # noqa: F401  (re-exported: the one door)
    DUPLICATE_MONTHS,
    LaunchPlan,
    PendingBody,
    PlannedRequest,
    Problem,
    campaign_check,
    campaign_launch,
    campaign_preview,
    campaign_template,
)
from whoswatching.campaigns.lifecycle import Status, allowed_from
from whoswatching.campaigns.models import Campaign, CampaignBody, Request, RequestEvent
from whoswatching.campaigns.selection import (
    BodyFilter,
    BodyRow,
    ListMatch,
    SelectionError,
    UnmatchedRow,
    match_body_list,
    parse_body_list,
)
from whoswatching.campaigns.tracking import (  # noqa: F401  (re-exported: the one door)
    OUTBOX_KIND_REQUEST,
    SYSTEM,
    RefreshReport,
    followup_approve,
    followup_discard,
    followup_draft,
    followup_edit,
    on_message_deferred,
    on_message_failed,
    on_message_sent,
    request_clock_event,
    request_mark_sent,
    request_note,
    request_resend,
    request_timeline,
    request_transition,
    requests_refresh_overdue,
)
from whoswatching.outbox import services as outbox
from whoswatching.registry.models import PublicBody
from whoswatching.registry.records import law_for, slugify

#: Campaign variables every new campaign starts with (FOIA s.8(1)(b): a request states the requester's name).
DEFAULT_VARIABLES = {"requester_name": ""}
#: Slugs the staff pages use as paths under /staff/campaigns/.
RESERVED_SLUGS = frozenset({"new", "followups", "requests"})


@dataclass
class SelectionReport:
    selected: int  # bodies the filter or list picked
    added: int  # newly added to the campaign
    already: int  # were in the campaign already
    total: int  # bodies in the campaign now
    unmatched: list[UnmatchedRow] = field(default_factory=list)
    repeated: int = 0
    via: str = ""
    launched: int = 0  # requests created at once (running campaigns)


def campaign_create(
    *,
    name: str,
    by: str,
    template: compose.Template | None = None,
    variables: dict[str, str] | None = None,
    description: str = "",
    bilingual_welsh: bool = False,
    embargo_until=None,
) -> Campaign:
    """A draft campaign; the template defaults to the bundled request (``data/templates/request.txt``)."""
    name = name.strip()
    if not name:
        raise CampaignError("a campaign needs a name")
    template = template or compose.bundled_template("request")
    base = slugify(name)[:100] or "campaign"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Campaign.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return Campaign.objects.create(
        name=name,
        slug=slug,
        description=description,
        template_subject=template.subject,
        template_body=template.body,
        variables={**DEFAULT_VARIABLES, **(variables or {})},
        bilingual_welsh=bilingual_welsh,
        created_by=by,
        embargo_until=embargo_until,
    )


def campaign_update(
    campaign: Campaign,
    *,
    template: compose.Template | None = None,
    variables: dict[str, str] | None = None,
    bilingual_welsh: bool | None = None,
    embargo_until=None,
) -> Campaign:
    """Change a draft campaign's template or variables (a launched request's text never changes)."""
    if template is not None:
        if campaign.state != Campaign.State.DRAFT:
            raise CampaignError("the template of a launched campaign is fixed; create a new campaign instead")
        campaign.template_subject, campaign.template_body = template.subject, template.body
    if variables is not None:
        campaign.variables = {**campaign.variables, **variables}
    if bilingual_welsh is not None:
        campaign.bilingual_welsh = bilingual_welsh
    if embargo_until is not None:
        campaign.embargo_until = embargo_until
    campaign.save()
    return campaign


def _body_rows(queryset) -> list[BodyRow]:
    fields = ("id", "slug", "name", "sector", "region", "nation", "identifier", "foi_law_override")
    return [
        BodyRow(
            id=v["id"],
            slug=v["slug"],
            name=v["name"],
            sector=v["sector"],
            region=v["region"],
            nation=v["nation"],
            identifier=v["identifier"],
            law=law_for(v["nation"], v["sector"], override=v["foi_law_override"]).value,
        )
        for v in queryset.values(*fields)
    ]


def bodies_matching(body_filter: BodyFilter) -> list[int]:
    """Ids of the registered bodies a filter selects (sector/nation in SQL; region and law in Python)."""
    body_filter.validate()
    if body_filter.regions:
        known = {r.casefold(): r for r in PublicBody.objects.exclude(region="").values_list("region", flat=True).distinct()}
        unknown = [r for r in body_filter.regions if r.casefold() not in known]
        if unknown:
            raise SelectionError(f"no registered body is in region {unknown[0]!r}; regions in the register: "
                                 f"{', '.join(sorted(known.values())) or 'none (import the register first)'}")
    qs = PublicBody.objects.all()
    if body_filter.sectors:
        qs = qs.filter(sector__in=body_filter.sectors)
    if body_filter.nations:
        qs = qs.filter(nation__in=body_filter.nations)
    return [row.id for row in _body_rows(qs) if body_filter.matches(row)]


def bodies_match_list(list_text: str) -> ListMatch:
    """Match an uploaded list (CSV of slugs, identifiers or names) against the register."""
    return match_body_list(parse_body_list(list_text), _body_rows(PublicBody.objects.all()))


def campaign_select_bodies(
    campaign: Campaign,
    *,
    by: str,
    body_filter: BodyFilter | None = None,
    list_text: str | None = None,
    list_name: str = "",
    body_ids: Iterable[int] = (),
) -> SelectionReport:
    """Add bodies to a campaign by filter, uploaded list or ids; unmatched list rows are reported.

    On a running campaign the new bodies get their requests at once (see :func:`campaign_add_bodies`).
    """
    if campaign.state == Campaign.State.CLOSED:
        raise CampaignError(f"campaign {campaign.slug!r} is closed; create a new campaign")
    ids: list[int] = list(body_ids)
    via = "ids"
    report_unmatched: list[UnmatchedRow] = []
    repeated = 0
    if body_filter is not None:
        ids += bodies_matching(body_filter)
        via = body_filter.describe()
    if list_text is not None:
        match = bodies_match_list(list_text)
        ids += match.ids
        report_unmatched, repeated = match.unmatched, match.repeated
        via = f"list {list_name}".strip()
    ids = list(dict.fromkeys(ids))
    with transaction.atomic():
        # All of the campaign's targets, not an IN list: selections run to tens of thousands of ids.
        existing = set(CampaignBody.objects.filter(campaign=campaign).values_list("body_id", flat=True))
        existing &= set(ids)
        new = [i for i in ids if i not in existing]
        CampaignBody.objects.bulk_create(
            [CampaignBody(campaign=campaign, body_id=i, added_by=by, via=via[:200]) for i in new],
            batch_size=1000,
            ignore_conflicts=True,
        )
    report = SelectionReport(
        selected=len(ids),
        added=len(new),
        already=len(existing),
        total=CampaignBody.objects.filter(campaign=campaign).count(),
        unmatched=report_unmatched,
        repeated=repeated,
        via=via,
    )
    if campaign.state == Campaign.State.RUNNING and new:
        report.launched = campaign_launch(campaign, by=by, commit=True).created
    return report


def campaign_add_bodies(campaign: Campaign, *, by: str, **selection) -> SelectionReport:
    """Add bodies to a running campaign: select them and send their requests at once."""
    if campaign.state != Campaign.State.RUNNING:
        raise CampaignError("only a running campaign takes added bodies; select bodies before launch instead")
    return campaign_select_bodies(campaign, by=by, **selection)


@dataclass
class RemovalReport:
    removed: int = 0  # draft: deselected
    withdrawn: int = 0  # running: requests withdrawn
    cancelled: int = 0  # unsent outbox messages cancelled
    kept: list[str] = field(default_factory=list)  # could not be withdrawn (already answered, ...)


def campaign_remove_bodies(
    campaign: Campaign, *, body_ids: Iterable[int], by: str, note: str = ""
) -> RemovalReport:
    """Take bodies out: deselect them (draft) or withdraw their requests and cancel unsent mail (running)."""
    ids = list(body_ids)
    report = RemovalReport()
    if campaign.state == Campaign.State.DRAFT:
        report.removed, _ = CampaignBody.objects.filter(campaign=campaign, body_id__in=ids).delete()
        return report
    for request in Request.objects.filter(campaign=campaign, body_id__in=ids):
        if request.status == Status.WITHDRAWN:
            continue
        if Status.WITHDRAWN not in allowed_from(request.status):
            report.kept.append(
                f"{request.reference} {request.body_name}: {request.status}, cannot be withdrawn"
            )
            continue
        with transaction.atomic():
            if request.status == Status.QUEUED and _cancel_unsent(request.outbox_key, by=by):
                report.cancelled += 1
            request_transition(
                request,
                Status.WITHDRAWN,
                by=by,
                note=note or "body removed from the campaign",
                kind=RequestEvent.Kind.WITHDRAWN,
            )
            report.withdrawn += 1
    return report


def _cancel_unsent(key: str, *, by: str) -> bool:
    """Cancel a request's outbox message unless it is already sent or being sent."""
    if not key:
        return False
    try:
        outbox.message_cancel(key=key, by=by)
    except (outbox.StateError, outbox.MessageNotFound):
        return False
    return True


def campaign_close(campaign: Campaign, *, by: str) -> Campaign:
    """Close a campaign: no more bodies; open requests keep their life cycle."""
    campaign.state, campaign.closed_at = Campaign.State.CLOSED, timezone.now()
    campaign.save(update_fields=["state", "closed_at"])
    return campaign


@dataclass
class Dashboard:
    total: int
    by_status: dict[str, int]
    by_sector: list[tuple[str, dict[str, int]]]
    by_region: list[tuple[str, dict[str, int]]]
    selected: int


def _grouped(qs, key: str) -> list[tuple[str, dict[str, int]]]:
    table: dict[str, dict[str, int]] = {}
    for row in qs.values(key, "status").annotate(n=Count("id")).order_by():
        cell = table.setdefault(row[key] or "(none)", {"total": 0})
        cell[row["status"]] = row["n"]
        cell["total"] += row["n"]
    return sorted(table.items())


def campaign_dashboard(campaign: Campaign) -> Dashboard:
    """Counts by status, and by sector and region with their statuses: three aggregate queries."""
    qs = Request.objects.filter(campaign=campaign)
    by_status = {row["status"]: row["n"] for row in qs.values("status").annotate(n=Count("id")).order_by()}
    return Dashboard(
        total=sum(by_status.values()),
        by_status={s.value: by_status.get(s.value, 0) for s in Status if by_status.get(s.value)},
        by_sector=_grouped(qs, "sector"),
        by_region=_grouped(qs, "region"),
        selected=CampaignBody.objects.filter(campaign=campaign).count(),
    )


def campaign_get(ref: str | int) -> Campaign:
    """A campaign by id or slug, or :class:`CampaignError` naming how to list them."""
    try:
        if str(ref).isdigit():
            return Campaign.objects.get(pk=int(ref))
        return Campaign.objects.get(slug=str(ref))
    except Campaign.DoesNotExist:
        raise CampaignError(f"no campaign {ref!r}; see `whoswatching campaigns list`") from None


def request_get(reference: str) -> Request:
    try:
        return Request.objects.select_related("campaign", "body").get(reference__iexact=reference.strip())
    except Request.DoesNotExist:
        raise CampaignError(f"no request {reference!r}") from None
