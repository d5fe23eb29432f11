"""Demo data of the native online courses (issue 13 A) for `make run`, registered by pelatihan/beranda.py through
``pembinaan.komposisi.daftar_demo`` after the training demo (it uses that demo's partner and employees).

Per demo instansi: a published course "Memahami Nilai Dasar BerAKHLAK" of two modules (a text lesson, a video
lesson with its transcript, a text lesson on SIASN), a question bank of five questions and the course quiz drawing
three. In the instansi with the demo employee accounts, the subordinate is enrolled and midway (first lesson done,
resuming at the video) and the atasan passed (all lessons, the quiz passed: certificate and one JP credit).
Idempotent: an instansi that already has an online course is left alone. Written through the services; only the
lesson time, which the server counts from the heartbeats of a visible page, is set directly (nobody sits in front
of the demo for minutes).
"""

from django.db import transaction

from pembinaan.demo.dasar import INSTANSI_DEMO
from pembinaan.models import Instansi

from .demo import _akun_demo, _hr
from .models import KelasDaring, Kuis, Materi, Mitra, ProgresMateri, Soal
from .selectors import daring as selectors
from .services import daring as layanan
from .services import kuis as layanan_kuis
from .services import program as layanan_program

JUDUL = "Memahami Nilai Dasar BerAKHLAK"

MATERI = [
    ("Nilai dasar ASN", [
        ("Berorientasi pelayanan dan akuntabel", Materi.Jenis.TEKS, "", 300,
         "Core values ASN BerAKHLAK: Berorientasi pelayanan, Akuntabel, Kompeten, Harmonis, Loyal, Adaptif, "
         "Kolaboratif. Berorientasi pelayanan berarti memahami dan memenuhi kebutuhan masyarakat, ramah, cekatan, "
         "solutif, dan dapat diandalkan. Akuntabel berarti bertanggung jawab atas kepercayaan yang diberikan: "
         "jujur, cermat, disiplin, berintegritas, serta menggunakan kekayaan dan barang milik negara secara "
         "bertanggung jawab, efektif, dan efisien."),
        ("Video: kompeten dan harmonis", Materi.Jenis.VIDEO, "https://video.contoh.go.id/berakhlak-kompeten", 300,
         "Transkrip video. Kompeten berarti terus belajar dan mengembangkan kapabilitas: meningkatkan kompetensi "
         "diri untuk menjawab tantangan yang selalu berubah, membantu orang lain belajar, dan melaksanakan tugas "
         "dengan kualitas terbaik. Harmonis berarti saling peduli dan menghargai perbedaan."),
    ]),
    ("Menerapkan di tempat kerja", [
        ("Loyal, adaptif, kolaboratif", Materi.Jenis.TEKS, "", 300,
         "Loyal: berdedikasi dan mengutamakan kepentingan bangsa dan negara. Adaptif: terus berinovasi dan antusias "
         "menggerakkan serta menghadapi perubahan. Kolaboratif: membangun kerja sama yang sinergis, terbuka "
         "bekerja sama untuk menghasilkan nilai tambah."),
        ("Tautan: panduan SIASN", Materi.Jenis.TAUTAN, "https://siasn.bkn.go.id/", 120,
         "Panduan pemutakhiran data mandiri pada SIASN (tautan luar)."),
    ]),
]

SOAL = [
    ("Apa kepanjangan huruf A pertama dalam BerAKHLAK?", Soal.Jenis.TUNGGAL,
     [("Akuntabel", True), ("Adil", False), ("Aktif", False)]),
    ("Nilai yang berarti terus belajar dan mengembangkan kapabilitas adalah ...", Soal.Jenis.TUNGGAL,
     [("Kompeten", True), ("Loyal", False), ("Harmonis", False)]),
    ("Pilih semua yang termasuk nilai dasar BerAKHLAK.", Soal.Jenis.JAMAK,
     [("Adaptif", True), ("Kolaboratif", True), ("Kompetitif", False)]),
    ("Harmonis berarti saling peduli dan menghargai perbedaan.", Soal.Jenis.BENAR_SALAH, [("Benar", True)]),
    ("Menggunakan barang milik negara untuk keperluan pribadi sesuai dengan nilai Akuntabel.",
     Soal.Jenis.BENAR_SALAH, [("Salah", True)]),
]


