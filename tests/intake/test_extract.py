"""extract() on every supported format and on the hostile files named in the intake issue."""

from __future__ import annotations

import dataclasses
import io
import zipfile

import pytest

from tests.intake import samples
from whoswatching.intake.extract import Extraction, Limits, extract, extract_message
from whoswatching.intake.mail import parse_message

CAMERAS = [["Manufacturer", "Model", "Location"], ["Hikvision", "DS-2CD2143", "Town Hall"], ["Dahua", "IPC-HFW1230", "Depot"]]
LIMITS = Limits()


def test_plain_text_with_charset_detection():
    data = "Nous utilisons 14 caméras à l'hôtel de ville, près de la bibliothèque.".encode("cp1252")
    result = extract(data, filename="reply.txt")
    assert result.method == "text" and not result.quarantined
    assert "caméras" in result.text


def test_html_is_sanitised():
    data = b"<html><body><script>alert(1)</script><p>Hikvision &amp; Dahua</p></body></html>"
    result = extract(data, filename="reply.htm")
    assert result.method == "html"
    assert result.text == "Hikvision & Dahua"


def test_csv_keeps_rows_and_columns():
    data = b"Manufacturer,Model,Location\nHikvision,DS-2CD2143,\"Town Hall, rear\"\n"
    result = extract(data, filename="cameras.csv")
    assert result.method == "csv"
    assert result.tables == [[["Manufacturer", "Model", "Location"], ["Hikvision", "DS-2CD2143", "Town Hall, rear"]]]


def test_pdf_text_layer_and_table():
    data = samples.text_pdf([["Northmoor Borough Council", "Response to request WW-2026-000123"], ["Page two text here"]],
                            table=CAMERAS)
    result = extract(data, filename="response.pdf")
    assert result.method == "pdf_text", result.reason
    assert result.pages == 2
    assert result.page_methods == ["text", "text"]
    assert "WW-2026-000123" in result.text and "Page two" in result.text
    assert CAMERAS in result.tables
    assert "pdfplumber" in result.tool


def test_docx_paragraphs_and_table():
    data = samples.docx_bytes(["Dear requester,", "We hold the following cameras."], CAMERAS)
    result = extract(data, filename="response.docx")
    assert result.method == "docx"
    assert result.tables == [CAMERAS]
    assert result.text.index("We hold") < result.text.index("Hikvision") < result.text.index("End of table.")


def test_xlsx_every_sheet():
    data = samples.xlsx_bytes({"Cameras": CAMERAS + [["Axis", 12, "Park"]], "Notes": [["No ANPR in use"]]})
    result = extract(data, filename="cameras.xlsx")
    assert result.method == "xlsx"
    assert result.table_titles == ["Cameras", "Notes"]
    assert result.tables[0][0] == ["Manufacturer", "Model", "Location"]
    assert result.tables[0][3] == ["Axis", "12", "Park"]
    assert "No ANPR in use" in result.text


def test_ods_and_odt():
    ods = extract(samples.ods_bytes(CAMERAS), filename="cameras.ods")
    assert ods.method == "ods" and ods.tables == [CAMERAS]
    odt = extract(samples.odt_bytes(["Our reply follows."], CAMERAS), filename="reply.odt")
    assert odt.method == "odt" and odt.tables == [CAMERAS]
    assert "Our reply follows." in odt.text


def test_extension_that_lies_is_handled_by_real_type():
    data = samples.docx_bytes(["Hidden in a PDF name"])
    result = extract(data, filename="response.pdf")
    assert result.kind == "docx" and result.method == "docx"
    assert "Hidden in a PDF name" in result.text
    assert any("name says pdf" in w for w in result.warnings)


def test_zip_members_extracted_recursively():
    inner = samples.zip_bytes({"deep.txt": b"deep camera note"})
    data = samples.zip_bytes({"a.txt": b"first", "sub/b.csv": b"x,y\n1,2\n", "inner.zip": inner})
    result = extract(data, filename="bundle.zip")
    assert result.method == "zip" and not result.quarantined
    assert [p.filename for p in result.parts] == ["a.txt", "sub/b.csv", "inner.zip"]
    assert result.parts[2].parts[0].text == "deep camera note"
    assert "deep camera note" in result.all_text()


def test_zip_nesting_limit():
    level3 = samples.zip_bytes({"x.txt": b"x"})
    level2 = samples.zip_bytes({"l3.zip": level3})
    data = samples.zip_bytes({"l2.zip": level2})
    result = extract(data, filename="nest.zip", limits=dataclasses.replace(LIMITS, max_zip_depth=2))
    nested = result.parts[0].parts[0]
    assert nested.quarantined and "nested" in nested.reason


@pytest.mark.parametrize(
    ("members", "symlink", "needle"),
    [
        ({"../../etc/cron.d/evil": b"x"}, None, "escapes"),
        ({"/etc/passwd": b"x"}, None, "absolute"),
        ({"ok.txt": b"x"}, "link", "symbolic link"),
    ],
)
def test_zip_path_tricks_quarantined(members, symlink, needle):
    result = extract(samples.zip_bytes(members, symlink=symlink), filename="trick.zip")
    assert result.quarantined and needle in result.reason


