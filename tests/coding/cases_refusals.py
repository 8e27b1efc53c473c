"""Labelled refusals, NCND, not held, partial answers, and procedural messages (ack, OOO, fees...)."""

from __future__ import annotations

from tests.coding.corpus_common import (
    BODIES,
    RIGHTS,
    RIGHTS_SCOT,
    SCOTTISH,
    Case,
    gmail_thread,
    outlook_thread,
    signature,
)

HIK = "uses_hikvision"
DAH = "uses_dahua"
POLICE = [b for b in BODIES if b.sector == "police"]


def police_s24_s31(b, v):
    text = (
        f"Dear Requester\n\nFreedom of Information Request Reference No: {['FOI 000412/24', 'FOI-24-1187', '2024/0933'][v]}\n\n"
        f"{b.name} has considered your request. The information you have requested is exempt from disclosure under "
        "section 24(1) (National Security) and section 31(1)(a) (Law Enforcement) of the Freedom of Information Act 2000. "
        "Disclosing the makes, models and capabilities of force CCTV would reveal the security arrangements of police "
        "buildings. This letter serves as a refusal notice under section 17 of the Act.\n\n" + RIGHTS + signature(b)
    )
    return Case(f"police-s24-s31-{v}", "eml", text, {"kind": "refusal", "refused": True, "exemptions": ["FOIA s24(1)", "FOIA s31(1)(a)"]})


def police_ncnd(b, v):
    text = (
        f"Dear Requester\n\n{b.name} can neither confirm nor deny that it holds the information you requested, by virtue of "
        "sections 24(2) and 31(3) of the Freedom of Information Act. To confirm or deny whether the force uses any particular "
        "make of camera would undermine national security and law enforcement.\n\n" + RIGHTS + signature(b)
    )
    return Case(f"police-ncnd-{v}", "eml", text, {"kind": "refusal", "refused": True, "ncnd": True, "exemptions": ["FOIA s24(2)", "FOIA s31(3)"]})


def cost_s12(b, v):
    text = (
        f"Dear Requester\n\nWe estimate that the cost of complying with your request would exceed the appropriate limit of £450 "
        f"set out in the Freedom of Information and Data Protection (Appropriate Limit and Fees) Regulations 2004. {b.short.capitalize()} "
        "has over 90 sites and camera records are held locally. Section 12 of the Act therefore applies and we are not "
        "obliged to comply with your request. You may wish to narrow your request, for example to a single site.\n\n" + RIGHTS + signature(b)
    )
    return Case(f"cost-s12-{v}", "eml", text, {"kind": "refusal", "refused": True, "exemptions": ["FOIA s12"]}, note="'over 90 sites' is not a camera count")


def s43_partial(b, v):
    text = (
        f"Dear Requester\n\n1. Yes, {b.short} uses Hikvision cameras.\n2. No.\n3. No.\n4. The model numbers and quantities are "
        "withheld under section 43(2) of the Freedom of Information Act (commercial interests), as they would prejudice "
        "our contractor's commercial position.\n5. No.\n6. N/A.\n7. No.\n\n" + RIGHTS + signature(b)
    )
    return Case(
        f"s43-partial-{v}",
        "eml",
        text,
        {"kind": "partial", HIK: True, DAH: False, "internet_connected": False, "refused": True, "exemptions": ["FOIA s43(2)"]},
    )


def s38_partial(b, v):
    text = (
        f"Dear Requester\n\n{b.short.capitalize()} operates 45 CCTV cameras, none of which are made by Hikvision or Dahua. Details of "
        "camera locations and analytic capabilities are exempt under sections 38(1)(b) and 31(1)(a) of the Freedom of "
        "Information Act 2000, as disclosure would be likely to endanger the safety of staff and patients.\n\n" + RIGHTS + signature(b)
    )
    return Case(
        f"s38-partial-{v}",
        "eml",
        text,
        {"kind": "partial", HIK: False, DAH: False, "camera_count": 45, "refused": True, "exemptions": ["FOIA s31(1)(a)", "FOIA s38(1)(b)"]},
    )


def foisa_s35(b, v):
    text = (
        f"Dear Requester\n\nYour request has been considered under the Freedom of Information (Scotland) Act 2002 (FOISA). "
        f"{b.name} is withholding the information you requested under section 35(1)(a) and (b) of FOISA (law enforcement), "
        "because disclosing the makes and capabilities of our CCTV would prejudice the prevention and detection of crime.\n\n"
        + RIGHTS_SCOT
        + signature(b)
    )
    return Case(f"foisa-s35-{v}", "eml", text, {"kind": "refusal", "refused": True, "exemptions": ["FOISA s35(1)(a)", "FOISA s35(1)(b)"]})


