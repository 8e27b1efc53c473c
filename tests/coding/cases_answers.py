"""Labelled replies that answer the questions: numbered answers, Q&A, prose, brands, models, analytics."""

from __future__ import annotations

from tests.coding.corpus_common import (
    BODIES,
    DISCLAIMER,
    QUESTIONS,
    RIGHTS,
    Case,
    gmail_thread,
    outlook_thread,
    signature,
)

HIK = "uses_hikvision"
DAH = "uses_dahua"


def numbered_hik_yes(b, v):
    n = [24, 9, 61][v]
    text = (
        f"Dear Alex Requester,\n\nThank you for your request for information received on 14 March 2024. "
        f"{b.name} has now considered your request and our response is as follows.\n\n"
        "1. Yes\n2. No\n3. No\n"
        f"4. {n} x DS-2CD2143G2-I dome cameras and 1 x DS-7616NI-K2 recorder\n"
        "5. No\n6. Not applicable\n7. No\n\n" + RIGHTS + signature(b)
    )
    return Case(
        f"numbered-hik-yes-{v}",
        "eml",
        text,
        {HIK: True, DAH: False, "camera_count": n, "models": ["DS-2CD2143G2-I", "DS-7616NI-K2"], "internet_connected": False},
    )


def numbered_all_no(b, v):
    style = ["1. No\n2. No\n3. No\n4. N/A\n5. N/A\n6. N/A\n7. N/A", "Q1 - No.\nQ2 - No.\nQ3 - No.\nQ4 - Not applicable.\nQ5 - Not applicable.\nQ6 - Not applicable.\nQ7 - Not applicable.", "1) None\n2) None\n3) None\n4) n/a\n5) n/a\n6) n/a\n7) n/a"][v]
    text = f"Dear Requester,\n\nFreedom of Information Act 2000 - Request Ref FOI/2024/{310 + v}\n\nPlease see our answers below.\n\n{style}\n" + signature(b) + "\n" + DISCLAIMER
    return Case(f"numbered-all-no-{v}", "eml", text, {HIK: False, DAH: False})


def quoted_qa(b, v):
    qs = [q.format(name=b.name) for q in QUESTIONS]
    count = [56, 18, 130][v]
    text = (
        f"Dear Sir/Madam\n\nRe: Freedom of Information Request – ref FOI-{2024}-{880 + v}\n\n"
        f"{b.name} holds the information you requested. The questions are repeated below with our responses.\n\n"
        f"Question 1: {qs[0]}\nResponse: Yes. {b.short.capitalize()} operates {count} Hikvision cameras across its sites.\n\n"
        f"Question 2: {qs[1]}\nResponse: No.\n\n"
        f"Question 3: {qs[2]}\nResponse: No.\n\n"
        f"Question 4: {qs[3]}\nResponse: DS-2CD2347G2-LU (turret) and DS-2CD2T46G2-2I (bullet); recorded on DS-9632NI-I8.\n\n"
        f"Question 5: {qs[4]}\nResponse: The DS-2CD2347G2-LU cameras support face capture. No other listed capability is supported.\n\n"
        f"Question 6: {qs[5]}\nResponse: Face capture is not enabled.\n\n"
        f"Question 7: {qs[6]}\nResponse: The recorders are connected to the internet for remote viewing via the Hik-Connect app.\n\n"
        + RIGHTS
        + signature(b)
    )
    return Case(
        f"quoted-qa-{v}",
        "eml",
        text,
        {
            HIK: True,
            DAH: False,
            "camera_count": count,
            "models": ["DS-2CD2347G2-LU", "DS-2CD2T46G2-2I", "DS-9632NI-I8"],
            "capabilities_present": ["face_detection"],
            "internet_connected": True,
        },
    )


def prose_hik(b, v):
    n = [16, 22, 8][v]
    text = (
        f"Dear Alex,\n\nIn response to your recent Freedom of Information request, {b.short} has a CCTV system "
        f"comprising {n} cameras made by Hikvision, recorded on a Hikvision network video recorder. None of the "
        "cameras have facial recognition, thermal imaging or other analytics. The system is on a closed network "
        "and is not connected to the internet.\n" + signature(b) + outlook_thread(b.name)
    )
    return Case(f"prose-hik-{v}", "eml", text, {HIK: True, "camera_count": n, "internet_connected": False})


