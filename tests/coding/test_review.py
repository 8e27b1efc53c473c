"""Suggestions stay suggestions until a person accepts them; double coding; flags; status follows."""

import pytest

from whoswatching.campaigns.lifecycle import Status
from whoswatching.coding import services
from whoswatching.coding.models import AcceptedCode, Coding, Suggestion
from whoswatching.intake.models import MatchState

pytestmark = pytest.mark.django_db

YES = ("Thank you for your request. 1. Yes, the council uses Hikvision cameras (DS-2CD2143G2-I). "
       "2. We do not use Dahua equipment. We have 42 cameras. None are connected to the internet.")
NO = "Thank you for your request. The council does not use any Hikvision or Dahua cameras."
ACK = ("Thank you for your request for information, which we received on 2 March 2026. "
       "We will respond within 20 working days.")


def test_autocode_stores_a_suggestion_and_accepts_nothing(sent_requests, reply):
    _, requests = sent_requests
    message = reply(requests["northmoor"], YES)
    assert message.match_state == MatchState.MATCHED
    suggestion = services.reply_autocode(message)
    assert suggestion.values["uses_hikvision"] is True
    assert suggestion.evidence["uses_hikvision"]
    assert not AcceptedCode.objects.exists()
    assert services.reply_autocode(message).pk == suggestion.pk  # idempotent
    assert Suggestion.objects.count() == 1


def test_accept_sets_outcome_status(sent_requests, reply):
    _, requests = sent_requests
    message = reply(requests["northmoor"], YES)
    services.reply_autocode(message)
    services.review_submit(message, by="ann")
    accepted = AcceptedCode.objects.get(message=message)
    assert accepted.origin == "single" and accepted.accepted_by == "ann"
    requests["northmoor"].refresh_from_db()
    assert requests["northmoor"].status == Status.RESPONDED
    with pytest.raises(services.CodingError, match="already accepted"):
        services.review_submit(message, by="bob")


def test_correction_is_validated_and_recorded(sent_requests, reply):
    _, requests = sent_requests
    message = reply(requests["eastvale"], YES)
    services.reply_autocode(message)
    with pytest.raises(services.CodingError, match="camera_count"):
        services.review_submit(message, by="ann", corrections={"camera_count": "lots"})
    assert not Coding.objects.exists()
    coding = services.review_submit(message, by="ann", corrections={"camera_count": "40"})
    assert coding.origin == "corrected" and coding.corrected_fields == ["camera_count"]
    assert AcceptedCode.objects.get(message=message).values["camera_count"] == 40


def test_double_coding_needs_two_people_and_adjudicates_disagreement(sent_requests, reply):
    campaign, requests = sent_requests
    services.policy_set(campaign, double_coding=True)
    agreed, disputed = reply(requests["northmoor"], YES), reply(requests["eastvale"], YES)
    for m in (agreed, disputed):
        services.reply_autocode(m)
        services.review_submit(m, by="ann")
        with pytest.raises(services.CodingError, match="second person"):
            services.review_submit(m, by="ann")
    assert not AcceptedCode.objects.exists()
    assert [m.pk for m in services.review_queue(user="bob", campaign=campaign)] == [agreed.pk, disputed.pk]
    assert services.review_queue(user="ann", campaign=campaign) == []

    services.review_submit(agreed, by="bob")
    assert AcceptedCode.objects.get(message=agreed).origin == "double_agreed"
    services.review_submit(disputed, by="bob", corrections={"uses_hikvision": "false"})
    assert not AcceptedCode.objects.filter(message=disputed).exists()
    assert services.review_disagreements(disputed) == ["uses_hikvision"]
    assert [m.pk for m in services.adjudication_queue(campaign=campaign)] == [disputed.pk]

    kappa = {f.field: f for f in services.campaign_agreement(campaign)}
    assert kappa["uses_hikvision"].items == 2 and kappa["uses_hikvision"].agreed == 1

    services.review_adjudicate(disputed, by="cat", corrections={"uses_hikvision": "true"})
    assert AcceptedCode.objects.get(message=disputed).origin == "adjudicated"
    services.reviews_assert_accepted(campaign=campaign)  # both replies now have accepted codes
    assert services.review_status(campaign=campaign).by_origin == {"double_agreed": 1, "adjudicated": 1}


def test_auto_accept_only_when_the_campaign_chose_a_threshold(sent_requests, reply):
    campaign, requests = sent_requests
    message = reply(requests["northmoor"], NO)
    services.reply_autocode(message)
    assert not AcceptedCode.objects.exists()  # default: nothing is accepted automatically
    services.policy_set(campaign, auto_accept_threshold=0.5)
    other = reply(requests["eastvale"], NO)
    services.reply_autocode(other)
    accepted = AcceptedCode.objects.get(message=other)
    assert accepted.origin == "auto" and accepted.accepted_by.startswith("auto")
    with pytest.raises(services.CodingError, match="between"):
        services.policy_set(campaign, auto_accept_threshold=0.1)