def foisa_s31_partial(b, v):
    text = (
        f"Dear Requester\n\nFreedom of Information (Scotland) Act 2002\n\n{b.name} can confirm that it uses Dahua cameras in its "
        "depots. We do not use Hikvision. Information about the capabilities of the cameras is exempt under section 31(1) of "
        "FOISA (national security).\n\n" + RIGHTS_SCOT + signature(b)
    )
    return Case(
        f"foisa-s31-partial-{v}",
        "eml",
        text,
        {"kind": "partial", HIK: False, DAH: True, "refused": True, "exemptions": ["FOISA s31(1)"]},
    )


def foisa_not_held(b, v):
    text = (
        f"Dear Requester\n\nIn terms of section 17 of the Freedom of Information (Scotland) Act 2002, {b.name} does not hold "
        "the information you requested: the CCTV at our offices is owned and operated by the landlord.\n\n" + RIGHTS_SCOT + signature(b)
    )
    return Case(f"foisa-not-held-{v}", "eml", text, {"kind": "not_held", "not_held": True})


def eir_refusal(b, v):
    text = (
        "Dear Requester\n\nWe have handled your request under the Environmental Information Regulations 2004, as the cameras "
        "monitor a waste site. The information is withheld under regulation 12(5)(a) (public safety) of the EIR.\n\n"
        + RIGHTS
        + signature(b)
    )
    return Case(f"eir-refusal-{v}", "eml", text, {"kind": "refusal", "refused": True, "exemptions": ["EIR 12(5)(a)"]})


def s21_refusal(b, v):
    text = (
        f"Dear Requester\n\nThe information you have requested is already published on {b.short[4:].lower()}'s website in our CCTV "
        "register and is therefore exempt under section 21 of the Freedom of Information Act (information reasonably "
        "accessible by other means): https://www.example.org/cctv-register\n" + signature(b)
    )
    return Case(f"s21-refusal-{v}", "eml", text, {"kind": "refusal", "refused": True, "exemptions": ["FOIA s21"]})


def not_held(b, v):
    text = [
        f"Dear Requester\n\n{b.short.capitalize()} does not hold information about the manufacturer of its cameras, as the CCTV is "
        "installed and maintained by our facilities contractor.\n",
        "Dear Requester\n\nWe do not hold any recorded information on whether our cameras are made by Hikvision or Dahua.\n",
        f"Dear Requester\n\nI can confirm that the information you requested is not held by {b.name}.\n",
    ][v]
    return Case(f"not-held-{v}", "eml", text + RIGHTS + signature(b) + gmail_thread(b.name), {"kind": "not_held", "not_held": True})


def partial_not_held(b, v):
    text = (
        "Dear Requester\n\n1. Yes - Hikvision.\n2. No.\n3. No.\n4. Information not held: the model numbers are not recorded.\n"
        "5. Not known.\n6. Not known.\n7. No.\n" + signature(b)
    )
    return Case(f"partial-not-held-{v}", "eml", text, {HIK: True, DAH: False, "internet_connected": False, "not_held": True})


def police_partial_ncnd(b, v):
    text = (
        f"Dear Requester\n\n{b.name} can confirm that it uses Hikvision cameras at some of its stations. We do not use Dahua.\n\n"
        "In relation to questions 5 and 6, the force neither confirms nor denies whether it holds the information, under "
        "section 31(3) of the Freedom of Information Act.\n\n" + RIGHTS + signature(b)
    )
    return Case(
        f"police-partial-ncnd-{v}",
        "eml",
        text,
        {"kind": "partial", HIK: True, DAH: False, "refused": True, "ncnd": True, "exemptions": ["FOIA s31(3)"]},
    )


def s40_partial(b, v):
    text = (
        "Dear Requester\n\n1. No.\n2. No.\n3. No.\n4. We have 38 Axis cameras.\n5. No.\n6. N/A.\n7. No.\n\nThe name of our "
        "CCTV contractor's engineer has been withheld under section 40(2) of the FOIA (personal information).\n" + signature(b)
    )
    return Case(
        f"s40-partial-{v}",
        "eml",
        text,
        {"kind": "partial", HIK: False, DAH: False, "camera_count": 38, "internet_connected": False, "refused": True, "exemptions": ["FOIA s40(2)"]},
    )


def acknowledgement(b, v):
    text = [
        f"Dear Requester\n\nThank you for your request for information regarding Hikvision and Dahua cameras, which we received on "
        f"14 March 2024. Your reference is FOI-2024-0{412 + v}. We will respond within 20 working days, by 12 April 2024.\n",
        "Dear Sir/Madam\n\nWe acknowledge receipt of your Freedom of Information request about surveillance camera equipment. "
        "It has been logged under reference 24/0318.\n",
        f"Hello\n\nYour request has been received by {b.name} and passed to the relevant department. You should receive a response "
        "by 15 April 2024.\n",
    ][v]
    return Case(f"ack-{v}", "eml", text + signature(b) + outlook_thread(b.name), {"kind": "acknowledgement"})