def prose_neither(b, v):
    text = [
        f"Good afternoon,\n\nWe can confirm that {b.short} does not use any equipment manufactured by Hikvision or Dahua. "
        "Our CCTV system is supplied and maintained by a UK installer and uses Axis Communications cameras.\n",
        "Hello,\n\nNo cameras manufactured by Hikvision or Dahua are in use at any of our sites. We do not use "
        "cameras made by any other Chinese manufacturer either.\n",
        f"Dear Requester\n\nNeither Hikvision nor Dahua equipment is used by {b.short}. All cameras are Bosch.\n",
    ][v]
    text += signature(b) + gmail_thread(b.name)
    return Case(f"prose-neither-{v}", "eml", text, {HIK: False, DAH: False})


def dahua_yes(b, v):
    n = [8, 12, 4][v]
    text = (
        f"Dear Requester,\n\n{b.short.capitalize()} has {n} Dahua cameras (model IPC-HFW2431S-S-S2) recorded on a Dahua NVR "
        "(NVR4108HS-4KS2). We do not use Hikvision equipment. The cameras have no analytics such as face detection "
        "or object detection. They are not connected to the internet.\n" + RIGHTS + signature(b)
    )
    return Case(
        f"dahua-yes-{v}",
        "eml",
        text,
        {HIK: False, DAH: True, "camera_count": n, "models": ["IPC-HFW2431S-S-S2", "NVR4108HS-4KS2"], "internet_connected": False},
    )


def both_makers(b, v):
    total, hik = [(120, 100), (48, 40), (75, 60)][v]
    text = (
        f"Dear Alex Requester\n\nOur CCTV estate has {total} cameras in total: {hik} are Hikvision and {total - hik} are Dahua. "
        "Some newer Hikvision cameras support line crossing and intrusion detection, which is used on the perimeter. "
        "None have facial detection, facial recognition or thermal imaging.\n\nRemote access is by VPN only; the "
        "cameras themselves are on a segregated network.\n" + signature(b)
    )
    return Case(f"both-makers-{v}", "eml", text, {HIK: True, DAH: True, "camera_count": total, "internet_connected": False})


def other_chinese(b, v):
    maker, line = [
        ("Uniview", "Our cameras are made by Uniview (UNV) and recorded on a Uniview NVR."),
        ("Tiandy", "The cameras installed in 2021 are Tiandy units."),
        ("Milesight", "We use Milesight cameras throughout the building."),
    ][v]
    text = (
        f"Dear Requester,\n\n1. {b.name} does not use any Hikvision equipment.\n2. We do not use Dahua equipment.\n"
        f"3. Yes. {line}\n4. 14 cameras.\n5. No.\n6. N/A\n7. No.\n" + signature(b)
    )
    return Case(f"other-chinese-{v}", "eml", text, {HIK: False, DAH: False, "other_chinese_brands": [maker], "camera_count": 14, "internet_connected": False})


def brand_own(b, v):
    brand, maker, n = [("HiLook", HIK, 12), ("Ezviz", HIK, 3), ("Imou", DAH, 6)][v]
    extra = {"internet_connected": True} if brand in ("Ezviz", "Imou") else {}
    cloud = " The cameras use the manufacturer's cloud storage service." if extra else ""
    text = (
        f"Hi,\n\nThe {b.short[4:]} has {n} cameras in total, all of them {brand} branded.{cloud} "
        "They do not have any of the capabilities listed in question 5.\n" + signature(b)
    )
    return Case(f"brand-own-{brand.lower()}", "eml", text, {maker: True, "oem_brands": [brand], "camera_count": n, **extra})


def brand_oem(b, v):
    # Weak or medium OEM links never make uses_hikvision true; strong ones (Amcrest, Lorex) do for Dahua.
    brand, label = [
        ("Swann", {}),
        ("Annke", {}),
        ("Amcrest", {DAH: True}),
        ("Lorex", {DAH: True}),
        ("Honeywell", {}),
    ][v]
    n = [8, 10, 4, 6, 20][v]
    text = (
        f"Dear Requester\n\nThank you for your email. {b.short.capitalize()} uses a {brand} CCTV kit with {n} cameras at the main site. "
        "The kit records locally and has no internet "
        "connection.\n" + signature(b)
    )
    return Case(
        f"brand-oem-{brand.lower()}",
        "eml",
        text,
        {"oem_brands": [brand], "camera_count": n, "internet_connected": False, **label},
    )


