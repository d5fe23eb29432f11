"""Senior-to-junior mentoring: pairs, their sessions, feedback forms B.1.8 and B.1.9 (docs/domain.md §6.6, §8)."""

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from pembinaan.models import Instansi, Kompetensi, Pegawai

SKOR_1_5 = [MinValueValidator(1), MaxValueValidator(5)]


class JenisMentoring(models.TextChoices):
    LATSAR = "latsar", "Latsar CPNS"
    KEPEMIMPINAN = "kepemimpinan", "Pelatihan kepemimpinan (PKP/PKA/PKN)"
    UMUM = "umum", "Pengembangan kompetensi umum"


class PengaturanMentoring(models.Model):
    """Rules an instansi sets for its mentoring (docs/domain.md §4.3 and §13: JP equivalence is configurable)."""

    instansi = models.OneToOneField(Instansi, on_delete=models.CASCADE, related_name="pengaturan_mentoring")
    kapasitas_mentor = models.PositiveSmallIntegerField(
        "kapasitas mentor", default=3, validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text="Jumlah mentee aktif paling banyak per mentor. Melebihinya memerlukan konfirmasi.")
    menit_per_jp = models.PositiveSmallIntegerField(
        "menit per JP", default=45, validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text="Durasi sesi yang dikonfirmasi dibagi angka ini, dibulatkan ke bawah.")
    batas_jp_bulanan = models.PositiveSmallIntegerField(
        "batas JP mentoring per bulan", default=4, validators=[MaxValueValidator(100)],
        help_text="JP mentoring paling banyak yang dikreditkan kepada satu mentee dalam satu bulan.")
    hari_tanpa_sesi = models.PositiveSmallIntegerField(
        "pengingat setelah … hari tanpa sesi", default=30, validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="Mentor dan mentee diingatkan bila pasangan aktif tidak mencatat sesi selama ini.")
    durasi_bulan = models.PositiveSmallIntegerField(
        "lama pendampingan bawaan (bulan)", default=3, validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text="Rencana selesai bawaan untuk pasangan baru.")

    class Meta:
        verbose_name = "pengaturan mentoring"
        verbose_name_plural = "pengaturan mentoring"

    def __str__(self):
        return f"Pengaturan mentoring {self.instansi}"

    @classmethod
    def untuk(cls, instansi_id):
        """The instansi's settings, or the defaults (unsaved) when HR has not changed them."""
        return cls.objects.filter(instansi_id=instansi_id).first() or cls(instansi_id=instansi_id)


@pghistory.track()
class PasanganMentoring(models.Model):
    class Status(models.TextChoices):
        USULAN = "usulan", "Usulan"
        AKTIF = "aktif", "Aktif"
        SELESAI = "selesai", "Selesai"
        DIBATALKAN = "dibatalkan", "Dibatalkan"

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    mentor = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="pasangan_mentor")
    mentee = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="pasangan_mentee")
    jenis = models.CharField("jenis mentoring", max_length=14, choices=JenisMentoring.choices)
    tujuan = models.TextField("tujuan", blank=True)
    rencana_mulai = models.DateField("rencana mulai")
    rencana_selesai = models.DateField("rencana selesai")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.AKTIF)
    ringkasan_penutup = models.TextField("ringkasan penutup", blank=True)
    alasan_batal = models.TextField("alasan dibatalkan", blank=True)
    # The warnings HR saw and confirmed when the pair was made (not senior, other unit, over capacity …).
    peringatan = models.JSONField(default=list, blank=True)
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    dibuat = models.DateTimeField(auto_now_add=True)
    diubah = models.DateTimeField(auto_now=True)
    diakhiri_pada = models.DateTimeField(null=True, blank=True)
    # Last nudge for "no session for N days" (to both sides) and "past the planned end" (to HR): the outbox
    # makes a nudge unique per day; these make it weekly instead of daily.
    diingatkan_pada = models.DateField(null=True, blank=True, editable=False)
    hr_diingatkan_pada = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "pasangan mentoring"
        verbose_name_plural = "pasangan mentoring"
        ordering = ["-rencana_mulai", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(mentor=models.F("mentee")), name="mentoring_mentor_bukan_mentee"),
            # One open (proposed or active) pair per mentee and kind.
            models.UniqueConstraint(fields=["mentee", "jenis"], condition=Q(status__in=["usulan", "aktif"]),
                                    name="mentoring_satu_pasangan_aktif_per_jenis"),
            models.CheckConstraint(condition=Q(rencana_selesai__gte=models.F("rencana_mulai")),
                                   name="mentoring_rencana_urut"),
            models.CheckConstraint(condition=~Q(status="selesai") | ~Q(ringkasan_penutup=""),
                                   name="mentoring_selesai_ada_ringkasan"),
        ]
        indexes = [
            models.Index(fields=["mentor", "status"]),
            models.Index(fields=["instansi", "status"]),
            models.Index(fields=["mentee", "status"]),
        ]

    def __str__(self):
        return f"{self.mentor.nama} → {self.mentee.nama} ({self.get_jenis_display()})"

    @property
    def terbuka(self):
        return self.status in (self.Status.USULAN, self.Status.AKTIF)


