from django.apps import AppConfig


class PembinaanConfig(AppConfig):
    name = "pembinaan"
    verbose_name = "Pembinaan (pegawai dan organisasi)"

    def ready(self):
        from . import checks  # registers the system checks

        checks.peringatan_saat_mulai()
        from . import transparansi_beranda  # the dashboard's six-month transparency warning (issue 12)

        transparansi_beranda.daftar()
