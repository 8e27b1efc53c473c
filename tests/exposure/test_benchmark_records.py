"""The benchmark's synthetic Shodan banners: full banners carry Shodan's fields and classify as the lean ones do."""

from __future__ import annotations

import gzip
import json
import re

import pytest
from benchmarks.exposure_records import WEB_ICONS, generate

from whoswatching.exposure.fast import shodan_to_parquet
from whoswatching.exposure.fingerprint import Classifier
from whoswatching.exposure.ingest import shodan
from whoswatching.exposure.records import derive
from whoswatching.exposure.rules import load_rules

N = 3000
#: Required on every banner by Shodan's banner specification (https://datapedia.shodan.io/).
REQUIRED = {"data", "domains", "hash", "hostnames", "port", "timestamp", "transport"}


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench")
    paths = {lean: folder / f"{'lean' if lean else 'full'}.json.gz" for lean in (False, True)}
    for lean, path in paths.items():
        assert generate(path, N, lean=lean) == N
    return paths


def _lines(path):
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def test_full_banners_carry_shodans_fields(files):
    full, lean = _lines(files[False]), _lines(files[True])
    assert len(full) == len(lean) == N
    for record in full:
        assert record.keys() >= REQUIRED
        assert {"_shodan", "ip", "ip_str", "location", "opts"} <= record.keys()
        assert {"country_name", "longitude"} <= record["location"].keys()
        if record["port"] == 443:
            assert {"cert", "chain", "cipher", "versions"} <= record["ssl"].keys()
            assert record["ssl"]["chain"][0].startswith("-----BEGIN CERTIFICATE-----\n")
        if "http" in record:
            assert record["data"].startswith("HTTP/1.1 200 OK\r\nDate: ")
            assert f"Content-Length: {len(record['http']['html'])}\r\n" in record["data"]
    assert "ssl" not in {key for record in lean for key in record}
    sizes = [len(json.dumps(r)) for r in full], [len(json.dumps(r)) for r in lean]
    assert sum(sizes[0]) > 2 * sum(sizes[1])  # the dressing is not a token: a full banner is several lean ones


def test_full_banners_classify_exactly_as_the_lean_records(files, resolver):
    classifier = Classifier(load_rules(), resolver)

    def results(path):
        out = []
        for record in _lines(path):
            result = classifier.classify(derive(shodan.parse(record)[0]))
            out.append((record["ip_str"], record["port"], result.maker, result.brand, result.model,
                        result.firmware, result.serial, result.mac))
        return out

    full, lean = results(files[False]), results(files[True])
    assert full == lean
    makers = {row[2] for row in full}
    assert {"Hikvision", "Dahua", "Axis", None} <= makers


def test_duckdb_fast_path_reads_full_banners(files, tmp_path):
    assert shodan_to_parquet([files[False]], tmp_path / "full.parquet") == {0: N}


def test_generic_sites_icons_match_no_favicon_rule():
    rules = [rule for rule in load_rules().rules if rule.field == "favicon_mmh3"]
    assert rules
    assert not [(rule.id, icon) for rule in rules for icon in WEB_ICONS if re.search(rule.pattern, str(icon))]
