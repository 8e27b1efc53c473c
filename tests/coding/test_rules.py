"""Behaviour of the auto-coder on small replies: one rule per test, each able to fail."""

from __future__ import annotations

import pytest

from tests.coding.corpus_common import gmail_thread, outlook_thread, request_text
from whoswatching.coding.result import CODEBOOK_VERSION, FIELDS
from whoswatching.coding.rules import CODERS, code_text


def code(text: str, **kw) -> dict:
    return code_text(text, **kw).to_json()


@pytest.mark.parametrize(
    ("text", "hik", "dahua"),
    [
        ("We use 12 Hikvision cameras.", True, None),
        ("We do not use Hikvision.", False, None),
        ("No cameras manufactured by Hikvision or Dahua are in use.", False, False),
        ("Neither Hikvision nor Dahua equipment is used by the Council.", False, False),
        ("We do not use Hikvision but we do use Dahua cameras at the depot.", False, True),
        ("The Trust is reviewing whether any cameras were made by Hikvision or Dahua.", None, None),
        ("We do not hold information on whether our cameras are made by Hikvision.", None, None),
        ("Thank you for your request regarding Hikvision and Dahua cameras.", None, None),
        ("We no longer use Hikvision; all Hikvision cameras were replaced in 2023.", False, None),
        ("Our cameras are not connected to the internet and are made by Hikvision.", True, None),
        ("We do not use any Chinese-made cameras.", False, False),
        ("We have 40 cameras, none of which are Dahua.", None, False),
        ("Nid yw'r Cyngor yn defnyddio offer Hikvision na Dahua.", False, False),
    ],
)
def test_makers_read_in_their_clause(text, hik, dahua) -> None:
    out = code(text)
    assert (out["uses_hikvision"], out["uses_dahua"]) == (hik, dahua)


def test_a_brand_only_in_the_quoted_request_does_not_count() -> None:
    for thread in (gmail_thread("Northmoor Borough Council"), outlook_thread("Northmoor Borough Council")):
        out = code("Dear Requester\n\nPlease see our answers below in due course.\n\nKind regards\nFOI" + thread)
        assert out["uses_hikvision"] is None and out["uses_dahua"] is None
        assert out["other_chinese_brands"] == [] and out["oem_brands"] == []
        assert out["capabilities_present"] == []
    # The request pasted into the body with no quote marks at all.
    out = code("Your request was:\n\n" + request_text("Northmoor Borough Council") + "\n\nWe will reply within 20 working days.")
    assert out["uses_hikvision"] is None and out["capabilities_present"] == [] and out["kind"] == "acknowledgement"


def test_numbered_answers_map_to_the_request_questions() -> None:
    out = code("1. No\n2. Yes, 4 cameras at the depot.\n3. No\n5. No\n7. Yes")
    assert out["uses_hikvision"] is False
    assert out["uses_dahua"] is True
    assert out["internet_connected"] is True
    assert out["camera_count"] == 4


def test_quoted_question_then_bare_answer_quotes_both_as_evidence() -> None:
    q = "Does the College use any equipment made by Hikvision, including equipment sold under Hikvision's own brands (for example HiLook, HiWatch or Ezviz)?"
    out = code(f"Question 1: {q}\nResponse: No.")
    assert out["uses_hikvision"] is False
    assert any("Response: No" in e and "Hikvision" in e for e in out["evidence"]["uses_hikvision"])


def test_weak_oem_brand_is_listed_but_never_makes_hikvision_true() -> None:
    out = code("The school uses a Swann kit with 8 cameras.")
    assert out["oem_brands"] == ["Swann"] and out["uses_hikvision"] is None
    assert out["oem_makers"][0]["grade"] == "weak"
    out = code("The school has 12 cameras, all of them HiLook branded.")
    assert out["oem_brands"] == ["HiLook"] and out["uses_hikvision"] is True
    out = code("Our system is Annke with 10 cameras.")  # medium grade OEM: listed, not a yes
    assert out["oem_brands"] == ["Annke"] and out["uses_hikvision"] is None


