"""Public statistics pages and staff publishing pages (thin over ``publishing.services``).

Pages only read a publication's built folder (``manifest.json``, ``<denominator>/report.json``,
``drilldown.json``) and serve its files; no statistic is computed inside a request. The public sees a
publication only when it is published and past its campaign's embargo; staff preview any build.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from whoswatching.campaigns.models import Campaign
from whoswatching.coding import services as coding
from whoswatching.publishing import display, services
from whoswatching.publishing.drilldown import DENOMINATOR_MEASURES, Cell
from whoswatching.publishing.models import Publication
from whoswatching.stats.counts import DENOMINATOR_TEXT

#: Files shown inline (charts in <img>); everything else downloads. HTML/SVG get a sandboxing CSP.
_SANDBOX = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"


def _denominator(request, pub: Publication) -> str:
    d = request.GET.get("denominator") or pub.default_denominator
    return d if d in pub.denominators else pub.default_denominator


def _publication_page(request, pub: Publication, *, base: str, staff: bool):
    denominator = _denominator(request, pub)
    try:
        manifest = services.publication_manifest(pub)
        report = services.publication_report(pub, denominator)
    except (OSError, ValueError, services.PublishingError) as exc:
        raise Http404("the built files of this publication are missing") from exc
    cell_url = f"{base}cell/"
    section = manifest["denominators"][denominator]
    files = [f for f in section["files"] if not f["path"].split("/", 1)[1].startswith("charts/")]
    charts = [f for f in section["files"] if f["path"].split("/", 1)[1].startswith("charts/")]
    return render(request, "stats/publication.html", {
        "pub": pub, "campaign": pub.campaign, "manifest": manifest, "meta": report["meta"],
        "denominator": denominator, "denominators": [(d, DENOMINATOR_TEXT[d]) for d in pub.denominators],
        "tables": display.page_tables(report["tables"], denominator=denominator, cell_url=cell_url),
        "files": files, "charts": charts, "files_url": f"{base}files/", "staff": staff,
        "public": services.is_public(pub), "now": timezone.now(),
        "report_html": section["index"], "exemptions": display.exemptions_rows(report["tables"]),
    })


def index(request):
    pubs = services.publications_public()
    return render(request, "stats/index.html", {"pubs": pubs})


def publication(request, slug: str):
    pub = services.publication_public_get(slug)
    if pub is None:
        raise Http404("no published statistics for this campaign (yet)")
    return _publication_page(request, pub, base=reverse("stats:publication", args=[slug]), staff=False)


def _cell_page(request, pub: Publication, *, base: str, staff: bool):
    q = request.GET
    cell = Cell(denominator=q.get("denominator") or pub.default_denominator, dimension=q.get("dim", "overall"),
                sector=q.get("sector", "all"), group=q.get("group", ""), measure=q.get("measure", "n"))
    try:
        bodies = services.publication_drilldown(pub, cell)
    except services.PublishingError as exc:
        raise Http404(str(exc)) from exc
    except OSError as exc:
        raise Http404("the built files of this publication are missing") from exc
    return render(request, "stats/cell.html", {
        "pub": pub, "campaign": pub.campaign, "cell": cell, "title": cell.describe(), "bodies": bodies,
        "back": f"{base}?{urlencode({'denominator': cell.denominator})}", "staff": staff,
        "denominator_text": DENOMINATOR_TEXT.get(cell.denominator, ""),
        "uses_denominator": cell.measure in DENOMINATOR_MEASURES,
    })


def publication_cell(request, slug: str):
    pub = services.publication_public_get(slug)
    if pub is None:
        raise Http404("no published statistics for this campaign (yet)")
    return _cell_page(request, pub, base=reverse("stats:publication", args=[slug]), staff=False)


def _serve(request, pub: Publication, relpath: str):
    try:
        served = services.publication_file(pub, relpath)
    except (services.PublishingError, OSError, ValueError) as exc:
        raise Http404("no such file") from exc
    inline = served.name.endswith(".svg") or (served.name.endswith(".html") and request.GET.get("view") == "1")
    name = f"{pub.campaign.slug}-{relpath.replace('/', '-')}"
    response = FileResponse(open(served.path, "rb"), as_attachment=not inline, filename=name,  # noqa: SIM115
                            content_type=served.media_type + ("; charset=utf-8" if served.media_type.startswith("text/") else ""))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = _SANDBOX
    response["Cache-Control"] = "public, max-age=300" if not request.user.is_staff else "private, no-store"
    return response


def publication_file(request, slug: str, relpath: str):
    pub = services.publication_public_get(slug)
    if pub is None:
        raise Http404("no published statistics for this campaign (yet)")
    return _serve(request, pub, relpath)


# --- staff ------------------------------------------------------------------------------------------------

@staff_member_required
def staff_index(request):
    rows = []
    for campaign in Campaign.objects.order_by("-created_at")[:100]:
        status = coding.review_status(campaign=campaign)
        rows.append({"campaign": campaign, "status": status, "ready": status.replies == status.accepted,
                     "pubs": services.publications_for_staff(campaign)[:5]})
    return render(request, "stats/staff.html", {"rows": rows, "now": timezone.now()})


@staff_member_required
@require_POST
def staff_build(request, slug: str):
    campaign = get_object_or_404(Campaign, slug=slug)
    try:
        pub = services.publication_build(campaign, by=request.user.get_username())
    except services.PublishingError as exc:
        messages.error(request, str(exc))
        return redirect("stats:staff")
    messages.success(request, f"Built {pub.build_id} (draft). Preview it, then publish.")
    return redirect("stats:staff-preview", pk=pub.pk)


@staff_member_required
@require_POST
def staff_publish(request, pk: int):
    pub = get_object_or_404(Publication, pk=pk)
    try:
        services.publication_publish(pub, by=request.user.get_username())
    except services.PublishingError as exc:
        messages.error(request, str(exc))
        return redirect("stats:staff")
    embargo = pub.campaign.embargo_until
    if embargo and embargo > timezone.now():
        messages.info(request, f"Published; hidden from the public until the embargo ends ({embargo:%Y-%m-%d %H:%M %Z}).")
    else:
        messages.success(request, "Published.")
    return redirect("stats:staff")


@staff_member_required
@require_POST
def staff_withdraw(request, pk: int):
    pub = get_object_or_404(Publication, pk=pk)
    services.publication_withdraw(pub, by=request.user.get_username(), reason=request.POST.get("reason", ""))
    messages.success(request, f"Withdrew {pub.build_id}.")
    return redirect("stats:staff")


@staff_member_required
def staff_preview(request, pk: int):
    pub = get_object_or_404(Publication.objects.select_related("campaign"), pk=pk)
    return _publication_page(request, pub, base=reverse("stats:staff-preview", args=[pk]), staff=True)


@staff_member_required
def staff_cell(request, pk: int):
    pub = get_object_or_404(Publication.objects.select_related("campaign"), pk=pk)
    return _cell_page(request, pub, base=reverse("stats:staff-preview", args=[pk]), staff=True)


@staff_member_required
def staff_file(request, pk: int, relpath: str):
    pub = get_object_or_404(Publication.objects.select_related("campaign"), pk=pk)
    return _serve(request, pub, relpath)

