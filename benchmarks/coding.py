"""Auto-coder speed (issue 3 point 4: at least 50 text-native .eml replies per second on one core).

1. Replies/s: ``coding.files.code_file`` over the labelled corpus's text-native ``.eml`` files (bodies
   and text attachments; scanned attachments left out), repeated until 3 s have passed. Baseline,
   same files and run: bare reading, ``intake.mail.parse_message`` + ``intake.extract.extract_message``
   (what the coder does before coding), so the difference is the coding itself.
2. OCR pages/s: the corpus's image-only PDF letters through ``code_file`` (extraction with tesseract,
   then coding). Baseline: the text-layer PDFs of the corpus through the same call.

Single core: tesseract's OpenMP threads are limited to one (``OMP_THREAD_LIMIT=1``) and the coder runs
in this one process. The catalogue and lexicon are loaded before timing starts (once per process).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "coding" / "corpus"
SECONDS = 3.0


def _rate(fn: Callable[[Path], object], files: list[Path], *, units: Callable[[Path], int] = lambda p: 1) -> tuple[float, int]:
    done = 0
    start = time.perf_counter()
    while True:
        for f in files:
            fn(f)
            done += units(f)
        elapsed = time.perf_counter() - start
        if elapsed >= SECONDS:
            return done / elapsed, done


def _text_native_emails() -> list[Path]:
    out = []
    for p in sorted(CORPUS.glob("*.eml")):
        if b"application/pdf" in p.read_bytes() and "scan" in p.name:
            continue
        out.append(p)
    return out


def run() -> None:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    from whoswatching.coding.files import code_file
    from whoswatching.coding.lexicon import load_lexicon
    from whoswatching.intake.extract import extract_message
    from whoswatching.intake.mail import parse_message

    load_lexicon()
    emails = _text_native_emails()
    if not emails:
        print("no corpus found: run python -m tests.coding.make_corpus")
        return

    def bare(p: Path) -> object:
        return extract_message(parse_message(p.read_bytes()))

    base_rate, _ = _rate(bare, emails)
    rate, n = _rate(code_file, emails)
    print(f"replies/s (text-native .eml, {len(emails)} files, {n} coded): {rate:8.1f}   goal >= 50")
    print(f"  baseline: parse + extract only            : {base_rate:8.1f} replies/s "
          f"(coding costs {1000 / rate - 1000 / base_rate:.1f} ms a reply)")

    scans = sorted(CORPUS.glob("scan-*.pdf"))
    text_pdfs = [p for p in sorted(CORPUS.glob("*.pdf")) if not p.name.startswith("scan-")]
    if scans:
        from whoswatching.intake.extract import extract

        pages = {p: extract(p.read_bytes(), filename=p.name).pages or 1 for p in scans + text_pdfs}
        start = time.perf_counter()
        n_pages = 0
        for p in scans:
            code_file(p)
            n_pages += pages[p]
        ocr_rate = n_pages / (time.perf_counter() - start)
        print(f"OCR pages/s (image-only PDF letters, {n_pages} pages, extract + code): {ocr_rate:6.2f}")
        if text_pdfs:
            text_rate, _ = _rate(code_file, text_pdfs, units=lambda p: pages[p])
            print(f"  baseline: text-layer PDF pages/s (same call)              : {text_rate:6.2f}")
