"""Attendance: self check-in with the rotating code, and the organiser's marks and corrections.

Every write goes through ``kehadiran_checkin`` (the participant), ``kehadiran_set`` (the organiser) or
``kehadiran_import`` (the organiser's attendance sheet).
One Kehadiran per participant and session is a unique constraint; a self check-in inserts with
``ON CONFLICT DO NOTHING``, so any number of simultaneous attempts records exactly one row and the
others are told "already present". Kehadiran is tracked by django-pghistory: each write runs inside a
``pghistory.context`` naming who and why.
"""

import datetime
from dataclasses import dataclass

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import formats, timezone, translation

from .. import access, checkin
from ..models import Kehadiran, Peserta, ProgramPelatihan, SesiPelatihan
from ..selectors.kehadiran import (
    PESERTA_AKTIF,
    kehadiran_impor_periksa,
    kehadiran_tercatat_program,
    sesi_presensi_terbuka,
    tautan_presensi,
)


@dataclass(frozen=True)
class HasilPresensi:
    """The outcome of a check-in attempt: ``jenis`` for code, ``pesan`` for the participant."""

    BERHASIL = "berhasil"
    SUDAH_HADIR = "sudah_hadir"
    SUDAH_DICATAT = "sudah_dicatat"  # the organiser already marked izin / sakit / alpa
    KODE_SALAH = "kode_salah"
    KODE_KEDALUWARSA = "kode_kedaluwarsa"
    BELUM_DIBUKA = "belum_dibuka"
    SUDAH_DITUTUP = "sudah_ditutup"
    BUKAN_PESERTA = "bukan_peserta"
    MUNDUR = "mundur"
    DAFTAR_TUNGGU = "daftar_tunggu"
    PROGRAM_TIDAK_AKTIF = "program_tidak_aktif"
    TIDAK_ADA_SESI = "tidak_ada_sesi"

    jenis: str
    pesan: str
    sesi: SesiPelatihan | None = None
    kehadiran: Kehadiran | None = None

    @property
    def berhasil(self):
        return self.jenis == self.BERHASIL


def _jam(dt):
    return timezone.localtime(dt).strftime("%H.%M")


def _saat(dt, now):
    """'pukul 07.30', with the date when it is not today (25 November 2026)."""
    lokal, hari_ini = timezone.localtime(dt), timezone.localtime(now).date()
    if lokal.date() == hari_ini:
        return f"pukul {_jam(dt)}"
    with translation.override("id"):
        return f"{formats.date_format(lokal.date(), 'j F Y')} pukul {_jam(dt)}"


def _sudah_ada(kehadiran, sesi):
    if kehadiran.status == Kehadiran.Status.HADIR:
        return HasilPresensi(HasilPresensi.SUDAH_HADIR, f"Anda sudah tercatat hadir pada {_jam(kehadiran.waktu)}.",
                             sesi, kehadiran)
    return HasilPresensi(
        HasilPresensi.SUDAH_DICATAT,
        f"Panitia sudah mencatat Anda {kehadiran.get_status_display().lower()} pada sesi ini. "
        "Bila Anda hadir, minta panitia mengubahnya.", sesi, kehadiran)


def _bukan_peserta(sesi):
    return HasilPresensi(
        HasilPresensi.BUKAN_PESERTA,
        f"Anda tidak terdaftar sebagai peserta “{sesi.program.judul}”, sehingga presensi Anda tidak dapat dicatat. "
        "Hubungi panitia di ruangan: panitia dapat mendaftarkan Anda di tempat dan mencatat kehadiran Anda.", sesi)


