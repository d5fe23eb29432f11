"""What evaluasi/ gives the yearly needs derivation of pelatihan/ (issue 11), registered through
``pembinaan.komposisi.daftar_sumber_kebutuhan``: pelatihan/ does not import evaluasi/ (the dependency runs
evaluasi → pelatihan → pembinaan), so the performance data reach it as plain dicts.

- Performance gap (PP 11/2017 Pasal 206 "analisis kesenjangan kinerja"): the employee's last submitted annual
  evaluation (a period starting in year N-1 or N) with predikat Butuh Perbaikan, Kurang/Misconduct or Sangat Kurang
  gives one need without a competency, linked to that evaluation.
- Recommended competencies: each competency the evaluator recommended on a submitted form of a period starting in
  year N-1 or N gives one need with that competency, linked to the latest form that recommends it.
"""

from django.urls import reverse

from pelatihan.models import Kebutuhan

from .models import Evaluasi, PeriodeEvaluasi
from .predikat import Predikat

PREDIKAT_KURANG = {
    Predikat.BUTUH_PERBAIKAN: Kebutuhan.Prioritas.SEDANG,
    Predikat.KURANG: Kebutuhan.Prioritas.TINGGI,
    Predikat.SANGAT_KURANG: Kebutuhan.Prioritas.TINGGI,
}


def kebutuhan_kinerja(*, instansi_id, tahun, pegawai_ids):
    """Needs from performance: two queries whatever the number of employees."""
    dasar = Evaluasi.objects.filter(pegawai_id__in=pegawai_ids, periode__instansi_id=instansi_id,
                                    status=Evaluasi.Status.DIAJUKAN,
                                    periode__mulai__year__gte=tahun - 1, periode__mulai__year__lte=tahun)
    hasil = []
    terakhir = (dasar.filter(periode__jenis=PeriodeEvaluasi.Jenis.TAHUNAN)
                .order_by("pegawai_id", "-periode__mulai").distinct("pegawai_id")
                .values("id", "pegawai_id", "predikat", "periode__nama"))
    for e in terakhir:
        if e["predikat"] in PREDIKAT_KURANG:
            hasil.append({
                "pegawai_id": e["pegawai_id"], "sumber": Kebutuhan.Sumber.KINERJA, "kompetensi_id": None,
                "rujukan_jenis": Kebutuhan.Rujukan.EVALUASI, "rujukan_id": e["id"],
                "keterangan": f"Predikat {Predikat(e['predikat']).label} ({e['periode__nama']})"[:255],
                "prioritas": PREDIKAT_KURANG[e["predikat"]],
            })
    rekomendasi = (Evaluasi.rekomendasi.through.objects.filter(evaluasi__in=dasar)
                   .order_by("evaluasi__pegawai_id", "kompetensi_id", "-evaluasi__periode__mulai")
                   .distinct("evaluasi__pegawai_id", "kompetensi_id")
                   .values("evaluasi_id", "evaluasi__pegawai_id", "kompetensi_id", "evaluasi__periode__nama"))
    for r in rekomendasi:
        hasil.append({
            "pegawai_id": r["evaluasi__pegawai_id"], "sumber": Kebutuhan.Sumber.REKOMENDASI,
            "kompetensi_id": r["kompetensi_id"], "rujukan_jenis": Kebutuhan.Rujukan.EVALUASI,
            "rujukan_id": r["evaluasi_id"],
            "keterangan": f"Direkomendasikan penilai ({r['evaluasi__periode__nama']})"[:255],
            "prioritas": Kebutuhan.Prioritas.SEDANG,
        })
    return hasil


def tautan_evaluasi(rujukan_id):
    """The employee reads their submitted results (with the recommendations) on one page."""
    return reverse("evaluasi:hasil-list")


def daftar():
    from pembinaan.komposisi import daftar_sumber_kebutuhan, daftar_tautan_rujukan

    daftar_sumber_kebutuhan(10, kebutuhan_kinerja)
    daftar_tautan_rujukan(Kebutuhan.Rujukan.EVALUASI, tautan_evaluasi)
