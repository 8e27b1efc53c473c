"""Word processing documents: DOCX with python-docx, ODT from ``content.xml`` with defusedxml.

DOCX body order is kept (paragraphs and tables as they appear, ECMA-376 Part 1 §17.2.2 ``w:body``),
so a table of camera models stays next to the paragraph that introduces it. ODT is read as
OASIS ODF 1.2 Part 1 §5 (``text:p``, ``text:h``, ``table:table``) with defusedxml, which refuses
entity expansion and external entities. Containers are size-checked by ``archive.check_container``
before these run.
"""

from __future__ import annotations

import io
import zipfile
from importlib.metadata import version

import defusedxml.ElementTree as DET
from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from whoswatching.intake.extract.result import Extraction, Quarantine
from whoswatching.intake.extract.text import table_to_text

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_table(table: Table) -> list[list[str]]:
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            rows.append(cells)
    return rows


def extract_docx(data: bytes, result: Extraction) -> Extraction:
    """Paragraphs and tables of a DOCX, in document order."""
    try:
        doc = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise Quarantine(f"corrupt DOCX: {type(exc).__name__}: {exc}") from exc
    except Exception as exc:  # lxml and python-docx raise assorted errors for damaged parts
        raise Quarantine(f"corrupt DOCX: {type(exc).__name__}: {exc}") from exc
    chunks: list[str] = []
    for child in doc.element.body.iterchildren():
        if child.tag == f"{_W}p":
            text = Paragraph(child, doc).text
            if text.strip():
                chunks.append(text)
        elif child.tag == f"{_W}tbl":
            rows = _docx_table(Table(child, doc))
            if rows:
                result.tables.append(rows)
                result.table_titles.append(f"table {len(result.tables)}")
                chunks.append(table_to_text(rows))
    for section in doc.sections:
        for part in (section.header, section.footer):
            try:
                extra = "\n".join(p.text for p in part.paragraphs if p.text.strip())
            except Exception:  # a damaged header must not lose the body
                continue
            if extra and extra not in chunks:
                chunks.append(extra)
    result.method = "docx"
    result.text = "\n".join(chunks)
    result.tool = f"python-docx {version('python-docx')}"
    return result


_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
}
_TEXT = "{" + _NS["text"] + "}"
_TABLE = "{" + _NS["table"] + "}"


def _odf_text(element) -> str:  # type: ignore[no-untyped-def]
    parts: list[str] = []
    if element.text:
        parts.append(element.text)
    for child in element:
        if child.tag == f"{_TEXT}s":
            parts.append(" " * int(child.get(f"{_TEXT}c", "1") or 1))
        elif child.tag == f"{_TEXT}tab":
            parts.append("\t")
        elif child.tag == f"{_TEXT}line-break":
            parts.append("\n")
        else:
            parts.append(_odf_text(child))
        if child.tail:
            parts.append(child.tail)
    return "".join(parts)


def extract_odt(data: bytes, result: Extraction, *, max_xml_bytes: int) -> Extraction:
    """Headings, paragraphs and tables of an OpenDocument text file."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = zf.getinfo("content.xml")
            if info.file_size > max_xml_bytes:
                raise Quarantine(f"ODT content.xml of {info.file_size:,} bytes exceeds the limit")
            root = DET.fromstring(zf.read("content.xml"))
    except Quarantine:
        raise
    except Exception as exc:  # BadZipFile, KeyError, ParseError, defusedxml's EntitiesForbidden...
        raise Quarantine(f"corrupt ODT: {type(exc).__name__}: {exc}") from exc
    chunks: list[str] = []
    body = root.find("office:body/office:text", _NS)
    if body is None:
        raise Quarantine("corrupt ODT: no office:text body")

    def walk(element) -> None:  # type: ignore[no-untyped-def]
        for child in element:
            if child.tag in (f"{_TEXT}p", f"{_TEXT}h"):
                text = _odf_text(child)
                if text.strip():
                    chunks.append(text)
            elif child.tag == f"{_TABLE}table":
                rows: list[list[str]] = []
                for row in child.iter(f"{_TABLE}table-row"):
                    cells = [" ".join(_odf_text(c).split()) for c in row if c.tag == f"{_TABLE}table-cell"]
                    if any(cells):
                        rows.append(cells)
                if rows:
                    result.tables.append(rows)
                    result.table_titles.append(child.get(f"{_TABLE}name") or f"table {len(result.tables)}")
                    chunks.append(table_to_text(rows))
            else:
                walk(child)

    walk(body)
    result.method = "odt"
    result.text = "\n".join(chunks)
    result.tool = f"defusedxml {version('defusedxml')}"
    return result
