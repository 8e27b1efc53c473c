"""Text and tables from reply bodies and attachments (pure: no Django, no network).

Public interface (stable; the coder relies on it)::

    from whoswatching.intake.extract import extract, extract_message, Extraction, Limits

    result = extract(data, filename="reply.pdf")          # one file's bytes
    results = extract_message(inbound_message)            # body first, then each attachment

Modules: :mod:`.sniff` (type from magic bytes), :mod:`.text` (charsets, CSV), :mod:`.html`,
:mod:`.pdf` (text layer + OCR of scanned pages), :mod:`.office` (DOCX, ODT), :mod:`.sheets`
(XLSX/XLS/ODS), :mod:`.ocr` (images, tesseract), :mod:`.archive` (ZIP within limits),
:mod:`.core` (dispatch), :mod:`.isolated` (the same in a child process with a timeout and a
memory ceiling, for untrusted mail). See ``docs/intake.md`` for the formats and limits.
"""

from whoswatching.intake.extract.core import extract, extract_message
from whoswatching.intake.extract.isolated import extract_isolated
from whoswatching.intake.extract.limits import Limits
from whoswatching.intake.extract.result import METHODS, Extraction

__all__ = ["METHODS", "Extraction", "Limits", "extract", "extract_isolated", "extract_message"]
