"""Generate test documents on the fly (fictional bodies only): text PDFs, scans, office files, bombs."""

from __future__ import annotations

import functools
import io
import zipfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)


def font(size: int = 48) -> ImageFont.FreeTypeFont:
    for path in FONT_CANDIDATES:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    raise RuntimeError("no TTF font found: apt-get install fonts-dejavu-core (listed in scripts/bootstrap.sh)")


def text_image(lines: list[str], *, size: tuple[int, int] = (1700, 900)) -> Image.Image:
    """A white page with black text, as a scanner would produce it (about 200 dpi)."""
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    face = font(44)
    y = 80
    for line in lines:
        draw.text((80, y), line, fill=0, font=face)
        y += 80
    return image


def png_bytes(image: Image.Image, fmt: str = "PNG") -> bytes:
    buf = io.BytesIO()
    image.save(buf, format=fmt)
    return buf.getvalue()


def scanned_pdf(lines: list[str]) -> bytes:
    """An image-only PDF page (no text layer), like a scanned letter."""
    buf = io.BytesIO()
    text_image(lines).convert("RGB").save(buf, format="PDF", resolution=200)
    return buf.getvalue()


def _pdf(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def text_pdf(pages: list[list[str]], *, table: list[list[str]] | None = None) -> bytes:
    """A PDF with a real text layer (Helvetica); ``table`` is drawn with ruling lines on page 1."""
    n = len(pages)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n))
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode(),
    ]
    font_obj = 3 + 2 * n
    for index, lines in enumerate(pages):
        ops = ["BT /F1 12 Tf 72 760 Td 16 TL"]
        for line in lines:
            ops.append(f"({line.replace('(', '[').replace(')', ']')}) Tj T*")
        ops.append("ET")
        if table and index == 0:
            top, row_h, col_w, left = 600, 24, 150, 72
            cols = len(table[0])
            for r in range(len(table) + 1):
                y = top - r * row_h
                ops.append(f"{left} {y} m {left + cols * col_w} {y} l S")
            for c in range(cols + 1):
                x = left + c * col_w
                ops.append(f"{x} {top} m {x} {top - len(table) * row_h} l S")
            for r, row in enumerate(table):
                for c, cell in enumerate(row):
                    ops.append(f"BT /F1 11 Tf {left + c * col_w + 6} {top - (r + 1) * row_h + 8} Td ({cell}) Tj ET")
        stream = "\n".join(ops).encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 {font_obj} 0 R >> >> "
            f"/Contents {4 + 2 * index} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return _pdf(objects)


def many_page_pdf(count: int) -> bytes:
    """A valid PDF of ``count`` empty pages, built with PDFium in well under a second."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument.new()
    for _ in range(count):
        doc.new_page(200, 200)
    buf = io.BytesIO()
    doc.save(buf)
    doc.close()
    return buf.getvalue()


def encrypted_pdf(tmp_path: Path) -> bytes:
    """A PDF that needs a user password, encrypted with qpdf (AES-256)."""
    import subprocess

    src = tmp_path / "plain.pdf"
    dst = tmp_path / "locked.pdf"
    src.write_bytes(text_pdf([["Secret camera list"]]))
    subprocess.run(["qpdf", "--encrypt", "user-pw", "owner-pw", "256", "--", str(src), str(dst)], check=True)
    return dst.read_bytes()


def docx_bytes(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    from docx import Document

    doc = Document()
    for p in paragraphs:
        doc.add_paragraph(p)
    if table:
        t = doc.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                t.cell(r, c).text = cell
        doc.add_paragraph("End of table.")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def xlsx_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
    book.close()
    return buf.getvalue()


def _odf(mimetype: str, body: str, office_body: str) -> bytes:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2">'
        f"<office:body><office:{office_body}>{body}</office:{office_body}></office:body></office:document-content>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", "<manifest/>")
    return buf.getvalue()


def _odf_table(rows: list[list[str]], name: str = "Sheet1") -> str:
    cells = "".join(
        "<table:table-row>" + "".join(f"<table:table-cell office:value-type=\"string\"><text:p>{c}</text:p></table:table-cell>" for c in row)
        + "</table:table-row>" for row in rows
    )
    return f'<table:table table:name="{name}">{cells}</table:table>'


def odt_bytes(paragraphs: list[str], table: list[list[str]]) -> bytes:
    body = "".join(f"<text:p>{p}</text:p>" for p in paragraphs) + _odf_table(table, "Cameras")
    return _odf("application/vnd.oasis.opendocument.text", body, "text")


def ods_bytes(rows: list[list[str]]) -> bytes:
    return _odf("application/vnd.oasis.opendocument.spreadsheet", _odf_table(rows), "spreadsheet")


def zip_bytes(members: dict[str, bytes], *, symlink: str | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.create_system = 3
            info.external_attr = (0o120777 << 16)
            zf.writestr(info, "/etc/passwd")
    return buf.getvalue()


@functools.cache
def zip_bomb(uncompressed: int = 200 * 1024 * 1024) -> bytes:
    """A ZIP whose one member inflates ~1000:1 (zeros), written in streamed chunks."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf, zf.open(
        "report.csv", "w", force_zip64=True
    ) as fh:
        chunk = b"\0" * (4 * 1024 * 1024)
        for _ in range(uncompressed // len(chunk)):
            fh.write(chunk)
    return buf.getvalue()


def image_bomb(side: int = 100_000) -> bytes:
    """A tiny PNG that declares side x side pixels (a real header, CRCs correct, no pixels)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b"")
