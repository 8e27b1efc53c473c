import json

import pytest
from typer.testing import CliRunner

from whoswatching.campaigns.models import Campaign, FollowUp, Request
from whoswatching.cli import cli

pytestmark = pytest.mark.django_db
runner = CliRunner()


def run(*args, ok=True):
    result = runner.invoke(cli, ["campaigns", *args])
    if ok:
        assert result.exit_code == 0, result.output
    return result


def test_full_flow(bodies, tmp_path):
    out = run("create", "--name", "CLI campaign", "--var", "requester_name=Ada Lovelace", "--json",
              "--embargo-until", "2027-02-07")
    slug = json.loads(out.stdout)["slug"]
    assert Campaign.objects.get(slug=slug).embargo_until.date().isoformat() == "2027-02-07"
    lst = tmp_path / "list.csv"
    lst.write_text("name\nNorthmoor Borough Council\nGlenholm Council\nAtlantis Council\n")
    out = run("select", slug, "--list", str(lst))
    assert "2 added" in out.stdout and "Atlantis Council" in out.stdout and "line" in out.stdout
    out = run("select", slug, "--sector", "school", "--json")
    assert json.loads(out.stdout)["added"] == 1
    out = run("preview", slug, "--body", bodies["glenholm"].slug)
    assert "Freedom of Information (Scotland) Act 2002" in out.stdout and "Subject:" in out.stdout
    out = run("check", slug)
    assert "no problems" in out.stdout
    out = run("launch", slug)
    assert "dry run: 3 requests" in out.stdout and Request.objects.count() == 0
    out = run("launch", slug, "--commit")
    assert "3 requests created, 3 queued" in out.stdout
    out = run("requests", slug, "--csv")
    assert out.stdout.splitlines()[0].startswith("reference,body_name") and len(out.stdout.splitlines()) == 4
    out = run("show", slug, "--json")
    assert json.loads(out.stdout)["by_status"] == {"queued": 3}
    ref = Request.objects.get(body=bodies["northmoor"]).reference
    out = run("remove-bodies", slug, "--body", bodies["northmoor"].slug, "--json")
    assert json.loads(out.stdout)["withdrawn"] == 1
    out = run("requests", slug, "--status", "withdrawn", "--json")
    assert json.loads(out.stdout.splitlines()[0])["reference"] == ref
    out = run("list", "--json")
    assert json.loads(out.stdout)[0]["requests"] == 3


def test_unknown_merge_field_fails_check_and_launch_naming_the_field(bodies, tmp_path):
    tpl = tmp_path / "t.txt"
    tpl.write_text("Subject: FOI to {{ body.name }}\n\nDear {{ body.nmae }},\n{{ var.requester_name }}\n")
    slug = json.loads(run("create", "--name", "Bad", "--template", str(tpl), "--var", "requester_name=A",
                          "--json").stdout)["slug"]
    run("select", slug, "--nation", "england")
    out = run("check", slug, ok=False)
    assert out.exit_code == 1 and "body.nmae" in out.stdout and "allowed fields" in out.stdout
    out = run("launch", slug, "--commit", ok=False)
    assert out.exit_code == 2 and "body.nmae" in out.output
    assert Request.objects.count() == 0


def test_bad_inputs_give_clear_errors(bodies):
    out = run("show", "nope", ok=False)
    assert out.exit_code == 2 and "campaigns list" in out.output
    slug = json.loads(run("create", "--name", "X", "--json").stdout)["slug"]
    out = run("select", slug, "--sector", "parish", ok=False)
    assert "unknown sector 'parish'" in out.output
    out = run("select", slug, "--region", "Nort West", ok=False)  # a typo must not select 0 bodies silently
    assert out.exit_code == 2 and "'Nort West'" in out.output and "North West" in out.output
    assert "1 added" in run("select", slug, "--region", "north west").stdout  # case does not matter
    out = run("select", slug, ok=False)
    assert "--sector" in out.output
    out = run("transition", "WW-2026-999999", "refused", ok=False)
    assert "no request" in out.output


