"""Every model-number pattern's examples run as tests: each identifies to its own maker and pattern."""

from __future__ import annotations

import pytest

from whoswatching.catalog import load_catalog

_CAT = load_catalog()
EXAMPLES = [(p.id, p.maker, ex) for p in _CAT.patterns for ex in p.examples]
COUNTER = [(p.id, ex) for p in _CAT.patterns for ex in p.counter_examples]


@pytest.mark.parametrize(("pattern", "maker", "model"), EXAMPLES, ids=[f"{p}:{m}" for p, _, m in EXAMPLES])
def test_example_identifies_to_its_pattern(pattern, maker, model):
    ident = _CAT.identify(model)
    assert ident is not None, f"{model} matches no pattern"
    assert (ident.pattern, ident.made_by) == (pattern, maker)


@pytest.mark.parametrize(("pattern", "model"), COUNTER, ids=[f"{p}:{m}" for p, m in COUNTER])
def test_counter_example_does_not_match(pattern, model):
    ident = _CAT.identify(model)
    assert ident is None or ident.pattern != pattern


def test_every_pattern_has_a_source_and_examples():
    for p in _CAT.patterns:
        assert p.source_url.startswith("http"), p.id
        assert p.examples, p.id


@pytest.mark.parametrize(
    "model", ["DS-2CD2143G2-I", "DH-IPC-HFW2431S-S-S2", "DHI-NVR4108HS-8P-4KS2", "iDS-7204HUHI-M1/E"]
)
def test_real_device_models_from_protocol_samples(model):
    """Models reported by real devices in shared/data/protocols identify to a Chinese maker."""
    ident = _CAT.identify(model)
    assert ident is not None and _CAT.makers[ident.maker].chinese
