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
