"""References, selection and life cycle: pure modules, no database."""

import pytest

from whoswatching.campaigns import lifecycle, references, selection
from whoswatching.campaigns.lifecycle import IllegalTransition, Status


def test_reference_format_and_parse():
    assert references.format_reference(2026, 123) == "WW-2026-000123"
    assert references.parse_reference("ww-2026-000123") == references.Reference(2026, 123)
    assert str(references.Reference(2026, 7)) == "WW-2026-000007"
    for bad in ("WW-26-000123", "WW-2026-123", "XX-2026-000123", ""):
        with pytest.raises(references.ReferenceError):
            references.parse_reference(bad)
    with pytest.raises(references.ReferenceError, match="used up"):
        references.format_reference(2026, 1_000_000)


def test_find_references_in_subject_and_address():
    text = "Re: FOI [WW-2026-000123] (was ww-2026-000123, see WW-2025-000001)"
    assert [str(r) for r in references.find_references(text)] == ["WW-2026-000123", "WW-2025-000001"]


def test_reply_address_plus_addressing():
    assert references.reply_address("WW-2026-000123", mail_from="foi@example.org",
                                    reply_domain="replies.example.org") == "foi+ww-2026-000123@replies.example.org"
    assert references.reply_address("WW-2026-000123", mail_from="foi+x@a", reply_domain="@b").endswith("@b")
    with pytest.raises(references.ReferenceError, match="REPLY_DOMAIN"):
        references.reply_address("WW-2026-000123", mail_from="foi@a", reply_domain="")


ROWS = [
    selection.BodyRow(1, "northmoor", "Northmoor Borough Council", "council", "North West", "england", "E0001", "foia"),
    selection.BodyRow(2, "st-aldrics", "St Aldric's Academy", "school", "London", "england", "900001", "foia"),
    selection.BodyRow(3, "glenholm", "Glenholm Council", "council", "Scotland", "scotland", "S0001", "foisa"),
    selection.BodyRow(4, "twin-a", "Twin School", "school", "London", "england", "900002", "foia"),
    selection.BodyRow(5, "twin-b", "Twin School", "school", "North West", "england", "900003", "foia"),
]


def test_filter_matches_and_validates():
    f = selection.BodyFilter(sectors=("council",), regions=("scotland",))
    assert [r.id for r in ROWS if f.matches(r)] == [3]
    assert [r.id for r in ROWS if selection.BodyFilter(laws=("foia",)).matches(r)] == [1, 2, 4, 5]
    with pytest.raises(selection.SelectionError, match="unknown sector 'parish'.*council"):
        selection.BodyFilter(sectors=("parish",)).validate()
    assert selection.BodyFilter().describe() == "all bodies"


def test_list_with_header_columns_and_unmatched_report():
    text = "slug,identifier,name\nnorthmoor,,\n,S0001,\n,,st aldrics academy\n,,Twin School\nnope,,\n,,\nnorthmoor,,\n"
    rows = selection.parse_body_list(text)
    match = selection.match_body_list(rows, ROWS)
    assert match.ids == [1, 3, 2]
    assert match.repeated == 1
    assert [(u.line, u.value) for u in match.unmatched] == [(5, "Twin School"), (6, "nope")]
    assert "ambiguous" in match.unmatched[0].reason and "no body with slug 'nope'" in match.unmatched[1].reason


def test_headerless_list_tries_slug_identifier_then_name():
    rows = selection.parse_body_list("\ufeffnorthmoor\n900001\nGLENHOLM COUNCIL\nAtlantis Council\n")
    match = selection.match_body_list(rows, ROWS)
    assert match.ids == [1, 2, 3]
    assert match.unmatched[0].line == 4 and "Atlantis Council" in match.unmatched[0].reason


def test_semicolon_list_with_urn_header():
    rows = selection.parse_body_list("URN;School\n900001;x\n900003;y\n")
    assert selection.match_body_list(rows, ROWS).ids == [2, 5]


def test_empty_list_is_an_error():
    with pytest.raises(selection.SelectionError, match="empty"):
        selection.parse_body_list("\n\n")


@pytest.mark.parametrize(
    ("src", "dst"),
    [("draft", "queued"), ("queued", "sent"), ("sent", "overdue"), ("overdue", "very_overdue"),
     ("sent", "clarification_requested"), ("clarification_requested", "awaiting_response"),
     ("refused", "internal_review"), ("internal_review", "complaint"), ("complaint", "responded"),
     ("bounced", "queued"), ("queued", "withdrawn")],
)
def test_legal_transitions(src, dst):
    assert lifecycle.check_transition(src, dst) == Status(dst)


@pytest.mark.parametrize(
    ("src", "dst"),
    [("draft", "sent"), ("queued", "responded"), ("withdrawn", "queued"), ("responded", "withdrawn"),
     ("sent", "sent"), ("clarification_requested", "overdue"), ("sent", "internal_review")],
)
def test_illegal_transitions_are_rejected_with_the_allowed_moves(src, dst):
    with pytest.raises(IllegalTransition) as err:
        lifecycle.check_transition(src, dst)
    assert "allowed" in str(err.value)


def test_every_status_has_rules_and_unknown_status_is_named():
    assert set(lifecycle.TRANSITIONS) == set(Status)
    assert len(Status) == 15
    with pytest.raises(ValueError, match="unknown status"):
        lifecycle.check_transition("sent", "lost")


def test_overdue_status_for():
    assert lifecycle.overdue_status_for("sent", "overdue") == Status.OVERDUE
    assert lifecycle.overdue_status_for("overdue", "very_overdue") == Status.VERY_OVERDUE
    assert lifecycle.overdue_status_for("overdue", "overdue") is None
    assert lifecycle.overdue_status_for("overdue", "in_time") is None
    assert lifecycle.overdue_status_for("clarification_requested", "very_overdue") is None
    assert lifecycle.overdue_status_for("refused", "overdue") is None
