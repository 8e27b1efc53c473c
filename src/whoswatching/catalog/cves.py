"""CVE status of one device (maker, model, firmware) against the catalogue's structured ranges.

The rule that matters: the catalogue says ``affected`` only when the model matches a range's model
pattern *and* the firmware is known *and* it falls inside a range the record states. Anything less is
``likely`` (the series matches but the record, or the firmware string, does not let us place the
version) or ``unknown`` (firmware or model not given, or the record names no models). A model outside
every range of a CVE is ``not_affected`` by that CVE. Version ranges are inclusive, as CVE records
write them ("V5.2.0 build 140721 to V5.4.0 build 160530").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum

from whoswatching.catalog.firmware import Firmware, parse_firmware
from whoswatching.catalog.identify import normalise_model
from whoswatching.catalog.schema import AffectedRange, Cve, CveMatch


class _Fit(Enum):
    IN = "in"
    OUT = "out"
    MAYBE = "maybe"


def _fit(rng: AffectedRange, fw: Firmware) -> tuple[_Fit, str]:
    """Where a firmware sits against one range, with the reason in words."""
    fixed = parse_firmware(rng.fixed_in) if rng.fixed_in and re.match(r"^V?\d", rng.fixed_in) else None
    if fixed is not None and fw >= fixed:
        return _Fit.OUT, f"firmware {fw.raw} is at or above the fix ({rng.fixed_in})"
    verdicts: list[tuple[_Fit, str]] = []
    if rng.builds:
        listed = [b for b in (parse_firmware(x) for x in rng.builds) if b is not None]
        if any(b == fw and b.style == fw.style for b in listed):
            verdicts.append((_Fit.IN, f"firmware {fw.raw} is a build the record lists as affected"))
        else:
            verdicts.append((_Fit.MAYBE, f"the record lists affected builds {', '.join(rng.builds)} only"))
    lo = parse_firmware(rng.min_version) if rng.min_version else None
    hi = parse_firmware(rng.max_version) if rng.max_version else None
    for bound, is_low in ((lo, True), (hi, False)):
        if bound is None:
            continue
        if bound.style != fw.style and "generic" not in (bound.style, fw.style):
            verdicts.append((_Fit.MAYBE, f"firmware {fw.raw} is not in the record's version format"))
            continue
        if fw.same_version(bound) and (fw.build is None) != (bound.build is None):
            verdicts.append((_Fit.MAYBE, f"firmware {fw.raw} has no build date to compare with {bound.raw}"))
            continue
        inside = fw >= bound if is_low else fw <= bound
        word = "at or above" if is_low else "at or below"
        verdicts.append((_Fit.IN if inside else _Fit.OUT, f"firmware {fw.raw} is {'' if inside else 'not '}{word} {bound.raw}"))
    for when, is_from in ((rng.build_from, True), (rng.build_before, False)):
        if when is None:
            continue
        if fw.build is None:
            verdicts.append((_Fit.MAYBE, f"the record bounds the build date ({when}) but firmware {fw.raw} gives none"))
            continue
        inside = fw.build >= when if is_from else fw.build < when
        rel = ("on or after" if is_from else "before") if inside else ("before" if is_from else "on or after")
        verdicts.append((_Fit.IN if inside else _Fit.OUT, f"build {fw.build} is {rel} {when}"))
    if not verdicts:
        return _Fit.MAYBE, "the record gives no versions for this series"
    for fit in (_Fit.OUT, _Fit.MAYBE):
        hit = [r for f, r in verdicts if f is fit]
        if hit:
            return fit, "; ".join(hit)
    return _Fit.IN, "; ".join(r for _, r in verdicts)


def _match(cve: Cve, model: str | None, fw: Firmware | None, fw_text: str | None) -> CveMatch:
    def result(status: str, reason: str) -> CveMatch:
        return CveMatch(
            cve_id=cve.id, status=status, known_exploited=cve.known_exploited, reason=reason,  # type: ignore[arg-type]
            cvss=cve.cvss, title=cve.title,
        )

    if not cve.affected:
        return result("unknown", f"the record names no models or versions we can structure ({cve.affected_text})")
    if model is None:
        return result("unknown", "model not given")
    ranges = [r for r in cve.affected if r.model_pattern and re.match(r.model_pattern, model, re.IGNORECASE)]
    wide = [r for r in cve.affected if r.model_pattern is None]
    if not ranges and not wide:
        series = "; ".join(r.model_text for r in cve.affected)
        return result("not_affected", f"{model} is outside the affected series ({series})")
    series = "; ".join(r.model_text for r in ranges or wide)
    if fw is None:
        why = "firmware not given" if not fw_text else f"firmware {fw_text!r} could not be read"
        return result("unknown", f"{model} is in the affected series ({series}) but {why}")
    fits = [(_fit(r, fw), r) for r in ranges]
    if any(f is _Fit.IN and r.structured for (f, _), r in fits):
        reason = next(why for (f, why), r in fits if f is _Fit.IN and r.structured)
        return result("affected", f"{model} ({series}): {reason}")
    maybes = [why for (f, why), _ in fits if f is not _Fit.OUT]
    maybes += [why for f, why in (_fit(r, fw) for r in wide) if f is not _Fit.OUT]
    if maybes:
        return result("likely", f"{model} is in the affected series ({series}) but {maybes[0]}")
    return result("not_affected", "; ".join(why for (_, why), _ in fits) or f"{model}: firmware outside the range")


def cve_status(
    cves: Iterable[Cve], *, maker: str, model: str | None, firmware: str | Firmware | None
) -> list[CveMatch]:
    """The status of every CVE of ``maker`` (canonical name) for one device, most severe first."""
    norm = normalise_model(model) if model else None
    fw = firmware if isinstance(firmware, Firmware) else parse_firmware(firmware)
    fw_text = firmware.raw if isinstance(firmware, Firmware) else firmware
    matches = [_match(c, norm or None, fw, fw_text) for c in cves if c.maker == maker]
    order = {"affected": 0, "likely": 1, "unknown": 2, "not_affected": 3}
    return sorted(matches, key=lambda m: (order[m.status], not m.known_exploited, -(m.cvss or 0), m.cve_id))