def _periksa(*, actor, sesi, kode, now, dibaca=None):
    """Every refusal, in the order a participant can act on it; (None, peserta) when check-in may go ahead.
    ``dibaca``: (peserta, kehadiran) as the caller already read them with ``tautan_presensi``."""
    if dibaca is None:
        dibaca = (tautan_presensi(pegawai=access.pegawai_saya(actor), sesi_id=sesi.pk) or (None, None, None))[1:]
    peserta, ada = dibaca
    if peserta is None:
        return _bukan_peserta(sesi), None
    if peserta.status == Peserta.Status.MUNDUR:
        return HasilPresensi(HasilPresensi.MUNDUR, "Anda sudah mengundurkan diri dari program pelatihan ini, "
                             "sehingga tidak dapat melakukan presensi.", sesi), None
    if peserta.status == Peserta.Status.DAFTAR_TUNGGU:
        return HasilPresensi(HasilPresensi.DAFTAR_TUNGGU, "Anda masih berada di daftar tunggu program ini; "
                             "presensi hanya untuk peserta yang sudah terdaftar.", sesi), None
    program = sesi.program
    if program.status in (ProgramPelatihan.Status.DRAFT, ProgramPelatihan.Status.BATAL):
        keadaan = "dibatalkan" if program.status == ProgramPelatihan.Status.BATAL else "belum dibuka"
        return HasilPresensi(HasilPresensi.PROGRAM_TIDAK_AKTIF, f"Program pelatihan ini {keadaan}.", sesi), None
    if ada is not None:
        return _sudah_ada(ada, sesi), None
    buka, tutup = checkin.jendela(sesi)
    if now < buka:
        return HasilPresensi(HasilPresensi.BELUM_DIBUKA,
                             f"Presensi sesi ini belum dibuka. Presensi dibuka {_saat(buka, now)}.", sesi), None
    if now > tutup:
        return HasilPresensi(HasilPresensi.SUDAH_DITUTUP,
                             f"Presensi sesi ini sudah ditutup {_saat(tutup, now)}.", sesi), None
    hasil_kode = checkin.periksa_kode(sesi.pk, kode, now)
    if hasil_kode == checkin.KEDALUWARSA:
        return HasilPresensi(HasilPresensi.KODE_KEDALUWARSA, "Kode sudah kedaluwarsa. Ketik kode yang sedang tampil "
                             "di layar panitia, atau pindai ulang kode QR-nya.", sesi), None
    if hasil_kode != checkin.SAH:
        return HasilPresensi(HasilPresensi.KODE_SALAH, "Kode salah. Periksa lagi kode yang tampil di layar panitia.",
                             sesi), None
    return None, peserta


def kehadiran_periksa(*, actor, sesi, kode, now=None, dibaca=None):
    """What a check-in would answer, without writing (the QR link's confirm page shows it early).
    None when the check-in would succeed. ``dibaca``: as for ``kehadiran_checkin``."""
    tolak, _ = _periksa(actor=actor, sesi=sesi, kode=kode, now=now or timezone.now(), dibaca=dibaca)
    return tolak


def kehadiran_checkin(*, actor, sesi, kode, now=None, dibaca=None):
    """The participant checks themself in to ``sesi`` with the code from the room. Returns HasilPresensi.

    Records Kehadiran(hadir, mandiri) at most once whatever the concurrency: the insert is
    ``ON CONFLICT (peserta, sesi) DO NOTHING`` and a lost race answers "already present". ``dibaca``: the
    participant's (Peserta, Kehadiran) as the caller (the QR link's view) already read them with
    ``selectors.tautan_presensi``; read here when not given.
    """
    now = now or timezone.now()
    tolak, peserta = _periksa(actor=actor, sesi=sesi, kode=kode, now=now, dibaca=dibaca)
    if tolak is not None:
        return tolak
    table = Kehadiran._meta.db_table
    # One statement, no BEGIN/COMMIT of our own: pghistory sends its context (set_config … is_local) in the same
    # query string, which PostgreSQL runs as one implicit transaction, so the history trigger sees who and why.
    with pghistory.context(user=actor.pk, sumber="presensi_mandiri"):
        with connection.cursor() as cur:
            cur.execute(
                f"INSERT INTO {table} (peserta_id, sesi_id, status, cara, alasan, waktu, dicatat_oleh_id) "
                "VALUES (%s, %s, %s, %s, '', %s, %s) ON CONFLICT (peserta_id, sesi_id) DO NOTHING RETURNING id, waktu",
                [peserta.pk, sesi.pk, Kehadiran.Status.HADIR, Kehadiran.Cara.MANDIRI, now, actor.pk])
            baris = cur.fetchone()
    if baris is None:  # someone (a second tab, the organiser) was a moment earlier
        return _sudah_ada(Kehadiran.objects.get(peserta=peserta, sesi=sesi), sesi)
    # The row as written (RETURNING), without reading it back: one query less in a burst of 300.
    kehadiran = Kehadiran(pk=baris[0], peserta=peserta, sesi=sesi, status=Kehadiran.Status.HADIR,
                          cara=Kehadiran.Cara.MANDIRI, alasan="", waktu=baris[1], dicatat_oleh_id=actor.pk)
    kehadiran._state.adding, kehadiran._state.db = False, "default"
    return HasilPresensi(HasilPresensi.BERHASIL,
                         f"Presensi berhasil. Anda tercatat hadir pada {_jam(kehadiran.waktu)} di sesi "
                         f"“{sesi.topik}”.", sesi, kehadiran)


