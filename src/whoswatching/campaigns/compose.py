"""Compose one FOI request (or follow-up letter) from a template, a body's fields and campaign values (pure).

Merge syntax: ``{{ name }}`` with a dotted field name, spaces inside the braces optional. The fields are
listed in :data:`FIELDS` (requests) and :data:`FOLLOWUP_FIELDS` (reminders and internal-review letters);
campaign variables are ``{{ var.NAME }}`` and must be set on the campaign. Anything else between ``{{`` and
``}}`` is an error that names the field and lists the allowed ones, raised before anything is sent.
There is no escaping: ``{{`` and ``}}`` are reserved in templates.

Per-law wording comes from :data:`LAWS`: a request to a Scottish public authority cites FOISA 2002 s.1(1)
and its s.10(1) deadline and the Scottish Information Commissioner (s.47); everyone else gets FOIA 2000
s.1(1), s.10(1) and the ICO (s.50). Under the Welsh Language Standards (Welsh Language (Wales) Measure
2011) a campaign may greet Welsh bodies bilingually.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

TEMPLATES_DIR = Path(__file__).parent / "data" / "templates"

_TOKEN = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$")


@dataclass(frozen=True)
class LawWording:
    code: str
    name: str
    citation: str
    deadline: str
    regulator: str
    review: str


#: Wording per law; keys are the deadline engine's law codes.
LAWS: dict[str, LawWording] = {
    "foia": LawWording(
        code="FOIA",
        name="Freedom of Information Act 2000",
        citation="section 1(1) of the Freedom of Information Act 2000",
        deadline="promptly and in any event not later than the twentieth working day following receipt "
        "(section 10(1) of the Act)",
        regulator="the Information Commissioner (section 50 of the Act)",
        review="an internal review under the Code of Practice issued under section 45 of the Act",
    ),
    "foisa": LawWording(
        code="FOISA",
        name="Freedom of Information (Scotland) Act 2002",
        citation="section 1(1) of the Freedom of Information (Scotland) Act 2002",
        deadline="promptly and in any event by the twentieth working day after receipt (section 10(1) of the Act)",
        regulator="the Scottish Information Commissioner (section 47 of the Act)",
        review="a review under section 20 of the Act",
    ),
    "eir": LawWording(
        code="EIR",
        name="Environmental Information Regulations 2004",
        citation="regulation 5(1) of the Environmental Information Regulations 2004",
        deadline="as soon as possible and no later than 20 working days after receipt (regulation 5(2))",
        regulator="the Information Commissioner (section 50 of the Freedom of Information Act 2000, "
        "applied by regulation 18)",
        review="reconsideration under regulation 11",
    ),
    "eisr": LawWording(
        code="EISR",
        name="Environmental Information (Scotland) Regulations 2004",
        citation="regulation 5(1) of the Environmental Information (Scotland) Regulations 2004",
        deadline="as soon as possible and no later than 20 working days after receipt (regulation 5(2)(a))",
        regulator="the Scottish Information Commissioner (regulation 17)",
        review="a review under regulation 16",
    ),
}

GREETING = "Dear Freedom of Information officer,"
GREETING_WELSH = "Annwyl Swyddog Rhyddid Gwybodaeth / Dear Freedom of Information officer,"

#: Merge fields of a request, with what each holds.
FIELDS: dict[str, str] = {
    "body.name": "the body's name",
    "body.slug": "the body's register slug",
    "body.sector": "sector (school, council, police, ...)",
    "body.region": "region (e.g. North West)",
    "body.nation": "nation (england, scotland, wales, northern_ireland, uk)",
    "body.local_authority": "local authority area",
    "body.identifier": "official identifier (URN, ODS code, GSS code, ...)",
    "body.website": "website",
    "law.code": "FOIA, FOISA, EIR or EISR",
    "law.name": "the statute's full title",
    "law.citation": "the section that gives the right of access",
    "law.deadline": "the statutory time for compliance, with its section",
    "law.regulator": "who hears complaints, with the section",
    "law.review": "the review the body must offer",
    "request.reference": "the request's reference, e.g. WW-2026-000123",
    "request.reply_address": "the per-request reply address",
    "campaign.name": "the campaign's name",
    "greeting": "salutation (bilingual for Welsh bodies when the campaign asks for it)",
    "today": "the date of composition, e.g. 27 November 2026",
}

#: Extra fields of reminders and internal-review letters.
FOLLOWUP_FIELDS: dict[str, str] = {
    **FIELDS,
    "request.subject": "the original request's subject",
    "request.sent_on": "the date the request was sent",
    "request.due_on": "the statutory due date",
    "request.working": "how the due date was worked out",
}


class TemplateError(ValueError):
    """A template that cannot be rendered; the message names the fault and what to do next."""


class UnknownMergeField(TemplateError):
    """A ``{{ field }}`` the template language does not know; names the field and the allowed ones."""

    def __init__(self, name: str, *, where: str, line: int, allowed: list[str]) -> None:
        self.name = name
        self.where = where
        self.line = line
        self.allowed = allowed
        super().__init__(
            f"unknown merge field {{{{ {name} }}}} in the {where} (line {line}); allowed fields: {', '.join(allowed)}"
        )


@dataclass(frozen=True)
class Template:
    subject: str
    body: str


@dataclass(frozen=True)
class BodyFields:
    """The register fields of one body that a template may use."""

    name: str
    slug: str = ""
    sector: str = ""
    region: str = ""
    nation: str = ""
    local_authority: str = ""
    identifier: str = ""
    website: str = ""


@dataclass(frozen=True)
class OutgoingMessage:
    to: str
    subject: str
    body: str
    reply_to: str
    reference: str
    law: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CompiledText:
    """Text split into literal parts and field names, so thousands of renders skip the parsing."""

    parts: tuple[tuple[bool, str], ...]  # (is_field, literal-or-name)

    def render(self, context: Mapping[str, str]) -> str:
        return "".join(context[value] if is_field else value for is_field, value in self.parts)


@dataclass(frozen=True)
class CompiledTemplate:
    subject: CompiledText
    body: CompiledText


def _allowed(fields: Mapping[str, str], variables: Mapping[str, str]) -> list[str]:
    return sorted(fields) + sorted(f"var.{name}" for name in variables)


def compile_text(
    text: str, *, where: str, fields: Mapping[str, str], variables: Mapping[str, str]
) -> CompiledText:
    """Parse ``text`` once; raise :class:`UnknownMergeField` or :class:`TemplateError` on the first fault."""
    parts: list[tuple[bool, str]] = []
    pos = 0
    allowed = set(fields) | {f"var.{name}" for name in variables}
    for match in _TOKEN.finditer(text):
        parts.append((False, text[pos : match.start()]))
        raw = match.group(1).strip()
        line = text.count("\n", 0, match.start()) + 1
        if not _NAME.match(raw) or raw not in allowed:
            raise UnknownMergeField(raw, where=where, line=line, allowed=_allowed(fields, variables))
        parts.append((True, raw))
        pos = match.end()
    rest = text[pos:]
    for marker in ("{{", "}}"):
        if marker in rest:
            line = text.count("\n", 0, pos + rest.index(marker)) + 1
            raise TemplateError(
                f"unmatched {marker!r} in the {where} (line {line}); merge fields look like {{{{ body.name }}}}"
            )
    parts.append((False, rest))
    return CompiledText(tuple(p for p in parts if p[0] or p[1]))


def compile_template(
    template: Template, *, variables: Mapping[str, str] | None = None, fields: Mapping[str, str] = FIELDS
) -> CompiledTemplate:
    """Check and compile a template; the first unknown field raises :class:`UnknownMergeField`."""
    variables = variables or {}
    if not template.subject.strip():
        raise TemplateError("the template has no subject line; start the file with 'Subject: ...'")
    return CompiledTemplate(
        subject=compile_text(template.subject, where="subject", fields=fields, variables=variables),
        body=compile_text(template.body, where="body", fields=fields, variables=variables),
    )


def template_problems(
    template: Template, *, variables: Mapping[str, str] | None = None, fields: Mapping[str, str] = FIELDS
) -> list[TemplateError]:
    """Every fault of a template (all unknown fields, not just the first), for a pre-launch check."""
    variables = variables or {}
    problems: list[TemplateError] = []
    allowed = set(fields) | {f"var.{name}" for name in variables}
    for where, text in (("subject", template.subject), ("body", template.body)):
        for match in _TOKEN.finditer(text):
            raw = match.group(1).strip()
            if raw not in allowed or not _NAME.match(raw):
                line = text.count("\n", 0, match.start()) + 1
                problems.append(
                    UnknownMergeField(raw, where=where, line=line, allowed=_allowed(fields, variables))
                )
    if not problems:
        try:
            compile_template(template, variables=variables, fields=fields)
        except TemplateError as exc:
            problems.append(exc)
    return problems


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def context_for(
    *,
    body: BodyFields,
    law: str,
    reference: str,
    reply_address: str,
    campaign_name: str,
    variables: Mapping[str, str],
    today: date,
    bilingual_welsh: bool = False,
    extra: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The values of every merge field for one body."""
    try:
        wording = LAWS[law]
    except KeyError as exc:
        raise TemplateError(f"no wording for law {law!r}; known: {', '.join(LAWS)}") from exc
    context = {
        "body.name": body.name,
        "body.slug": body.slug,
        "body.sector": body.sector,
        "body.region": body.region,
        "body.nation": body.nation,
        "body.local_authority": body.local_authority,
        "body.identifier": body.identifier,
        "body.website": body.website,
        "law.code": wording.code,
        "law.name": wording.name,
        "law.citation": wording.citation,
        "law.deadline": wording.deadline,
        "law.regulator": wording.regulator,
        "law.review": wording.review,
        "request.reference": reference,
        "request.reply_address": reply_address,
        "campaign.name": campaign_name,
        "greeting": GREETING_WELSH if bilingual_welsh and body.nation == "wales" else GREETING,
        "today": long_date(today),
    }
    context.update({f"var.{name}": str(value) for name, value in variables.items()})
    if extra:
        context.update(extra)
    return context


