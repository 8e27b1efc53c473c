"""Every rule's examples run as tests, in Python and in DuckDB SQL, plus the portability checks."""

from __future__ import annotations

import pytest

from whoswatching.exposure.engines.duckdb import DuckDBBackend
from whoswatching.exposure.fingerprint import Classifier
from whoswatching.exposure.queries import classify_query
from whoswatching.exposure.records import COLUMNS, NAMES
from whoswatching.exposure.rules import RuleSet, check_portable, load_rules

RULES = load_rules()
CASES = [(rule, i, example) for rule in RULES.rules for i, example in enumerate(rule.examples)]


def _row(rule, example) -> dict:
    row = dict.fromkeys(NAMES)
    row[rule.field] = example.banner
    row["port"] = example.port
    return row


@pytest.mark.parametrize(("rule", "i", "example"), CASES, ids=[f"{r.id}-{i}" for r, i, _ in CASES])
def test_rule_example(rule, i, example, resolver):
    single = RuleSet(version="t", rules=(rule,))
    result = Classifier(single, resolver).classify(_row(rule, example))
    if example.expect is None:
        assert rule.id not in result.rules
        return
    assert rule.id in result.rules
    for key, value in example.expect.items():
        got = getattr(result, key) if key != "maker" else (rule.maker or result.maker)
        assert got == value, f"{rule.id}: {key} = {got!r}, expected {value!r}"


def test_rule_examples_fire_the_same_in_duckdb(resolver):
    """The compiled SQL yields the same rule ids and values as Python for every example."""
    python = Classifier(RULES, resolver)
    with DuckDBBackend() as db:
        cols = ", ".join(f"{n} {t}" for n, t in COLUMNS)
        db.con.execute(f"CREATE TABLE records ({cols})")
        rows = []
        for n, (rule, _i, example) in enumerate(CASES):
            row = _row(rule, example)
            row.update(input=0, record=n)
            rows.append(tuple(row[c] for c in NAMES))
        db.con.executemany(f"INSERT INTO records VALUES ({', '.join('?' for _ in NAMES)})", rows)
        got = db.dicts(classify_query("records", RULES, "duckdb") + " ORDER BY record")
    for n, (rule, _i, example) in enumerate(CASES):
        expected = python.classify(_row(rule, example))
        fired = [r for r in expected.rules if ":" not in r]
        assert (got[n]["rules_fired"].split(",") if got[n]["rules_fired"] else []) == fired, rule.id
        for key in ("brand", "model", "firmware", "serial", "mac", "uuid", "product"):
            assert got[n][key] == getattr(expected, key), (rule.id, key)


@pytest.mark.parametrize("pattern", ["abc$", "a.b", "(?=x)", "(?P<n>x)", r"\bword", "a++", "it's", r"(a)\1"])
def test_unportable_patterns_are_refused(pattern):
    with pytest.raises(ValueError, match="not portable"):
        check_portable(pattern)


def test_portable_patterns_pass():
    assert check_portable(r"(?i)^App-webs/[^\r\n]*\.x[.]") == r"(?i)^App-webs/[^\r\n]*\.x[.]"


def test_rule_set_is_sorted_by_confidence_and_versioned():
    confidences = [r.confidence for r in RULES.rules]
    assert confidences == sorted(confidences, reverse=True)
    assert len(RULES.version) == 12
    assert len(RULES.rules) >= 30


def test_needs_literals_are_a_case_sensitive_prefilter(resolver):
    from whoswatching.exposure.rules import Rule

    rule = RULES.by_id("hik.sadp.probematch")
    assert rule.needs
    row = dict.fromkeys(NAMES)
    row["banner"] = rule.examples[0].banner.replace("ProbeMatch", "Probematch")  # the regex would match (?i)
    assert Classifier(RuleSet(version="t", rules=(rule,)), resolver).classify(row).rules == ()
    with pytest.raises(ValueError, match="needs literal"):
        Rule.model_validate({**rule.model_dump(), "needs": ["it's"]})


@pytest.mark.parametrize(("pattern", "template", "witness"), [
    (r'(?i)"SerialNo"[ ]*:[ ]*"([0-9A-Z]{8,})"', "{1}", 1),  # top level, never empty
    ("a([0-9]*)b", "{1}", None),  # may be empty: '' would not tell a miss from a match
    ("a(?:x([0-9]+))?b", "{1}", None),  # optional: unset in a match without x
    ("(?:a([0-9]+)|b)", "{1}", None),  # inside an alternative
    ("a([0-9]+)b", "c", None),  # no template uses the group
    ("(x+)-([0-9]+)", "{2}", 2),
])
def test_witness_group(pattern, template, witness):
    from whoswatching.exposure.compile import witness_group
    from whoswatching.exposure.rules import Example, Rule

    rule = Rule.model_construct(id="t.rule", field="banner", pattern=pattern, maker="Hikvision", model=template,
                                confidence=0.5, source="test", examples=(Example(banner="x"),))
    assert witness_group(rule) == witness
