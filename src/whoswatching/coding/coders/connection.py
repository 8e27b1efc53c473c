"""``internet_connected``: the body says its cameras are (true) or are not (false) on the internet.

False: "not connected to the internet", "a closed/standalone/isolated network", "no external/remote
access", "not accessible from the internet", "air-gapped", or "No" answering question 7.
True: "connected to the internet", "remote viewing/access via the internet/app", "cloud storage",
"Hik-Connect", or "Yes" answering question 7. A denial and an affirmation together ("not connected to
the internet; engineers have remote access via VPN") is read as true only when the affirmation names
the internet, cloud or an app; a VPN to the body's own network is not the internet.
"""

from __future__ import annotations

import re

from whoswatching.coding.coders import Reply
from whoswatching.coding.coders.makers import ALL_NO
from whoswatching.coding.polarity import HEDGE, bare_answer, polarity
from whoswatching.coding.result import Code

_OFF = re.compile(
    r"\bnot (?:directly |currently )?(?:connected|linked|accessible|exposed|available)\b[^.;]{0,40}\b(?:internet|online|web|outside|externally|cloud)|"
    r"\b(?:closed|standalone|stand-alone|isolated|private|segregated|separate|dedicated|internal|local)(?: (?:and|or) \w+)? (?:network|system|lan)\b|"
    r"\bno (?:external|remote|internet|outside) (?:access|connection|connectivity)\b|\bair[- ]gapped\b|"
    r"\bno (?:connection|link|access) to the internet\b|\binternet(?:[- ]connected| connection| access)?\s*[:\t|=–—-]\s*(?:no|none)\b|"
    r"\b(?:offline|off-line)\b|\bnot (?:connected|linked)\b|\bno internet\b|\bheb ei gysylltu â'r rhyngrwyd\b|\bnid ydynt wedi'u cysylltu\b",
    re.I,
)
_ON = re.compile(
    r"\b(?:connected|linked) to the internet\b|\binternet[- ](?:connected|enabled|access)\b|\bremote(?:ly)? (?:view\w*|access\w*|monitor\w*)\b[^.;]{0,40}\b(?:internet|app|phone|online|cloud)|"
    r"\bviewed remotely\b|\b(?:over|via|through) the internet\b|\binternet(?:[- ]connected| connection| access)?\s*[:\t|=–—-]\s*yes\b|\bcloud(?:[- ]based)? (?:storage|service|platform|recording|backup)\b|\bhik-?connect\b|\bp2p\b|\bvia (?:an |the |a mobile )?app\b|"
    r"\bwedi'u cysylltu â'r rhyngrwyd\b",
    re.I,
)


def code(reply: Reply, decided) -> list[Code]:
    on: list[tuple[int, int]] = []
    off: list[tuple[int, int]] = []
    for unit in reply.seg.units:
        text = unit.text
        span = (unit.start, unit.end)
        found = False
        for m in _OFF.finditer(text):
            if polarity(text, m.start(), m.end()) != HEDGE or "internet" in unit.topics:
                off.append(span)
                found = True
                break
        if not found:
            for m in _ON.finditer(text):
                p = polarity(text, m.start(), m.end())
                if p not in (HEDGE, "neg"):
                    on.append(span)
                    found = True
                    break
        if not found and ALL_NO.search(text):
            off.append(span)
            found = True
        if not found and unit.lead and "internet" in unit.topics:
            said = bare_answer(text)
            if said is True:
                on.append(span)
            elif said is False:
                off.append(span)
    if on and not off:
        return [Code("internet_connected", True, 0.8, tuple(on))]
    if off and not on:
        return [Code("internet_connected", False, 0.85, tuple(off))]
    if on and off:
        return [Code("internet_connected", True, 0.55, tuple(on))]
    return [Code("internet_connected", None, 0.75)]
