from django.contrib import admin

from .models import AturanJP, BentukPelatihan, Mitra, PenandatanganSertifikat, ProgramPelatihan


@admin.register(BentukPelatihan)
class BentukPelatihanAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "klasikal", "siasn_jenis_diklat_id"]


@admin.register(Mitra)
class MitraAdmin(admin.ModelAdmin):
    list_display = ["nama", "jenis", "instansi"]
    list_filter = ["instansi", "jenis"]


@admin.register(ProgramPelatihan)
class ProgramPelatihanAdmin(admin.ModelAdmin):
    list_display = ["judul", "instansi", "bentuk", "jp", "status"]
    list_filter = ["instansi", "status"]


@admin.register(AturanJP)
class AturanJPAdmin(admin.ModelAdmin):
    """HR sets these on Pelatihan → Pengaturan JP → target dan batas; here for the superadmin only."""

    list_display = ["instansi", "jenis_asn", "target", "batas"]
    list_filter = ["instansi", "jenis_asn"]


@admin.register(PenandatanganSertifikat)
class PenandatanganSertifikatAdmin(admin.ModelAdmin):
    list_display = ["instansi", "nama", "jabatan", "nip"]


# ---------------------------------------------------------------- online courses and quizzes (issue 13 A)
# Shown to the superadmin for inspection only: every write goes through pelatihan/services/daring.py and kuis.py
# (publishing's JP check, the video alternative, M of N, attempts numbered once, completion crediting once), so the
# admin neither adds, changes nor deletes these rows.
from .models_daring import (  # noqa: E402
    BankSoal,
    KelasDaring,
    Kuis,
    Materi,
    Modul,
    PendaftaranDaring,
    PercobaanKuis,
    PilihanJawaban,
    ProgresMateri,
    Soal,
)


class HanyaBaca(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(KelasDaring)
class KelasDaringAdmin(HanyaBaca):
    list_display = ["program", "hari_akses", "jp_dikonfirmasi_pada"]
    list_filter = ["program__instansi"]
    list_select_related = ["program"]


@admin.register(Modul)
class ModulAdmin(HanyaBaca):
    list_display = ["judul", "kelas", "urutan"]
    list_select_related = ["kelas__program"]


@admin.register(Materi)
class MateriAdmin(HanyaBaca):
    list_display = ["judul", "modul", "jenis", "urutan", "durasi_minimal_detik"]
    list_filter = ["jenis"]
    list_select_related = ["modul"]


@admin.register(PendaftaranDaring)
class PendaftaranDaringAdmin(HanyaBaca):
    list_display = ["peserta", "buka", "tutup", "mulai_belajar", "selesai_pada"]
    list_select_related = ["peserta__pegawai", "peserta__program"]


@admin.register(ProgresMateri)
class ProgresMateriAdmin(HanyaBaca):
    list_display = ["pendaftaran", "materi", "detik", "selesai_pada"]
    list_select_related = ["materi", "pendaftaran"]


@admin.register(BankSoal)
class BankSoalAdmin(HanyaBaca):
    list_display = ["nama", "instansi", "dibuat"]
    list_filter = ["instansi"]


class PilihanJawabanInline(admin.TabularInline):
    model = PilihanJawaban
    fields = ["teks", "benar"]
    readonly_fields = ["teks", "benar"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Soal)
class SoalAdmin(HanyaBaca):
    list_display = ["teks", "bank", "jenis"]
    list_filter = ["jenis"]
    list_select_related = ["bank"]
    inlines = [PilihanJawabanInline]


@admin.register(Kuis)
class KuisAdmin(HanyaBaca):
    list_display = ["program", "jenis", "bank", "jumlah_soal", "nilai_lulus", "maks_percobaan", "jeda_jam"]
    list_filter = ["jenis"]
    list_select_related = ["program", "bank"]


@admin.register(PercobaanKuis)
class PercobaanKuisAdmin(HanyaBaca):
    list_display = ["kuis", "peserta", "nomor", "status", "nilai", "lulus", "dikirim_pada"]
    list_filter = ["status", "lulus"]
    list_select_related = ["kuis__program", "peserta__pegawai", "peserta__program"]
