"""``extract(data, filename=...)``: dispatch on the sniffed type, apply limits, never raise for bad input.

Order of checks: size (before anything is parsed), type from the bytes (:mod:`.sniff`; a name
that lies is noted in ``warnings`` and ignored), then the type's extractor under the limits.
Every failure a hostile or broken file can cause becomes ``quarantined=True`` with a reason; the
caller (intake services, the coder) goes on with the rest of the message and the batch.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import zipfile
from typing import TYPE_CHECKING

from whoswatching.intake.extract import archive, ocr, office, pdf, sheets
from whoswatching.intake.extract.html import html_to_text_and_tables
from whoswatching.intake.extract.limits import Limits
from whoswatching.intake.extract.result import Extraction, Quarantine
from whoswatching.intake.extract.sniff import Sniffed, sniff
from whoswatching.intake.extract.text import decode_text, read_csv, table_to_text

if TYPE_CHECKING:
    from whoswatching.intake.mail import InboundMessage

_UNSUPPORTED = {
    "doc": "legacy Word 97-2003 .doc is not supported; ask for DOCX or PDF, or convert it with LibreOffice",
    "msg": "Outlook .msg is not supported; ask the sender to forward the message instead",
    "ole": "unrecognised OLE2 compound file",
    "encrypted_office": "password-protected Office document: ask the body for an unprotected copy",
    "pptx": "PowerPoint files are not extracted; convert to PDF",
    "odp": "OpenDocument presentations are not extracted; convert to PDF",
    "rtf": "RTF is not extracted; convert to DOCX or PDF",
    "gzip": "gzip archives are not unpacked; only ZIP is supported",
    "7z": "7-Zip archives are not unpacked; only ZIP is supported",
    "rar": "RAR archives are not unpacked; only ZIP is supported",
    "exe": "executable program: never opened",
    "unknown": "unrecognised binary file type",
}
#: Inline images smaller than this are taken for signature logos and not OCR'd.
INLINE_LOGO_BYTES = 40 * 1024
_IMAGES = {"png", "jpeg", "tiff", "gif", "bmp", "webp"}


def extract(data: bytes, *, filename: str, limits: Limits | None = None, _depth: int = 0) -> Extraction:
    """Extract text and tables from one file's bytes. Never raises for bad input.

    ``limits`` defaults to :meth:`Limits.from_config` (the ``WHOSWATCHING_MAX_*`` settings).
    The result's ``kind`` is the type sniffed from the bytes; ``quarantined``/``reason`` say
    whether and why the file was not read.
    """
    limits = limits or Limits.from_config()
    try:
        found = sniff(data, filename)
    except Exception:  # sniffing is best effort; an unknown type is quarantined below
        found = Sniffed("unknown", "application/octet-stream")
    result = Extraction(
        method="none", filename=filename, kind=found.kind, mime=found.mime, size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    if found.extension_lies:
        result.warnings.append(
            f"the name says {found.extension_kind} but the content is {found.kind}; handled as {found.kind}"
        )
    if len(data) > limits.max_bytes:
        return _quarantine(result, f"file of {len(data):,} bytes exceeds the limit of {limits.max_bytes:,} "
                                   "(WHOSWATCHING_MAX_ATTACHMENT_BYTES)")
    try:
        _dispatch(data, result, limits=limits, depth=_depth)
    except Quarantine as exc:
        return _quarantine(result, exc.reason)
    except MemoryError:
        return _quarantine(result, "ran out of memory reading the file")
    except RecursionError:
        return _quarantine(result, "file nests too deeply to read")
    except Exception as exc:  # the batch never stops: an extractor bug quarantines one file
        return _quarantine(result, f"extraction failed: {type(exc).__name__}: {exc}")
    if len(result.text) > limits.max_text_chars:
        result.text = result.text[: limits.max_text_chars]
        result.warnings.append(f"text cut at {limits.max_text_chars:,} characters")
    return result


def _quarantine(result: Extraction, reason: str) -> Extraction:
    result.quarantined = True
    result.reason = reason
    result.method = "none" if not result.parts else result.method
    result.text = "" if not result.parts else result.text
    return result


def _dispatch(data: bytes, result: Extraction, *, limits: Limits, depth: int) -> None:
    kind = result.kind
    if kind == "empty":
        result.method = "text"
        result.warnings.append("empty file")
    elif kind == "pdf":
        pdf.extract_pdf(data, result, limits=limits)
    elif kind in ("docx", "xlsx", "odt", "ods"):
        _check_office_container(data, kind, limits=limits)
        if kind == "docx":
            office.extract_docx(data, result)
        elif kind == "odt":
            office.extract_odt(data, result, max_xml_bytes=limits.max_zip_total_bytes)
        else:
            sheets.extract_sheets(data, result, kind=kind)
    elif kind == "xls":
        sheets.extract_sheets(data, result, kind="xls")
    elif kind in _IMAGES:
        ocr.extract_image(data, result, limits=limits)
    elif kind == "zip":
        if depth >= limits.max_zip_depth:
            raise Quarantine(f"ZIP nested {depth + 1} levels deep, above the limit of {limits.max_zip_depth}")

        def member(payload: bytes, name: str, child_depth: int) -> Extraction:
            return extract(payload, filename=name, limits=limits, _depth=child_depth)

        archive.extract_zip(data, result, limits=limits, depth=depth, extract_member=member)
    elif kind == "html":
        text, enc, warnings = decode_text(data)
        result.warnings += warnings
        result.text, result.tables = html_to_text_and_tables(text)
        result.table_titles = [f"table {i + 1}" for i in range(len(result.tables))]
        result.method, result.tool = "html", f"nh3 + html.parser ({enc})"
    elif kind == "csv":
        text, enc, warnings = decode_text(data)
        result.warnings += warnings
        rows = read_csv(text)
        result.tables, result.table_titles = [rows], ["csv"]
        result.text = table_to_text(rows)
        result.method, result.tool = "csv", f"csv (Python stdlib, {enc})"
    elif kind == "text":
        result.text, enc, warnings = decode_text(data)
        result.warnings += warnings
        result.method, result.tool = "text", f"charset-normalizer ({enc})"
    elif kind == "eml":
        _extract_email(data, result, limits=limits, depth=depth)
    else:
        raise Quarantine(_UNSUPPORTED.get(kind, _UNSUPPORTED["unknown"]))


def _check_office_container(data: bytes, kind: str, *, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            archive.check_container(zf, limits=limits, label=kind.upper())
    except Quarantine:
        raise
    except Exception as exc:  # BadZipFile, NotImplementedError (unknown version/method), EOFError...
        raise Quarantine(f"corrupt {kind.upper()}: {type(exc).__name__}: {exc}") from exc


def _extract_email(data: bytes, result: Extraction, *, limits: Limits, depth: int) -> None:
    from whoswatching.intake.mail import parse_message  # mail imports this package's helpers

    message = parse_message(data)
    header = f"From: {message.from_addr}\nSubject: {message.subject}\nDate: {message.date or ''}\n"
    result.text = header + "\n" + message.text_body
    result.method, result.tool = "email", "email (Python stdlib)"
    for att in message.attachments:
        if depth >= limits.max_zip_depth:
            result.warnings.append(f"attachment {att.filename!r} of the attached message not read (nesting limit)")
            continue
        result.parts.append(extract(att.data, filename=att.filename, limits=limits, _depth=depth + 1))


def extract_message(msg: InboundMessage, *, limits: Limits | None = None, isolated: bool = False) -> list[Extraction]:
    """The body (first, ``filename="(body)"``) then one Extraction per attachment, in order.

    The body's method is ``"text"`` when the message had a text/plain part, ``"html"`` when its
    text came from the sanitised HTML part. Attachments go through :func:`extract`, or with
    ``isolated=True`` through :func:`.isolated.extract_isolated` (a child process with a timeout
    and a memory ceiling: what intake's services use for mail from outside).
    """
    from whoswatching.intake.extract.isolated import extract_isolated  # imports this module

    run = extract_isolated if isolated else extract
    limits = limits or Limits.from_config()
    body_bytes = msg.text_body.encode("utf-8")
    body = Extraction(
        method="html" if msg.body_from_html else "text", filename="(body)", kind="text", mime="text/plain",
        size=len(body_bytes), sha256=hashlib.sha256(body_bytes).hexdigest(), text=msg.text_body,
        tool="email (Python stdlib)" + (" + nh3" if msg.body_from_html else ""),
    )
    if msg.body_from_html and msg.html_body:
        _, body.tables = html_to_text_and_tables(msg.html_body)
        body.table_titles = [f"table {i + 1}" for i in range(len(body.tables))]
    body.warnings = list(msg.warnings)
    results = [body]
    for att in msg.attachments:
        att_limits = limits
        # Signature logos are small inline images repeated in every reply: OCR'ing them costs
        # time and adds noise. Pasted screenshots (which may carry the answer) are larger.
        small_inline_image = att.inline and att.content_type_sniffed.startswith("image/") and att.size < INLINE_LOGO_BYTES
        if small_inline_image and limits.ocr:
            att_limits = dataclasses.replace(limits, ocr=False)
        result = run(att.data, filename=att.filename, limits=att_limits)
        if att_limits is not limits:
            result.warnings.append(f"small inline image (under {INLINE_LOGO_BYTES // 1024} KB, likely a logo): not OCR'd")
        results.append(result)
    return results
