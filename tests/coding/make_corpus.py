"""Write the labelled coding corpus under tests/coding/corpus/ (deterministic; re-run to regenerate).

    .venv/bin/python -m tests.coding.make_corpus          # rewrite every case
    .venv/bin/python -m tests.coding.make_corpus --check  # fail if a committed file differs

Each case is a reply file (``.eml`` with its attachments, or a bare ``.pdf``/``.docx``/``.xlsx``/``.ods``/
``.txt``/``.html``) plus ``<id>.json``: the codebook fields a person reading the reply would code,
written by hand in the ``cases_*.py`` modules (never copied from the coder's output). Bodies are
fictional. Dates, MIME boundaries, ZIP timestamps and PDF ids are fixed so the bytes never change.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
import zipfile
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

from tests.coding import cases_answers, cases_documents, cases_refusals, cases_traps, cases_tricky
from tests.coding.corpus_common import Case

CORPUS = Path(__file__).resolve().parent / "corpus"
FIXED = datetime(2024, 3, 28, 10, 30, tzinfo=UTC)
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
EXT = {
    "eml": "eml", "eml_html": "eml", "eml_pdf": "eml", "eml_docx": "eml", "eml_xlsx": "eml", "eml_ods": "eml",
    "eml_scan": "eml", "pdf": "pdf", "scan": "pdf", "docx": "docx", "xlsx": "xlsx", "ods": "ods", "txt": "txt",
    "html": "html",
}
MIME = {
    "pdf": ("application", "pdf"),
    "docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "ods": ("application", "vnd.oasis.opendocument.spreadsheet"),
}


def all_cases() -> list[Case]:
    cases = cases_answers.build() + cases_refusals.build() + cases_documents.build() + cases_tricky.build() + cases_traps.build()
    seen: set[str] = set()
    for c in cases:
        if c.id in seen:
            raise ValueError(f"duplicate case id {c.id}")
        seen.add(c.id)
    return cases


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite a ZIP with constant timestamps and order (Office files embed the time of writing)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 3, 28, 10, 30, 0))
            fixed.compress_type = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def text_pdf(text: str) -> bytes:
    from fpdf import FPDF

    class _Pdf(FPDF):
        def file_id(self) -> str:  # fixed document id
            return "<00000000000000000000000000000000><00000000000000000000000000000000>"

    pdf = _Pdf(format="A4")
    pdf.set_creation_date(FIXED)
    pdf.add_font("DejaVu", fname=FONT)
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def scan_pdf(text: str) -> bytes:
    """An image-only PDF (a 'scanned letter'): text drawn on a 200 dpi A4 page, no text layer."""
    from PIL import Image, ImageDraw, ImageFont

    dpi = 200
    img = Image.new("L", (int(8.27 * dpi), int(11.69 * dpi)), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 30)
    y = 160
    for para in text.split("\n"):
        line = ""
        for word in para.split(" "):
            trial = (line + " " + word).strip()
            if draw.textlength(trial, font=font) > img.width - 320:
                draw.text((160, y), line, fill=0, font=font)
                y += 46
                line = word
            else:
                line = trial
        draw.text((160, y), line, fill=0, font=font)
        y += 46
    out = io.BytesIO()
    img.save(out, "PDF", resolution=dpi, creationDate=FIXED.timetuple(), modDate=FIXED.timetuple())
    return out.getvalue()


def docx_bytes(text: str, rows: list[list[str]]) -> bytes:
    import docx

    doc = docx.Document()
    doc.core_properties.created = FIXED.replace(tzinfo=None)
    doc.core_properties.modified = FIXED.replace(tzinfo=None)
    doc.core_properties.author = "whoswatching corpus"
    for para in text.split("\n"):
        doc.add_paragraph(para)
    if rows:
        table = doc.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for k, cell in enumerate(row):
                table.cell(r, k).text = cell
    out = io.BytesIO()
    doc.save(out)
    return _fixed_zip(out.getvalue())


def xlsx_bytes(rows: list[list[str]]) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    wb.set_properties({"created": FIXED.replace(tzinfo=None), "author": "whoswatching corpus"})
    ws = wb.add_worksheet("CCTV assets")
    for r, row in enumerate(rows):
        for k, cell in enumerate(row):
            if cell.isdigit():
                ws.write_number(r, k, int(cell))
            else:
                ws.write_string(r, k, cell)
    wb.close()
    return _fixed_zip(out.getvalue())


def ods_bytes(rows: list[list[str]]) -> bytes:
    """A minimal OpenDocument spreadsheet written by hand (one sheet)."""
    cells = []
    for row in rows:
        tds = []
        for cell in row:
            if cell.isdigit():
                tds.append(f'<table:table-cell office:value-type="float" office:value="{cell}"><text:p>{cell}</text:p></table:table-cell>')
            elif cell:
                tds.append(f'<table:table-cell office:value-type="string"><text:p>{escape(cell)}</text:p></table:table-cell>')
            else:
                tds.append("<table:table-cell/>")
        cells.append("<table:table-row>" + "".join(tds) + "</table:table-row>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="CCTV assets">'
        + "".join(cells)
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", manifest)
    return _fixed_zip(out.getvalue())


def document(case: Case, kind: str) -> bytes:
    if kind == "pdf":
        return text_pdf(case.text)
    if kind == "scan":
        return scan_pdf(case.text)
    if kind == "docx":
        return docx_bytes(case.text, case.rows)
    if kind == "xlsx":
        return xlsx_bytes(case.rows)
    if kind == "ods":
        return ods_bytes(case.rows)
    raise ValueError(kind)


def email_bytes(case: Case) -> bytes:
    msg = EmailMessage()
    sender = case.sender or "foi@example.org"
    msg["From"] = sender
    msg["To"] = "foi+request-1234@whoswatching.example.org"
    msg["Subject"] = case.subject
    msg["Date"] = format_datetime(FIXED)
    digest = hashlib.sha1(case.id.encode()).hexdigest()[:16]
    msg["Message-ID"] = f"<{digest}@corpus.whoswatching.example>"
    msg["In-Reply-To"] = "<request-1234@whoswatching.example.org>"
    if case.fmt == "eml":
        msg.set_content(case.text)
    elif case.fmt == "eml_html":
        msg.set_content(case.text, subtype="html")
    else:
        kind = case.fmt.split("_", 1)[1]
        msg.set_content(case.body_text)
        data = document(case, kind)
        real = "pdf" if kind == "scan" else kind
        maintype, subtype = MIME[real]
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=f"FOI response {case.id}.{real}")
        msg.set_boundary(f"=={digest}==")
    return bytes(msg)


def case_bytes(case: Case) -> bytes:
    if case.fmt.startswith("eml"):
        return email_bytes(case)
    if case.fmt in ("txt", "html"):
        return case.text.encode("utf-8")
    return document(case, case.fmt)


def write(check: bool = False) -> int:
    CORPUS.mkdir(exist_ok=True)
    differ = 0
    wanted: set[str] = set()
    for case in all_cases():
        name = f"{case.id}.{EXT[case.fmt]}"
        files = {name: case_bytes(case)}
        label = {"file": name, **case.full_label()}
        if case.note:
            label["note"] = case.note
        files[f"{case.id}.json"] = (json.dumps(label, indent=2, ensure_ascii=False) + "\n").encode()
        for fname, data in files.items():
            wanted.add(fname)
            path = CORPUS / fname
            if path.exists() and path.read_bytes() == data:
                continue
            differ += 1
            if check:
                print(f"differs: {fname}", file=sys.stderr)
            else:
                path.write_bytes(data)
    stale = [p for p in CORPUS.iterdir() if p.name not in wanted]
    for p in stale:
        differ += 1
        if check:
            print(f"stale: {p.name}", file=sys.stderr)
        else:
            p.unlink()
    return differ


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report files that differ instead of writing")
    args = parser.parse_args(argv)
    n = write(check=args.check)
    print(f"{len(all_cases())} cases; {n} file(s) {'differ' if args.check else 'written'}")
    return 1 if args.check and n else 0


if __name__ == "__main__":
    raise SystemExit(main())
