"""The access walk's entries for online courses and quizzes (issue 13 A), used by tests/pembinaan/test_access_walk.py.

The walk's world has no course: each entry turns the open programmes dibuka_a / dibuka_b into courses (a
KelasDaring with a module, a text lesson with a PDF, a question bank named with the instansi's token, a course quiz
and an attempt in progress by the participant cucu_a / staf_b). Only the course tables are written, inside the
test's savepoint (the walk checks that GETs leave the programme tables untouched)."""

from django.core.files.base import ContentFile
from django.utils import timezone

from pelatihan.models import (
    BankSoal,
    JawabanPercobaan,
    KelasDaring,
    Kuis,
    Materi,
    Modul,
    PendaftaranDaring,
    PercobaanKuis,
    PilihanJawaban,
    Soal,
)

_WALK = {}


def _w():
    """The walk module's helpers and constants (Kasus, PERAN, TOKEN_A, …), handed over by ``entri``."""
    return _WALK["w"]


def siapkan(d):
    """Build (once per test) the course objects of both instansi: {"a": {...}, "b": {...}}."""
    if getattr(d, "_daring_dibuat", None) and KelasDaring.objects.filter(pk=d._daring_dibuat["a"]["kelas"].pk).exists():
        return d._daring_dibuat
    w = _w()
    hasil = {}
    for s, token, orang in (("a", w.TOKEN_A, "cucu_a"), ("b", w.TOKEN_B, "staf_b")):
        program = d.program[f"dibuka_{s}"]
        kelas = KelasDaring.objects.create(program=program)
        modul = Modul.objects.create(kelas=kelas, judul=f"Modul {token}")
        materi = Materi.objects.create(modul=modul, judul=f"Materi {token}", jenis=Materi.Jenis.TEKS,
                                       isi=f"Isi {token}", durasi_minimal_detik=60,
                                       berkas=ContentFile(b"%PDF-1.4\n%%EOF\n", name="materi.pdf"))
        peserta = d.peserta[f"{orang}@dibuka_{s}"]
        today = timezone.localdate()
        PendaftaranDaring.objects.create(peserta=peserta, buka=today, tutup=today)
        bank = BankSoal.objects.create(instansi=program.instansi, nama=f"Bank {token}")
        soal = Soal.objects.create(bank=bank, teks=f"Soal {token}?", jenis=Soal.Jenis.TUNGGAL)
        benar = PilihanJawaban.objects.create(soal=soal, teks=f"Benar {token}", benar=True)
        salah = PilihanJawaban.objects.create(soal=soal, teks=f"Salah {token}", benar=False)
        kuis = Kuis.objects.create(program=program, jenis=Kuis.Jenis.KELAS, bank=bank, jumlah_soal=1)
        percobaan = PercobaanKuis.objects.create(kuis=kuis, peserta=peserta, nomor=1, mulai=timezone.now())
        JawabanPercobaan.objects.create(percobaan=percobaan, soal=soal, urutan=1, urutan_pilihan=[salah.pk, benar.pk])
        hasil[s] = {"kelas": kelas, "program": program, "modul": modul, "materi": materi, "bank": bank, "kuis": kuis,
                    "percobaan": percobaan, "soal": soal}
    d._daring_dibuat = hasil
    return hasil


def _objek(d, nama, lingkup, kode=200):
    """One case per instansi for the object ``nama``; ``lingkup``: role -> {"a", "b"} it may open."""
    w = _w()
    o = siapkan(d)
    return [w.Kasus(s, {"pk": o[s][nama].pk}, {w.ANONIM: w.LOGIN} | {
        p: kode if s in lingkup.get(p, ()) else 404 for p in w.PERAN if p != w.ANONIM}) for s in ("a", "b")]


def kelola(nama):
    w = _w()
    return lambda d: _objek(d, nama, {w.HR_A: {"a"}, w.HR_B: {"b"}})


def kelas_detail(d):
    w = _w()
    return _objek(d, "program", {w.SUPERADMIN: {"a", "b"}, w.HR_A: {"a"}, w.HR_B: {"b"}, w.ATASAN_A: {"a"},
                                 w.PEGAWAI_A: {"a"}, w.PEGAWAI_B: {"b"}})


def kelas_tugaskan(d):
    w = _w()
    return _objek(d, "program", {w.HR_A: {"a"}, w.HR_B: {"b"}, w.ATASAN_A: {"a"}})


def peserta(nama, kode=200):
    """The participant's own (cucu_a in A, staf_b in B)."""
    w = _w()
    return lambda d: _objek(d, nama, {w.PEGAWAI_A: {"a"}, w.PEGAWAI_B: {"b"}}, kode)


def materi(d):
    w = _w()
    return _objek(d, "materi", {w.HR_A: {"a"}, w.HR_B: {"b"}, w.PEGAWAI_A: {"a"}, w.PEGAWAI_B: {"b"}})


def hanya_post(nama):
    w = _w()
    return lambda d: [w.Kasus(k.label, k.kwargs, w.semua(405)) for k in _objek(d, nama, {})]


def entri(walk):
    """The POLA entries of the course and quiz URL patterns; ``walk``: the walk module itself."""
    _WALK["w"] = w = walk
    return {
        "pelatihan:kelas-list": lambda d: (siapkan(d), w.halaman(w.hanya(w.HR_A, w.HR_B, *w.PERAN_PEGAWAI)))[1],
        "pelatihan:kelas-create": lambda d: w.halaman(w.hanya(w.HR_A, w.HR_B)),
        "pelatihan:kelas-detail": kelas_detail,
        "pelatihan:kelas-daftar": hanya_post("program"),
        "pelatihan:kelas-kelola": kelola("program"),
        "pelatihan:modul-create": hanya_post("program"),
        "pelatihan:kelas-terbitkan": hanya_post("program"),
        "pelatihan:kelas-tugaskan": kelas_tugaskan,
        "pelatihan:kelas-corong": kelola("program"),
        "pelatihan:materi-create": kelola("modul"),
        "pelatihan:materi-edit": kelola("materi"),
        "pelatihan:modul-edit": kelola("modul"),
        "pelatihan:modul-geser": hanya_post("modul"),
        "pelatihan:modul-delete": hanya_post("modul"),
        "pelatihan:materi-geser": hanya_post("materi"),
        "pelatihan:materi-delete": hanya_post("materi"),
        "pelatihan:materi-detail": materi,
        "pelatihan:materi-detak": hanya_post("materi"),
        "pelatihan:materi-selesai": hanya_post("materi"),
        "pelatihan:materi-berkas": materi,
        "pelatihan:bank-list": lambda d: w.halaman(w.hanya(w.HR_A, w.HR_B)),
        "pelatihan:bank-detail": kelola("bank"),
        "pelatihan:soal-edit": kelola("soal"),
        "pelatihan:kuis-atur": kelola("program"),
        "pelatihan:kuis-detail": peserta("kuis"),
        "pelatihan:kuis-mulai": hanya_post("kuis"),
        "pelatihan:percobaan-isi": peserta("percobaan"),
        "pelatihan:percobaan-hasil": peserta("percobaan", 302),  # in progress: back to the questions
    }
