"""PDF text and tables with pdfplumber; pages without a text layer rendered with pypdfium2 and OCR'd.

The page count is read with PDFium before anything else so a 10,000-page PDF is quarantined
without parsing its pages. A PDF that needs a user password is quarantined (ISO 32000-1 §7.6:
one with only an owner password opens and is read). A page counts as having no text layer when
pdfplumber finds fewer than ``_MIN_CHARS`` non-blank characters on it; such a page is rendered at
``Limits.ocr_dpi`` and read by tesseract. ``page_methods`` records the method of each page.
"""

from __future__ import annotations

import io
import logging
from importlib.metadata import version

import pdfplumber
import pypdfium2 as pdfium
from pdfminer.pdfdocument import PDFPasswordIncorrect

from whoswatching.intake.extract.limits import Limits
from whoswatching.intake.extract.ocr import Deadline, OcrTimeout, OcrUnavailable, ocr_image, tesseract_version
from whoswatching.intake.extract.result import Extraction, Quarantine

_MIN_CHARS = 10

for _name in ("pdfminer", "pdfplumber"):
    logging.getLogger(_name).setLevel(logging.ERROR)


def _page_count(data: bytes) -> int:
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise Quarantine("encrypted PDF: it needs a password to open; ask the body for an unprotected copy") from exc
        raise Quarantine(f"corrupt PDF: PDFium cannot open it ({message})") from exc
    try:
        return len(doc)
    finally:
        doc.close()


def _close(pdf: pdfplumber.PDF) -> None:
    try:
        pdf.close()
    except Exception:  # pdfplumber walks the page tree again on close; a broken tree must not raise here
        pdf.stream.close()


def _clean_table(table: list[list[str | None]]) -> list[list[str]]:
    rows = [[" ".join((cell or "").split()) for cell in row] for row in table]
    return [row for row in rows if any(row)]


def extract_pdf(data: bytes, result: Extraction, *, limits: Limits) -> Extraction:
    """Fill ``result`` with the text, tables and per-page methods of a PDF."""
    n_pages = _page_count(data)
    result.pages = n_pages
    if n_pages > limits.max_pdf_pages:
        raise Quarantine(
            f"PDF of {n_pages:,} pages exceeds the limit of {limits.max_pdf_pages:,} (WHOSWATCHING_MAX_PDF_PAGES)"
        )
    deadline = Deadline(limits.ocr_timeout_seconds)
    texts: list[str] = []
    ocr_pages: list[int] = []
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PDFPasswordIncorrect as exc:
        raise Quarantine("encrypted PDF: it needs a password to open; ask the body for an unprotected copy") from exc
    except Exception as exc:  # pdfminer raises many types for broken files; PDFium is more forgiving
        return _extract_with_pdfium(data, result, limits=limits, deadline=deadline, why=exc)
    try:
        try:
            pages = list(pdf.pages)
        except Exception as exc:  # PdfminerException, PSSyntaxError... on a broken page tree
            return _extract_with_pdfium(data, result, limits=limits, deadline=deadline, why=exc)
        for number, page in enumerate(pages, start=1):
            try:
                page_text = page.extract_text() or ""
                tables = [_clean_table(t) for t in page.extract_tables()]
            except Exception as exc:  # one broken page must not lose the others
                result.warnings.append(f"page {number}: text layer unreadable ({type(exc).__name__})")
                page_text, tables = "", []
            for table in tables:
                if table:
                    result.tables.append(table)
                    result.table_titles.append(f"page {number}")
            texts.append(_text_or_ocr(data, number, page_text, limits=limits, deadline=deadline, result=result,
                                      ocr_pages=ocr_pages))
    finally:
        _close(pdf)
    return _finish(result, texts, ocr_pages, tool=f"pdfplumber {version('pdfplumber')}")


