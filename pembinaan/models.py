"""Employees, organisation, competencies, accounts scope and the notification outbox."""

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from . import referensi as ref


def nama_lengkap(gelar_depan, nama, gelar_belakang):
    """A name with its academic titles, as Indonesian letters write it: "dr. Siti Aminah, M.Kes"."""
    depan = " ".join(p for p in [gelar_depan, nama] if p)
    return f"{depan}, {gelar_belakang}" if gelar_belakang else depan


class Instansi(models.Model):
    """A tenant: one regional government (pemerintah provinsi/kabupaten/kota)."""

    kode = models.SlugField("kode", max_length=30, unique=True,
                            help_text="Kode singkat, dipakai di baris perintah (mis. BENGKULU).")
    nama = models.CharField("nama", max_length=200, unique=True)
    siasn_id = models.CharField("ID instansi SIASN", max_length=64, blank=True)

    class Meta:
        verbose_name = "instansi"
        verbose_name_plural = "instansi"
        ordering = ["nama"]

    def __str__(self):
        return self.nama


class UnitKerja(models.Model):
    """A node of the organisation tree (OPD → bidang → seksi; schools; puskesmas)."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="unit_kerja")
    induk = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="anak", verbose_name="unit induk")
    nama = models.CharField("nama unit", max_length=255)
    siasn_unor_id = models.CharField("UNOR ID SIASN", max_length=64, blank=True)

    class Meta:
        verbose_name = "unit kerja"
        verbose_name_plural = "unit kerja"
        ordering = ["nama"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "siasn_unor_id"], condition=~Q(siasn_unor_id=""),
                                    name="unitkerja_unor_unik_per_instansi"),
            models.CheckConstraint(condition=~Q(induk=models.F("id")), name="unitkerja_bukan_induk_sendiri"),
        ]

    def __str__(self):
        return self.nama


class Jabatan(models.Model):
    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="jabatan")
    nama = models.CharField("nama jabatan", max_length=255)
    jenis = models.CharField("jenis jabatan", max_length=20, choices=ref.JenisJabatan.choices)
    jenjang = models.CharField("jenjang", max_length=20, choices=ref.Jenjang.choices, blank=True)
    siasn_jabatan_id = models.CharField("ID jabatan SIASN", max_length=64, blank=True)

    class Meta:
        verbose_name = "jabatan"
        verbose_name_plural = "jabatan"
        ordering = ["nama"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "nama", "jenis", "jenjang"], name="jabatan_unik"),
            models.CheckConstraint(condition=Q(jenjang="") | Q(jenis=ref.JenisJabatan.FUNGSIONAL),
                                   name="jabatan_jenjang_hanya_fungsional"),
        ]

    def __str__(self):
        return self.nama


class Kompetensi(models.Model):
    """Competency catalogue: shipped manajerial/sosial kultural ones (instansi empty) plus teknis."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="kompetensi")
    kode = models.CharField("kode", max_length=20)
    nama = models.CharField("nama", max_length=200)
    kategori = models.CharField("kategori", max_length=20, choices=ref.KategoriKompetensi.choices)
    deskripsi = models.TextField("deskripsi", blank=True)

    class Meta:
        verbose_name = "kompetensi"
        verbose_name_plural = "kompetensi"
        ordering = ["kategori", "kode"]
        constraints = [
            models.UniqueConstraint(fields=["kode"], condition=Q(instansi__isnull=True), name="kompetensi_kode_global"),
            models.UniqueConstraint(fields=["instansi", "kode"], name="kompetensi_kode_per_instansi"),
        ]

    def __str__(self):
        return self.nama


LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class StandarKompetensiJabatan(models.Model):
    """The level a jabatan requires (Standar Kompetensi Jabatan, PermenPANRB 38/2017)."""

    jabatan = models.ForeignKey(Jabatan, on_delete=models.CASCADE, related_name="standar_kompetensi")
    kompetensi = models.ForeignKey(Kompetensi, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField("level minimal", validators=LEVEL_VALIDATORS)

    class Meta:
        verbose_name = "standar kompetensi jabatan"
        verbose_name_plural = "standar kompetensi jabatan"
        constraints = [
            models.UniqueConstraint(fields=["jabatan", "kompetensi"], name="skj_unik"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="skj_level_1_5"),
        ]

    def __str__(self):
        return f"{self.jabatan} – {self.kompetensi}: {self.level}"


@pghistory.track(obj_field=pghistory.ObjForeignKey(db_index=True))
class Pegawai(models.Model):
    # Indexed through the composite (instansi, nama) and (instansi, status) indexes below.
    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="pegawai", db_index=False)
    nip = models.CharField("NIP / NI PPPK", max_length=18, unique=True)
    pns_id = models.CharField("PNS ID SIASN", max_length=64, blank=True)
    nama = models.CharField("nama", max_length=200)
    gelar_depan = models.CharField("gelar depan", max_length=50, blank=True)
    gelar_belakang = models.CharField("gelar belakang", max_length=100, blank=True)
    jenis_kelamin = models.CharField("jenis kelamin", max_length=1, choices=ref.JenisKelamin.choices)
    tempat_lahir = models.CharField("tempat lahir", max_length=100, blank=True)
    tanggal_lahir = models.DateField("tanggal lahir")
    jenis_asn = models.CharField("jenis ASN", max_length=10, choices=ref.JenisAsn.choices)
    golongan = models.CharField("golongan", max_length=6, choices=ref.GOLONGAN_CHOICES, blank=True)
    tmt_cpns = models.DateField("TMT CPNS / TMT PPPK", null=True, blank=True)
    tmt_golongan = models.DateField("TMT golongan", null=True, blank=True)
    pendidikan = models.CharField("tingkat pendidikan", max_length=50, blank=True)
    jabatan = models.ForeignKey(Jabatan, on_delete=models.PROTECT, null=True, blank=True, related_name="pegawai")
    unit_kerja = models.ForeignKey(UnitKerja, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="pegawai", verbose_name="unit kerja")
    atasan = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="bawahan", verbose_name="atasan langsung")
    status = models.CharField("status", max_length=30, choices=ref.StatusPegawai.choices,
                              default=ref.StatusPegawai.AKTIF)
    nik = models.CharField("NIK", max_length=16, blank=True)
    email = models.EmailField("e-mail", blank=True)
    no_hp = models.CharField("nomor HP", max_length=30, blank=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="pegawai", editable=False)
    diperbarui = models.DateTimeField("diperbarui", auto_now=True)

    class Meta:
        verbose_name = "pegawai"
        verbose_name_plural = "pegawai"
        ordering = ["nama"]
        permissions = [("import_pegawai", "Dapat mengimpor data pegawai"),
                       ("export_pegawai", "Dapat mengekspor data pegawai")]
        constraints = [
            models.CheckConstraint(condition=Q(nip__regex=r"^[0-9]{18}$"), name="pegawai_nip_18_digit"),
            models.UniqueConstraint(fields=["pns_id"], condition=~Q(pns_id=""), name="pegawai_pns_id_unik"),
            models.CheckConstraint(condition=~Q(atasan=models.F("id")), name="pegawai_bukan_atasan_sendiri"),
            # Golongan PNS and PPPK are never mixed (docs/domain.md §2).
            models.CheckConstraint(
                condition=Q(golongan="")
                | Q(jenis_asn__in=[ref.JenisAsn.PNS, ref.JenisAsn.CPNS], golongan__in=ref.GOLONGAN_PNS_KODE)
                | Q(jenis_asn__in=[ref.JenisAsn.PPPK, ref.JenisAsn.PPPK_PW], golongan__in=ref.GOLONGAN_PPPK),
                name="pegawai_golongan_sesuai_jenis_asn",
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "nama"]),
            models.Index(fields=["instansi", "status"]),
        ]

    def __str__(self):
        return f"{self.nama_lengkap} ({self.nip})"

    @property
    def nama_lengkap(self):
        return nama_lengkap(self.gelar_depan, self.nama, self.gelar_belakang)

    @property
    def nip_tampil(self):
        n = self.nip
        if self.jenis_asn in ref.JENIS_PNS:
            return f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}"
        return f"{n[:8]} {n[8:12]} {n[12:14]} {n[14]} {n[15:]}"

    @property
    def golongan_label(self):
        return ref.golongan_label(self.golongan)

    def get_absolute_url(self):
        return reverse("pegawai-detail", args=[self.pk])


