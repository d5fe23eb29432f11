"""Every write of the records app. Views, tasks and commands call these; nothing else writes."""

from .akun import akun_create_for_unit, password_reset_queue
from .impor import impor_apply, impor_apply_tabel, impor_check, impor_confirm, impor_create
from .notifikasi import (
    notifikasi_mark_read,
    notifikasi_queue,
    notifikasi_queue_many,
    notifikasi_retry,
    outbox_send,
)
from .pegawai import pegawai_save, pegawai_set_atasan

__all__ = [
    "akun_create_for_unit", "password_reset_queue", "impor_apply", "impor_apply_tabel", "impor_check", "impor_confirm",
    "impor_create", "notifikasi_mark_read", "notifikasi_queue", "notifikasi_queue_many", "notifikasi_retry",
    "outbox_send", "pegawai_save", "pegawai_set_atasan",
]
