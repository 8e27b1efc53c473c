"""``whoswatching deadlines``: statutory FOI deadlines with their working shown (pure; no database)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path

import typer

from whoswatching.cli._output import console, print_json

app = typer.Typer(help="Statutory FOI deadlines (FOIA, FOISA, EIR, EISR) with the days skipped and why.",
                  no_args_is_help=True)


class LawChoice(StrEnum):
    foia = "foia"
    foisa = "foisa"
    eir = "eir"
    eisr = "eisr"


def _date(option: str, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{option} {value!r} is not a date in YYYY-MM-DD form ({exc})") from exc


def _parse_terms(values: list[str]) -> list[tuple[date, date]]:
    terms = []
    for value in values:
        try:
            start, end = value.split(":", 1)
            terms.append((date.fromisoformat(start), date.fromisoformat(end)))
        except ValueError as exc:
            raise typer.BadParameter(f"term {value!r} is not START:END in YYYY-MM-DD:YYYY-MM-DD form") from exc
    return terms


def _show(deadline, as_json: bool) -> None:
    if as_json:
        print_json(deadline.to_dict())
        return
    if deadline.due is None:
        console.print(f"[yellow]Clock paused[/yellow]: {deadline.paused}")
        return
    console.print(f"[bold]Due {deadline.due.isoformat()}[/bold] ({deadline.due:%A}) under {deadline.law.upper()}: "
                  f"{deadline.rule}, {deadline.citation}")
    for day in deadline.skipped:
        style = "dim" if day.reason in ("Saturday", "Sunday") else "yellow"
        console.print(f"  [{style}]skipped {day.date.isoformat()} {day.date:%a}: {day.reason}[/{style}]")
    for note in deadline.notes:
        console.print(f"  note: {note}")


def _fail(exc: Exception) -> None:
    console.print(f"[red]error:[/red] {exc}")
    raise typer.Exit(2)


@app.command("due")
def due(
    received: str = typer.Option(..., help="Date the body received the request (YYYY-MM-DD)."),
    law: LawChoice = typer.Option(LawChoice.foia, help="foia, foisa, eir or eisr."),
    body_type: str = typer.Option("", help="Body type; 'school' (or an academy/maintained-school type) takes the "
                                           "20-school-day / 60-working-day rule."),
    term: list[str] = typer.Option([], help="School term START:END (repeatable) to compute the school-day bound."),
    clarification_requested: str = typer.Option("", help="Date the body asked for clarification (s.1(3))."),
    clarified: str = typer.Option("", help="Date the clarification reached the body (the clock restarts)."),
    fee_notice: str = typer.Option("", help="Date a fees notice was given (s.10(2))."),
    fee_paid: str = typer.Option("", help="Date the fee was received."),
    extension: bool = typer.Option(False, help="Apply the public-interest (FOIA) or complex-request (EIR) extension."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON: due, skipped days with reasons, rule, notes."),
) -> None:
    """Compute a request's statutory due date and show every day skipped and why.

    Example:
        whoswatching deadlines due --received 2022-09-08 --law foia --json
    """
    from whoswatching.campaigns.deadlines import ClockEvent, due_date

    try:
        events = [
            ClockEvent(kind, _date(option, value))  # type: ignore[arg-type]
            for kind, option, value in (
                ("clarification_requested", "--clarification-requested", clarification_requested),
                ("clarification_received", "--clarified", clarified),
                ("fee_notice", "--fee-notice", fee_notice), ("fee_paid", "--fee-paid", fee_paid))
            if value
        ]
        deadline = due_date(_date("--received", received), law=law.value, body_type=body_type, events=events,
                            term_dates=_parse_terms(term) or None, extension=extension)
    except ValueError as exc:
        _fail(exc)
    _show(deadline, as_json)


@app.command("review-due")
def review_due(
    requested: str = typer.Option(..., help="Date the body received the request for internal review."),
    law: LawChoice = typer.Option(LawChoice.foia),
    extended: bool = typer.Option(False, help="Use the longest permitted time (FOIA Code: 40 working days)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """When an internal review should be answered.

    Example:
        whoswatching deadlines review-due --requested 2022-11-01 --law foisa
    """
    from whoswatching.campaigns.deadlines import internal_review_due

    try:
        deadline = internal_review_due(_date("--requested", requested), law=law.value, extended=extended)
    except ValueError as exc:
        _fail(exc)
    _show(deadline, as_json)


@app.command("complaint-window")
def complaint_window_cmd(
    final_response: str = typer.Option(..., help="Date of the final response or review outcome."),
    law: LawChoice = typer.Option(LawChoice.foia),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """The last day to complain to the ICO (6 weeks) or the Scottish Information Commissioner (6 months).

    Example:
        whoswatching deadlines complaint-window --final-response 2022-12-01 --law foisa
    """
    from whoswatching.campaigns.deadlines import complaint_window, review_request_by

    try:
        day = _date("--final-response", final_response)
        last, regulator, citation = complaint_window(day, law=law.value)
        review_by = review_request_by(day, law=law.value)
    except ValueError as exc:
        _fail(exc)
    result = {"complain_by": last.isoformat(), "regulator": regulator, "citation": citation,
              "review_request_by": review_by.isoformat()}
    if as_json:
        print_json(result)
    else:
        console.print(f"Ask for a review by {review_by.isoformat()}; complain to the {regulator} by "
                      f"[bold]{last.isoformat()}[/bold] ({citation}).")


@app.command("calendar")
def calendar_cmd(
    year: int = typer.Option(..., help="Year to list."),
    law: LawChoice = typer.Option(LawChoice.foia),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """List the weekdays that are not working days under a law, with the reason for each.

    Example:
        whoswatching deadlines calendar --year 2022 --law foisa
    """
    from whoswatching.campaigns.calendars import calendar_for
    from whoswatching.campaigns.laws import law_rules

    try:
        days = calendar_for(law_rules(law.value).working_day).non_working_days(year)
    except ValueError as exc:
        _fail(exc)
    if as_json:
        print_json([{"date": d.isoformat(), "reason": r} for d, r in days])
    else:
        for d, r in days:
            console.print(f"{d.isoformat()} {d:%a}  {r}")


@app.command("refresh-holidays")
def refresh_holidays(
    first_year: int = typer.Option(2000),
    last_year: int = typer.Option(2035),
    out: Path = typer.Option(None, help="Where to write (default: the table shipped in the package)."),
) -> None:
    """Rewrite the shipped bank-holiday table from the `holidays` library; review the diff like code.

    Open deadlines are recomputed from the new table the next time `campaigns refresh-overdue` runs.

    Example:
        whoswatching deadlines refresh-holidays --last-year 2036
    """
    from whoswatching.campaigns.calendars import DATA, load_table
    from whoswatching.campaigns.holidays_source import write_table

    target = out or DATA
    table = write_table(target, first_year, last_year)
    load_table.cache_clear()
    counts = ", ".join(f"{k} {len(v)}" for k, v in table["divisions"].items())
    console.print(f"Wrote {target} ({counts}).")
