"""The folder the public statistics pages serve: one report per denominator plus a manifest.

Layout::

    DIR/manifest.json            what is here: input, hash, codebook, method, every file with its SHA-256
    DIR/valid/...                build_report(..., denominator="valid")      (the seed's stated method)
    DIR/responses/...            build_report(..., denominator="responses")
    DIR/published-checks.json    check-published findings, when given

The folder is built beside ``DIR`` and swapped in with a rename at the end, so a web server never sees
a half-built generation (MapIt's "generation activated after checks").
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from whoswatching.stats.coded import CodedTable
from whoswatching.stats.counts import DENOMINATORS
from whoswatching.stats.report.build import build_report, stamp_line

MEDIA_TYPES = {".html": "text/html", ".json": "application/json", ".csv": "text/csv", ".svg": "image/svg+xml",
               ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@dataclass(frozen=True)
class SiteManifest:
    path: Path
    data: dict[str, Any]


def _file_entry(root: Path, path: Path) -> dict[str, Any]:
    data = path.read_bytes()
    return {"path": path.relative_to(root).as_posix(), "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest(), "media_type": MEDIA_TYPES.get(path.suffix, "")}


def build_site(
    table: CodedTable,
    out_dir: str | Path,
    *,
    denominators: tuple[str, ...] = DENOMINATORS,
    findings: dict[str, Any] | None = None,
    generated_at: datetime | None = None,
    as_of: date | None = None,
    working_days: Callable[..., int] | None = None,
    population: Mapping[str, int] | None = None,
) -> SiteManifest:
    """Build every artefact for the public pages into ``out_dir`` (replaced as a whole at the end)."""
    bad = [d for d in denominators if d not in DENOMINATORS]
    if bad or not denominators:
        raise ValueError(f"denominators must be among {', '.join(DENOMINATORS)}")
    out = Path(out_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    generated_at = generated_at or datetime.now(UTC)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        sections: dict[str, Any] = {}
        meta: dict[str, Any] = {}
        for d in denominators:
            result = build_report(table, work / d, denominator=d, generated_at=generated_at, as_of=as_of,
                                  working_days=working_days, population=population, findings=findings)
            meta = result.tables.meta if result.tables else {}
            sections[d] = {"index": f"{d}/report.html",
                           "files": [_file_entry(work, p) for p in sorted(result.files)]}
        if findings:
            (work / "published-checks.json").write_text(
                json.dumps(findings, ensure_ascii=False, indent=2) + "\n", "utf-8")
        manifest = {
            "generated_at": stamp_line(generated_at),
            "input": meta.get("input"),
            "input_sha256": table.source_sha256,
            "codebook_version": table.codebook_version,
            "method_version": meta.get("method_version"),
            "bodies": len(table),
            "as_of": meta.get("as_of"),
            "default_denominator": denominators[0],
            "denominators": sections,
            "published_checks": "published-checks.json" if findings else None,
        }
        (work / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", "utf-8")
        _swap_in(work, out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return SiteManifest(path=out / "manifest.json", data=manifest)


def _swap_in(work: Path, out: Path) -> None:
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{work.name.rsplit('.', 1)[-1]}")
        out.rename(old)
    work.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
