"""Issue 11 §6 figures (needs derivation, part A): deriving the training needs of an instansi of 10,000 employees
× 9 standard competencies, with a year of evaluations (every active employee's annual form submitted, a tenth
with recommended competencies) and a year of JP (RekapJP): seconds and query count; then a rerun's seconds and
new rows (must be 0). Keys ``akp_derive_10k_s``, ``akp_derive_queries``, ``akp_rerun_s``, ``akp_rerun_new_rows``,
``akp_rows``.

Self-contained data: the instansi comes from ``generate_instansi`` (standards of the 9 manajerial and sosial
kultural competencies for every jabatan, assessed profiles for about half of the employees); evaluations and the
JP summary are written in one statement each (bench data: the history triggers are skipped)."""

import datetime
import time

import pgtrigger
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from evaluasi.models import PeriodeEvaluasi
from pelatihan.models import Kebutuhan, SiklusRencana, jendela_bawaan
from pelatihan.services.kebutuhan import kebutuhan_susun
from pembinaan.demo import generate_instansi
from pembinaan.models import Instansi


def _data(instansi, tahun_data):
    """A submitted annual evaluation for every active employee (all five predikat), recommendations for a tenth,
    and the JP of the year (0–40, a third below 20)."""
    periode, _ = PeriodeEvaluasi.objects.get_or_create(
        instansi=instansi, jenis="tahunan", mulai=datetime.date(tahun_data, 1, 1),
        defaults={"nama": f"Evaluasi tahunan {tahun_data}", "selesai": datetime.date(tahun_data, 12, 31),
                  "tenggat": datetime.date(tahun_data, 12, 31), "status": "ditutup"})
    with pgtrigger.ignore("evaluasi.Evaluasi:insert_insert"), connection.cursor() as cur:
        cur.execute("""
            INSERT INTO evaluasi_evaluasi (periode_id, pegawai_id, penilai_nama, penilai_nip, penilai_jabatan,
                penilai_unit, penilai_golongan, unit_kerja_id, status, rating_hasil_kerja, rating_perilaku_kerja,
                predikat, catatan_perilaku, umpan_balik, versi, diajukan_pada, alasan_dibuka_kembali, diubah)
            SELECT %s, p.id, '', '', '', '', '', p.unit_kerja_id, 'diajukan',
                (ARRAY['di_atas', 'sesuai', 'sesuai', 'di_bawah'])[1 + p.id %% 4],
                (ARRAY['di_atas', 'sesuai', 'di_bawah'])[1 + p.id %% 3],
                CASE WHEN p.id %% 4 = 0 AND p.id %% 3 = 0 THEN 'sangat_baik'
                     WHEN p.id %% 4 < 3 AND p.id %% 3 = 2 THEN 'kurang'
                     WHEN p.id %% 4 < 3 THEN 'baik'
                     WHEN p.id %% 3 = 2 THEN 'sangat_kurang' ELSE 'butuh_perbaikan' END,
                '{}', '', 1, now(), '', now()
            FROM pembinaan_pegawai p WHERE p.instansi_id = %s AND p.status = 'aktif'
            ON CONFLICT DO NOTHING""", [periode.pk, instansi.pk])
        cur.execute("""
            INSERT INTO evaluasi_evaluasi_rekomendasi (evaluasi_id, kompetensi_id)
            SELECT e.id, k.id FROM evaluasi_evaluasi e
            JOIN LATERAL (SELECT id FROM pembinaan_kompetensi WHERE instansi_id IS NULL
                          ORDER BY id OFFSET e.id %% 9 LIMIT 1) k ON true
            WHERE e.periode_id = %s AND e.id %% 10 = 0 ON CONFLICT DO NOTHING""", [periode.pk])
        cur.execute("""
            INSERT INTO pelatihan_rekapjp (pegawai_id, tahun, total)
            SELECT p.id, %s, (p.id * 7) %% 41 FROM pembinaan_pegawai p WHERE p.instansi_id = %s
            ON CONFLICT (pegawai_id, tahun) DO UPDATE SET total = EXCLUDED.total""", [tahun_data, instansi.pk])
    with connection.cursor() as cur:
        for tabel in ("evaluasi_evaluasi", "evaluasi_evaluasi_rekomendasi", "pelatihan_rekapjp",
                      "pembinaan_profilkompetensi", "pembinaan_standarkompetensijabatan"):
            cur.execute(f"VACUUM ANALYZE {tabel}")  # steady state, as autovacuum leaves it


def run(results, *, factor, report, **_):
    n = 10_000 // factor
    t = time.perf_counter()
    inst = Instansi.objects.filter(kode="BENCH-AKP").first()
    if inst is None or not inst.pegawai.exists():
        inst = generate_instansi(kode="BENCH-AKP", nama="Pemerintah Kabupaten Bench AKP", jumlah_pegawai=n)
    tahun = timezone.localdate().year + 1
    _data(inst, tahun - 1)
    aktif = inst.pegawai.filter(status="aktif").count()
    print(f"  (generated {n} employees ({aktif} active), evaluations and JP of {tahun - 1} in "
          f"{time.perf_counter() - t:.1f} s)")
    SiklusRencana.objects.filter(instansi=inst, tahun=tahun).delete()
    siklus = SiklusRencana.objects.create(instansi=inst, tahun=tahun, tahap="pengumpulan", **jendela_bawaan(tahun))

    label = f"{n:,} employees x 9 competencies"
    with CaptureQueriesContext(connection) as ctx:
        t = time.perf_counter()
        pertama = kebutuhan_susun(siklus_id=siklus.pk)
        detik = time.perf_counter() - t
    baris = Kebutuhan.objects.filter(siklus=siklus).count()
    report(results, "akp_derive_10k_s", detik, f"needs derivation, {label}: seconds (target <= 60)")
    report(results, "akp_derive_queries", len(ctx.captured_queries), "needs derivation: queries")
    report(results, "akp_rows", baris, "needs derived (rows)")
    for sumber, label_sumber in Kebutuhan.Sumber.choices:
        if sumber in pertama:
            print(f"    {label_sumber:<40} {pertama[sumber]['total']:>8}")

    t = time.perf_counter()
    kedua = kebutuhan_susun(siklus_id=siklus.pk)
    report(results, "akp_rerun_s", time.perf_counter() - t, "needs derivation rerun: seconds")
    report(results, "akp_rerun_new_rows", sum(v["baru"] for v in kedua.values()),
           "needs derivation rerun: new rows (must be 0)")
    assert Kebutuhan.objects.filter(siklus=siklus).count() == baris
