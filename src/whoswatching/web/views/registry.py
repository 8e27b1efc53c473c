"""Registry pages: the public list of bodies (search, facets, pages; htmx-enhanced) and a body's page.

Contact addresses, their states and bounce history appear only for staff.
"""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from whoswatching.registry import services
from whoswatching.registry.errors import BodyNotFound
from whoswatching.registry.records import NATION_LABELS, REGIONS, SECTOR_LABELS, Law, Nation, Sector

PER_PAGE = 50


def _filters(request: HttpRequest) -> services.BodyFilters:
    get = request.GET
    return services.BodyFilters(
        sector=get.get("sector", "").strip(),
        region=get.get("region", "").strip(),
        nation=get.get("nation", "").strip(),
        law=get.get("law", "").strip(),
        q=get.get("q", "").strip()[:200],
    )


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def body_list(request: HttpRequest) -> HttpResponse:
    """``/bodies/``: every filter is a GET parameter, so pages work without JavaScript and can be linked."""
    filters = _filters(request)
    errors = filters.errors()
    if errors:
        filters = services.BodyFilters(q=filters.q)
    page = services.body_page(filters, page=_page_number(request), per_page=PER_PAGE)
    facets = services.body_facets(filters)
    context = {
        "page": page,
        "facets": {
            "sector": [(v, SECTOR_LABELS.get(v, v), n) for v, n in facets.sector],
            "nation": [(v, NATION_LABELS.get(v, v), n) for v, n in facets.nation],
            "law": [(v, v.upper(), n) for v, n in facets.law],
            "region": [(v, v, n) for v, n in facets.region],
        },
        "filters": filters,
        "errors": errors,
        "query": filters.as_query(),
        "sectors": [(s.value, SECTOR_LABELS[s.value]) for s in Sector],
        "nations": [(n.value, NATION_LABELS[n.value]) for n in Nation] + [("unknown", "Unknown")],
        "laws": [(x.value, x.value.upper()) for x in Law],
        "regions": REGIONS,
        "attributions": [s.meta.attribution for s in services.registry_sources() if s.meta.bundled_file],
    }
    # htmx swaps only the results; a history restore (cache miss) needs the whole page again.
    partial = request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request")
    template = "registry/_results.html" if partial else "registry/body_list.html"
    response = render(request, template, context, status=400 if errors else 200)
    response["Vary"] = "HX-Request"
    return response


def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        body = services.body_get(slug)
    except BodyNotFound:
        raise Http404("no such body") from None
    context = {"body": body, "data": services.body_public_dict(body), "contacts": None,
               "origin": services.body_origin(body)}
    if request.user.is_staff:
        context["contacts"] = services.contact_dicts(body)
    return render(request, "registry/body_detail.html", context)


@staff_member_required
def import_runs(request: HttpRequest) -> HttpResponse:
    """Staff: the import history (every dry run, commit and refusal) with counts and rejected rows."""
    source = request.GET.get("source", "").strip()
    return render(request, "registry/import_runs.html", {
        "runs": services.source_runs(source=source, limit=100),
        "source": source,
    })
