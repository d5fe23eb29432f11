"""Certificates: issuing (number + verification code), the PDF, and the public verification lookup."""

import io
import secrets
import zipfile

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Func, IntegerField, Max, Min, Value
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from pembinaan import access as base
from pembinaan import referensi as ref
from pembinaan.models import Instansi, Notifikasi, Pegawai
from pembinaan.services.notifikasi import notifikasi_queue

from .. import access
from .. import sertifikat as render
from ..models import PenandatanganSertifikat, Peserta, Sertifikat, SesiPelatihan

JENIS_NOTIFIKASI = "sertifikat_terbit"

# No 0/O, 1/I/L: a code read off paper and typed by hand must not be ambiguous. 31^10 ≈ 8·10^14 codes.
ALFABET_KODE = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
PANJANG_KODE = 10


def kode_verifikasi_baru():
    return "".join(secrets.choice(ALFABET_KODE) for _ in range(PANJANG_KODE))


class _SplitPart(Func):
    function = "split_part"


@transaction.atomic
def sertifikat_issue(*, peserta):
    """The certificate of a participant who passed; a second call returns the same one.

    Number ``{seq:05d}/SERT/{KODE-INSTANSI}/{year}``, the sequence per instansi and year of issue.
    Concurrent issues are serialised by a lock on the instansi row (``FOR NO KEY UPDATE``, so rows that
    merely reference the instansi are not blocked); the participant row is locked first, so two calls
    for the same participant cannot both create one.
    """
    peserta = (Peserta.objects.select_for_update(of=("self",), no_key=True)
               .select_related("program").get(pk=peserta.pk))
    if peserta.status != Peserta.Status.LULUS:
        raise ValidationError("Sertifikat hanya diterbitkan untuk peserta yang lulus.")
    existing = Sertifikat.objects.filter(peserta=peserta).first()
    if existing is not None:
        return existing
    instansi = Instansi.objects.select_for_update(no_key=True).get(pk=peserta.program.instansi_id)
    tahun = timezone.localdate().year
    akhiran = f"/SERT/{instansi.kode.upper()}/{tahun}"
    terakhir = (Sertifikat.objects.filter(nomor__endswith=akhiran)
                .aggregate(n=Max(Cast(_SplitPart("nomor", Value("/"), Value(1)), IntegerField())))["n"]) or 0
    kode = kode_verifikasi_baru()
    while Sertifikat.objects.filter(kode_verifikasi=kode).exists():  # practically never
        kode = kode_verifikasi_baru()
    sertifikat = Sertifikat.objects.create(peserta=peserta, nomor=f"{terakhir + 1:05d}{akhiran}",
                                           kode_verifikasi=kode)
    _beritahu_lulus(peserta, instansi)
    return sertifikat


def _beritahu_lulus(peserta, instansi):
    """Tell the employee they passed and where their certificate is: once per programme, ever (the outbox key
    is unique per day only, so an earlier message for the programme is looked for first). Committed with the
    certificate, or not at all."""
    pegawai = Pegawai.objects.select_related("user").get(pk=peserta.pegawai_id)
    if pegawai.user is None:
        return False
    kunci = f"program:{peserta.program_id}"
    if Notifikasi.objects.filter(penerima=pegawai.user, jenis=JENIS_NOTIFIKASI, kunci=kunci).exists():
        return False
    program = peserta.program
    return notifikasi_queue(
        penerima=pegawai.user, instansi=instansi, jenis=JENIS_NOTIFIKASI, kunci=kunci,
        judul=f"Selamat, Anda lulus {program.judul}"[:200],
        isi=(f"Anda dinyatakan lulus dari {program.judul} ({program.jp} JP). Sertifikat Anda sudah terbit dan dapat "
             "diunduh di halaman Sertifikat saya; JP-nya tercatat di halaman JP saya."),
        tautan=reverse("pelatihan:sertifikat-saya"))


# ---------------------------------------------------------------------------- the signatory (HR)

def penandatangan(*, instansi_id):
    """The instansi's certificate signatory, or None (one query)."""
    return PenandatanganSertifikat.objects.filter(instansi_id=instansi_id).first()


@transaction.atomic
def penandatangan_set(*, actor, nama, jabatan, nip=""):
    """HR names who signs their instansi's certificates (printed on every PDF, also those issued before)."""
    if not access.can_manage(actor):
        raise PermissionDenied
    instansi = base.instansi_for_write(actor)
    row, _ = PenandatanganSertifikat.objects.update_or_create(
        instansi=instansi, defaults={"nama": nama.strip(), "jabatan": jabatan.strip(), "nip": nip})
    return row


@transaction.atomic
def penandatangan_hapus(*, actor):
    """HR removes the signatory: certificates then carry the instansi's name only."""
    if not access.can_manage(actor):
        raise PermissionDenied
    return PenandatanganSertifikat.objects.filter(instansi=base.instansi_for_write(actor)).delete()[0] > 0


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
