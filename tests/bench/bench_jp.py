"""Issue 3 figures: the per-unit 20 JP attainment page and an employee's JP page at 100,000 employees and
1,000,000 ledger rows (query counts small vs large, p50/p95 over 50 requests)."""

import datetime
import random
import time

import pgtrigger
from django.db import connection, transaction
from django.test import Client

from pelatihan.models import BentukPelatihan, KreditJP, Mitra, Peserta, ProgramPelatihan
from pembinaan import bulk
from pembinaan.models import Instansi, Pegawai
from tests import factories as f


def _ledger(instansi, rows_wanted, seed=11):
    """Programmes with participants, and one credit per passed participant, written with COPY."""
    rnd = random.Random(seed)
    pegawai_ids = list(Pegawai.objects.filter(instansi=instansi).values_list("id", flat=True))
    mitra = Mitra.objects.create(instansi=instansi, nama=f"BPSDM bench {instansi.kode}", jenis="bpsdm")
    bentuk = list(BentukPelatihan.objects.all())
    per_program = 500
    n_program = max(1, rows_wanted // per_program)
    programs = ProgramPelatihan.objects.bulk_create([
        ProgramPelatihan(instansi=instansi, judul=f"Pelatihan {i}", bentuk=rnd.choice(bentuk), penyelenggara=mitra,
                         jp=rnd.choice([2, 3, 4, 5, 8, 10]), status="selesai") for i in range(n_program)])
    peserta_ids = bulk.reserve_ids(Peserta, n_program * per_program)
    now = datetime.datetime.now(datetime.UTC)
    peserta, kredit = [], []
    it = iter(peserta_ids)
    for program in programs:
        tanggal = datetime.date(2026, 1, 1) + datetime.timedelta(days=rnd.randrange(0, 330))
        for pid in rnd.sample(pegawai_ids, min(per_program, len(pegawai_ids))):
            pk = next(it)
            peserta.append({"id": pk, "program_id": program.pk, "pegawai_id": pid, "status": "lulus", "sumber": "hr",
                            "persen_hadir": 100, "dibuat": now})
            kredit.append({"pegawai_id": pid, "tanggal": tanggal, "jp": program.jp, "keterangan": program.judul,
                           "peserta_id": pk, "dibuat": now})
    with transaction.atomic(), pgtrigger.ignore("pelatihan.KreditJP:insert_insert"):
        bulk.copy_rows(Peserta, peserta)
        bulk.copy_rows(KreditJP, kredit)
    with connection.cursor() as cur:
        cur.execute("""INSERT INTO pelatihan_rekapjp (pegawai_id, tahun, total)
                       SELECT k.pegawai_id, EXTRACT(YEAR FROM k.tanggal)::int, SUM(k.jp)
                       FROM pelatihan_kreditjp k JOIN pembinaan_pegawai p ON p.id = k.pegawai_id
                       WHERE p.instansi_id = %s GROUP BY 1, 2
                       ON CONFLICT (pegawai_id, tahun) DO UPDATE SET total = EXCLUDED.total""", [instansi.pk])
        cur.execute("ANALYZE pelatihan_programpelatihan, pelatihan_peserta, pelatihan_kreditjp, pelatihan_rekapjp")
    return len(kredit)


def run(results, *, factor, report, timed_requests, count_queries, **_):
    big = Instansi.objects.get(kode="BENCH-BESAR")
    small = Instansi.objects.get(kode="BENCH-KECIL")
    t = time.perf_counter()
    n = _ledger(big, 1_000_000 // factor)
    _ledger(small, 2_000 // factor, seed=12)
    print(f"  (ledger: {n} rows for {Pegawai.objects.filter(instansi=big).count()} employees "
          f"in {time.perf_counter() - t:.0f} s)")
    hr = Client()
    hr.force_login(f.hr_user(big, username="hr.jp.bench"))
    hr_small = Client()
    hr_small.force_login(f.hr_user(small, username="hr.jp.kecil"))
    url = "/pelatihan/jp/unit/?tahun=2026"
    p50, p95 = timed_requests(hr, [url] * 50)
    report(results, "jp_unit_p50_ms", p50, "20 JP attainment per unit: p50 ms")
    report(results, "jp_unit_p95_ms", p95, "20 JP attainment per unit: p95 ms (target <= 300)")
    report(results, "jp_unit_queries_small", count_queries(hr_small, url), "attainment page queries, small instansi")
    report(results, "jp_unit_queries_large", count_queries(hr, url), "attainment page queries, large instansi")

    # An employee with a typical year of credits opens "JP saya".
    pegawai = Pegawai.objects.filter(instansi=big, kredit_jp__isnull=False).order_by("id").first()
    me = Client()
    me.force_login(f.pegawai_user(pegawai))
    p50, p95 = timed_requests(me, ["/pelatihan/jp/?tahun=2026"] * 50)
    report(results, "jp_pegawai_p50_ms", p50, "employee's JP page: p50 ms")
    report(results, "jp_pegawai_p95_ms", p95, "employee's JP page: p95 ms (target <= 300)")
    report(results, "jp_pegawai_queries", count_queries(me, "/pelatihan/jp/?tahun=2026"), "employee's JP page queries")