def test_transition_refresh_and_followups(bodies):
    slug = json.loads(run("create", "--name", "F", "--var", "requester_name=A", "--json").stdout)["slug"]
    run("select", slug, "--nation", "scotland")
    run("launch", slug, "--commit")
    request = Request.objects.get()
    out = run("transition", request.reference, "responded", ok=False)
    assert "cannot go from 'queued' to 'responded'" in out.output
    Request.objects.filter(pk=request.pk).update(status="sent", received_on="2026-03-02", due_on="2026-03-30")
    out = run("refresh-overdue", "--today", "2026-04-02", "--json")
    assert json.loads(out.stdout)["overdue"] == 1
    out = run("followups", "draft", request.reference)
    assert "Overdue Freedom of Information request" in out.stdout
    pk = FollowUp.objects.get().pk
    out = run("followups", "list", "--json")
    assert json.loads(out.stdout)[0]["id"] == pk
    run("followups", "approve", str(pk))
    assert FollowUp.objects.get().state == "approved"
    assert Campaign.objects.get().state == "running"
    run("close", slug)
    assert Campaign.objects.get().state == "closed"


def test_clock_event_command(bodies):
    slug = json.loads(run("create", "--name", "C", "--var", "requester_name=A", "--json").stdout)["slug"]
    run("select", slug, "--nation", "scotland")
    run("launch", slug, "--commit")
    request = Request.objects.get()
    Request.objects.filter(pk=request.pk).update(status="sent", received_on="2026-03-02", due_on="2026-03-30")
    out = run("clock-event", request.reference, "--kind", "fee_notice", "--on", "2026-03-05")
    assert "paused" in out.stdout
    out = run("clock-event", request.reference, "--kind", "fee_paid", "--on", "2026-03-10")
    assert "due 2026-04-0" in out.stdout
    out = run("clock-event", request.reference, "--kind", "fee_paid", "--on", "2026-13-01", ok=False)
    assert out.exit_code == 2


def test_hostile_names_do_not_break_tables(body_factory):
    body = body_factory("[/b] Evil [bold]Council")
    slug = json.loads(run("create", "--name", "[/x] odd", "--var", "requester_name=A", "--json").stdout)["slug"]
    run("select", slug, "--sector", "council")
    run("launch", slug, "--commit")
    out = run("requests", slug)
    assert "Evil" in out.stdout
    out = run("show", slug)
    assert "odd" in out.stdout
    assert "by region" in out.stdout and "North West" in out.stdout
    assert body.name


def test_a_forgotten_requester_name_is_set_with_update(bodies, tmp_path):
    slug = json.loads(run("create", "--name", "No name yet", "--json").stdout)["slug"]
    run("select", slug, "--sector", "council")
    out = run("check", slug, ok=False)
    assert out.exit_code == 1 and f"whoswatching campaigns update {slug} --var requester_name=" in out.stdout
    run("update", slug, "--var", "requester_name=Ada Lovelace", "--embargo-until", "2027-01-31")
    campaign = Campaign.objects.get(slug=slug)
    assert campaign.variables["requester_name"] == "Ada Lovelace"
    assert campaign.embargo_until.date().isoformat() == "2027-01-31"
    assert "no problems" in run("check", slug).stdout
    tpl = tmp_path / "t.txt"
    tpl.write_text("Subject: FOI\n\nDear {{ body.name }},\n{{ var.requester_name }}\n")
    run("update", slug, "--template", str(tpl))
    assert Campaign.objects.get(slug=slug).template_body.startswith("Dear {{ body.name }}")
    run("launch", slug, "--commit")
    out = run("update", slug, "--template", str(tpl.with_name("missing.txt")), ok=False)
    assert out.exit_code == 2 and "cannot read" in out.output
    out = run("update", slug, "--template", str(tpl), ok=False)
    assert out.exit_code == 2 and "launched campaign is fixed" in out.output


def test_draft_overdue_names_each_skipped_request_and_why(campaign, bodies):
    from datetime import UTC, date, datetime

    from whoswatching.campaigns import services
    from whoswatching.outbox import signals
    from whoswatching.outbox.models import OutboxMessage

    services.campaign_select_bodies(campaign, by="t", body_ids=[bodies["northmoor"].id])
    services.campaign_launch(campaign, by="t", commit=True, today=date(2026, 3, 2))
    request = Request.objects.get()
    message = OutboxMessage.objects.get(key=request.outbox_key)
    OutboxMessage.objects.filter(pk=message.pk).update(state="sent", sent_at=datetime(2026, 3, 2, 10, tzinfo=UTC))
    message.refresh_from_db()
    signals.message_sent.send(sender=OutboxMessage, message=message)
    services.requests_refresh_overdue(today=date(2026, 4, 15))
    first = run("followups", "draft-overdue", campaign.slug)
    assert "1 reminders drafted, 0 requests skipped" in first.stdout
    second = run("followups", "draft-overdue", campaign.slug)
    assert "0 reminders drafted, 1 requests skipped" in second.stdout
    assert request.reference in second.stdout
    assert FollowUp.objects.count() == 1
