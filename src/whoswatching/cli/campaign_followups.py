"""``whoswatching campaigns followups``: reminders and internal-review letters (draft, approve, discard).

Split out of ``cli/campaigns.py`` for size; the commands hang on its ``followups_app``. Thin over
``whoswatching.campaigns.services``: approving hands a letter to the outbox.
"""

from __future__ import annotations

import sys

import typer
from rich.markup import escape

from whoswatching.cli._django import needs_db
from whoswatching.cli._output import console, print_json
from whoswatching.cli.campaigns import _actor, _campaign, _errors, _fail, followups_app, print_table


@followups_app.command("list")
@needs_db
def followups_list(
    state: str = typer.Option("draft", help="draft, approved, sent or discarded ('' for all)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """List follow-ups (by default the drafts waiting for approval).

    Example:
        whoswatching campaigns followups list --state draft
    """
    from whoswatching.campaigns.models import FollowUp

    qs = FollowUp.objects.select_related("request")
    if state:
        qs = qs.filter(state=state)
    rows = [{"id": f.pk, "reference": f.request.reference, "body": f.request.body_name, "kind": f.kind,
             "state": f.state, "subject": f.subject, "created_at": f.created_at} for f in qs]
    print_json(rows) if as_json else print_table(rows, columns=["id", "reference", "body", "kind", "state"])


@followups_app.command("draft")
@needs_db
def followups_draft(
    reference: str = typer.Argument(..., help="Request reference."),
    kind: str = typer.Option("reminder", help="reminder or internal_review."),
) -> None:
    """Draft a reminder or internal-review letter for a request, from its bundled template.

    Example:
        whoswatching campaigns followups draft WW-2026-000123 --kind reminder
    """
    from whoswatching.campaigns import services

    try:
        f = services.followup_draft(services.request_get(reference), kind=kind, by=_actor())
    except _errors() as exc:
        _fail(str(exc))
    sys.stdout.write(f"# follow-up {f.pk} ({f.kind}, draft)\nSubject: {f.subject}\n\n{f.body_text}")


@followups_app.command("draft-overdue")
@needs_db
def followups_draft_overdue(campaign: str = typer.Argument(..., help="Campaign id or slug.")) -> None:
    """Draft a reminder for every overdue request of a campaign that has none yet.

    Example:
        whoswatching campaigns followups draft-overdue cctv-2026
    """
    from whoswatching.campaigns import services
    from whoswatching.campaigns.lifecycle import REMINDABLE
    from whoswatching.campaigns.models import Request

    made = 0
    skipped: list[tuple[str, str]] = []
    for request in Request.objects.filter(campaign=_campaign(campaign), status__in=REMINDABLE):
        try:
            services.followup_draft(request, kind="reminder", by=_actor())
            made += 1
        except _errors() as exc:
            skipped.append((request.reference, str(exc)))
    console.print(f"{made} reminders drafted, {len(skipped)} requests skipped")
    for reference, reason in skipped:
        console.print(f"  {reference}: {escape(reason)}")


def _followup(pk: int):
    from whoswatching.campaigns.models import FollowUp

    f = FollowUp.objects.select_related("request", "request__campaign").filter(pk=pk).first()
    if f is None:
        _fail(f"no follow-up {pk}; see `whoswatching campaigns followups list`")
    return f


@followups_app.command("approve")
@needs_db
def followups_approve(followup_id: list[int] = typer.Argument(..., help="Follow-up id(s).")) -> None:
    """Approve drafted follow-ups: each is handed to the outbox and sent by the outbox worker.

    Example:
        whoswatching campaigns followups approve 12 13
    """
    from whoswatching.campaigns import services

    for pk in followup_id:
        try:
            f = services.followup_approve(_followup(pk), by=_actor())
        except _errors() as exc:
            _fail(str(exc))
        console.print(f"follow-up {f.pk} approved and queued ({f.outbox_key})")


@followups_app.command("discard")
@needs_db
def followups_discard(followup_id: int = typer.Argument(..., help="Follow-up id.")) -> None:
    """Discard a drafted follow-up.

    Example:
        whoswatching campaigns followups discard 12
    """
    from whoswatching.campaigns import services

    try:
        services.followup_discard(_followup(followup_id), by=_actor())
    except _errors() as exc:
        _fail(str(exc))
    console.print(f"follow-up {followup_id} discarded")