def test_flagged_replies_leave_the_queue(sent_requests, reply):
    campaign, requests = sent_requests
    message = reply(requests["westbrook"], YES)
    services.reply_autocode(message)
    with pytest.raises(services.CodingError, match="say why"):
        services.review_flag(message, by="ann", reason=" ")
    flag = services.review_flag(message, by="ann", reason="the spreadsheet is cut off")
    assert services.review_queue(user="bob", campaign=campaign) == []
    services.flag_resolve(flag, by="bob")
    assert len(services.review_queue(user="bob", campaign=campaign)) == 1


def test_acknowledgement_keeps_the_clock_and_gate_blocks_unreviewed(sent_requests, reply):
    campaign, requests = sent_requests
    request = requests["westbrook"]
    due = request.due_on
    message = reply(request, ACK)
    suggestion = services.reply_autocode(message)
    assert suggestion.values["kind"] == "acknowledgement"
    with pytest.raises(services.CodingError, match="no accepted codes"):
        services.reviews_assert_accepted(campaign=campaign)
    services.review_submit(message, by="ann")
    request.refresh_from_db()
    assert request.status == Status.AWAITING_RESPONSE and request.due_on == due
    services.reviews_assert_accepted(campaign=campaign)


def test_clarification_pauses_and_fee_notice_pauses_the_clock(sent_requests, reply):
    _, requests = sent_requests
    request = requests["northmoor"]
    clarify = reply(request, "Before we can respond, could you please clarify which sites you mean? "
                             "Please clarify your request so that we can identify the information.")
    suggestion = services.reply_autocode(clarify)
    assert suggestion.values["kind"] == "clarification"
    services.review_submit(clarify, by="ann")
    request.refresh_from_db()
    assert request.status == Status.CLARIFICATION_REQUESTED
    assert request.due_on is None  # s.1(3): no deadline runs until the clarification arrives
    assert request.events.filter(kind="clock").exists()

    other = requests["eastvale"]
    due = other.due_on
    fee = reply(other, "A fee of £85 is payable before we can process your request. This is a fees notice "
                       "under section 9 of the Freedom of Information Act. Please send payment within three months.")
    suggestion = services.reply_autocode(fee)
    services.review_submit(fee, by="ann", corrections={"kind": "fee_notice"})
    other.refresh_from_db()
    assert other.due_on is None or other.due_on != due  # paused until the fee is paid (s.10(2))
    assert other.events.filter(kind="clock", data__clock="fee_notice").exists()


def test_replies_are_auto_coded_as_intake_files_them(sent_requests, reply, django_capture_on_commit_callbacks):
    _, requests = sent_requests
    with django_capture_on_commit_callbacks(execute=True):
        message = reply(requests["northmoor"], "We do not use Hikvision or Dahua cameras.")
    suggestion = Suggestion.objects.get(message=message)
    assert suggestion.values["uses_hikvision"] is False
    assert not AcceptedCode.objects.exists()  # still only a suggestion


def test_asset_register_in_a_spreadsheet_attachment_is_coded(sent_requests):
    import io
    from email.message import EmailMessage

    import xlsxwriter

    from whoswatching.intake import services as intake

    _, requests = sent_requests
    request = requests["westbrook"]
    sheet = io.BytesIO()
    book = xlsxwriter.Workbook(sheet, {"in_memory": True})
    ws = book.add_worksheet("Assets")
    for row, values in enumerate([("Site", "Manufacturer", "Model", "Quantity"),
                                  ("Town Hall", "Hikvision", "DS-2CD2143G2-I", 4),
                                  ("Depot", "Axis", "P3245-LVE", 2)]):
        ws.write_row(row, 0, values)
    book.close()
    msg = EmailMessage()
    msg["From"] = "foi@westbrook.example.org"
    msg["To"] = request.reply_address
    msg["Subject"] = f"RE: {request.reference}"
    msg["Message-ID"] = "<assets-1@westbrook.example.org>"
    msg.set_content("Please find attached our CCTV asset register in answer to questions 1 to 4.")
    msg.add_attachment(sheet.getvalue(), maintype="application",
                       subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename="assets.xlsx")
    message = intake.message_receive(msg.as_bytes(), via="eml").message
    suggestion = services.reply_autocode(message)
    assert suggestion.values["uses_hikvision"] is True
    assert "DS-2CD2143G2-I" in suggestion.values["models"]
    assert suggestion.evidence["uses_hikvision"]
