"""``whoswatching outbox`` commands: run the sending worker and look after messages it could not settle."""

from __future__ import annotations

import signal
import time
from typing import Any

import typer
from rich.markup import escape

from whoswatching.cli._django import needs_db
from whoswatching.cli._output import console, err_console, print_json, print_table

app = typer.Typer(help="The outbox every request, reminder and review letter leaves through.", no_args_is_help=True)


def _row(m: Any) -> dict[str, Any]:
    return {
        "key": m.key, "state": m.state, "to": m.to_addr, "subject": m.subject, "kind": m.kind,
        "object_ref": m.object_ref, "attempts": m.attempts, "next_attempt_at": m.next_attempt_at,
        "sent_at": m.sent_at, "smtp_code": m.smtp_code, "last_error": m.last_error, "message_id": m.message_id,
        "created_at": m.created_at,
    }


def _fail(exc: Exception) -> typer.Exit:
    err_console.print(f"[red]error:[/red] {exc}")
    return typer.Exit(1)


@app.command("send")
@needs_db
def send(
    limit: int = typer.Option(None, "--limit", "-n", min=1, help="Stop after this many delivery attempts."),
    loop: bool = typer.Option(False, "--loop", help="Keep running: poll for due messages every --interval."),
    interval: float = typer.Option(30.0, "--interval", min=0.1, help="Seconds between polls with --loop."),
    transport: str = typer.Option(None, "--transport", help="smtp or files (default: smtp if WHOSWATCHING_SMTP_HOST is set)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Deliver due messages (the worker). SIGTERM or Ctrl-C stops cleanly after the current message.

    Messages in flight when a previous worker died are recovered first: those that had not reached
    end-of-data are queued again; those that had are marked in doubt for staff (see `outbox resolve`).

    Example:
        whoswatching outbox send --loop --interval 30
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from whoswatching.outbox import services
    from whoswatching.outbox.transports import transport_make

    try:
        chosen = transport_make(transport)
    except ValueError as exc:
        raise _fail(exc) from None
    stopping = {"flag": False}

    def on_signal(signum, frame) -> None:
        stopping["flag"] = True
        err_console.print("[yellow]stopping after the current message…[/yellow]")

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    totals = {"sent": 0, "deferred": 0, "failed": 0, "in_doubt": 0}
    try:
        with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.fields[tally]}"), TimeElapsedColumn(),
                      console=err_console, disable=quiet, transient=False) as progress:
            while True:
                due = services.outbox_stats()
                total = due.by_state["queued"] + due.by_state["deferred"]
                task = progress.add_task(f"sending via {chosen.name}", total=min(total, limit or total), tally="")

                def tick(message, result, task=task) -> None:
                    progress.update(task, advance=1, tally=f"last: {message.key} {result.outcome}")

                report = services.outbox_deliver(limit=limit, transport=chosen, stop=lambda: stopping["flag"],
                                                 on_progress=tick)
                for name in totals:
                    totals[name] += getattr(report, name)
                rec = report.recovery
                if rec.requeued or rec.in_doubt or rec.sent:
                    err_console.print(f"recovered after a crash: {rec.requeued} requeued, {rec.sent} confirmed sent, "
                                      f"{rec.in_doubt} in doubt (see `whoswatching outbox list --state in_doubt`)")
                if report.stopped.startswith("transport unavailable"):
                    err_console.print(f"[yellow]{report.stopped}[/yellow]; messages stay queued and are retried")
                if not loop or stopping["flag"] or report.stopped == "limit reached":
                    break
                progress.remove_task(task)
                end = time.monotonic() + interval
                while not stopping["flag"] and time.monotonic() < end:
                    time.sleep(min(0.5, interval))
                if stopping["flag"]:
                    break
    finally:
        chosen.close()
        for s, handler in previous.items():
            signal.signal(s, handler)
    console.print(" ".join(f"{k}={v}" for k, v in totals.items()) + f" ({report.stopped})")


@app.command("list")
@needs_db
def list_(
    state: str = typer.Option(None, "--state", help="queued, sending, sent, deferred, failed, in_doubt or cancelled."),
    search: str = typer.Option("", "--search", "-s", help="Part of a key, address or object reference."),
    limit: int = typer.Option(100, "--limit", "-n", min=1),
    as_json: bool = typer.Option(False, "--json", help="JSON lines on stdout."),
) -> None:
    """List messages, newest first.

    Example:
        whoswatching outbox list --state failed
    """
    from whoswatching.outbox import services

    try:
        rows = [_row(m) for m in services.messages_list(state=state, search=search, limit=limit)]
    except services.OutboxError as exc:
        raise _fail(exc) from None
    if as_json:
        print_json(rows)
    else:
        print_table(rows, columns=["key", "state", "to", "attempts", "next_attempt_at", "last_error"])


