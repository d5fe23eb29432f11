"""Writes of online courses (issue 13 A): building a course, publishing it (the JP sanity check), enrolment (self,
HR, supervisor) with a window, server-counted lesson time, and completion (certificate + one JP ledger credit)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pembinaan.services import notifikasi_queue

from .. import access
from ..models import (
    BentukPelatihan,
    KelasDaring,
    Materi,
    Modul,
    PendaftaranDaring,
    Peserta,
    ProgramPelatihan,
    ProgresMateri,
)
from ..selectors import daring as selectors
from . import jp as ledger
from .program import program_save

S = ProgramPelatihan.Status
KODE_E_LEARNING = "NKL03"
DETAK_DETIK = 15  # the page sends a heartbeat this often while visible (static/js/daring.js)
DETAK_MAKS = 30  # at most this many seconds are credited per heartbeat, whatever the gap since the last one


def _kelas_for_manage(actor, program):
    if not access.kelas_manage_scope(actor).filter(pk=program.pk).exists():
        raise PermissionDenied
    return KelasDaring.objects.select_related("program").get(program_id=program.pk)


@transaction.atomic
def kelas_create(*, actor, data, hari_akses=30):
    """HR creates a course: a draft programme of bentuk E-learning (NKL03), mode daring, with its course row.
    ``data``: judul, deskripsi, jp, penyelenggara (Mitra), pendaftaran_mandiri, kuota."""
    if not access.can_manage(actor):
        raise PermissionDenied
    bentuk = BentukPelatihan.objects.get(kode=KODE_E_LEARNING)
    program = program_save(actor=actor, data={**data, "bentuk": bentuk, "mode": ProgramPelatihan.Mode.DARING,
                                              "status": S.DRAFT, "ambang_kehadiran": 0})
    return KelasDaring.objects.create(program=program, hari_akses=hari_akses)


@transaction.atomic
def modul_add(*, actor, program, judul, urutan=None):
    kelas = _kelas_for_manage(actor, program)
    if urutan is None:
        urutan = Modul.objects.filter(kelas=kelas).count() + 1
    return Modul.objects.create(kelas=kelas, judul=judul.strip(), urutan=urutan)


@transaction.atomic
def materi_save(*, actor, modul, data, materi=None):
    """Add (``materi`` None) or change a lesson from plain values (judul, jenis, isi, berkas, url,
    durasi_minimal_detik, urutan). A video without a text or PDF alternative is refused."""
    if not access.modul_manage_scope(actor).filter(pk=modul.pk).exists():
        raise PermissionDenied
    if materi is None:
        materi = Materi(modul=modul, urutan=Materi.objects.filter(modul=modul).count() + 1)
    elif materi.modul_id != modul.pk:
        raise PermissionDenied
    for nama, nilai in data.items():
        setattr(materi, nama, nilai)
    if materi.jenis == Materi.Jenis.VIDEO and not (materi.isi.strip() or materi.berkas):
        raise ValidationError({"isi": "Video wajib punya teks pengganti atau berkas PDF pengganti."})
    materi.save()
    return materi


@transaction.atomic
def kelas_publish(*, actor, program, alasan_jp=""):
    """Open a course for enrolment. It needs at least one lesson; when its JP exceed what the lessons' minimum
    times justify (1 JP = 45 minutes, rounded up), HR must confirm with a reason, which is stored."""
    kelas = _kelas_for_manage(actor, program)
    program = ProgramPelatihan.objects.select_for_update().get(pk=program.pk)
    if program.status != S.DRAFT:
        raise ValidationError("Hanya kelas berstatus draf yang dapat diterbitkan.")
    urutan = selectors.materi_urut(kelas)
    if not urutan:
        raise ValidationError("Tambahkan minimal satu materi sebelum menerbitkan kelas.")
    menit, wajar = selectors.jp_wajar(kelas)
    alasan_jp = (alasan_jp or "").strip()
    if program.jp > wajar:
        if not alasan_jp:
            raise ValidationError(
                {"alasan_jp": f"JP kelas ({program.jp}) melebihi yang dibenarkan waktu belajar minimal materinya "
                              f"({menit} menit = {wajar} JP; 1 JP = 45 menit). Tambah waktu minimal materi, "
                              "kurangi JP, atau tuliskan alasan untuk tetap menerbitkan."})
        kelas.alasan_jp = alasan_jp
        kelas.jp_dikonfirmasi_oleh = actor
        kelas.jp_dikonfirmasi_pada = timezone.now()
        kelas.save(update_fields=["alasan_jp", "jp_dikonfirmasi_oleh", "jp_dikonfirmasi_pada"])
    program.status = S.DIBUKA
    program.save(update_fields=["status"])
    return program


def _daftarkan(*, actor, program, pegawai, sumber, kelas):
    """One enrolment (the caller holds the programme lock and checked the rules). Returns (peserta, new?)."""
    hari_ini = timezone.localdate()
    peserta = Peserta.objects.filter(program=program, pegawai=pegawai).first()
    if peserta is not None and peserta.status in selectors.PESERTA_KELAS:
        lama = PendaftaranDaring.objects.filter(peserta=peserta).first()
        if peserta.status != Peserta.Status.TERDAFTAR or lama is None or lama.tutup >= hari_ini:
            return peserta, False
        # Assigned again after the window ended: a new window, the progress kept.
        lama.tutup = hari_ini + datetime.timedelta(days=kelas.hari_akses)
        lama.save(update_fields=["tutup"])
        return peserta, True
    if peserta is None:
        peserta = Peserta.objects.create(program=program, pegawai=pegawai, status=Peserta.Status.TERDAFTAR,
                                         sumber=sumber, diusulkan_oleh=actor)
    else:
        peserta.status, peserta.sumber, peserta.diusulkan_oleh = Peserta.Status.TERDAFTAR, sumber, actor
        peserta.save(update_fields=["status", "sumber", "diusulkan_oleh"])
    PendaftaranDaring.objects.update_or_create(
        peserta=peserta, defaults={"buka": hari_ini, "tutup": hari_ini + datetime.timedelta(days=kelas.hari_akses)})
    if pegawai.user_id and sumber != Peserta.Sumber.MANDIRI:
        notifikasi_queue(penerima=pegawai.user, instansi=program.instansi, jenis="kelas_daring_ditugaskan",
                         kunci=f"peserta:{peserta.pk}",
                         judul=f"Anda ditugaskan mengikuti kelas daring {program.judul}"[:200],
                         isi=f"Anda terdaftar pada kelas daring {program.judul} ({program.jp} JP). Akses sampai "
                             f"{hari_ini + datetime.timedelta(days=kelas.hari_akses):%d-%m-%Y}.",
                         tautan=reverse("pelatihan:kelas-detail", args=[program.pk]))
    return peserta, True


@transaction.atomic
def kelas_daftar_mandiri(*, actor, program):
    """The employee enrols themself in an open course that accepts it."""
    program = ProgramPelatihan.objects.select_for_update().get(pk=program.pk)
    kelas = KelasDaring.objects.filter(program=program).first()
    if kelas is None or not access.can_self_register(actor, program):
        raise PermissionDenied
    if program.status != S.DIBUKA:
        raise ValidationError("Kelas ini tidak sedang dibuka untuk pendaftaran.")
    peserta, _ = _daftarkan(actor=actor, program=program, pegawai=access.pegawai_saya(actor),
                            sumber=Peserta.Sumber.MANDIRI, kelas=kelas)
    return peserta


@transaction.atomic
def kelas_tugaskan(*, actor, program, pegawai):
    """HR (anyone active of the instansi) or a supervisor (their staff) assigns people to an open course, all at
    once. Returns (enrolled now, already enrolled, [(pegawai, reason)] refused): one out of scope is refused and
    named; the others are enrolled."""
    program = ProgramPelatihan.objects.select_for_update().get(pk=program.pk)
    kelas = KelasDaring.objects.filter(program=program).first()
    if kelas is None or not access.can_enrol_to_kelas(actor, program):
        raise PermissionDenied
    hr = access.can_manage_program(actor, program)
    sumber = Peserta.Sumber.HR if hr else Peserta.Sumber.ATASAN
    boleh = set(access.nominasi_pegawai_scope(actor).filter(pk__in=[p.pk for p in pegawai])
                .values_list("pk", flat=True))
    baru, lama, ditolak = [], [], []
    for orang in pegawai:
        if orang.pk not in boleh or orang.instansi_id != program.instansi_id:
            ditolak.append((orang, "tidak dapat Anda tugaskan ke kelas ini."))
            continue
        peserta, dibuat = _daftarkan(actor=actor, program=program, pegawai=orang, sumber=sumber, kelas=kelas)
        (baru if dibuat else lama).append(peserta)
    return baru, lama, ditolak


def _pendaftaran_aktif(actor, materi):
    """The acting employee's enrolment in the course of ``materi``, locked; refused outside the window."""
    saya = access.pegawai_saya(actor)
    if saya is None:
        raise PermissionDenied
    pendaftaran = (PendaftaranDaring.objects.select_for_update(of=("self",))
                   .select_related("peserta__program")
                   .filter(peserta__pegawai=saya, peserta__program__kelas_daring__modul__materi=materi,
                           peserta__status__in=selectors.PESERTA_KELAS).first())
    if pendaftaran is None:
        raise PermissionDenied
    hari_ini = timezone.localdate()
    if not (pendaftaran.buka <= hari_ini <= pendaftaran.tutup):
        raise ValidationError(f"Masa akses kelas Anda {pendaftaran.buka:%d-%m-%Y} s.d. {pendaftaran.tutup:%d-%m-%Y}; "
                              "hubungi Admin BKPSDM untuk memperpanjang.")
    return pendaftaran


