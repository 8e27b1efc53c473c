"""Labelled replies in documents: spreadsheets of assets, Word Q&A tables, PDF letters, scanned letters."""

from __future__ import annotations

from tests.coding.corpus_common import BODIES, QUESTIONS, RIGHTS, WELSH, Case, signature

HIK = "uses_hikvision"
DAH = "uses_dahua"
ATTACHED = "Dear Requester\n\nPlease find attached our response to your Freedom of Information request.\n\nKind regards\n\nFOI Team\n"


def asset_rows(total: bool, rows: list[tuple[str, str, str, int]]) -> list[list[str]]:
    out = [["Site", "Location", "Manufacturer", "Model", "Quantity"]]
    for i, (loc, make, model, qty) in enumerate(rows):
        out.append(["Main site" if i % 2 == 0 else "Annexe", loc, make, model, str(qty)])
    if total:
        out.append(["Total", "", "", "", str(sum(r[3] for r in rows))])
    return out


HIK_ROWS = [
    ("Main entrance", "Hikvision", "DS-2CD2143G2-I", 4),
    ("Car park", "Hikvision", "DS-2CD2T47G2-L", 6),
    ("Reception", "Hikvision", "DS-2CD2347G2-LU", 2),
    ("Server room", "Hikvision", "DS-7616NI-K2", 1),
]
MIXED_ROWS = [
    ("Corridors", "Axis", "P3245-LVE", 12),
    ("Sports hall", "Dahua", "IPC-HDW2431T-AS-S2", 3),
    ("Gate", "Dahua", "IPC-HFW2431S-S-S2", 2),
]
NON_CHINESE_ROWS = [
    ("Corridors", "Axis", "P3245-LVE", 10),
    ("Car park", "Bosch", "NBE-3502-AL", 4),
    ("Reception", "Hanwha", "XND-6080RV", 2),
]


def qa_rows(b, answers: list[str]) -> list[list[str]]:
    rows = [["Question", "Answer"]]
    for q, a in zip(QUESTIONS, answers, strict=True):
        rows.append([q.format(name=b.name), a])
    return rows


