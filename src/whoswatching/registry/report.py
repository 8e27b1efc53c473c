"""The import report: what an import did (or, in a dry run, would do), row by row where it matters.

Pure data; ``importer`` fills it, the CLI prints it (text or ``--json``), ``SourceRun`` stores it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields


@dataclass(frozen=True)
class RowProblem:
    row: int  # spreadsheet row number (the header is row 1)
    reason: str


@dataclass
class ImportReport:
    source: str
    file_name: str = ""
    file_sha256: str = ""
    encoding: str = ""
    commit_requested: bool = False
    skip_bad: bool = False
    outcome: str = "dry_run"  # dry_run | committed | refused (SourceRun.Outcome)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    contacts_added: int = 0
    contacts_updated: int = 0
    rejected: list[RowProblem] = field(default_factory=list)
    skipped: list[RowProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    run_id: int | None = None

    @property
    def applied(self) -> bool:
        return self.outcome == "committed"

    @property
    def skip_reasons(self) -> Counter[str]:
        return Counter(p.reason for p in self.skipped)

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "accepted": self.created + self.updated + self.unchanged,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": len(self.rejected),
            "skipped": len(self.skipped),
            "contacts_added": self.contacts_added,
            "contacts_updated": self.contacts_updated,
        }

    def summary_line(self) -> str:
        """One line for ``whoswatching setup`` and logs."""
        state = {
            "dry_run": "dry run, nothing written",
            "committed": "committed",
            "refused": "NOT applied: rejected rows (fix them or use --skip-bad)",
        }[self.outcome]
        line = (
            f"{self.source}: {self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.rejected)} rejected, {len(self.skipped)} skipped"
        )
        if self.contacts_added or self.contacts_updated:
            line += f"; contacts {self.contacts_added} added, {self.contacts_updated} updated"
        return f"{line} ({state})"

    def to_dict(self) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["rejected"] = [{"row": p.row, "reason": p.reason} for p in self.rejected]
        data["skipped"] = [{"row": p.row, "reason": p.reason} for p in self.skipped]
        data["warnings"] = list(self.warnings)
        data["counts"] = self.counts()
        data["skip_reasons"] = dict(self.skip_reasons.most_common())
        return data

    def text_lines(self, *, max_problems: int = 50) -> list[str]:
        """The report for people: counts, every rejection (up to ``max_problems``), skip reasons."""
        lines = [self.summary_line()]
        if self.file_name:
            lines.append(f"  file {self.file_name} ({self.encoding}, sha256 {self.file_sha256[:12]}...), {self.rows} rows")
        lines.extend(f"  warning: {w}" for w in self.warnings)
        for problem in self.rejected[:max_problems]:
            lines.append(f"  rejected row {problem.row}: {problem.reason}")
        if len(self.rejected) > max_problems:
            lines.append(f"  ... and {len(self.rejected) - max_problems} more rejected rows (see --json)")
        for reason, count in self.skip_reasons.most_common():
            lines.append(f"  skipped {count}: {reason}")
        return lines
