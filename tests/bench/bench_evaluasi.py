"""Issue 4 figures (evaluation periods): opening a period for 20,000 employees (time and query count, bulk),
and the HR overview per unit at 100,000 employees (p50/p95 over 50 requests; query counts small vs large)."""

import datetime
import time

import pgtrigger
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from evaluasi.models import Evaluasi, PeriodeEvaluasi
from evaluasi.services import periode as svc
from pembinaan.demo import generate_instansi
from pembinaan.models import Instansi, Pegawai
from tests import factories as f

MULAI = datetime.date(2026, 4, 1)  # a quarter no other bench opens on the shared instansi


def _periode(instansi, nama):
    return PeriodeEvaluasi.objects.create(instansi=instansi, nama=nama, jenis="triwulanan", mulai=MULAI,
                                          selesai=MULAI + datetime.timedelta(days=90),
                                          tenggat=MULAI + datetime.timedelta(days=104))


def _set_atasan(instansi):
    """Imported bench employees have no atasan: make one employee the head of each unit and the atasan of
    everyone else in it (one UPDATE; bench data, so the per-row history trigger is skipped)."""
    with pgtrigger.ignore("pembinaan.Pegawai:update_update"), connection.cursor() as cur:
        cur.execute("ANALYZE pembinaan_pegawai")  # freshly loaded: without statistics the plan is quadratic
        cur.execute("""
            WITH kepala AS MATERIALIZED (
                SELECT DISTINCT ON (unit_kerja_id) unit_kerja_id, id FROM pembinaan_pegawai
                WHERE instansi_id = %s AND unit_kerja_id IS NOT NULL AND status = 'aktif'
                ORDER BY unit_kerja_id, id)
            UPDATE pembinaan_pegawai p SET atasan_id = k.id FROM kepala k
            WHERE p.instansi_id = %s AND p.unit_kerja_id = k.unit_kerja_id AND p.id <> k.id""",
                    [instansi.pk, instansi.pk])
        n = cur.rowcount
        cur.execute("ANALYZE pembinaan_pegawai")
    return n


def _fill(periode):
    """Give the forms a realistic mix: about half submitted (all five predikat), a fifth in draft."""
    with pgtrigger.ignore("evaluasi.Evaluasi:update_update"), connection.cursor() as cur:
        cur.execute("""
            UPDATE evaluasi_evaluasi e SET status = s.status, rating_hasil_kerja = s.h, rating_perilaku_kerja = s.p,
              predikat = CASE WHEN s.h = '' THEN ''
                WHEN s.h = 'di_atas' AND s.p = 'di_atas' THEN 'sangat_baik'
                WHEN s.h IN ('di_atas', 'sesuai') AND s.p = 'di_bawah' THEN 'kurang'
                WHEN s.h IN ('di_atas', 'sesuai') THEN 'baik'
                WHEN s.p = 'di_bawah' THEN 'sangat_kurang' ELSE 'butuh_perbaikan' END
            FROM (SELECT id,
                    CASE WHEN id %% 10 < 5 THEN 'diajukan' WHEN id %% 10 < 7 THEN 'draf' ELSE 'belum' END AS status,
                    CASE WHEN id %% 10 < 7 THEN (ARRAY['di_atas', 'sesuai', 'sesuai', 'di_bawah'])[1 + id %% 4]
                         ELSE '' END AS h,
                    CASE WHEN id %% 10 < 7 THEN (ARRAY['di_atas', 'sesuai', 'di_bawah'])[1 + id %% 3] ELSE '' END AS p
                  FROM evaluasi_evaluasi WHERE periode_id = %s) s
            WHERE e.id = s.id""", [periode.pk])
    with connection.cursor() as cur:  # outside pgtrigger.ignore, which prepends a statement: VACUUM must stand alone
        cur.execute("VACUUM ANALYZE evaluasi_evaluasi")  # steady state, as autovacuum leaves it


def _open(instansi, hr, nama):
    periode = _periode(instansi, nama)
    actor = type(hr).objects.get(pk=hr.pk)  # fresh: role look-ups are counted too
    t = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        hasil = svc.periode_open(actor=actor, periode=periode)
    return periode, time.perf_counter() - t, len(ctx.captured_queries), hasil


def _instansi(kode, nama, n):
    inst = Instansi.objects.filter(kode=kode).first()
    if inst is None or not inst.pegawai.exists():
        inst = generate_instansi(kode=kode, nama=nama, jumlah_pegawai=n)
    return inst


