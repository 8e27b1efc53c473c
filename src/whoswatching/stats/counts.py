"""Counting coded bodies: requests, responses, refusals and brand use for one group of rows.

Definitions (the seed's Methodology section: "all figures refer to percentages of public bodies who
responded to our requests for information and did not refuse to disclose details in their reply"):

- ``requests``: rows (one row = one body asked);
- ``responses``: ``responded`` is true; ``response_unknown``: ``responded`` is empty;
- ``refused``: responded and ``refused`` is true; ``valid`` = ``responses - refused``;
- brand numerators (``hikvision``, ``dahua``, ``either``, ``other_chinese``, ``any_chinese``) count the
  bodies *inside the chosen denominator* whose code is true, so a numerator never exceeds its denominator;
  ``brand_unknown`` counts the bodies inside the denominator with neither brand coded (both empty).
  They stay in the named denominator (the seed kept its "do not know" bodies among the valid responses),
  so they are never counted as users and a share is a lower bound when ``brand_unknown`` is not 0;
- response and non-response rates are over ``requests - response_unknown``: an empty ``responded`` is
  unknown, never a non-response.

Denominators: ``valid`` (the seed's stated method, the default) or ``responses``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from whoswatching.stats.coded import CAPABILITIES, CodedBody

DENOMINATORS = ("valid", "responses")
DENOMINATOR_TEXT = {
    "valid": "bodies that responded and did not refuse (responses − refused), the seed's stated method",
    "responses": "bodies that responded (refusals included)",
}


@dataclass(frozen=True, slots=True)
class GroupCounts:
    requests: int
    responses: int
    response_unknown: int
    refused: int
    n: int  # size of the chosen denominator
    hikvision: int
    dahua: int
    either: int
    other_chinese: int
    any_chinese: int
    brand_unknown: int
    capability_any: int
    capability_any_in_use: int
    in_use_unknown: int
    capabilities: tuple[int, ...]  # per CAPABILITIES, present
    capabilities_in_use: tuple[int, ...]

    @property
    def valid(self) -> int:
        return self.responses - self.refused

    @property
    def response_known(self) -> int:
        """Requests whose response status is known: the denominator of the response and non-response
        rates (a row with an empty ``responded`` is unknown, never a non-response)."""
        return self.requests - self.response_unknown


def in_denominator(row: CodedBody, denominator: str) -> bool:
    if denominator == "valid":
        return row.responded is True and row.refused is not True
    if denominator == "responses":
        return row.responded is True
    raise ValueError(f"unknown denominator {denominator!r}; use one of {', '.join(DENOMINATORS)}")


def count_group(rows: Iterable[CodedBody], *, denominator: str = "valid") -> GroupCounts:
    """One pass over ``rows``; see the module docstring for each definition."""
    if denominator not in DENOMINATORS:
        raise ValueError(f"unknown denominator {denominator!r}; use one of {', '.join(DENOMINATORS)}")
    requests = responses = unknown = refused = n = 0
    hik = dah = either = other = anyc = brand_unknown = 0
    cap_any = cap_any_use = in_use_unknown = 0
    caps = [0] * len(CAPABILITIES)
    caps_use = [0] * len(CAPABILITIES)
    valid_only = denominator == "valid"
    for r in rows:
        requests += 1
        if r.responded is None:
            unknown += 1
            continue
        if r.responded is not True:
            continue
        responses += 1
        if r.refused is True:
            refused += 1
            if valid_only:
                continue
        n += 1
        h = r.uses_hikvision is True
        d = r.uses_dahua is True
        o = r.uses_other_chinese is True
        hik += h
        dah += d
        either += h or d
        other += o
        anyc += h or d or o
        if r.uses_hikvision is None and r.uses_dahua is None:
            brand_unknown += 1
        if r.capabilities:
            cap_any += 1
            for i, c in enumerate(CAPABILITIES):
                if c in r.capabilities:
                    caps[i] += 1
            if r.capabilities_in_use is None:
                in_use_unknown += 1
            elif r.capabilities_in_use:
                cap_any_use += 1
                for i, c in enumerate(CAPABILITIES):
                    if c in r.capabilities_in_use:
                        caps_use[i] += 1
    return GroupCounts(
        requests=requests, responses=responses, response_unknown=unknown, refused=refused, n=n,
        hikvision=hik, dahua=dah, either=either, other_chinese=other, any_chinese=anyc,
        brand_unknown=brand_unknown, capability_any=cap_any, capability_any_in_use=cap_any_use,
        in_use_unknown=in_use_unknown, capabilities=tuple(caps), capabilities_in_use=tuple(caps_use),
    )
