"""Run :func:`extract` in a child process with a wall-clock timeout and a memory ceiling.

Parsers can hang or balloon on crafted input (pdfminer loops, decompression that slips past the
declared-size checks). In-process limits cannot stop those, so intake runs each file in a child
started by a ``forkserver`` (safe with threads in the parent, no database connection inherited),
with ``RLIMIT_AS`` set in the child (POSIX ``setrlimit``). A child that overruns the timeout is
killed; one that dies (memory ceiling, a crash in a C library) yields a quarantined result that
says so. The parent only ever receives a pickled :class:`Extraction`.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import resource
import signal
from multiprocessing.connection import Connection

from whoswatching.intake.extract.core import extract
from whoswatching.intake.extract.limits import Limits
from whoswatching.intake.extract.result import Extraction
from whoswatching.intake.extract.sniff import sniff

#: Address-space ceiling of an extraction child (PDFium and tesseract need a few hundred MB).
MEMORY_LIMIT_BYTES = 3 * 1024 * 1024 * 1024


def _child(conn: Connection, data: bytes, filename: str, limits: Limits) -> None:
    os.setpgrp()  # own process group, so a kill also stops the tesseract it may be running
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    try:
        conn.send(extract(data, filename=filename, limits=limits))
    except (BrokenPipeError, EOFError):
        pass  # the parent gave up waiting
    finally:
        conn.close()


def _kill(proc: multiprocessing.process.BaseProcess) -> None:
    if proc.pid is not None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
    if proc.is_alive():
        proc.kill()
    proc.join()


def extract_isolated(data: bytes, *, filename: str, limits: Limits | None = None,
                     timeout: float | None = None) -> Extraction:
    """Like :func:`extract`, in a child process killed after ``timeout`` seconds (default: OCR budget + 120 s)."""
    limits = limits or Limits.from_config()
    timeout = timeout if timeout is not None else limits.ocr_timeout_seconds + 120
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["whoswatching.intake.extract.isolated"])  # children fork with parsers imported
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(sender, data, filename, limits), daemon=True)
    proc.start()
    sender.close()
    result: Extraction | None = None
    reason = ""
    try:
        if receiver.poll(timeout):
            try:
                result = receiver.recv()
            except (EOFError, OSError):
                reason = "the extraction process died"
        else:
            reason = f"extraction took longer than {timeout:g}s and was stopped"
            _kill(proc)
    finally:
        receiver.close()
        proc.join(timeout=5)
        if proc.is_alive():
            _kill(proc)
    if result is not None:
        return result
    if proc.exitcode not in (None, 0) and not reason.startswith("extraction took"):
        reason += f" (exit code {proc.exitcode}; likely the {MEMORY_LIMIT_BYTES // 2**30} GB memory ceiling)"
    found = sniff(data, filename)
    return Extraction(method="none", filename=filename, kind=found.kind, mime=found.mime, size=len(data),
                      sha256=hashlib.sha256(data).hexdigest(), quarantined=True, reason=reason)
