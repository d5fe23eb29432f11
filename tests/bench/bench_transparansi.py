"""Issue 12 figures (transparency): building a snapshot for an instansi of 25,000 employees in 100 OPDs with a year
of ledger (about eight credits per person) and an annual evaluation period (every form, about half submitted,
most of those on time), plus each OPD's organisational predikat. Key ``transparansi_snapshot_25k_s`` (target
<= 60 s): the whole build as the job runs it (every app's indicators, the disclosure rules, the write).

Self-contained data (``generate_instansi`` and COPY), in the database the 'pembinaan' section prepared."""

import datetime
import time

import pgtrigger
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from evaluasi.models import PeriodeEvaluasi
from pembinaan.demo import generate_instansi
from pembinaan.models import Instansi, Pegawai, UnitKerja
from pembinaan.services import transparansi as layanan
from tests import factories as f
from tests.bench.bench_evaluasi import _fill
from tests.bench.bench_jp import _ledger

KODE = "BENCH-TRANSPARANSI"
OPD = 100


def _instansi(n):
    inst = Instansi.objects.filter(kode=KODE).first()
    if inst is None or not inst.pegawai.exists():
        inst = generate_instansi(kode=KODE, nama="Pemerintah Provinsi Transparansi Bench", jumlah_pegawai=n)
    # The shape: 100 OPDs. Promote second-level units (largest first) until there are that many.
    akar = list(UnitKerja.objects.filter(instansi=inst, induk__isnull=True).values_list("id", flat=True))
    kurang = OPD - len(akar)
    if kurang > 0:
        with connection.cursor() as cur:
            cur.execute("""
                UPDATE pembinaan_unitkerja SET induk_id = NULL WHERE id IN (
                    SELECT u.id FROM pembinaan_unitkerja u
                    LEFT JOIN pembinaan_pegawai p ON p.unit_kerja_id = u.id
                    WHERE u.instansi_id = %s AND u.induk_id = ANY(%s)
                    GROUP BY u.id ORDER BY COUNT(p.id) DESC, u.id LIMIT %s)""", [inst.pk, akar, kurang])
    return inst


def _evaluasi(inst, today):
    """An annual period closed before today: a form for every active employee, about half submitted, most of the
    submitted ones before the deadline; each OPD's organisational predikat recorded."""
    tahun = today.year - 1
    periode = PeriodeEvaluasi.objects.create(
        instansi=inst, nama=f"Tahunan {tahun} (bench)", jenis="tahunan", mulai=datetime.date(tahun, 1, 1),
        selesai=datetime.date(tahun, 12, 31), tenggat=min(today, datetime.date(tahun + 1, 1, 31)), status="ditutup")
    with pgtrigger.ignore("evaluasi.Evaluasi:insert_insert"), connection.cursor() as cur:
        cur.execute("""
            INSERT INTO evaluasi_evaluasi (periode_id, pegawai_id, unit_kerja_id, status, rating_hasil_kerja,
                rating_perilaku_kerja, predikat, catatan_perilaku, umpan_balik, versi, alasan_dibuka_kembali, diubah,
                penilai_nama, penilai_nip, penilai_jabatan, penilai_unit, penilai_golongan)
            SELECT %s, p.id, p.unit_kerja_id, 'belum', '', '', '', '{}'::jsonb, '', 0, '', now(), '', '', '', '', ''
            FROM pembinaan_pegawai p WHERE p.instansi_id = %s AND p.status = 'aktif'""", [periode.pk, inst.pk])
    _fill(periode)
    with pgtrigger.ignore("evaluasi.Evaluasi:update_update"), connection.cursor() as cur:
        cur.execute("""UPDATE evaluasi_evaluasi SET diajukan_pada = %s::date - (id %% 40 - 8) * INTERVAL '1 day'
                       WHERE periode_id = %s AND status = 'diajukan'""", [periode.tenggat, periode.pk])
        cur.execute("""
            INSERT INTO evaluasi_predikatorganisasiunit (periode_id, unit_kerja_id, predikat, ditetapkan_pada)
            SELECT %s, u.id, (ARRAY['istimewa', 'baik', 'baik', 'butuh_perbaikan'])[1 + u.id %% 4], now()
            FROM pembinaan_unitkerja u WHERE u.instansi_id = %s AND u.induk_id IS NULL""", [periode.pk, inst.pk])
        cur.execute("ANALYZE")
    return periode


def run(results, *, factor, report, timed_requests=None, count_queries=None, **_):
    n = 25_000 // factor
    today = timezone.localdate()
    t = time.perf_counter()
    inst = _instansi(n)
    kredit = _ledger(inst, 8 * n, seed=31)
    _evaluasi(inst, today)
    jumlah = Pegawai.objects.filter(instansi=inst).count()
    opd = UnitKerja.objects.filter(instansi=inst, induk__isnull=True).count()
    print(f"  (data: {jumlah:,} employees, {opd} OPDs, {kredit:,} ledger rows, one annual evaluation period, "
          f"in {time.perf_counter() - t:.0f} s)")
    hr = f.hr_user(inst, username="hr.transparansi.bench")

    t = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        snap = layanan.transparansi_bangun_sinkron(actor=hr, instansi=inst, tanggal=today)
    detik = time.perf_counter() - t
    sel = snap.data["sel"]
    report(results, "transparansi_snapshot_25k_s", round(detik, 2),
           f"snapshot build, {jumlah:,} employees / {opd} OPDs: seconds (target <= 60)")
    report(results, "transparansi_snapshot_queries", len(ctx.captured_queries), "snapshot build: SQL queries")
    report(results, "transparansi_snapshot_sel", len(sel),
           f"snapshot cells ({sum(1 for s in sel if s['disembunyikan'])} hidden, {len(snap.data['unit'])} units)")
    if timed_requests is not None:
        _halaman_publik(results, hr, snap, report=report, timed_requests=timed_requests, count_queries=count_queries)


def _halaman_publik(results, hr, snap, *, report, timed_requests, count_queries):
    """The public page of that instansi, published, read anonymously (issue 12 part C): with the per-snapshot cache
    (the first request fills it), and with a dummy cache so that every request renders the page from the JSON."""
    from django.test import Client
    from django.urls import reverse

    layanan.transparansi_terbitkan(actor=hr, snapshot=snap)
    url = reverse("transparansi-instansi", kwargs={"kode": snap.instansi.kode})
    anonim = Client()
    tanpa_cache = {"CACHES": {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}}
    p50, p95 = timed_requests(anonim, [url] * 50)
    report(results, "transparansi_p50_ms", p50, "public transparency page (cached): p50 ms")
    report(results, "transparansi_p95_ms", p95, "public transparency page (cached): p95 ms (target <= 150)")
    p50, p95 = timed_requests(anonim, [url] * 20, tanpa_cache)
    report(results, "transparansi_uncached_p50_ms", p50, "public transparency page (no cache): p50 ms")
    report(results, "transparansi_uncached_p95_ms", p95, "public transparency page (no cache): p95 ms")
    report(results, "transparansi_queries", count_queries(anonim, url), "public transparency page: SQL queries")