def build() -> list[Case]:
    c: list[Case] = []
    hik_models = ["DS-2CD2143G2-I", "DS-2CD2T47G2-L", "DS-2CD2347G2-LU", "DS-7616NI-K2"]
    mixed_models = ["P3245-LVE", "IPC-HDW2431T-AS-S2", "IPC-HFW2431S-S-S2"]
    other_models = ["P3245-LVE", "NBE-3502-AL", "XND-6080RV"]
    # Spreadsheets: asset lists with and without a total row (a list of rows states no total).
    c.append(Case("xlsx-assets-hik-total", "eml_xlsx", rows=asset_rows(True, HIK_ROWS), body_text=ATTACHED,
                  label={HIK: True, "models": hik_models, "camera_count": 13}))
    c.append(Case("xlsx-assets-hik", "xlsx", rows=asset_rows(False, HIK_ROWS), label={HIK: True, "models": hik_models}))
    c.append(Case("xlsx-assets-mixed", "eml_xlsx", rows=asset_rows(True, MIXED_ROWS), body_text=ATTACHED,
                  label={DAH: True, "models": mixed_models, "camera_count": 17}))
    c.append(Case("ods-assets-mixed", "ods", rows=asset_rows(False, MIXED_ROWS), label={DAH: True, "models": mixed_models}))
    c.append(Case("ods-assets-hik-total", "eml_ods", rows=asset_rows(True, HIK_ROWS), body_text=ATTACHED,
                  label={HIK: True, "models": hik_models, "camera_count": 13}))
    c.append(Case("xlsx-assets-nonchinese", "xlsx", rows=asset_rows(True, NON_CHINESE_ROWS), label={"models": other_models, "camera_count": 16}))
    # Word documents with a Question/Answer table.
    for i, (answers, label) in enumerate(
        [
            (["No", "No", "No", "Not applicable", "Not applicable", "Not applicable", "Not applicable"], {HIK: False, DAH: False}),
            (
                ["Yes", "No", "No", "28 cameras, model DS-2CD2386G2-IU", "Yes - face capture and line crossing", "Line crossing only; face capture is switched off", "No"],
                {HIK: True, DAH: False, "camera_count": 28, "models": ["DS-2CD2386G2-IU"], "capabilities_present": ["face_detection"], "internet_connected": False},
            ),
            (
                ["No", "Yes", "No", "6 Dahua cameras", "No", "N/A", "Yes, the NVR is accessible remotely via an app"],
                {HIK: False, DAH: True, "camera_count": 6, "internet_connected": True},
            ),
        ]
    ):
        b = BODIES[i + 2]
        fmt = "docx" if i != 1 else "eml_docx"
        c.append(Case(f"docx-qa-{i}", fmt, rows=qa_rows(b, answers), text=f"{b.name}\nFreedom of Information response\n",
                      body_text=ATTACHED, label=label))
    # PDF letters with a text layer.
    b = BODIES[16]
    c.append(Case("pdf-police-refusal", "pdf", text=(
        f"{b.name}\nFreedom of Information Unit\n\nDear Requester\n\nYour request for information about CCTV equipment has been "
        "considered. The information is exempt under sections 24(1) and 31(1)(a) of the Freedom of Information Act 2000.\n\n"
        + RIGHTS + "\n\nYours sincerely\n\nFreedom of Information Unit"),
        label={"kind": "refusal", "refused": True, "exemptions": ["FOIA s24(1)", "FOIA s31(1)(a)"]}))
    b = BODIES[8]
    c.append(Case("pdf-attached-hik", "eml_pdf", body_text=ATTACHED, subject="RE: FOI - Hikvision and Dahua cameras", text=(
        f"{b.name}\n\nFreedom of Information Act 2000 – Response\n\n1. Yes. The University operates 312 cameras, of which "
        "about 200 are Hikvision.\n2. Yes, there are some Dahua cameras in student accommodation.\n3. No.\n"
        "4. The model list is attached as Appendix A.\n5. No.\n6. Not applicable.\n7. The cameras are on a private network "
        "and are not connected to the internet.\n\nYours sincerely\n\nRecords Manager"),
        label={HIK: True, DAH: True, "camera_count": 312, "internet_connected": False},
        note="subject names the makers; only the letter counts"))
    b = BODIES[12]
    c.append(Case("pdf-attached-neither", "eml_pdf", body_text=ATTACHED, subject="FOI 2024/118 - Hikvision", text=(
        f"{b.name}\n\nDear Requester\n\nThe Council does not use any equipment made by Hikvision or Dahua, or by any other "
        "Chinese manufacturer. Our public space CCTV is made by Hanwha.\n\nYours sincerely\n\nCorporate Information Unit"),
        label={HIK: False, DAH: False}))
    # Scanned letters (image-only PDFs, read by OCR).
    b = BODIES[1]
    c.append(Case("scan-letter-no", "scan", text=(
        f"{b.name}\n\nDear Requester\n\nFreedom of Information request\n\nThank you for your request. The School does not use "
        "any CCTV equipment made by Hikvision or Dahua, and none of our cameras were made by any other Chinese company.\n\nYours sincerely\n\nBusiness Manager"),
        label={HIK: False, DAH: False}))
    b = BODIES[4]
    c.append(Case("scan-letter-hik", "eml_scan", body_text=ATTACHED, text=(
        f"{b.name}\n\nDear Requester\n\nThe Trust uses 42 Hikvision cameras across its three schools.\n"
        "We do not use Dahua equipment.\nThe cameras are not connected to the internet.\n\nYours faithfully\n\n"
        "Data Protection Officer"),
        label={HIK: True, DAH: False, "camera_count": 42, "internet_connected": False}))
    b = BODIES[17]
    c.append(Case("scan-letter-ncnd", "scan", text=(
        f"{b.name}\n\nDear Requester\n\nThe force can neither confirm nor deny whether it holds the information\n"
        "you have requested, by virtue of sections 24(2) and 31(3) of the Freedom of Information Act 2000.\n\n"
        "Yours sincerely\n\nInformation Access Team"),
        label={"kind": "refusal", "refused": True, "ncnd": True, "exemptions": ["FOIA s24(2)", "FOIA s31(3)"]}))
    # Plain text and HTML documents.
    b = BODIES[13]
    c.append(Case("txt-reply-dahua", "txt", text=(
        "Dear Requester\n\n1. No.\n2. Yes. We have 9 Dahua cameras at the household waste recycling centres.\n3. No.\n"
        "4. IPC-HFW1230S x 9\n5. No.\n6. N/A\n7. Yes, they upload footage to a cloud storage service.\n" + signature(b)),
        label={HIK: False, DAH: True, "camera_count": 9, "models": ["IPC-HFW1230S"], "internet_connected": True}))
    b = BODIES[15]
    c.append(Case("html-doc-uniview", "html", text=(
        f"<html><body><h1>{b.name}</h1><p>Dear Requester,</p><p>We do not use Hikvision or Dahua. Our 20 cameras are made by "
        "Uniview.</p><p>None of the cameras have facial recognition or other analytics.</p><p>Yours sincerely</p></body></html>"),
        label={HIK: False, DAH: False, "other_chinese_brands": ["Uniview"], "camera_count": 20}))
    # Welsh/English bilingual document.
    b = WELSH[2]
    c.append(Case("docx-welsh-bilingual", "docx", rows=[], text=(
        f"{b.name}\n\nAnnwyl Ymgeisydd,\n\nMae gan yr ysgol 24 o gamerâu Dahua. Nid ydym yn defnyddio Hikvision.\n\nYn gywir,\n\n"
        "Rheolwr Busnes\n\nDear Requester,\n\nThe school has 24 Dahua cameras. We do not use Hikvision.\n\nYours sincerely,\n\n"
        "Business Manager"),
        label={HIK: False, DAH: True, "camera_count": 24}))
    return c
