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


# ---------------------------------------------------------------- authoring: rename, reorder, delete
def _modul_for_manage(actor, modul):
    if not access.modul_manage_scope(actor).filter(pk=modul.pk).exists():
        raise PermissionDenied
    return Modul.objects.select_for_update().select_related("kelas__program").get(pk=modul.pk)


def _materi_for_manage(actor, materi):
    if not access.materi_manage_scope(actor).filter(pk=materi.pk).exists():
        raise PermissionDenied
    return Materi.objects.select_for_update().select_related("modul__kelas__program").get(pk=materi.pk)


def _tolak_bila_ada_progres(kelas, apa):
    """Reordering or deleting changes what learners already went through (their resume point, which lessons they
    finished, whether the course is complete): refused once anyone has opened a lesson of the course."""
    KelasDaring.objects.select_for_update().filter(pk=kelas.pk).first()  # serialise with other authoring writes
    jumlah = selectors.jumlah_belajar(kelas)
    if jumlah:
        raise ValidationError(f"{apa} tidak dapat dilakukan: {jumlah} peserta sudah mulai belajar di kelas ini. "
                              "Urutan dan daftar modul/materi dikunci agar kemajuan mereka tetap benar; judul dan "
                              "isi materi masih dapat diubah.")


def _geser(baris, pk, arah):
    """Renumber ``baris`` (already in display order) 1..n with the row ``pk`` moved one place up or down."""
    ids = [b.pk for b in baris]
    i = ids.index(pk)
    j = i - 1 if arah == "naik" else i + 1
    if 0 <= j < len(ids):
        ids[i], ids[j] = ids[j], ids[i]
    nomor = {pk_: n for n, pk_ in enumerate(ids, start=1)}
    ubah = [b for b in baris if b.urutan != nomor[b.pk]]
    for b in ubah:
        b.urutan = nomor[b.pk]
    if ubah:
        type(ubah[0]).objects.bulk_update(ubah, ["urutan"])


def _cek_kelas_terbit_tetap_sah(kelas, tanpa_materi):
    """A published course keeps at least one lesson, and its JP stay justified by the lessons' minimum times
    unless HR confirmed them with a reason when publishing."""
    program = kelas.program
    if program.status == S.DRAFT:
        return
    if not [m for m in selectors.materi_urut(kelas) if m.pk not in tanpa_materi]:
        raise ValidationError("Kelas yang sudah terbit harus tetap punya minimal satu materi.")
    menit, wajar = selectors.jp_wajar(kelas, tanpa=tanpa_materi)
    if program.jp > wajar and not kelas.alasan_jp:
        raise ValidationError(f"Setelah dihapus, waktu belajar minimal tinggal {menit} menit = {wajar} JP, kurang dari "
                              f"JP kelas ({program.jp}) yang diterbitkan tanpa alasan. Kurangi JP kelas atau tambah "
                              "waktu minimal materi lain lebih dulu.")


@transaction.atomic
def modul_rename(*, actor, modul, judul):
    modul = _modul_for_manage(actor, modul)
    judul = " ".join((judul or "").split())
    if not judul:
        raise ValidationError({"judul": "Judul modul wajib diisi."})
    modul.judul = judul[:200]
    modul.save(update_fields=["judul"])
    return modul


@transaction.atomic
def modul_geser(*, actor, modul, arah):
    """Move a module one place up (``arah`` "naik") or down ("turun"); refused once anyone has progress."""
    modul = _modul_for_manage(actor, modul)
    kelas = modul.kelas
    _tolak_bila_ada_progres(kelas, "Mengubah urutan modul")
    baris = list(Modul.objects.select_for_update().filter(kelas=kelas).order_by("urutan", "id"))
    _geser(baris, modul.pk, arah)
    return modul


@transaction.atomic
def modul_hapus(*, actor, modul):
    """Delete a module with its lessons; refused once anyone has progress, and when a published course would be
    left without lessons or with JP its minimum times no longer justify."""
    modul = _modul_for_manage(actor, modul)
    kelas = modul.kelas
    _tolak_bila_ada_progres(kelas, f"Menghapus modul \u201c{modul.judul}\u201d")
    _cek_kelas_terbit_tetap_sah(kelas, set(Materi.objects.filter(modul=modul).values_list("pk", flat=True)))
    judul = modul.judul
    modul.delete()
    baris = list(Modul.objects.select_for_update().filter(kelas=kelas).order_by("urutan", "id"))
    for n, b in enumerate(baris, start=1):
        if b.urutan != n:
            Modul.objects.filter(pk=b.pk).update(urutan=n)
    return judul


@transaction.atomic
def materi_geser(*, actor, materi, arah):
    """Move a lesson one place up or down within its module; refused once anyone has progress."""
    materi = _materi_for_manage(actor, materi)
    _tolak_bila_ada_progres(materi.modul.kelas, "Mengubah urutan materi")
    baris = list(Materi.objects.select_for_update().filter(modul_id=materi.modul_id).order_by("urutan", "id"))
    _geser(baris, materi.pk, arah)
    return materi


@transaction.atomic
def materi_hapus(*, actor, materi):
    materi = _materi_for_manage(actor, materi)
    kelas = materi.modul.kelas
    _tolak_bila_ada_progres(kelas, f"Menghapus materi \u201c{materi.judul}\u201d")
    _cek_kelas_terbit_tetap_sah(kelas, {materi.pk})
    judul, modul_id = materi.judul, materi.modul_id
    if materi.berkas:
        materi.berkas.delete(save=False)
    materi.delete()
    for n, b in enumerate(Materi.objects.select_for_update().filter(modul_id=modul_id).order_by("urutan", "id"),
                          start=1):
        if b.urutan != n:
            Materi.objects.filter(pk=b.pk).update(urutan=n)
    return judul
