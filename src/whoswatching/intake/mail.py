"""Raw RFC 5322 / MIME bytes -> :class:`InboundMessage` (pure: no Django, no network, never raises).

Parsing uses the stdlib ``email`` package with the lenient ``compat32`` policy so that damaged
mail still yields what can be read. Headers are decoded per RFC 2047 (encoded words) and
RFC 2231 (parameter values); charsets that are missing, wrong or unknown fall back to
charset-normalizer (:func:`whoswatching.intake.extract.text.decode_text`). Forwarded messages
(``message/rfc822`` parts, RFC 2046 §5.2.1) are flattened: their text is appended to the body
under a "Forwarded message" banner and their attachments join the list. Bounces are read from
``multipart/report; report-type=delivery-status`` (RFC 6522, RFC 3464 per-recipient fields),
with the common non-standard signs (``X-Failed-Recipients``, MAILER-DAEMON senders) as fallback;
auto-replies from ``Auto-Submitted`` (RFC 3834 §5), ``X-Autoreply``/``X-Autorespond``,
``Precedence: auto_reply|bulk|junk`` and "Automatic reply"/"Out of office" subjects.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from email import policy
from email.header import decode_header
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import PurePosixPath

from whoswatching.intake.extract.html import html_to_text
from whoswatching.intake.extract.sniff import MIME, sniff
from whoswatching.intake.extract.text import decode_text

#: Longest sanitised attachment name (characters, extension included).
MAX_FILENAME_CHARS = 120
_MSGID = re.compile(r"<[^<>\s]+>")
_AUTO_SUBJECT = re.compile(
    r"^\s*(automatic reply|auto(?:matic)?[- ]?(?:reply|response)|out of (?:the )?office|autoreply|"
    r"absence|on leave|away from the office)\b", re.I)
_BOUNCE_SUBJECT = re.compile(
    r"(undeliver|delivery (?:status notification|has failed|failure)|returned mail|mail delivery failed|"
    r"failure notice|non[- ]?delivery)", re.I)
_BOUNCE_SENDER = re.compile(r"^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)@", re.I)
_STATUS = re.compile(r"\b([245]\.\d{1,3}\.\d{1,3})\b")
_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_RETURNED_ID = re.compile(r"^Message-ID:\s*(<[^<>\s]+>)", re.I | re.M)
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


@dataclass(frozen=True)
class Attachment:
    """One attachment, its bytes kept in ``data``.

    ``filename_raw`` is the name as the sender gave it (decoded, may be None); ``filename`` is safe
    to show and store: no directories, no control or bidi characters, no leading dots, at most
    :data:`MAX_FILENAME_CHARS`, unique within the message. ``content_type_declared`` is what the
    MIME header says, ``content_type_sniffed`` what the bytes are (see ``extract.sniff``).
    ``forwarded`` is True for attachments of a forwarded (``message/rfc822``) part.
    """

    filename_raw: str | None
    filename: str
    content_type_declared: str
    content_type_sniffed: str
    size: int
    sha256: str
    data: bytes = field(repr=False)
    content_id: str | None = None
    inline: bool = False
    forwarded: bool = False


@dataclass(frozen=True)
class BounceInfo:
    """A delivery failure: the recipient that failed, its status code (RFC 3463) and diagnostic."""

    failed_recipient: str
    status: str
    action: str = "failed"
    diagnostic: str = ""
    #: Message-ID of the returned original (our outgoing message), when the bounce includes it.
    original_message_id: str = ""


@dataclass
class InboundMessage:
    """A parsed reply: what matching, bounce handling, storage and the coder need.

    Addresses are lower-cased bare addresses (``from_addr``, ``to_addrs``, ``cc``,
    ``delivered_to``); display names are in ``from_name``. ``message_id``, ``in_reply_to`` and
    ``references`` keep their angle brackets (``"<KEY@domain>"``). ``date`` is timezone-aware
    (UTC assumed when the header has no zone) or None. ``text_body`` is the text/plain body, or,
    when there is none, the sanitised HTML body as text (``body_from_html`` True); forwarded
    messages are appended to it. ``content_hash`` (sha256 hex) identifies the content regardless of
    transport headers, so the same reply fetched twice by different routes dedupes.
    """

    message_id: str = ""
    subject: str = ""
    from_addr: str = ""
    from_name: str = ""
    to_addrs: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    reply_to: list[str] = field(default_factory=list)
    delivered_to: list[str] = field(default_factory=list)
    date: dt.datetime | None = None
    in_reply_to: str = ""
    references: list[str] = field(default_factory=list)
    text_body: str = ""
    html_body: str = ""
    body_from_html: bool = False
    attachments: list[Attachment] = field(default_factory=list)
    auto_submitted: str = ""
    x_autoreply: str = ""
    precedence: str = ""
    content_type: str = ""
    bounces: list[BounceInfo] = field(default_factory=list)
    is_bounce: bool = False
    auto_reply_reason: str = ""
    content_hash: str = ""
    raw_size: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def is_auto_reply(self) -> bool:
        """True for an out-of-office or other automatic answer (RFC 3834), bounces excluded."""
        return bool(self.auto_reply_reason) and not self.is_bounce

    @property
    def bounce(self) -> BounceInfo | None:
        """The first failed recipient of a bounce, or None."""
        return self.bounces[0] if self.bounces else None

    @property
    def all_recipients(self) -> list[str]:
        """To, Cc and Delivered-To/X-Original-To addresses, each once, in that order."""
        return list(dict.fromkeys(self.to_addrs + self.cc + self.delivered_to))


def _clean_line(text: str) -> str:
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text)
    return " ".join(text.split())


def decode_header_value(value: object) -> str:
    """An RFC 2047 header value as one clean line of text; never raises."""
    if value is None:
        return ""
    try:
        chunks = decode_header(value)  # type: ignore[arg-type]
    except Exception:  # malformed encoded words: keep the raw text
        return _clean_line(str(value))
    out: list[str] = []
    for chunk, charset in chunks:
        if isinstance(chunk, str):
            if any("\udc80" <= ch <= "\udcff" for ch in chunk):  # raw 8-bit bytes kept as surrogates
                chunk = decode_text(chunk.encode("utf-8", "surrogateescape"))[0]
            out.append(chunk)
        else:
            declared = None if charset in (None, "unknown-8bit") else charset
            out.append(decode_text(chunk, declared)[0])
    return _clean_line("".join(out))


def _addresses(msg: Message, *names: str) -> list[tuple[str, str]]:
    values = [str(v) for name in names for v in (msg.get_all(name) or [])]
    try:
        pairs = getaddresses(values)
    except Exception:  # a header too broken to parse yields no address, not a crash
        return []
    result = []
    for name, addr in pairs:
        addr = _clean_line(addr).lower()
        if "@" in addr:
            result.append((decode_header_value(name), addr))
    return result


def _ids(value: str) -> list[str]:
    return _MSGID.findall(value or "")


def sanitise_filename(raw: str | None, *, taken: set[str], fallback_ext: str = "") -> str:
    """A safe, unique attachment name: basename only, printable, no leading dots, length-capped."""
    name = (raw or "").replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp"))
    name = " ".join(name.split()).lstrip(". ").rstrip(". ")
    name = re.sub(r'[<>:"|?*]', "_", name)
    stem, ext = (name.rsplit(".", 1) + [""])[:2] if "." in name else (name, "")
    ext = f".{ext}" if ext else fallback_ext
    if stem.lower() in _RESERVED:
        stem = f"_{stem}"
    if not stem:
        stem = "attachment"
    ext = ext[:16]
    stem = stem[: MAX_FILENAME_CHARS - len(ext)]
    candidate, n = stem + ext, 2
    while candidate.lower() in taken:
        suffix = f"-{n}"
        candidate = stem[: MAX_FILENAME_CHARS - len(ext) - len(suffix)] + suffix + ext
        n += 1
    taken.add(candidate.lower())
    return candidate


class _Collector:
    def __init__(self, out: InboundMessage) -> None:
        self.out = out
        self.texts: list[str] = []
        self.htmls: list[str] = []
        self.forwarded: list[str] = []
        self.taken: set[str] = set()

    def walk(self, part: Message, *, forwarded: bool, depth: int = 0) -> None:
        if depth > 30:
            self.out.warnings.append("MIME structure nested more than 30 levels; deeper parts ignored")
            return
        ctype = part.get_content_type()
        if ctype == "message/delivery-status":
            self._delivery_status(part)
            return
        if ctype == "message/rfc822" and part.is_multipart():
            inner = part.get_payload(0)
            if isinstance(inner, Message):
                if ctype == "message/rfc822" and self.out.content_type == "multipart/report":
                    self._returned_original(inner)
                self._forwarded(inner, depth=depth)
            return
        if ctype == "text/rfc822-headers":
            self._returned_headers(part)
            return
        if part.is_multipart():
            for sub in part.get_payload():
                if isinstance(sub, Message):
                    self.walk(sub, forwarded=forwarded, depth=depth + 1)
            return
        self._leaf(part, forwarded=forwarded)

    def _payload(self, part: Message) -> bytes:
        try:
            data = part.get_payload(decode=True)
        except Exception as exc:  # broken transfer encoding: keep what we can
            self.out.warnings.append(f"undecodable part ({exc}); kept raw")
            raw = part.get_payload()
            return raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else b""
        return data if isinstance(data, bytes) else b""

    def _text_of(self, part: Message) -> str:
        text, _enc, warnings = decode_text(self._payload(part), part.get_content_charset())
        self.out.warnings += warnings
        return text

    def _leaf(self, part: Message, *, forwarded: bool) -> None:
        ctype = part.get_content_type()
        disposition = (part.get_content_disposition() or "").lower()
        try:
            raw_name = part.get_filename()
        except Exception:  # malformed RFC 2231 parameters
            raw_name = None
        raw_name = decode_header_value(raw_name) if raw_name else None
        is_body = disposition != "attachment" and not raw_name and ctype in ("text/plain", "text/html")
        if is_body and ctype == "text/plain":
            self.texts.append(self._text_of(part))
            return
        if is_body:
            self.htmls.append(self._text_of(part))
            return
        data = self._payload(part)
        found = sniff(data, raw_name or "")
        ext = next((e for e, k in _EXT_FOR_KIND.items() if k == found.kind), "")
        filename = sanitise_filename(raw_name, taken=self.taken, fallback_ext=ext)
        cid = decode_header_value(part.get("Content-ID")) or None
        self.out.attachments.append(Attachment(
            filename_raw=raw_name, filename=filename, content_type_declared=ctype,
            content_type_sniffed=MIME.get(found.kind, found.mime), size=len(data),
            sha256=hashlib.sha256(data).hexdigest(), data=data, content_id=cid,
            inline=disposition == "inline" or (cid is not None and disposition != "attachment"),
            forwarded=forwarded,
        ))

    def _forwarded(self, inner: Message, *, depth: int) -> None:
        sub = _Collector(self.out)
        sub.taken = self.taken
        sub.walk(inner, forwarded=True, depth=depth + 1)
        body = sub.body()[0]
        banner = (
            "---------- Forwarded message ----------\n"
            f"From: {decode_header_value(inner.get('From'))}\n"
            f"Date: {decode_header_value(inner.get('Date'))}\n"
            f"Subject: {decode_header_value(inner.get('Subject'))}\n"
            f"To: {decode_header_value(inner.get('To'))}\n"
        )
        self.forwarded.append(banner + "\n" + body)

    def body(self) -> tuple[str, bool]:
        texts = [t.strip("\n") for t in self.texts if t.strip()]
        from_html = False
        if not texts and self.htmls:
            texts = [html_to_text(h) for h in self.htmls]
            from_html = True
        return "\n\n".join(texts + self.forwarded).strip(), from_html

    def _delivery_status(self, part: Message) -> None:
        blocks = part.get_payload()
        if not isinstance(blocks, list):
            return
        for block in blocks[1:] if len(blocks) > 1 else blocks:
            if not isinstance(block, Message):
                continue
            recipient = str(block.get("Final-Recipient") or block.get("Original-Recipient") or "")
            recipient = recipient.split(";", 1)[-1].strip().strip("<>").lower()
            action = str(block.get("Action") or "").strip().lower()
            status = str(block.get("Status") or "").strip().split(" ")[0]
            diagnostic = _clean_line(str(block.get("Diagnostic-Code") or "")).split(";", 1)[-1].strip()
            if recipient and (action == "failed" or status.startswith("5")):
                self.out.bounces.append(BounceInfo(recipient, status, action or "failed", diagnostic[:500]))

    def _returned_original(self, inner: Message) -> None:
        self._set_original_id(str(inner.get("Message-ID") or ""))

    def _returned_headers(self, part: Message) -> None:
        text = self._text_of(part)
        match = _RETURNED_ID.search(text)
        if match:
            self._set_original_id(match.group(1))

    def _set_original_id(self, value: str) -> None:
        ids = _ids(value)
        if ids:
            self.out.bounces = [
                BounceInfo(b.failed_recipient, b.status, b.action, b.diagnostic, b.original_message_id or ids[0])
                for b in self.out.bounces
            ]


_EXT_FOR_KIND = {".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx", ".xls": "xls", ".odt": "odt", ".ods": "ods",
                 ".png": "png", ".jpg": "jpeg", ".tif": "tiff", ".gif": "gif", ".zip": "zip", ".html": "html",
                 ".txt": "text", ".csv": "csv", ".eml": "eml", ".doc": "doc"}


def parse_message(raw: bytes) -> InboundMessage:
    """Parse raw message bytes. Never raises: damage is recorded in ``warnings``."""
    out = InboundMessage(raw_size=len(raw))
    try:
        msg = BytesParser(policy=policy.compat32).parsebytes(raw)
    except Exception as exc:  # the stdlib parser is lenient; this is a last resort
        out.warnings.append(f"unparseable message: {exc}")
        out.text_body = decode_text(raw)[0]
        out.content_hash = hashlib.sha256(raw).hexdigest()
        return out
    out.message_id = (_ids(str(msg.get("Message-ID") or "")) or [""])[0]
    out.subject = decode_header_value(msg.get("Subject"))
    senders = _addresses(msg, "From") or _addresses(msg, "Sender")
    if senders:
        out.from_name, out.from_addr = senders[0]
    out.to_addrs = [a for _, a in _addresses(msg, "To")]
    out.cc = [a for _, a in _addresses(msg, "Cc")]
    out.reply_to = [a for _, a in _addresses(msg, "Reply-To")]
    out.delivered_to = list(dict.fromkeys(a for _, a in _addresses(msg, "Delivered-To", "X-Original-To", "Envelope-To")))
    out.date = _date(msg.get("Date"), out)
    out.in_reply_to = (_ids(str(msg.get("In-Reply-To") or "")) or [""])[0]
    out.references = _ids(" ".join(str(v) for v in (msg.get_all("References") or [])))
    out.auto_submitted = decode_header_value(msg.get("Auto-Submitted")).lower()
    out.x_autoreply = decode_header_value(msg.get("X-Autoreply") or msg.get("X-Autorespond"))
    out.precedence = decode_header_value(msg.get("Precedence")).lower()
    out.content_type = msg.get_content_type()
    for defect in msg.defects[:10]:
        out.warnings.append(f"MIME defect: {type(defect).__name__}")

    collector = _Collector(out)
    try:
        collector.walk(msg, forwarded=False)
        out.text_body, out.body_from_html = collector.body()
        out.html_body = "\n".join(collector.htmls)
        _classify(out, msg)
    except Exception as exc:  # last resort: keep what was read, never stop the batch
        out.warnings.append(f"damaged MIME structure ({type(exc).__name__}: {exc}); body read as raw text")
        if not out.text_body:
            out.text_body = decode_text(raw.partition(b"\r\n\r\n" if b"\r\n\r\n" in raw else b"\n\n")[2])[0]
    out.content_hash = _content_hash(out)
    return out


def _date(value: object, out: InboundMessage) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        out.warnings.append(f"unparseable Date header {str(value)[:80]!r}")
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed


def _classify(out: InboundMessage, msg: Message) -> None:
    if not out.bounces:
        failed = decode_header_value(msg.get("X-Failed-Recipients"))
        sender_is_daemon = bool(_BOUNCE_SENDER.match(out.from_addr))
        if failed or (sender_is_daemon and _BOUNCE_SUBJECT.search(out.subject)):
            status = _STATUS.search(out.text_body)
            recipients = _EMAIL.findall(failed) or [
                a.lower() for a in _EMAIL.findall(out.text_body) if a.lower() != out.from_addr
            ][:1]
            out.bounces = [BounceInfo(r.lower(), status.group(1) if status else "5.0.0") for r in recipients]
            original = _RETURNED_ID.search(out.text_body)
            if original:
                out.bounces = [BounceInfo(b.failed_recipient, b.status, b.action, b.diagnostic, original.group(1))
                               for b in out.bounces]
    out.is_bounce = bool(out.bounces)
    reasons = []
    if out.auto_submitted and out.auto_submitted != "no":
        reasons.append(f"Auto-Submitted: {out.auto_submitted}")
    if out.x_autoreply:
        reasons.append("X-Autoreply")
    if out.precedence in ("auto_reply", "bulk", "junk"):
        reasons.append(f"Precedence: {out.precedence}")
    if _AUTO_SUBJECT.search(out.subject):
        reasons.append("subject says automatic reply")
    out.auto_reply_reason = "; ".join(reasons)


def _content_hash(out: InboundMessage) -> str:
    h = hashlib.sha256()
    for piece in (out.from_addr, ",".join(sorted(out.to_addrs)), out.subject,
                  out.date.isoformat() if out.date else "", " ".join(out.text_body.split())):
        h.update(piece.encode("utf-8", "surrogatepass") + b"\x00")
    for digest in sorted(a.sha256 for a in out.attachments):
        h.update(digest.encode("ascii"))
    return h.hexdigest()


def filename_extension(name: str) -> str:
    """Lower-case extension of a sanitised name (``".pdf"``), or ``""``."""
    return PurePosixPath(name).suffix.lower()
