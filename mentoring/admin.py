from django.contrib import admin

from .models import PasanganMentoring, PengaturanMentoring, SesiMentoring


@admin.register(PengaturanMentoring)
class PengaturanMentoringAdmin(admin.ModelAdmin):
    list_display = ["instansi", "kapasitas_mentor", "menit_per_jp", "batas_jp_bulanan", "hari_tanpa_sesi"]


@admin.register(PasanganMentoring)
class PasanganMentoringAdmin(admin.ModelAdmin):
    list_display = ["mentee", "mentor", "jenis", "status", "rencana_mulai", "rencana_selesai"]
    list_filter = ["instansi", "jenis", "status"]
    raw_id_fields = ["mentor", "mentee"]
    search_fields = ["mentee__nama", "mentee__nip", "mentor__nama", "mentor__nip"]


@admin.register(SesiMentoring)
class SesiMentoringAdmin(admin.ModelAdmin):
    list_display = ["pasangan", "tanggal", "durasi_menit", "status"]
    list_filter = ["status"]
    raw_id_fields = ["pasangan", "penulis", "diputus_oleh"]
