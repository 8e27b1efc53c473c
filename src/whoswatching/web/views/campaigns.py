"""Staff pages of FOI campaigns: list, create, select bodies, preview, check and launch, dashboard,
request timeline and the follow-up approval queue. Thin over ``whoswatching.campaigns.services``."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from whoswatching.campaigns import compose, services
from whoswatching.campaigns.compose import TemplateError
from whoswatching.campaigns.errors import CampaignError
from whoswatching.campaigns.lifecycle import REMINDABLE, REVIEWABLE, IllegalTransition, Status, allowed_from
from whoswatching.campaigns.models import Campaign, FollowUp, Request
from whoswatching.campaigns.selection import BodyFilter, SelectionError
from whoswatching.intake import services as intake_services
from whoswatching.registry.models import PublicBody
from whoswatching.registry.records import Law, Nation, Sector

ERRORS = (CampaignError, TemplateError, SelectionError, IllegalTransition)
PAGE_SIZE = 50
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _by(request) -> str:
    return request.user.get_username()


class CampaignForm(forms.Form):
    name = forms.CharField(max_length=200)
    requester_name = forms.CharField(max_length=200, help_text="Signs every request (FOIA s.8(1)(b)).")
    subject = forms.CharField(max_length=300, widget=forms.TextInput(attrs={"size": 80}))
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 24, "cols": 100}))
    bilingual_welsh = forms.BooleanField(required=False, label="Greet Welsh bodies in Welsh and English")
    embargo_until = forms.DateTimeField(required=False, help_text="Statistics of this campaign stay unpublished "
                                        "until then (YYYY-MM-DD HH:MM).")

    def clean_body(self):
        """Browsers send CRLF; stored templates use LF and end with one newline."""
        return self.cleaned_data["body"].replace("\r\n", "\n").rstrip() + "\n"

    def clean(self):
        data = super().clean()
        if "subject" in data and "body" in data:
            problems = compose.template_problems(
                compose.Template(data["subject"], data["body"]), variables={"requester_name": "x"}
            )
            for problem in problems:
                self.add_error("body", str(problem))
        return data


class SelectForm(forms.Form):
    sector = forms.MultipleChoiceField(choices=[(s.value, s.value) for s in Sector], required=False)
    nation = forms.MultipleChoiceField(choices=[(n.value, n.value) for n in Nation], required=False)
    law = forms.MultipleChoiceField(choices=[(law.value, law.value.upper()) for law in Law], required=False)
    region = forms.MultipleChoiceField(choices=[], required=False)
    upload = forms.FileField(required=False, label="Or upload a list (CSV of slugs, identifiers or names)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = PublicBody.objects.exclude(region="").values_list("region", flat=True).distinct().order_by("region")
        self.fields["region"].choices = [(r, r) for r in regions]

    def body_filter(self) -> BodyFilter:
        d = self.cleaned_data
        return BodyFilter(tuple(d["sector"]), tuple(d["region"]), tuple(d["nation"]), tuple(d["law"]))


@staff_member_required
def campaign_list(request):
    campaigns = Campaign.objects.annotate(
        n_targets=Count("targets", distinct=True), n_requests=Count("requests", distinct=True)
    )
    return render(request, "campaigns/list.html", {"campaigns": campaigns})


@staff_member_required
def campaign_create(request):
    default = compose.bundled_template("request")
    form = CampaignForm(request.POST or None, initial={"subject": default.subject, "body": default.body})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        campaign = services.campaign_create(
            name=d["name"], by=_by(request), template=compose.Template(d["subject"], d["body"]),
            variables={"requester_name": d["requester_name"]}, bilingual_welsh=d["bilingual_welsh"],
            embargo_until=d["embargo_until"],
        )
        messages.success(request, f"Campaign {campaign.name} created. Now select its bodies.")
        return redirect("campaigns:select", slug=campaign.slug)
    return render(request, "campaigns/create.html", {"form": form, "fields": compose.FIELDS})


@staff_member_required
def campaign_template(request, slug: str):
    campaign = get_object_or_404(Campaign, slug=slug)
    initial = {"name": campaign.name, "requester_name": campaign.variables.get("requester_name", ""),
               "subject": campaign.template_subject, "body": campaign.template_body,
               "bilingual_welsh": campaign.bilingual_welsh, "embargo_until": campaign.embargo_until}
    form = CampaignForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        template = compose.Template(d["subject"], d["body"])
        if campaign.state != Campaign.State.DRAFT and template == services.campaign_template(campaign):
            template = None  # unchanged: the other settings may still change on a launched campaign
        try:
            services.campaign_update(campaign, template=template,
                                     variables={"requester_name": d["requester_name"]},
                                     bilingual_welsh=d["bilingual_welsh"], embargo_until=d["embargo_until"])
        except ERRORS as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Template saved.")
            return redirect("campaigns:detail", slug=slug)
    return render(request, "campaigns/create.html", {"form": form, "campaign": campaign, "fields": compose.FIELDS})


@staff_member_required
def campaign_select(request, slug: str):
    campaign = get_object_or_404(Campaign, slug=slug)
    form = SelectForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["upload"]
        body_filter = form.body_filter()
        kwargs: dict = {"body_filter": None if body_filter.is_empty() else body_filter}
        try:
            if upload is not None:
                if upload.size > MAX_UPLOAD_BYTES:
                    raise SelectionError("the list is larger than 5 MB; split it into smaller files")
                kwargs.update(list_text=upload.read().decode("utf-8-sig"), list_name=upload.name)
            if kwargs["body_filter"] is None and upload is None:
                raise SelectionError("choose a sector, region, nation or law, or upload a list")
            func = services.campaign_add_bodies if campaign.state == Campaign.State.RUNNING else services.campaign_select_bodies
            report = func(campaign, by=_by(request), **kwargs)
        except UnicodeDecodeError:
            messages.error(request, "the list is not UTF-8 text; save it as CSV UTF-8 and upload it again")
        except ERRORS as exc:
            messages.error(request, str(exc))
    total = campaign.targets.count()
    return render(request, "campaigns/select.html", {"campaign": campaign, "form": form, "report": report,
                                                      "total": total})


@staff_member_required
@require_POST
def campaign_remove(request, slug: str):
    """Remove the bodies named one per line (slug, identifier or name): deselect, or withdraw when running."""
    campaign = get_object_or_404(Campaign, slug=slug)
    text = request.POST.get("bodies", "")[:MAX_UPLOAD_BYTES]
    try:
        match = services.bodies_match_list(text)
    except ERRORS as exc:
        messages.error(request, str(exc))
        return redirect("campaigns:select", slug=slug)
    report = services.campaign_remove_bodies(campaign, body_ids=match.ids, by=_by(request),
                                             note=request.POST.get("note", "")[:2000])
    messages.success(request, f"Deselected {report.removed}, withdrew {report.withdrawn} requests, cancelled "
                              f"{report.cancelled} unsent messages.")
    for line in report.kept + [f"line {u.line}: {u.reason}" for u in match.unmatched]:
        messages.warning(request, line)
    return redirect("campaigns:select", slug=slug)


@staff_member_required
def campaign_select_count(request, slug: str):
    """htmx: how many registered bodies the current filters match (nothing is saved)."""
    campaign = get_object_or_404(Campaign, slug=slug)
    form = SelectForm(request.GET)
    count, error = None, ""
    if form.is_valid():
        body_filter = form.body_filter()
        try:
            count = None if body_filter.is_empty() else len(services.bodies_matching(body_filter))
        except SelectionError as exc:
            error = str(exc)
    return render(request, "campaigns/_count.html", {"campaign": campaign, "count": count, "error": error})


@staff_member_required
def campaign_preview(request, slug: str):
    campaign = get_object_or_404(Campaign, slug=slug)
    targets = PublicBody.objects.filter(campaign_targets__campaign=campaign).order_by("name")
    chosen = request.GET.get("body", "")
    body = targets.filter(slug=chosen).first() if chosen else targets.first()
    message, error = None, ""
    if body is not None:
        try:
            message = services.campaign_preview(campaign, body=body)
        except ERRORS as exc:
            error = str(exc)
    return render(request, "campaigns/preview.html", {
        "campaign": campaign, "body": body, "message": message, "error": error,
        "targets": targets.values("slug", "name")[:2000], "launched": campaign.state != Campaign.State.DRAFT,
    })


@staff_member_required
def campaign_launch(request, slug: str):
    campaign = get_object_or_404(Campaign, slug=slug)
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, "Tick the confirmation box to launch.")
        else:
            try:
                plan = services.campaign_launch(campaign, by=_by(request), commit=True)
            except ERRORS as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"Launched: {plan.created} requests created and {plan.enqueued} queued; "
                                          f"{len(plan.skipped_no_address)} bodies skipped (no address).")
                return redirect("campaigns:detail", slug=slug)
    plan = services.campaign_launch(campaign, by=_by(request))
    return render(request, "campaigns/launch.html", {"campaign": campaign, "plan": plan,
                                                      "planned": plan.planned[:100]})


@staff_member_required
def campaign_detail(request, slug: str):
    campaign = get_object_or_404(Campaign, slug=slug)
    dash = services.campaign_dashboard(campaign)
    query = request.GET.get("q", "").strip()[:200]
    status = request.GET.get("status", "")
    qs = Request.objects.filter(campaign=campaign).search(query).only(
        "reference", "body_name", "sector", "region", "law", "status", "due_on", "sent_at"
    )
    if status in Status._value2member_map_:
        qs = qs.filter(status=status)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    overdue = (
        Request.objects.filter(campaign=campaign, status__in=[Status.OVERDUE, Status.VERY_OVERDUE])
        .only("reference", "body_name", "status", "due_on").order_by("due_on", "reference")[:50]
    )
    statuses = [(s.value, s.label, dash.by_status.get(s.value, 0)) for s in Status]
    columns = [s for s in Status if dash.by_status.get(s.value)]

    def rows(grouped):
        return [(name, cell["total"], [cell.get(s.value, 0) for s in columns]) for name, cell in grouped]

    return render(request, "campaigns/detail.html", {
        "campaign": campaign, "dash": dash, "statuses": statuses, "page": page, "query": query,
        "status": status, "overdue": overdue,
        "status_columns": columns, "sector_rows": rows(dash.by_sector), "region_rows": rows(dash.by_region),
    })


@staff_member_required
def request_detail(request, reference: str):
    req = get_object_or_404(Request.objects.select_related("campaign", "body"), reference__iexact=reference)
    return render(request, "campaigns/request.html", {
        "req": req, "timeline": services.request_timeline(req),
        "replies": intake_services.messages_for_request(req),
        "next_statuses": sorted((s.value, s.label) for s in allowed_from(req.status)),
        "followups": req.followups.all(),
        "can_remind": req.status in REMINDABLE, "can_review": req.status in REVIEWABLE,
    })


@staff_member_required
@require_POST
def request_transition(request, reference: str):
    req = get_object_or_404(Request, reference__iexact=reference)
    to_status = request.POST.get("status", "")
    try:
        if to_status == Status.WITHDRAWN:
            services.campaign_remove_bodies(req.campaign, body_ids=[req.body_id], by=_by(request),
                                            note=request.POST.get("note", "")[:2000])
        else:
            services.request_transition(req, to_status, by=_by(request), note=request.POST.get("note", "")[:2000])
    except (*ERRORS, ValueError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{req.reference} is now {to_status.replace('_', ' ')}.")
    return redirect("campaigns:request", reference=req.reference)


@staff_member_required
@require_POST
def request_resend(request, reference: str):
    req = get_object_or_404(Request, reference__iexact=reference)
    try:
        services.request_resend(req, by=_by(request), to_address=request.POST.get("to", "")[:254])
    except ERRORS as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{req.reference} queued again to {req.to_address}.")
    return redirect("campaigns:request", reference=req.reference)


@staff_member_required
@require_POST
def followup_draft(request, reference: str):
    req = get_object_or_404(Request.objects.select_related("campaign", "body"), reference__iexact=reference)
    try:
        followup = services.followup_draft(req, kind=request.POST.get("kind", ""), by=_by(request))
    except ERRORS as exc:
        messages.error(request, str(exc))
        return redirect("campaigns:request", reference=req.reference)
    return redirect("campaigns:followup", pk=followup.pk)


@staff_member_required
def followup_queue(request):
    drafts = FollowUp.objects.filter(state=FollowUp.State.DRAFT).select_related("request", "request__campaign")
    recent = FollowUp.objects.exclude(state=FollowUp.State.DRAFT).select_related("request").order_by("-id")[:50]
    return render(request, "campaigns/followups.html", {"drafts": drafts, "recent": recent})


@staff_member_required
def followup_detail(request, pk: int):
    followup = get_object_or_404(FollowUp.objects.select_related("request", "request__campaign"), pk=pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action in ("save", "approve") and followup.state == FollowUp.State.DRAFT:
                services.followup_edit(followup, subject=request.POST.get("subject", "")[:390],
                                       body=request.POST.get("body", ""), by=_by(request))
            if action == "approve":
                services.followup_approve(followup, by=_by(request))
                messages.success(request, f"Follow-up #{followup.pk} approved and queued for sending.")
                return redirect("campaigns:followups")
            if action == "discard":
                services.followup_discard(followup, by=_by(request))
                messages.success(request, f"Follow-up #{followup.pk} discarded.")
                return redirect("campaigns:followups")
            messages.success(request, "Draft saved.")
        except ERRORS as exc:
            messages.error(request, str(exc))
    return render(request, "campaigns/followup.html", {"f": followup})
