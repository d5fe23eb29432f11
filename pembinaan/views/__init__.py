from .impor import impor_confirm, impor_detail, impor_template, impor_upload
from .pegawai import pegawai_atasan, pegawai_create, pegawai_detail, pegawai_edit, pegawai_export, pegawai_list
from .umum import akun_unit, beranda, dasbor, healthz, notifikasi_list, organisasi, outbox_gagal, outbox_retry

__all__ = [
    "impor_confirm", "impor_detail", "impor_template", "impor_upload", "pegawai_atasan", "pegawai_create",
    "pegawai_detail", "pegawai_edit", "pegawai_export", "pegawai_list", "akun_unit", "beranda", "dasbor",
    "healthz", "notifikasi_list", "organisasi", "outbox_gagal", "outbox_retry",
]
