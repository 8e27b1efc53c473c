"""Files transport, the embedded default when no SMTP host is configured: never touches the network.

Each message is written to ``DATA_DIR/outbox-files/<created date>/<key>.eml`` atomically: written to a
temporary file in the same folder, flushed and fsync'd, then renamed into place (POSIX ``rename(2)`` is
atomic), and the folder fsync'd. The rename is the irreversible act, so ``before_end`` runs just before it;
and because the final name is deterministic, :meth:`FilesTransport.probe` can tell after a crash whether a
message in the ambiguous window was delivered.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path

from whoswatching import config
from whoswatching.outbox.transports.base import Envelope, Outcome, Result

_UNSAFE = re.compile(r"[^A-Za-z0-9._+=-]+")


class FilesTransport:
    name = "files"

    def __init__(self, *, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else config.DATA_DIR / "outbox-files"

    def path_for(self, envelope: Envelope) -> Path:
        safe = _UNSAFE.sub("-", envelope.key).strip(".-")[:100] or "msg"
        if safe != envelope.key:
            safe = f"{safe}.{hashlib.sha256(envelope.key.encode()).hexdigest()[:10]}"
        return self.folder / envelope.created.isoformat() / f"{safe}.eml"

    def send(self, envelope: Envelope, *, before_end: Callable[[], None]) -> Result:
        target = self.path_for(envelope)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as fh:
                fh.write(envelope.raw)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            return Result(Outcome.TRANSIENT, None, f"write {tmp}: {exc}", connection_failed=True)
        try:
            before_end()
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        try:
            os.replace(tmp, target)
            dir_fd = os.open(target.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        except OSError as exc:
            return Result(Outcome.AMBIGUOUS, None, f"rename to {target}: {exc}")
        return Result(Outcome.SENT, None, f"written to {target}")

    def probe(self, envelope: Envelope) -> bool | None:
        return self.path_for(envelope).exists()

    def close(self) -> None:
        return None
