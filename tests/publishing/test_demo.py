"""`whoswatching demo`: the whole loop on fictional bodies, end to end, and only fictional bodies."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from typer.testing import CliRunner

from whoswatching.campaigns.models import Campaign, Request
from whoswatching.cli import cli
from whoswatching.coding.models import AcceptedCode
from whoswatching.intake.models import Message
from whoswatching.publishing import demo_data, services
from whoswatching.publishing.models import Publication
from whoswatching.registry.models import PublicBody
from whoswatching.stats.coded import RESPONSE_KINDS

REGISTERS = Path(__file__).resolve().parents[2] / "src" / "whoswatching" / "registry" / "data"
GENERIC = {"borough", "district", "city", "council", "county", "metropolitan", "london", "police", "constabulary",
           "nhs", "trust", "hospitals", "teaching", "community", "mental", "health", "university", "college",
           "school", "academy", "primary", "high", "free", "sixth", "form", "technical", "infant", "studio",
           "grammar", "church", "england", "catholic", "of", "and", "the", "st", "further", "education", "royal",
           "infirmary", "department", "office", "demo", "regulator", "fictional", "affairs", "division", "ysgol",
           "highlands", "valley", "vale", "wolds"}


def _register_names() -> list[str]:
    names = []
    for path in REGISTERS.glob("*.csv"):
        with path.open(encoding="utf-8") as fh:
            names += [row["name"] for row in csv.DictReader(fh)]
    assert len(names) > 300
    return names


def test_no_demo_body_names_a_real_body():
    real = _register_names()
    real_lower = {n.casefold() for n in real}
    real_words = {w for n in real for w in re.findall(r"[a-z']+", n.casefold())}
    for body in demo_data.demo_bodies():
        assert body.name.casefold() not in real_lower, body.name
        places = {w for w in re.findall(r"[a-z']+", body.name.casefold()) if w not in GENERIC and len(w) > 2}
        places = {w.removesuffix("'s") for w in places}
        assert not places & real_words, (body.name, places & real_words)
        assert body.email.endswith(".example.org")
    assert len({b.slug for b in demo_data.demo_bodies()}) == len(demo_data.BODIES) >= 30


def _expected() -> dict[str, Counter]:
    """The overall and per-sector counts the script implies (valid denominator)."""
    out: dict[str, Counter] = {}
    for i, body in enumerate(demo_data.demo_bodies()):
        codes = demo_data.expected_codes(body, i)
        for key in ("all", body.sector):
            c = out.setdefault(key, Counter())
            c["requests"] += 1
            if not codes or codes["kind"] not in RESPONSE_KINDS:
                continue
            c["responses"] += 1
            if codes["refused"]:
                c["refused"] += 1
                continue
            c["n"] += 1
            c["hikvision"] += codes["uses_hikvision"] is True
            c["dahua"] += codes["uses_dahua"] is True
            c["either"] += codes["uses_hikvision"] is True or codes["uses_dahua"] is True
            c["other_chinese"] += bool(codes["other_chinese_brands"])
    return out


def _check_tables(pub) -> None:
    tables = services.publication_report(pub, "valid")["tables"]
    expected = _expected()
    rows = {r["sector"]: r for r in tables["sectors"]["rows"]} | {"all": tables["overall"]["rows"][0]}
    for key, counts in expected.items():
        for field in ("requests", "responses", "refused", "n", "hikvision", "dahua", "either", "other_chinese"):
            assert rows[key][field] == counts[field], (key, field)
    assert rows["all"]["requests"] == len(demo_data.BODIES)
    assert rows["all"]["requests"] - rows["all"]["responses"] >= 8  # silent bodies + acknowledgements only


@pytest.mark.django_db
def test_demo_runs_the_whole_loop_and_publishes(client):
    real_body = PublicBody.objects.create(name="Untouched Real-Style Council", slug="untouched", sector="council")
    result = CliRunner().invoke(cli, ["demo", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["bodies"] == len(demo_data.BODIES)
    assert report["requests"] == report["delivered"] == len(demo_data.BODIES)
    assert report["accepted"] == report["replies"] > 30
    campaign = Campaign.objects.get(slug=demo_data.CAMPAIGN_SLUG)
    assert not Request.objects.filter(campaign=campaign).exclude(status__in=("draft", "queued")).filter(
        sent_at__isnull=True).exists()
    # Delivered through the outbox's files transport, into the demo's folder only.
    emls = list((Path(settings.DATA_DIR) / "demo" / "outbox").rglob("*.eml"))
    assert len(emls) == len(demo_data.BODIES)
    # Attachments went through intake's extraction and reached the coder.
    xlsx = Message.objects.filter(request__campaign=campaign, attachments__filename="cctv-assets.xlsx").first()
    assert xlsx is not None and "DS-2CD2143G2-I" in " ".join(e.text for e in xlsx.extractions.all())
    pdf = Message.objects.filter(request__campaign=campaign, attachments__filename="response.pdf").first()
    assert pdf is not None and "Dahua" in " ".join(e.text for e in pdf.extractions.all())
    assert AcceptedCode.objects.filter(request__campaign=campaign, accepted_by=demo_data.REVIEWER).count() == report["accepted"]
    pub = services.publication_public_get(demo_data.CAMPAIGN_SLUG)
    assert pub is not None and report["publication"] == pub.build_id
    _check_tables(pub)
    # Every body counted for a brand or a refusal has a quote for that field (figures trace to text).
    from whoswatching.publishing.drilldown import Cell

    for measure, field in (("hikvision", "uses_hikvision"), ("dahua", "uses_dahua"), ("refused", "refused"),
                           ("other_chinese", "other_chinese_brands")):
        counted = services.publication_drilldown(pub, Cell("responses", "overall", "all", "", measure))
        assert counted
        for body in counted:
            assert dict(body["shown_evidence"]).get(field), (measure, body["name"])
    assert (Path(report["report_folder"]) / "valid" / "report.html").is_file()
    # The public pages show it, without the fictional officers' details.
    page = client.get(f"/stats/{demo_data.CAMPAIGN_SLUG}/")
    assert page.status_code == 200
    cell = client.get(f"/stats/{demo_data.CAMPAIGN_SLUG}/cell/", {"dim": "overall", "sector": "all",
                                                                   "measure": "responses"}).content.decode()
    assert "Northmoor Borough Council" in cell
    for officer in ("Jo Marsh", "Kettleby", "Oduya", "Penhallow", "Treloar", "Dunmore", "01632 96", "Lovelace"):
        assert officer not in cell
    assert "@" not in re.sub(r"<[^>]+>", "", cell.split("<main>", 1)[1])
    # --reset removes the demo and nothing else.
    reset = CliRunner().invoke(cli, ["demo", "--reset", "--json"])
    assert reset.exit_code == 0, reset.output
    assert json.loads(reset.stdout)["bodies"] == len(demo_data.BODIES)
    assert not Campaign.objects.filter(slug=demo_data.CAMPAIGN_SLUG).exists()
    assert not PublicBody.objects.filter(source=demo_data.SOURCE).exists()
    assert PublicBody.objects.filter(pk=real_body.pk).exists()
    assert services.publication_public_get(demo_data.CAMPAIGN_SLUG) is None


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_again_duplicates_nothing():
    from whoswatching.publishing.demo import demo_run

    first = demo_run()
    counts = (PublicBody.objects.count(), Request.objects.count(), Message.objects.count(),
              AcceptedCode.objects.count(), Campaign.objects.count())
    second = demo_run()
    assert (PublicBody.objects.count(), Request.objects.count(), Message.objects.count(),
            AcceptedCode.objects.count(), Campaign.objects.count()) == counts
    assert second.delivered == 0 and second.replies == first.replies
    assert services.publications_public()[0].build_id == second.publication
    assert Publication.objects.count() == 1
    assert len(list((services.publications_root() / demo_data.CAMPAIGN_SLUG).iterdir())) == 1


@pytest.mark.django_db
def test_demo_will_not_run_beside_other_queued_mail():
    from whoswatching.outbox import services as outbox
    from whoswatching.publishing.demo import DemoError, demo_run

    other = outbox.message_enqueue(key="real.1", to="foi@elsewhere.example.org", subject="Request", body="Hello")
    with pytest.raises(DemoError, match="1 other message"):
        demo_run()
    assert not PublicBody.objects.filter(source=demo_data.SOURCE).exists()
    other.refresh_from_db()
    assert other.state == "queued" and other.attempts == 0


@pytest.mark.django_db
def test_demo_transport_delivers_only_demo_messages(tmp_path):
    from whoswatching.outbox import services as outbox
    from whoswatching.outbox.models import OutboxMessage
    from whoswatching.publishing.demo import DemoOnlyTransport

    other = outbox.message_enqueue(key="real.1", to="foi@elsewhere.example.org", subject="Request", body="Hello")
    mine = outbox.message_enqueue(key="demo.1", to="foi@demo.example.org", subject="Request", body="Hello")
    transport = DemoOnlyTransport({"demo.1"}, tmp_path)
    outbox.outbox_deliver(transport=transport, wait=False, stop=lambda: transport.passed_over > 5 or not
                          OutboxMessage.objects.filter(key="demo.1", state__in=("queued", "sending")).exists())
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.state == "sent" and len(list(tmp_path.rglob("*.eml"))) == 1
    assert other.state == "queued" and other.attempts == 0 and other.sent_at is None
