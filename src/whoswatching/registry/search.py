"""Browsing the register: filters, facet counts and pages, shared by the web pages, the API and the CLI.

Facets follow the usual rule: each facet's counts apply every *other* filter, so the counts say what
choosing that value would give. The law facet is computed with :func:`models.law_q`, the SQL form of
``records.law_for``. Name search uses the normalised name key (``name_key``), so "st marys" finds
"St Mary's".
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet

from whoswatching.registry.models import PublicBody, law_q
from whoswatching.registry.records import (
    NATION_UNKNOWN,
    Law,
    Nation,
    Sector,
    canonical_region,
    normalise_name,
)

#: ``--nation unknown`` / ``?nation=unknown`` selects bodies whose nation no source gives.
UNKNOWN = "unknown"
MAX_PER_PAGE = 200


@dataclass(frozen=True)
class BodyFilters:
    sector: str = ""
    region: str = ""
    nation: str = ""
    law: str = ""
    q: str = ""

    def errors(self) -> list[str]:
        """What is wrong with the filter values (empty when they are all usable)."""
        problems = []
        if self.sector and self.sector not in {s.value for s in Sector}:
            problems.append(f"unknown sector {self.sector!r} (use one of: {', '.join(s.value for s in Sector)})")
        if self.nation and self.nation not in {n.value for n in Nation} | {UNKNOWN}:
            problems.append(f"unknown nation {self.nation!r} (use one of: {', '.join(n.value for n in Nation)}, unknown)")
        if self.law and self.law not in {x.value for x in Law}:
            problems.append(f"unknown law {self.law!r} (use foia or foisa)")
        return problems

    def as_query(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v}


def filtered(filters: BodyFilters, *, skip: str = "") -> QuerySet[PublicBody]:
    """Bodies matching ``filters``, ignoring the filter named ``skip`` (for facet counts)."""
    qs = PublicBody.objects.all()
    if filters.sector and skip != "sector":
        qs = qs.filter(sector=filters.sector)
    if filters.region and skip != "region":
        qs = qs.filter(region=canonical_region(filters.region))  # exact: uses the index
    if filters.nation and skip != "nation":
        qs = qs.filter(nation=NATION_UNKNOWN if filters.nation == UNKNOWN else filters.nation)
    if filters.law and skip != "law":
        qs = qs.filter(law_q(filters.law))
    if filters.q:
        key = normalise_name(filters.q)
        if key:
            # Bodies bulk-created by other code may lack a name_key: fall back to the raw name for them.
            qs = qs.filter(Q(name_key__contains=key) | Q(name_key="", name__icontains=filters.q.strip()))
    return qs


@dataclass
class Facets:
    sector: list[tuple[str, int]] = field(default_factory=list)
    region: list[tuple[str, int]] = field(default_factory=list)
    nation: list[tuple[str, int]] = field(default_factory=list)
    law: list[tuple[str, int]] = field(default_factory=list)


def facets(filters: BodyFilters) -> Facets:
    """Counts per sector, region, nation and law under the other filters (four GROUP BY queries)."""
    result = Facets()
    for name in ("sector", "region", "nation"):
        rows = filtered(filters, skip=name).values_list(name).annotate(n=Count("id")).order_by("-n", name)
        setattr(result, name, [(value or (UNKNOWN if name == "nation" else ""), n) for value, n in rows])
    base = filtered(filters, skip="law")
    counts = base.aggregate(foisa=Count("id", filter=law_q(Law.FOISA)), total=Count("id"))
    result.law = [(Law.FOIA.value, counts["total"] - counts["foisa"]), (Law.FOISA.value, counts["foisa"])]
    return result


@dataclass
class BodyPage:
    bodies: list[PublicBody]
    total: int
    page: int
    pages: int
    per_page: int
    filters: BodyFilters

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def page_of(filters: BodyFilters, *, page: int = 1, per_page: int = 50) -> BodyPage:
    """One page of matching bodies, ordered by name; out-of-range pages clamp to the last page."""
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    paginator = Paginator(filtered(filters).order_by("name_key", "id"), per_page)
    current = paginator.get_page(page)
    return BodyPage(
        bodies=list(current.object_list),
        total=paginator.count,
        page=current.number,
        pages=paginator.num_pages,
        per_page=per_page,
        filters=filters,
    )


def with_filter(filters: BodyFilters, **changes: str) -> BodyFilters:
    return replace(filters, **changes)
