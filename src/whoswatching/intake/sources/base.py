"""What every source yields."""

from __future__ import annotations

from dataclasses import dataclass


class SourceError(Exception):
    """A source that cannot be read at all (missing file, wrong format, login refused)."""


@dataclass(frozen=True)
class RawItem:
    raw: bytes
    #: Where the bytes came from, e.g. ``mbox:/srv/replies.mbox#12`` or ``eml:/tmp/a.eml``.
    source_ref: str
