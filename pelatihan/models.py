"""Training programmes, sessions, participants, attendance, certificates, feedback and the JP ledger."""

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from pembinaan import referensi as ref
from pembinaan.models import Instansi, Kompetensi, Pegawai

NILAI_1_5 = [MinValueValidator(1), MaxValueValidator(5)]


class BentukPelatihan(models.Model):
    """LAN bentuk pelatihan (KL01–KL12, NKL01–NKL13). Reference data shipped by a migration."""

    kode = models.CharField(max_length=6, unique=True)
    nama = models.CharField(max_length=100)
    klasikal = models.BooleanField()
    siasn_jenis_diklat_id = models.PositiveSmallIntegerField("jenis diklat SIASN")

    class Meta:
        verbose_name = "bentuk pelatihan"
        verbose_name_plural = "bentuk pelatihan"
        ordering = ["kode"]

    def __str__(self):
        return f"{self.kode} – {self.nama}"


class JpBawaan(models.Model):
    """Default JP per bentuk, set by each instansi's HR (there is no national table)."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    bentuk = models.ForeignKey(BentukPelatihan, on_delete=models.CASCADE, related_name="+")
    jp = models.PositiveSmallIntegerField("JP bawaan")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["instansi", "bentuk"], name="jp_bawaan_unik")]


class AturanJP(models.Model):
    """The yearly JP target (floor) and ceiling of one jenis ASN in one instansi, set by its HR (docs/domain.md §4.1).

    No row means the national default of ``pelatihan.referensi.ATURAN_JP_BAWAAN``; an empty value means
    "none" (no target, no ceiling). The target counts per calendar year; a PPPK's ceiling per contract
    year (from the TMT of the contract), a PNS's per calendar year.
    """

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    jenis_asn = models.CharField("jenis ASN", max_length=10, choices=ref.JenisAsn.choices)
    target = models.PositiveSmallIntegerField("target JP minimal", null=True, blank=True)
    batas = models.PositiveSmallIntegerField("batas JP maksimal", null=True, blank=True)

    class Meta:
        verbose_name = "aturan JP"
        verbose_name_plural = "aturan JP"
        constraints = [
            models.UniqueConstraint(fields=["instansi", "jenis_asn"], name="aturan_jp_unik"),
            models.CheckConstraint(condition=Q(target__isnull=True) | Q(batas__isnull=True)
                                   | Q(batas__gte=models.F("target")), name="aturan_jp_batas_di_atas_target"),
        ]


class PenandatanganSertifikat(models.Model):
    """Who signs the certificates of an instansi (printed on the PDF), set by its HR."""

    instansi = models.OneToOneField(Instansi, on_delete=models.CASCADE, related_name="+")
    nama = models.CharField("nama (dengan gelar)", max_length=200)
    jabatan = models.CharField("jabatan", max_length=200)
    nip = models.CharField("NIP", max_length=18, blank=True)
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "penandatangan sertifikat"
        verbose_name_plural = "penandatangan sertifikat"
        constraints = [models.CheckConstraint(condition=Q(nip="") | Q(nip__regex=r"^[0-9]{18}$"),
                                              name="penandatangan_nip_18_digit")]


class Mitra(models.Model):
    class Jenis(models.TextChoices):
        INTERNAL = "internal", "Unit internal"
        BPSDM = "bpsdm", "BPSDM"
        LAN = "lan", "LAN"
        UNIVERSITAS = "universitas", "Perguruan tinggi"
        LSM = "lsm", "LSM / NGO"
        LAINNYA = "lainnya", "Lainnya"

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="mitra")
    nama = models.CharField(max_length=200)
    jenis = models.CharField(max_length=12, choices=Jenis.choices)
    kontak = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "mitra penyelenggara"
        verbose_name_plural = "mitra penyelenggara"
        ordering = ["nama"]
        constraints = [models.UniqueConstraint(fields=["instansi", "nama"], name="mitra_unik")]

    def __str__(self):
        return self.nama


class ProgramPelatihan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draf"
        DIBUKA = "dibuka", "Dibuka"
        BERJALAN = "berjalan", "Berjalan"
        SELESAI = "selesai", "Selesai"
        BATAL = "batal", "Batal"

    class Mode(models.TextChoices):
        TATAP_MUKA = "tatap_muka", "Tatap muka"
        DARING = "daring", "Daring"
        BLENDED = "blended", "Blended"

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="program_pelatihan")
    judul = models.CharField(max_length=255)
    bentuk = models.ForeignKey(BentukPelatihan, on_delete=models.PROTECT, related_name="+")
    penyelenggara = models.ForeignKey(Mitra, on_delete=models.PROTECT, related_name="program")
    deskripsi = models.TextField(blank=True)
    jp = models.PositiveSmallIntegerField("JP")
    kuota = models.PositiveIntegerField(default=30)
    mode = models.CharField(max_length=12, choices=Mode.choices, default=Mode.TATAP_MUKA)
    lokasi = models.CharField("tempat", max_length=255, blank=True)
    tautan = models.URLField("tautan daring", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    alasan_batal = models.TextField(blank=True)
    pendaftaran_mandiri = models.BooleanField("pegawai boleh mendaftar sendiri", default=False)
    ambang_kehadiran = models.PositiveSmallIntegerField("kehadiran minimal (%)", default=80,
                                                        validators=[MaxValueValidator(100)])
    pakai_post_test = models.BooleanField("kelulusan memakai post-test", default=False)
    nilai_lulus = models.PositiveSmallIntegerField("nilai lulus post-test", default=70,
                                                   validators=[MaxValueValidator(100)])
    rencana_item = models.ForeignKey("pelatihan.RencanaItem", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="program", verbose_name="item rencana")
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "program pelatihan"
        verbose_name_plural = "program pelatihan"
        ordering = ["-dibuat"]
        indexes = [models.Index(fields=["instansi", "status"])]

    def __str__(self):
        return self.judul


class KompetensiProgram(models.Model):
    program = models.ForeignKey(ProgramPelatihan, on_delete=models.CASCADE, related_name="kompetensi")
    kompetensi = models.ForeignKey(Kompetensi, on_delete=models.PROTECT, related_name="+")
    level_target = models.PositiveSmallIntegerField(validators=NILAI_1_5)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["program", "kompetensi"], name="kompetensi_program_unik")]


class Narasumber(models.Model):
    """A speaker: an employee of the instansi or an outside person."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    pegawai = models.ForeignKey(Pegawai, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    nama = models.CharField(max_length=200)
    asal = models.CharField("asal instansi/lembaga", max_length=200, blank=True)

    class Meta:
        verbose_name_plural = "narasumber"
        ordering = ["nama"]

    def __str__(self):
        return self.nama


