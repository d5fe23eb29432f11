"""`make bench [SCALE=small]`: figures on generated data of realistic size.

Runs against a scratch database (``bench_pembinaan`` on the embedded server, or the
``DATABASE_URL`` server with that database name), prints each figure and writes them all to
``bench-results.json`` (one flat object of numbers). Later issues add their own sections here.
Benchmarks are measurements, not tests: nothing here fails on a slow machine.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench-results.json"


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pembinaan.settings.dev")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("PEMBINAAN_DB_NAME", "bench_pembinaan")
    if os.environ.get("DATABASE_URL"):
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(os.environ["DATABASE_URL"])
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + os.environ["PEMBINAAN_DB_NAME"]))
    sys.path.insert(0, str(ROOT))
    reset_database(os.environ["PEMBINAAN_DB_NAME"])
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def reset_database(name):
    """Start every run from an empty scratch database."""
    import psycopg2

    if os.environ.get("DATABASE_URL"):
        from urllib.parse import urlsplit, urlunsplit

        admin_url = urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path="/postgres"))
    else:
        admin_url = _embedded_admin_url()
    conn = psycopg2.connect(admin_url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


def _embedded_admin_url():
    from pembinaan import embedded

    saved = embedded.DB_NAME
    embedded.DB_NAME = "postgres"
    try:
        return embedded.postgres_url()
    finally:
        embedded.DB_NAME = saved


def timed_requests(client, urls):
    """Server time per request (client.get in-process: no network), in ms."""
    times = []
    for url in urls:
        t = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return statistics.median(times), times[max(0, int(round(0.95 * len(times))) - 1)]


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def report(results, key, value, label):
    results[key] = round(value, 2) if isinstance(value, float) else value
    print(f"  {label:<62} {results[key]}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", choices=["full", "small"], default="full")
    parser.add_argument("--bagian", default="", help="comma-separated sections (default: all), e.g. pembinaan,jp")
    args = parser.parse_args()
    setup_django()
    factor = 1 if args.scale == "full" else 10
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    print(f"Pembinaan ASN bench, scale={args.scale}")
    from tests.bench import bench_checkin, bench_evaluasi, bench_jp, bench_mentoring, bench_pembinaan, bench_pengingat

    helpers = dict(factor=factor, report=report, timed_requests=timed_requests, count_queries=count_queries)
    sections = [
        ("pembinaan", "[pembinaan] records, import, list, dashboard", bench_pembinaan),
        ("jp", "[pelatihan] 20 JP ledger pages", bench_jp),
        ("presensi", "[pelatihan] check-in burst through HTTP", bench_checkin),
        ("evaluasi", "[evaluasi] opening a period, HR overview, the supervisor's form", bench_evaluasi),
        ("pengingat", "[evaluasi] daily reminder scan, SMTP throughput", bench_pengingat),
        ("mentoring", "[mentoring] mentor suggestions at 25k employees, HR overview", bench_mentoring),
    ]
    mandiri = {"mentoring"}  # sections that generate all their own data
    chosen = set(args.bagian.split(",")) if args.bagian else {name for name, _, _ in sections}
    if chosen - {"pembinaan"} - mandiri and "pembinaan" not in chosen:
        parser.error("the other sections use the data of the 'pembinaan' section: include it")
    for name, title, module in sections:
        if name in chosen:
            print(title)
            module.run(results, **helpers)
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True))
    print(f"Written to {RESULTS}")


if __name__ == "__main__":
    main()