def test_model_numbers_are_normalised_and_identify_the_maker() -> None:
    out = code("We have 4 x ds-2cd2143g2-i cameras.")
    assert out["models"] == ["DS-2CD2143G2-I"]
    assert out["uses_hikvision"] is True
    assert out["model_makers"][0]["maker"] == "Hikvision"
    assert code("Please quote reference FOI-2024-0412 and postcode NM1 2AB.")["models"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("exempt under section 24(1) and section 31(1)(a) of the Freedom of Information Act", ["FOIA s24(1)", "FOIA s31(1)(a)"]),
        ("withheld under section 31(1)(a), (b) and (c)", ["FOIA s31(1)(a)", "FOIA s31(1)(b)", "FOIA s31(1)(c)"]),
        ("exempt under section 35(1)(a) of the Freedom of Information (Scotland) Act 2002", ["FOISA s35(1)(a)"]),
        ("withheld under regulation 12(5)(a) of the Environmental Information Regulations", ["EIR 12(5)(a)"]),
        ("This is a refusal notice under section 17; sections 1 and 10 are satisfied.", []),
        ("The Council's 90 cameras are old.", []),
        ("Under section 5 of the contract the supplier maintains the cameras.", []),
        ("exempt under s.22a (research)", ["FOIA s22A"]),
    ],
)
def test_exemptions_are_written_law_and_section(text, expected) -> None:
    assert code(text)["exemptions"] == expected


def test_ncnd_refusal_and_rights_paragraph() -> None:
    out = code(
        "The force can neither confirm nor deny that it holds the information, by virtue of sections 24(2) and 31(3).\n\n"
        "If you are dissatisfied you may ask for an internal review, and then complain to the Information Commissioner "
        "under section 50."
    )
    assert out["ncnd"] and out["refused"] and out["kind"] == "refusal"
    assert out["exemptions"] == ["FOIA s24(2)", "FOIA s31(3)"]


def test_not_held_is_not_a_no() -> None:
    out = code("The Council does not hold information about the manufacturer of its cameras.")
    assert out["not_held"] and out["kind"] == "not_held" and out["uses_hikvision"] is None


def test_capabilities_present_and_in_use() -> None:
    out = code(
        "Our Hikvision cameras have face capture capability, but this is not enabled. Thermal screening is in use "
        "at reception. None of the cameras have facial recognition. We hold face-to-face meetings on Tuesdays."
    )
    assert out["capabilities_present"] == ["face_detection", "thermal"]
    assert out["capabilities_in_use"] == ["thermal"]


def test_question_five_parts_map_to_capabilities() -> None:
    out = code("5.\na) Yes\nb) No\nc) No\nd) Yes\ne) No\nf) Yes\n6. None are in use.")
    assert out["capabilities_present"] == ["face_detection", "demographic", "object_detection"]
    assert out["capabilities_in_use"] == []


@pytest.mark.parametrize(
    ("text", "subject", "kind"),
    [
        ("I am out of the office until Monday.", "Automatic reply: FOI", "out_of_office"),
        ("We acknowledge receipt of your request and will respond within 20 working days.", "", "acknowledgement"),
        ("Could you please clarify what you mean by surveillance equipment?", "", "clarification"),
        ("A fee of £45 is payable under section 9 before we release the information.", "", "fee_notice"),
        ("Please submit your request via our online portal.", "", "portal_redirect"),
        ("Your message couldn't be delivered.", "Undeliverable: FOI request", "bounce"),
        ("Hello.", "", "other"),
    ],
)
def test_kind_of_message(text, subject, kind) -> None:
    assert code(text, subject=subject)["kind"] == kind


def test_signature_and_disclaimer_are_not_read() -> None:
    out = code(
        "1. No\n2. No\n\nKind regards\n\nJane Smith\nFace-to-face services manager, Hikvision House, Dahua Road\n\n"
        "This email and any attachments are confidential. If you are not the intended recipient, Hikvision thermal..."
    )
    assert out["uses_hikvision"] is False and out["uses_dahua"] is False
    assert out["capabilities_present"] == []


def test_forwarded_answer_is_read_and_thread_below_is_not() -> None:
    text = (
        "See below from Estates.\n\n---------- Forwarded message ---------\nFrom: Estates <e@example.org>\n"
        "Date: Tue, 19 Mar 2024\nSubject: CCTV\nTo: FOI <foi@example.org>\n\nAll 36 of our cameras are Dahua.\n"
        + outlook_thread("Northmoor Borough Council")
    )
    out = code(text)
    assert out["uses_dahua"] is True and out["camera_count"] == 36 and out["uses_hikvision"] is None


def test_counts() -> None:
    assert code("We have twelve CCTV cameras.")["camera_count"] == 12
    assert code("There are 32 internal and 14 external cameras.")["camera_count"] == 46
    assert code("We have 40 cameras in total; 12 Hikvision cameras are at the depot.")["camera_count"] == 40
    assert code("The cost would exceed £450 across our 90 sites and camera records.")["camera_count"] is None
    assert code("We do not have any CCTV cameras.")["camera_count"] == 0


