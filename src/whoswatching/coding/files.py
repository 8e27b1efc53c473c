"""Code a reply file: an ``.eml`` (body and attachments) or a bare document (PDF, DOCX, XLSX, ODS...).

Reading is intake's job (``intake.mail.parse_message``, ``intake.extract``): this module only joins
what they return and hands it to :func:`whoswatching.coding.rules.code_text`. Nothing here needs a
database. A file that cannot be read at all gives ``{"file": PATH, "error": ...}``; an attachment
that cannot be read (encrypted, broken, too big) is named in ``warnings`` and the rest of the message
is still coded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoswatching.coding.rules import code_text
from whoswatching.intake.extract import Extraction, extract, extract_message
from whoswatching.intake.mail import parse_message

#: Largest file read (bytes); bigger files are reported, not read.
MAX_FILE_BYTES = 50 * 1024 * 1024
EMAIL_SUFFIXES = (".eml", ".msg822", ".mbox-message")


@dataclass(frozen=True)
class SourcePart:
    """One part that was read: the body or an attachment, how, and whether it was quarantined."""

    name: str
    method: str
    pages: int | None
    quarantined: bool
    reason: str | None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "method": self.method, "pages": self.pages, "quarantined": self.quarantined, "reason": self.reason}


def _parts(extractions: list[Extraction]) -> tuple[list[str], list[SourcePart], list[str]]:
    texts: list[str] = []
    sources: list[SourcePart] = []
    warnings: list[str] = []
    for ex in extractions:
        sources.append(SourcePart(ex.filename, ex.method, ex.pages, ex.quarantined, ex.reason))
        if ex.quarantined:
            warnings.append(f"{ex.filename}: not read ({ex.reason})")
        text = ex.all_text()
        if text.strip():
            texts.append(text)
        for w in ex.warnings:
            warnings.append(f"{ex.filename}: {w}")
    return texts, sources, warnings


def _is_email(path: Path, data: bytes) -> bool:
    if path.suffix.lower() in EMAIL_SUFFIXES:
        return True
    head = data[:2048].lower()
    return path.suffix == "" and b"\nsubject:" in head and (b"\nfrom:" in head or head.startswith(b"from:"))


def code_file(path: str | Path) -> dict[str, Any]:
    """The codebook object for one file, with ``file`` first; ``{"file", "error"}`` if unreadable."""
    p = Path(path)
    name = str(path)
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            return {"file": name, "error": f"file is {size} bytes, over the {MAX_FILE_BYTES}-byte limit; split or extract it first"}
        data = p.read_bytes()
    except OSError as exc:
        return {"file": name, "error": f"cannot read the file: {exc.strerror or exc}"}
    try:
        subject = sender = ""
        hint = None
        if _is_email(p, data):
            msg = parse_message(data)
            subject, sender = msg.subject, msg.from_addr
            hint = "bounce" if msg.is_bounce else ("out_of_office" if msg.is_auto_reply else None)
            extractions = extract_message(msg)
            warnings = list(msg.warnings)
        else:
            extractions = [extract(data, filename=p.name)]
            warnings = []
        texts, sources, more = _parts(extractions)
        warnings += more
        if not texts and hint is None:
            reason = "; ".join(w for w in warnings) or "no text could be extracted"
            return {"file": name, "error": f"nothing to code: {reason}", "sources": [s.to_json() for s in sources]}
        coded = code_text(texts or [""], subject=subject, sender=sender, hint=hint)
    except Exception as exc:  # one bad file never stops a batch; the error names the file
        return {"file": name, "error": f"{type(exc).__name__}: {exc}"}
    coded.warnings.extend(warnings)
    out: dict[str, Any] = {"file": name}
    out.update(coded.to_json())
    out["sources"] = [s.to_json() for s in sources]
    return out
