"""The demo's script (pure): fictional bodies, the reply each sends, and the codes a reviewer accepts.

Every body is invented (places such as "Northmoor" and "Kelderby" do not name a real authority; a test
checks no name or place word matches the bundled registers). Addresses use ``.example.org`` (RFC 2606:
reserved, never delivered). Replies come in the styles a real campaign gets: yes/no answers, refusals
citing exemptions (FOIA s.24, s.31; FOISA s.35), neither-confirm-nor-deny (FOIA s.24(2)), "not held",
bare acknowledgements, partial answers, asset registers as XLSX and letters as PDF; some bodies never
reply. Signatures carry fictional officers' names, emails and phone numbers so the public pages'
redaction is visible.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

SOURCE = "whoswatching demo (fictional)"
CAMPAIGN_NAME = "Demo campaign (fictional bodies)"
CAMPAIGN_SLUG = "demo-campaign-fictional-bodies"
REVIEWER = "demo"
SLUG_PREFIX = "demo-"

# (name, sector, region, style); nation follows the region.
BODIES: tuple[tuple[str, str, str, str], ...] = (
    ("Northmoor Borough Council", "council", "North West", "yes_hik"),
    ("Eastvale District Council", "council", "East Midlands", "yes_both"),
    ("Kelderby City Council", "council", "Yorkshire and The Humber", "capabilities"),
    ("Lowmarsh District Council", "council", "East of England", "xlsx_register"),
    ("Brackenhurst Borough Council", "council", "South East", "no_chinese"),
    ("Thornwick Metropolitan Borough Council", "council", "West Midlands", "refusal"),
    ("Coldharbour London Borough Council", "council", "London", "partial"),
    ("Fairhollow District Council", "council", "South West", "ack_then_yes"),
    ("Glenmorrow Council", "council", "Scotland", "foisa_refusal"),
    ("Cwm Aderyn County Borough Council", "council", "Wales", "pdf_letter"),
    ("Millbeck District Council", "council", "North East", "acknowledgement"),
    ("Ravensgill Borough Council", "council", "North West", "silent"),
    ("Northmoor Valley Constabulary", "police", "North West", "ncnd"),
    ("Kelderby and Wolds Police", "police", "Yorkshire and The Humber", "yes_dahua"),
    ("Saltmere Constabulary", "police", "South East", "refusal"),
    ("Glenmorrow Police Division (fictional)", "police", "Scotland", "not_held"),
    ("Eastvale Hospitals NHS Trust", "nhs_trust", "East Midlands", "yes_hik"),
    ("Ashcombe Vale Community NHS Trust", "nhs_trust", "South West", "other_chinese"),
    ("Thornwick Teaching Hospitals NHS Trust", "nhs_trust", "West Midlands", "xlsx_register"),
    ("Lowmarsh Mental Health NHS Trust", "nhs_trust", "East of England", "silent"),
    ("Coldharbour Royal Infirmary NHS Trust", "nhs_trust", "London", "pdf_letter"),
    ("University of Kelderby", "university", "Yorkshire and The Humber", "capabilities"),
    ("Saltmere Metropolitan University", "university", "South East", "no_chinese"),
    ("University of Glenmorrow Highlands", "university", "Scotland", "foisa_refusal"),
    ("Northmoor College of Further Education", "fe_college", "North West", "yes_hik"),
    ("Fairhollow Technical College", "fe_college", "South West", "silent"),
    ("Ravensgill Sixth Form College", "fe_college", "North West", "not_held"),
    ("St Aldric's Academy", "school", "North East", "yes_hik"),
    ("St Brannoc's Primary School", "school", "South West", "no_chinese"),
    ("St Cuthman's High School", "school", "South East", "acknowledgement"),
    ("St Eanswythe's Church of England Academy", "school", "South East", "yes_both"),
    ("St Frideswide's Catholic Academy", "school", "London", "silent"),
    ("St Wystan's Community School", "school", "West Midlands", "other_chinese"),
    ("St Osyth's Grammar School (fictional)", "school", "East of England", "capabilities"),
    ("Kelderby Free School", "school", "Yorkshire and The Humber", "not_held"),
    ("Millbeck Primary Academy", "school", "North East", "silent"),
    ("Ysgol Cwm Aderyn", "school", "Wales", "yes_dahua"),
    ("Glenmorrow High School", "school", "Scotland", "no_chinese"),
    ("Brackenhurst Infant School", "school", "South East", "xlsx_register"),
    ("Thornwick Studio School", "school", "West Midlands", "silent"),
    ("Department of Fictional Affairs", "government", "London", "refusal"),
    ("Office of the Demo Regulator", "other", "London", "yes_hik"),
)

_REGION_NATION = {"Scotland": "scotland", "Wales": "wales", "Northern Ireland": "northern_ireland"}
_OFFICERS = ("Jo Marsh", "Priya Kettleby", "Sam Oduya", "Alex Penhallow", "Morgan Treloar", "Chris Dunmore")


@dataclass(frozen=True)
class DemoBody:
    name: str
    slug: str
    sector: str
    region: str
    nation: str
    style: str

    @property
    def email(self) -> str:
        return f"foi@{self.slug.removeprefix(SLUG_PREFIX)}.example.org"


def demo_bodies() -> list[DemoBody]:
    out = []
    for name, sector, region, style in BODIES:
        base = "".join(ch if ch.isalnum() else "-" for ch in name.lower().replace("'", "")).strip("-")
        while "--" in base:
            base = base.replace("--", "-")
        out.append(DemoBody(name, f"{SLUG_PREFIX}{base}"[:140], sector, region,
                            _REGION_NATION.get(region, "england"), style))
    return out


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class DemoReply:
    """One simulated reply: its text, attachments, and the codes the demo reviewer accepts."""

    body: str
    attachments: tuple[Attachment, ...] = ()
    codes: dict[str, Any] = field(default_factory=dict)
    days_after: int = 12


def _signature(i: int, body: DemoBody) -> str:
    officer = _OFFICERS[i % len(_OFFICERS)]
    user = officer.lower().replace(" ", ".")
    domain = body.email.split("@", 1)[1]
    return (f"\n\nYours sincerely\n\n{officer}\nInformation Governance Officer\n{body.name}\n"
            f"Direct line: 01632 96{i % 10}{(i * 7) % 10}{(i * 3) % 10}{i % 7}\n{user}@{domain}\n")


def _codes(kind: str = "substantive", *, hik: bool | None = None, dahua: bool | None = None,
           other: tuple[str, ...] = (), caps: tuple[str, ...] = (), in_use: tuple[str, ...] = (),
           refused: bool = False, ncnd: bool = False, exemptions: tuple[str, ...] = (),
           not_held: bool = False) -> dict[str, Any]:
    return {"kind": kind, "uses_hikvision": hik, "uses_dahua": dahua, "other_chinese_brands": list(other),
            "capabilities_present": list(caps), "capabilities_in_use": list(in_use), "refused": refused,
            "ncnd": ncnd, "exemptions": list(exemptions), "not_held": not_held}


def xlsx_register(rows: list[tuple[str, str, str, int]]) -> bytes:
    """An asset register workbook (site, make, model, quantity), built on the fly with XlsxWriter."""
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    sheet = book.add_worksheet("CCTV assets")
    for col, title in enumerate(("Site", "Manufacturer", "Model", "Quantity")):
        sheet.write(0, col, title)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            sheet.write(r, col, value)
    book.close()
    return buf.getvalue()


def pdf_letter(lines: list[str]) -> bytes:
    """A one-page PDF letter with a text layer (PDF 1.4, Helvetica; ISO 32000-1 §7.5 file structure)."""
    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    ops = ["BT", "/F1 11 Tf", "14 TL", "56 780 Td"]
    for line in lines:
        ops.append(f"({esc(line.encode('latin-1', 'replace').decode('latin-1'))}) Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def replies_for(i: int, body: DemoBody) -> list[DemoReply]:
    """The replies ``body`` sends (in order); empty for a body that never answers."""
    sig = _signature(i, body)
    greet = "Dear Ms Lovelace,\n\nThank you for your request for information, which we have considered under the "
    greet += ("Freedom of Information (Scotland) Act 2002.\n\n" if body.nation == "scotland"
              else "Freedom of Information Act 2000.\n\n")
    style = body.style
    if style == "silent":
        return []
    if style == "yes_hik":
        return [DemoReply(greet + "I can confirm that we use Hikvision cameras (24 in total) across our sites. "
                          "We do not use Dahua cameras. The cameras are not connected to the internet." + sig,
                          codes=_codes(hik=True, dahua=False))]
    if style == "yes_both":
        return [DemoReply(greet + "Our CCTV system includes Hikvision cameras and Dahua cameras, installed in "
                          "2019 by our maintenance contractor." + sig, codes=_codes(hik=True, dahua=True))]
    if style == "yes_dahua":
        return [DemoReply(greet + "We use Dahua cameras at our main building. We do not use any Hikvision "
                          "equipment." + sig, codes=_codes(hik=False, dahua=True))]
    if style == "no_chinese":
        return [DemoReply(greet + "Our cameras are made by Axis Communications. We do not use Hikvision or "
                          "Dahua cameras." + sig, codes=_codes(hik=False, dahua=False))]
    if style == "other_chinese":
        return [DemoReply(greet + "We use Uniview cameras supplied in 2020. We do not use Hikvision or Dahua "
                          "products." + sig, codes=_codes(hik=False, dahua=False, other=("Uniview",)))]
    if style == "capabilities":
        return [DemoReply(greet + "We use Hikvision cameras. Some of these cameras have facial recognition "
                          "capability, which is not enabled. Thermal imaging cameras are used at two sites. "
                          "We do not use Dahua." + sig,
                          codes=_codes(hik=True, dahua=False, caps=("face_recognition", "thermal"),
                                       in_use=("thermal",)))]
    if style == "refusal":
        return [DemoReply(greet + "We hold the information but are withholding it under section 24(1) "
                          "(national security) and section 31(1)(a) (law enforcement) of the Act. The public "
                          "interest favours withholding." + sig,
                          codes=_codes("refusal", refused=True, exemptions=("FOIA s24(1)", "FOIA s31(1)(a)")))]
    if style == "foisa_refusal":
        return [DemoReply(greet + "We are withholding this information under section 35(1)(a) of FOISA "
                          "(law enforcement)." + sig,
                          codes=_codes("refusal", refused=True, exemptions=("FOISA s35(1)(a)",)))]
    if style == "ncnd":
        return [DemoReply(greet + "We can neither confirm nor deny whether we hold this information, by virtue "
                          "of section 24(2) and section 31(3) of the Act." + sig,
                          codes=_codes("refusal", refused=True, ncnd=True, exemptions=("FOIA s24(2)", "FOIA s31(3)")))]
    if style == "not_held":
        return [DemoReply(greet + "We do not hold this information: our CCTV is provided and managed by a "
                          "third party." + sig, codes=_codes("not_held", not_held=True))]
    if style == "acknowledgement":
        return [DemoReply("Thank you for your email. Your request has been received and will be answered "
                          "within 20 working days." + sig, codes=_codes("acknowledgement"), days_after=1)]
    if style == "ack_then_yes":
        return [DemoReply("Thank you for your email. Your request has been logged." + sig,
                          codes=_codes("acknowledgement"), days_after=1),
                DemoReply(greet + "We use Hikvision cameras in our car parks. We do not use Dahua." + sig,
                          codes=_codes(hik=True, dahua=False), days_after=25)]
    if style == "partial":
        return [DemoReply(greet + "We use Hikvision cameras. We do not use Dahua. The locations of the cameras "
                          "are withheld under section 31(1)(a) of the Act." + sig,
                          codes=_codes("partial", hik=True, dahua=False, refused=True,
                                       exemptions=("FOIA s31(1)(a)",)))]
    if style == "xlsx_register":
        data = xlsx_register([("Main office", "Hikvision", "DS-2CD2143G2-I", 10),
                              ("Depot", "Axis", "P3245-V", 2)])
        return [DemoReply(greet + "Please find attached our CCTV asset register. It lists Hikvision cameras at "
                          "our main office and Axis cameras at the depot. We do not use Dahua." + sig,
                          attachments=(Attachment("cctv-assets.xlsx", "application/vnd.openxmlformats-"
                                                  "officedocument.spreadsheetml.sheet", data),),
                          codes=_codes(hik=True, dahua=False))]
    if style == "pdf_letter":
        letter = pdf_letter([f"{body.name}", "Freedom of Information response", "",
                             "We use Dahua cameras at our offices. We do not use Hikvision cameras.",
                             "Some cameras have face detection capability.", "", "Information Governance Team"])
        return [DemoReply("Please see the attached response letter." + sig,
                          attachments=(Attachment("response.pdf", "application/pdf", letter),),
                          codes=_codes(hik=False, dahua=True, caps=("face_detection",)))]
    raise ValueError(f"unknown demo reply style {style!r}")


def expected_codes(body: DemoBody, i: int) -> dict[str, Any] | None:
    """The accepted codes the statistics see for ``body`` (the last substantive answer), None if silent."""
    replies = replies_for(i, body)
    return replies[-1].codes if replies else None
