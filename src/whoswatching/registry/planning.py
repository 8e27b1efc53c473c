"""Planning an import: match parsed rows to the stored register and work out what would change.

Matching (in this order): ``identifier_scheme`` + ``identifier``; else sector + normalised name. A row
with an identifier adopts a stored body *without* one only when that name is unique both in the file
and among identifier-less bodies of the sector (so 30 "St Mary's" schools never claim one hand-added body).
Blank values in a row never blank a stored value, so a later, poorer file cannot erase enrichment.
A plan only reads the database; ``importer.apply_plan`` writes it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count

from whoswatching.registry.models import ContactAddress, PublicBody
from whoswatching.registry.records import (
    Accepted,
    BodyRecord,
    ContactState,
    Rejected,
    Skipped,
    normalise_name,
    slugify,
)
from whoswatching.registry.report import ImportReport, RowProblem
from whoswatching.registry.sources import Source

#: ``progress(stage, done, total)``; the CLI draws a bar from it. ``total`` may be None.
Progress = Callable[[str, int, int | None], None]

#: Body fields a record may set (blank values never overwrite).
FIELDS = (
    "name",
    "region",
    "nation",
    "identifier_scheme",
    "identifier",
    "body_type",
    "local_authority",
    "postcode",
    "website",
    "foi_law_override",
    "derivation",
    "source",
    "source_url",
)


@dataclass(eq=False)
class _Contact:
    id: int | None
    email: str
    state: str
    is_primary: bool
    changed: bool = False
    verified_now: bool = False  # the import moves it to "verified": stamp verified_at
    source: str = ""


@dataclass(eq=False)
class Target:
    """A body as the plan sees it: a stored one (``id``) or one the import creates."""

    id: int | None
    slug: str
    sector: str
    values: dict[str, str]
    name_key: str = ""
    changed: set[str] = field(default_factory=set)
    contacts: dict[str, _Contact] | None = None  # loaded on first use


class Plan:
    """The stored register indexed for matching, plus every body the import creates or changes."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.allow_repeats = source.name == "csv"  # the plain CSV may list a body once per address
        self.create_only: tuple[str, ...] = getattr(source.module, "CREATE_ONLY_FIELDS", ())
        self.touched: dict[int, Target] = {}  # id(target) -> target, in file order
        self.by_ident: dict[tuple[str, str], Target] = {}
        self.by_name: dict[tuple[str, str], list[Target]] = {}
        self.slugs: set[str] = set()
        self._load()

    def _load(self) -> None:
        columns = ("id", "slug", "sector", "name_key", *FIELDS)
        for row in PublicBody.objects.values_list(*columns).iterator(chunk_size=5000):
            data = dict(zip(columns, row, strict=True))
            # name_key falls back for bodies bulk-created by other code without one
            key = data["name_key"] or normalise_name(data["name"])
            target = Target(id=data["id"], slug=data["slug"], sector=data["sector"], name_key=key,
                             values={f: data[f] for f in FIELDS})
            self._index(target)

    def _index(self, target: Target) -> None:
        self.slugs.add(target.slug)
        values = target.values
        if values["identifier"]:
            self.by_ident[(values["identifier_scheme"], values["identifier"])] = target
        key = (target.sector, target.name_key)
        self.by_name.setdefault(key, []).append(target)

    def new_slug(self, record: BodyRecord) -> str:
        base = slugify(record.name)[:110] or "body"
        candidates = [base]
        if record.identifier:
            candidates.append(f"{base}-{slugify(record.identifier)}"[:140])
        candidates.append(f"{base}-{record.sector.value.replace('_', '-')}")
        for slug in candidates:
            if slug not in self.slugs:
                return slug
        for n in count(2):
            slug = f"{base}-{n}"
            if slug not in self.slugs:
                return slug
        raise AssertionError("unreachable")


def _match(plan: Plan, record: BodyRecord, file_names: Counter) -> Target | str | None:
    """The stored (or earlier in-file) body a record is about, None for a new body, or a rejection reason."""
    name_key = (record.sector.value, record.name_key)
    if record.identifier:
        target = plan.by_ident.get((record.identifier_scheme, record.identifier))
        if target is not None:
            if target.sector != record.sector.value:
                return (
                    f"identifier {record.identifier_scheme} {record.identifier} belongs to "
                    f"{target.values['name']!r} (sector {target.sector}), not sector {record.sector.value}"
                )
            return target
        if file_names[name_key] != 1:
            return None
        bare = [t for t in plan.by_name.get(name_key, []) if not t.values["identifier"]]
        return bare[0] if len(bare) == 1 else None
    candidates = plan.by_name.get(name_key, [])
    if len(candidates) > 1:
        return (
            f"ambiguous: {len(candidates)} {record.sector.value} bodies are called {record.name!r}; "
            "add identifier_scheme and identifier to say which"
        )
    return candidates[0] if candidates else None


