"""Compile the rule set to SQL expressions for DuckDB (RE2) and Spark SQL (java.util.regex).

The generated SQL mirrors :meth:`whoswatching.exposure.fingerprint.Classifier.classify`: one boolean
``m<i>`` per rule, then each yield is ``COALESCE`` over the rules in priority order, so the first
fired rule with a value wins, as in Python. Patterns go into SQL string literals unchanged: DuckDB
does not process backslashes in literals, and the Spark engine sets
``spark.sql.parser.escapedStringLiterals=true`` so Spark does not either; quotes are refused by
:func:`whoswatching.exposure.rules.check_portable`.
"""

from __future__ import annotations

from dataclasses import dataclass
from re import _constants as _re_constants  # the stdlib's regex parser: group structure and widths
from re import _parser as _re_parser

from whoswatching.exposure.rules import YIELDS, Rule, RuleSet, template_parts


@dataclass(frozen=True)
class Dialect:
    name: str
    match: str  # format with f (column) and p (pattern literal)
    strip_non_hex: str  # format with x
    contains: str  # format with f (column) and p (literal)

    def lit(self, value: str) -> str:
        if "'" in value:
            raise ValueError(f"quote in SQL literal {value!r}")
        return f"'{value}'"


DUCKDB = Dialect("duckdb", "regexp_matches({f}, {p})", "regexp_replace({x}, '[^0-9A-Fa-f]', '', 'g')",
                 "contains({f}, {p})")
SPARK = Dialect("spark", "({f} RLIKE {p})", "regexp_replace({x}, '[^0-9A-Fa-f]', '')", "(instr({f}, {p}) > 0)")
DIALECTS = {"duckdb": DUCKDB, "spark": SPARK}


def _needs(rules: RuleSet) -> dict[tuple[str, tuple[str, ...]], int]:
    """Each distinct (field, needs) pre-filter, numbered: rules sharing one evaluate it once."""
    seen: dict[tuple[str, tuple[str, ...]], int] = {}
    for rule in rules.rules:
        if rule.needs:
            seen.setdefault((rule.field, rule.needs), len(seen))
    return seen


def needs_columns(rules: RuleSet, dialect: Dialect) -> list[str]:
    """``<bool> AS n<k>``: one literal pre-filter per distinct (field, needs), computed once per row."""
    return [" OR ".join(dialect.contains.format(f=field, p=dialect.lit(n)) for n in needs) + f" AS n{k}"
            for (field, needs), k in _needs(rules).items()]


def _guards(rule: Rule, gates: dict[str, str], needs: dict[tuple[str, tuple[str, ...]], int]) -> list[str]:
    """The cheap pre-checks in front of a rule's regex, outermost first: field gate, port, ``needs``."""
    guards = [f"g_{rule.field}"] if rule.field in gates else []
    if rule.ports:
        guards.append(f"port IN ({', '.join(str(p) for p in rule.ports)})")
    if rule.needs:  # literal pre-filter: a substring search is far cheaper than the regex
        guards.append(f"n{needs[(rule.field, rule.needs)]}")
    return guards


def _behind(guards: list[str], expr: str, otherwise: str | None) -> str:
    """``expr`` only where every guard holds; CASE, not AND, since DuckDB evaluates both sides of an
    AND in a projection: CASE runs the regex only on the rows that passed."""
    tail = f" ELSE {otherwise}" if otherwise else ""
    for guard in reversed(guards):
        expr = f"CASE WHEN {guard} THEN {expr}{tail} END"
    return expr


def witness_group(rule: Rule) -> int | None:
    """A capture group a template uses whose text tells whether the rule matched, or None.

    A group at the top level of the pattern (not inside an alternative, a repeat or another group)
    always takes part in a match, and one that cannot be empty is non-empty exactly when the pattern
    matched; ``regexp_extract`` gives '' otherwise (DuckDB and Spark alike). Such a rule needs one
    regex run (the extraction) instead of two (a match, then the extraction).
    """
    used = set(_groups(rule))
    for op, av in _re_parser.parse(rule.pattern):
        if op is _re_constants.SUBPATTERN and av[0] in used and av[3].getwidth()[0] >= 1:
            return int(av[0])
    return None


