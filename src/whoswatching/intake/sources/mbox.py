"""mbox files (RFC 4155; mboxrd/mboxo as written by Thunderbird, mutt, Google Takeout).

Read with the stdlib ``mailbox.mbox``; each message's bytes exclude the ``From `` separator line.
"""

from __future__ import annotations

import mailbox
from collections.abc import Iterator
from pathlib import Path

from whoswatching.intake.sources.base import RawItem, SourceError


def count(path: Path) -> int:
    return len(_open(path))


def _open(path: Path) -> mailbox.mbox:
    if not path.is_file():
        raise SourceError(f"{path} is not a file; give the path of an mbox file")
    with path.open("rb") as fh:
        head = fh.read(5)
    if head and head != b"From ":
        raise SourceError(f"{path} does not start with a 'From ' line, so it is not an mbox file")
    return mailbox.mbox(str(path), factory=None, create=False)


def iter_messages(path: Path) -> Iterator[RawItem]:
    box = _open(path)
    try:
        for index, key in enumerate(box.iterkeys()):
            yield RawItem(box.get_bytes(key), f"mbox:{path.resolve()}#{index}")
    finally:
        box.close()
