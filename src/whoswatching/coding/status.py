"""Request status follows accepted replies (issue: "request status follows replies").

* an acknowledgement moves a sent request to ``awaiting_response``; it does not stop the clock;
* a clarification request moves it to ``clarification_requested``; the clock stops (FOIA s.1(3)) and
  restarts when our answer reaches the body (``campaigns`` records that as a clock event);
* a fee notice pauses the clock (FOIA s.10(2)); the request keeps its status;
* substantive, partial, refusal and not-held replies set the outcome;
* bounces are handled when the bounce arrives (intake marks the contact address).

A move the life cycle does not allow (e.g. a late acknowledgement after the answer) is skipped and
recorded as a note, never forced.
"""

from __future__ import annotations

from django.utils import timezone

from whoswatching.campaigns import services as campaigns
from whoswatching.campaigns.lifecycle import IllegalTransition, Status

#: Reply kind -> the request status it leads to.
KIND_STATUS = {
    "substantive": Status.RESPONDED,
    "partial": Status.PARTIALLY_SUCCESSFUL,
    "refusal": Status.REFUSED,
    "not_held": Status.NOT_HELD,
    "acknowledgement": Status.AWAITING_RESPONSE,
    "clarification": Status.CLARIFICATION_REQUESTED,
}


def status_follow(message, values: dict, *, by: str) -> str | None:
    """Move the reply's request to the status its accepted kind implies; return the new status or None."""
    request = message.request
    if request is None:
        return None
    kind = values.get("kind", "")
    note = f"reply {message.message_id or message.pk} coded as {kind}"
    on = timezone.localdate(message.sent_at or message.received_at)
    if kind == "fee_notice":
        campaigns.request_clock_event(request, "fee_notice", on=on, by=by, note=note + " (the clock pauses)")
        return None
    target = KIND_STATUS.get(kind)
    if target is None or request.status == target:
        return None
    if kind == "acknowledgement" and request.status != Status.SENT:
        return None  # only a first acknowledgement moves a request; later ones change nothing
    try:
        campaigns.request_transition(request, target, by=by, note=note)
    except IllegalTransition as exc:
        campaigns.request_note(request, by=by, note=f"{note}; status left as it was: {exc}")
        return None
    if kind == "clarification":
        # The clock stops on the day the body asked (FOIA s.1(3)), not the day a reviewer accepted the code.
        campaigns.request_clock_event(request, "clarification_requested", on=on, by=by, note=note)
    return target
