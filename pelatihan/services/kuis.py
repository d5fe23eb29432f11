"""The quiz engine (issue 13 A): question banks, quizzes of a programme (the course quiz of an online course, the
pre-test/post-test of any programme), attempts drawn M of N, graded on the server once.

Exactly-once: a new attempt is numbered under a lock on the participant row and the database holds one number per
(quiz, participant) and one attempt in progress; submitting locks the attempt and moves it from "berjalan" to
"dikirim" once: a second submit (a double click, a retry) returns the graded attempt unchanged.
"""

import datetime
import random

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from pembinaan import access as base

from .. import access
from ..models import BankSoal, JawabanPercobaan, Kuis, PercobaanKuis, Peserta, PilihanJawaban, Soal
from ..selectors import daring as selectors

TENGGANG_DETIK = 60  # answers of a timed attempt arriving this long after its end still count (slow networks)
_acak = random.SystemRandom()


@transaction.atomic
def bank_create(*, actor, nama):
    if not access.can_manage(actor):
        raise PermissionDenied
    instansi = base.instansi_for_write(actor)
    nama = " ".join(nama.split())
    if BankSoal.objects.filter(instansi=instansi, nama__iexact=nama).exists():
        raise ValidationError({"nama": f"Bank soal \u201c{nama}\u201d sudah ada."})
    return BankSoal.objects.create(instansi=instansi, nama=nama)


def _pilihan_sah(jenis, pilihan):
    """The options as stored: texts trimmed, blanks dropped; true/false becomes "Benar"/"Salah". Refuses a question
    without two options or with the wrong number of right ones for its kind."""
    if jenis == Soal.Jenis.BENAR_SALAH:
        benar = {t.strip().lower() for t, b in pilihan if b}
        if benar not in ({"benar"}, {"salah"}):
            raise ValidationError({"pilihan": "Soal benar/salah: tandai tepat satu dari Benar atau Salah."})
        pilihan = [("Benar", "benar" in benar), ("Salah", "salah" in benar)]
    pilihan = [(t.strip(), b) for t, b in pilihan if t.strip()]
    jumlah_benar = sum(1 for _, b in pilihan if b)
    if len(pilihan) < 2:
        raise ValidationError({"pilihan": "Isi minimal dua pilihan jawaban."})
    if jenis == Soal.Jenis.TUNGGAL and jumlah_benar != 1:
        raise ValidationError({"pilihan": "Soal pilihan ganda (satu jawaban): tandai tepat satu jawaban benar."})
    if jenis == Soal.Jenis.JAMAK and jumlah_benar < 1:
        raise ValidationError({"pilihan": "Soal pilihan ganda (beberapa jawaban): tandai minimal satu jawaban benar."})
    return pilihan


@transaction.atomic
def soal_add(*, actor, bank, teks, jenis, pilihan):
    """Add a question. ``pilihan``: [(text, right?)]; a true/false question gets "Benar"/"Salah" with ``pilihan``
    giving which is right ([("Benar", True)] or [("Salah", True)])."""
    if not access.bank_soal_scope(actor).filter(pk=bank.pk).exists():
        raise PermissionDenied
    pilihan = _pilihan_sah(jenis, pilihan)
    soal = Soal.objects.create(bank=bank, teks=teks.strip(), jenis=jenis)
    PilihanJawaban.objects.bulk_create([PilihanJawaban(soal=soal, teks=t, benar=b) for t, b in pilihan])
    return soal


@transaction.atomic
def soal_ubah(*, actor, soal, teks, jenis, pilihan):
    """HR edits a question and its options (same ``pilihan`` as ``soal_add``). A question never drawn in an attempt
    is rewritten freely. Once drawn, its attempts hold its option ids and were graded against its key: only the
    wording of the question and of the options may change (a typo); its kind, number of options and which are
    right stay, or the change is refused (HR adds a new question instead)."""
    if not access.bank_soal_scope(actor).filter(soal=soal).exists():
        raise PermissionDenied
    soal = Soal.objects.select_for_update().get(pk=soal.pk)
    teks = (teks or "").strip()
    if not teks:
        raise ValidationError({"teks": "Pertanyaan wajib diisi."})
    pilihan = _pilihan_sah(jenis, pilihan)
    lama = list(PilihanJawaban.objects.select_for_update().filter(soal=soal).order_by("id"))
    dipakai = JawabanPercobaan.objects.filter(soal=soal).count()
    if dipakai:
        if jenis != soal.jenis or [b for _, b in pilihan] != [p.benar for p in lama]:
            raise ValidationError(
                f"Soal ini sudah muncul dalam {dipakai} percobaan kuis, yang dinilai dengan kunci jawabannya: hanya "
                "teks pertanyaan dan teks pilihan yang dapat diperbaiki. Jenis soal, jumlah pilihan, dan jawaban "
                "yang benar tidak dapat diubah; tambahkan soal baru untuk pertanyaan yang berbeda.")
        for p, (t, _) in zip(lama, pilihan, strict=True):
            p.teks = t
        PilihanJawaban.objects.bulk_update(lama, ["teks"])
    else:
        PilihanJawaban.objects.filter(soal=soal).delete()
        PilihanJawaban.objects.bulk_create([PilihanJawaban(soal=soal, teks=t, benar=b) for t, b in pilihan])
    soal.teks, soal.jenis = teks, jenis
    soal.save(update_fields=["teks", "jenis"])
    return soal