def _extract_with_pdfium(data: bytes, result: Extraction, *, limits: Limits, deadline: Deadline,
                         why: Exception) -> Extraction:
    """Fallback when pdfminer cannot parse the file: PDFium's text layer per page (no tables), OCR as usual."""
    result.warnings.append(f"pdfplumber could not read the file ({type(why).__name__}); text read with PDFium, tables not detected")
    texts: list[str] = []
    ocr_pages: list[int] = []
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise Quarantine(f"corrupt PDF: {exc}") from exc
    try:
        for number in range(1, len(doc) + 1):
            try:
                textpage = doc[number - 1].get_textpage()
                page_text = textpage.get_text_range()
            except (pdfium.PdfiumError, ValueError, OSError):
                page_text = ""
            texts.append(_text_or_ocr(data, number, page_text, limits=limits, deadline=deadline, result=result,
                                      ocr_pages=ocr_pages))
    finally:
        doc.close()
    return _finish(result, texts, ocr_pages, tool=f"pypdfium2 {version('pypdfium2')}")


def _text_or_ocr(data: bytes, number: int, page_text: str, *, limits: Limits, deadline: Deadline,
                 result: Extraction, ocr_pages: list[int]) -> str:
    """The page's text layer when it holds enough characters, else its OCR; records the method used."""
    if len("".join(page_text.split())) >= _MIN_CHARS:
        result.page_methods.append("text")
        return page_text
    method, page_text = _ocr_page(data, number, limits=limits, deadline=deadline, result=result)
    result.page_methods.append(method)
    if method == "ocr":
        ocr_pages.append(number)
    return page_text


def _finish(result: Extraction, texts: list[str], ocr_pages: list[int], *, tool: str) -> Extraction:
    result.text = "\n\f\n".join(texts).strip()
    result.method = "pdf_ocr" if ocr_pages else "pdf_text"
    if ocr_pages:
        tool += (f" + pypdfium2 {version('pypdfium2')}" if "pypdfium2" not in tool else "") + f" + {tesseract_version()}"
        result.warnings.append(f"{len(ocr_pages)} page(s) had no text layer and were OCR'd: {_ranges(ocr_pages)}")
    result.tool = tool
    if not result.text:
        result.warnings.append("no text found in the PDF")
    return result


def _ocr_page(data: bytes, number: int, *, limits: Limits, deadline: Deadline, result: Extraction) -> tuple[str, str]:
    if not limits.ocr:
        return "empty", ""
    if deadline.remaining() <= 0:
        if "ocr_skipped" not in result.page_methods:
            result.warnings.append("OCR time budget used up; later scanned pages were not read")
        return "ocr_skipped", ""
    try:
        doc = pdfium.PdfDocument(data)
        try:
            page = doc[number - 1]
            width, height = page.get_size()  # points (1/72 inch)
            scale = limits.ocr_dpi / 72
            if width * height * scale * scale > limits.max_image_pixels:
                # A poster-sized page: render at the resolution the pixel limit allows.
                scale = (limits.max_image_pixels / max(width * height, 1)) ** 0.5
                result.warnings.append(f"page {number} is {width / 72:.0f}x{height / 72:.0f} in; OCR'd at {scale * 72:.0f} dpi")
            bitmap = page.render(scale=scale)
            image = bitmap.to_pil()
        finally:
            doc.close()
        text = ocr_image(image, limits=limits, deadline=deadline)
    except OcrTimeout:
        result.warnings.append(f"page {number}: OCR time budget used up; later scanned pages were not read")
        return "ocr_skipped", ""
    except OcrUnavailable as exc:
        result.warnings.append(str(exc))
        return "ocr_failed", ""
    except (pdfium.PdfiumError, RuntimeError, OSError, ValueError) as exc:
        result.warnings.append(f"page {number}: OCR failed ({exc})")
        return "ocr_failed", ""
    return ("ocr", text) if text.strip() else ("empty", "")


def _ranges(numbers: list[int]) -> str:
    spans: list[str] = []
    start = prev = numbers[0]
    for n in numbers[1:] + [None]:  # type: ignore[list-item]
        if n is not None and n == prev + 1:
            prev = n
            continue
        spans.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(spans)

