"""Run :func:`extract` in a worker process with a wall-clock timeout and a memory ceiling.

Parsers can hang or balloon on crafted input (pdfminer loops, decompression that slips past the
declared-size checks). In-process limits cannot stop those, so intake sends each file to a
long-lived worker process (started through a ``forkserver``: safe with threads in the parent, no
database connection inherited) that runs with ``RLIMIT_AS`` (POSIX ``setrlimit``) in its own
process group. A worker that overruns the timeout is killed with its process group (so a running
tesseract dies too) and replaced; one that dies (memory ceiling, a crash in a C library) yields a
quarantined result that says so. The worker is recycled every :data:`JOBS_PER_WORKER` files.
The parent only ever receives a pickled :class:`Extraction`.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import resource
import signal
import threading
from multiprocessing.connection import Connection

from whoswatching.intake.extract.core import extract
from whoswatching.intake.extract.limits import Limits
from whoswatching.intake.extract.result import Extraction
from whoswatching.intake.extract.sniff import sniff

#: Address-space ceiling of the extraction worker (PDFium and tesseract need a few hundred MB).
MEMORY_LIMIT_BYTES = 3 * 1024 * 1024 * 1024
#: Files read by one worker before it is replaced (bounds leaks in C libraries).
JOBS_PER_WORKER = 200


def _serve(conn: Connection) -> None:
    os.setpgrp()  # own process group, so a kill also stops the tesseract it may be running
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        data, filename, limits = job
        try:
            conn.send(extract(data, filename=filename, limits=limits))
        except (BrokenPipeError, EOFError, OSError):
            return


class _Worker:
    def __init__(self) -> None:
        self.proc: multiprocessing.process.BaseProcess | None = None
        self.conn: Connection | None = None
        self.jobs = 0
        self.lock = threading.Lock()

    def _start(self) -> None:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["whoswatching.intake.extract.isolated"])
        parent, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_serve, args=(child,), daemon=True, name="ww-extract")
        self.proc.start()
        child.close()
        self.conn, self.jobs = parent, 0

    def stop(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(OSError):
                self.conn.close()
        if self.proc is not None:
            if self.proc.pid is not None:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
            if self.proc.is_alive():
                self.proc.kill()
            self.proc.join()
        self.proc, self.conn = None, None

    def run(self, data: bytes, filename: str, limits: Limits, timeout: float) -> tuple[Extraction | None, str]:
        with self.lock:
            if self.proc is None or not self.proc.is_alive() or self.jobs >= JOBS_PER_WORKER:
                self.stop()
                self._start()
            assert self.conn is not None and self.proc is not None
            try:
                self.conn.send((data, filename, limits))
            except (BrokenPipeError, OSError):
                self.stop()
                return None, "the extraction process died"
            self.jobs += 1
            if not self.conn.poll(timeout):
                self.stop()
                return None, f"extraction took longer than {timeout:g}s and was stopped"
            try:
                return self.conn.recv(), ""
            except (EOFError, OSError):
                code = self.proc.exitcode
                self.stop()
                why = "the extraction process died"
                if code not in (None, 0):
                    why += f" (exit code {code}; likely the {MEMORY_LIMIT_BYTES // 2**30} GB memory ceiling)"
                return None, why


_workers: dict[int, _Worker] = {}


def _worker() -> _Worker:
    pid = os.getpid()  # a forked parent gets its own worker
    if pid not in _workers:
        _workers[pid] = _Worker()
    return _workers[pid]


def extract_isolated(data: bytes, *, filename: str, limits: Limits | None = None,
                     timeout: float | None = None) -> Extraction:
    """Like :func:`extract`, in the worker process, stopped after ``timeout`` seconds (default: OCR budget + 120 s)."""
    limits = limits or Limits.from_config()
    timeout = timeout if timeout is not None else limits.ocr_timeout_seconds + 120
    result, reason = _worker().run(data, filename, limits, timeout)
    if result is not None:
        return result
    found = sniff(data, filename)
    return Extraction(method="none", filename=filename, kind=found.kind, mime=found.mime, size=len(data),
                      sha256=hashlib.sha256(data).hexdigest(), quarantined=True, reason=reason)
