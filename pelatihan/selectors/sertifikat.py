"""Reads of certificates: the signatory, what a certificate prints (and its PDF, ZIP), the public verification,
an employee's list."""

import io
import zipfile

from django.db.models import Max, Min
from django.utils import timezone

from pembinaan import referensi as ref

from .. import sertifikat as render
from ..models import PenandatanganSertifikat, Peserta, Sertifikat, SesiPelatihan

# ---------------------------------------------------------------------------- the signatory (HR)

def penandatangan(*, instansi_id):
    """The instansi's certificate signatory, or None (one query)."""
    return PenandatanganSertifikat.objects.filter(instansi_id=instansi_id).first()


# ---------------------------------------------------------------------------- reads

def _tanggal_program(program_id):
    return SesiPelatihan.objects.filter(program_id=program_id).aggregate(mulai=Min("tanggal"), selesai=Max("tanggal"))


_SERTIFIKAT_LENGKAP = ("peserta__pegawai", "peserta__program__instansi", "peserta__program__bentuk",
                       "peserta__program__penyelenggara")


def _data(s, tanggal, ttd):
    pegawai, program = s.peserta.pegawai, s.peserta.program
    return render.DataSertifikat(
        nomor=s.nomor, kode_verifikasi=s.kode_verifikasi, instansi=program.instansi.nama,
        nama=pegawai.nama_lengkap, label_nip="NI PPPK" if pegawai.jenis_asn in ref.JENIS_PPPK else "NIP",
        nip=pegawai.nip_tampil, judul=program.judul, bentuk=program.bentuk.nama,
        mulai=tanggal["mulai"], selesai=tanggal["selesai"], jp=program.jp, penyelenggara=program.penyelenggara.nama,
        diterbitkan=timezone.localdate(s.diterbitkan),
        ttd_nama=ttd.nama if ttd else "", ttd_jabatan=ttd.jabatan if ttd else "",
        ttd_nip=render.nip_tampil(ttd.nip) if ttd and ttd.nip else "")


def sertifikat_data(*, sertifikat):
    """Everything printed on the certificate (three queries)."""
    s = Sertifikat.objects.select_related(*_SERTIFIKAT_LENGKAP).get(pk=sertifikat.pk)
    program = s.peserta.program
    return _data(s, _tanggal_program(program.pk), penandatangan(instansi_id=program.instansi_id))


def sertifikat_pdf(*, sertifikat, compress=True):
    """The certificate as PDF bytes, generated in memory on each request (nothing stored)."""
    return render.render_pdf(sertifikat_data(sertifikat=sertifikat), compress=compress)


def sertifikat_program_zip(*, program):
    """Every valid certificate of a programme (its holder still stands as passed) as PDFs in one ZIP, or None
    when there is none. Three queries whatever the number of participants."""
    daftar = list(Sertifikat.objects.filter(peserta__program=program, peserta__status=Peserta.Status.LULUS)
                  .select_related(*_SERTIFIKAT_LENGKAP).order_by("nomor"))
    if not daftar:
        return None
    tanggal = _tanggal_program(program.pk)
    ttd = penandatangan(instansi_id=program.instansi_id)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for s in daftar:
            nama = f"sertifikat-{s.nomor.replace('/', '-')}-{s.peserta.pegawai.nip}.pdf"
            z.writestr(nama, render.render_pdf(_data(s, tanggal, ttd)))
    return buf.getvalue()


def sertifikat_verifikasi(*, kode):
    """What the public verification page may show for ``kode``, or None: holder, programme, dates, JP and
    issuer, nothing more (no NIP, no scores). A certificate whose holder no longer stands as passed is
    not shown."""
    kode = (kode or "").strip().upper()
    if not kode or len(kode) > 20:
        return None
    s = (Sertifikat.objects.select_related("peserta__pegawai", "peserta__program__instansi",
                                           "peserta__program__penyelenggara")
         .filter(kode_verifikasi=kode, peserta__status=Peserta.Status.LULUS).first())
    if s is None:
        return None
    program = s.peserta.program
    tanggal = _tanggal_program(program.pk)
    return {
        "kode": s.kode_verifikasi, "nama": s.peserta.pegawai.nama_lengkap, "judul": program.judul,
        "mulai": tanggal["mulai"], "selesai": tanggal["selesai"],
        "tanggal": render.rentang_tanggal(tanggal["mulai"], tanggal["selesai"]),
        "jp": program.jp, "instansi": program.instansi.nama, "penyelenggara": program.penyelenggara.nama,
    }


def sertifikat_saya(*, pegawai):
    """An employee's certificates, newest first (one query)."""
    return list(Sertifikat.objects.filter(peserta__pegawai=pegawai, peserta__status=Peserta.Status.LULUS)
                .select_related("peserta__program__penyelenggara").order_by("-diterbitkan"))
