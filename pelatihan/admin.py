from django.contrib import admin

from .models import BentukPelatihan, Mitra, ProgramPelatihan


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
