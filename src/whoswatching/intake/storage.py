"""Content-addressed blob store for raw messages and attachments under ``DATA_DIR/blobs``.

A blob's key is ``sha256/ab/cd/<64 hex>`` (the first two byte pairs fan the files out over
directories). Writing the same bytes twice is a no-op, so a message received twice, or an
attachment sent to fifty requests, is stored once. Files are written to a temporary name and
renamed into place (atomic on POSIX), so a crash never leaves half a blob under a real key.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from django.conf import settings

_KEY = re.compile(r"^sha256/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}$")


class BlobMissing(FileNotFoundError):
    """A stored key whose file is gone (restore DATA_DIR/blobs from backup)."""


def blob_root() -> Path:
    return Path(settings.DATA_DIR) / "blobs"


def blob_key(sha256_hex: str) -> str:
    return f"sha256/{sha256_hex[:2]}/{sha256_hex[2:4]}/{sha256_hex}"


def blob_path(key: str) -> Path:
    if not _KEY.match(key):
        raise ValueError(f"not a blob key: {key!r}")
    return blob_root() / key


def blob_put(data: bytes) -> str:
    """Store ``data`` (once) and return its key."""
    key = blob_key(hashlib.sha256(data).hexdigest())
    path = blob_path(key)
    if path.exists() and path.stat().st_size == len(data):
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return key


def blob_get(key: str) -> bytes:
    path = blob_path(key)
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise BlobMissing(f"blob {key} is missing from {blob_root()}") from exc
