"""evaluasi's indicators of the public transparency page (issue 12), registered in ``EvaluasiConfig.ready``
through ``pembinaan.komposisi.daftar_indikator_transparansi``.

Everything here is derived from individual evaluations (UU KIP Pasal 17 huruf h): it uses the evaluation threshold
(k = TRANSPARANSI_K_EVALUASI) and the predikat breakdown is shown only for units with n ≥ TRANSPARANSI_N_PREDIKAT;
the snapshot builder applies those rules. The period is the latest one whose deadline had passed by the as-of date
(an annual period when there is one in the last twelve months). Three queries plus the period's; the
organisational predikat is the value HR recorded per OPD (``PredikatOrganisasiUnit``), published only for OPDs
shown by name.
"""

from datetime import timedelta

from django.db.models import Count, Q

from pembinaan.komposisi import daftar_indikator_transparansi
from pembinaan.transparansi_indikator import (
    PERSEN,
    PREDIKAT,
    PREDIKAT_ORGANISASI,
    Indikator,
    tambah_angka,
    tambah_pasangan,
)

from .models import Evaluasi, PeriodeEvaluasi, PredikatOrganisasi, PredikatOrganisasiUnit
from .predikat import Predikat

PRODUSEN = "BKPSDM (sistem pembinaan ASN)"


def periode_acuan(*, instansi, tanggal):
    """The period the page reports on: the latest opened period whose deadline is on or before ``tanggal``,
    preferring an annual one ending in the last twelve months."""
    qs = (PeriodeEvaluasi.objects.filter(instansi=instansi, tenggat__lte=tanggal)
          .exclude(status=PeriodeEvaluasi.Status.DRAFT).order_by("-tenggat", "-mulai"))
    tahunan = qs.filter(jenis=PeriodeEvaluasi.Jenis.TAHUNAN, tenggat__gt=tanggal - timedelta(days=366)).first()
    return tahunan or qs.first()


def indikator(konteks):
    periode = periode_acuan(instansi=konteks.instansi, tanggal=konteks.tanggal)
    if periode is None:
        return []
    diajukan = Q(status=Evaluasi.Status.DIAJUKAN)
    baris = (Evaluasi.objects.filter(periode=periode)
             .values_list("unit_kerja_id")
             .annotate(n=Count("id"),
                       tepat=Count("id", filter=diajukan & Q(diajukan_pada__date__lte=periode.tenggat)))
             .order_by())
    tepat = konteks.gulung([(u, "Tepat waktu", (t, n)) for u, n, t in baris], tambah_pasangan)
    predikat = (Evaluasi.objects.filter(periode=periode, status=Evaluasi.Status.DIAJUKAN)
                .values_list("unit_kerja_id", "predikat").annotate(n=Count("id")).order_by())
    dist = []
    for unit_id, p, n in predikat:
        dist.append((unit_id, Predikat(p).label, n))
    kelompok = "Kinerja"
    return [
        Indikator("evaluasi_tepat_waktu", f"Evaluasi kinerja diajukan tepat waktu ({periode.nama})",
                  f"Persentase formulir evaluasi kinerja periode {periode.nama} yang diajukan penilai paling lambat "
                  f"tenggat {periode.tenggat:%d-%m-%Y}, menurut perangkat daerah pegawai yang dinilai.",
                  "persen", kelompok, PRODUSEN, PERSEN, ["Tepat waktu"], tepat, k="evaluasi",
                  frekuensi="Per periode evaluasi"),
        Indikator("evaluasi_predikat", f"Sebaran predikat kinerja pegawai ({periode.nama})",
                  f"Jumlah evaluasi kinerja periode {periode.nama} yang telah diajukan menurut predikat "
                  "(PermenPANRB 6/2022). Rincian hanya untuk unit dengan jumlah evaluasi yang cukup; predikat "
                  "perorangan tidak pernah dipublikasikan.", "orang", kelompok, PRODUSEN, PREDIKAT,
                  list(Predikat.labels), konteks.gulung(dist, tambah_angka), k="evaluasi",
                  frekuensi="Per periode evaluasi"),
        Indikator("predikat_organisasi", f"Predikat kinerja organisasi ({periode.nama})",
                  "Capaian kinerja setiap perangkat daerah pada periode tersebut sebagaimana ditetapkan pimpinan "
                  "(SE MenPANRB 3/2023): hasil organisasi, bukan penilaian perorangan. Perangkat daerah yang "
                  "digabung ke \"Perangkat daerah lainnya\" tidak ditampilkan.", "predikat", kelompok, PRODUSEN,
                  PREDIKAT_ORGANISASI, ["Predikat organisasi"],
                  {opd: {"Predikat organisasi": PredikatOrganisasi(p).label}
                   for opd, p in PredikatOrganisasiUnit.objects.filter(periode=periode)
                   .values_list("unit_kerja_id", "predikat")},
                  frekuensi="Per periode evaluasi"),
    ]


def daftar():
    daftar_indikator_transparansi(40, indikator)
