import pytest

from whoswatching.coding.agreement import agreement_report, cohen_kappa, disagreements
from whoswatching.coding.merge import merge_rows


def test_kappa_textbook_example():
    # 50 items: both yes 20, both no 15, first yes/second no 5, first no/second yes 10.
    first = ["yes"] * 20 + ["no"] * 15 + ["yes"] * 5 + ["no"] * 10
    second = ["yes"] * 20 + ["no"] * 15 + ["no"] * 5 + ["yes"] * 10
    result = cohen_kappa(first, second)
    assert result.observed == pytest.approx(0.7)
    assert result.expected == pytest.approx(0.5)
    assert result.kappa == pytest.approx(0.4)


def test_kappa_is_undefined_not_fake_when_chance_agreement_is_total():
    assert cohen_kappa([True] * 5, [True] * 5).kappa is None
    assert cohen_kappa([], []).kappa is None
    with pytest.raises(ValueError):
        cohen_kappa([True], [])


def test_null_is_a_category_and_lists_are_sets():
    assert cohen_kappa([None, True], [False, True]).agreed == 1
    report = agreement_report([({"models": ["A", "B"]}, {"models": ["b", "a"]})], fields=["models"])
    assert report[0].agreed == 1
    assert disagreements({"uses_hikvision": True, "kind": "substantive"},
                         {"uses_hikvision": None, "kind": "substantive"}) == ["uses_hikvision"]


def test_any_affirmative_merge_logs_disagreements():
    ours = {"uses_hikvision": False, "uses_dahua": None, "capabilities": ["thermal"]}
    theirs = {"uses_hikvision": True, "uses_dahua": False, "capabilities": ["face_detection"]}
    result = merge_rows("Northmoor Borough Council", ours, theirs, rule="any_affirmative")
    assert result.row["uses_hikvision"] is True
    assert result.row["uses_dahua"] is False
    assert result.row["capabilities"] == ["face_detection", "thermal"]
    assert [d.field for d in result.disagreements] == ["capabilities", "uses_hikvision"]
    assert result.filled == ["uses_dahua"]


def test_ours_wins_fills_only_gaps():
    result = merge_rows("X", {"uses_hikvision": False, "uses_dahua": None}, {"uses_hikvision": True, "uses_dahua": True},
                        rule="ours_wins")
    assert result.row == {"uses_hikvision": False, "uses_dahua": True}
    assert len(result.disagreements) == 1
    with pytest.raises(ValueError, match="unknown merge rule"):
        merge_rows("X", {}, {}, rule="majority")
