"""Issue 11 §6 figures (realisation of the plan): the realisation page per OPD at 25,000 employees and 500 plan lines
(p50/p95 over 40 requests, one per OPD in turn; query counts small vs large; target <= 200 ms, constant), the same
page for all OPDs at once and the year-end monev report.

Self-contained (does not need the 'pembinaan' section): the instansi comes from ``generate_instansi``; a set plan
of the current year with 500 lines, each answering the needs of about 40 employees (20,000 needs); two lines in
three have a linked programme (half of them closed), whose passes are credited in the ledger; 200 programmes outside
the plan credit another 50,000 rows; the yearly summary (RekapJP) is rebuilt from the ledger. Written with COPY."""

import datetime
import random
import time

import pgtrigger
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pelatihan.models import (
    BentukPelatihan,
    Kebutuhan,
    KreditJP,
    Mitra,
    Peserta,
    ProgramPelatihan,
    RencanaItem,
    SesiPelatihan,
    SiklusRencana,
    jendela_bawaan,
)
from pembinaan import bulk
from pembinaan.demo import generate_instansi
from pembinaan.models import Instansi, Kompetensi, UnitKerja
from tests import factories as f


def _instansi(kode, nama, n):
    inst = Instansi.objects.filter(kode=kode).first()
    if inst is None or not inst.pegawai.exists():
        inst = generate_instansi(kode=kode, nama=nama, jumlah_pegawai=n)
    return inst


def _akar(instansi):
    induk = dict(UnitKerja.objects.filter(instansi=instansi).values_list("id", "induk_id"))
    akar = {}
    for uid in induk:
        x = uid
        while induk.get(x) is not None:
            x = induk[x]
        akar[uid] = x
    return akar


def _rencana(instansi, *, lines, per_line, luar, per_luar, seed):
    """The set plan of this year with its lines, needs, linked programmes and ledger; programmes outside the plan."""
    rnd = random.Random(seed)
    today = timezone.localdate()
    tahun = today.year
    akar = _akar(instansi)
    staf = list(instansi.pegawai.filter(status="aktif").values_list("id", "unit_kerja_id"))
    kompetensi = list(Kompetensi.objects.filter(instansi__isnull=True).values_list("id", flat=True))
    bentuk = list(BentukPelatihan.objects.filter(klasikal=True))
    siklus = SiklusRencana.objects.create(instansi=instansi, tahun=tahun, tahap=SiklusRencana.Tahap.BERJALAN, versi=1,
                                          **jendela_bawaan(tahun))
    mitra = Mitra.objects.create(instansi=instansi, nama=f"BPSDM bench rencana {instansi.kode}", jenis="bpsdm")
    items = RencanaItem.objects.bulk_create([
        RencanaItem(siklus=siklus, nomor=i + 1, nama_program=f"Program rencana {i + 1}", bentuk=rnd.choice(bentuk),
                    triwulan=1 + i % 4, jp=rnd.choice([8, 12, 16, 20, 24]), biaya_satuan=1_500_000,
                    total_biaya=1_500_000 * per_line, realisasi_biaya=None if i % 3 else 1_400_000 * per_line)
        for i in range(lines)])
    now = datetime.datetime.now(datetime.UTC)
    keb_ids = iter(bulk.reserve_ids(Kebutuhan, lines * per_line))
    kebutuhan, m2m, target = [], [], {}
    sudah = set()  # (employee, competency): one need per source and competency (the unique constraint)
    for i, it in enumerate(items):
        komp = kompetensi[i % len(kompetensi)]
        orang = [(pid, unit) for pid, unit in rnd.sample(staf, min(per_line, len(staf))) if (pid, komp) not in sudah]
        sudah.update((pid, komp) for pid, _ in orang)
        target[it.pk] = orang
        for pid, unit in orang:
            kid = next(keb_ids)
            kebutuhan.append({"id": kid, "siklus_id": siklus.pk, "pegawai_id": pid, "opd_id": akar.get(unit),
                              "kompetensi_id": komp, "sumber": "kompetensi", "diturunkan": True, "jenis_wajib": "",
                              "level_standar": 3, "level_kini": 2, "kesenjangan": 1, "keterangan": "",
                              "prioritas": 2, "alasan_prioritas": "", "rujukan_jenis": "", "status": "masuk_rencana",
                              "alasan_status": "", "alasan_usulan": "", "dibuat": now, "diubah": now})
            m2m.append({"rencanaitem_id": it.pk, "kebutuhan_id": kid})
    # Programmes: two lines in three linked (half closed), then those outside the plan.
    program_rows, sesi_rows, peserta_rows, kredit_rows = [], [], [], []
    prog_ids = iter(bulk.reserve_ids(ProgramPelatihan, lines + luar))
    ps_ids = iter(bulk.reserve_ids(Peserta, lines * per_line * 2 + luar * per_luar))

    def program(judul, jp, item_id, selesai, orang, tanggal):
        pk = next(prog_ids)
        program_rows.append({"id": pk, "instansi_id": instansi.pk, "judul": judul, "bentuk_id": rnd.choice(bentuk).pk,
                             "penyelenggara_id": mitra.pk, "deskripsi": "", "jp": jp, "kuota": 60, "mode": "tatap_muka",
                             "lokasi": "", "tautan": "", "status": "selesai" if selesai else "berjalan",
                             "alasan_batal": "", "pendaftaran_mandiri": False, "ambang_kehadiran": 80,
                             "pakai_post_test": False, "nilai_lulus": 70, "rencana_item_id": item_id, "dibuat": now})
        sesi_rows.append({"program_id": pk, "tanggal": tanggal, "jam_mulai": datetime.time(8), "topik": judul,
                          "jam_selesai": datetime.time(16), "tempat": "", "tautan": ""})
        for pid in orang:
            ps = next(ps_ids)
            peserta_rows.append({"id": ps, "program_id": pk, "pegawai_id": pid, "sumber": "hr", "dibuat": now,
                                 "status": "lulus" if selesai else "terdaftar",
                                 "persen_hadir": 100 if selesai else None})
            if selesai:
                kredit_rows.append({"pegawai_id": pid, "tanggal": tanggal, "jp": jp, "keterangan": judul,
                                    "peserta_id": ps, "dibuat": now})

    hari = max((today - datetime.date(tahun, 1, 1)).days, 1)
    for i, it in enumerate(items):
        if i % 3 == 2:
            continue
        orang = [pid for pid, _ in target[it.pk] if rnd.random() < 0.85] + [pid for pid, _ in rnd.sample(staf, 5)]
        program(f"{it.nama_program} angkatan I", it.jp, it.pk, i % 2 == 0, list(dict.fromkeys(orang)),
                datetime.date(tahun, 1, 1) + datetime.timedelta(days=rnd.randrange(hari)))
    for i in range(luar):
        program(f"Bimtek di luar rencana {i + 1}", rnd.choice([4, 8, 12]), None, True,
                [pid for pid, _ in rnd.sample(staf, min(per_luar, len(staf)))],
                datetime.date(tahun, 1, 1) + datetime.timedelta(days=rnd.randrange(hari)))
    with transaction.atomic(), pgtrigger.ignore("pelatihan.KreditJP:insert_insert"):
        bulk.copy_rows(Kebutuhan, kebutuhan)
        bulk.copy_rows(RencanaItem.kebutuhan.through, m2m)
        bulk.copy_rows(ProgramPelatihan, program_rows)
        bulk.copy_rows(SesiPelatihan, sesi_rows)
        bulk.copy_rows(Peserta, peserta_rows)
        bulk.copy_rows(KreditJP, kredit_rows)
    with connection.cursor() as cur:
        cur.execute("""INSERT INTO pelatihan_rekapjp (pegawai_id, tahun, total)
                       SELECT k.pegawai_id, EXTRACT(YEAR FROM k.tanggal)::int, SUM(k.jp)
                       FROM pelatihan_kreditjp k JOIN pembinaan_pegawai p ON p.id = k.pegawai_id
                       WHERE p.instansi_id = %s GROUP BY 1, 2
                       ON CONFLICT (pegawai_id, tahun) DO UPDATE SET total = EXCLUDED.total""", [instansi.pk])
        for tabel in ("pelatihan_kebutuhan", "pelatihan_rencanaitem_kebutuhan", "pelatihan_programpelatihan",
                      "pelatihan_peserta", "pelatihan_kreditjp", "pelatihan_rekapjp", "pelatihan_sesipelatihan"):
            cur.execute(f"VACUUM ANALYZE {tabel}")  # steady state, as autovacuum leaves it
    return siklus, len(kebutuhan), len(kredit_rows)