class SesiPelatihan(models.Model):
    program = models.ForeignKey(ProgramPelatihan, on_delete=models.CASCADE, related_name="sesi")
    tanggal = models.DateField()
    jam_mulai = models.TimeField()
    jam_selesai = models.TimeField()
    topik = models.CharField(max_length=255)
    tempat = models.CharField(max_length=255, blank=True)
    tautan = models.URLField(blank=True)
    narasumber = models.ManyToManyField(Narasumber, blank=True, related_name="sesi")

    class Meta:
        verbose_name = "sesi pelatihan"
        verbose_name_plural = "sesi pelatihan"
        ordering = ["tanggal", "jam_mulai"]
        constraints = [models.CheckConstraint(condition=Q(jam_selesai__gt=models.F("jam_mulai")),
                                              name="sesi_selesai_setelah_mulai")]

    def __str__(self):
        return f"{self.program} – {self.topik} ({self.tanggal:%d-%m-%Y})"


class Peserta(models.Model):
    class Status(models.TextChoices):
        TERDAFTAR = "terdaftar", "Terdaftar"
        DAFTAR_TUNGGU = "daftar_tunggu", "Daftar tunggu"
        MUNDUR = "mundur", "Mengundurkan diri"
        LULUS = "lulus", "Lulus"
        TIDAK_LULUS = "tidak_lulus", "Tidak lulus"

    class Sumber(models.TextChoices):
        HR = "hr", "Ditunjuk BKPSDM"
        ATASAN = "atasan", "Diusulkan atasan"
        MANDIRI = "mandiri", "Mendaftar sendiri"

    program = models.ForeignKey(ProgramPelatihan, on_delete=models.CASCADE, related_name="peserta")
    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="pelatihan")
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.TERDAFTAR)
    sumber = models.CharField(max_length=8, choices=Sumber.choices)
    diusulkan_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                       related_name="+")
    nilai_pre_test = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(100)])
    nilai_post_test = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(100)])
    persen_hadir = models.PositiveSmallIntegerField(null=True, blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "peserta pelatihan"
        verbose_name_plural = "peserta pelatihan"
        ordering = ["dibuat"]
        constraints = [models.UniqueConstraint(fields=["program", "pegawai"], name="peserta_unik")]
        # The programme list counts each shown programme's active participants from this index alone.
        indexes = [models.Index(fields=["program", "status"], name="peserta_program_status")]

    def __str__(self):
        return f"{self.pegawai} – {self.program}"

    @property
    def kenaikan(self):
        """Learning gain: post-test minus pre-test (Kirkpatrick level 2)."""
        if self.nilai_pre_test is None or self.nilai_post_test is None:
            return None
        return self.nilai_post_test - self.nilai_pre_test


@pghistory.track()
class Kehadiran(models.Model):
    class Status(models.TextChoices):
        HADIR = "hadir", "Hadir"
        IZIN = "izin", "Izin"
        SAKIT = "sakit", "Sakit"
        ALPA = "alpa", "Alpa"

    class Cara(models.TextChoices):
        MANDIRI = "mandiri", "Presensi mandiri (kode)"
        PANITIA = "panitia", "Dicatat panitia"
        IMPOR = "impor", "Impor daftar hadir"

    peserta = models.ForeignKey(Peserta, on_delete=models.CASCADE, related_name="kehadiran")
    sesi = models.ForeignKey(SesiPelatihan, on_delete=models.CASCADE, related_name="kehadiran")
    status = models.CharField(max_length=6, choices=Status.choices)
    cara = models.CharField(max_length=8, choices=Cara.choices)
    alasan = models.CharField(max_length=255, blank=True)
    waktu = models.DateTimeField(auto_now=True)
    dicatat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = "kehadiran"
        verbose_name_plural = "kehadiran"
        constraints = [models.UniqueConstraint(fields=["peserta", "sesi"], name="kehadiran_sekali_per_sesi")]


class Sertifikat(models.Model):
    peserta = models.OneToOneField(Peserta, on_delete=models.PROTECT, related_name="sertifikat")
    nomor = models.CharField(max_length=60, unique=True)
    kode_verifikasi = models.CharField(max_length=20, unique=True)
    diterbitkan = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "sertifikat"
        verbose_name_plural = "sertifikat"

    def __str__(self):
        return self.nomor


class UmpanBalik(models.Model):
    """Kirkpatrick level 1: one questionnaire per participant who attended."""

    peserta = models.OneToOneField(Peserta, on_delete=models.CASCADE, related_name="umpan_balik")
    nilai_penyelenggaraan = models.PositiveSmallIntegerField(validators=NILAI_1_5)
    nilai_materi = models.PositiveSmallIntegerField(validators=NILAI_1_5)
    komentar = models.TextField(blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(nilai_penyelenggaraan__range=(1, 5), nilai_materi__range=(1, 5)),
                                   name="umpan_balik_1_5"),
        ]


