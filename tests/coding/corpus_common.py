"""Shared pieces of the labelled corpus: fictional bodies, the request quoted back, signatures.

Every body here is invented. The request text mirrors coding/scheme/request.yml (itself the default
campaign request), because replies quote it back and the coder must not code what it asks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LABEL_DEFAULTS: dict[str, Any] = {
    "kind": "substantive",
    "uses_hikvision": None,
    "uses_dahua": None,
    "other_chinese_brands": [],
    "oem_brands": [],
    "models": [],
    "camera_count": None,
    "capabilities_present": [],
    "capabilities_in_use": [],
    "internet_connected": None,
    "refused": False,
    "ncnd": False,
    "exemptions": [],
    "not_held": False,
}


@dataclass
class Body:
    name: str
    short: str  # "the School", "the Council" ...
    domain: str
    sector: str
    officer: str


BODIES = [
    Body("St Aldric's Academy", "the Academy", "staldrics.example.org.uk", "school", "Mrs J. Pennant"),
    Body("Northmoor High School", "the School", "northmoorhigh.example.sch.uk", "school", "Business Manager"),
    Body("Fenwick Park School", "the School", "fenwickpark.example.sch.uk", "school", "Ms A. Okafor"),
    Body("Kingsmead Grammar School", "the School", "kingsmead.example.sch.uk", "school", "Bursar"),
    Body("Westerley Learning Trust", "the Trust", "westerley.example.org.uk", "school", "Data Protection Officer"),
    Body("Little Hatherby C of E Academy", "the Academy", "hatherby.example.sch.uk", "school", "Office Manager"),
    Body("Saltbeck College", "the College", "saltbeck.example.ac.uk", "fe_college", "Information Governance Officer"),
    Body("Brackenfield Sixth Form College", "the College", "brackenfield.example.ac.uk", "fe_college", "Clerk to the Corporation"),
    Body("University of Northmoor", "the University", "northmoor.example.ac.uk", "university", "Information Compliance Team"),
    Body("Caldervale University", "the University", "caldervale.example.ac.uk", "university", "Records Manager"),
    Body("Northmoor Borough Council", "the Council", "northmoor.example.gov.uk", "council", "Information Governance Team"),
    Body("Eastwold District Council", "the Council", "eastwold.example.gov.uk", "council", "FOI Officer"),
    Body("Ravensby City Council", "the Council", "ravensby.example.gov.uk", "council", "Corporate Information Unit"),
    Body("Fenmarsh County Council", "the Council", "fenmarsh.example.gov.uk", "council", "Information Rights Team"),
    Body("Northmoor Hospitals NHS Foundation Trust", "the Trust", "northmoor-hospitals.example.nhs.uk", "nhs_trust", "FOI Lead"),
    Body("Eastwold Community Health NHS Trust", "the Trust", "eastwold-health.example.nhs.uk", "nhs_trust", "Head of Information Governance"),
    Body("Northmoor Constabulary", "the Force", "northmoor.police.example.uk", "police", "Freedom of Information Unit"),
    Body("Ravensby Police", "the Force", "ravensby.police.example.uk", "police", "Information Access Team"),
    Body("Department for Coastal Affairs", "the Department", "coastal.example.gov.uk", "government", "FOI Team"),
]
SCOTTISH = [
    Body("Glenarden Council", "the Council", "glenarden.example.gov.scot", "council", "Information Governance"),
    Body("Inverlochy Council", "the Council", "inverlochy.example.gov.scot", "council", "FOISA Officer"),
    Body("NHS Glenarden", "the Board", "glenarden.example.scot.nhs.uk", "nhs_trust", "FOI Co-ordinator"),
    Body("University of Strathmoor", "the University", "strathmoor.example.ac.uk", "university", "Information Compliance"),
]
WELSH = [
    Body("Caerwen County Council", "the Council", "caerwen.example.gov.wales", "council", "Swyddog Rhyddid Gwybodaeth / FOI Officer"),
    Body("Bryngarw County Borough Council", "the Council", "bryngarw.example.gov.wales", "council", "Tîm Llywodraethu Gwybodaeth"),
    Body("Ysgol Uwchradd Caerwen", "the School", "ysgolcaerwen.example.cymru", "school", "Rheolwr Busnes / Business Manager"),
]


def body(i: int) -> Body:
    return BODIES[i % len(BODIES)]


QUESTIONS = [
    "Does {name} use any equipment made by Hikvision, including equipment sold under Hikvision's own brands (for example HiLook, HiWatch or Ezviz)?",
    "Does {name} use any equipment made by Dahua, including equipment sold under Dahua's own brands (for example Imou)?",
    "Does {name} use any surveillance camera equipment made by another company headquartered in China (for example Uniview, Huawei, Tiandy or Kedacom)? If so, please name the makers.",
    "For the equipment in questions 1 to 3, please list the model numbers and the number of units of each model in use.",
    "Does any of the equipment in questions 1 to 3 have any of the following capabilities, whether or not they are switched on:",
    "For each capability in question 5 that the equipment has, is it in use?",
    "Is any of the equipment in questions 1 to 3 connected to the internet (for example for remote viewing, cloud storage or updates from the maker)?",
]
Q5_PARTS = [
    "a) facial detection or face capture;",
    "b) facial recognition (matching faces against a list or library);",
    "c) thermal imaging or temperature screening;",
    "d) detection or classification of age, gender, ethnicity or any other personal characteristic;",
    "e) behavioural analysis (for example loitering, fighting, running or crowd detection);",
    "f) object detection (for example unattended bags, face masks, or person and vehicle classification)?",
]


def request_text(name: str, *, quote: str = "") -> str:
    """The campaign request as sent to ``name`` (optionally every line prefixed, e.g. "> ")."""
    lines = [
        "Dear Freedom of Information Officer,",
        "",
        "I am writing to make a request for information under the Freedom of Information Act 2000.",
        "",
        "Please answer the following questions about the CCTV and other surveillance camera equipment "
        f"(including cameras, body-worn cameras, thermal cameras, video recorders and video management software) that {name} owns, leases or operates, or that is operated on its behalf:",
        "",
    ]
    for i, q in enumerate(QUESTIONS, 1):
        lines.append(f"{i}. {q.format(name=name)}")
        if i == 5:
            lines.extend(f"   {p}" for p in Q5_PARTS)
        lines.append("")
    lines += [
        "If you consider that part of this request is exempt, please answer the other parts and state, for each part withheld, the exemption you rely on. If you do not hold some of the information, please say so.",
        "",
        "Yours faithfully,",
        "",
        "Alex Requester",
    ]
    return "\n".join(quote + line if line else quote.rstrip() for line in lines)


def outlook_thread(name: str, when: str = "14 March 2024 09:12") -> str:
    return (
        "\n\n________________________________\n"
        "From: Alex Requester <foi+request-1234@whoswatching.example.org>\n"
        f"Sent: {when}\n"
        f"To: FOI <foi@example.org>\n"
        "Subject: Freedom of Information request: surveillance camera equipment\n\n" + request_text(name)
    )


def gmail_thread(name: str) -> str:
    return "\n\nOn Thu, 14 Mar 2024 at 09:12, Alex Requester <foi+request-1234@whoswatching.example.org> wrote:\n" + request_text(
        name, quote="> "
    )


DISCLAIMER = (
    "DISCLAIMER: This email and any attachments are confidential and intended solely for the addressee. "
    "If you are not the intended recipient please notify the sender and delete it. Views expressed in this "
    "message are those of the sender. Emails to and from the Council may be monitored. We offer face-to-face "
    "appointments at our customer service centres."
)
RIGHTS = (
    "If you are dissatisfied with the handling of your request, you have the right to ask for an internal "
    "review. Internal review requests should be submitted within 40 working days of the date of this response. "
    "If you are not content with the outcome of the internal review, you have the right to apply directly to "
    "the Information Commissioner for a decision. The Information Commissioner can be contacted at: "
    "Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, Cheshire, SK9 5AF."
)
RIGHTS_SCOT = (
    "If you are unhappy with this response you may ask us to carry out an internal review within 40 working "
    "days. If you remain dissatisfied you have the right to apply to the Scottish Information Commissioner "
    "for a decision."
)


def signature(b: Body, *, extra: str = "") -> str:
    return f"\n\nKind regards\n\n{b.officer}\n{b.name}\nTel: 01632 960 123\n{extra}"


@dataclass
class Case:
    """One labelled reply: how to build it and what the codebook says it is."""

    id: str
    fmt: str  # eml, eml_html, eml_pdf, eml_docx, eml_xlsx, eml_ods, eml_scan, pdf, scan, docx, xlsx, ods, txt, html
    text: str = ""
    label: dict[str, Any] = field(default_factory=dict)
    subject: str = "RE: Freedom of Information request: surveillance camera equipment"
    sender: str = ""
    body_text: str = ""  # mail body when the answer is in an attachment
    rows: list[list[str]] = field(default_factory=list)  # tables for docx/xlsx/ods
    note: str = ""

    def full_label(self) -> dict[str, Any]:
        out = dict(LABEL_DEFAULTS)
        unknown = set(self.label) - set(LABEL_DEFAULTS)
        if unknown:
            raise ValueError(f"{self.id}: unknown label fields {sorted(unknown)}")
        out.update(self.label)
        for key in ("other_chinese_brands", "oem_brands", "models", "exemptions"):
            out[key] = sorted(out[key])
        order = ["face_detection", "face_recognition", "thermal", "demographic", "behavioural", "object_detection"]
        for key in ("capabilities_present", "capabilities_in_use"):
            out[key] = [c for c in order if c in out[key]]
        return out
