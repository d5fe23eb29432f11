"""Self-reported learning: the employee submits, HR verifies (JP credited), rejects or revokes.

Each write is one transaction that re-checks the actor's scope, locks the report row (two HR officers
pressing "Verifikasi" at once: the second sees the new status and is refused) and queues the
employee's message in the outbox, committed with the change or not at all. JP goes through the
ledger (``services.jp``) only.

State machine: diajukan -> diverifikasi (credit) | ditolak (reason); diverifikasi -> ditolak
(revoked with a reason: the credit is reversed). A rejected report is final: the employee submits a
new one.
"""

import uuid

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation

from pembinaan.services.notifikasi import notifikasi_queue

from .. import access
from ..berkas import EKSTENSI, periksa_berkas
from ..models import LaporanBelajar
from ..referensi import JP_LAPORAN_MAKS as JP_MAKS
from ..referensi import JP_LAPORAN_MIN as JP_MIN
from .jp import kredit_reverse, kredit_set

JENIS_NOTIFIKASI = "laporan_belajar"
Status = LaporanBelajar.Status


def _tanggal(d):
    with translation.override("id"):
        return formats.date_format(d, "DATE_FORMAT")


def _periode(laporan):
    if laporan.tanggal_mulai == laporan.tanggal_selesai:
        return _tanggal(laporan.tanggal_mulai)
    return f"{_tanggal(laporan.tanggal_mulai)} – {_tanggal(laporan.tanggal_selesai)}"


@transaction.atomic
def laporan_submit(*, actor, pegawai, data):
    """Save the actor's own report (``pegawai``: their record) from plain values checked by ``LaporanForm``
    (``data``: bentuk, judul, penyelenggara, tanggal_mulai, tanggal_selesai, menit, jp and berkas, the uploaded
    certificate), waiting for verification."""
    if not access.can_submit_laporan(actor, pegawai):
        raise PermissionDenied
    mime = periksa_berkas(data["berkas"])  # again: the service does not trust its caller to have checked
    laporan = LaporanBelajar(pegawai=pegawai, status=Status.DIAJUKAN, **data)
    laporan.berkas.name = f"{uuid.uuid4().hex}.{EKSTENSI[mime]}"  # never the uploader's name
    try:
        with transaction.atomic():
            laporan.save()
    except Exception:
        if laporan.berkas.name:  # the file was written before the row failed: do not leave it behind
            laporan.berkas.storage.delete(laporan.berkas.name)
        raise
    return laporan


def _kunci(actor, laporan):
    """The report, locked, if ``actor`` may decide on it; PermissionDenied otherwise."""
    terkunci = (access.laporan_verify_scope(actor).select_for_update(of=("self",))
                .select_related("pegawai__user", "pegawai__instansi", "bentuk").filter(pk=laporan.pk).first())
    if terkunci is None:
        raise PermissionDenied
    if access.laporan_sendiri(actor, terkunci):
        raise ValidationError("Laporan belajar Anda sendiri harus diverifikasi petugas lain.")
    return terkunci


def _tolak_status(laporan, tindakan, boleh):
    if laporan.status != boleh:
        raise ValidationError(
            f"Laporan \u201c{laporan.judul}\u201d tidak dapat {tindakan}: statusnya sudah "
            f"\u201c{laporan.get_status_display()}\u201d.")


def _alasan(alasan):
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError("Alasan wajib diisi.")
    return alasan


def _putuskan(laporan, *, actor, status, alasan=""):
    laporan.status = status
    laporan.alasan_tolak = alasan
    laporan.diverifikasi_oleh = actor
    laporan.diverifikasi_pada = timezone.now()
    laporan.save(update_fields=["status", "alasan_tolak", "diverifikasi_oleh", "diverifikasi_pada"])


def _beritahu(laporan, *, kunci, judul, isi):
    penerima = laporan.pegawai.user
    if penerima is None:  # the employee's account was removed; the report page still shows the decision
        return
    notifikasi_queue(penerima=penerima, jenis=JENIS_NOTIFIKASI, kunci=f"laporan:{laporan.pk}:{kunci}",
                     judul=judul, isi=isi, tautan=reverse("pelatihan:laporan-saya"),
                     instansi=laporan.pegawai.instansi)


@transaction.atomic
def laporan_verify(*, actor, laporan, jp=None):
    """Accept the report and credit its JP (dated on the last day of the learning). ``jp``: what HR credits
    when it differs from what the employee reported (e.g. after comparing with the minutes); the report
    then shows that value."""
    laporan = _kunci(actor, laporan)
    _tolak_status(laporan, "diverifikasi", Status.DIAJUKAN)
    if jp is not None and jp != laporan.jp:
        if not JP_MIN <= jp <= JP_MAKS:
            raise ValidationError(f"JP yang dicatat harus {JP_MIN}–{JP_MAKS}; yang diisi: {jp}.")
        laporan.jp = jp
        laporan.save(update_fields=["jp"])
    _putuskan(laporan, actor=actor, status=Status.DIVERIFIKASI)
    with pghistory.context(user=actor.pk, sumber="laporan_belajar"):
        kredit_set(pegawai_id=laporan.pegawai_id, tanggal=laporan.tanggal_selesai, jp=laporan.jp,
                   keterangan=f"{laporan.bentuk.nama}: {laporan.judul}", laporan=laporan)
    _beritahu(laporan, kunci=laporan.status, judul=f"Laporan belajar diverifikasi: {laporan.judul}"[:200],
              isi=(f"Laporan belajar Anda \u201c{laporan.judul}\u201d ({_periode(laporan)}) telah diverifikasi. "
                   f"{laporan.jp} JP dicatat untuk tahun {laporan.tanggal_selesai.year}."))
    return laporan


@transaction.atomic
def laporan_reject(*, actor, laporan, alasan):
    """Refuse a pending report; the reason goes to the employee."""
    alasan = _alasan(alasan)
    laporan = _kunci(actor, laporan)
    _tolak_status(laporan, "ditolak", Status.DIAJUKAN)
    _putuskan(laporan, actor=actor, status=Status.DITOLAK, alasan=alasan)
    _beritahu(laporan, kunci=laporan.status, judul=f"Laporan belajar ditolak: {laporan.judul}"[:200],
              isi=(f"Laporan belajar Anda \u201c{laporan.judul}\u201d ({_periode(laporan)}) ditolak.\n"
                   f"Alasan: {alasan}\n"
                   "Bila kegiatan ini memang Anda ikuti, kirim laporan baru dengan data atau sertifikat yang "
                   "diperbaiki."))
    return laporan


@transaction.atomic
def laporan_revoke(*, actor, laporan, alasan):
    """Withdraw a verification (e.g. a certificate found to be false): the JP credit is reversed."""
    alasan = _alasan(alasan)
    laporan = _kunci(actor, laporan)
    _tolak_status(laporan, "dicabut verifikasinya", Status.DIVERIFIKASI)
    _putuskan(laporan, actor=actor, status=Status.DITOLAK, alasan=f"Verifikasi dicabut: {alasan}")
    with pghistory.context(user=actor.pk, sumber="laporan_belajar"):
        kredit_reverse(laporan=laporan)
    _beritahu(laporan, kunci="dicabut", judul=f"Verifikasi laporan belajar dicabut: {laporan.judul}"[:200],
              isi=(f"Verifikasi laporan belajar Anda \u201c{laporan.judul}\u201d ({_periode(laporan)}) dicabut; "
                   f"{laporan.jp} JP tidak lagi dihitung.\nAlasan: {alasan}"))
    return laporan