class NilaiNarasumber(models.Model):
    umpan_balik = models.ForeignKey(UmpanBalik, on_delete=models.CASCADE, related_name="nilai_narasumber")
    narasumber = models.ForeignKey(Narasumber, on_delete=models.CASCADE, related_name="+")
    nilai = models.PositiveSmallIntegerField(validators=NILAI_1_5)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["umpan_balik", "narasumber"], name="nilai_narasumber_unik"),
            models.CheckConstraint(condition=Q(nilai__range=(1, 5)), name="nilai_narasumber_1_5"),
        ]


class EvaluasiPascaPelatihan(models.Model):
    """The supervisor's form some months after completion (Kirkpatrick level 3)."""

    peserta = models.OneToOneField(Peserta, on_delete=models.CASCADE, related_name="evaluasi_pasca")
    atasan = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="+")
    jatuh_tempo = models.DateField()
    penerapan = models.PositiveSmallIntegerField("penerapan hasil pelatihan (1–5)", null=True, validators=NILAI_1_5)
    contoh_penerapan = models.TextField(blank=True)
    dampak = models.TextField("dampak pada kinerja", blank=True)
    diisi_pada = models.DateTimeField(null=True, blank=True)


class LaporanBelajar(models.Model):
    """Learning done elsewhere, reported by the employee with a certificate, verified by HR."""

    class Status(models.TextChoices):
        DIAJUKAN = "diajukan", "Menunggu verifikasi"
        DIVERIFIKASI = "diverifikasi", "Diverifikasi"
        DITOLAK = "ditolak", "Ditolak"

    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="laporan_belajar")
    bentuk = models.ForeignKey(BentukPelatihan, on_delete=models.PROTECT, related_name="+")
    judul = models.CharField(max_length=255)
    penyelenggara = models.CharField(max_length=255)
    tanggal_mulai = models.DateField()
    tanggal_selesai = models.DateField()
    jp = models.PositiveSmallIntegerField("JP")
    # Minutes of learning as the employee reported them (docs/domain.md §4.3: record minutes too); NULL for reports
    # made before the field existed (unknown).
    menit = models.PositiveIntegerField("lama belajar (menit)", null=True, blank=True)
    berkas = models.FileField("sertifikat", upload_to="laporan-belajar/%Y/")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DIAJUKAN)
    alasan_tolak = models.TextField(blank=True)
    diverifikasi_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                          related_name="+")
    diverifikasi_pada = models.DateTimeField(null=True, blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "laporan belajar mandiri"
        verbose_name_plural = "laporan belajar mandiri"
        ordering = ["-dibuat"]
        constraints = [models.CheckConstraint(condition=Q(tanggal_selesai__gte=models.F("tanggal_mulai")),
                                              name="laporan_tanggal_urut")]

    @property
    def jp_menurut_menit(self):
        """The JP the reported minutes amount to (1 JP = 45 minutes, rounded down): a hint, not the credit."""
        from .referensi import MENIT_PER_JP

        return None if self.menit is None else self.menit // MENIT_PER_JP


@pghistory.track(pghistory.InsertEvent(), pghistory.DeleteEvent())
class KreditJP(models.Model):
    """The JP ledger: the single source of truth of credited JP. One row per source, never two.

    Reversing a source deletes its row (the history trigger keeps the record of the reversal).
    """

    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="kredit_jp")
    tanggal = models.DateField("tanggal kegiatan")
    jp = models.PositiveSmallIntegerField("JP")
    keterangan = models.CharField(max_length=255)
    peserta = models.OneToOneField(Peserta, on_delete=models.CASCADE, null=True, blank=True, related_name="kredit")
    laporan = models.OneToOneField(LaporanBelajar, on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="kredit")
    # A mentoring session's id. pelatihan does not know the apps above it: the column is a plain unique id here,
    # and mentoring's migration 0003 adds its foreign key to mentoring_sesimentoring in the database (deleting a
    # session deletes its credit). Together with the check below the database still holds one source per credit
    # and one credit per source.
    sesi_mentoring_id = models.BigIntegerField(null=True, blank=True, unique=True)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "kredit JP"
        verbose_name_plural = "kredit JP"
        ordering = ["tanggal"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(peserta__isnull=False, laporan__isnull=True, sesi_mentoring_id__isnull=True)
                           | Q(peserta__isnull=True, laporan__isnull=False, sesi_mentoring_id__isnull=True)
                           | Q(peserta__isnull=True, laporan__isnull=True, sesi_mentoring_id__isnull=False)),
                name="kredit_tepat_satu_sumber"),
        ]
        indexes = [models.Index(fields=["pegawai", "tanggal"])]


class RekapJP(models.Model):
    """Per employee and year, the sum of the ledger: kept in the same transaction as every ledger change,
    so the attainment pages aggregate one row per employee instead of a million ledger rows."""

    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="rekap_jp")
    tahun = models.PositiveSmallIntegerField()
    total = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pegawai", "tahun"], name="rekap_jp_unik")]
        # Covering (total included): a per-instansi roll-up probes one index entry per employee without
        # touching the table. Without it, in a database of many instansi the planner hashes the whole
        # year's rekap of every instansi (1M rows at national size: 157 ms vs 30 ms for 25k employees).
        indexes = [models.Index(fields=["tahun", "pegawai"], include=["total"], name="rekap_jp_tahun_cakup")]


from .models_daring import *  # noqa: E402,F401,F403  (issue 13: online courses and quizzes)
from .models_lti import *  # noqa: E402,F401,F403  (issue 13 B: LTI 1.3 platform, AGS)
from .models_rencana import *  # noqa: E402,F401,F403  (issue 11: perencanaan)