def _sesi_terbuka_instansi(*, instansi_id, now):
    """Sessions of the instansi's running programmes whose check-in window holds ``now`` (one query)."""
    hari_ini = timezone.localtime(now).date()
    kandidat = (SesiPelatihan.objects
                .filter(program__instansi_id=instansi_id,
                        tanggal__range=(hari_ini - datetime.timedelta(days=1), hari_ini + datetime.timedelta(days=1)))
                .exclude(program__status__in=[ProgramPelatihan.Status.DRAFT, ProgramPelatihan.Status.BATAL])
                .select_related("program").order_by("tanggal", "jam_mulai", "pk"))
    return [s for s in kandidat if checkin.dalam_jendela(s, now)]


def kehadiran_checkin_kode(*, actor, kode, now=None):
    """Check in with a typed code alone: the session is the one of the user's open sessions it belongs to.

    A code shown in a room of the user's instansi that is not one of their sessions (a walk-in) answers that
    they are not registered for that programme and that the organiser can add them, instead of "no session".
    """
    now = now or timezone.now()
    terbuka = sesi_presensi_terbuka(user=actor, now=now)
    for sesi in terbuka:
        if checkin.periksa_kode(sesi.pk, kode, now) != checkin.SALAH:
            return kehadiran_checkin(actor=actor, sesi=sesi, kode=kode, now=now)
    pegawai = access.pegawai_saya(actor)
    if pegawai is not None:
        milik = {s.pk for s in terbuka}
        for sesi in _sesi_terbuka_instansi(instansi_id=pegawai.instansi_id, now=now):
            if sesi.pk not in milik and checkin.periksa_kode(sesi.pk, kode, now) == checkin.SAH:
                return kehadiran_checkin(actor=actor, sesi=sesi, kode=kode, now=now)
    if not terbuka:
        return HasilPresensi(HasilPresensi.TIDAK_ADA_SESI,
                             "Saat ini tidak ada sesi pelatihan Anda yang membuka presensi.")
    if len(terbuka) == 1:
        return kehadiran_checkin(actor=actor, sesi=terbuka[0], kode=kode, now=now)
    return HasilPresensi(HasilPresensi.KODE_SALAH, "Kode salah. Periksa lagi kode yang tampil di layar panitia.")


@transaction.atomic
def kehadiran_set(*, actor, sesi, peserta, status, alasan=""):
    """The organiser (HR of the instansi) marks or corrects one participant's attendance of ``sesi``.

    A reason is required to change an existing record; it is stored on the row and in the history
    context (who, ``sumber="koreksi_kehadiran"``, why). Setting the status a record already has changes
    nothing.
    """
    if not access.can_manage(actor) or not access.sesi_manage_scope(actor).filter(pk=sesi.pk).exists():
        raise PermissionDenied
    if peserta.program_id != sesi.program_id or peserta.status not in PESERTA_AKTIF:
        raise ValidationError("Pegawai ini bukan peserta aktif program pelatihan ini.")
    if status not in Kehadiran.Status.values:
        raise ValidationError("Status kehadiran tidak dikenal.")
    alasan = " ".join((alasan or "").split())[:255]
    buka, _ = checkin.jendela(sesi)
    if status == Kehadiran.Status.HADIR and timezone.now() < buka:
        raise ValidationError("Sesi ini belum dimulai: kehadiran belum dapat dicatat sebagai hadir "
                              "(izin atau sakit boleh dicatat lebih dulu).")
    with pghistory.context(user=actor.pk, sumber="koreksi_kehadiran", alasan=alasan):
        ada = Kehadiran.objects.select_for_update().filter(peserta=peserta, sesi=sesi).first()
        if ada is None:
            try:
                with transaction.atomic():
                    return Kehadiran.objects.create(peserta=peserta, sesi=sesi, status=status,
                                                    cara=Kehadiran.Cara.PANITIA, alasan=alasan, dicatat_oleh=actor)
            except IntegrityError:  # the participant checked in at this very moment
                ada = Kehadiran.objects.select_for_update().get(peserta=peserta, sesi=sesi)
        if ada.status == status:
            return ada
        if not alasan:
            raise ValidationError(f"Alasan wajib diisi untuk mengubah kehadiran yang sudah tercatat "
                                  f"({ada.get_status_display().lower()}).")
        ada.status, ada.cara, ada.alasan, ada.dicatat_oleh = status, Kehadiran.Cara.PANITIA, alasan, actor
        ada.save(update_fields=["status", "cara", "alasan", "dicatat_oleh", "waktu"])
        return ada