def run(results, *, factor, report, timed_requests, count_queries, **_):
    n = 25_000 // factor
    t = time.perf_counter()
    big = _instansi("BENCH-RENCANA", "Pemerintah Provinsi Bench Rencana", n)
    small = _instansi("BENCH-RENCANA-KECIL", "Pemerintah Kabupaten Bench Rencana", max(60, 600 // factor))
    print(f"  (generated {n} + {small.pegawai.count()} employees in {time.perf_counter() - t:.1f} s)")
    t = time.perf_counter()
    lines = 500
    siklus, n_keb, n_kredit = _rencana(big, lines=lines, per_line=max(5, 40 // factor), luar=200 // factor,
                                       per_luar=250, seed=111)
    siklus_kecil, _, _ = _rencana(small, lines=10, per_line=5, luar=3, per_luar=10, seed=112)
    print(f"  ({lines} plan lines, {n_keb} needs, {n_kredit} ledger rows (plan and outside it) in "
          f"{time.perf_counter() - t:.1f} s)")
    client = Client()
    client.force_login(f.hr_user(big, username="hr.bench.rencana"))
    small_client = Client()
    small_client.force_login(f.hr_user(small, username="hr.bench.rencana.kecil"))
    url = reverse("pelatihan:rencana-realisasi", args=[siklus.pk])
    opd = list(UnitKerja.objects.filter(instansi=big, induk__isnull=True).values_list("id", flat=True))
    urls = [f"{url}?opd={opd[i % len(opd)]}" for i in range(40)]
    client.get(urls[0])  # warm-up
    p50, p95 = timed_requests(client, urls)
    label = f"{n:,} employees, {lines} lines"
    report(results, "realisasi_p50_ms", p50, f"realisation page per OPD at {label}: p50 ms")
    report(results, "realisasi_p95_ms", p95, f"realisation page per OPD at {label}: p95 ms (target <= 200)")
    url_kecil = reverse("pelatihan:rencana-realisasi", args=[siklus_kecil.pk])
    report(results, "realisasi_queries_small", count_queries(small_client, url_kecil),
           "realisation page queries, 10 lines")
    report(results, "realisasi_queries_large", count_queries(client, urls[0]),
           f"realisation page queries, {lines} lines")
    p50, p95 = timed_requests(client, [url] * 10)  # every OPD at once (HR's and pimpinan's first view)
    report(results, "realisasi_semua_p95_ms", p95, f"realisation page, all OPDs, at {label}: p95 ms")
    p50, p95 = timed_requests(client, [reverse("pelatihan:rencana-monev", args=[siklus.pk])] * 10)
    report(results, "monev_p95_ms", p95, f"monev report at {label}: p95 ms")