def capabilities_face_off(b, v):
    text = (
        f"Dear Alex\n\nYes, {b.short} uses Hikvision equipment: 34 cameras, of which 6 are DeepinView models "
        "(iDS-2CD7A46G0-IZHS). These DeepinView cameras have face capture capability, but this is not enabled. "
        "We do not use Dahua. The system is not connected to the internet.\n" + RIGHTS + signature(b)
    )
    return Case(
        f"caps-face-off-{v}",
        "eml",
        text,
        {HIK: True, DAH: False, "camera_count": 34, "models": ["IDS-2CD7A46G0-IZHS"], "capabilities_present": ["face_detection"], "internet_connected": False},
    )


def capabilities_thermal(b, v):
    text = (
        f"Dear Requester,\n\nWe have 30 cameras in total. Two of them are Hikvision thermal cameras used for temperature "
        "screening at the main entrance; this function is in use. The remaining cameras are Axis. "
        f"None of {b.short[4:]}'s cameras are made by Dahua.\n" + signature(b)
    )
    return Case(f"caps-thermal-{v}", "eml", text, {HIK: True, DAH: False, "camera_count": 30, "capabilities_present": ["thermal"], "capabilities_in_use": ["thermal"]})


def capabilities_mat(b, v):
    text = (
        "Dear Requester,\n\nAcross the Trust's academies we operate 210 Hikvision cameras. Some cameras support face mask "
        "detection, people tracking and fight detection. Only mask detection is switched on; fight detection is "
        "disabled. Age and gender detection is also available on two cameras but is not in use.\n" + signature(b)
    )
    return Case(
        f"caps-mat-{v}",
        "eml",
        text,
        {HIK: True, "camera_count": 210, "capabilities_present": ["demographic", "behavioural", "object_detection"], "capabilities_in_use": ["object_detection"]},
    )


def capabilities_face_recognition(b, v):
    text = (
        f"Dear Requester\n\n{b.short.capitalize()} uses four Hikvision access control terminals (model DS-K1T671M) which use face "
        "recognition against a face library of enrolled staff; face recognition is in use at the staff entrance. We do not use Dahua.\n"
        + signature(b)
    )
    return Case(
        f"caps-face-recognition-{v}",
        "eml",
        text,
        {HIK: True, DAH: False, "models": ["DS-K1T671M"], "capabilities_present": ["face_recognition"], "capabilities_in_use": ["face_recognition"]},
    )


def capabilities_letters(b, v):
    text = (
        "Dear Requester\n\n1. Yes\n2. No\n3. No\n4. 40 cameras in total, mostly DS-2CD2386G2-IU.\n5.\n"
        "a) Yes\nb) No\nc) No\nd) Yes\ne) Yes\nf) No\n"
        "6. None of these capabilities are in use.\n7. No\n" + signature(b)
    )
    return Case(
        f"caps-letters-{v}",
        "eml",
        text,
        {HIK: True, DAH: False, "camera_count": 40, "models": ["DS-2CD2386G2-IU"], "capabilities_present": ["face_detection", "demographic", "behavioural"], "internet_connected": False},
    )


def capabilities_none(b, v):
    text = (
        f"Dear Sir or Madam,\n\n{b.short.capitalize()} operates 27 Hikvision cameras. None of our cameras have facial recognition, "
        "facial detection, thermal imaging, demographic or behavioural analytics or object detection. We do not use Dahua.\n"
        + signature(b)
    )
    return Case(f"caps-none-{v}", "eml", text, {HIK: True, DAH: False, "camera_count": 27})


def hik_connect(b, v):
    text = (
        f"Hello\n\nThe {b.short[4:]} has 12 cameras which can be viewed remotely via the Hik-Connect app on the caretaker's phone. "
        "No cameras are made by Dahua.\n" + signature(b)
    )
    return Case(f"hik-connect-{v}", "eml", text, {HIK: True, DAH: False, "camera_count": 12, "internet_connected": True})


