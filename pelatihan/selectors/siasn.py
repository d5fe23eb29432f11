"""Reads of the SIASN training-history export: the credited learning of a period and unit, one row per ledger
credit, with what SIASN's riwayat diklat / riwayat kursus ask (docs/domain.md "Ekspor riwayat SIASN")."""

from dataclasses import dataclass

from django.db.models import Max, Min

from ..models import KreditJP, SesiPelatihan


@dataclass
class BarisRiwayat:
    nip: str
    pns_id: str
    nama_pegawai: str
    jenis_asn: str
    jenis_diklat_id: int
    jenis_diklat: str
    nama: str
    penyelenggara: str
    jp: int
    nomor_sertifikat: str
    mulai: object
    selesai: object
    sumber: str


def riwayat_siasn(*, instansi, dari, sampai, unit_id=None):
    """Credits dated ``dari``..``sampai`` of the instansi's employees (of ``unit_id`` and its sub-units when
    given) whose source is a programme or a verified learning report. Mentoring sessions are left out (a JP credit
    per session is not a SIASN course). Three queries whatever the number of rows."""
    qs = (KreditJP.objects.filter(pegawai__instansi=instansi, tanggal__range=(dari, sampai))
          .filter(sesi_mentoring_id__isnull=True)
          .select_related("pegawai", "peserta__program__bentuk", "peserta__program__penyelenggara",
                          "peserta__sertifikat", "laporan__bentuk")
          .order_by("pegawai__nama", "pegawai_id", "tanggal", "id"))
    if unit_id:
        from pembinaan.selectors import unit_dan_subunit

        qs = qs.filter(pegawai__unit_kerja_id__in=unit_dan_subunit(unit_id))
    kredit = list(qs)
    program_ids = {k.peserta.program_id for k in kredit if k.peserta_id}
    jadwal = {r["program"]: (r["mulai"], r["selesai"]) for r in SesiPelatihan.objects.filter(program__in=program_ids)
              .values("program").annotate(mulai=Min("tanggal"), selesai=Max("tanggal"))}
    return [_baris(k, jadwal) for k in kredit]


def _baris(k, jadwal):
    p = k.pegawai
    umum = {"nip": p.nip, "pns_id": p.pns_id, "nama_pegawai": p.nama_lengkap, "jenis_asn": p.jenis_asn,
            "jp": k.jp}
    if k.peserta_id:
        program = k.peserta.program
        sertifikat = getattr(k.peserta, "sertifikat", None)
        mulai, selesai = jadwal.get(program.id, (k.tanggal, k.tanggal))  # an online course has no sessions
        return BarisRiwayat(**umum, jenis_diklat_id=program.bentuk.siasn_jenis_diklat_id,
                            jenis_diklat=program.bentuk.nama, nama=program.judul,
                            penyelenggara=program.penyelenggara.nama,
                            nomor_sertifikat=sertifikat.nomor if sertifikat else "", mulai=mulai, selesai=selesai,
                            sumber="Program pelatihan")
    lap = k.laporan
    return BarisRiwayat(**umum, jenis_diklat_id=lap.bentuk.siasn_jenis_diklat_id, jenis_diklat=lap.bentuk.nama,
                        nama=lap.judul, penyelenggara=lap.penyelenggara, nomor_sertifikat="",
                        mulai=lap.tanggal_mulai, selesai=lap.tanggal_selesai, sumber="Laporan belajar mandiri")