def test_units_of_named_cameras_are_a_count() -> None:
    # the bundled request asks "the number of units of each model"; replies answer in units
    assert code("1. Yes. We use Hikvision cameras, model DS-2CD2143G2-I, 14 units.")["camera_count"] == 14
    assert code("We have 3 NVR units and no other equipment.")["camera_count"] is None
    assert code("The cameras record to 2 storage units.")["camera_count"] is None


def test_internet() -> None:
    assert code("The cameras are on a closed network and are not connected to the internet.")["internet_connected"] is False
    assert code("Footage can be viewed remotely via the Hik-Connect app.")["internet_connected"] is True
    assert code("We are considering whether to connect the cameras to the internet.")["internet_connected"] is None


def test_json_shape() -> None:
    out = code("We use 3 Hikvision cameras.")
    for name in FIELDS:
        assert name in out
        assert 0 <= out["confidence"][name] <= 1
    assert set(out["evidence"]) <= {k for k, v in out.items() if v not in (None, [], "")}
    assert out["codebook_version"] == CODEBOOK_VERSION
    assert [c.__name__.rsplit(".", 1)[-1] for c in CODERS] == [
        "models", "makers", "count", "capabilities", "connection", "exemptions", "kind"
    ]


def test_parts_are_segmented_apart() -> None:
    """A signature in the mail body does not swallow the attachment's text."""
    out = code_text(["Please find attached.\n\nKind regards\nFOI Team", "We have 20 Dahua cameras."]).to_json()
    assert out["uses_dahua"] is True and out["camera_count"] == 20


def test_untrusted_control_text_does_not_break_coding() -> None:
    out = code("\x00\x1b[31mWe use Hikvision cameras\u202e.\r\n" + "A" * 100_000)
    assert out["uses_hikvision"] is True


@pytest.mark.parametrize(
    "text",
    [
        "section 24(1) and " * 2000,  # was quadratic before laws were looked up once a sentence
        "(" * 5000 + "1" + ")" * 5000,  # was quadratic in the model-number scan
        "Kind regards\n" + "word " * 5000,
        "\n".join(f"{i}. No" for i in range(3000)),
    ],
)
def test_pathological_inputs_are_coded(text) -> None:
    out = code(text)
    assert out["kind"] in {"refusal", "other", "substantive"}


@pytest.mark.parametrize(
    "text",
    [
        "Hikvision is a Chinese company.",
        "The Hikvision brand is owned by the Chinese state.",
        "We note that Hikvision cameras have been banned from government sites.",
        "Some councils use Hikvision cameras, but we cannot comment on them.",
        "Other schools in the area use Hikvision equipment.",
        "The contractor also installs Hikvision cameras for other clients.",
        "Hikvision cameras are widely used in the UK.",
        "Since 2021 Hikvision has been subject to restrictions.",
        "Your question about Hikvision has been passed to Estates.",
        "We would not purchase Hikvision equipment.",
        "Hikvision and Dahua were discussed at the Audit Committee.",
        "We are unable to say whether any Hikvision cameras are in use.",
        "The school may have Hikvision cameras.",
    ],
)
def test_no_false_yes_when_the_body_does_not_say_it_uses_the_maker(text) -> None:
    assert code(text)["uses_hikvision"] is not True


@pytest.mark.parametrize(
    "text",
    [
        "Some of our cameras are Hikvision.",
        "Most of the cameras are made by Hikvision.",
        "The school's CCTV system is Hikvision.",
        "Manufacturer: Hikvision",
        "We have 6 x Hikvision DS-2CD2143G2-I.",
        "All 36 of our cameras are Hikvision.",
    ],
)
def test_affirmations_are_read(text) -> None:
    assert code(text)["uses_hikvision"] is True


@pytest.mark.parametrize(
    "text",
    [
        "The Council is committed to equality regardless of age, gender or ethnicity.",
        "We work with the police in the fight against crime.",
        "Receipts are printed on a thermal printer.",
        "The server room is kept at a cool temperature.",
        "Staff meet face-to-face every week, facing the car park.",
        "Please do not loiter near the entrance.",
    ],
)
def test_everyday_words_are_no_capabilities(text) -> None:
    assert code(text)["capabilities_present"] == []


def test_a_model_of_a_medium_graded_oem_label_does_not_count_as_the_maker():
    """Annke's N48PBB is made by Hikvision for Annke (OEM, medium grade): listed, never a yes."""
    coded = code_text("1. We use an Annke N48PBB recorder with eight cameras.").to_json()
    assert "N48PBB" in coded["models"]
    assert coded["uses_hikvision"] is not True
