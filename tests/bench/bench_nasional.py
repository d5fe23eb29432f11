"""Issue 14 §4: many tenants in one deployment (`make bench SCALE=nasional`, not the default).

``nasional``: 100 instansi of 3,000 to 25,000 employees (sizes spaced geometrically: about 1,000,000 employees)
with a JP ledger of ten credits per employee (about 10,000,000 rows), an evaluation period opened in every
instansi (one form per active employee) and mentoring pairs in the two measured ones. ``nasional-kecil``: the
same shape at a tenth (300 to 2,500 employees, about 100,000 employees and 1,000,000 ledger rows), the variant that
loads in minutes on a shared 2-core machine. Employees are generated with COPY (pembinaan.demo.generate_instansi),
the ledger with COPY (tests/bench/bench_jp._ledger), forms with the period service's bulk insert.

Then the per-instansi pages the other sections measure (employee list, dashboard, 20 JP per unit, evaluation
overview, mentoring overview) are timed (in-process, 50 requests) for the smallest and the largest instansi:
``nasional_<page>_p95_ms`` (largest), ``nasional_<page>_p95_ms_kecil`` (smallest) and the query counts of both,
compared with the single-tenant figures already in bench-results.json when there are some.
"""

import json
import math
import time
from pathlib import Path

# Django and the models are imported inside the functions: tests/bench/run.py imports this module before
# django.setup() (main() sets the database up first).

JUMLAH_INSTANSI = 100
KREDIT_PER_PEGAWAI = 10
UKURAN = {"nasional": (3_000, 25_000), "nasional-kecil": (300, 2_500)}
HALAMAN = {  # page -> the single-tenant key it is compared with
    "pegawai_list": "pegawai_list_p95_ms",
    "dashboard": "dashboard_p95_ms",
    "jp_unit": "jp_unit_p95_ms",
    "evaluasi_overview": "evaluasi_overview_p95_ms",
    "mentoring_overview": "mentoring_overview_p95_ms",
}


def ukuran(scale):
    """Employees of each of the 100 instansi, geometrically spaced between the bounds, largest first."""
    kecil, besar = UKURAN[scale]
    r = (besar / kecil) ** (1 / (JUMLAH_INSTANSI - 1))
    return sorted((round(kecil * r ** i) for i in range(JUMLAH_INSTANSI)), reverse=True)