@transaction.atomic
def kuis_save(*, actor, program, data, kuis=None):
    """HR sets the quiz of a programme (``data``: jenis, bank, jumlah_soal, nilai_lulus, maks_percobaan, jeda_jam,
    batas_menit). A course quiz only on an online course; M may not exceed the bank's N."""
    if not access.can_manage_program(actor, program):
        raise PermissionDenied
    bank = data["bank"]
    if not access.bank_soal_scope(actor).filter(pk=bank.pk).exists():
        raise PermissionDenied
    if data.get("jenis") == Kuis.Jenis.KELAS and not hasattr(program, "kelas_daring"):
        raise ValidationError({"jenis": "Kuis kelas daring hanya untuk program kelas daring."})
    n = bank.soal.count()
    if data["jumlah_soal"] > n:
        raise ValidationError({"jumlah_soal": f"Bank soal \u201c{bank.nama}\u201d hanya berisi {n} soal; jumlah soal "
                                              f"yang diundi tidak boleh lebih dari {n}."})
    if kuis is None:
        kuis = Kuis.objects.filter(program=program, jenis=data["jenis"]).first() or Kuis(program=program)
    elif kuis.program_id != program.pk:
        raise PermissionDenied
    for nama, nilai in data.items():
        setattr(kuis, nama, nilai)
    kuis.save()
    return kuis


def _peserta_kuis(actor, kuis):
    """The acting employee's participation in the quiz's programme, locked (serialises their attempts)."""
    saya = access.pegawai_saya(actor)
    if saya is None or not access.kuis_peserta_scope(actor).filter(pk=kuis.pk).exists():
        raise PermissionDenied
    return (Peserta.objects.select_for_update(of=("self",), no_key=True)
            .get(program_id=kuis.program_id, pegawai=saya))


@transaction.atomic
def percobaan_mulai(*, actor, kuis):
    """Start an attempt (or return the one in progress): attempts and the cool-down are enforced here; the
    questions are drawn (M of N) and the options shuffled now, and stored with the attempt."""
    peserta = _peserta_kuis(actor, kuis)
    if kuis.jenis == Kuis.Jenis.KELAS:
        pendaftaran = selectors.pendaftaran_peserta(peserta)
        hari_ini = timezone.localdate()
        if pendaftaran is None or not (pendaftaran.buka <= hari_ini <= pendaftaran.tutup):
            raise ValidationError("Masa akses kelas Anda sudah berakhir atau belum dimulai.")
        if not selectors.semua_materi_selesai(kuis.program.kelas_daring, pendaftaran):
            raise ValidationError("Selesaikan semua materi terlebih dahulu sebelum mengerjakan kuis.")
    sekarang = timezone.now()
    keadaan = selectors.keadaan_kuis(kuis, peserta, sekarang)
    if keadaan.berjalan is not None:
        return keadaan.berjalan
    if keadaan.lulus:
        raise ValidationError("Anda sudah lulus kuis ini.")
    if keadaan.sisa <= 0:
        raise ValidationError(f"Kesempatan mengerjakan kuis ini sudah habis ({kuis.maks_percobaan} kali).")
    if keadaan.jeda_sampai is not None:
        raise ValidationError(f"Percobaan berikutnya baru dapat dimulai "
                              f"{timezone.localtime(keadaan.jeda_sampai):%d-%m-%Y pukul %H.%M} WIB.")
    soal = list(Soal.objects.filter(bank_id=kuis.bank_id).values_list("pk", flat=True))
    if len(soal) < kuis.jumlah_soal:
        raise ValidationError("Kuis ini belum siap (soal kurang); hubungi Admin BKPSDM.")
    terpilih = _acak.sample(soal, kuis.jumlah_soal)
    pilihan = {}
    for soal_id, pid in PilihanJawaban.objects.filter(soal_id__in=terpilih).values_list("soal_id", "pk"):
        pilihan.setdefault(soal_id, []).append(pid)
    percobaan = PercobaanKuis.objects.create(
        kuis=kuis, peserta=peserta, nomor=len(keadaan.percobaan) + 1, mulai=sekarang,
        tenggat=sekarang + datetime.timedelta(minutes=kuis.batas_menit) if kuis.batas_menit else None)
    baris = []
    for i, soal_id in enumerate(terpilih, start=1):
        urut = pilihan.get(soal_id, [])
        _acak.shuffle(urut)
        baris.append(JawabanPercobaan(percobaan=percobaan, soal_id=soal_id, urutan=i, urutan_pilihan=urut))
    JawabanPercobaan.objects.bulk_create(baris)
    return percobaan


