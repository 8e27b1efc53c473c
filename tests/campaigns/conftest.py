"""Fictional bodies and campaigns for the campaigns tests (never the bundled registers)."""

from __future__ import annotations

import itertools
import re

import pytest

from whoswatching.campaigns import services
from whoswatching.registry.models import ContactAddress, PublicBody

_counter = itertools.count(1)


def make_body(name: str, *, sector="council", nation="england", region="North West", email: str | None = "auto",
              identifier="", body_type="", override="") -> PublicBody:
    n = next(_counter)
    slug = f"{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}-{n}"
    body = PublicBody.objects.create(
        name=name, slug=slug[:140], sector=sector, nation=nation, region=region, identifier=identifier,
        identifier_scheme="test" if identifier else "", body_type=body_type, foi_law_override=override,
    )
    if email == "auto":
        email = f"foi{n}@{slug[:40]}.example.org"
    if email:
        ContactAddress.objects.create(body=body, email=email, is_primary=True)
    return body


@pytest.fixture
def body_factory():
    return make_body


@pytest.fixture
def bodies(db):
    """Five fictional bodies across sectors and nations."""
    return {
        "northmoor": make_body("Northmoor Borough Council", identifier="E0000001"),
        "aldric": make_body("St Aldric's Academy", sector="school", region="London", identifier="900001",
                            body_type="Academy converter"),
        "glenholm": make_body("Glenholm Council", nation="scotland", region="Scotland", identifier="S0000001"),
        "aberwen": make_body("Cyngor Aberwen", nation="wales", region="Wales", identifier="W0000001"),
        "nomail": make_body("Fenwick Police", sector="police", region="North East", email=None),
    }


@pytest.fixture
def campaign(db):
    return services.campaign_create(name="CCTV 2026", by="tester", variables={"requester_name": "Ada Lovelace"})