def witness_columns(rules: RuleSet, dialect: Dialect) -> str:
    """``x<i>_<w>`` for every rule with a :func:`witness_group`, behind the rule's pre-checks."""
    gates, needs = _gates(rules, dialect), _needs(rules)
    columns = []
    for i, rule in enumerate(rules.rules):
        group = witness_group(rule)
        if group is not None:
            extract = f"regexp_extract({rule.field}, {dialect.lit(rule.pattern)}, {group})"
            columns.append(f"{_behind(_guards(rule, gates, needs), extract, None)} AS x{i}_{group}")
    return ",\n  ".join(columns) or "CAST(NULL AS STRING) AS x_witness_none"


def _groups(rule: Rule) -> list[int]:
    """The capture groups any of the rule's yield templates uses."""
    return sorted({p for name in YIELDS if getattr(rule, name)
                   for p in template_parts(getattr(rule, name)) if isinstance(p, int)})


def extract_columns(rules: RuleSet, dialect: Dialect) -> str:
    """``x<i>_<g>``: capture group g of rule i, extracted once and only where the rule fired.

    Templates and normalisers then read the column instead of running the regex again per use. A
    rule's witness group was already extracted (:func:`witness_columns`).
    """
    columns = [f"CASE WHEN m{i} THEN regexp_extract({rule.field}, {dialect.lit(rule.pattern)}, {g}) END AS x{i}_{g}"
               for i, rule in enumerate(rules.rules) for g in _groups(rule) if g != witness_group(rule)]
    return ",\n  ".join(columns) or "CAST(NULL AS STRING) AS x_none"


def _template(index: int, template: str, dialect: Dialect) -> str:
    """A template over rule ``index``'s capture columns, NULL when the rule did not fire or any group
    it uses is empty: ``nullif`` makes an empty group NULL and ``||`` (DuckDB and Spark alike) passes
    NULL through, so no CASE is needed."""
    pieces = [f"nullif(x{index}_{p}, '')" if isinstance(p, int) else dialect.lit(p) for p in template_parts(template)]
    return " || ".join(pieces)


def _normalise(name: str, expr: str, dialect: Dialect) -> str:
    if name == "model":
        return f"nullif(upper(trim({expr})), '')"
    if name == "mac":
        hexed = "upper(" + dialect.strip_non_hex.format(x=expr) + ")"
        return f"CASE WHEN length({hexed}) = 12 THEN {hexed} END"
    return f"nullif(trim({expr}), '')"


def _fold(name: str, value: str) -> str | None:
    """:func:`_normalise` of a constant, done here (SQL ``trim`` strips spaces, ``upper`` on ASCII)."""
    value = value.strip(" ")
    return (value.upper() if name == "model" else value) or None


def _first_of(branches: list[tuple[list[int], str]], default: str | None = None) -> str:
    """``CASE WHEN m.. THEN v ...`` over constant values, in priority order, equal neighbours merged."""
    runs: list[tuple[list[int], str]] = []
    for rules, value in branches:
        if runs and runs[-1][1] == value:
            runs[-1][0].extend(rules)
        else:
            runs.append((list(rules), value))
    whens = " ".join(f"WHEN {' OR '.join(f'm{i}' for i in rules)} THEN {value}" for rules, value in runs)
    return f"CASE {whens}{f' ELSE {default}' if default else ''} END"


def _yield(name: str, rules: RuleSet, dialect: Dialect) -> str:
    """The first non-NULL value among the rules carrying ``name``, in priority order (as Python).

    Constant values (most makers and products) become one flat CASE; rules whose value comes from
    capture groups give an expression that is NULL unless the rule fired, so COALESCE needs no guard.
    """
    exprs: list[str] = []
    constants: list[tuple[list[int], str]] = []  # consecutive constant carriers share one CASE
    for i, rule in enumerate(rules.rules):
        template = getattr(rule, name)
        if not template:
            continue
        captures = any(isinstance(p, int) for p in template_parts(template))
        if name != "mac" and template.isascii() and not captures:
            folded = _fold(name, template)
            if folded is not None:
                constants.append(([i], dialect.lit(folded)))
            continue
        if constants:
            exprs.append(_first_of(constants))
            constants = []
        if captures:
            exprs.append(_normalise(name, _template(i, template, dialect), dialect))
        else:
            exprs.append(f"CASE WHEN m{i} THEN {_normalise(name, dialect.lit(template), dialect)} END")
    if constants:
        exprs.append(_first_of(constants))
    if not exprs:
        return "NULL"
    return exprs[0] if len(exprs) == 1 else f"COALESCE({', '.join(exprs)})"