@transaction.atomic
def materi_detak(*, actor, materi, awal=False):
    """A heartbeat from a visible lesson page. The server credits the time since the last accepted heartbeat,
    at most DETAK_MAKS seconds; ``awal`` (page shown again / just opened) only sets the starting point, so time
    in a background tab never counts. Returns the progress row."""
    pendaftaran = _pendaftaran_aktif(actor, materi)
    sekarang = timezone.now()
    progres, _ = ProgresMateri.objects.get_or_create(pendaftaran=pendaftaran, materi=materi)
    progres = ProgresMateri.objects.select_for_update().get(pk=progres.pk)
    if not awal and progres.detak_terakhir is not None:
        selang = (sekarang - progres.detak_terakhir).total_seconds()
        progres.detik += int(max(0, min(selang, DETAK_MAKS)))
    progres.detak_terakhir = sekarang
    progres.save(update_fields=["detik", "detak_terakhir"])
    ubah = []
    if pendaftaran.materi_terakhir_id != materi.pk:
        pendaftaran.materi_terakhir = materi
        ubah.append("materi_terakhir")
    if pendaftaran.mulai_belajar is None:
        pendaftaran.mulai_belajar = sekarang
        ubah.append("mulai_belajar")
    if ubah:
        pendaftaran.save(update_fields=ubah)
    return progres