def _muat(scale):
    from django.db import connection
    from django.utils import timezone

    from pembinaan.demo import generate_instansi
    from pembinaan.models import Pegawai
    from tests import factories as f
    from tests.bench import bench_evaluasi, bench_jp, bench_mentoring

    sizes = ukuran(scale)
    print(f"  {len(sizes)} instansi, {sum(sizes):,} employees planned, "
          f"{sum(sizes) * KREDIT_PER_PEGAWAI:,} ledger rows planned")
    semua, t0 = [], time.perf_counter()
    for i, n in enumerate(sizes):
        t = time.perf_counter()
        inst = generate_instansi(kode=f"NAS-{i:03d}", nama=f"Pemerintah Daerah Nasional {i:03d}", jumlah_pegawai=n)
        kredit = bench_jp._ledger(inst, n * KREDIT_PER_PEGAWAI, seed=100 + i)
        hr = f.hr_user(inst, username=f"hr.nas.{i:03d}")
        periode, _, _, _ = bench_evaluasi._open(inst, hr, f"Triwulan nasional {i:03d}")
        semua.append((inst, hr, periode))
        if i % 10 == 0 or i == len(sizes) - 1:
            print(f"  instansi {i + 1}/{len(sizes)}: {n} employees, {kredit} ledger rows "
                  f"({time.perf_counter() - t:.1f} s; {time.perf_counter() - t0:.0f} s so far)")
    today = timezone.localdate()
    for inst, _, periode in (semua[0], semua[-1]):
        bench_evaluasi._fill(periode)
        bench_mentoring._lengkapi_profil(inst)
        n = inst.pegawai.count()
        bench_mentoring._pasangan(inst, aktif=n // 20, selesai=n // 60, batal=n // 200, usulan=n // 300,
                                  sesi=n // 2, today=today, seed=70)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")  # steady state, as autovacuum leaves it
    print(f"  loaded in {time.perf_counter() - t0:.0f} s: {Pegawai.objects.count():,} employees")
    return semua[0], semua[-1]


def _halaman(periode, tahun):
    from django.urls import reverse

    return {
        "pegawai_list": ["/pegawai/", "/pegawai/?q=siti", "/pegawai/?golongan=III/a", "/pegawai/?halaman=7",
                         "/pegawai/?urut=-golongan"],
        "dashboard": ["/dasbor/"],
        "jp_unit": [f"/pelatihan/jp/unit/?tahun={tahun}"],
        "evaluasi_overview": [f"/evaluasi/periode/{periode.pk}/ringkasan/"],
        "mentoring_overview": [reverse("mentoring:overview")],
    }


def _ukur(results, nama, hr, periode, timed_requests, count_queries, akhiran):
    from django.test import Client, override_settings
    from django.utils import timezone

    client = Client()
    client.force_login(hr)
    halaman = _halaman(periode, timezone.localdate().year)
    with override_settings(DASBOR_CACHE_DETIK=0):
        for page, urls in halaman.items():
            _, p95 = timed_requests(client, (urls * 50)[:50])
            results[f"nasional_{page}_p95_ms{akhiran}"] = round(p95, 2)
            results[f"nasional_{page}_queries{akhiran}"] = count_queries(client, urls[0])
            print(f"  {nama:<26} {page:<20} p95 {p95:7.1f} ms, "
                  f"{results[f'nasional_{page}_queries{akhiran}']} queries")


def _penanda(scale):
    """A file that says a load of this scale into this database finished (loading takes long: measure again
    without loading again)."""
    import os

    return Path(__file__).resolve().parents[2] / ".data" / "bench" / f"{os.environ['PEMBINAAN_DB_NAME']}-{scale}.dimuat"


def _dimuat(scale):
    """The largest and smallest instansi of an earlier complete load of this scale, or None."""
    from django.contrib.auth import get_user_model

    from evaluasi.models import PeriodeEvaluasi
    from pembinaan.models import Instansi

    if not _penanda(scale).exists():
        return None
    hasil = []
    for i in (0, JUMLAH_INSTANSI - 1):
        inst = Instansi.objects.filter(kode=f"NAS-{i:03d}").first()
        periode = PeriodeEvaluasi.objects.filter(instansi=inst, nama=f"Triwulan nasional {i:03d}").first()
        if inst is None or periode is None:
            return None
        hasil.append((inst, get_user_model().objects.get(username=f"hr.nas.{i:03d}"), periode))
    return tuple(hasil)


def run(results, *, scale, timed_requests, count_queries, acuan=None, pakai_data=False):
    dimuat = _dimuat(scale) if pakai_data else None
    if dimuat:
        print("  using the data an earlier run loaded (--pakai-data)")
    if not dimuat:
        _penanda(scale).unlink(missing_ok=True)
        dimuat = _muat(scale)
        _penanda(scale).parent.mkdir(parents=True, exist_ok=True)
        _penanda(scale).touch()
    besar, kecil = dimuat
    print(f"  measuring: largest {besar[0].kode} ({besar[0].pegawai.count()} employees), "
          f"smallest {kecil[0].kode} ({kecil[0].pegawai.count()} employees)")
    _ukur(results, f"largest ({besar[0].kode})", besar[1], besar[2], timed_requests, count_queries, "")
    _ukur(results, f"smallest ({kecil[0].kode})", kecil[1], kecil[2], timed_requests, count_queries, "_kecil")
    for page, kunci in HALAMAN.items():
        if acuan and acuan.get(kunci):
            rasio = results[f"nasional_{page}_p95_ms"] / acuan[kunci]
            print(f"  {page}: x{rasio:.2f} of the single-tenant p95 ({acuan[kunci]:.1f} ms; target <= 1.5)")
        if results[f"nasional_{page}_queries"] != results[f"nasional_{page}_queries_kecil"]:
            print(f"  {page}: query count differs, largest vs smallest instansi")


def main(args):
    """Called by tests/bench/run.py for --scale nasional / nasional-kecil: its own database and data."""
    import os

    from tests.bench import run as runner

    os.environ.setdefault("PEMBINAAN_DB_NAME", "bench_nasional")
    hasil = Path(args.hasil)
    acuan = json.loads(hasil.read_text()) if hasil.exists() else {}
    runner.setup_django(kosongkan=not args.pakai_data)
    print(f"Pembinaan ASN bench, scale={args.scale}")
    t = time.perf_counter()
    results = {}
    run(results, scale=args.scale, timed_requests=lambda c, u: runner._ukur(c, u, None),
        count_queries=runner.count_queries, acuan=acuan, pakai_data=args.pakai_data)
    results[f"nasional_total_s_{args.scale}"] = round(time.perf_counter() - t)
    acuan.update(results)
    hasil.write_text(json.dumps(acuan, indent=2, sort_keys=True) + "\n")
    print(f"  written to {hasil} in {math.ceil(time.perf_counter() - t)} s")


def skema_citus():
    """For the README's Scaling text (Citus, instansi as the distribution column), read from the models as they
    are: tables without an ``instansi`` column (with the foreign key that leads to one, if any), and unique
    constraints of the tables that have one but whose columns do not include it (Citus requires the distribution
    column in every unique constraint and primary key of a distributed table)."""
    from django.apps import apps

    tanpa, unik = [], []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.app_label not in {"pembinaan", "pelatihan", "mentoring",
                                                                     "evaluasi"}:
            continue
        kolom = {fld.column for fld in meta.concrete_fields}
        if "instansi_id" not in kolom:
            lewat = [fld.column for fld in meta.concrete_fields if fld.is_relation and fld.related_model is not None
                     and any(g.column == "instansi_id" for g in fld.related_model._meta.concrete_fields)]
            tanpa.append((meta.db_table, lewat))
            continue
        kendala = [(c.name, [meta.get_field(x).column for x in c.fields]) for c in meta.constraints
                   if getattr(c, "fields", None)]
        kendala += [(f"unique_together {u}", [meta.get_field(x).column for x in u]) for u in meta.unique_together]
        kendala += [(f"{fld.name} unique", [fld.column]) for fld in meta.concrete_fields if fld.unique
                    and not fld.primary_key]
        unik += [(meta.db_table, nama, cols) for nama, cols in kendala if "instansi_id" not in cols]
    return sorted(tanpa), sorted(unik)


if __name__ == "__main__":  # python -m tests.bench.bench_nasional: print the Citus list
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pembinaan.settings.dev")
    django.setup()
    tanpa, unik = skema_citus()
    print(f"Tables without an instansi column ({len(tanpa)}):")
    for tabel, lewat in tanpa:
        print(f"  {tabel}" + (f"  (instansi via {', '.join(lewat)})" if lewat else "  (no direct path)"))
    print(f"Unique constraints without instansi_id on tables that have it ({len(unik)}):")
    for tabel, nama, cols in unik:
        print(f"  {tabel}: {nama} ({', '.join(cols)})")