def run(results, *, factor, report, timed_requests, count_queries, **_):
    # 1. Opening a period for 20,000 employees (generated with atasan links).
    n = 20_000 // factor
    t = time.perf_counter()
    eval_inst = generate_instansi(kode="BENCH-EVAL", nama="Pemerintah Kota Bench Evaluasi", jumlah_pegawai=n)
    with connection.cursor() as cur:
        cur.execute("ANALYZE pembinaan_pegawai")
    aktif = Pegawai.objects.filter(instansi=eval_inst, status="aktif").count()
    print(f"  (generated {n} employees, {aktif} active, in {time.perf_counter() - t:.1f} s)")
    hr_eval = f.hr_user(eval_inst, username="hr.bench.eval")
    periode20, seconds, queries, hasil = _open(eval_inst, hr_eval, "Bench triwulan 20k")
    assert hasil["jumlah"] == aktif, hasil
    print(f"  (opened: {hasil['jumlah']} forms, {hasil['tanpa_penilai']} without an evaluator)")
    report(results, "open_period_20k_s", seconds, f"open a period for {n // 1000}k employees: s (target <= 10)")
    report(results, "open_period_queries", queries, "open a period: queries (bulk, independent of headcount)")

    # 2. HR overview: the 100k instansi of the records bench (atasan set here), a small one for the count.
    big = _instansi("BENCH-BESAR", "Pemerintah Provinsi Bench", 100_000 // factor)
    small = _instansi("BENCH-KECIL", "Pemerintah Kabupaten Bench", max(10, 1_000 // factor))
    t = time.perf_counter()
    linked = _set_atasan(big)
    _set_atasan(small)
    print(f"  (atasan set for {linked} employees of {big.kode} in {time.perf_counter() - t:.1f} s)")
    hr_big = f.hr_user(big, username="hr.bench.eval.besar")
    hr_small = f.hr_user(small, username="hr.bench.eval.kecil")
    periode_big, seconds_big, _, hasil_big = _open(big, hr_big, "Bench triwulan besar")
    print(f"  (opened {hasil_big['jumlah']} forms on {big.kode} in {seconds_big:.1f} s)")
    periode_small, _, _, _ = _open(small, hr_small, "Bench triwulan kecil")
    for p in (periode20, periode_big, periode_small):
        _fill(p)
    label = f"{Evaluasi.objects.filter(periode=periode_big).count() // 1000}k"

    client = Client()
    client.force_login(hr_big)
    url = f"/evaluasi/periode/{periode_big.pk}/ringkasan/"
    roots = list(big.unit_kerja.filter(induk__isnull=True).values_list("id", flat=True)[:5])
    orgs = ["istimewa", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"]
    variants = [url] + [f"{url}?org_{u}={orgs[i % 5]}" for i, u in enumerate(roots)]
    p50, p95 = timed_requests(client, (variants * 50)[:50])
    report(results, "evaluasi_overview_p50_ms", p50, f"HR evaluation overview at {label} forms: p50 ms")
    report(results, "evaluasi_overview_p95_ms", p95, f"HR evaluation overview at {label} forms: p95 ms (target <= 200)")
    small_client = Client()
    small_client.force_login(hr_small)
    report(results, "evaluasi_overview_queries_small",
           count_queries(small_client, f"/evaluasi/periode/{periode_small.pk}/ringkasan/"),
           "HR evaluation overview queries, small instansi")
    report(results, "evaluasi_overview_queries_large", count_queries(client, url),
           f"HR evaluation overview queries at {label}")
    eval_client = Client()
    eval_client.force_login(hr_eval)
    _, p95_20k = timed_requests(eval_client, [f"/evaluasi/periode/{periode20.pk}/ringkasan/"] * 50)
    report(results, "evaluasi_overview_20k_p95_ms", p95_20k, f"HR evaluation overview at {n // 1000}k forms: p95 ms")

    # 3. The supervisor's form page at the 100k instansi: an evaluator opens one of their open forms.
    form = (Evaluasi.objects.filter(periode=periode_big, penilai__isnull=False, status="belum")
            .select_related("penilai").order_by("pk").first())
    penilai_client = Client()
    penilai_client.force_login(f.pegawai_user(form.penilai) if form.penilai.user_id is None else form.penilai.user)
    form_url = f"/evaluasi/{form.pk}/isi/"
    p50, p95 = timed_requests(penilai_client, [form_url] * 50)
    report(results, "evaluasi_form_p50_ms", p50, f"supervisor's form page at {label} forms: p50 ms")
    report(results, "evaluasi_form_p95_ms", p95, f"supervisor's form page at {label} forms: p95 ms (target <= 200)")
    report(results, "evaluasi_form_queries", count_queries(penilai_client, form_url), "supervisor's form page queries")
