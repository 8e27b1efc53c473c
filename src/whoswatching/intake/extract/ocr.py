"""OCR with tesseract (run as a subprocess, bounded by a deadline) and image extraction with Pillow.

Images are checked before any pixel is decoded: Pillow's ``Image.open`` reads only the header, so
the declared width x height is compared with ``Limits.max_image_pixels`` first (an image bomb
declares 100,000 x 100,000 pixels in a few hundred bytes). Tesseract gets a grayscale PNG on
stdin and writes text on stdout (``tesseract stdin stdout``); ``OMP_THREAD_LIMIT=1`` keeps it to
one core. The timeout is per file: every page or frame draws on the same budget.
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess
import time
import warnings as pywarnings

from PIL import Image, ImageOps, UnidentifiedImageError

from whoswatching.intake.extract.limits import Limits
from whoswatching.intake.extract.result import Extraction, Quarantine


class OcrUnavailable(RuntimeError):
    """tesseract is not installed (``apt-get install tesseract-ocr tesseract-ocr-eng``)."""


class OcrTimeout(RuntimeError):
    """The file's OCR budget ran out."""


@functools.cache
def tesseract_version() -> str:
    """``"tesseract 5.3.0"``, or ``""`` when tesseract is missing."""
    exe = shutil.which("tesseract")
    if not exe:
        return ""
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    first = (out.stdout or out.stderr).splitlines()
    return first[0].strip() if first else "tesseract"


class Deadline:
    """A per-file time budget shared by every OCR call on that file."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.end - time.monotonic()


def ocr_image(image: Image.Image, *, limits: Limits, deadline: Deadline) -> str:
    """Text of a decoded Pillow image, read by tesseract within the file's remaining budget."""
    exe = shutil.which("tesseract")
    if not exe:
        raise OcrUnavailable("tesseract is not installed; install tesseract-ocr to read scans")
    left = deadline.remaining()
    if left <= 0:
        raise OcrTimeout("OCR time budget used up")
    gray = ImageOps.grayscale(image)
    buf = io.BytesIO()
    gray.save(buf, format="PNG")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        proc = subprocess.run(
            [exe, "stdin", "stdout", "-l", limits.ocr_language, "--psm", "3"],
            input=buf.getvalue(), capture_output=True, timeout=left, env=env, check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise OcrTimeout(f"OCR took longer than {limits.ocr_timeout_seconds:.0f}s") from exc
    if proc.returncode != 0:
        raise RuntimeError(f"tesseract failed: {proc.stderr.decode('utf-8', 'replace').strip()[:300]}")
    return proc.stdout.decode("utf-8", "replace").replace("\f", "").strip()


def open_image_checked(data: bytes, *, limits: Limits) -> Image.Image:
    """Open an image lazily and quarantine it if its declared size exceeds the pixel limit."""
    try:
        with pywarnings.catch_warnings():
            pywarnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise Quarantine(f"image bomb: {exc}") from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise Quarantine(f"corrupt or unreadable image: {exc}") from exc
    width, height = image.size
    if width * height > limits.max_image_pixels:
        raise Quarantine(
            f"image of {width}x{height} pixels exceeds the limit of {limits.max_image_pixels:,} "
            "(WHOSWATCHING_MAX_IMAGE_PIXELS)"
        )
    return image


def extract_image(data: bytes, result: Extraction, *, limits: Limits) -> Extraction:
    """OCR every frame (up to ``max_image_frames``) of a PNG/JPEG/TIFF/GIF/BMP/WebP image."""
    image = open_image_checked(data, limits=limits)
    result.method = "image_ocr"
    if not limits.ocr:
        result.warnings.append("OCR switched off; image not read")
        return result
    deadline = Deadline(limits.ocr_timeout_seconds)
    n_frames = getattr(image, "n_frames", 1)
    if n_frames > limits.max_image_frames:
        result.warnings.append(f"{n_frames} frames; only the first {limits.max_image_frames} OCR'd")
    texts: list[str] = []
    for index in range(min(n_frames, limits.max_image_frames)):
        try:
            image.seek(index)
            frame = ImageOps.exif_transpose(image) or image
            frame.load()
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
            if index == 0:
                raise Quarantine(f"corrupt or unreadable image: {exc}") from exc
            result.warnings.append(f"frame {index + 1} unreadable: {exc}")
            result.page_methods.append("ocr_failed")
            continue
        try:
            texts.append(ocr_image(frame, limits=limits, deadline=deadline))
            result.page_methods.append("ocr")
        except OcrTimeout as exc:
            result.warnings.append(f"frame {index + 1}: {exc}")
            result.page_methods.append("ocr_skipped")
            break
        except OcrUnavailable as exc:
            raise Quarantine(str(exc)) from exc
    result.pages = n_frames if n_frames > 1 else None
    result.text = "\n\n".join(t for t in texts if t)
    result.tool = f"Pillow {Image.__version__} + {tesseract_version()}"
    return result
