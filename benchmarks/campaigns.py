"""Campaign launch and dashboard speed (issue 2: launch 5,000 bodies < 10 s; dashboard p95 < 300 ms).

1. Launch: ``campaign_launch(commit=True)`` for 5,000 fictional bodies: check (template, addresses,
   duplicates), render each request, reserve references, insert requests and their events, and enqueue
   5,000 outbox messages (each built as RFC 5322 bytes). Baseline, same run and database: the bare ORM
   ``bulk_create`` of 5,000 ``Request`` rows with fixed text (no rendering, no events, no outbox).
2. Dashboard: 50 staff GETs of the campaign page with 5,000 requests in mixed statuses (every fifth a
   search, every fifth another page). Baseline: 50 GETs of the near-empty staff landing page.

Runs in a child process on a scratch SQLite database in a temporary folder (never your data); set
``CAMPAIGNS_BENCH_DATABASE_URL`` to measure a scratch PostgreSQL database instead (it is migrated and filled).
"""

from __future__ import annotations

import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time

N = 5000
GETS = 50


def run() -> None:
    with tempfile.TemporaryDirectory(prefix="ww-bench-campaigns-") as tmp:
        env = dict(os.environ, WHOSWATCHING_DATA_DIR=tmp, DJANGO_SETTINGS_MODULE="whoswatching.web.settings.dev",
                   WHOSWATCHING_DEBUG="0", WHOSWATCHING_SECRET_KEY=secrets.token_urlsafe(50))
        env.pop("DATABASE_URL", None)
        if os.environ.get("CAMPAIGNS_BENCH_DATABASE_URL"):
            env["DATABASE_URL"] = os.environ["CAMPAIGNS_BENCH_DATABASE_URL"]
        subprocess.run([sys.executable, "-m", "benchmarks.campaigns"], env=env, check=True)


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def _fill_bodies(prefix: str, sectors: list[str], regions: list[str]):
    from whoswatching.registry.models import ContactAddress, PublicBody

    PublicBody.objects.bulk_create(
        [PublicBody(name=f"{prefix} {i:05d}", slug=f"{prefix.lower().replace(' ', '-')}-{i:05d}",
                    sector=sectors[i % len(sectors)], region=regions[i % len(regions)],
                    nation="scotland" if i % 10 == 0 else "england", body_type="Academy converter" if i % 3 == 0 else "")
         for i in range(N)],
        batch_size=1000,
    )
    bodies = list(PublicBody.objects.filter(name__startswith=prefix).only("id", "slug"))
    ContactAddress.objects.bulk_create(
        [ContactAddress(body=b, email=f"foi@{b.slug}.example.org", is_primary=True) for b in bodies], batch_size=1000
    )
    return bodies


def _child() -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from whoswatching.campaigns import services
    from whoswatching.campaigns.models import Request

    call_command("migrate", verbosity=0)
    sectors = ["school", "council", "nhs_trust", "police", "university", "fe_college"]
    regions = ["North East", "North West", "London", "South East", "South West", "Scotland", "Wales", "East Midlands"]
    bodies = _fill_bodies("Benchmark Fictional Body", sectors, regions)
    campaign = services.campaign_create(name="Benchmark campaign", by="bench",
                                        variables={"requester_name": "Ada Lovelace"})
    t0 = time.perf_counter()
    services.campaign_select_bodies(campaign, by="bench", body_ids=[b.id for b in bodies])
    select_s = time.perf_counter() - t0

    # Time the outbox's share (building 5,000 RFC 5322 messages and inserting them) inside the launch.
    from whoswatching.outbox import services as outbox

    real_enqueue, outbox_s = outbox.messages_enqueue, [0.0]

    def timed_enqueue(items, **kwargs):
        start = time.perf_counter()
        try:
            return real_enqueue(list(items), **kwargs)
        finally:
            outbox_s[0] += time.perf_counter() - start

    outbox.messages_enqueue = timed_enqueue
    t0 = time.perf_counter()
    plan = services.campaign_launch(campaign, by="bench", commit=True)
    launch_s = time.perf_counter() - t0
    outbox.messages_enqueue = real_enqueue
    assert plan.created == N and plan.enqueued == N, (plan.created, plan.enqueued)

    # Baseline: the bare ORM insert of as many Request rows, into another campaign over other bodies.
    other = services.campaign_create(name="Baseline campaign", by="bench")
    base_bodies = _fill_bodies("Baseline Fictional Body", sectors, regions)
    rows = [Request(campaign=other, body_id=b.id, reference=f"WW-1999-{i + 1:06d}", reply_address="x@example.org",
                    to_address="foi@example.org", law="foia", subject="Subject", body_text="Body " * 200,
                    status="queued", body_name="Baseline", sector="school", region="London")
            for i, b in enumerate(base_bodies)]
    t0 = time.perf_counter()
    Request.objects.bulk_create(rows, batch_size=500)
    baseline_s = time.perf_counter() - t0

    # Spread statuses so the dashboard counts many groups; overdue ones get due dates for the list.
    ids = list(Request.objects.filter(campaign=campaign).values_list("id", flat=True))
    for i, status in enumerate(["sent", "awaiting_response", "overdue", "very_overdue", "responded", "refused",
                                "not_held", "partially_successful", "internal_review", "bounced"]):
        Request.objects.filter(id__in=ids[i::11]).update(status=status, due_on="2026-01-05")

    user = get_user_model().objects.create_user("bench", password="bench-not-secret", is_staff=True)
    client = Client()
    client.force_login(user)
    url = f"/staff/campaigns/{campaign.slug}/"
    variants = ["", "?q=Body%2004", "?page=37", "?status=overdue", ""]

    def timed(path: str) -> float:
        start = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, (path, response.status_code)
        return elapsed

    timed(url)
    timed("/staff/")
    dash = [timed(url + variants[i % len(variants)]) for i in range(GETS)]
    empty = [timed("/staff/") for _ in range(GETS)]

    engine = connection.vendor
    print(f"database: {engine}; {N:,} fictional bodies")
    print(f"select {N:,} bodies into the campaign: {select_s:.2f} s")
    print(f"launch {N:,}-body campaign (check, render, store, enqueue): {launch_s:.2f} s  [target < 10 s]"
          f"  | baseline: bare ORM bulk insert of {N:,} Request rows: {baseline_s:.2f} s")
    print(f"  of which outbox.messages_enqueue (build + insert {N:,} messages): {outbox_s[0]:.2f} s; "
          f"campaigns' own part (check, render, references, requests, events): {launch_s - outbox_s[0]:.2f} s")
    print(f"campaign dashboard with {N:,} requests: p95 {_p95(dash) * 1000:.0f} ms over {GETS} GETs "
          f"(median {statistics.median(dash) * 1000:.0f} ms)  [target < 300 ms]"
          f"  | baseline: near-empty staff page p95 {_p95(empty) * 1000:.0f} ms")


if __name__ == "__main__":
    _child()