class ProfilKompetensi(models.Model):
    """An employee's assessed level in one competency."""

    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="profil_kompetensi")
    kompetensi = models.ForeignKey(Kompetensi, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField("level hasil asesmen", validators=LEVEL_VALIDATORS)
    tanggal_asesmen = models.DateField("tanggal asesmen", null=True, blank=True)

    class Meta:
        verbose_name = "profil kompetensi"
        verbose_name_plural = "profil kompetensi"
        constraints = [
            models.UniqueConstraint(fields=["pegawai", "kompetensi"], name="profil_kompetensi_unik"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="profil_level_1_5"),
        ]
        indexes = [
            # Mentor suggestions: who reaches the required level in a competency (an index-only scan).
            models.Index(fields=["kompetensi", "level"], include=["pegawai"], name="profil_kompetensi_level"),
        ]

    def __str__(self):
        return f"{self.pegawai_id} – {self.kompetensi}: {self.level}"


class Petugas(models.Model):
    """Binds an HR officer or a pimpinan account to its instansi. The role itself is a Group."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="petugas")
    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="petugas")

    class Meta:
        verbose_name = "petugas instansi"
        verbose_name_plural = "petugas instansi"

    def __str__(self):
        return f"{self.user} – {self.instansi}"


class Notifikasi(models.Model):
    """The outbox: the only path for every e-mail and in-app notification.

    One row is one message to one person. ``kunci`` (with recipient, kind and day) makes queueing
    idempotent; a periodic task sends pending e-mails with row locks that skip rows another worker
    holds, retries with back-off, and finally marks the row failed for HR to see.
    """

    class StatusEmail(models.TextChoices):
        MENUNGGU = "menunggu", "Menunggu"
        TERKIRIM = "terkirim", "Terkirim"
        GAGAL = "gagal", "Gagal"
        TANPA_EMAIL = "tanpa_email", "Tanpa e-mail"

    penerima = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifikasi")
    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    jenis = models.CharField("jenis", max_length=50)
    kunci = models.CharField("kunci", max_length=100)
    tanggal = models.DateField("tanggal")
    judul = models.CharField("judul", max_length=200)
    isi = models.TextField("isi")
    tautan = models.CharField("tautan", max_length=500, blank=True)
    email_tujuan = models.EmailField("e-mail tujuan", blank=True)
    status_email = models.CharField(max_length=12, choices=StatusEmail.choices, default=StatusEmail.MENUNGGU)
    percobaan = models.PositiveSmallIntegerField(default=0)
    coba_lagi_pada = models.DateTimeField(null=True, blank=True)
    galat_terakhir = models.TextField(blank=True)
    terkirim_pada = models.DateTimeField(null=True, blank=True)
    dibaca_pada = models.DateTimeField(null=True, blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "notifikasi"
        verbose_name_plural = "notifikasi"
        ordering = ["-dibuat"]
        constraints = [
            models.UniqueConstraint(fields=["penerima", "jenis", "kunci", "tanggal"], name="notifikasi_sekali"),
        ]
        indexes = [
            models.Index(fields=["coba_lagi_pada"], condition=Q(status_email="menunggu"), name="notifikasi_antrian"),
            models.Index(fields=["penerima"], condition=Q(dibaca_pada__isnull=True), name="notifikasi_belum_dibaca"),
        ]

    def __str__(self):
        return self.judul


class ImporPegawai(models.Model):
    """One upload of an employee file: dry run, preview, confirm, result."""

    class Status(models.TextChoices):
        MEMERIKSA = "memeriksa", "Sedang diperiksa"
        DITOLAK = "ditolak", "Ada baris ditolak"
        SIAP = "siap", "Siap diimpor"
        MENGIMPOR = "mengimpor", "Sedang diimpor"
        SELESAI = "selesai", "Selesai"
        GAGAL = "gagal", "Gagal"

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    pengunggah = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    berkas = models.FileField(upload_to="impor/%Y/%m/")
    nama_berkas = models.CharField(max_length=255)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.MEMERIKSA)
    jumlah_baris = models.PositiveIntegerField(default=0)
    diproses = models.PositiveIntegerField(default=0)
    galat = models.JSONField(default=list, blank=True)
    ringkasan = models.JSONField(default=dict, blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)
    selesai = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "impor pegawai"
        verbose_name_plural = "impor pegawai"
        ordering = ["-dibuat"]

    def __str__(self):
        return f"{self.nama_berkas} ({self.get_status_display()})"

    @property
    def persen(self):
        return int(100 * self.diproses / self.jumlah_baris) if self.jumlah_baris else 0


from .models_transparansi import *  # noqa: E402,F401,F403