def _apply_record(target: Target, record: BodyRecord, *, skip: tuple[str, ...] = ()) -> bool:
    """Fold a record's non-blank values into the target (except ``skip``); True if anything changed."""
    changed = False
    for name in FIELDS:
        if name in skip:
            continue
        value = getattr(record, name)
        if value and value != target.values[name]:
            target.values[name] = value
            target.changed.add(name)
            changed = True
            if name == "name":
                target.name_key = normalise_name(value)
    return changed


def _same_ident(target: Target, record: BodyRecord) -> bool:
    values = target.values
    return bool(record.identifier) and (values["identifier_scheme"], values["identifier"]) == (
        record.identifier_scheme, record.identifier)


def _load_contacts(targets: list[Target]) -> None:
    wanted = {t.id: t for t in targets if t.id is not None and t.contacts is None}
    for t in targets:
        if t.contacts is None:
            t.contacts = {}
    ids = list(wanted)
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        rows = ContactAddress.objects.filter(body_id__in=chunk).values_list("id", "body_id", "email", "state", "is_primary")
        for cid, body_id, email, state, primary in rows:
            wanted[body_id].contacts[email.lower()] = _Contact(cid, email, state, primary)


def _apply_contacts(target: Target, record: BodyRecord) -> tuple[int, int]:
    """Fold a record's addresses into the target; return (added, updated)."""
    added = updated = 0
    assert target.contacts is not None
    for contact in record.contacts:
        current = target.contacts.get(contact.email.lower())
        if current is None:
            state = (contact.state or ContactState.UNVERIFIED).value
            current = _Contact(None, contact.email, state, bool(contact.is_primary), verified_now=state == ContactState.VERIFIED,
                               source=contact.source)
            target.contacts[contact.email.lower()] = current
            added += 1
        else:
            before = (current.state, current.is_primary)
            if contact.state is not None:
                current.verified_now = current.state != contact.state.value == ContactState.VERIFIED
                current.state = contact.state.value
            if contact.is_primary is not None:
                current.is_primary = contact.is_primary
            if (current.state, current.is_primary) != before:
                current.changed = True
                updated += 1
        if contact.is_primary:
            for other in target.contacts.values():
                if other is not current and other.is_primary:
                    other.is_primary = False
                    other.changed = True
                    updated += 1 if other.id is not None else 0
    return added, updated


def build_plan(source: Source, outcomes: list, report: ImportReport, progress: Progress | None) -> Plan:
    """Match every accepted row and fill the report's counts; writes nothing."""
    plan = Plan(source)
    accepted = [o for o in outcomes if isinstance(o, Accepted)]
    file_names = Counter((o.record.sector.value, o.record.name_key) for o in accepted)
    if any(o.record.contacts for o in accepted):
        _load_contacts([t for ts in plan.by_name.values() for t in ts])
    in_file_ident: dict[tuple[str, str], tuple[int, Target]] = {}
    in_file_name: dict[tuple[str, str], tuple[int, Target]] = {}
    for done, outcome in enumerate(outcomes, start=1):
        if progress and done % 2000 == 0:
            progress("matching", done, len(outcomes))
        if isinstance(outcome, Rejected):
            report.rejected.append(RowProblem(outcome.row, outcome.reason))
            continue
        if isinstance(outcome, Skipped):
            report.skipped.append(RowProblem(outcome.row, outcome.reason))
            continue
        record = outcome.record
        ident = (record.identifier_scheme, record.identifier) if record.identifier else None
        name_key = (record.sector.value, record.name_key)
        earlier = in_file_ident.get(ident) if ident else in_file_name.get(name_key)
        if earlier is not None:
            first_row, target = earlier
            same_body = target.sector == record.sector.value and target.name_key == record.name_key
            if not (plan.allow_repeats and same_body):
                what = f"identifier {ident[0]} {ident[1]}" if ident else f"name {record.name!r}"
                report.rejected.append(RowProblem(outcome.row, f"duplicate {what} (first on row {first_row})"))
                continue
        else:
            found = _match(plan, record, file_names)
            if isinstance(found, str):
                report.rejected.append(RowProblem(outcome.row, found))
                continue
            target = found
        is_new = target is None
        if target is None:
            target = Target(id=None, slug=plan.new_slug(record), sector=record.sector.value, name_key=record.name_key,
                             values={f: getattr(record, f) for f in FIELDS}, contacts={})
            plan._index(target)
        elif target.contacts is None:
            target.contacts = {}
        # A body found by its name keeps its stored spelling; the plain CSV's source describes its
        # own rows (addresses, new bodies), not the register entry it adds an address to.
        skip = () if is_new else plan.create_only + (("name",) if not _same_ident(target, record) else ())
        changed = _apply_record(target, record, skip=skip)
        added, updated = _apply_contacts(target, record)
        if is_new or changed or added or updated:
            plan.touched[id(target)] = target
        report.contacts_added += added
        report.contacts_updated += updated
        if ident:
            in_file_ident.setdefault(ident, (outcome.row, target))
            plan.by_ident[ident] = target
        in_file_name.setdefault(name_key, (outcome.row, target))
        if is_new:
            report.created += 1
        elif changed or added or updated:
            report.updated += 1
        else:
            report.unchanged += 1
    return plan
