"""A third batch, written label-first: traps for a false "yes" and citation styles seen in real replies."""

from __future__ import annotations

from tests.coding.corpus_common import BODIES, RIGHTS, SCOTTISH, Case, gmail_thread, signature

HIK = "uses_hikvision"
DAH = "uses_dahua"


def build() -> list[Case]:
    b = BODIES
    c: list[Case] = []

    def add(cid: str, text: str, label: dict, fmt: str = "eml", **kw) -> None:
        c.append(Case(cid, fmt, text, label, **kw))

    # Traps: the maker is named, but the body does not say it uses it.
    add("trap-news", "Dear Requester\n\nWe are aware of the concerns reported in the media about Hikvision. Our cameras are "
        "supplied by Axis and Bosch, and we do not use Hikvision or Dahua.\n" + signature(b[10]), {HIK: False, DAH: False})
    add("trap-policy", "Dear Requester\n\nThe Council's procurement policy now excludes Hikvision and Dahua from future tenders. "
        "We have no information about the makers of existing cameras, which are managed by our contractor.\n" + signature(b[11]),
        {"kind": "not_held", "not_held": True})
    add("trap-if", "Dear Requester\n\nIf any Hikvision equipment is identified during the audit due in June, we will let you know.\n"
        + signature(b[12]), {"kind": "other"})
    add("trap-guidance", "Dear Requester\n\nFollowing government guidance on Hikvision in November 2022, the Trust checked its "
        "estate. None of our cameras are Hikvision.\n" + signature(b[14]), {HIK: False})
    add("trap-question-only", "Dear Requester\n\nYou asked whether the School uses Hikvision, Dahua or other Chinese makers. "
        "We are still gathering the information and will reply by 26 April 2024.\n" + signature(b[3]), {"kind": "acknowledgement"})
    add("trap-supplier-list", "Dear Requester\n\nOur approved CCTV suppliers are listed on our website. We do not use Hikvision; "
        "none of our 52 cameras are made in China.\n" + signature(b[13]), {HIK: False, DAH: False, "camera_count": 52})
    add("trap-dahua-not-hik", "Dear Requester\n\nAll of our cameras are Dahua. We do not have any Hikvision cameras.\n" + signature(b[5]),
        {HIK: False, DAH: True})
    add("trap-honeywell-fire", "Dear Requester\n\nThe College's CCTV uses 30 Axis cameras. (Our fire alarm panels are Honeywell.) "
        "We do not use Hikvision or Dahua.\n" + signature(b[6]),
        {HIK: False, DAH: False, "camera_count": 30, "oem_brands": ["Honeywell"]},
        note="a brand the catalogue lists is listed in oem_brands whatever it names; weak grade, so no 'yes'")
    # Real citation styles.
    add("cite-s-dot", "Dear Requester\n\nWe rely on s.24(1) and s.31(1)(a) FOIA to withhold the camera details.\n\n" + RIGHTS + signature(b[17]),
        {"kind": "refusal", "refused": True, "exemptions": ["FOIA s24(1)", "FOIA s31(1)(a)"]})
    add("cite-named", "Dear Requester\n\nSection 43 (Commercial interests) applies to the models and prices, and Section 38 (Health "
        "and Safety) to the locations. We can confirm that the Trust does use Hikvision cameras.\n\n" + RIGHTS + signature(b[15]),
        {"kind": "partial", HIK: True, "refused": True, "exemptions": ["FOIA s38", "FOIA s43"]})
    add("cite-foisa-s39", "Dear Requester\n\nThe locations of our cameras are withheld under section 39(1) of FOISA (health and "
        "safety). We can confirm that the University uses Hikvision cameras and does not use Dahua.\n\n"
        "You have the right to ask the Scottish Information Commissioner for a decision.\n" + signature(SCOTTISH[3]),
        {"kind": "partial", HIK: True, DAH: False, "refused": True, "exemptions": ["FOISA s39(1)"]})
    add("cite-s12-16", "Dear Requester\n\nTo answer question 4 would exceed the cost limit under section 12 of the FOIA. Under "
        "section 16 we can advise that narrowing the request to one campus would help. For questions 1 and 2: we use Hikvision "
        "cameras and do not use Dahua.\n" + signature(b[9]),
        {"kind": "partial", HIK: True, DAH: False, "refused": True, "exemptions": ["FOIA s12"]})
    # Answer styles.
    add("style-yes-we-do", "Dear Requester\n\n1. Yes we do.\n2. No we do not.\n3. No.\n4. 16 cameras.\n" + signature(b[2]),
        {HIK: True, DAH: False, "camera_count": 16})
    add("style-bullets", "Dear Requester\n\n- Hikvision: yes (20 cameras)\n- Dahua: no\n- Other Chinese makers: no\n- Internet: no\n" + signature(b[0]),
        {HIK: True, DAH: False, "camera_count": 20, "internet_connected": False})
    add("style-bold-inline", "Dear Requester,\n\nPlease see our answers inline below.\n\n" + gmail_thread(b[8].name).replace(
        "> 1. Does", "Yes - the University has 410 Hikvision cameras.\n> 1. Does", 1),
        {HIK: True, "camera_count": 410},
        note="an answer written above the quoted question it answers; only the answer counts")
    add("style-thermal-pandemic", "Dear Requester\n\nWe have one Dahua thermal camera (model DH-TPC-BF5421-T) which is used for "
        "temperature checks at the main reception. We do not use Hikvision.\n" + signature(b[7]),
        {HIK: False, DAH: True, "models": ["DH-TPC-BF5421-T"], "capabilities_present": ["thermal"], "capabilities_in_use": ["thermal"]},
        note="'one Dahua thermal camera' is all the reply says; labelled null as it is not stated as the total")
    add("style-facial-none-used", "Dear Requester\n\nSome of our Hikvision cameras are capable of facial recognition; this "
        "function has never been used.\n" + signature(b[11]),
        {HIK: True, "capabilities_present": ["face_recognition"]})
    add("style-people-counting", "Dear Requester\n\nThe Library's Hikvision cameras use people counting and heat maps, which are "
        "in use. They do not have facial detection.\n" + signature(b[12]), {HIK: True})
    add("style-no-capabilities-yes-internet", "Dear Requester\n\n1. Yes\n2. No\n3. No\n5. None of the listed capabilities.\n"
        "7. Yes. The recorder uploads to the Hik-Connect cloud service.\n" + signature(b[1]),
        {HIK: True, DAH: False, "internet_connected": True})
    return c