def _scoped(pattern: str) -> str:
    """``(?i)abc`` -> ``(?i:abc)`` so patterns with different flags can share one alternation."""
    if pattern.startswith("(?i)"):
        return f"(?i:{pattern[4:]})"
    return f"(?:{pattern})"


def _gates(rules: RuleSet, dialect: Dialect) -> dict[str, str]:
    by_field: dict[str, list[str]] = {}
    for rule in rules.rules:
        if rule.field in GATED_FIELDS:
            by_field.setdefault(rule.field, []).append(_scoped(rule.pattern))
    return {field: dialect.match.format(f=field, p=dialect.lit("|".join(patterns)))
            for field, patterns in by_field.items() if len(patterns) > 1}


def gate_columns(rules: RuleSet, dialect: Dialect) -> str:
    """``<bool> AS g_<field>``: one alternation per field; when it fails no rule on the field can fire.

    Also the shared literal pre-filters ``n<k>`` (:func:`needs_columns`). Pre-filters only (every rule
    is still matched on its own), so they cannot change a result; they save evaluating each pattern on
    the many records that match none.
    """
    gates = [f"{expr} AS g_{field}" for field, expr in _gates(rules, dialect).items()]
    return ",\n  ".join([*gates, *needs_columns(rules, dialect)]) or "true AS g_none"


def match_columns(rules: RuleSet, dialect: Dialect) -> str:
    """``<bool> AS m0, <bool> AS m1, ...`` for every rule, in priority order, behind its pre-checks.

    A rule with a witness group matched where that group's text is non-empty.
    """
    gates, needs = _gates(rules, dialect), _needs(rules)
    columns = []
    for i, rule in enumerate(rules.rules):
        group = witness_group(rule)
        if group is not None:
            expr = f"COALESCE(x{i}_{group} <> '', false)"
        else:
            regex = dialect.match.format(f=rule.field, p=dialect.lit(rule.pattern))
            expr = _behind(_guards(rule, gates, needs), regex, "false")
        columns.append(f"{expr} AS m{i}")
    return ",\n  ".join(columns)


#: Fields gated by an alternation of their rules' patterns. RE2 loses its literal fast path on an
#: alternation of unrelated patterns, so long fields (bodies, raw banners) rely on ``needs`` instead.
GATED_FIELDS = ("http_server", "http_title", "http_auth", "rtsp_server", "rtsp_auth", "tls_subject", "snmp",
                "onvif", "favicon_md5", "favicon_mmh3")


def fired_column(rules: RuleSet) -> str:
    """``m_any``: did any rule fire? Most records (web servers, routers) fire none and skip every yield."""
    return " OR ".join(f"m{i}" for i in range(len(rules.rules))) + " AS m_any"


#: Rules per block of the fired list: a block none of whose rules fired is skipped whole.
FIRED_BLOCK = 6


def _fired_list(rules: RuleSet, dialect: Dialect) -> str:
    """The ids of the fired rules in priority order, comma-separated, built block by block.

    ``concat_ws`` skips NULLs, so joining the blocks' lists gives the same text as one list over
    every rule; most records fire one to three rules, so most blocks cost only their OR.
    """
    blocks = []
    for start in range(0, len(rules.rules), FIRED_BLOCK):
        block = range(start, min(start + FIRED_BLOCK, len(rules.rules)))
        ids = ", ".join(f"CASE WHEN m{i} THEN {dialect.lit(rules.rules[i].id)} END" for i in block)
        blocks.append(f"CASE WHEN {' OR '.join(f'm{i}' for i in block)} THEN concat_ws(',', {ids}) END")
    return f"concat_ws(',', {', '.join(blocks)})"


def yield_columns(rules: RuleSet, dialect: Dialect) -> str:
    """The yield, confidence and fired-rule columns over ``m<i>``.

    Confidence is the first fired rule's (rules are sorted by confidence, so equal neighbours merge),
    0.0 when none fired; the fired list is guarded by ``m_any`` as most records fire no rule.
    """
    columns = []
    for name in YIELDS:
        column = "rule_maker" if name == "maker" else name
        columns.append(f"CAST({_yield(name, rules, dialect)} AS STRING) AS {column}")
    confidence = _first_of([([i], f"CAST({rule.confidence!r} AS DOUBLE)") for i, rule in enumerate(rules.rules)],
                           default="CAST(0.0 AS DOUBLE)")
    columns.append(f"{confidence} AS rule_confidence")
    columns.append(f"CASE WHEN m_any THEN {_fired_list(rules, dialect)} ELSE '' END AS rules_fired")
    return ",\n  ".join(columns)
