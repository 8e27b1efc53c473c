import json

import pytest
from typer.testing import CliRunner

from whoswatching.cli import cli
from whoswatching.coding import services
from whoswatching.coding.models import PartnerImport, Suggestion

pytestmark = pytest.mark.django_db
runner = CliRunner()


def test_autocode_status_policy_agreement(sent_requests, reply):
    campaign, requests = sent_requests
    reply(requests["northmoor"], "1. Yes, we use Hikvision cameras. 2. We do not use Dahua.")
    result = runner.invoke(cli, ["coding", "autocode", "--campaign", campaign.slug])
    assert result.exit_code == 0, result.output
    assert "coded 1" in result.output and Suggestion.objects.count() == 1
    again = runner.invoke(cli, ["coding", "autocode", "--campaign", campaign.slug])
    assert "coded 0" in again.output  # nothing left to code
    status = json.loads(runner.invoke(cli, ["coding", "review-status", "--campaign", campaign.slug, "--json"]).output)
    assert status["suggested"] == 1 and status["accepted"] == 0

    result = runner.invoke(cli, ["coding", "policy", campaign.slug, "--double-coding", "--auto-accept", "0.2"])
    assert result.exit_code != 0 and "must lie between" in result.output, result.output
    result = runner.invoke(cli, ["coding", "policy", campaign.slug, "--double-coding", "--auto-accept", "off"])
    assert "double coding; automatic acceptance off" in result.output
    rows = json.loads(runner.invoke(cli, ["coding", "agreement", campaign.slug, "--json"]).output)
    assert {r["field"] for r in rows} >= {"uses_hikvision", "kind"}
    assert "coded by two people yet" in runner.invoke(cli, ["coding", "agreement", campaign.slug]).output
    assert runner.invoke(cli, ["coding", "agreement", "no-such-campaign"]).exit_code != 0


def test_partner_import_dry_run_then_commit(sent_requests, reply, tmp_path):
    campaign, requests = sent_requests
    message = reply(requests["northmoor"], "We do not use Hikvision or Dahua cameras.")
    services.reply_autocode(message)
    services.review_submit(message, by="ann")
    path = tmp_path / "partner.csv"
    path.write_text("body,sector,region,nation,responded,refused,uses_hikvision,uses_dahua,uses_other_chinese,"
                    "capabilities\nNorthmoor Borough Council,council,North West,england,true,false,true,,,\n")
    args = ["coding", "partner-import", campaign.slug, str(path), "--source", "Partner org", "--json"]
    dry = json.loads(runner.invoke(cli, args).output)
    assert dry["committed"] is False and dry["disagreements"][0]["field"] == "uses_hikvision"
    assert not PartnerImport.objects.exists()
    assert runner.invoke(cli, [*args, "--commit"]).exit_code == 0
    assert PartnerImport.objects.count() == 1
    result = runner.invoke(cli, [*args, "--commit"])
    assert result.exit_code == 2 and "already imported" in result.output