def render(
    compiled: CompiledTemplate, context: Mapping[str, str], *, to: str, reference: str, law: str
) -> OutgoingMessage:
    """Render a compiled template; the subject always carries the reference (intake matches on it)."""
    subject = " ".join(compiled.subject.render(context).split())
    if reference.lower() not in subject.lower():
        subject = f"{subject} [{reference}]"
    return OutgoingMessage(
        to=to,
        subject=subject,
        body=compiled.body.render(context),
        reply_to=context.get("request.reply_address", ""),
        reference=reference,
        law=law,
        headers={"X-WW-Reference": reference},
    )


def parse_template_file(text: str) -> Template:
    """A template file: optional ``#`` comment lines, ``Subject: ...``, a blank line, then the body."""
    lines = text.replace("\r\n", "\n").split("\n")
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    if not lines or not lines[0].lower().startswith("subject:"):
        raise TemplateError("a template file must start with a 'Subject: ...' line (after any # comments)")
    subject = lines[0].split(":", 1)[1].strip()
    body_lines = lines[1:]
    if body_lines and not body_lines[0].strip():
        body_lines = body_lines[1:]
    return Template(subject=subject, body="\n".join(body_lines).rstrip("\n") + "\n")


def bundled_template(name: str) -> Template:
    """A template shipped in ``campaigns/data/templates`` (``request``, ``reminder``, ``internal_review``)."""
    path = TEMPLATES_DIR / f"{name}.txt"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in TEMPLATES_DIR.glob("*.txt")))
        raise TemplateError(f"no bundled template {name!r}; known: {known}")
    return parse_template_file(path.read_text(encoding="utf-8"))
