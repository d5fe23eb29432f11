from django.contrib import admin
from import_export.admin import ExportMixin

from . import access
from .ekspor import PegawaiResource
from .models import Instansi, Jabatan, Kompetensi, Notifikasi, Pegawai, Petugas, UnitKerja
from .services.instansi import instansi_create


@admin.register(Instansi)
class InstansiAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "siasn_id"]
    search_fields = ["kode", "nama"]

    def save_model(self, request, obj, form, change):
        """A new instansi is created by the service, so the apps set up what it starts with (komposisi)."""
        if change:
            return super().save_model(request, obj, form, change)
        baru = instansi_create(actor=request.user, data={k: getattr(obj, k) for k in ("kode", "nama", "siasn_id")})
        obj.pk, obj._state.adding = baru.pk, False


@admin.register(UnitKerja)
class UnitKerjaAdmin(admin.ModelAdmin):
    list_display = ["nama", "induk", "instansi", "siasn_unor_id"]
    list_filter = ["instansi"]
    search_fields = ["nama", "siasn_unor_id"]
    raw_id_fields = ["induk"]


@admin.register(Jabatan)
class JabatanAdmin(admin.ModelAdmin):
    list_display = ["nama", "jenis", "jenjang", "instansi"]
    list_filter = ["instansi", "jenis"]
    search_fields = ["nama"]


@admin.register(Kompetensi)
class KompetensiAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "kategori", "instansi"]
    list_filter = ["kategori"]


@admin.register(Pegawai)
class PegawaiAdmin(ExportMixin, admin.ModelAdmin):
    """Export only (needs the explicit pembinaan.export_pegawai permission); imports go through the
    checked import page so that the all-or-nothing rules always apply."""

    resource_classes = [PegawaiResource]
    list_display = ["nip", "nama", "jenis_asn", "golongan", "unit_kerja", "instansi", "status"]
    list_filter = ["instansi", "jenis_asn", "status"]
    search_fields = ["nip", "nama"]
    raw_id_fields = ["atasan", "unit_kerja", "jabatan"]
    list_select_related = ["unit_kerja", "instansi"]

    def has_export_permission(self, request):
        return access.can_export_all(request.user)


@admin.register(Petugas)
class PetugasAdmin(admin.ModelAdmin):
    list_display = ["user", "instansi"]
    list_filter = ["instansi"]


@admin.register(Notifikasi)
class NotifikasiAdmin(admin.ModelAdmin):
    list_display = ["judul", "penerima", "jenis", "tanggal", "status_email", "percobaan"]
    list_filter = ["status_email", "jenis"]
    raw_id_fields = ["penerima"]
