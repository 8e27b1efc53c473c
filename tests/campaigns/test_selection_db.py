import threading

import pytest
from django.db import connection

from whoswatching.campaigns import services
from whoswatching.campaigns.models import ReferenceCounter, Request
from whoswatching.campaigns.selection import BodyFilter, SelectionError

pytestmark = pytest.mark.django_db


def test_select_by_filters(campaign, bodies):
    report = services.campaign_select_bodies(campaign, by="t", body_filter=BodyFilter(sectors=("council",)))
    assert report.added == 3 and report.total == 3
    report = services.campaign_select_bodies(campaign, by="t", body_filter=BodyFilter(laws=("foisa",)))
    assert report.added == 0 and report.already == 1
    report = services.campaign_select_bodies(campaign, by="t", body_filter=BodyFilter(regions=("london",)))
    assert report.added == 1 and report.total == 4
    assert campaign.targets.filter(body=bodies["aldric"]).get().via == "region=london"


def test_select_by_uploaded_list_reports_unmatched_rows(campaign, bodies):
    text = f"identifier\nE0000001\nS0000001\nX999\n{bodies['aberwen'].identifier}\n"
    report = services.campaign_select_bodies(campaign, by="t", list_text=text, list_name="bodies.csv")
    assert report.added == 3 and report.via == "list bodies.csv"
    assert [(u.line, u.value) for u in report.unmatched] == [(4, "X999")]


def test_bad_filter_value_is_refused(campaign, bodies):
    with pytest.raises(SelectionError, match="unknown nation"):
        services.campaign_select_bodies(campaign, by="t", body_filter=BodyFilter(nations=("mars",)))


def test_select_thousands_at_once(campaign, body_factory):
    from whoswatching.registry.models import PublicBody

    PublicBody.objects.bulk_create(
        [PublicBody(name=f"Test School {i}", slug=f"test-school-{i}", sector="school", nation="england",
                    region="London") for i in range(3000)]
    )
    report = services.campaign_select_bodies(campaign, by="t", body_filter=BodyFilter(sectors=("school",)))
    assert report.added == 3000


def test_reference_counter_reserves_disjoint_blocks():
    a = ReferenceCounter.reserve(2026, 3)
    b = ReferenceCounter.reserve(2026, 2)
    c = ReferenceCounter.reserve(2027, 1)
    assert list(a) == [1, 2, 3] and list(b) == [4, 5] and list(c) == [1]


@pytest.mark.django_db(transaction=True)
def test_reference_counter_is_safe_under_concurrency():
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("in-memory SQLite is one connection")
    blocks: list[range] = []
    errors: list[Exception] = []

    def worker():
        try:
            for _ in range(5):
                blocks.append(ReferenceCounter.reserve(2030, 10))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    numbers = [n for block in blocks for n in block]
    assert sorted(numbers) == list(range(1, 201))


def test_references_unique_across_campaigns(campaign, bodies):
    other = services.campaign_create(name="Second", by="t", variables={"requester_name": "Ada"})
    services.campaign_select_bodies(campaign, by="t", body_ids=[bodies["northmoor"].id, bodies["aldric"].id])
    services.campaign_select_bodies(other, by="t", body_ids=[bodies["glenholm"].id, bodies["aberwen"].id])
    services.campaign_launch(campaign, by="t", commit=True)
    services.campaign_launch(other, by="t", commit=True)
    refs = list(Request.objects.values_list("reference", flat=True))
    assert len(set(refs)) == 4
    assert all(r.startswith("WW-") and len(r) == 14 for r in refs)


@pytest.mark.django_db(transaction=True)
def test_two_launches_at_once_send_each_request_once(body_factory):
    from whoswatching.campaigns.errors import CampaignError
    from whoswatching.outbox.models import OutboxMessage

    campaign = services.campaign_create(name="Race", by="t", variables={"requester_name": "Ada"})
    ids = [body_factory(f"Race Council {i}").id for i in range(40)]
    services.campaign_select_bodies(campaign, by="t", body_ids=ids)
    outcomes: list = []
    barrier = threading.Barrier(2)

    def launch():
        try:
            barrier.wait()
            outcomes.append(services.campaign_launch(campaign, by="t", commit=True).created)
        except CampaignError as exc:
            outcomes.append(str(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=launch) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Request.objects.count() == 40 and OutboxMessage.objects.count() == 40
    assert 40 in outcomes
    other = [o for o in outcomes if o != 40][0]
    assert other == 0 or "another launch" in other
