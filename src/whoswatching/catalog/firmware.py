"""Firmware version strings of Hikvision, Dahua and others, parsed into comparable values.

Formats (as devices report them; samples in shared/data/protocols):

* Hikvision: ``V5.4.0 build 160530`` (ISAPI ``firmwareVersion`` + ``firmwareReleasedDate``, or ONVIF
  ``FirmwareVersion``); the build is a ``yymmdd`` date. CVE records quote ranges in this form.
* Dahua: ``V2.800.0000000.25.R`` = major . baseline . customer/OEM code . build number . release type,
  optionally followed by ``.yyyymmdd`` (Amcrest ``V2.420.AC00.16.R.20160909``) or a separate build date
  (``2.622.0000000.12.R, build : 2019-02-14``; ``magicBox getSoftwareVersion``:
  ``version=2.800.0000016.0.R,build:2020-06-05``). Dahua advisories bound affected firmware by build date.
* anything else: the first dotted number sequence, plus a date if one is written.

Two versions compare by their numbers (padded with zeros), then by build date. A Dahua customer code is
kept as ``variant`` and ignored in comparisons.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date
from functools import total_ordering

_HIK = re.compile(r"^V?(?P<ver>\d+(?:\.\d+){1,3}(?:-\d+)?)(?:\s*[,;]?\s*build\s*:?\s*(?P<build>\d{6}))?", re.IGNORECASE)
_DAHUA = re.compile(
    r"^V?(?P<major>\d+)\.(?P<base>\d{3})\.(?P<code>[0-9A-Z]{4,7})\.(?P<num>\d+)\.(?P<rel>[A-Z])(?:\.(?P<date>\d{8}))?",
    re.IGNORECASE,
)
_GENERIC = re.compile(r"(?P<ver>\d+(?:\.\d+)+)")
_ISO_BUILD = re.compile(r"build(?:\s*date)?\s*:?\s*(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})", re.IGNORECASE)
_YYMMDD_BUILD = re.compile(r"build\s*:?\s*(?P<ymd>\d{6})\b", re.IGNORECASE)
_YYYYMMDD = re.compile(r"(?<!\d)(?P<y>20\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)")


@total_ordering
@dataclass(frozen=True)
class Firmware:
    """A parsed firmware version. ``style`` says which grammar read it."""

    raw: str
    version: tuple[int, ...]
    build: date | None = None
    style: str = "generic"
    variant: str | None = field(default=None, compare=False)

    @property
    def key(self) -> tuple[tuple[int, ...], date]:
        return (self.version + (0,) * (6 - len(self.version)), self.build or date.min)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Firmware):
            return NotImplemented
        return self.key == other.key

    def __lt__(self, other: Firmware) -> bool:
        return self.key < other.key

    def __hash__(self) -> int:
        return hash(self.key)

    def same_version(self, other: Firmware) -> bool:
        return self.key[0] == other.key[0]

    def __str__(self) -> str:
        text = "V" + ".".join(map(str, self.version))
        return f"{text} build {self.build.isoformat()}" if self.build else text


def _yymmdd(text: str) -> date | None:
    try:
        return date(2000 + int(text[:2]), int(text[2:4]), int(text[4:6]))
    except ValueError:
        return None


def _yyyymmdd(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def _separate_build(text: str) -> date | None:
    if m := _ISO_BUILD.search(text):
        return _yyyymmdd(m["y"], m["m"], m["d"])
    if m := _YYMMDD_BUILD.search(text):
        return _yymmdd(m["ymd"])
    if m := _YYYYMMDD.search(text):  # e.g. Hikvision software "3.0.3_20201113_RELEASE(HIK)"
        return _yyyymmdd(m["y"], m["m"], m["d"])
    return None


def parse_firmware(text: str | None, *, build: str | None = None) -> Firmware | None:
    """Parse a firmware string (and an optional separate build field); None when nothing is readable.

    ``parse_firmware("V5.4.0 build 160530")`` -> ``Firmware(version=(5, 4, 0), build=2016-05-30)``;
    ``parse_firmware("V5.7.18", build="build 240826")`` reads ISAPI's two fields together. Results are
    cached: the same strings recur across a scan, and a Firmware is immutable.
    """
    if text is None:
        return None
    return _parse(str(text), None if build is None else str(build))


@functools.lru_cache(maxsize=8192)
def _parse(text: str, build: str | None) -> Firmware | None:
    raw = " ".join(text.split())
    if build:
        raw_build = " ".join(str(build).split())
        if not re.match(r"(?i)build", raw_build):
            raw_build = f"build {raw_build}"
        raw = f"{raw} {raw_build}".strip()
    s = raw.strip().removeprefix("version=").strip()
    if not s or s.lower() in {"unknown", "n/a", "none", "-", "?"}:
        return None
    if m := _DAHUA.match(s):
        when = _yyyymmdd(m["date"][:4], m["date"][4:6], m["date"][6:]) if m["date"] else _separate_build(s)
        return Firmware(
            raw=raw,
            version=(int(m["major"]), int(m["base"]), int(m["num"])),
            build=when,
            style="dahua",
            variant=m["code"].upper(),
        )
    if m := _HIK.match(s):
        when = _yymmdd(m["build"]) if m["build"] else _separate_build(s)
        version = tuple(int(x) for x in re.split(r"[.-]", m["ver"]))
        # Hikvision writes a leading "V" and/or "build yymmdd"; a bare dotted number is anyone's
        style = "hikvision" if s[:1] in "Vv" or m["build"] else "generic"
        return Firmware(raw=raw, version=version, build=when, style=style)
    if m := _GENERIC.search(s):
        return Firmware(raw=raw, version=tuple(int(x) for x in m["ver"].split(".")), build=_separate_build(s))
    return None
