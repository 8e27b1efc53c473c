"""Report outputs: CSV, JSON, XLSX (formulas neutralised) and bar charts, each stamped with the
snapshot, its date, the input hashes and the rule version."""