def test_zip_bomb_quarantined():
    bomb = samples.zip_bomb()
    assert len(bomb) < 1_000_000
    result = extract(bomb, filename="innocent.zip")
    assert result.quarantined and "zip bomb" in result.reason
    ratio = extract(bomb, filename="innocent.zip", limits=dataclasses.replace(LIMITS, max_zip_total_bytes=10**10))
    assert ratio.quarantined and "inflates" in ratio.reason


def test_zip_member_count_limit():
    data = samples.zip_bytes({f"f{i}.txt": b"x" for i in range(30)})
    result = extract(data, filename="many.zip", limits=dataclasses.replace(LIMITS, max_zip_members=20))
    assert result.quarantined and "30 members" in result.reason


def test_ten_thousand_page_pdf_quarantined_quickly():
    data = samples.many_page_pdf(10_000)
    result = extract(data, filename="everything.pdf")
    assert result.quarantined
    assert result.pages == 10_000
    assert "10,000 pages" in result.reason


def test_encrypted_pdf_quarantined(tmp_path):
    result = extract(samples.encrypted_pdf(tmp_path), filename="locked.pdf")
    assert result.quarantined and "password" in result.reason


def test_corrupt_pdf_and_docx_quarantined():
    good = samples.text_pdf([["Hello"]])
    pdf = extract(good[: len(good) // 3], filename="broken.pdf")
    docx_data = bytearray(samples.docx_bytes(["Hello"]))
    docx_data[len(docx_data) // 2: len(docx_data) // 2 + 200] = b"\0" * 200
    docx = extract(bytes(docx_data), filename="broken.docx")
    for result in (pdf, docx):
        assert result.quarantined, result
        assert result.reason.startswith("corrupt"), result.reason


def test_pdf_pdfminer_cannot_parse_is_read_with_pdfium():
    data = samples.text_pdf([["A reply that pdfminer cannot lay out"]])
    old = b"/MediaBox [0 0 612 792]"
    broken = data.replace(old, b"/MediaBox null".ljust(len(old)))  # same length: xref offsets stay right
    result = extract(broken, filename="reply.pdf")
    assert not result.quarantined and result.method == "pdf_text"
    assert "pdfminer cannot lay out" in result.text
    assert result.tool.startswith("pypdfium2") and any("PDFium" in w for w in result.warnings)


def test_oversized_attachment_quarantined_unread():
    data = b"A" * (50 * 1024 * 1024)
    result = extract(data, filename="huge.txt", limits=dataclasses.replace(LIMITS, max_bytes=25 * 1024 * 1024))
    assert result.quarantined and "exceeds the limit" in result.reason
    assert result.text == ""


def test_image_bomb_quarantined():
    result = extract(samples.image_bomb(), filename="photo.png")
    assert result.quarantined and "image bomb" in result.reason
    over_our_limit = extract(samples.image_bomb(8000), filename="photo.png")
    assert over_our_limit.quarantined and "8000x8000" in over_our_limit.reason


@pytest.mark.parametrize(("data", "kind"), [(b"MZ\x90\x00rest", "exe"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"), "doc")])
def test_unsupported_types_quarantined_with_advice(data, kind):
    result = extract(data, filename="file.bin")
    assert result.kind == kind and result.quarantined and result.reason


def test_password_protected_office_file_quarantined():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 100
    result = extract(ole, filename="cameras.xlsx")
    assert result.kind == "encrypted_office" and result.quarantined and "password" in result.reason


def test_small_inline_logo_not_ocrd_but_pasted_screenshot_is():
    from email.message import EmailMessage

    logo = samples.png_bytes(samples.text_image(["LOGO"], size=(200, 80)))
    shot = samples.png_bytes(samples.text_image(["Hikvision cameras"] + ["filler text line"] * 12, size=(1700, 1200)), "TIFF")
    assert len(logo) < 40 * 1024 < len(shot)
    msg = EmailMessage()
    msg["From"] = "foi@northmoor.gov.uk"
    msg.set_content("See below.")
    msg.add_related(logo, maintype="image", subtype="png", cid="<logo@x>")
    msg.add_related(shot, maintype="image", subtype="tiff", cid="<shot@x>")
    _body, logo_result, shot_result = extract_message(parse_message(msg.as_bytes()))
    assert logo_result.text == "" and any("logo" in w for w in logo_result.warnings)
    assert "Hikvision" in shot_result.text


def test_image_ocr_with_tesseract():
    image = samples.text_image(["Northmoor Borough Council", "We operate 42 Hikvision cameras"])
    result = extract(samples.png_bytes(image), filename="scan.png")
    assert result.method == "image_ocr", result.reason
    assert "Hikvision" in result.text and "42" in result.text
    assert result.page_methods == ["ocr"]
    assert "tesseract" in result.tool


def test_scanned_pdf_page_is_ocrd():
    data = samples.scanned_pdf(["Freedom of Information reply", "Dahua cameras at the depot"])
    result = extract(data, filename="scan.pdf")
    assert result.method == "pdf_ocr", result.reason
    assert result.page_methods == ["ocr"]
    assert "Dahua" in result.text and "depot" in result.text


def test_ocr_timeout_recorded_not_raised():
    data = samples.scanned_pdf(["Some words"])
    result = extract(data, filename="scan.pdf", limits=dataclasses.replace(LIMITS, ocr_timeout_seconds=0.0))
    assert not result.quarantined
    assert result.page_methods == ["ocr_skipped"]


def test_extract_never_raises_on_random_bytes():
    import random

    rng = random.Random(7)
    for size in (0, 1, 17, 4096):
        for prefix in (b"", b"%PDF-1.7\n", b"PK\x03\x04", b"\x89PNG\r\n\x1a\n", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
            data = prefix + bytes(rng.getrandbits(8) for _ in range(size))
            assert isinstance(extract(data, filename="x"), Extraction)


def test_extract_message_body_first_then_attachments():
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"] = "foi@northmoor.gov.uk"
    msg["Subject"] = "Reply"
    msg.set_content("See attached.")
    msg.add_attachment(samples.docx_bytes(["Attached reply"], CAMERAS), maintype="application",
                       subtype="octet-stream", filename="reply.docx")
    big = io.BytesIO()
    with zipfile.ZipFile(big, "w") as zf:
        zf.writestr("a.txt", "zipped note")
    msg.add_attachment(big.getvalue(), maintype="application", subtype="zip", filename="../../x.zip")
    results = extract_message(parse_message(msg.as_bytes()))
    assert [r.filename for r in results] == ["(body)", "reply.docx", "x.zip"]
    assert results[0].text == "See attached." and results[0].method == "text"
    assert results[1].tables == [CAMERAS]
    assert results[2].parts[0].text == "zipped note"


def test_to_dict_is_json_ready():
    import json

    result = extract(samples.zip_bytes({"a.txt": b"x"}), filename="a.zip")
    assert json.loads(json.dumps(result.to_dict()))["parts"][0]["text"] == "x"


def test_isolated_extraction_matches_in_process_and_is_killed_on_timeout():
    from whoswatching.intake.extract import extract_isolated

    data = samples.docx_bytes(["Isolated"], CAMERAS)
    assert extract_isolated(data, filename="a.docx").tables == extract(data, filename="a.docx").tables
    # a long scanned letter: its OCR takes several times the timeout (one line could finish within it)
    scan = samples.scanned_pdf([f"Words that take a while to OCR, line {n} of a long scanned letter" for n in range(150)])
    stopped = extract_isolated(scan, filename="scan.pdf", timeout=0.2)
    assert stopped.quarantined and "longer than 0.2s" in stopped.reason
    assert stopped.kind == "pdf" and stopped.sha256


def test_poster_sized_page_is_rendered_within_the_pixel_limit():
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument.new()
    doc.new_page(72 * 200, 72 * 200)  # 200 x 200 inches: 3.6 billion pixels at 300 dpi
    buf = io.BytesIO()
    doc.save(buf)
    result = extract(buf.getvalue(), filename="poster.pdf", limits=dataclasses.replace(LIMITS, max_image_pixels=4_000_000))
    assert not result.quarantined, result.reason
    assert any("OCR'd at 10 dpi" in w for w in result.warnings)


def test_owner_password_only_pdf_is_read(tmp_path):
    import subprocess

    src, dst = tmp_path / "plain.pdf", tmp_path / "restricted.pdf"
    src.write_bytes(samples.text_pdf([["Restricted but readable camera list"]]))
    subprocess.run(["qpdf", "--encrypt", "", "owner-only", "256", "--", str(src), str(dst)], check=True)
    result = extract(dst.read_bytes(), filename="restricted.pdf")
    assert not result.quarantined, result.reason
    assert "readable camera list" in result.text


@pytest.mark.slow
def test_fifty_megabyte_attachment_quarantined_rest_of_message_read():
    import base64

    huge = base64.encodebytes(b"\x89PNG\r\n\x1a\n" + b"\0" * (50 * 1024 * 1024))
    docx = base64.encodebytes(samples.docx_bytes(["Small answer"], CAMERAS))
    raw = (
        b"From: foi@northmoor.gov.uk\nSubject: Large reply\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="XX"\n\n--XX\nContent-Type: text/plain\n\nTwo attachments.\n'
        b'--XX\nContent-Type: image/png\nContent-Disposition: attachment; filename="huge.png"\n'
        b"Content-Transfer-Encoding: base64\n\n" + huge
        + b'--XX\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename="answer.docx"\n'
        b"Content-Transfer-Encoding: base64\n\n" + docx + b"--XX--\n"
    )
    parsed = parse_message(raw)
    body, big, answer = extract_message(parsed, limits=dataclasses.replace(LIMITS, max_bytes=25 * 1024 * 1024))
    assert big.quarantined and "exceeds the limit" in big.reason and big.size > 50 * 1024 * 1024
    assert not answer.quarantined and answer.tables == [CAMERAS]
    assert body.text == "Two attachments."
