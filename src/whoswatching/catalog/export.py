"""Export the catalogue as flat tables: a SQLite database (for Datasette, joins in DuckDB) or JSON.

One table per noun plus link tables for the many-to-many parts (aliases, examples, CVE ranges, the makers
a fact is about). Columns are the schema's fields; tuples become comma-separated text in SQLite.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from whoswatching.catalog.index import Catalog


def _join(values: Iterable[str]) -> str:
    return ", ".join(values)


def tables(cat: Catalog) -> dict[str, list[dict[str, Any]]]:
    """The catalogue as ``{table: [row, ...]}`` with plain JSON-able values."""
    out: dict[str, list[dict[str, Any]]] = {
        "makers": [
            {"name": m.name, "country": m.country, "chinese": m.chinese, "state_owned": m.state_owned,
             "website": m.website, "source_url": m.source_url}
            for m in cat.makers.values()
        ],
        "maker_names": [
            {"maker": m.name, "name": n, "kind": kind}
            for m in cat.makers.values()
            for kind, names in (("alias", m.aliases), ("subsidiary", [s.name for s in m.subsidiaries]))
            for n in names
        ],
        "brands": [
            {"name": b.name, "maker": b.maker, "relation": b.relation, "grade": b.grade,
             "counts_as_maker": b.counts_as_maker, "scope": b.scope, "other_makers": _join(b.other_makers),
             "evidence": b.evidence, "source_url": b.source_url}
            for b in cat.brands.values()
        ],
        "brand_aliases": [{"brand": b.name, "alias": a} for b in cat.brands.values() for a in b.aliases],
        "capabilities": [
            {"name": c.name, "parent": None, "level": "codebook", "label": c.label, "definition": c.definition,
             "keywords": _join(c.keywords)}
            for c in cat.capabilities.values()
        ] + [
            {"name": d.name, "parent": d.parent, "level": "detail", "label": d.label, "definition": None,
             "keywords": _join(d.keywords)}
            for d in cat.capability_details.values()
        ],
        "product_lines": [
            {"name": p.name, "maker": p.maker, "kinds": _join(p.kinds), "capabilities": _join(p.capabilities),
             "capability_details": _join(p.capability_details), "description": p.description,
             "source": p.source, "source_url": p.source_url}
            for p in cat.product_lines.values()
        ],
        "model_patterns": [
            {"id": p.id, "maker": p.maker, "brand": p.brand, "regex": p.regex, "kind": p.kind, "series": p.series,
             "product_line": p.product_line, "priority": p.priority, "source_url": p.source_url}
            for p in cat.patterns
        ],
        "pattern_examples": [
            {"pattern": p.id, "model": ex, "counter": False} for p in cat.patterns for ex in p.examples
        ] + [{"pattern": p.id, "model": ex, "counter": True} for p in cat.patterns for ex in p.counter_examples],
        "cves": [
            {"id": c.id, "maker": c.maker, "brand": c.brand, "title": c.title, "cvss": c.cvss,
             "published": c.published.isoformat() if c.published else None, "known_exploited": c.known_exploited,
             "kev_date_added": c.kev_date_added.isoformat() if c.kev_date_added else None,
             "affected_text": c.affected_text, "fixed_in_text": c.fixed_in_text, "source_url": c.source_url}
            for c in cat.cves
        ],
        "cve_ranges": [
            {"cve": c.id, "model_pattern": r.model_pattern, "model_text": r.model_text,
             "min_version": r.min_version, "max_version": r.max_version, "builds": _join(r.builds),
             "build_from": r.build_from.isoformat() if r.build_from else None,
             "build_before": r.build_before.isoformat() if r.build_before else None, "fixed_in": r.fixed_in}
            for c in cat.cves for r in c.affected
        ],
        "facts": [
            {"id": f.id, "topic": f.topic, "date": f.date.isoformat() if f.date else None,
             "after_seed": f.after_seed, "text": f.text, "source": f.source, "source_url": f.source_url}
            for f in cat.facts
        ],
        "fact_makers": [{"fact": f.id, "maker": m} for f in cat.facts for m in f.makers],
        "oui": [
            {"prefix": o.prefix, "organisation": o.organisation, "maker": cat.maker_for_organisation(o.organisation),
             "source": o.source}
            for o in cat.oui
        ],
    }
    return out


def export_sqlite(cat: Catalog, path: Path) -> dict[str, int]:
    """Write every table to a new SQLite file at ``path`` (which must not exist); returns row counts."""
    data = tables(cat)
    conn = sqlite3.connect(path)
    try:
        with conn:
            for name, rows in data.items():
                cols = list(rows[0]) if rows else ["empty"]
                conn.execute(f'CREATE TABLE "{name}" ({", ".join(f"{c!r}" for c in cols)})')
                conn.executemany(
                    f'INSERT INTO "{name}" VALUES ({", ".join("?" for _ in cols)})',
                    [tuple(r[c] for c in cols) for r in rows],
                )
    finally:
        conn.close()
    return {name: len(rows) for name, rows in data.items()}


def export_json(cat: Catalog, path: Path) -> dict[str, int]:
    """Write every table as one JSON object ``{table: [rows]}``; returns row counts."""
    data = tables(cat)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return {name: len(rows) for name, rows in data.items()}
