"""Staff pages of the intake domain (holding pen, message view, downloads) and the inbound-mail webhook.

Everything here is thin: views read through ``intake.services`` and render; the webhook checks the
HMAC-SHA256 signature and hands the raw bytes to ``message_receive`` (the same door as IMAP and
the file imports). Outside text (subjects, bodies, names, extracted text) is only ever rendered
through Django's autoescaping; attachments are served as downloads with ``nosniff`` so a browser
never renders an attacker's HTML or SVG in our origin.
"""

from __future__ import annotations

import hashlib
import hmac

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from whoswatching import config
from whoswatching.intake import services
from whoswatching.intake.models import MatchState
from whoswatching.intake.storage import BlobMissing

SIGNATURE_HEADER = "X-WW-Signature"


@staff_member_required
def pen(request):
    state = request.GET.get("state", "")
    if state not in (MatchState.UNMATCHED, MatchState.AMBIGUOUS):
        state = ""
    return render(request, "intake/pen.html", {
        "messages_held": services.holding_pen_list(limit=200, state=state),
        "state": state,
        "recent": services.messages_recent(limit=30),
    })


def _message_or_404(pk: int):
    try:
        return services.message_get(pk)
    except services.IntakeError:
        raise Http404("no such message") from None


@staff_member_required
def message_detail(request, pk: int):
    message = _message_or_404(pk)
    return render(request, "intake/message.html", {
        "m": message,
        "attachments": list(message.attachments.all()),
        # the body's text is shown above; this lists what came out of each attachment
        "extractions": list(message.extractions.filter(attachment__isnull=False).select_related("attachment").order_by("id")),
    })


@staff_member_required
@require_POST
def assign(request, pk: int):
    message = _message_or_404(pk)
    reference = request.POST.get("reference", "").strip()[:40]
    try:
        services.holding_pen_assign(message, reference, by=request.user.get_username())
    except services.IntakeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Message {message.pk} filed against {reference.upper()}.")
    if request.POST.get("next") == "pen":
        return redirect("intake:pen")
    return redirect("intake:message", pk)


@staff_member_required
@require_POST
def dismiss(request, pk: int):
    message = _message_or_404(pk)
    try:
        services.holding_pen_dismiss(message, by=request.user.get_username(), reason=request.POST.get("reason", ""))
    except services.IntakeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Message {message.pk} dismissed.")
    return redirect("intake:pen")


def _download(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/octet-stream")
    safe = filename.replace('"', "_").encode("ascii", "replace").decode("ascii").replace("?", "_")
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@staff_member_required
def attachment_download(request, pk: int):
    try:
        att, data = services.attachment_get(pk)
    except services.IntakeError:
        raise Http404("no such attachment") from None
    except BlobMissing as exc:
        raise Http404(str(exc)) from None
    return _download(data, att.filename)


@staff_member_required
def raw_download(request, pk: int):
    message = _message_or_404(pk)
    try:
        data = services.message_raw(message)
    except BlobMissing as exc:
        raise Http404(str(exc)) from None
    return _download(data, f"message-{message.pk}.eml")


def signature_for(body: bytes, secret: str) -> str:
    """``sha256=<hex>``: HMAC-SHA256 of the raw request body (RFC 2104) with the shared secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@csrf_exempt
@require_POST
def webhook(request):
    """Inbound mail from a provider or an MTA pipe: POST the raw RFC 5322 message, signed.

    Header ``X-WW-Signature: sha256=<hex HMAC-SHA256 of the body keyed with WHOSWATCHING_WEBHOOK_SECRET>``.
    Answers 200 with JSON (also for a duplicate, so providers stop retrying), 401 for a bad or
    missing signature, 413 for a body above the size limit, 503 when no secret is configured.
    """
    secret = config.WEBHOOK_SECRET
    if not secret:
        return JsonResponse({"error": "webhook disabled: set WHOSWATCHING_WEBHOOK_SECRET"}, status=503)
    limit = 2 * config.MAX_ATTACHMENT_BYTES + 1024 * 1024
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        return JsonResponse({"error": f"message larger than {limit} bytes"}, status=413)
    body = request.read(limit + 1)  # the raw stream: DATA_UPLOAD_MAX_MEMORY_SIZE is for forms
    if len(body) > limit:
        return JsonResponse({"error": f"message larger than {limit} bytes"}, status=413)
    given = request.headers.get(SIGNATURE_HEADER, "")
    if not given or not hmac.compare_digest(given.strip(), signature_for(body, secret)):
        return JsonResponse({"error": "bad or missing signature"}, status=401)
    if not body.strip():
        return JsonResponse({"error": "empty body: POST the raw message"}, status=400)
    result = services.message_receive(body, via="webhook", source_ref="webhook")
    return JsonResponse({
        "status": "created" if result.created else "duplicate",
        "message": result.message.pk,
        "state": result.state,
        "request": result.request_ref,
        "quarantined": result.quarantined,
    })
