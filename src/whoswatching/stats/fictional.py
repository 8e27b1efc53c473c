"""Fictional coded bodies for demos, tests and benchmarks (seeded, so the same seed gives the same file).

Names are invented ("Northmoor Borough Council", "St Aldric's Academy 12"); rates loosely follow the
seed's appendix so charts look plausible. Never real bodies.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from whoswatching.stats.coded import CAPABILITIES, REGION_NATION, REGIONS, CodedBody

_PLACES = ("Northmoor", "Eastbridge", "Westfold", "Ashcombe", "Kelderby", "Lowmarsh", "Brackenhurst",
           "Thornwick", "Fairhaven", "Redstone", "Glenholme", "Penrith Vale", "Coldharbour", "Millbeck")
_SECTORS = (  # sector, name pattern, share of bodies, response rate, refusal rate, usage rate
    ("school", "St {saint}'s Academy {i}", 0.70, 0.22, 0.02, 0.57),
    ("fe_college", "{place} College {i}", 0.07, 0.25, 0.10, 0.62),
    ("university", "University of {place} {i}", 0.04, 0.60, 0.20, 0.55),
    ("police", "{place} Constabulary {i}", 0.01, 0.90, 0.10, 0.35),
    ("nhs_trust", "{place} Hospitals NHS Trust {i}", 0.05, 0.30, 0.12, 0.65),
    ("council", "{place} Borough Council {i}", 0.12, 0.80, 0.05, 0.75),
    ("government", "Department of {place} Affairs {i}", 0.01, 0.80, 0.50, 0.20),
)
_SAINTS = ("Aldric", "Brannoc", "Cuthman", "Eanswythe", "Frideswide", "Wystan", "Osyth")
_EXEMPTIONS = ("s24(1)", "s31(1)(a)", "s38(1)", "s43(2)", "s12(1)")


def fictional_bodies(count: int, *, seed: int = 2022, start: date = date(2021, 9, 1)) -> list[CodedBody]:
    """``count`` fictional coded bodies with dates, exemptions and capabilities."""
    rng = random.Random(seed)
    weights = [s[2] for s in _SECTORS]
    out = []
    for i in range(count):
        sector, pattern, _, p_resp, p_ref, p_use = rng.choices(_SECTORS, weights)[0]
        region = rng.choice(REGIONS)
        nation = REGION_NATION[region]
        name = pattern.format(saint=rng.choice(_SAINTS), place=rng.choice(_PLACES), i=i + 1)
        law = "foisa" if nation == "scotland" and sector != "government" else "foia"
        requested = start + timedelta(days=rng.randrange(0, 60))
        due = requested + timedelta(days=28)
        responded = rng.random() < p_resp
        if rng.random() < 0.01:
            out.append(CodedBody(body=name, sector=sector, region=region, nation=nation, law=law,
                                 requested_on=requested, due_on=due, body_id=f"F{i:06d}"))
            continue
        if not responded:
            out.append(CodedBody(body=name, sector=sector, region=region, nation=nation, responded=False,
                                 law=law, requested_on=requested, due_on=due, body_id=f"F{i:06d}"))
            continue
        refused = rng.random() < p_ref
        replied = requested + timedelta(days=max(1, int(rng.gammavariate(4.0, 7.0))))
        exemptions = tuple(f"{law.upper()} {rng.choice(_EXEMPTIONS)}" for _ in range(rng.randint(1, 2))) if refused else ()
        if refused:
            out.append(CodedBody(body=name, sector=sector, region=region, nation=nation, responded=True,
                                 refused=True, kind="refusal", exemptions=exemptions, law=law,
                                 requested_on=requested, responded_on=replied, due_on=due, body_id=f"F{i:06d}"))
            continue
        uses = rng.random() < p_use
        hik = uses and rng.random() < 0.88
        dah = uses and (not hik or rng.random() < 0.12)
        other = rng.random() < 0.05
        unknown_brand = rng.random() < 0.02
        caps: frozenset[str] = frozenset()
        in_use: frozenset[str] | None = None
        if (hik or dah) and rng.random() < 0.18:
            caps = frozenset(rng.sample(CAPABILITIES, rng.randint(1, 3)))
            in_use = frozenset(c for c in caps if rng.random() < 0.3) if rng.random() < 0.9 else None
        out.append(CodedBody(
            body=name, sector=sector, region=region, nation=nation, responded=True, refused=False,
            uses_hikvision=None if unknown_brand else hik, uses_dahua=None if unknown_brand else dah,
            uses_other_chinese=other, capabilities=caps, capabilities_in_use=in_use, kind="substantive",
            law=law, requested_on=requested, responded_on=replied, due_on=due, body_id=f"F{i:06d}",
            not_held=False,
        ))
    return out
