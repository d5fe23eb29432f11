"""Writes of the LTI 1.3 platform: tool registrations and line items (HR), the opaque ``sub`` of an employee, the
single-use values, and the scores a tool posts (Assignment and Grade Services)."""

import logging

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import access
from ..models import LineItemLTI, LogLTI, NonceLTI, PenggunaLTI, Peserta, RegistrasiLTI, SkorLTI
from . import jp as ledger

log = logging.getLogger(__name__)
FIELD_REGISTRASI = ("nama", "client_id", "deployment_id", "url_login", "url_launch", "url_jwks", "kunci_publik",
                    "kirim_nama", "kirim_email", "aktif")


@transaction.atomic
def registrasi_simpan(*, actor, data, registrasi=None):
    if not access.can_manage(actor):
        raise PermissionDenied
    if registrasi is None:
        registrasi = RegistrasiLTI(instansi=access.instansi_saya(actor))
    elif not access.lti_registrasi_scope(actor).filter(pk=registrasi.pk).exists():
        raise PermissionDenied
    for f in FIELD_REGISTRASI:
        if f in data:
            setattr(registrasi, f, data[f])
    registrasi.full_clean()
    registrasi.save()
    return registrasi


@transaction.atomic
def line_item_pasang(*, actor, program, registrasi, skor_maks=100):
    """The line item of ``program`` at the tool (one per programme and registration)."""
    if not access.can_manage_program(actor, program) or not access.lti_registrasi_scope(actor).filter(
            pk=registrasi.pk).exists():
        raise PermissionDenied
    item, _ = LineItemLTI.objects.get_or_create(program=program, registrasi=registrasi,
                                                defaults={"label": program.judul[:255], "skor_maks": skor_maks})
    return item


def pengguna_sub(*, registrasi, pegawai):
    """The opaque, stable ``sub`` of ``pegawai`` towards this tool (a random UUID, never the NIP)."""
    pengguna, _ = PenggunaLTI.objects.get_or_create(registrasi=registrasi, pegawai=pegawai)
    return pengguna.sub


def sekali_pakai(*, registrasi, jenis, nilai):
    """Record a nonce or a jti; False when it was seen before (the unique constraint decides, even concurrently)."""
    try:
        with transaction.atomic():
            NonceLTI.objects.create(registrasi=registrasi, jenis=jenis, nilai=nilai[:255])
    except IntegrityError:
        return False
    return True


def catat_penolakan(*, registrasi, peristiwa, pesan):
    log.warning("LTI ditolak: %s: %s", peristiwa, pesan)
    LogLTI.objects.create(registrasi=registrasi, peristiwa=peristiwa[:40], pesan=pesan[:500])


class SkorDitolak(Exception):
    pass


@transaction.atomic
def skor_terima(*, line_item, skor):
    """A score posted by the tool (``skor``: lti.pesan.baca_skor). Completed + FullyGraded + ratio ≥ the
    programme's pass mark: the participant passes, one ledger credit and the certificate (the participant row is
    locked; five identical posts credit once). A lower or unfinished score after a credit is held for HR review,
    never reversing it. An unknown ``sub`` is refused (SkorDitolak) and logged."""
    pengguna = PenggunaLTI.objects.filter(registrasi=line_item.registrasi_id, sub=_uuid(skor["sub"])).first()
    peserta = None
    if pengguna is not None:
        peserta = (Peserta.objects.select_for_update(of=("self",), no_key=True).select_related("program__bentuk")
                   .filter(program=line_item.program_id, pegawai=pengguna.pegawai_id).first())
    if peserta is None or peserta.status == Peserta.Status.MUNDUR:
        raise SkorDitolak(f"userId {skor['sub']} tidak dikenal untuk line item ini.")
    program = peserta.program
    lulus = (skor["activity"] == "Completed" and skor["grading"] == "FullyGraded" and skor["skor"] is not None
             and skor["skor"] * 100 >= program.nilai_lulus * skor["maks"])
    sudah_kredit = peserta.status == Peserta.Status.LULUS and hasattr(peserta, "kredit")
    if lulus:
        status = SkorLTI.Status.KREDIT
        if not sudah_kredit:
            from .sertifikat import sertifikat_issue

            peserta.status = Peserta.Status.LULUS
            peserta.save(update_fields=["status"])
            ledger.kredit_set(pegawai_id=peserta.pegawai_id, tanggal=timezone.localdate(skor["timestamp"]),
                              jp=program.jp, keterangan=f"{program.bentuk.nama}: {program.judul}", peserta=peserta)
            sertifikat_issue(peserta=peserta)
    else:
        status = SkorLTI.Status.DITAHAN if sudah_kredit else SkorLTI.Status.DITERIMA
    return SkorLTI.objects.create(line_item=line_item, pengguna=pengguna, skor=skor["skor"], skor_maks=skor["maks"],
                                  activity_progress=skor["activity"][:20], grading_progress=skor["grading"][:20],
                                  timestamp=skor["timestamp"], status=status)


def _uuid(nilai):
    import uuid

    try:
        return uuid.UUID(nilai)
    except ValueError:
        return None
