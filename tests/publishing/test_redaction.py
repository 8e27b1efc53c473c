"""Redaction of quotes shown publicly: emails, UK phone numbers, signed and labelled names."""

from __future__ import annotations

import pytest

from whoswatching.publishing.redaction import EMAIL, NAME, PHONE, redact, redact_text


@pytest.mark.parametrize("text", [
    "jane.smith@northmoor.example.org",
    "J.O'Brien+foi@sub.council.example.co.uk",
    "jane [at] northmoor [dot] example [dot] org",
    "jane(at)northmoor(dot)example(dot)org",
    "foi at northmoor dot example dot org",
])
def test_emails_removed(text):
    out = redact(f"Write to {text} today.")
    assert out.text == f"Write to {EMAIL} today."
    assert out.emails == 1


@pytest.mark.parametrize("text", [
    "01632 960123", "01632960123", "(01632) 960 123", "0113 496 0000", "020 7946 0000", "+44 20 7946 0000",
    "+44 (0)20 7946 0000", "+441632960123", "07700 900123", "07700-900-123", "0800 123 4567", "0345.123.4567",
])
def test_uk_phone_numbers_removed(text):
    out = redact(f"Call {text} for help.")
    assert out.text == f"Call {PHONE} for help.", out.text
    assert out.phones == 1


def test_extension_goes_with_the_number():
    assert redact_text("Tel 01632 960123 ext 4567.") == f"Tel {PHONE}."


@pytest.mark.parametrize("text", [
    "Reference FOI-2026-000123 of 01/03/2026.",
    "We have 1,234 cameras installed in 2019 at 12 sites.",
    "Model DS-2CD2143G2-I and DH-IPC-HFW2431S.",
    "Exempt under section 24(1) and s31(1)(a); FOISA s35(1)(a).",
    "Our budget was £120,000 in 2021/22.",
])
def test_ordinary_text_is_kept(text):
    assert redact_text(text) == text


def test_signature_block_after_sign_off():
    text = ("We use Hikvision.\n\nYours sincerely\n\nJane Quillfeather\nInformation Governance Officer\n"
            "Northmoor Borough Council\n")
    out = redact(text)
    assert "Quillfeather" not in out.text
    assert f"\n{NAME}\nInformation Governance Officer\nNorthmoor Borough Council" in out.text


@pytest.mark.parametrize("sign_off", ["Kind regards", "Regards,", "Many thanks", "Best wishes", "Yours faithfully",
                                      "Thanks", "Cofion cynnes"])
def test_every_sign_off(sign_off):
    out = redact_text(f"Answer.\n{sign_off}\nPriya Kettleby\n")
    assert "Priya" not in out and "Kettleby" not in out


def test_two_line_name_is_removed_role_kept():
    out = redact_text("Regards\nSam\nOduya\nFOI Officer\n")
    assert "Sam" not in out and "Oduya" not in out
    assert "FOI Officer" in out


def test_sign_off_on_one_line():
    assert "Bob" not in redact_text("That is all. Kind regards, Bob Brown")


@pytest.mark.parametrize("label", ["Name", "Contact", "Officer", "Case officer", "Signed", "Prepared by",
                                   "Handled by", "name"])
def test_labelled_names(label):
    out = redact(f"{label}: Alex Penhallow\nWe use Dahua.")
    assert "Penhallow" not in out.text
    assert out.text.endswith("We use Dahua.")


def test_honorifics_and_dear():
    out = redact_text("Dear Ms Lovelace,\nMr J. Smith and Dr Amy Lee reviewed it.")
    assert "Lovelace" not in out and "Smith" not in out and "Amy Lee" not in out
    assert redact_text("Dear Sir or Madam,") == "Dear Sir or Madam,"


def test_empty_and_unchanged():
    assert redact("").text == ""
    out = redact("We do not use Hikvision.")
    assert not out.changed