def sisa_detik(progres, materi):
    return max(0, materi.durasi_minimal_detik - (progres.detik if progres else 0))


@transaction.atomic
def materi_selesai(*, actor, materi):
    """The learner marks a lesson done to go on: refused until the server-counted time reaches the minimum.
    Finishing the last lesson of a course without a quiz completes the course."""
    pendaftaran = _pendaftaran_aktif(actor, materi)
    progres, _ = ProgresMateri.objects.get_or_create(pendaftaran=pendaftaran, materi=materi)
    progres = ProgresMateri.objects.select_for_update().get(pk=progres.pk)
    sisa = sisa_detik(progres, materi)
    if progres.selesai_pada is None and sisa > 0:
        menit, detik = divmod(sisa, 60)
        lama = f"{menit} menit {detik} detik" if menit else f"{detik} detik"
        raise ValidationError(f"Materi \u201c{materi.judul}\u201d belum dapat diselesaikan: waktu belajar minimal "
                              f"belum terpenuhi, masih {lama} lagi. Waktu hanya dihitung saat halaman materi "
                              "terbuka dan tampil di layar.")
    if progres.selesai_pada is None:
        progres.selesai_pada = timezone.now()
        progres.save(update_fields=["selesai_pada"])
    kelas_cek_selesai(peserta=pendaftaran.peserta)
    return progres


@transaction.atomic
def kelas_cek_selesai(*, peserta):
    """Complete a course when every lesson is done and its quiz (if it has one) passed: the participant passes,
    gets the existing certificate and exactly one JP ledger credit (the ledger holds one credit per participant;
    the participant row is locked first, so concurrent calls complete once). Returns True when complete."""
    peserta = (Peserta.objects.select_for_update(of=("self",), no_key=True)
               .select_related("program__bentuk").get(pk=peserta.pk))
    program = peserta.program
    kelas = KelasDaring.objects.filter(program=program).first()
    pendaftaran = PendaftaranDaring.objects.select_for_update().filter(peserta=peserta).first()
    if kelas is None or pendaftaran is None or peserta.status not in selectors.PESERTA_KELAS:
        return False
    if not selectors.semua_materi_selesai(kelas, pendaftaran):
        return False
    kuis = selectors.kuis_kelas(program)
    if kuis is not None and not kuis.percobaan.filter(peserta=peserta, lulus=True).exists():
        return False
    from .sertifikat import sertifikat_issue

    sekarang = timezone.now()
    if peserta.status != Peserta.Status.LULUS:
        peserta.status = Peserta.Status.LULUS
        peserta.save(update_fields=["status"])
    if pendaftaran.selesai_pada is None:
        pendaftaran.selesai_pada = sekarang
        pendaftaran.save(update_fields=["selesai_pada"])
    ledger.kredit_set(pegawai_id=peserta.pegawai_id, tanggal=timezone.localdate(pendaftaran.selesai_pada),
                      jp=program.jp, keterangan=f"{program.bentuk.nama}: {program.judul}", peserta=peserta)
    sertifikat_issue(peserta=peserta)
    return True