@transaction.atomic
def peserta_walk_in(*, actor, sesi, pegawai):
    """A walk-in: the organiser adds ``pegawai`` to the session's programme on the spot and marks them present.

    Registration goes through ``program.peserta_add`` (HR nomination: scope, quota, notification); someone
    already registered is only marked present. When the quota is full the walk-in would land on the waiting
    list, so nothing is written and the organiser is told to raise the quota first. Returns the Kehadiran.
    """
    from .program import peserta_add

    if not access.can_manage(actor) or not access.sesi_manage_scope(actor).filter(pk=sesi.pk).exists():
        raise PermissionDenied
    peserta = Peserta.objects.filter(program_id=sesi.program_id, pegawai=pegawai).first()
    if peserta is None or peserta.status not in PESERTA_AKTIF:
        peserta = peserta_add(actor=actor, program=sesi.program, pegawai=pegawai, sumber=Peserta.Sumber.HR)
        if peserta.status == Peserta.Status.DAFTAR_TUNGGU:
            raise ValidationError(f"Kuota program ini ({sesi.program.kuota} peserta) sudah penuh: "
                                  f"{pegawai.nama_lengkap} akan masuk daftar tunggu dan tidak dapat dicatat hadir. "
                                  "Naikkan kuota di Ubah program, lalu ulangi.")
    return kehadiran_set(actor=actor, sesi=sesi, peserta=peserta, status=Kehadiran.Status.HADIR,
                         alasan="Didaftarkan panitia di tempat")


@transaction.atomic
def kehadiran_import(*, actor, program, tabel):
    """The organiser's attendance sheet for ``program`` (``tabel``: the rows read by pembinaan.impor.berkas): every
    row is checked first; only a clean sheet is written, in this one transaction, and a row equal to what is recorded
    changes nothing. Returns impor_kehadiran.HasilImporKehadiran (the errors, or the counts written)."""
    if not access.can_manage_program(actor, program):
        raise PermissionDenied
    hasil = kehadiran_impor_periksa(tabel=tabel, program=program)
    if not hasil.ok:
        return hasil
    ada = kehadiran_tercatat_program(program=program)
    baru, ubah = [], []
    for peserta_id, sesi_id, status, alasan in hasil.baris:
        lama = ada.get((peserta_id, sesi_id))
        if lama is None:
            baru.append(Kehadiran(peserta_id=peserta_id, sesi_id=sesi_id, status=status, alasan=alasan,
                                  cara=Kehadiran.Cara.IMPOR, dicatat_oleh=actor))
        elif (lama[1], lama[2]) != (status, alasan):
            ubah.append(Kehadiran(id=lama[0], status=status, alasan=alasan, cara=Kehadiran.Cara.IMPOR,
                                  dicatat_oleh=actor))
        else:
            hasil.tetap += 1
    with pghistory.context(user=actor.pk, sumber="impor_kehadiran"):
        Kehadiran.objects.bulk_create(baru, batch_size=1000)
        Kehadiran.objects.bulk_update(ubah, ["status", "alasan", "cara", "dicatat_oleh"], batch_size=1000)
    hasil.baru, hasil.diubah = len(baru), len(ubah)
    return hasil