def inline_red(b, v):
    q = [x.format(name=b.name) for x in QUESTIONS]
    text = (
        "Dear Alex\n\nPlease see our responses in red below.\n\nKind regards\n\n"
        f"{b.officer}\n\n-----Original Message-----\nFrom: Alex Requester\nSent: 14 March 2024\nSubject: FOI request\n\n"
        f"> 1. {q[0]}\nYes - 14 Hikvision cameras at the main site.\n\n> 2. {q[1]}\nNo.\n\n> 3. {q[2]}\nNo.\n\n"
        f"> 4. {q[3]}\nDS-2CD1043G0-I x 14\n\n> 5. {q[4]}\n> a) facial detection or face capture;\n> f) object detection?\nNo.\n\n"
        f"> 6. {q[5]}\nN/A\n\n> 7. {q[6]}\nNo.\n"
    )
    return Case(f"inline-red-{v}", "eml", text, {HIK: True, DAH: False, "camera_count": 14, "models": ["DS-2CD1043G0-I"], "internet_connected": False})


def combined_yes(b, v):
    text = "Dear Requester\n\n1. Yes\n2. Yes\n3. No\n4. 50 cameras: 35 Hikvision and 15 Dahua.\n5. No\n6. N/A\n7. Yes, for remote viewing.\n" + signature(b)
    return Case(f"combined-yes-{v}", "eml", text, {HIK: True, DAH: True, "camera_count": 50, "internet_connected": True})


def no_cctv(b, v):
    text = [
        f"Dear Requester\n\n{b.name} does not have any CCTV cameras, so the answer to each of your questions is no.\n",
        "Hi,\n\nWe do not operate any CCTV or surveillance cameras.\n",
        f"Dear Alex Requester,\n\nThe {b.short[4:]} has no CCTV. Your questions therefore do not apply.\n",
    ][v]
    label = {HIK: False, DAH: False, "camera_count": 0}
    if v == 0:  # "the answer to each of your questions is no" answers question 7 too
        label["internet_connected"] = False
    return Case(f"no-cctv-{v}", "eml", text + signature(b) + gmail_thread(b.name), label)


def no_longer(b, v):
    text = (
        f"Dear Requester\n\n{b.short.capitalize()} no longer uses Hikvision equipment; all Hikvision cameras were replaced with Axis cameras "
        "in 2023. We have never used Dahua. There are now 44 cameras.\n" + signature(b)
    )
    return Case(f"no-longer-{v}", "eml", text, {HIK: False, DAH: False, "camera_count": 44})


def mixed_legacy(b, v):
    text = (
        "Dear Requester\n\nWe stopped buying Hikvision in 2022, but 12 legacy Hikvision cameras and 30 Axis cameras "
        "remain in use at the depot. We do not use Dahua.\n" + signature(b)
    )
    return Case(f"mixed-legacy-{v}", "eml", text, {HIK: True, DAH: False, "camera_count": 42})


def not_aware(b, v):
    text = f"Dear Requester\n\nWe are not aware of any Hikvision or Dahua equipment on {b.short[4:]}'s premises.\n" + signature(b)
    return Case(f"not-aware-{v}", "eml", text, {HIK: False, DAH: False})


def not_chinese(b, v):
    text = f"Dear Requester\n\n{b.short.capitalize()} does not use any Chinese-made cameras. Our 19 cameras are made by Hanwha and Axis.\n" + signature(b)
    return Case(f"not-chinese-{v}", "eml", text, {HIK: False, DAH: False, "camera_count": 19})


def disclaimer_face(b, v):
    text = (
        "Dear Requester\n\n1. No\n2. No\n3. No\n4. N/A\n5. N/A\n6. N/A\n7. N/A\n\nWe hold face-to-face drop-in sessions on "
        "Tuesdays if you would like to discuss your request."
        + signature(b, extra="Working face-to-face with our communities | Facing the future together")
        + "\n\n"
        + DISCLAIMER
    )
    return Case(f"disclaimer-face-{v}", "eml", text, {HIK: False, DAH: False})


def forwarded(b, v):
    text = (
        "Dear Alex\n\nPlease see below the response from our Estates team.\n\n"
        "---------- Forwarded message ---------\nFrom: Estates Helpdesk <estates@example.org>\nDate: Tue, 19 Mar 2024 at 10:02\n"
        "Subject: FW: FOI CCTV\nTo: FOI Team <foi@example.org>\n\n"
        "Hi FOI team,\n\nAll 36 of our cameras are Hikvision (DS-2CD2T47G2-L). We have no Dahua kit. "
        "The NVRs are on the corporate network and are not connected to the internet.\n\nThanks\nEstates\n"
        + outlook_thread(b.name)
    )
    return Case(f"forwarded-{v}", "eml", text, {HIK: True, DAH: False, "camera_count": 36, "models": ["DS-2CD2T47G2-L"], "internet_connected": False})


