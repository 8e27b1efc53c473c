"""Seeded mutation fuzzing: parse_message and extract never raise, whatever the bytes (bounded, ~2 s)."""

from __future__ import annotations

import dataclasses
import random

import pytest

from tests.intake import samples
from tests.intake.test_mail import DSN
from whoswatching.intake.extract import Extraction, Limits, extract, extract_message
from whoswatching.intake.mail import InboundMessage, parse_message

TABLE = [["Manufacturer", "Model"], ["Hikvision", "DS-2CD2143"]]
NO_OCR = dataclasses.replace(Limits(), ocr=False)
SPLICES = [b"\r\n", b"=?", b"?=", b"--", b";", b'"', b"\x00", b"message/rfc822",
           b'Content-Type: multipart/mixed; boundary="', b"charset=\x00x"]


def mutate(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        pos = rng.randrange(max(len(out), 1))
        roll = rng.random()
        if roll < 0.5 and out:
            out[pos] = rng.randrange(256)
        elif roll < 0.75:
            out[pos:pos] = rng.choice(SPLICES)
        else:
            del out[pos:pos + rng.randint(1, 100)]
    return bytes(out)


def test_mutated_messages_never_raise():
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"], msg["Subject"] = "=?utf-8?q?Caf=C3=A9?= <a@b.example>", "=?iso-8859-1?q?r=E9ponse?="
    msg.set_content("Body text")
    msg.add_attachment(samples.docx_bytes(["x"], TABLE), maintype="application", subtype="octet-stream", filename="a.docx")
    seeds = [msg.as_bytes(), DSN]
    rng = random.Random(20260301)
    for _ in range(300):
        parsed = parse_message(mutate(rng.choice(seeds), rng))
        assert isinstance(parsed, InboundMessage) and parsed.content_hash
        assert all(isinstance(e, Extraction) for e in extract_message(parsed, limits=NO_OCR))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_mutated_documents_never_raise(seed):
    bases = [samples.docx_bytes(["x"], TABLE), samples.xlsx_bytes({"S": TABLE}), samples.text_pdf([["hello there"]], table=TABLE),
             samples.zip_bytes({"a.txt": b"x", "b.csv": b"a,b\n"}), samples.odt_bytes(["p"], TABLE), samples.ods_bytes(TABLE)]
    rng = random.Random(seed)
    for _ in range(250):
        result = extract(mutate(rng.choice(bases), rng), filename=rng.choice(["a.pdf", "b.docx", "c"]), limits=NO_OCR)
        assert isinstance(result, Extraction)
        assert not (result.reason or "").startswith("extraction failed"), result.reason
