from django.contrib import admin

from .models import PengaturanPengingat, PeriodeEvaluasi


@admin.register(PengaturanPengingat)
class PengaturanPengingatAdmin(admin.ModelAdmin):
    """Reminder offsets per instansi (days before the deadline, e.g. [7, 3, 1, 0]; escalation delay)."""

    list_display = ["instansi", "hari_sebelum", "eskalasi_setelah"]


@admin.register(PeriodeEvaluasi)
class PeriodeEvaluasiAdmin(admin.ModelAdmin):
    list_display = ["nama", "instansi", "jenis", "mulai", "selesai", "tenggat", "status"]
    list_filter = ["instansi", "jenis", "status"]
