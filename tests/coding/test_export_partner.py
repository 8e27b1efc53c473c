"""Accepted codes become the statistics' coded-results rows; partner data merges under a chosen rule."""

import pytest

from whoswatching.coding import services
from whoswatching.coding.models import PartnerDisagreement, PartnerImport
from whoswatching.stats.tables import build_tables

pytestmark = pytest.mark.django_db

YES = "1. Yes, the council uses Hikvision cameras. 2. We do not use Dahua. We have 12 cameras."
NO = "The council does not use any Hikvision or Dahua cameras."
HEADER = "body,sector,region,nation,responded,refused,uses_hikvision,uses_dahua,uses_other_chinese,capabilities,body_id\n"


def _accept_all(campaign, reply, requests):
    for name, text in (("northmoor", YES), ("eastvale", NO)):
        message = reply(requests[name], text)
        services.reply_autocode(message)
        services.review_submit(message, by="ann")


def test_rows_from_accepted_codes(sent_requests, reply):
    campaign, requests = sent_requests
    _accept_all(campaign, reply, requests)
    rows = {r.body: r for r in services.campaign_coded_rows(campaign)}
    assert rows["Northmoor Borough Council"].uses_hikvision is True
    assert rows["Eastvale District Council"].uses_hikvision is False
    silent = rows["Westbrook City Council"]
    assert silent.responded is False and silent.uses_hikvision is None  # no reply: unknown, never false


def test_rows_refuse_unreviewed_replies(sent_requests, reply):
    campaign, requests = sent_requests
    services.reply_autocode(reply(requests["northmoor"], YES))
    with pytest.raises(services.CodingError, match="no accepted codes"):
        services.campaign_coded_rows(campaign)


def test_partner_merge_any_affirmative_logs_disagreements(sent_requests, reply):
    campaign, requests = sent_requests
    _accept_all(campaign, reply, requests)
    data = (HEADER
            + "Eastvale District Council,council,North West,england,true,false,true,,,,\n"
            + "Westbrook City Council,council,North West,england,true,false,,true,,thermal,\n"
            + "Southfold Council,council,South West,england,true,false,true,,,,\n").encode()
    dry = services.partner_import(campaign, data=data, filename="partner.csv", source="Partner org",
                                  rule="any_affirmative", by="ann")
    assert not PartnerImport.objects.exists()
    assert dry.matched == 2 and dry.unmatched == ["Southfold Council"]
    # Westbrook never answered us but answered the partner: a disagreement on "responded" too.
    assert [(d.body, d.field) for d in dry.disagreements] == [
        ("Eastvale District Council", "uses_hikvision"), ("Westbrook City Council", "responded")]

    services.partner_import(campaign, data=data, filename="partner.csv", source="Partner org",
                            rule="any_affirmative", by="ann", commit=True)
    assert sorted(PartnerDisagreement.objects.values_list("field", flat=True)) == ["responded", "uses_hikvision"]
    table = services.campaign_coded_table(campaign)
    rows = {r.body: r for r in table.rows}
    assert rows["Eastvale District Council"].uses_hikvision is True
    assert rows["Westbrook City Council"].uses_dahua is True and rows["Westbrook City Council"].responded is True
    assert "partner Partner org" in table.source_name
    overall = build_tables(table).overall
    assert overall["requests"] == 3 and overall["responses"] == 3

    with pytest.raises(services.CodingError, match="already imported"):
        services.partner_import(campaign, data=data, filename="partner.csv", source="Partner org",
                                rule="any_affirmative", by="ann", commit=True)


def test_partner_file_with_bad_rows_is_rejected_whole(sent_requests, reply):
    campaign, requests = sent_requests
    bad = (HEADER + "Eastvale District Council,council,North West,england,maybe,false,true,,,,\n").encode()
    with pytest.raises(services.CodingError, match="row 2"):
        services.partner_import(campaign, data=bad, filename="bad.csv", source="P", rule="ours_wins", by="a",
                                commit=True)
    assert not PartnerImport.objects.exists()
    with pytest.raises(services.CodingError, match="unknown merge rule"):
        services.partner_import(campaign, data=bad, filename="bad.csv", source="P", rule="vote", by="a")
