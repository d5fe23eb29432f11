"""`make bench [SCALE=small]`: figures on generated data of realistic size.

Runs against a scratch database (``bench_pembinaan`` on the embedded server, or the
``DATABASE_URL`` server with that database name), prints each figure and writes them all to
``bench-results.json`` (one flat object of numbers). Later issues add their own sections here.
Benchmarks are measurements, not tests: nothing here fails on a slow machine.

Every page is measured beside a large neighbouring instansi (issue 15), as in a real deployment, where one
database holds several. Each section measures its pages right after loading its data, as before; then, all
sections loaded and the database in steady state (VACUUM ANALYZE, as autovacuum leaves it), every page is
measured again "alone" (no neighbouring instansi yet), then ``tetangga`` loads a large neighbour with rows in
every table, and after another VACUUM ANALYZE every page is measured "beside neighbours". The usual
``<key>_p50_ms``/``<key>_p95_ms`` hold the figure beside the neighbours; ``<key>_alone_p50_ms``/
``<key>_alone_p95_ms`` the figure alone, and pages whose p95 moves by more than ``RASIO_BATAS`` are listed.
The sections that generate all their own data (``MANDIRI``) take their alone figures in a scratch database
of their own (a child process), since the records sections' 100,000-employee instansi is already a
neighbour when they run in the main one.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench-results.json"
MANDIRI = {"mentoring", "realisasi"}  # sections that generate all their own data
RASIO_BATAS = 1.5  # a page whose p95 beside the neighbours differs from alone by more than this is reported


def setup_django(*, kosongkan=True):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pembinaan.settings.dev")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("PEMBINAAN_DB_NAME", "bench_pembinaan")
    if os.environ.get("DATABASE_URL"):
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(os.environ["DATABASE_URL"])
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + os.environ["PEMBINAAN_DB_NAME"]))
    sys.path.insert(0, str(ROOT))
    if kosongkan:
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


def _ukur(client, urls, pengaturan):
    """Server time per request (client.get in-process: no network), in ms: (p50, p95)."""
    from django.test import override_settings

    times = []
    with override_settings(**(pengaturan or {})):
        for url in urls:
            t = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return statistics.median(times), times[max(0, int(round(0.95 * len(times))) - 1)]


class Halaman:
    """One page measurement, kept so that it can be taken again beside the neighbours."""

    def __init__(self, client, urls, pengaturan, p50, p95, sendiri):
        self.client, self.urls, self.pengaturan = client, list(urls), pengaturan
        self.nilai = {"p50": p50, "p95": p95}
        self.kunci = {}  # "p50"/"p95" -> (results key, label), bound by the report() call that follows
        self.sendiri = sendiri  # measured before any neighbour existed: the figures are the alone ones


class Pengukuran:
    """The bench's record of page measurements (see the module docstring)."""

    def __init__(self):
        self.halaman = []
        self.sendiri = True  # no large neighbouring instansi in the database yet

    def timed_requests(self, client, urls, pengaturan=None):
        """Server time per request in ms: (p50, p95). ``pengaturan``: settings in force while measuring
        (and again when the page is measured beside the neighbours)."""
        p50, p95 = _ukur(client, urls, pengaturan)
        self.halaman.append(Halaman(client, urls, pengaturan, p50, p95, self.sendiri))
        return p50, p95

    def report(self, results, key, value, label):
        for stat in ("p50", "p95"):
            if key.endswith(f"_{stat}_ms") and self.halaman:
                h = self.halaman[-1]
                if stat not in h.kunci and value is h.nilai[stat]:
                    h.kunci[stat] = (key, label)
        report(results, key, value, label)

    def ukur_sendiri(self, results):
        """Measure again, in steady state, every page first measured before any neighbour existed: these are
        its alone figures (the usual keys too, until the pages are measured beside the neighbours)."""
        for h in self.halaman:
            if not h.kunci or not h.sendiri:
                continue
            p50, p95 = _ukur(h.client, h.urls, h.pengaturan)
            h.nilai = {"p50": p50, "p95": p95}
            for stat, (key, label) in sorted(h.kunci.items()):
                report(results, key, h.nilai[stat], label)

    def ulangi(self, results, alone):
        """Measure every recorded page again (now beside the neighbours): the usual keys get these figures,
        ``<key>_alone_*`` the alone ones (from ``alone``, {key: value}, for pages first measured beside
        others). Returns [(key, alone p95, beside p95)] of the pages whose p95 moved by more than RASIO_BATAS."""
        geser = []
        for h in self.halaman:
            if not h.kunci:
                continue
            p50, p95 = _ukur(h.client, h.urls, h.pengaturan)
            baru = {"p50": p50, "p95": p95}
            for stat, (key, label) in sorted(h.kunci.items()):
                lama = h.nilai[stat] if h.sendiri else alone.get(key)
                results[key] = round(baru[stat], 2)
                sendiri = "alone: not measured"
                if lama is not None:
                    results[kunci_alone(key)] = round(lama, 2)
                    sendiri = f"alone {lama:.2f}, x{baru[stat] / lama:.2f}" if lama else f"alone {lama:.2f}"
                print(f"  {label:<62} {results[key]}  ({sendiri})")
                if stat == "p95" and lama and not 1 / RASIO_BATAS <= baru[stat] / lama <= RASIO_BATAS:
                    geser.append((key, lama, baru[stat]))
        return geser