@pghistory.track()
class SesiMentoring(models.Model):
    """One mentoring session, written by the mentor or the mentee and confirmed by the other."""

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", "Menunggu konfirmasi"
        DIKONFIRMASI = "dikonfirmasi", "Dikonfirmasi"
        DITOLAK = "ditolak", "Ditolak"
        DITARIK = "ditarik", "Ditarik"

    pasangan = models.ForeignKey(PasanganMentoring, on_delete=models.CASCADE, related_name="sesi")
    tanggal = models.DateField("tanggal")
    durasi_menit = models.PositiveSmallIntegerField("durasi (menit)",
                                                    validators=[MinValueValidator(5), MaxValueValidator(600)])
    topik = models.CharField("topik", max_length=200)
    catatan = models.TextField("catatan", blank=True)
    tindak_lanjut = models.TextField("tindak lanjut yang disepakati", blank=True)
    penulis = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.MENUNGGU)
    diputus_oleh = models.ForeignKey(Pegawai, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    diputus_pada = models.DateTimeField(null=True, blank=True)
    alasan_tolak = models.TextField("alasan ditolak", blank=True)
    ditarik_pada = models.DateTimeField(null=True, blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "sesi mentoring"
        verbose_name_plural = "sesi mentoring"
        ordering = ["-tanggal", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(durasi_menit__gte=5, durasi_menit__lte=600),
                                   name="sesi_mentoring_durasi_wajar"),
            models.CheckConstraint(condition=~Q(status="ditolak") | ~Q(alasan_tolak=""),
                                   name="sesi_mentoring_tolak_beralasan"),
        ]
        indexes = [models.Index(fields=["pasangan", "tanggal"])]

    def __str__(self):
        return f"{self.tanggal:%d-%m-%Y} {self.topik}"


# Format B.1.8 "Umpan Balik Pelaksanaan Bimbingan Kinerja" (PermenPANRB 6/2022 Lampiran; docs/domain.md §6.6).
PERNYATAAN_B18 = [
    ("didengar", "Saya merasa didengarkan selama bimbingan."),
    ("dihargai", "Saya merasa dihargai selama bimbingan."),
    ("bebas", "Saya merasa bebas menyampaikan pendapat dan kendala."),
    ("fakta", "Mentor memberikan masukan berdasarkan fakta dan bukti."),
    ("positif", "Mentor bersikap positif dan membangun."),
    ("bertanya", "Mentor lebih banyak bertanya daripada menggurui."),
    ("solusi", "Mentor membantu saya menemukan solusi sendiri."),
    ("langkah", "Saya memahami langkah selanjutnya yang perlu saya lakukan."),
    ("tujuan", "Saya memahami tujuan bimbingan ini."),
]
SKALA_SETUJU = [(1, "Sangat tidak setuju"), (2, "Tidak setuju"), (3, "Ragu-ragu"), (4, "Setuju"),
                (5, "Sangat setuju")]


class UmpanBalikBimbingan(models.Model):
    """B.1.8: the mentee's feedback on one confirmed session (nine statements, 1–5)."""

    sesi = models.OneToOneField(SesiMentoring, on_delete=models.CASCADE, related_name="umpan_balik")
    jawaban = models.JSONField(default=dict)  # key of PERNYATAAN_B18 -> 1..5 (checked by the form and service)
    komentar = models.TextField("komentar", blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "umpan balik bimbingan (B.1.8)"
        verbose_name_plural = "umpan balik bimbingan (B.1.8)"

    @property
    def rata_rata(self):
        nilai = [v for v in self.jawaban.values() if isinstance(v, int)]
        return round(sum(nilai) / len(nilai), 1) if nilai else None

    def baris(self):
        return [(teks, self.jawaban.get(kunci)) for kunci, teks in PERNYATAAN_B18]


class EvaluasiKompetensiMentee(models.Model):
    """B.1.9 "Evaluasi Kompetensi Pegawai": the mentor's follow-up, each competency scored 1–5 with a reason."""

    pasangan = models.ForeignKey(PasanganMentoring, on_delete=models.CASCADE, related_name="evaluasi_kompetensi")
    penilai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="+")
    tanggal = models.DateField("tanggal")
    catatan = models.TextField("catatan umum", blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "evaluasi kompetensi mentee (B.1.9)"
        verbose_name_plural = "evaluasi kompetensi mentee (B.1.9)"
        ordering = ["-tanggal", "-id"]


class ItemEvaluasiKompetensi(models.Model):
    evaluasi = models.ForeignKey(EvaluasiKompetensiMentee, on_delete=models.CASCADE, related_name="item")
    kompetensi = models.ForeignKey(Kompetensi, on_delete=models.PROTECT, related_name="+")
    skor = models.PositiveSmallIntegerField("skor (1–5)", validators=SKOR_1_5)
    alasan = models.TextField("alasan")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluasi", "kompetensi"], name="b19_kompetensi_sekali"),
            models.CheckConstraint(condition=Q(skor__gte=1, skor__lte=5), name="b19_skor_1_5"),
            models.CheckConstraint(condition=~Q(alasan=""), name="b19_alasan_wajib"),
        ]
