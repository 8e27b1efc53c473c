"""The accuracy ratchet: the coder against the hand-labelled corpus (tests/coding/corpus/).

Per-field accuracy may not fall below ``baseline.json``; a false "uses Hikvision" is held to 99%
precision on its own. When the coder gets better, record the new figures:

    WHOSWATCHING_UPDATE_CODING_BASELINE=1 .venv/bin/pytest tests/coding/test_corpus.py

(and commit baseline.json). Labels are written by hand in ``cases_*.py``; regenerate the files with
``python -m tests.coding.make_corpus``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.coding.make_corpus import CORPUS, EXT, all_cases
from whoswatching.coding.accuracy import SCORED_FIELDS, Score, score
from whoswatching.coding.files import code_file

BASELINE = Path(__file__).resolve().parent / "baseline.json"
MIN_CASES = 150
MIN_PRECISION_HIKVISION_TRUE = 0.99


@pytest.fixture(scope="module")
def result() -> Score:
    pairs = []
    for label_path in sorted(CORPUS.glob("*.json")):
        label = json.loads(label_path.read_text(encoding="utf-8"))
        coded = code_file(CORPUS / label["file"])
        assert "error" not in coded, f"{label['file']}: {coded.get('error')}"
        pairs.append((label["file"], coded, label))
    return score(pairs)


def test_corpus_is_large_and_varied() -> None:
    cases = all_cases()
    assert len(cases) >= MIN_CASES
    kinds = {c.full_label()["kind"] for c in cases}
    assert {"substantive", "partial", "refusal", "not_held", "acknowledgement", "clarification", "fee_notice",
            "portal_redirect", "out_of_office", "bounce"} <= kinds
    formats = {EXT[c.fmt] for c in cases}
    assert {"eml", "pdf", "docx", "xlsx", "ods", "txt", "html"} <= formats
    assert any(c.fmt in ("scan", "eml_scan") for c in cases), "an image-only (OCR) PDF is in the corpus"


def test_committed_labels_match_the_cases() -> None:
    """Every case has its file and its label on disk, and the label is the one written in cases_*.py."""
    for case in all_cases():
        assert (CORPUS / f"{case.id}.{EXT[case.fmt]}").exists(), f"run python -m tests.coding.make_corpus ({case.id})"
        on_disk = json.loads((CORPUS / f"{case.id}.json").read_text(encoding="utf-8"))
        on_disk.pop("file")
        on_disk.pop("note", None)
        assert on_disk == case.full_label(), case.id


def test_accuracy_does_not_fall_below_baseline(result: Score) -> None:
    accuracy = result.accuracy()
    figures = {
        "cases": result.total,
        "accuracy": {k: round(v, 4) for k, v in accuracy.items()},
        "precision_uses_hikvision_true": round(result.precision_true("uses_hikvision"), 4),
        "precision_uses_dahua_true": round(result.precision_true("uses_dahua"), 4),
    }
    if os.environ.get("WHOSWATCHING_UPDATE_CODING_BASELINE"):
        BASELINE.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    mistakes = "\n".join(f"  {case}: {field} = {got!r}, label {want!r}" for case, field, got, want in result.mistakes)
    for name in SCORED_FIELDS:
        assert round(accuracy[name], 4) >= baseline["accuracy"][name], (
            f"{name}: accuracy {accuracy[name]:.4f} fell below the baseline {baseline['accuracy'][name]:.4f}\n{mistakes}"
        )


def test_a_false_yes_on_hikvision_is_rare(result: Score) -> None:
    assert result.precision_true("uses_hikvision") >= MIN_PRECISION_HIKVISION_TRUE
    assert result.predicted_true.get("uses_hikvision", 0) >= 20, "the corpus must contain enough 'yes' replies to measure"