@transaction.atomic
def percobaan_kirim(*, actor, percobaan, jawaban):
    """Submit an attempt: ``jawaban`` maps a question id to the option ids chosen. Graded here (a question is right
    when exactly its right options are chosen); score = right / drawn × 100, rounded. Submitting again returns the
    graded attempt unchanged. A timed attempt submitted after its end (plus a short grace) is graded without
    answers. Then: a passed course quiz may complete the course; a pre-/post-test score goes to the participant's
    pre-/post-test score (the learning gain is computed from those as before)."""
    saya = access.pegawai_saya(actor)
    if saya is None:
        raise PermissionDenied
    percobaan = (PercobaanKuis.objects.select_for_update(of=("self",)).select_related("kuis", "peserta")
                 .filter(pk=percobaan.pk, peserta__pegawai=saya).first())
    if percobaan is None:
        raise PermissionDenied
    if percobaan.status == PercobaanKuis.Status.DIKIRIM:
        return percobaan
    sekarang = timezone.now()
    terlambat = percobaan.tenggat is not None and \
        sekarang > percobaan.tenggat + datetime.timedelta(seconds=TENGGANG_DETIK)
    baris = list(percobaan.jawaban.all())
    benar_per_soal = {}
    for soal_id, pid in PilihanJawaban.objects.filter(soal_id__in=[b.soal_id for b in baris], benar=True) \
            .values_list("soal_id", "pk"):
        benar_per_soal.setdefault(soal_id, set()).add(pid)
    jumlah_benar = 0
    for b in baris:
        boleh = set(b.urutan_pilihan)
        dipilih = set() if terlambat else {p for p in jawaban.get(b.soal_id, ()) if p in boleh}
        b.dipilih = sorted(dipilih)
        b.benar = bool(dipilih) and dipilih == benar_per_soal.get(b.soal_id, set())
        jumlah_benar += b.benar
    JawabanPercobaan.objects.bulk_update(baris, ["dipilih", "benar"])
    kuis = percobaan.kuis
    percobaan.nilai = round(100 * jumlah_benar / len(baris)) if baris else 0
    percobaan.lulus = percobaan.nilai >= kuis.nilai_lulus
    percobaan.status = PercobaanKuis.Status.DIKIRIM
    percobaan.dikirim_pada = sekarang
    percobaan.save(update_fields=["nilai", "lulus", "status", "dikirim_pada"])
    if kuis.jenis == Kuis.Jenis.KELAS:
        if percobaan.lulus:
            from .daring import kelas_cek_selesai

            kelas_cek_selesai(peserta=percobaan.peserta)
    else:
        _nilai_tes(percobaan)
    return percobaan


def _nilai_tes(percobaan):
    """Pre-test: the first submitted attempt's score (what the participant knew before); post-test: the best.
    Written into the same fields HR types paper scores into, so the gain and the post-test pass rule are unchanged;
    HR can still type a score (a paper test), which stands until the participant's next online submission."""
    kuis = percobaan.kuis
    terkirim = PercobaanKuis.objects.filter(kuis=kuis, peserta=percobaan.peserta, status=PercobaanKuis.Status.DIKIRIM)
    if kuis.jenis == Kuis.Jenis.PRE_TEST:
        nilai = terkirim.order_by("nomor").values_list("nilai", flat=True).first()
        Peserta.objects.filter(pk=percobaan.peserta_id).update(nilai_pre_test=nilai)
    else:
        nilai = max(terkirim.values_list("nilai", flat=True), default=None)
        Peserta.objects.filter(pk=percobaan.peserta_id).update(nilai_post_test=nilai)
