"""ZIP archives, read in memory within bounds; members extracted recursively.

Nothing is ever written to disk, yet path tricks are still refused because they only appear in
archives crafted to attack a careless unpacker: a member name that is absolute (``/etc/passwd``,
``C:\\x``) or climbs out (``../``), or a member that is a symbolic link (Info-ZIP stores the Unix
mode in the high 16 bits of ``external_attr``; APPNOTE.TXT §4.4.15), quarantines the whole archive.
So does a zip bomb: more than ``max_zip_members`` members, a declared uncompressed total above
``max_zip_total_bytes``, a member whose compression ratio is above ``max_zip_ratio``, or (because
declared sizes can lie) more bytes actually inflated than the limit allows. ZIPs inside ZIPs are
followed up to ``max_zip_depth``. The same checks guard DOCX/XLSX/ODT containers
(:func:`check_container`) before an office library opens them.
"""

from __future__ import annotations

import io
import stat
import zipfile
import zlib
from collections.abc import Callable
from pathlib import PurePosixPath

from whoswatching.intake.extract.limits import Limits
from whoswatching.intake.extract.result import Extraction, Quarantine

_CHUNK = 1024 * 1024


def _path_trick(name: str) -> str | None:
    norm = name.replace("\\", "/")
    if norm.startswith("/") or (len(norm) > 1 and norm[1] == ":"):
        return f"absolute path {name!r}"
    if ".." in PurePosixPath(norm).parts:
        return f"path escapes the archive {name!r}"
    if any(ord(ch) < 32 for ch in name):
        return f"control characters in member name {name!r}"
    return None


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    mode = info.external_attr >> 16
    return info.create_system == 3 and stat.S_ISLNK(mode)


def check_container(zf: zipfile.ZipFile, *, limits: Limits, label: str = "ZIP") -> list[zipfile.ZipInfo]:
    """Raise :class:`Quarantine` if the archive is a bomb or plays path tricks; return its file members."""
    infos = zf.infolist()
    if len(infos) > limits.max_zip_members:
        raise Quarantine(
            f"{label} has {len(infos):,} members, above the limit of {limits.max_zip_members:,} "
            "(WHOSWATCHING_MAX_ZIP_MEMBERS)"
        )
    total = 0
    for info in infos:
        trick = _path_trick(info.filename)
        if trick:
            raise Quarantine(f"{label} path trick: {trick}")
        if _is_symlink(info):
            raise Quarantine(f"{label} path trick: symbolic link {info.filename!r}")
        total += info.file_size
        if info.file_size > limits.zip_ratio_floor:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_zip_ratio:
                raise Quarantine(
                    f"zip bomb: {label} member {info.filename!r} inflates {ratio:,.0f}:1 "
                    f"to {info.file_size:,} bytes (limit {limits.max_zip_ratio}:1)"
                )
    if total > limits.max_zip_total_bytes:
        raise Quarantine(
            f"zip bomb: {label} declares {total:,} uncompressed bytes, above the limit of "
            f"{limits.max_zip_total_bytes:,} (WHOSWATCHING_MAX_ZIP_TOTAL_BYTES)"
        )
    return [i for i in infos if not i.is_dir()]


def _read_bounded(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """Inflate one member, stopping as soon as more than ``budget`` bytes come out."""
    out = bytearray()
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            out += chunk
            if len(out) > budget:
                raise Quarantine(
                    f"zip bomb: member {info.filename!r} inflates beyond the archive's remaining "
                    f"budget of {budget:,} bytes (declared sizes lie)"
                )
    return bytes(out)


def extract_zip(
    data: bytes,
    result: Extraction,
    *,
    limits: Limits,
    depth: int,
    extract_member: Callable[[bytes, str, int], Extraction],
) -> Extraction:
    """List and extract every member of a ZIP into ``result.parts``."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except Exception as exc:  # BadZipFile, NotImplementedError (unknown version/method), EOFError...
        raise Quarantine(f"corrupt ZIP: {type(exc).__name__}: {exc}") from exc
    with zf:
        members = check_container(zf, limits=limits)
        budget = limits.max_zip_total_bytes
        for info in members:
            name = info.filename
            if info.flag_bits & 0x1:
                result.parts.append(_member_quarantined(name, "encrypted ZIP member: it needs a password", info))
                continue
            try:
                payload = _read_bounded(zf, info, budget)
            except Quarantine:
                raise
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError, zlib.error) as exc:
                result.parts.append(_member_quarantined(name, f"unreadable ZIP member: {exc}", info))
                continue
            budget -= len(payload)
            result.parts.append(extract_member(payload, name, depth + 1))
    result.method = "zip"
    result.tool = "zipfile (Python stdlib)"
    return result


def _member_quarantined(name: str, reason: str, info: zipfile.ZipInfo) -> Extraction:
    return Extraction(method="none", filename=name, size=info.file_size, quarantined=True, reason=reason)
