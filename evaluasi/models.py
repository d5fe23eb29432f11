"""Periodic performance evaluations (PermenPANRB 6/2022): periods, the supervisor's forms, objections."""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q

from pembinaan.models import Instansi, Kompetensi, Pegawai, UnitKerja

from .predikat import Predikat, Rating

BERAKHLAK = [
    ("berorientasi_pelayanan", "Berorientasi Pelayanan"),
    ("akuntabel", "Akuntabel"),
    ("kompeten", "Kompeten"),
    ("harmonis", "Harmonis"),
    ("loyal", "Loyal"),
    ("adaptif", "Adaptif"),
    ("kolaboratif", "Kolaboratif"),
]


class PredikatOrganisasi(models.TextChoices):
    """Capaian kinerja organisasi (SE MenPANRB 3/2023), set for each unit by the leader one level up."""

    ISTIMEWA = "istimewa", "Istimewa"
    BAIK = "baik", "Baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan", "Butuh Perbaikan"
    KURANG = "kurang", "Kurang"
    SANGAT_KURANG = "sangat_kurang", "Sangat Kurang"


class PengaturanPengingat(models.Model):
    """Reminder offsets per instansi (days before the deadline; escalation days after it)."""

    instansi = models.OneToOneField(Instansi, on_delete=models.CASCADE, related_name="pengaturan_pengingat")
    hari_sebelum = models.JSONField("hari sebelum tenggat", default=list)  # e.g. [7, 3, 1, 0]
    eskalasi_setelah = models.PositiveSmallIntegerField("eskalasi setelah (hari)", default=1)

    @classmethod
    def untuk(cls, instansi_id):
        row = cls.objects.filter(instansi_id=instansi_id).first()
        return (row.hari_sebelum or [7, 3, 1, 0], row.eskalasi_setelah) if row else ([7, 3, 1, 0], 1)


class PeriodeEvaluasi(models.Model):
    class Jenis(models.TextChoices):
        BULANAN = "bulanan", "Bulanan"
        TRIWULANAN = "triwulanan", "Triwulanan"
        TAHUNAN = "tahunan", "Tahunan"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draf"
        DIBUKA = "dibuka", "Dibuka"
        DITUTUP = "ditutup", "Ditutup"

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="periode_evaluasi")
    nama = models.CharField(max_length=100)
    jenis = models.CharField(max_length=12, choices=Jenis.choices)
    mulai = models.DateField()
    selesai = models.DateField()
    tenggat = models.DateField("tenggat pengisian")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    dibuka_pada = models.DateTimeField(null=True, blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "periode evaluasi"
        verbose_name_plural = "periode evaluasi"
        ordering = ["-mulai"]
        constraints = [
            models.CheckConstraint(condition=Q(selesai__gte=models.F("mulai")), name="periode_urut"),
            models.UniqueConstraint(fields=["instansi", "jenis", "mulai"], name="periode_unik"),
        ]

    def __str__(self):
        return self.nama


@pghistory.track()
class Evaluasi(models.Model):
    class Status(models.TextChoices):
        BELUM = "belum", "Belum diisi"
        DRAF = "draf", "Draf"
        DIAJUKAN = "diajukan", "Diajukan"

    periode = models.ForeignKey(PeriodeEvaluasi, on_delete=models.CASCADE, related_name="evaluasi")
    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="evaluasi")
    penilai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="evaluasi_dinilai")
    # The evaluator as they were when the period opened: later moves do not rewrite history.
    penilai_nama = models.CharField(max_length=255, blank=True)
    penilai_nip = models.CharField(max_length=18, blank=True)
    penilai_jabatan = models.CharField(max_length=255, blank=True)
    penilai_unit = models.CharField(max_length=255, blank=True)
    penilai_golongan = models.CharField(max_length=6, blank=True)  # for SIASN penilaiGolonganId
    # The employee's unit when the period opened: overviews group by it without joining the employees.
    unit_kerja = models.ForeignKey(UnitKerja, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.BELUM)
    rating_hasil_kerja = models.CharField(max_length=8, choices=Rating.choices, blank=True)
    rating_perilaku_kerja = models.CharField(max_length=8, choices=Rating.choices, blank=True)
    predikat = models.CharField(max_length=16, choices=Predikat.choices, blank=True)
    catatan_perilaku = models.JSONField("catatan BerAKHLAK", default=dict, blank=True)
    umpan_balik = models.TextField("umpan balik berkelanjutan", blank=True)
    rekomendasi = models.ManyToManyField(Kompetensi, blank=True, related_name="+",
                                         verbose_name="rekomendasi pengembangan kompetensi")
    versi = models.PositiveIntegerField(default=0)  # optimistic locking: every save increments it
    diajukan_pada = models.DateTimeField(null=True, blank=True)
    alasan_dibuka_kembali = models.TextField(blank=True)
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "evaluasi kinerja"
        verbose_name_plural = "evaluasi kinerja"
        constraints = [
            models.UniqueConstraint(fields=["periode", "pegawai"], name="evaluasi_sekali_per_periode"),
            models.CheckConstraint(condition=~Q(penilai=models.F("pegawai")), name="evaluasi_bukan_diri_sendiri"),
            # A submitted form always carries both ratings and the predikat the matrix gives.
            models.CheckConstraint(
                condition=~Q(status="diajukan") | (~Q(rating_hasil_kerja="") & ~Q(rating_perilaku_kerja="")
                                                   & ~Q(predikat="")),
                name="evaluasi_diajukan_lengkap"),
        ]
        indexes = [
            models.Index(fields=["periode", "status"]),
            models.Index(fields=["penilai", "status"]),
            models.Index(fields=["periode", "unit_kerja", "status", "predikat"], include=["penilai"],
                         name="evaluasi_ringkasan"),
        ]

    def __str__(self):
        return f"{self.periode} – {self.pegawai}"


