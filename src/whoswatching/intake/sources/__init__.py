"""Where replies come from: one small module per source, listed in :data:`SOURCES`.

Every source yields :class:`RawItem` (raw RFC 5322 bytes plus a ``source_ref`` saying where they
were found) and the service feeds each one to ``intake.services.message_receive``. The webhook
source lives in ``whoswatching.web.views.intake`` (it is an HTTP endpoint) and calls the same
service.
"""

from __future__ import annotations

from whoswatching.intake.sources import eml, imap, maildir, mbox
from whoswatching.intake.sources.base import RawItem, SourceError

#: name -> module; each module documents its format in its docstring.
SOURCES = {
    "imap": imap,
    "mbox": mbox,
    "maildir": maildir,
    "eml": eml,
}

__all__ = ["SOURCES", "RawItem", "SourceError"]