@app.command("show")
@needs_db
def show(
    key: str,
    raw: bool = typer.Option(False, "--raw", help="Print the message exactly as sent (RFC 5322)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Show one message and its delivery attempts.

    Example:
        whoswatching outbox show NBC-2026-0001.request
    """
    from whoswatching.outbox import services

    try:
        m = services.message_get(key)
    except services.OutboxError as exc:
        raise _fail(exc) from None
    if raw:
        typer.echo(bytes(m.raw).decode("utf-8", "replace"))
        return
    attempts = [
        {"number": a.number, "at": a.at, "outcome": a.outcome, "transport": a.transport, "smtp_code": a.smtp_code,
         "detail": a.detail, "worker": a.worker}
        for a in m.attempt_log.all()
    ]
    if as_json:
        print_json({**_row(m), "attempt_log": attempts})
        return
    for name, value in _row(m).items():
        console.print(f"[bold]{name}[/bold]: {escape('' if value is None else str(value))}", highlight=False)
    print_table(attempts, title="attempts")


def _staff_action(func, **kwargs) -> None:
    from whoswatching.outbox import services

    try:
        m = func(**kwargs)
    except services.OutboxError as exc:
        raise _fail(exc) from None
    console.print(f"{m.key}: {m.state}")


@app.command("retry")
@needs_db
def retry(key: str) -> None:
    """Queue a failed, deferred, cancelled or in-doubt message to go on the next run.

    Example:
        whoswatching outbox retry NBC-2026-0001.request
    """
    from whoswatching.outbox import services

    _staff_action(services.message_retry, key=key, by="cli")


@app.command("cancel")
@needs_db
def cancel(key: str) -> None:
    """Withdraw a message that has not been sent (kept, in state cancelled).

    Example:
        whoswatching outbox cancel NBC-2026-0001.request
    """
    from whoswatching.outbox import services

    _staff_action(services.message_cancel, key=key, by="cli")


@app.command("resolve")
@needs_db
def resolve(
    key: str,
    sent: bool = typer.Option(False, "--sent", help="It was delivered (checked with the recipient or server log)."),
    resend: bool = typer.Option(False, "--resend", help="It was not delivered: send it again."),
) -> None:
    """Settle an in-doubt message: --sent records it as delivered, --resend queues it again.

    Example:
        whoswatching outbox resolve NBC-2026-0001.request --sent
    """
    from whoswatching.outbox import services

    if sent == resend:
        raise _fail(ValueError("give exactly one of --sent or --resend"))
    _staff_action(services.message_resolve_in_doubt, key=key, sent=sent, by="cli")


@app.command("stats")
@needs_db
def stats(as_json: bool = typer.Option(False, "--json")) -> None:
    """Count messages by state, with the oldest due message and the next scheduled retry.

    Example:
        whoswatching outbox stats
    """
    from whoswatching.outbox import services

    s = services.outbox_stats()
    data = {"by_state": s.by_state, "total": s.total, "oldest_due_at": s.oldest_due_at,
            "next_attempt_at": s.next_attempt_at}
    if as_json:
        print_json(data)
        return
    print_table([{"state": k, "messages": v} for k, v in s.by_state.items()], title="outbox")
    console.print(f"oldest due: {s.oldest_due_at or '-'}   next retry: {s.next_attempt_at or '-'}")


@app.command("enqueue")
@needs_db
def enqueue(
    key: str = typer.Option(..., "--key", help="Idempotency key (enqueueing the same key again changes nothing)."),
    to: str = typer.Option(..., "--to"),
    subject: str = typer.Option(..., "--subject"),
    body_file: typer.FileText = typer.Option(..., "--body-file", help="Plain-text body ('-' for stdin)."),
    reply_to: str = typer.Option("", "--reply-to"),
) -> None:
    """Queue one message by hand (campaigns enqueue through the service instead).

    Example:
        whoswatching outbox enqueue --key TEST-0001.note --to foi@northmoor.gov.uk --subject "Test" --body-file note.txt
    """
    from whoswatching.outbox import services

    try:
        m = services.message_enqueue(key=key, to=to, subject=subject, body=body_file.read(), reply_to=reply_to,
                                     kind="manual")
    except services.OutboxError as exc:
        raise _fail(exc) from None
    console.print(f"{m.key}: {m.state} {escape(m.message_id)}", highlight=False)


@app.command("recover")
@needs_db
def recover(
    stale_seconds: float = typer.Option(None, "--stale-seconds", min=0,
                                        help="Treat claims older than this as dead (default WHOSWATCHING_SEND_CLAIM_STALE_SECONDS)."),
) -> None:
    """Settle messages left in 'sending' by dead workers without sending anything (the worker also does this).

    A claim taken away from a worker that is in fact alive is safe: that worker then aborts the message
    before end-of-data, or its "sent" mark is refused and the message stays in doubt.

    Example:
        whoswatching outbox recover --stale-seconds 60
    """
    from whoswatching.outbox import services
    from whoswatching.outbox.transports import transport_make

    report = services.outbox_recover(transport=transport_make(), stale_seconds=stale_seconds)
    console.print(f"requeued={report.requeued} in_doubt={report.in_doubt} confirmed_sent={report.sent}")
