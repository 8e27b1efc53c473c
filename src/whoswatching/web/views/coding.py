"""Staff review of coded replies: the queue, the review page (keyboard-driven), adjudication, agreement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from whoswatching.campaigns.models import Campaign
from whoswatching.coding import services
from whoswatching.coding.highlight import segments
from whoswatching.coding.models import Coding, Flag
from whoswatching.coding.result import FIELDS
from whoswatching.coding.values import CAPABILITIES, KINDS, LISTS, TRISTATE
from whoswatching.intake.models import Message


def _campaign(request) -> Campaign | None:
    slug = request.GET.get("campaign") or request.POST.get("campaign") or ""
    return Campaign.objects.filter(slug=slug).first() if slug else None


@staff_member_required
def queue(request):
    campaign = _campaign(request)
    return render(request, "coding/queue.html", {
        "campaign": campaign,
        "campaigns": Campaign.objects.order_by("-created_at")[:50],
        "items": services.review_queue(user=request.user.get_username(), campaign=campaign, limit=100),
        "status": services.review_status(campaign=campaign),
        "adjudication": services.adjudication_queue(campaign=campaign)[:50],
        "flags": services.flagged(campaign=campaign)[:50],
    })


@staff_member_required
def next_item(request):
    campaign = _campaign(request)
    items = services.review_queue(user=request.user.get_username(), campaign=campaign, limit=1)
    if not items:
        messages.info(request, "Nothing left in your queue.")
        return redirect("coding:queue")
    url = reverse("coding:review", args=[items[0].pk])
    return redirect(f"{url}?campaign={campaign.slug}" if campaign else url)


def _form_rows(values: dict, evidence: dict, confidence: dict) -> list[dict]:
    rows = []
    for name in FIELDS:
        value = values.get(name, FIELDS[name])
        if name in LISTS:
            shown, widget = "; ".join(value or []), "list"
        elif name in TRISTATE:
            shown, widget = "" if value is None else ("true" if value else "false"), "tristate"
        elif name == "kind":
            shown, widget = value, "kind"
        elif name == "camera_count":
            shown, widget = "" if value is None else str(value), "number"
        else:
            shown, widget = "true" if value else "false", "bool"
        rows.append({"name": name, "value": shown, "widget": widget, "evidence": evidence.get(name, []),
                     "confidence": confidence.get(name)})
    return rows


@staff_member_required
def review(request, pk: int):
    message = Message.objects.select_related("request", "request__campaign").filter(pk=pk).first()
    if message is None:
        raise Http404("no such reply")
    suggestion = services.suggestion_latest(message)
    values = suggestion.values if suggestion else {}
    evidence = suggestion.evidence if suggestion else {}
    codings = list(message.codings.all())
    accepted = getattr(message, "accepted_code", None)
    disagreements = services.review_disagreements(message)
    return render(request, "coding/review.html", {
        "message": message,
        "suggestion": suggestion,
        "segments": segments(suggestion.text, evidence) if suggestion else [],
        "rows": _form_rows(accepted.values if accepted else values, evidence, suggestion.confidence if suggestion else {}),
        "kinds": KINDS,
        "capabilities": CAPABILITIES,
        "codings": codings,
        "accepted": accepted,
        "disagreements": disagreements,
        "disagreement_rows": [(c, [c.values.get(f) for f in disagreements]) for c in codings
                              if c.role in (Coding.Role.FIRST, Coding.Role.SECOND)],
        "adjudicating": bool(disagreements) and accepted is None,
        "flags": message.flags.filter(resolved_at__isnull=True),
        "policy": services.policy_for(message),
        "attachments": message.attachments.all(),
        "campaign_slug": request.GET.get("campaign", ""),
    })


def _after(request, message: Message):
    campaign = request.POST.get("campaign", "")
    url = reverse("coding:next")
    return redirect(f"{url}?campaign={campaign}" if campaign else url)


def _corrections(post) -> dict:
    return {name: post.get(name, "") for name in FIELDS if name in post}


@staff_member_required
@require_POST
def act(request, pk: int):
    message = Message.objects.filter(pk=pk).first()
    if message is None:
        raise Http404("no such reply")
    action, who = request.POST.get("action", ""), request.user.get_username()
    try:
        if action == "accept":
            services.review_submit(message, by=who, note=request.POST.get("note", ""))
            messages.success(request, f"Accepted the suggested codes for reply {pk}.")
        elif action == "correct":
            services.review_submit(message, by=who, corrections=_corrections(request.POST), note=request.POST.get("note", ""))
            messages.success(request, f"Saved your codes for reply {pk}.")
        elif action == "adjudicate":
            services.review_adjudicate(message, by=who, corrections=_corrections(request.POST),
                                       note=request.POST.get("note", ""))
            messages.success(request, f"Adjudicated reply {pk}.")
        elif action == "flag":
            services.review_flag(message, by=who, reason=request.POST.get("reason", ""))
            messages.success(request, f"Flagged reply {pk}.")
        elif action == "recode":
            services.reply_autocode(message, force=True)
            messages.success(request, f"Coded reply {pk} again.")
            return redirect("coding:review", pk=pk)
        else:
            messages.error(request, f"Unknown action {action!r}.")
            return redirect("coding:review", pk=pk)
    except services.CodingError as exc:
        messages.error(request, str(exc))
        return redirect("coding:review", pk=pk)
    return _after(request, message)


@staff_member_required
@require_POST
def resolve_flag(request, pk: int):
    flag = Flag.objects.filter(pk=pk).first()
    if flag is None:
        raise Http404("no such flag")
    services.flag_resolve(flag, by=request.user.get_username())
    messages.success(request, "Flag resolved; the reply is back in the queue.")
    return redirect("coding:review", pk=flag.message_id)


@staff_member_required
def agreement(request):
    campaign = _campaign(request)
    rows = services.campaign_agreement(campaign) if campaign else []
    return render(request, "coding/agreement.html", {
        "campaign": campaign,
        "campaigns": Campaign.objects.order_by("-created_at")[:50],
        "rows": rows if any(r.items for r in rows) else [],
    })


@staff_member_required
@require_POST
def policy(request):
    campaign = _campaign(request)
    if campaign is None:
        raise Http404("no such campaign")
    threshold = request.POST.get("auto_accept_threshold", "").strip()
    try:
        services.policy_set(campaign, double_coding=request.POST.get("double_coding") == "on",
                            auto_accept_threshold=float(threshold) if threshold else None)
        messages.success(request, f"Coding policy of {campaign.name} saved.")
    except (ValueError, services.CodingError) as exc:
        messages.error(request, str(exc))
    return redirect(f"{reverse('coding:queue')}?campaign={campaign.slug}")
