"""Staff page for the outbox: counts by state, in-doubt and failed messages with their actions, search."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from whoswatching.outbox import services
from whoswatching.outbox.models import OutboxMessage, State

_ACTIONS = {
    "retry": lambda key, by: services.message_retry(key=key, by=by),
    "cancel": lambda key, by: services.message_cancel(key=key, by=by),
    "resolve-sent": lambda key, by: services.message_resolve_in_doubt(key=key, sent=True, by=by),
    "resolve-resend": lambda key, by: services.message_resolve_in_doubt(key=key, sent=False, by=by),
}


@staff_member_required
def index(request):
    query = request.GET.get("q", "").strip()[:200]
    state = request.GET.get("state", "")
    if state not in State.values:
        state = ""
    context = {
        "stats": services.outbox_stats(),
        "query": query,
        "state": state,
        "states": State.values,
        "in_doubt": services.messages_list(state=State.IN_DOUBT, limit=200),
        "failed": services.messages_list(state=State.FAILED, limit=200),
        "deferred": services.messages_list(state=State.DEFERRED, limit=50),
        "results": services.messages_list(state=state or None, search=query, limit=100) if (query or state) else None,
    }
    return render(request, "outbox/index.html", context)


@staff_member_required
def detail(request, pk: int):
    try:
        message = OutboxMessage.objects.get(pk=pk)
    except OutboxMessage.DoesNotExist:
        raise Http404("no such outbox message") from None
    text = bytes(message.raw).decode("utf-8", "replace")
    return render(request, "outbox/detail.html", {"m": message, "raw": text, "attempts": message.attempt_log.all()})


@staff_member_required
@require_POST
def act(request, pk: int, action: str):
    if action not in _ACTIONS:
        raise Http404("no such action")
    try:
        key = OutboxMessage.objects.values_list("key", flat=True).get(pk=pk)
    except OutboxMessage.DoesNotExist:
        raise Http404("no such outbox message") from None
    try:
        message = _ACTIONS[action](key, f"staff:{request.user.get_username()}")
    except services.OutboxError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{message.key}: now {message.get_state_display()}")
    back = request.POST.get("next", "")
    # Only back to an outbox page: never an open redirect to an address taken from the form.
    return redirect(back if back.startswith("/staff/outbox/") and "//" not in back else "outbox:index")
