from django.apps import AppConfig


class PembinaanConfig(AppConfig):
    name = "pembinaan"
    verbose_name = "Pembinaan (pegawai dan organisasi)"
