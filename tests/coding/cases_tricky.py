"""A second batch of labelled replies in phrasings the coder was not tuned on (written label-first)."""

from __future__ import annotations

from tests.coding.corpus_common import (
    BODIES,
    QUESTIONS,
    RIGHTS,
    SCOTTISH,
    WELSH,
    Case,
    outlook_thread,
    request_text,
    signature,
)

HIK = "uses_hikvision"
DAH = "uses_dahua"


def build() -> list[Case]:
    b = BODIES
    c: list[Case] = []

    def add(cid: str, text: str, label: dict, fmt: str = "eml", **kw) -> None:
        c.append(Case(cid, fmt, text, label, **kw))

    add("does-use", "Dear Requester\n\nWe can confirm that the College does use Hikvision cameras. We do not use Dahua.\n" + signature(b[6]),
        {HIK: True, DAH: False})
    add("pipe-table", "Dear Requester\n\n| Maker | In use? |\n| Hikvision | Yes |\n| Dahua | No |\n| Other Chinese makers | No |\n" + signature(b[7]),
        {HIK: True, DAH: False})
    add("key-value", "Dear Requester\n\nManufacturer: Hikvision\nNumber of cameras: 22\nInternet connected: No\n" + signature(b[8]),
        {HIK: True, "camera_count": 22, "internet_connected": False})
    add("dash-list", "Dear Requester\n\nHikvision – 12 cameras; Dahua – none.\n" + signature(b[9]),
        {HIK: True, DAH: False, "camera_count": 12})
    add("approx", "Dear Requester\n\nThe Trust's CCTV is provided by Hikvision (approx. 150 cameras across four hospitals).\n" + signature(b[14]),
        {HIK: True, "camera_count": 150})
    add("s31-abc", "Dear Requester\n\nThe information is exempt under section 31(1)(a), (b) and (c) of the Freedom of Information Act 2000.\n\n"
        + RIGHTS + signature(b[16]), {"kind": "refusal", "refused": True, "exemptions": ["FOIA s31(1)(a)", "FOIA s31(1)(b)", "FOIA s31(1)(c)"]})
    add("s24-s31-ab", "Dear Requester\n\nWe are withholding this information under Section 24(1) and Section 31(1)(a) and (b) of the FOIA.\n\n"
        + RIGHTS + signature(b[17]), {"kind": "refusal", "refused": True, "exemptions": ["FOIA s24(1)", "FOIA s31(1)(a)", "FOIA s31(1)(b)"]})
    add("ncnd-in-accordance", "Dear Requester\n\nIn accordance with sections 24(2) and 31(3) of the Act, the force neither confirms nor denies "
        "that it holds any information relevant to your request.\n\n" + RIGHTS + signature(b[16]),
        {"kind": "refusal", "refused": True, "ncnd": True, "exemptions": ["FOIA s24(2)", "FOIA s31(3)"]})
    add("foisa-s12", "Dear Requester\n\nUnder section 12(1) of the Freedom of Information (Scotland) Act 2002 we are not obliged to comply "
        "with your request, because the cost of doing so would exceed £600.\n\nIf you are dissatisfied you may ask the Scottish "
        "Information Commissioner to review our decision.\n" + signature(SCOTTISH[3]),
        {"kind": "refusal", "refused": True, "exemptions": ["FOISA s12(1)"]})
    add("eir-not-held", "Dear Requester\n\nWe have considered your request under the Environmental Information Regulations 2004. The "
        "information is not held, and regulation 12(4)(a) of the EIR applies.\n" + signature(b[13]),
        {"kind": "not_held", "not_held": True, "exemptions": ["EIR 12(4)(a)"]})
    add("s14-vexatious", "Dear Requester\n\nThe Council considers this request vexatious and refuses it under section 14(1) of the "
        "Freedom of Information Act.\n\n" + RIGHTS + signature(b[12]), {"kind": "refusal", "refused": True, "exemptions": ["FOIA s14(1)"]})
    add("auto-ack", "This is an automated acknowledgement. Your Freedom of Information request has been logged with reference "
        "FOI/24/1180. We will respond within 20 working days.\n\nPlease do not reply to this email.",
        {"kind": "acknowledgement"}, subject="Automatic acknowledgement: FOI/24/1180")
    add("did-until", "Dear Requester\n\nWe do not currently use Hikvision cameras, although we did until 2021.\n" + signature(b[2]),
        {HIK: False})
    add("not-used-any-site", "Dear Requester\n\nHikvision cameras are not used at any of our sites, and neither are Dahua cameras.\n" + signature(b[3]),
        {HIK: False, DAH: False})
    add("none-answer", "Dear Requester\n\n1. None. The Academy's CCTV is made by Axis.\n2. None.\n3. None.\n" + signature(b[0]),
        {HIK: False, DAH: False})
    add("letters-dash", "Dear Requester\n\n1. Yes\n2. No\n5.\na) facial detection or face capture - Yes (not in use)\n"
        "b) facial recognition - No\nc) thermal imaging - Yes, in use at reception\nd) age or gender - No\ne) behavioural analysis - No\n"
        "f) object detection - No\n" + signature(b[4]),
        {HIK: True, DAH: False, "capabilities_present": ["face_detection", "thermal"], "capabilities_in_use": ["thermal"]})
    add("hikmicro", "Dear Requester\n\nDuring the pandemic the College bought one HikMicro thermal camera for temperature screening. "
        "It is still in use at the main entrance.\n" + signature(b[6]),
        {"oem_brands": ["HikMicro"], "capabilities_present": ["thermal"], "capabilities_in_use": ["thermal"]})
    add("hiwatch", "Dear Requester\n\nThe school's system is a HiWatch kit with 8 cameras and a recorder.\n" + signature(b[1]),
        {"oem_brands": ["HiWatch"], "camera_count": 8})
    add("truvision", "Dear Requester\n\nOur system is Interlogix TruVision with 32 cameras. It is not connected to the internet.\n" + signature(b[11]),
        {"oem_brands": ["truVision"], "camera_count": 32, "internet_connected": False})
    add("thermal-switched-off", "Dear Requester\n\nWe operate 60 Hikvision cameras. Thermal temperature screening was used during COVID "
        "but has now been switched off.\n" + signature(b[5]),
        {HIK: True, "camera_count": 60, "capabilities_present": ["thermal"]})
    add("no-connection", "Dear Requester\n\nWe have 14 Dahua cameras. The NVR has no connection to the internet.\n" + signature(b[10]),
        {DAH: True, "camera_count": 14, "internet_connected": False})
    add("contractor-remote", "Dear Requester\n\nThe Council's 90 Hikvision cameras are accessible remotely by our security contractor "
        "over the internet.\n" + signature(b[11]), {HIK: True, "camera_count": 90, "internet_connected": True})
    add("apple-forward", "Hello,\n\nForwarding the answer from our IT manager.\n\nBegin forwarded message:\n\nFrom: IT Manager <it@example.org>\n"
        "Subject: CCTV\nDate: 20 March 2024 at 11:04:12 GMT\nTo: FOI <foi@example.org>\n\nWe have 25 Dahua cameras and no Hikvision.\n",
        {HIK: False, DAH: True, "camera_count": 25})
    qs = [q.format(name=b[9].name) for q in QUESTIONS]
    add("answer-prefix", f"Dear Requester\n\nPlease find our response below.\n\n{qs[0]}\nAnswer: No\n\n{qs[1]}\nAnswer: No\n\n{qs[6]}\n"
        "Answer: Not applicable\n" + signature(b[9]), {HIK: False, DAH: False})
    add("answer-all-no", "Dear Requester\n\nThank you for your request, copied here:\n\n" + request_text(b[10].name)
        + "\n\nThe answer to all of your questions is no.\n" + signature(b[10]), {HIK: False, DAH: False, "internet_connected": False},
        note="'no' to every question: Hikvision, Dahua and internet are all no")
    add("supplier-confirmed", "Dear Requester\n\nOur CCTV supplier has confirmed that none of the equipment is manufactured by Hikvision "
        "or Dahua.\n" + signature(b[12]), {HIK: False, DAH: False})
    add("twelve-words", "Dear Requester\n\nWe have twelve CCTV cameras, all made by Hikvision.\n" + signature(b[13]),
        {HIK: True, "camera_count": 12})
    add("swann-count", "Dear Requester\n\nThe school's 8 cameras are Swann.\n" + signature(b[1]), {"oem_brands": ["Swann"], "camera_count": 8})
    add("portal-welsh", "Annwyl Ymgeisydd / Dear Requester\n\nRhaid cyflwyno ceisiadau drwy ein ffurflen ar-lein. Requests must be "
        "submitted through our online form at https://www.example.gov.wales/foi.\n\nDiolch / Thank you\n" + WELSH[1].name,
        {"kind": "portal_redirect"})
    add("clarify-period", "Dear Requester\n\nCould you please specify the time period your request covers, and whether you mean "
        "cameras in schools maintained by the Council? We will not be able to process your request until we receive this.\n"
        + signature(b[12]), {"kind": "clarification"})
    add("foisa-fee", "Dear Requester\n\nThis is a fees notice under section 9 of the Freedom of Information (Scotland) Act 2002. "
        "The fee for providing the information is £30.00. Please pay within three months of the date of this notice.\n"
        + signature(SCOTTISH[0]), {"kind": "fee_notice"})
    add("html-ol", "<html><body><p>Dear Requester</p><ol><li>No</li><li>No</li><li>No</li><li>N/A</li><li>N/A</li><li>N/A</li>"
        "<li>N/A</li></ol><p>Regards</p><p>Clerk</p></body></html>", {HIK: False, DAH: False}, fmt="eml_html")
    add("docx-dahua-letter", f"{b[15].name}\n\nDear Requester\n\nThe Trust uses Dahua cameras (model IPC-HDBW2431E-S-S2) at three community "
        "clinics, 18 cameras in total. We do not use Hikvision.\n\nYours sincerely\n\nHead of Information Governance",
        {HIK: False, DAH: True, "camera_count": 18, "models": ["IPC-HDBW2431E-S-S2"]}, fmt="docx")
    add("scan-s43", f"{b[14].name}\n\nDear Requester\n\nWe use Hikvision cameras. The number of cameras and the model numbers are "
        "exempt under section 43(2) of the Freedom of Information Act (commercial interests).\n\nYours sincerely\n\nFOI Lead",
        {"kind": "partial", HIK: True, "refused": True, "exemptions": ["FOIA s43(2)"]}, fmt="scan")
    add("hik-in-subject-only", "Dear Requester\n\nThank you for your request. We have no CCTV cameras at our offices.\n" + signature(b[18])
        + outlook_thread(b[18].name), {HIK: False, DAH: False, "camera_count": 0}, subject="RE: Hikvision and Dahua cameras")
    return c
