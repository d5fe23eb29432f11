from .impor import impor_confirm, impor_create, impor_detail, impor_template
from .pegawai import pegawai_create, pegawai_detail, pegawai_edit, pegawai_export, pegawai_list, pegawai_set_atasan
from .umum import (
    akun_create_for_unit,
    beranda,
    dasbor,
    healthz,
    notifikasi_list,
    notifikasi_retry,
    organisasi,
    outbox_gagal,
)

__all__ = [
    "impor_confirm", "impor_detail", "impor_template", "impor_create", "pegawai_set_atasan", "pegawai_create",
    "pegawai_detail", "pegawai_edit", "pegawai_export", "pegawai_list", "akun_create_for_unit", "beranda", "dasbor",
    "healthz", "notifikasi_list", "organisasi", "outbox_gagal", "notifikasi_retry",
]
