"""The life cycle of one FOI request: its statuses and which moves between them are legal (pure).

Every move is recorded as a ``RequestEvent`` (append-only), so a request's history can be replayed.
The statuses follow WhatDoTheyKnow/Alaveteli's request states, with FOIA/FOISA terms:

- ``draft``: composed, not yet handed to the outbox; ``queued``: in the outbox.
- ``sent``: the outbox delivered it; the statutory clock runs from the send date
  (FOIA s.10(1) / FOISA s.10(1): 20 working days from the day after receipt).
- ``awaiting_response``: the body acknowledged it (or a clarification was answered) and the clock runs.
- ``overdue`` / ``very_overdue``: past the statutory deadline (very overdue: past the ICO's usual
  "more than 20 further working days" tolerance; computed by ``deadlines.overdue_status``).
- ``clarification_requested``: the body asked what we mean; FOIA s.1(3) stops the clock until we answer.
- outcomes: ``responded`` (information given), ``partially_successful``, ``refused`` (s.17 notice),
  ``not_held``.
- ``internal_review``: we asked for a review (FOIA s.45 Code of Practice; FOISA s.20 review).
- ``complaint``: with the ICO (FOIA s.50) or the Scottish Information Commissioner (FOISA s.47).
- ``withdrawn``: we withdrew it (also: body removed from a running campaign); ``bounced``: undeliverable.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    DRAFT = "draft"
    QUEUED = "queued"
    SENT = "sent"
    AWAITING_RESPONSE = "awaiting_response"
    OVERDUE = "overdue"
    VERY_OVERDUE = "very_overdue"
    CLARIFICATION_REQUESTED = "clarification_requested"
    RESPONDED = "responded"
    PARTIALLY_SUCCESSFUL = "partially_successful"
    REFUSED = "refused"
    NOT_HELD = "not_held"
    INTERNAL_REVIEW = "internal_review"
    COMPLAINT = "complaint"
    WITHDRAWN = "withdrawn"
    BOUNCED = "bounced"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


S = Status

#: Statuses in which the body owes us an answer and the statutory clock runs.
CLOCK_RUNNING = frozenset({S.SENT, S.AWAITING_RESPONSE, S.OVERDUE, S.VERY_OVERDUE})
#: Statuses that a reply from the body settles (the outcome of a request).
OUTCOMES = frozenset({S.RESPONDED, S.PARTIALLY_SUCCESSFUL, S.REFUSED, S.NOT_HELD})
#: Statuses for which a reminder letter makes sense.
REMINDABLE = frozenset({S.OVERDUE, S.VERY_OVERDUE})
#: Statuses from which an internal review may be asked (an unhelpful outcome, or silence).
REVIEWABLE = frozenset({S.PARTIALLY_SUCCESSFUL, S.REFUSED, S.NOT_HELD, S.OVERDUE, S.VERY_OVERDUE})
#: Nothing leaves these.
TERMINAL = frozenset({S.WITHDRAWN})

_AFTER_SENDING = CLOCK_RUNNING | OUTCOMES | {S.CLARIFICATION_REQUESTED, S.BOUNCED, S.WITHDRAWN}

TRANSITIONS: dict[Status, frozenset[Status]] = {
    S.DRAFT: frozenset({S.QUEUED, S.WITHDRAWN}),
    S.QUEUED: frozenset({S.SENT, S.BOUNCED, S.WITHDRAWN}),
    S.SENT: _AFTER_SENDING - {S.SENT},
    S.AWAITING_RESPONSE: _AFTER_SENDING - {S.SENT, S.AWAITING_RESPONSE},
    S.OVERDUE: (_AFTER_SENDING - {S.SENT, S.OVERDUE}) | {S.INTERNAL_REVIEW, S.COMPLAINT},
    S.VERY_OVERDUE: (_AFTER_SENDING - {S.SENT, S.OVERDUE, S.VERY_OVERDUE}) | {S.INTERNAL_REVIEW, S.COMPLAINT},
    # Answering a clarification restarts the clock (FOIA s.1(3)); the body may also answer or refuse.
    S.CLARIFICATION_REQUESTED: OUTCOMES | {S.AWAITING_RESPONSE, S.WITHDRAWN},
    # An outcome may be re-classified by staff, or challenged by review or complaint.
    S.RESPONDED: (OUTCOMES - {S.RESPONDED}) | {S.INTERNAL_REVIEW, S.COMPLAINT, S.CLARIFICATION_REQUESTED},
    S.PARTIALLY_SUCCESSFUL: (OUTCOMES - {S.PARTIALLY_SUCCESSFUL}) | {S.INTERNAL_REVIEW, S.COMPLAINT},
    S.REFUSED: (OUTCOMES - {S.REFUSED}) | {S.INTERNAL_REVIEW, S.COMPLAINT},
    S.NOT_HELD: (OUTCOMES - {S.NOT_HELD}) | {S.INTERNAL_REVIEW, S.COMPLAINT},
    S.INTERNAL_REVIEW: OUTCOMES | {S.COMPLAINT, S.WITHDRAWN},
    S.COMPLAINT: OUTCOMES | {S.WITHDRAWN},
    # A bounce is resent (to a corrected address) or given up.
    S.BOUNCED: frozenset({S.QUEUED, S.WITHDRAWN}),
    S.WITHDRAWN: frozenset(),
}


class IllegalTransition(ValueError):
    """A status change the life cycle does not allow; the message says which moves are allowed."""

    def __init__(self, from_status: str, to_status: str) -> None:
        self.from_status = str(from_status)
        self.to_status = str(to_status)
        allowed = allowed_from(from_status)
        hint = ", ".join(sorted(s.value for s in allowed)) if allowed else "none: it is final"
        super().__init__(f"a request cannot go from {self.from_status!r} to {self.to_status!r}; allowed: {hint}")


def allowed_from(status: str) -> frozenset[Status]:
    """The statuses a request in ``status`` may move to."""
    return TRANSITIONS[Status(status)]


def check_transition(from_status: str, to_status: str) -> Status:
    """The target status, or :class:`IllegalTransition` when the move is not allowed."""
    try:
        source, target = Status(from_status), Status(to_status)
    except ValueError as exc:
        known = ", ".join(s.value for s in Status)
        raise ValueError(f"unknown status in {from_status!r} -> {to_status!r}; known: {known}") from exc
    if target not in TRANSITIONS[source]:
        raise IllegalTransition(source, target)
    return target


def is_open(status: str) -> bool:
    """Whether a request still needs something from the body or from us."""
    return Status(status) not in OUTCOMES | TERMINAL


def overdue_status_for(current: str, verdict: str) -> Status | None:
    """The status an overdue check moves a request to, or None to leave it.

    ``verdict`` is ``deadlines.overdue_status``'s answer (``in_time``/``overdue``/``very_overdue``).
    Only requests whose clock runs are touched; a request is never moved back from overdue to in time
    by the check (a later deadline comes only with an explicit event, e.g. a clarification).
    """
    status = Status(current)
    if status not in CLOCK_RUNNING:
        return None
    if verdict == "very_overdue" and status != S.VERY_OVERDUE:
        return S.VERY_OVERDUE
    if verdict == "overdue" and status in {S.SENT, S.AWAITING_RESPONSE}:
        return S.OVERDUE
    return None
