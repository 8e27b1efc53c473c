"""Register import and browse speed on a GIAS-sized file (issue 2: ~50,000 rows "quickly").

1. Import: ``registry_import("gias", file)`` of a fictional 50,000-row GIAS file (Windows-1252, 52
   columns, ~30% closed): dry run, commit, and the idempotent re-import. Figures are wall and CPU
   seconds. Baseline, same run and database: the bare ORM creating 2,000 bodies one ``save()`` at a time
   (what a naive importer does), scaled to the number of bodies the commit created.
2. Browse: 30 GETs of ``/bodies/`` (facets + a page) with the bodies loaded, cycling filters and a name
   search. Baseline: 30 GETs of the home page.

Runs in a child process on a scratch SQLite database in a temporary folder (never your data); set
``REGISTRY_BENCH_DATABASE_URL`` to measure a scratch PostgreSQL database instead.
"""

from __future__ import annotations

import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time

ROWS = 50_000
NAIVE = 2_000
GETS = 30


def run() -> None:
    with tempfile.TemporaryDirectory(prefix="ww-bench-registry-") as tmp:
        env = dict(os.environ, WHOSWATCHING_DATA_DIR=tmp, DJANGO_SETTINGS_MODULE="whoswatching.web.settings.dev",
                   WHOSWATCHING_DEBUG="0", REGISTRY_BENCH_DIR=tmp,
                   WHOSWATCHING_SECRET_KEY=secrets.token_urlsafe(50))
        env.pop("DATABASE_URL", None)
        if os.environ.get("REGISTRY_BENCH_DATABASE_URL"):
            env["DATABASE_URL"] = os.environ["REGISTRY_BENCH_DATABASE_URL"]
        subprocess.run([sys.executable, "-m", "benchmarks.registry"], env=env, check=True)


def _timed(func):
    wall, cpu = time.perf_counter(), time.process_time()
    result = func()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def _child() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from tests.registry.fictional import gias_bytes

    from whoswatching.registry import services
    from whoswatching.registry.models import PublicBody

    call_command("migrate", verbosity=0)
    path = os.path.join(os.environ["REGISTRY_BENCH_DIR"], "edubasealldata.csv")
    with open(path, "wb") as fh:
        fh.write(gias_bytes(ROWS))

    for label, commit in (("dry run", False), ("commit", True), ("re-import", True)):
        report, wall, cpu = _timed(lambda c=commit: services.registry_import("gias", path, commit=c))
        print(f"import {ROWS:,} GIAS rows, {label:9}: {wall:6.2f} s wall, {cpu:6.2f} s CPU  ({report.summary_line()})")
        if label == "commit":
            created = report.created

    def naive() -> None:
        for i in range(NAIVE):
            PublicBody(name=f"Naive Bench School {i}", slug=f"naive-bench-school-{i}", sector="school",
                       nation="england", identifier_scheme="BENCH", identifier=str(i)).save()

    _, wall, cpu = _timed(naive)
    scale = created / NAIVE
    print(f"baseline: one save() per body, {NAIVE:,} bodies: {wall:.2f} s wall ({cpu:.2f} s CPU); "
          f"scaled to {created:,} bodies: {wall * scale:.1f} s wall")
    PublicBody.objects.filter(identifier_scheme="BENCH").delete()

    setup_test_environment()
    client = Client()
    queries = ["/bodies/", "/bodies/?sector=school&region=London", "/bodies/?q=kestrel+oakridge",
               "/bodies/?nation=wales&page=3", "/bodies/?law=foia&sector=fe_college&page=10"]
    browse, home = [], []
    for i in range(GETS):
        _, wall, _ = _timed(lambda i=i: client.get(queries[i % len(queries)]))
        browse.append(wall * 1000)
        _, wall, _ = _timed(lambda: client.get("/"))
        home.append(wall * 1000)
    print(f"/bodies/ with {PublicBody.objects.count():,} bodies: median {statistics.median(browse):.0f} ms, "
          f"max {max(browse):.0f} ms  (baseline home page: median {statistics.median(home):.0f} ms)")


if __name__ == "__main__":
    _child()