def kunci_alone(key):
    """mentor_suggest_p95_ms -> mentor_suggest_alone_p95_ms"""
    base, _, stat = key.rpartition("_p")
    return f"{base}_alone_p{stat}"


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


def _vacuum():
    from django.db import connection

    t = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    print(f"  (VACUUM ANALYZE of the whole database in {time.perf_counter() - t:.0f} s)")


def _alone_mandiri(args, names):
    """The alone figures of the self-contained sections ``names``, each taken in a scratch database that
    holds only that section's data (a child process: Django binds one database per process)."""
    alone = {}
    for name in names:
        db = f"{os.environ['PEMBINAAN_DB_NAME']}_{name}_sendiri"
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "hasil.json"
            env = {**os.environ, "PEMBINAAN_DB_NAME": db}
            print(f"[{name}] alone, in the scratch database {db}")
            subprocess.run([sys.executable, "-m", "tests.bench.run", "--scale", args.scale, "--bagian", name,
                            "--sendiri", "--hasil", str(out)], env=env, cwd=ROOT, check=True)
            alone.update({k: v for k, v in json.loads(out.read_text()).items() if k.endswith(("_p50_ms", "_p95_ms"))})
        reset_database(db)
    return alone


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", choices=["full", "small", "nasional", "nasional-kecil"], default="full")
    parser.add_argument("--bagian", default="", help="comma-separated sections (default: all), e.g. pembinaan,jp")
    parser.add_argument("--sendiri", action="store_true",
                        help="measure alone only (no neighbouring instansi loaded, no second measurement)")
    parser.add_argument("--pakai-data", action="store_true",
                        help="nasional scales only: measure on the data an earlier run of the same scale loaded into "
                             "the same database (no reset, no loading); loads first if it is not there")
    parser.add_argument("--hasil", default=str(RESULTS), help="where to write the figures (JSON)")
    args = parser.parse_args()
    if args.scale.startswith("nasional"):  # issue 14: 100 instansi in one database, its own data (bench_nasional)
        from tests.bench import bench_nasional

        return bench_nasional.main(args)
    sections = [
        ("pembinaan", "[pembinaan] records, import, list, dashboard", "bench_pembinaan"),
        ("ekspor", "[pembinaan] employee XLSX export: one unit, the whole instansi, before/after", "bench_ekspor"),
        ("jp", "[pelatihan] 20 JP ledger pages", "bench_jp"),
        ("presensi", "[pelatihan] check-in burst through HTTP", "bench_checkin"),
        ("kuis", "[pelatihan] quiz burst through HTTP, lesson page size", "bench_kuis"),
        ("evaluasi", "[evaluasi] opening a period, HR overview, the supervisor's form", "bench_evaluasi"),
        ("pengingat", "[evaluasi] daily reminder scan, SMTP throughput", "bench_pengingat"),
        ("mentoring", "[mentoring] mentor suggestions at 25k employees, HR overview", "bench_mentoring"),
        ("rencana", "[pelatihan] needs derivation at 10k employees x 9 competencies, rerun", "bench_rencana"),
        ("realisasi", "[pelatihan] plan realisation per OPD at 25k employees / 500 lines", "bench_realisasi"),
        ("baris_rencana", "[pelatihan] plan lines, 20 JP coverage, XLSX/PDF at 25k employees / 500 lines",
         "bench_baris_rencana"),
        ("transparansi", "[transparansi] snapshot build at 25k employees / 100 OPDs", "bench_transparansi"),
        ("ringkasan_pimpinan", "[transparansi] pimpinan's protected evaluation overview", "bench_ringkasan_pimpinan"),
    ]
    chosen = set(args.bagian.split(",")) if args.bagian else {name for name, _, _ in sections}
    if chosen - {name for name, _, _ in sections}:
        parser.error(f"unknown sections: {', '.join(sorted(chosen - {name for name, _, _ in sections}))}")
    if chosen - {"pembinaan"} - MANDIRI and "pembinaan" not in chosen:
        parser.error("the other sections use the data of the 'pembinaan' section: include it")
    mulai = time.perf_counter()
    os.environ.setdefault("PEMBINAAN_DB_NAME", "bench_pembinaan")
    # Self-contained sections that run after another section's data are loaded measure alone elsewhere.
    urutan = [name for name, _, _ in sections if name in chosen]
    alone = {} if args.sendiri else _alone_mandiri(args, [n for i, n in enumerate(urutan) if n in MANDIRI and i > 0])
    setup_django()
    factor = 1 if args.scale == "full" else 10
    hasil_path = Path(args.hasil)
    results = json.loads(hasil_path.read_text()) if hasil_path.exists() else {}
    print(f"Pembinaan ASN bench, scale={args.scale}")
    import importlib

    ukur = Pengukuran()
    helpers = dict(factor=factor, report=ukur.report, timed_requests=ukur.timed_requests,
                   count_queries=count_queries)
    for i, (name, title, module) in enumerate([s for s in sections if s[0] in chosen]):
        # Measured after another section's data (a neighbour): its alone figures come from its scratch database.
        ukur.sendiri = not (i > 0 and name in MANDIRI)
        print(title if ukur.sendiri else f"{title} (here beside the sections above; alone: see its scratch database)")
        importlib.import_module(f"tests.bench.{module}").run(results, **helpers)
    # Alone and beside are both taken in steady state (as autovacuum leaves the tables), so that the two
    # figures differ by the neighbour only, not by a freshly loaded table's missing visibility map or statistics.
    _vacuum()
    print("[alone] every page again, steady state (VACUUM ANALYZE), before any neighbouring instansi exists")
    ukur.ukur_sendiri(results)
    if not args.sendiri:
        from tests.bench import tetangga

        print(f"[beside neighbours] loading a neighbouring instansi of {100_000 // factor:,} employees, "
              "then every page again")
        tetangga.bangun(factor)
        _vacuum()
        geser = ukur.ulangi(results, alone)
        print(f"Pages whose p95 moves by more than {RASIO_BATAS}x between alone and beside neighbours:")
        for key, lama, baru in geser:
            print(f"  {key}: alone {lama:.1f} ms, beside neighbours {baru:.1f} ms ({baru / lama:.1f}x)"
                  f"  [{kunci_alone(key)}]")
        if not geser:
            print("  none")
        results["bench_pages_moved_over_1_5x"] = len(geser)
    hasil_path.write_text(json.dumps(results, indent=2, sort_keys=True))
    print(f"Written to {hasil_path} ({time.perf_counter() - mulai:.0f} s)")


if __name__ == "__main__":
    main()
