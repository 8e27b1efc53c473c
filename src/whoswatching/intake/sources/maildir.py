"""Maildir folders (``cur/``, ``new/``, ``tmp/``; D. J. Bernstein's maildir(5)), read with ``mailbox.Maildir``.

Messages in ``new`` and ``cur`` are read; nothing is moved or flagged (the folder stays as it was).
"""

from __future__ import annotations

import mailbox
from collections.abc import Iterator
from pathlib import Path

from whoswatching.intake.sources.base import RawItem, SourceError


def _open(path: Path) -> mailbox.Maildir:
    if not (path / "cur").is_dir() or not (path / "new").is_dir():
        raise SourceError(f"{path} is not a Maildir (it needs cur/ and new/ subfolders)")
    return mailbox.Maildir(str(path), factory=None, create=False)


def count(path: Path) -> int:
    return len(_open(path))


def iter_messages(path: Path) -> Iterator[RawItem]:
    box = _open(path)
    for key in sorted(box.iterkeys()):
        yield RawItem(box.get_bytes(key), f"maildir:{path.resolve()}#{key}")