def out_of_office(b, v):
    text = [
        "I am currently out of the office until Monday 18 March with limited access to email. For urgent FOI matters please "
        "contact foi@example.org.\n",
        "Thank you for your email. I am on annual leave and will return to the office on 2 April. Your message has not been forwarded.\n",
        "Diolch am eich e-bost. Rydw i allan o'r swyddfa tan ddydd Llun.\nThank you for your email. I am out of the office until Monday.\n",
    ][v]
    subj = ["Automatic reply: Freedom of Information request", "Out of Office: FOI request", "Ateb awtomatig / Automatic reply"][v]
    return Case(f"ooo-{v}", "eml", text, {"kind": "out_of_office"}, subject=subj)


def clarification(b, v):
    text = [
        "Dear Requester\n\nBefore we can process your request, could you please clarify what you mean by 'surveillance camera "
        "equipment'? For example, does this include the intercom at reception? Under section 1(3) of the Act we will not "
        "process the request until we receive your clarification.\n",
        f"Dear Alex\n\nThank you for your request. {b.short.capitalize()} has several buildings; please confirm which sites you would "
        "like us to cover so that we can respond. We require clarification before the 20 working days begin.\n",
    ][v]
    return Case(f"clarification-{v}", "eml", text + signature(b), {"kind": "clarification"})


def fee_notice(b, v):
    text = [
        "Dear Requester\n\nFEES NOTICE\n\nUnder section 9 of the Freedom of Information Act, a fee of £45.00 is payable for the "
        "disbursements involved in answering your request (printing and postage of the camera schedules). Please pay within "
        "three months of the date of this notice; we will answer once payment is received.\n",
        "Dear Requester\n\nA fee of £62.50 will be payable before we can release the site plans you asked for. This is our fees "
        "notice; once payment is received we will send the information.\n",
    ][v]
    return Case(f"fee-notice-{v}", "eml", text + signature(b), {"kind": "fee_notice"})


def portal(b, v):
    text = [
        f"Dear Requester\n\n{b.name} only accepts Freedom of Information requests submitted through our online portal. Please "
        "resubmit your request at https://foi.example.gov.uk/request.\n",
        "Hello\n\nPlease submit your request via the online form on our website so that it can be logged and tracked: "
        "https://www.example.org/foi-form\n",
    ][v]
    return Case(f"portal-{v}", "eml", text + signature(b), {"kind": "portal_redirect"})


def bounce(b, v):
    text = (
        "Delivery has failed to these recipients or groups:\n\nfoi@" + b.domain + "\nThe email address you entered couldn't be "
        "found. Please check the recipient's email address and try to resend the message.\n\nDiagnostic information for "
        "administrators:\nRemote server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'\n\n"
        "Original message headers:\nSubject: Freedom of Information request: surveillance camera equipment\n"
    )
    return Case(f"bounce-{v}", "eml", text, {"kind": "bounce"}, subject="Undeliverable: Freedom of Information request", sender="postmaster@" + b.domain)


def ack_with_questions_quoted(b, v):
    text = "Dear Requester\n\nWe confirm receipt of your request, copied below, and will reply within 20 working days.\n" + signature(b) + gmail_thread(b.name)
    return Case(f"ack-quoted-{v}", "eml", text, {"kind": "acknowledgement"})


def build() -> list[Case]:
    cases: list[Case] = []
    for v in range(3):
        cases.append(police_s24_s31(POLICE[v % 2], v))
        cases.append(police_ncnd(POLICE[(v + 1) % 2], v))
        cases.append(not_held(BODIES[v + 8], v))
        cases.append(acknowledgement(BODIES[v + 3], v))
        cases.append(out_of_office(BODIES[v + 6], v))
    for v in range(2):
        cases.append(cost_s12(BODIES[10 + v], v))
        cases.append(s43_partial(BODIES[12 + v], v))
        cases.append(s38_partial(BODIES[14 + v], v))
        cases.append(foisa_s35(SCOTTISH[v], v))
        cases.append(foisa_s31_partial(SCOTTISH[v + 1], v))
        cases.append(foisa_not_held(SCOTTISH[v + 2], v))
        cases.append(eir_refusal(BODIES[11 + v], v))
        cases.append(s21_refusal(BODIES[2 + v], v))
        cases.append(partial_not_held(BODIES[4 + v], v))
        cases.append(police_partial_ncnd(POLICE[v], v))
        cases.append(s40_partial(BODIES[v], v))
        cases.append(clarification(BODIES[5 + v], v))
        cases.append(fee_notice(BODIES[7 + v], v))
        cases.append(portal(BODIES[9 + v], v))
        cases.append(bounce(BODIES[13 + v], v))
        cases.append(ack_with_questions_quoted(BODIES[15 + v], v))
    return cases
