"""Native online courses (issue 13 part A): a programme of bentuk NKL03 E-learning taken alone online ("mandiri
daring"), its modules and lessons, enrolments with a window, server-measured lesson time, and the quiz engine
(question banks, quizzes drawing M of N, attempts) that also serves the pre-test and post-test of classroom
programmes.

A course is a ``ProgramPelatihan`` (bentuk NKL03, mode daring) with a ``KelasDaring`` row: the row is what makes it
"mandiri daring". An enrolment is the programme's ``Peserta`` (so the existing certificate and the JP ledger credit,
one per participant, apply unchanged) with a ``PendaftaranDaring`` holding the window and the resume point.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from pembinaan.models import Instansi

__all__ = ["KelasDaring", "Modul", "Materi", "PendaftaranDaring", "ProgresMateri", "BankSoal", "Soal",
           "PilihanJawaban", "Kuis", "PercobaanKuis", "JawabanPercobaan"]


class KelasDaring(models.Model):
    """The online-course side of a programme. ``alasan_jp``: HR's reason when the JP exceed what the lessons'
    minimum times justify (1 JP = 45 minutes), given when publishing."""

    program = models.OneToOneField("pelatihan.ProgramPelatihan", on_delete=models.CASCADE,
                                   related_name="kelas_daring")
    hari_akses = models.PositiveSmallIntegerField("lama akses (hari) sejak terdaftar", default=30,
                                                  validators=[MinValueValidator(1), MaxValueValidator(366)])
    alasan_jp = models.TextField("alasan JP melebihi durasi minimal", blank=True)
    jp_dikonfirmasi_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                             blank=True, related_name="+")
    jp_dikonfirmasi_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "kelas daring"
        verbose_name_plural = "kelas daring"
        constraints = [models.CheckConstraint(condition=Q(hari_akses__gte=1), name="kelas_daring_hari_akses")]

    def __str__(self):
        return str(self.program)


class Modul(models.Model):
    kelas = models.ForeignKey(KelasDaring, on_delete=models.CASCADE, related_name="modul")
    urutan = models.PositiveSmallIntegerField(default=1)
    judul = models.CharField(max_length=200)

    class Meta:
        verbose_name = "modul"
        verbose_name_plural = "modul"
        ordering = ["urutan", "id"]

    def __str__(self):
        return self.judul


class Materi(models.Model):
    class Jenis(models.TextChoices):
        TEKS = "teks", "Teks"
        PDF = "pdf", "PDF"
        VIDEO = "video", "Tautan video"
        TAUTAN = "tautan", "Tautan luar"

    modul = models.ForeignKey(Modul, on_delete=models.CASCADE, related_name="materi")
    urutan = models.PositiveSmallIntegerField(default=1)
    judul = models.CharField(max_length=200)
    jenis = models.CharField(max_length=6, choices=Jenis.choices)
    isi = models.TextField("teks materi", blank=True, help_text="Untuk video: teks pengganti (transkrip/ringkasan).")
    berkas = models.FileField("berkas PDF", upload_to="materi-daring/%Y/", blank=True)
    url = models.URLField("tautan video/luar", blank=True)
    durasi_minimal_detik = models.PositiveIntegerField("waktu belajar minimal (detik)", default=0)

    class Meta:
        verbose_name = "materi"
        verbose_name_plural = "materi"
        ordering = ["urutan", "id"]
        constraints = [
            # Every video has a text or PDF alternative (low bandwidth, accessibility).
            models.CheckConstraint(condition=~Q(jenis="video") | ~Q(isi="") | ~Q(berkas=""),
                                   name="materi_video_ada_alternatif"),
            models.CheckConstraint(condition=~Q(jenis__in=["video", "tautan"]) | ~Q(url=""),
                                   name="materi_tautan_wajib_url"),
            models.CheckConstraint(condition=~Q(jenis="pdf") | ~Q(berkas=""), name="materi_pdf_wajib_berkas"),
            models.CheckConstraint(condition=~Q(jenis="teks") | ~Q(isi=""), name="materi_teks_wajib_isi"),
        ]

    def __str__(self):
        return self.judul

    @property
    def durasi_teks(self):
        """The minimum time as a learner reads it: "5 menit", "1 menit 30 detik", "40 detik"."""
        menit, detik = divmod(self.durasi_minimal_detik, 60)
        if not menit:
            return f"{detik} detik"
        return f"{menit} menit" + (f" {detik} detik" if detik else "")


class PendaftaranDaring(models.Model):
    """The course side of an enrolment (the ``Peserta``): the access window, where to resume, completion."""

    peserta = models.OneToOneField("pelatihan.Peserta", on_delete=models.CASCADE, related_name="pendaftaran_daring")
    buka = models.DateField("akses mulai")
    tutup = models.DateField("akses berakhir")
    materi_terakhir = models.ForeignKey(Materi, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    mulai_belajar = models.DateTimeField(null=True, blank=True)
    selesai_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "pendaftaran kelas daring"
        verbose_name_plural = "pendaftaran kelas daring"
        constraints = [models.CheckConstraint(condition=Q(tutup__gte=models.F("buka")),
                                              name="pendaftaran_daring_jendela")]


class ProgresMateri(models.Model):
    """Seconds on a lesson counted by the server from heartbeats sent while the page is visible."""

    pendaftaran = models.ForeignKey(PendaftaranDaring, on_delete=models.CASCADE, related_name="progres")
    materi = models.ForeignKey(Materi, on_delete=models.CASCADE, related_name="+")
    detik = models.PositiveIntegerField(default=0)
    detak_terakhir = models.DateTimeField(null=True, blank=True)
    selesai_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pendaftaran", "materi"], name="progres_materi_unik")]


class BankSoal(models.Model):
    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    nama = models.CharField(max_length=200)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "bank soal"
        verbose_name_plural = "bank soal"
        ordering = ["nama"]
        constraints = [models.UniqueConstraint(fields=["instansi", "nama"], name="bank_soal_unik")]

    def __str__(self):
        return self.nama


class Soal(models.Model):
    class Jenis(models.TextChoices):
        TUNGGAL = "tunggal", "Pilihan ganda (satu jawaban)"
        JAMAK = "jamak", "Pilihan ganda (beberapa jawaban)"
        BENAR_SALAH = "benar_salah", "Benar/salah"

    bank = models.ForeignKey(BankSoal, on_delete=models.CASCADE, related_name="soal")
    teks = models.TextField("pertanyaan")
    jenis = models.CharField(max_length=12, choices=Jenis.choices)

    class Meta:
        verbose_name = "soal"
        verbose_name_plural = "soal"
        ordering = ["id"]


class PilihanJawaban(models.Model):
    soal = models.ForeignKey(Soal, on_delete=models.CASCADE, related_name="pilihan")
    teks = models.CharField(max_length=500)
    benar = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]


class Kuis(models.Model):
    """A quiz of a programme: the course quiz of an online course, or the pre-/post-test of any programme."""

    class Jenis(models.TextChoices):
        KELAS = "kelas", "Kuis kelas daring"
        PRE_TEST = "pre_test", "Pre-test"
        POST_TEST = "post_test", "Post-test"

    program = models.ForeignKey("pelatihan.ProgramPelatihan", on_delete=models.CASCADE, related_name="kuis")
    jenis = models.CharField(max_length=10, choices=Jenis.choices)
    bank = models.ForeignKey(BankSoal, on_delete=models.PROTECT, related_name="kuis")
    jumlah_soal = models.PositiveSmallIntegerField("jumlah soal yang diundi", validators=[MinValueValidator(1)])
    nilai_lulus = models.PositiveSmallIntegerField("nilai lulus (0–100)", default=70,
                                                   validators=[MaxValueValidator(100)])
    maks_percobaan = models.PositiveSmallIntegerField("percobaan maksimal", default=3,
                                                      validators=[MinValueValidator(1)])
    jeda_jam = models.PositiveSmallIntegerField("jeda antarpercobaan (jam)", default=24)
    batas_menit = models.PositiveSmallIntegerField("batas waktu (menit)", null=True, blank=True,
                                                   validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = "kuis"
        verbose_name_plural = "kuis"
        constraints = [
            models.UniqueConstraint(fields=["program", "jenis"], name="kuis_satu_per_jenis"),
            models.CheckConstraint(condition=Q(nilai_lulus__lte=100, jumlah_soal__gte=1, maks_percobaan__gte=1),
                                   name="kuis_nilai_wajar"),
        ]

    def __str__(self):
        return f"{self.get_jenis_display()} – {self.program}"


class PercobaanKuis(models.Model):
    """One attempt: the drawn questions are fixed when it starts; graded on the server once, when submitted."""

    class Status(models.TextChoices):
        BERJALAN = "berjalan", "Sedang dikerjakan"
        DIKIRIM = "dikirim", "Dikirim"

    kuis = models.ForeignKey(Kuis, on_delete=models.CASCADE, related_name="percobaan")
    peserta = models.ForeignKey("pelatihan.Peserta", on_delete=models.CASCADE, related_name="percobaan_kuis")
    nomor = models.PositiveSmallIntegerField()
    mulai = models.DateTimeField()
    tenggat = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.BERJALAN)
    dikirim_pada = models.DateTimeField(null=True, blank=True)
    nilai = models.PositiveSmallIntegerField(null=True, blank=True)
    lulus = models.BooleanField(null=True, blank=True)

    class Meta:
        verbose_name = "percobaan kuis"
        verbose_name_plural = "percobaan kuis"
        ordering = ["nomor"]
        constraints = [
            models.UniqueConstraint(fields=["kuis", "peserta", "nomor"], name="percobaan_nomor_unik"),
            models.UniqueConstraint(fields=["kuis", "peserta"], condition=Q(status="berjalan"),
                                    name="percobaan_satu_berjalan"),
            models.CheckConstraint(
                condition=(Q(status="berjalan", dikirim_pada__isnull=True, nilai__isnull=True)
                           | Q(status="dikirim", dikirim_pada__isnull=False, nilai__isnull=False,
                               lulus__isnull=False)),
                name="percobaan_status_konsisten"),
        ]


class JawabanPercobaan(models.Model):
    """A drawn question of an attempt: the order its options are shown in, what was chosen, whether right."""

    percobaan = models.ForeignKey(PercobaanKuis, on_delete=models.CASCADE, related_name="jawaban")
    soal = models.ForeignKey(Soal, on_delete=models.PROTECT, related_name="+")
    urutan = models.PositiveSmallIntegerField()
    urutan_pilihan = models.JSONField(default=list)
    dipilih = models.JSONField(default=list)
    benar = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["urutan"]
        constraints = [models.UniqueConstraint(fields=["percobaan", "soal"], name="jawaban_soal_unik")]