def _baca(user, materi):
    """The lesson read to its minimum time and finished (the time credited directly; see the module's note)."""
    progres = layanan.materi_detak(actor=user, materi=materi, awal=True)
    ProgresMateri.objects.filter(pk=progres.pk).update(detik=materi.durasi_minimal_detik)
    layanan.materi_selesai(actor=user, materi=materi)


def _jawab_benar(percobaan):
    return {j.soal_id: [p.pk for p in j.soal.pilihan.all() if p.benar]
            for j in percobaan.jawaban.select_related("soal").prefetch_related("soal__pilihan")}


@transaction.atomic
def buat_kelas_daring_demo_instansi(instansi):
    """Returns 1 when the course was made, 0 when the instansi already has one (or has no HR or partner)."""
    if KelasDaring.objects.filter(program__instansi=instansi).exists():
        return 0
    hr = _hr(instansi)
    if hr is None:
        return 0
    mitra = Mitra.objects.filter(instansi=instansi).order_by("pk").first() or layanan_program.mitra_create(
        actor=hr, nama="BKPSDM", jenis="lainnya")
    kelas = layanan.kelas_create(actor=hr, data={
        "judul": JUDUL, "deskripsi": "Kelas daring mandiri 1 JP tentang core values ASN; dapat dipelajari dari "
                                     "ponsel.", "jp": 1, "penyelenggara": mitra, "pendaftaran_mandiri": True,
        "kuota": 1000})
    program = kelas.program
    for judul_modul, materi in MATERI:
        modul = layanan.modul_add(actor=hr, program=program, judul=judul_modul)
        for judul, jenis, url, detik, isi in materi:
            layanan.materi_save(actor=hr, modul=modul, data={
                "judul": judul, "jenis": jenis, "url": url, "isi": isi, "durasi_minimal_detik": detik})
    bank = layanan_kuis.bank_create(actor=hr, nama="Bank soal BerAKHLAK")
    for teks, jenis, pilihan in SOAL:
        layanan_kuis.soal_add(actor=hr, bank=bank, teks=teks, jenis=jenis, pilihan=pilihan)
    kuis = layanan_kuis.kuis_save(actor=hr, program=program, data={
        "jenis": Kuis.Jenis.KELAS, "bank": bank, "jumlah_soal": 3, "nilai_lulus": 60, "maks_percobaan": 3,
        "jeda_jam": 24, "batas_menit": None})
    layanan.kelas_publish(actor=hr, program=program)
    akun = [p for p in _akun_demo(instansi) if p.user_id]
    if len(akun) >= 2:
        atasan, bawahan = akun[0], akun[-1]
        layanan.kelas_tugaskan(actor=hr, program=program, pegawai=[atasan, bawahan])
        urut = selectors.materi_urut(kelas)
        # The subordinate midway: the first lesson done, the video opened (the course resumes there).
        _baca(bawahan.user, urut[0])
        layanan.materi_detak(actor=bawahan.user, materi=urut[1], awal=True)
        # The atasan passed: every lesson, then the quiz (certificate and one JP credit).
        for materi in urut:
            _baca(atasan.user, materi)
        percobaan = layanan_kuis.percobaan_mulai(actor=atasan.user, kuis=kuis)
        layanan_kuis.percobaan_kirim(actor=atasan.user, percobaan=percobaan, jawaban=_jawab_benar(percobaan))
    return 1


def buat_kelas_daring_demo():
    return sum(buat_kelas_daring_demo_instansi(i)
               for i in Instansi.objects.filter(kode__in=[k for k, _, _ in INSTANSI_DEMO]).order_by("kode"))


def demo():
    from pembinaan.komposisi import baris_demo

    return baris_demo("Kelas daring demo dibuat", buat_kelas_daring_demo(),
                      f"\u201c{JUDUL}\u201d: peserta di tengah jalan dan peserta lulus")


__all__ = ["buat_kelas_daring_demo", "demo"]