class Keberatan(models.Model):
    """An objection to a submitted result, decided by the evaluator's own atasan."""

    class Status(models.TextChoices):
        DIAJUKAN = "diajukan", "Diajukan"
        DIKUATKAN = "dikuatkan", "Hasil dikuatkan"
        DIUBAH = "diubah", "Hasil diubah"

    evaluasi = models.OneToOneField(Evaluasi, on_delete=models.CASCADE, related_name="keberatan")
    alasan = models.TextField()
    pemutus = models.ForeignKey(Pegawai, on_delete=models.PROTECT, null=True, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DIAJUKAN)
    rating_hasil_kerja_lama = models.CharField(max_length=8, choices=Rating.choices, blank=True)
    rating_perilaku_kerja_lama = models.CharField(max_length=8, choices=Rating.choices, blank=True)
    predikat_lama = models.CharField(max_length=16, choices=Predikat.choices, blank=True)
    pertimbangan = models.TextField(blank=True)
    diajukan_pada = models.DateTimeField(auto_now_add=True)
    diputus_pada = models.DateTimeField(null=True, blank=True)
    diputus_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")


@pghistory.track()
class PredikatOrganisasiUnit(models.Model):
    """The organisational predikat of a top-level unit (OPD) for an evaluation period, as HR records it from the
    leader's decision (SE MenPANRB 3/2023, docs/domain.md §6.4). The distribution curve of the unit's employees is
    checked against it, and the public transparency page publishes it (an organisation's result, not a person's).
    The service keeps the unit within the period's instansi and top-level; the history records who changed it."""

    periode = models.ForeignKey(PeriodeEvaluasi, on_delete=models.CASCADE, related_name="predikat_organisasi")
    unit_kerja = models.ForeignKey(UnitKerja, on_delete=models.PROTECT, related_name="+")
    predikat = models.CharField(max_length=16, choices=PredikatOrganisasi.choices)
    ditetapkan_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                        related_name="+")
    ditetapkan_pada = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "predikat kinerja organisasi"
        verbose_name_plural = "predikat kinerja organisasi"
        constraints = [
            models.UniqueConstraint(fields=["periode", "unit_kerja"], name="predikat_organisasi_sekali_per_periode"),
            models.CheckConstraint(condition=Q(predikat__in=PredikatOrganisasi.values),
                                   name="predikat_organisasi_dikenal"),
        ]

    def __str__(self):
        return f"{self.periode} – {self.unit_kerja}: {self.get_predikat_display()}"
