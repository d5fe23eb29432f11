"""Perencanaan pengembangan kompetensi (issue 11): the yearly cycle, the needs inventory, plan lines, revisions.

PP 11/2017 Pasal 203–207 (docs/domain.md §5): the PPK sets, every year, the needs and plan of competency
development of the instansi — (a) an inventory of the competencies each PNS must improve and (b) the plan to
implement it. The models below carry both planes and the cycle around them.

``SiklusRencana`` — one per instansi × plan year (``tahun`` is the plan year N+1; the work happens in year N).
  ``tahap`` moves persiapan → pengumpulan → verifikasi → ditetapkan → berjalan → dievaluasi. Each of the
  first four stages has a window (``<tahap>_mulai`` / ``<tahap>_selesai``); ``jendela_bawaan(tahun)`` gives the
  defaults (August–October of year N); berjalan is the plan year itself, dievaluasi its end. The PPK decree
  (``nomor_keputusan``, ``tanggal_keputusan``) is set at penetapan, which also bumps ``versi`` (0 = never set).
  Settings per cycle: ``ukuran_kelas_minimal`` (suggested grouping, default 20 for classroom forms) and
  ``ambang_klasikal`` (equity guard: more than N classroom programmes for one person, default 4).
  The needs derivation job reports on the cycle itself: ``status_penyusunan`` (belum/antre/berjalan/selesai/
  gagal), ``pegawai_total`` / ``pegawai_diproses`` (progress), ``penyusunan_mulai`` / ``penyusunan_selesai``,
  ``ringkasan_penyusunan`` ({sumber: {"baru": n, "diperbarui": n, "total": n}}) and ``galat_penyusunan``.
  The permission ``pelatihan.tetapkan_rencana`` (Meta.permissions) is the right to set the plan (PPK or HR
  delegated by them); everything else is decided in pelatihan/access.py.

``Kebutuhan`` — one row per cycle × employee × competency × source (``sumber``), unique in the database with
  NULLS NOT DISTINCT, so sources without a competency (kinerja, jp, wajib) still hold one row per employee.
  ``opd`` is the employee's top-level unit when the row was derived/proposed (per-OPD verification and
  reports without walking the tree). Competency gaps carry ``level_standar`` and ``level_kini``; a NULL
  ``level_kini`` means "belum dinilai" (never assessed; ``kesenjangan`` is then NULL too — never a silent 0).
  ``prioritas`` is computed by the derivation (1 tinggi, 2 sedang, 3 rendah); ``prioritas_manual`` +
  ``alasan_prioritas`` is HR's override (the derivation never touches it); ``prioritas_efektif`` reads both.
  ``rujukan_jenis`` + ``rujukan_id`` point at the record that caused the need (see ``Rujukan``: an
  evaluation, a post-training evaluation, an employee…); pelatihan/selectors/kebutuhan.py turns them into a
  URL with reverse(). ``status``: usulan → disetujui (by the supervisor) / dikembalikan (``alasan_status``) →
  diverifikasi (HR, per OPD) → masuk_rencana (a plan line took it) / ditolak (``alasan_status``).
  Derived needs start at ``usulan`` like the employee's own proposals (``sumber=usulan``, with
  ``bentuk_usulan`` and ``alasan_usulan``); ``diturunkan`` tells derived rows apart.
  ``keterangan`` is a short human sentence about the cause ("JP 2026: 8 dari 20", "Latsar belum diikuti").

``RencanaItem`` — a plan line: ``nama_program``, ``kompetensi`` (M2M), ``bentuk`` (LAN bentuk: KL/NKL code +
  SIASN jenis diklat id), ``jalur`` (pelatihan/pendidikan), ``penyelenggara`` (Mitra), ``triwulan`` 1–4, ``jp``,
  ``kebutuhan`` (M2M: the needs it answers, so every line traces to people and reasons), ``biaya_satuan`` and
  ``total_biaya`` (stored by the service), ``sumber_dana``, ``kode_sub_kegiatan`` (text),
  ``sesuai_kurikulum`` + ``rujukan_kurikulum`` (instansi pembina curriculum), ``prioritas``,
  ``realisasi_biaya`` (actual spend, entered by HR for monev), ``terkunci`` (set at penetapan) and ``versi``.
  ``ProgramPelatihan.rencana_item`` (pelatihan/models.py) links a programme to the line it realises.

``RevisiRencana`` — numbered per cycle (unique (siklus, versi)); version 1 is the penetapan itself, after it every
  change of a line is a revision: line (NULL for a removed line / the whole plan), reason, author, time, the values
  before and after (JSON). ``SiklusRencana.versi`` is the current version.

``PengecualianJP`` — the 20 JP exemption list of a cycle: employee, reason (tugas belajar, CLTN, MPP,
  diberhentikan sementara), note. Unique (siklus, pegawai).
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from pembinaan.models import Instansi, Kompetensi, Pegawai, UnitKerja

__all__ = [
    "SiklusRencana", "Kebutuhan", "RencanaItem", "RevisiRencana", "PengecualianJP", "jendela_bawaan", "galat_jendela",
]

LEVEL_1_5 = [MinValueValidator(1), MaxValueValidator(5)]


def jendela_bawaan(tahun):
    """Default stage windows of the cycle for plan year ``tahun``: August–October of the year before
    (docs: RESEARCH-NEXT A.1, the plan must be ready before the RKA is drafted)."""
    n = tahun - 1
    d = datetime.date
    return {
        "persiapan_mulai": d(n, 8, 1), "persiapan_selesai": d(n, 8, 14),
        "pengumpulan_mulai": d(n, 8, 15), "pengumpulan_selesai": d(n, 9, 15),
        "verifikasi_mulai": d(n, 9, 16), "verifikasi_selesai": d(n, 10, 15),
        "penetapan_mulai": d(n, 10, 16), "penetapan_selesai": d(n, 10, 31),
    }


URUTAN_JENDELA = ("persiapan_mulai", "persiapan_selesai", "pengumpulan_mulai", "pengumpulan_selesai",
                  "verifikasi_mulai", "verifikasi_selesai", "penetapan_mulai", "penetapan_selesai")


def galat_jendela(nilai):
    """{field: message} for stage windows out of order (each stage ends on or after it starts; the next starts
    after it ends), empty when they are in order. Fields missing from ``nilai`` are skipped."""
    label = {f: SiklusRencana._meta.get_field(f).verbose_name for f in URUTAN_JENDELA}
    galat = {}
    ada = [f for f in URUTAN_JENDELA if nilai.get(f) is not None]
    for a, b in zip(ada, ada[1:], strict=False):
        if b in galat:
            continue
        sebelum, sesudah = nilai[a], nilai[b]
        if sesudah < sebelum or (a.endswith("_selesai") and sesudah == sebelum):
            kata = "sesudah" if a.endswith("_selesai") else "sama dengan atau sesudah"
            galat[b] = f"Tanggal \u201c{label[b]}\u201d harus {kata} \u201c{label[a]}\u201d ({sebelum:%d-%m-%Y})."
    return galat


class SiklusRencana(models.Model):
    """The yearly planning cycle of one instansi for plan year ``tahun``."""

    class Tahap(models.TextChoices):
        PERSIAPAN = "persiapan", "Persiapan"
        PENGUMPULAN = "pengumpulan", "Pengumpulan kebutuhan"
        VERIFIKASI = "verifikasi", "Verifikasi"
        DITETAPKAN = "ditetapkan", "Ditetapkan"
        BERJALAN = "berjalan", "Berjalan"
        DIEVALUASI = "dievaluasi", "Dievaluasi"

    class StatusPenyusunan(models.TextChoices):
        BELUM = "belum", "Belum disusun"
        ANTRE = "antre", "Menunggu antrean"
        BERJALAN = "berjalan", "Sedang disusun"
        SELESAI = "selesai", "Selesai"
        GAGAL = "gagal", "Gagal"

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="siklus_rencana")
    tahun = models.PositiveSmallIntegerField("tahun rencana")
    tahap = models.CharField(max_length=12, choices=Tahap.choices, default=Tahap.PERSIAPAN)

    persiapan_mulai = models.DateField("persiapan mulai")
    persiapan_selesai = models.DateField("persiapan selesai")
    pengumpulan_mulai = models.DateField("pengumpulan mulai")
    pengumpulan_selesai = models.DateField("pengumpulan selesai")
    verifikasi_mulai = models.DateField("verifikasi mulai")
    verifikasi_selesai = models.DateField("verifikasi selesai")
    penetapan_mulai = models.DateField("penetapan mulai")
    penetapan_selesai = models.DateField("penetapan selesai")

    nomor_keputusan = models.CharField("nomor keputusan PPK", max_length=100, blank=True)
    tanggal_keputusan = models.DateField("tanggal keputusan PPK", null=True, blank=True)
    ditetapkan_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                        blank=True, related_name="+")
    ditetapkan_pada = models.DateTimeField(null=True, blank=True)
    versi = models.PositiveSmallIntegerField("versi rencana", default=0)

    ukuran_kelas_minimal = models.PositiveSmallIntegerField("ukuran kelas minimal (klasikal)", default=20,
                                                            validators=[MinValueValidator(1)])
    ambang_klasikal = models.PositiveSmallIntegerField("batas program klasikal per orang", default=4,
                                                       validators=[MinValueValidator(1)])
    temuan_monev = models.TextField("temuan monitoring dan evaluasi", blank=True)

    status_penyusunan = models.CharField(max_length=10, choices=StatusPenyusunan.choices,
                                         default=StatusPenyusunan.BELUM)
    pegawai_total = models.PositiveIntegerField(default=0)
    pegawai_diproses = models.PositiveIntegerField(default=0)
    penyusunan_mulai = models.DateTimeField(null=True, blank=True)
    penyusunan_selesai = models.DateTimeField(null=True, blank=True)
    ringkasan_penyusunan = models.JSONField(default=dict, blank=True)
    galat_penyusunan = models.TextField(blank=True)

    dibuka_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    dibuat = models.DateTimeField(auto_now_add=True)
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "siklus perencanaan"
        verbose_name_plural = "siklus perencanaan"
        ordering = ["-tahun"]
        permissions = [("tetapkan_rencana", "Dapat menetapkan rencana pengembangan kompetensi")]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "tahun"], name="siklus_rencana_unik"),
            models.CheckConstraint(
                condition=Q(persiapan_selesai__gte=F("persiapan_mulai"))
                & Q(pengumpulan_mulai__gt=F("persiapan_selesai"))
                & Q(pengumpulan_selesai__gte=F("pengumpulan_mulai"))
                & Q(verifikasi_mulai__gt=F("pengumpulan_selesai"))
                & Q(verifikasi_selesai__gte=F("verifikasi_mulai"))
                & Q(penetapan_mulai__gt=F("verifikasi_selesai"))
                & Q(penetapan_selesai__gte=F("penetapan_mulai")),
                name="siklus_rencana_jendela_urut"),
        ]

    def __str__(self):
        return f"Rencana {self.tahun} – {self.instansi}"

    @property
    def persen_penyusunan(self):
        if self.status_penyusunan == self.StatusPenyusunan.SELESAI:
            return 100
        return int(100 * self.pegawai_diproses / self.pegawai_total) if self.pegawai_total else 0

    @property
    def tahun_data(self):
        """The year whose data the needs come from (N: the year before the plan year)."""
        return self.tahun - 1


class Kebutuhan(models.Model):
    """One competency-development need of one employee in one cycle, from one source."""

    class Sumber(models.TextChoices):
        KOMPETENSI = "kompetensi", "Kesenjangan kompetensi jabatan"
        KINERJA = "kinerja", "Kesenjangan kinerja"
        REKOMENDASI = "rekomendasi", "Rekomendasi penilai kinerja"
        JP = "jp", "Kekurangan JP"
        WAJIB = "wajib", "Pelatihan wajib"
        PASCA = "pasca", "Evaluasi pascapelatihan"
        LANJUTAN = "lanjutan", "Kebutuhan siklus sebelumnya"
        USULAN = "usulan", "Usulan pegawai"

    SUMBER_TURUNAN = (Sumber.KOMPETENSI, Sumber.KINERJA, Sumber.REKOMENDASI, Sumber.JP, Sumber.WAJIB,
                      Sumber.PASCA, Sumber.LANJUTAN)

    class Status(models.TextChoices):
        USULAN = "usulan", "Diusulkan"
        DISETUJUI = "disetujui", "Disetujui atasan"
        DIKEMBALIKAN = "dikembalikan", "Dikembalikan atasan"
        DIVERIFIKASI = "diverifikasi", "Diverifikasi BKPSDM"
        MASUK_RENCANA = "masuk_rencana", "Masuk rencana"
        DITOLAK = "ditolak", "Ditolak"

    class Prioritas(models.IntegerChoices):
        TINGGI = 1, "Tinggi"
        SEDANG = 2, "Sedang"
        RENDAH = 3, "Rendah"

    class Wajib(models.TextChoices):
        LATSAR = "latsar", "Latsar CPNS"
        PKP = "pkp", "Pelatihan Kepemimpinan Pengawas"
        PKA = "pka", "Pelatihan Kepemimpinan Administrator"

    class Rujukan(models.TextChoices):
        """The kind of record ``rujukan_id`` points at (the URL is built in selectors/kebutuhan.py)."""

        PEGAWAI = "pegawai", "Data pegawai"
        EVALUASI = "evaluasi", "Evaluasi kinerja"
        EVALUASI_PASCA = "evaluasi_pasca", "Evaluasi pascapelatihan"
        KEBUTUHAN = "kebutuhan", "Kebutuhan siklus sebelumnya"

    siklus = models.ForeignKey(SiklusRencana, on_delete=models.CASCADE, related_name="kebutuhan")
    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="kebutuhan_rencana")
    opd = models.ForeignKey(UnitKerja, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                            verbose_name="OPD")
    kompetensi = models.ForeignKey(Kompetensi, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    sumber = models.CharField(max_length=12, choices=Sumber.choices)
    diturunkan = models.BooleanField("diturunkan otomatis", default=False)
    jenis_wajib = models.CharField(max_length=8, choices=Wajib.choices, blank=True)

    level_standar = models.PositiveSmallIntegerField(null=True, blank=True, validators=LEVEL_1_5)
    level_kini = models.PositiveSmallIntegerField("level saat ini", null=True, blank=True, validators=LEVEL_1_5)
    kesenjangan = models.SmallIntegerField(null=True, blank=True)
    keterangan = models.CharField(max_length=255, blank=True)

    prioritas = models.PositiveSmallIntegerField(choices=Prioritas.choices, default=Prioritas.SEDANG)
    prioritas_manual = models.PositiveSmallIntegerField(choices=Prioritas.choices, null=True, blank=True)
    alasan_prioritas = models.CharField("alasan perubahan prioritas", max_length=255, blank=True)

    rujukan_jenis = models.CharField(max_length=16, choices=Rujukan.choices, blank=True)
    rujukan_id = models.BigIntegerField(null=True, blank=True)

    status = models.CharField(max_length=14, choices=Status.choices, default=Status.USULAN)
    alasan_status = models.TextField("alasan", blank=True)
    bentuk_usulan = models.ForeignKey("pelatihan.BentukPelatihan", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name="bentuk yang diinginkan")
    alasan_usulan = models.TextField("alasan usulan", blank=True)
    diusulkan_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+")
    disetujui_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+")
    disetujui_pada = models.DateTimeField(null=True, blank=True)
    diverifikasi_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                          blank=True, related_name="+")
    diverifikasi_pada = models.DateTimeField(null=True, blank=True)

    dibuat = models.DateTimeField(auto_now_add=True)
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "kebutuhan pengembangan kompetensi"
        verbose_name_plural = "kebutuhan pengembangan kompetensi"
        ordering = ["siklus", "pegawai", "sumber", "kompetensi"]
        constraints = [
            models.UniqueConstraint(fields=["siklus", "pegawai", "kompetensi", "sumber"], nulls_distinct=False,
                                    name="kebutuhan_unik"),
            models.CheckConstraint(condition=Q(kesenjangan__isnull=True) | Q(kesenjangan__gt=0),
                                   name="kebutuhan_kesenjangan_positif"),
            models.CheckConstraint(condition=~Q(sumber__in=["kompetensi", "rekomendasi", "usulan"])
                                   | Q(kompetensi__isnull=False), name="kebutuhan_kompetensi_wajib_diisi"),
            models.CheckConstraint(condition=~Q(status__in=["dikembalikan", "ditolak"]) | ~Q(alasan_status=""),
                                   name="kebutuhan_alasan_status"),
        ]
        indexes = [
            models.Index(fields=["siklus", "opd", "status"]),
            models.Index(fields=["siklus", "sumber"]),
            models.Index(fields=["pegawai", "siklus"]),
        ]

    def __str__(self):
        return f"{self.pegawai_id} – {self.get_sumber_display()} – {self.kompetensi_id or '-'}"

    @property
    def belum_dinilai(self):
        return self.sumber == self.Sumber.KOMPETENSI and self.level_kini is None

    @property
    def prioritas_efektif(self):
        return self.prioritas_manual or self.prioritas


class RencanaItem(models.Model):
    """A plan line: one programme planned for the plan year, with its target needs and its budget."""

    class Jalur(models.TextChoices):
        PELATIHAN = "pelatihan", "Pelatihan"
        PENDIDIKAN = "pendidikan", "Pendidikan"

    class SumberDana(models.TextChoices):
        APBD_OPD = "apbd_opd", "APBD OPD"
        APBD_BKPSDM = "apbd_bkpsdm", "APBD BKPSDM"
        APBN = "apbn", "APBN"
        PROVINSI = "provinsi", "Fasilitasi provinsi"
        KONTRIBUSI = "kontribusi", "Kontribusi"
        TANPA_BIAYA = "tanpa_biaya", "Tanpa biaya"

    siklus = models.ForeignKey(SiklusRencana, on_delete=models.CASCADE, related_name="item")
    nomor = models.PositiveIntegerField("nomor urut", default=0)
    nama_program = models.CharField("nama program", max_length=255)
    kompetensi = models.ManyToManyField(Kompetensi, blank=True, related_name="+")
    bentuk = models.ForeignKey("pelatihan.BentukPelatihan", on_delete=models.PROTECT, related_name="+")
    jalur = models.CharField(max_length=10, choices=Jalur.choices, default=Jalur.PELATIHAN)
    penyelenggara = models.ForeignKey("pelatihan.Mitra", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+")
    triwulan = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    jp = models.PositiveSmallIntegerField("JP")
    kebutuhan = models.ManyToManyField(Kebutuhan, blank=True, related_name="item_rencana",
                                       verbose_name="kebutuhan yang dijawab")
    biaya_satuan = models.DecimalField("biaya satuan", max_digits=14, decimal_places=2, default=0)
    total_biaya = models.DecimalField("total biaya", max_digits=16, decimal_places=2, default=0)
    sumber_dana = models.CharField("sumber dana", max_length=12, choices=SumberDana.choices,
                                   default=SumberDana.APBD_BKPSDM)
    kode_sub_kegiatan = models.CharField("kode sub-kegiatan", max_length=60, blank=True)
    sesuai_kurikulum = models.BooleanField("sesuai kurikulum instansi pembina", default=False)
    rujukan_kurikulum = models.CharField("rujukan kurikulum", max_length=255, blank=True)
    prioritas = models.PositiveSmallIntegerField(choices=Kebutuhan.Prioritas.choices,
                                                 default=Kebutuhan.Prioritas.SEDANG)
    realisasi_biaya = models.DecimalField("realisasi biaya", max_digits=16, decimal_places=2, null=True,
                                          blank=True)
    terkunci = models.BooleanField(default=False)
    versi = models.PositiveSmallIntegerField(default=1)
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    dibuat = models.DateTimeField(auto_now_add=True)
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "item rencana"
        verbose_name_plural = "item rencana"
        ordering = ["siklus", "nomor", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(triwulan__range=(1, 4)), name="rencana_item_triwulan_1_4"),
        ]
        indexes = [models.Index(fields=["siklus", "triwulan"])]

    def __str__(self):
        return self.nama_program


class RevisiRencana(models.Model):
    """A numbered change of the set plan: version 1 is the penetapan itself; after it every change of a line (or of
    the plan as a whole: ``item`` NULL, e.g. a line removed) is a revision with reason, author, time and the values
    before and after (JSON). Versions count per cycle (``SiklusRencana.versi`` is the current one)."""

    siklus = models.ForeignKey(SiklusRencana, on_delete=models.CASCADE, related_name="revisi")
    item = models.ForeignKey(RencanaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="revisi")
    versi = models.PositiveSmallIntegerField()
    alasan = models.TextField()
    penulis = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    waktu = models.DateTimeField(auto_now_add=True)
    sebelum = models.JSONField(default=dict, blank=True)
    sesudah = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "revisi rencana"
        verbose_name_plural = "revisi rencana"
        ordering = ["siklus", "versi"]
        constraints = [
            models.UniqueConstraint(fields=["siklus", "versi"], name="revisi_rencana_unik"),
            models.CheckConstraint(condition=~Q(alasan=""), name="revisi_rencana_beralasan"),
        ]


class PengecualianJP(models.Model):
    """An employee exempt from the 20 JP coverage of a cycle, with the reason."""

    class Alasan(models.TextChoices):
        TUGAS_BELAJAR = "tugas_belajar", "Tugas belajar"
        CLTN = "cltn", "Cuti di luar tanggungan negara"
        MPP = "mpp", "Masa persiapan pensiun"
        DIBERHENTIKAN_SEMENTARA = "diberhentikan_sementara", "Diberhentikan sementara"

    siklus = models.ForeignKey(SiklusRencana, on_delete=models.CASCADE, related_name="pengecualian_jp")
    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="+")
    alasan = models.CharField(max_length=24, choices=Alasan.choices)
    catatan = models.TextField(blank=True)
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "pengecualian 20 JP"
        verbose_name_plural = "pengecualian 20 JP"
        constraints = [models.UniqueConstraint(fields=["siklus", "pegawai"], name="pengecualian_jp_unik")]
