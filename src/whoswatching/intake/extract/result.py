"""The result of extracting one file: :class:`Extraction`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Methods an :class:`Extraction` may carry (``method``).
METHODS = (
    "text",  # plain text (charset detected)
    "html",  # HTML sanitised with nh3, then flattened to text
    "csv",  # comma/tab/semicolon separated text -> one table
    "pdf_text",  # every page read from the PDF text layer
    "pdf_ocr",  # at least one page had no text layer and was OCR'd (see ``page_methods``)
    "docx",  # Word 2007+ paragraphs and tables
    "odt",  # OpenDocument text paragraphs and tables
    "xlsx",
    "xls",
    "ods",  # spreadsheets: one table per sheet
    "image_ocr",  # PNG/JPEG/TIFF/GIF/BMP/WebP OCR'd with tesseract
    "email",  # an attached .eml / message/rfc822: its body text
    "zip",  # an archive: members in ``parts``
    "none",  # nothing extracted (see ``quarantined``/``reason``)
)


@dataclass
class Extraction:
    """What was read from one file, and how.

    ``method`` names the extractor (see :data:`METHODS`). ``text`` is the readable text (tables
    included as tab-separated lines, so a text search finds them). ``tables`` holds the structured
    tables: each table is a list of rows, each row a list of cell strings, the header row kept as
    the first row (e.g. ``["Manufacturer", "Model", "Location"]``); ``table_titles`` runs parallel
    to it (sheet name, ``"page 3"``, ...). ``pages`` is the page count for PDFs (frames for TIFF),
    and ``page_methods`` says per page whether it came from the text layer (``"text"``), from OCR
    (``"ocr"``) or gave nothing (``"empty"``, ``"ocr_failed"``, ``"ocr_skipped"``).

    ``quarantined`` is True when the file was not (fully) read because it is hostile, broken,
    too big or of an unsupported type; ``reason`` then says why in words a person can act on.
    ``parts`` holds one Extraction per ZIP member (recursively). ``warnings`` lists oddities that
    did not stop extraction (an extension that lies, a broken charset, pages that needed OCR).
    ``kind`` is the type sniffed from the bytes (``"pdf"``, ``"docx"``, ``"png"``, ...), which is
    what the file was handled as, whatever its name says.
    """

    method: str
    filename: str = ""
    kind: str = "unknown"
    mime: str = "application/octet-stream"
    size: int = 0
    sha256: str = ""
    text: str = ""
    tables: list[list[list[str]]] = field(default_factory=list)
    table_titles: list[str] = field(default_factory=list)
    pages: int | None = None
    page_methods: list[str] = field(default_factory=list)
    quarantined: bool = False
    reason: str | None = None
    parts: list[Extraction] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Tool and version that produced ``text`` (e.g. ``"pdfplumber 0.11.10 + tesseract 5.3.0"``).
    tool: str = ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (nested parts included)."""
        return asdict(self)

    def all_text(self) -> str:
        """This file's text followed by the text of every (nested) ZIP member."""
        chunks = [self.text] if self.text else []
        for part in self.parts:
            sub = part.all_text()
            if sub:
                chunks.append(f"--- {part.filename} ---\n{sub}")
        return "\n\n".join(chunks)


class Quarantine(Exception):
    """Raised inside extractors to quarantine a file with a reason (caught by ``extract``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
