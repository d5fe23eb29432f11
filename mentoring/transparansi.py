"""mentoring's indicators of the public transparency page (issue 12), registered in ``MentoringConfig.ready``
through ``pembinaan.komposisi.daftar_indikator_transparansi``: active pairs and confirmed sessions, per OPD of the
mentee. Two grouped queries; the disclosure rules are applied by the snapshot builder."""

from django.db.models import Count, Q

from pembinaan.komposisi import daftar_indikator_transparansi
from pembinaan.transparansi_indikator import HITUNGAN, Indikator, tambah_angka

from .models import PasanganMentoring, SesiMentoring

PRODUSEN = "BKPSDM (sistem pembinaan ASN)"


def indikator(konteks):
    tanggal = konteks.tanggal
    S = PasanganMentoring.Status
    # Active on the as-of date: started by then and not ended before it (still active, or ended after it).
    aktif = (PasanganMentoring.objects
             .filter(instansi=konteks.instansi, rencana_mulai__lte=tanggal)
             .filter(Q(status=S.AKTIF) | Q(status__in=[S.SELESAI, S.DIBATALKAN], diakhiri_pada__date__gt=tanggal))
             .values_list("mentee__unit_kerja_id").annotate(n=Count("id")).order_by())
    sesi = (SesiMentoring.objects
            .filter(pasangan__instansi=konteks.instansi, status=SesiMentoring.Status.DIKONFIRMASI,
                    tanggal__range=(konteks.awal_tahun, tanggal))
            .values_list("pasangan__mentee__unit_kerja_id").annotate(n=Count("id")).order_by())
    kelompok = "Pengembangan kompetensi"
    return [
        Indikator("mentoring_pasangan_aktif", "Pasangan mentoring aktif",
                  "Pasangan mentor–mentee yang aktif pada tanggal data, menurut perangkat daerah mentee.",
                  "pasangan", kelompok, PRODUSEN, HITUNGAN, ["Pasangan aktif"],
                  konteks.gulung([(u, "Pasangan aktif", n) for u, n in aktif], tambah_angka)),
        Indikator("mentoring_sesi", f"Sesi mentoring tahun {konteks.tahun}",
                  "Sesi mentoring yang dikonfirmasi kedua pihak sejak 1 Januari sampai tanggal data, menurut "
                  "perangkat daerah mentee.", "sesi", kelompok, PRODUSEN, HITUNGAN, ["Sesi"],
                  konteks.gulung([(u, "Sesi", n) for u, n in sesi], tambah_angka)),
    ]


def daftar():
    daftar_indikator_transparansi(30, indikator)
