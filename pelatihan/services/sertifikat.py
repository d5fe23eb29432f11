"""Certificates: issuing (number + verification code), the PDF, and the public verification lookup."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Func, IntegerField, Max, Value
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from pembinaan import access as base
from pembinaan.models import Instansi, Notifikasi, Pegawai
from pembinaan.services.notifikasi import notifikasi_queue

from .. import access
from ..models import PenandatanganSertifikat, Peserta, Sertifikat

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