def welsh_no(b, v):
    text = (
        "Annwyl Ymgeisydd,\n\nNid yw'r Cyngor yn defnyddio offer Hikvision na Dahua.\n\nYn gywir,\n\nTîm Rhyddid Gwybodaeth\n\n"
        "Dear Requester,\n\nThe Council does not use Hikvision or Dahua equipment.\n\nYours sincerely,\n\nFOI Team\n"
    )
    return Case(f"welsh-no-{v}", "eml", text, {HIK: False, DAH: False}, subject="Cais Rhyddid Gwybodaeth / Freedom of Information request")


def welsh_yes(b, v):
    text = (
        "Annwyl Ymgeisydd,\n\nMae gan yr ysgol 18 o gamerâu Hikvision. Nid ydynt wedi'u cysylltu â'r rhyngrwyd.\n\nCofion,\n\nRheolwr Busnes\n\n"
        "Dear Requester,\n\nThe school has 18 Hikvision cameras. They are not connected to the internet.\n\nRegards,\n\nBusiness Manager\n"
    )
    return Case(f"welsh-yes-{v}", "eml", text, {HIK: True, "camera_count": 18, "internet_connected": False})


def qa_prefix(b, v):
    text = (
        f"Dear Requester\n\nQ1 {QUESTIONS[0].format(name=b.name)}\nA1 No.\n\nQ2 {QUESTIONS[1].format(name=b.name)}\n"
        "A2 Yes, there are 4 Dahua cameras at the depot.\n\nQ3 Other Chinese makers?\nA3 No.\n\nQ7 Internet?\nA7 No.\n" + signature(b)
    )
    return Case(f"qa-prefix-{v}", "eml", text, {HIK: False, DAH: True, "camera_count": 4, "internet_connected": False})


def hedge_reviewing(b, v):
    text = (
        f"Dear Requester\n\n{b.short.capitalize()} is currently reviewing whether any of its cameras were manufactured by Hikvision or Dahua. "
        "We will respond in full by 30 April 2024.\n" + signature(b)
    )
    return Case(f"hedge-reviewing-{v}", "eml", text, {"kind": "acknowledgement"})


def html_reply(b, v):
    text = (
        f"<html><body><p>Dear Requester,</p><p>{b.name} uses <b>Hikvision</b> cameras (62 in total).</p>"
        "<table><tr><th>Question</th><th>Answer</th></tr><tr><td>Dahua?</td><td>No</td></tr></table>"
        "<p>The cameras are not connected to the internet.</p><p>Kind regards</p><p>Information Governance</p></body></html>"
    )
    return Case(f"html-reply-{v}", "eml_html", text, {HIK: True, DAH: False, "camera_count": 62, "internet_connected": False})


def build() -> list[Case]:
    cases: list[Case] = []
    three = (
        numbered_hik_yes, numbered_all_no, quoted_qa, prose_hik, prose_neither, dahua_yes, both_makers, other_chinese,
        brand_own,
    )
    for i, fn in enumerate(three):
        for v in range(3):
            cases.append(fn(BODIES[(i * 3 + v) % len(BODIES)], v))
    for v in range(5):
        cases.append(brand_oem(BODIES[(v * 2 + 1) % len(BODIES)], v))
    two = (
        capabilities_face_off, capabilities_thermal, capabilities_mat, capabilities_face_recognition, capabilities_letters,
        capabilities_none, hik_connect, inline_red, combined_yes, no_longer, mixed_legacy, not_aware, not_chinese,
        disclaimer_face, forwarded, qa_prefix, hedge_reviewing, html_reply,
    )
    for i, fn in enumerate(two):
        for v in range(2):
            cases.append(fn(BODIES[(i * 2 + v + 5) % len(BODIES)], v))
    for v in range(3):
        cases.append(no_cctv(BODIES[(v + 11) % len(BODIES)], v))
    cases.append(welsh_no(None, 0))
    cases.append(welsh_yes(None, 0))
    return cases
