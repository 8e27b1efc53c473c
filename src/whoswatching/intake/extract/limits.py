"""Resource limits for extraction, read from ``whoswatching.config`` unless given explicitly.

Every limit exists for one hostile or merely unlucky input named in the intake issue: zip bombs
(member count, total uncompressed size, compression ratio, nesting depth), a PDF of 10,000 pages,
a 50 MB attachment, image bombs (declared pixel count), and OCR that never ends (per-file timeout).
Crossing a limit quarantines the file with a reason; it never stops the batch.
"""

from __future__ import annotations

from dataclasses import dataclass

from whoswatching import config


@dataclass(frozen=True)
class Limits:
    """Bounds applied by :func:`whoswatching.intake.extract.extract` to one file (and its ZIP members)."""

    #: Largest file accepted for extraction (bytes); bigger files are quarantined unread.
    max_bytes: int = config.MAX_ATTACHMENT_BYTES
    #: Largest PDF page count; the page count is read from the trailer before any page is parsed.
    max_pdf_pages: int = config.MAX_PDF_PAGES
    #: Most members in one ZIP (or OOXML/ODF container).
    max_zip_members: int = config.MAX_ZIP_MEMBERS
    #: Largest declared uncompressed total of one ZIP, and the most bytes actually read from it.
    max_zip_total_bytes: int = config.MAX_ZIP_TOTAL_BYTES
    #: Largest uncompressed/compressed ratio of a member bigger than ``zip_ratio_floor`` bytes.
    max_zip_ratio: int = 200
    zip_ratio_floor: int = 8 * 1024 * 1024
    #: How deep ZIPs may nest inside ZIPs (1 = a ZIP may hold files, not further ZIPs).
    max_zip_depth: int = 2
    #: Largest image (width x height) decoded for OCR; the header is read first, pixels never are.
    max_image_pixels: int = config.MAX_IMAGE_PIXELS
    #: Whether OCR runs at all (pages without a text layer and images), and its budget per file.
    ocr: bool = True
    ocr_timeout_seconds: float = 300.0
    ocr_language: str = "eng"
    ocr_dpi: int = 300
    #: Most frames of a multi-page TIFF OCR'd.
    max_image_frames: int = 50
    #: Text beyond this many characters is cut (with a warning) so one document cannot fill the DB.
    max_text_chars: int = 5_000_000

    @classmethod
    def from_config(cls) -> Limits:
        """Limits as configured now (``WHOSWATCHING_MAX_*``), read at call time rather than import time."""
        return cls(
            max_bytes=config.MAX_ATTACHMENT_BYTES,
            max_pdf_pages=config.MAX_PDF_PAGES,
            max_zip_members=config.MAX_ZIP_MEMBERS,
            max_zip_total_bytes=config.MAX_ZIP_TOTAL_BYTES,
            max_image_pixels=config.MAX_IMAGE_PIXELS,
        )
