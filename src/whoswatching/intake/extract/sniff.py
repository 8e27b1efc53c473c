"""Identify a file's real type from its bytes (magic numbers), never from its name.

A reply's attachment called ``cameras.pdf`` may be a PNG, and ``list.xls`` is often HTML or CSV
written by a reporting tool; both are handled by what they are. ZIP containers are opened (central
directory only) to tell DOCX/XLSX/PPTX (ECMA-376 Part 2, ``[Content_Types].xml``) and ODF
(OASIS ODF 1.2 Part 3 §3.3, the ``mimetype`` member) from plain archives. OLE2 compound files are
told apart by the UTF-16 names of their directory entries (``Workbook``/``Book`` for Excel 97,
``WordDocument`` for Word 97, ``__substg1.0_`` for Outlook .msg).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

_IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
    (b"\xff\xd8\xff", "jpeg", "image/jpeg"),
    (b"II*\x00", "tiff", "image/tiff"),
    (b"MM\x00*", "tiff", "image/tiff"),
    (b"GIF87a", "gif", "image/gif"),
    (b"GIF89a", "gif", "image/gif"),
    (b"BM", "bmp", "image/bmp"),
)

MIME = {
    "pdf": "application/pdf",
    "zip": "application/zip",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "xls": "application/vnd.ms-excel",
    "doc": "application/msword",
    "msg": "application/vnd.ms-outlook",
    "ole": "application/x-ole-storage",
    "encrypted_office": "application/x-ole-storage",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "tiff": "image/tiff",
    "gif": "image/gif",
    "bmp": "image/bmp",
    "webp": "image/webp",
    "html": "text/html",
    "csv": "text/csv",
    "text": "text/plain",
    "eml": "message/rfc822",
    "rtf": "application/rtf",
    "gzip": "application/gzip",
    "7z": "application/x-7z-compressed",
    "rar": "application/vnd.rar",
    "exe": "application/x-msdownload",
    "empty": "application/x-empty",
    "unknown": "application/octet-stream",
}

#: What an extension promises, to notice names that lie.
EXTENSION_KIND = {
    ".pdf": "pdf", ".zip": "zip", ".docx": "docx", ".xlsx": "xlsx", ".xlsm": "xlsx", ".pptx": "pptx",
    ".odt": "odt", ".ods": "ods", ".odp": "odp", ".xls": "xls", ".doc": "doc", ".msg": "msg",
    ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".tif": "tiff", ".tiff": "tiff", ".gif": "gif",
    ".bmp": "bmp", ".webp": "webp", ".htm": "html", ".html": "html", ".csv": "csv", ".tsv": "csv",
    ".txt": "text", ".eml": "eml", ".rtf": "rtf", ".gz": "gzip", ".7z": "7z", ".rar": "rar",
    ".exe": "exe",
}

_TEXT_KINDS = {"text", "csv", "html", "eml"}
_EML_HEADERS = (b"received:", b"return-path:", b"from:", b"message-id:", b"mime-version:",
                b"delivered-to:", b"date:", b"subject:", b"to:", b"x-")


@dataclass(frozen=True)
class Sniffed:
    """The sniffed type: a short ``kind`` (``"pdf"``, ``"docx"``...) and its MIME type."""

    kind: str
    mime: str
    #: The kind the filename's extension promised, if it names one.
    extension_kind: str | None = None

    @property
    def extension_lies(self) -> bool:
        """True when the extension names a type the bytes are not (``.csv``/``.txt`` holding text agree)."""
        if self.extension_kind is None or self.extension_kind == self.kind:
            return False
        return not (self.kind in _TEXT_KINDS and self.extension_kind in _TEXT_KINDS)


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist()[:5000])
            if "mimetype" in names:
                info = zf.getinfo("mimetype")
                if info.file_size < 200:
                    mt = zf.read("mimetype").decode("ascii", "replace").strip()
                    for kind in ("odt", "ods", "odp"):
                        if mt == MIME[kind]:
                            return kind
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "xlsx"
                if any(n.startswith("ppt/") for n in names):
                    return "pptx"
    except Exception:  # a damaged container (EOFError, zlib.error, BadZipFile...) is still a ZIP
        return "zip"
    return "zip"


def _ole_kind(data: bytes) -> str:  # byte searches only: cannot raise
    head = data[: 4 * 1024 * 1024]
    if "EncryptedPackage".encode("utf-16-le") in head:
        return "encrypted_office"  # MS-OFFCRYPTO §2.3.4.4: a password-protected DOCX/XLSX/PPTX
    if "Workbook".encode("utf-16-le") in head or "Book\x00".encode("utf-16-le") in head:
        return "xls"
    if "WordDocument".encode("utf-16-le") in head:
        return "doc"
    if "__substg1.0_".encode("utf-16-le") in head:
        return "msg"
    return "ole"


def _text_kind(data: bytes) -> str | None:
    head = data[:4096]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    low = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if low.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<table", b"<div", b"<p>")):
        return "html"
    if low.startswith(b"<?xml") and b"<html" in low:
        return "html"
    if low.startswith(b"{\\rtf"):
        return "rtf"
    first = low.split(b"\n", 1)[0]
    if first.startswith(_EML_HEADERS) and b":" in first and b"\n\n" in data[:65536].replace(b"\r\n", b"\n"):
        return "eml"
    # Printable-ish: allow a small share of control bytes (broken charsets are still text).
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if head and controls / len(head) > 0.02:
        return None
    return "text"


def sniff(data: bytes, filename: str = "") -> Sniffed:
    """Return the type of ``data``; ``filename`` only informs ``extension_kind`` and text vs CSV."""
    ext = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    ext_kind = EXTENSION_KIND.get(ext)
    kind = _kind(data, ext)
    return Sniffed(kind=kind, mime=MIME.get(kind, MIME["unknown"]), extension_kind=ext_kind)


def _kind(data: bytes, ext: str) -> str:
    if not data:
        return "empty"
    head = data[:16]
    if data[:1024].lstrip().startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _ole_kind(data)
    for magic, kind, _mime in _IMAGE_MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "7z"
    if head.startswith(b"Rar!"):
        return "rar"
    if head.startswith(b"MZ"):
        return "exe"
    text = _text_kind(data)
    if text == "text" and ext in (".csv", ".tsv"):
        return "csv"
    return text or "unknown"
