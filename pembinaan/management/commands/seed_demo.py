"""`python manage.py seed_demo [--pegawai N]`: the three reference instansi, their employees and demo logins.

Idempotent: an instansi that already has employees is left alone, existing accounts are not touched.
Refused under production settings (the accounts have a published password) unless the server is declared
a demo server with ``PEMBINAAN_SERVER_DEMO=1``.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pembinaan import komposisi
from pembinaan.demo import INSTANSI_DEMO, buat_akun_demo, demo_logins, format_logins, generate_instansi
from pembinaan.models import Instansi, Jabatan, Pegawai, UnitKerja


def bagi_rasio(total, bobot):
    """Split ``total`` in the ratio of ``bobot`` (largest remainder: the parts add up to ``total``)."""
    kuota = [total * b / sum(bobot) for b in bobot]
    hasil = [int(q) for q in kuota]
    for i in sorted(range(len(bobot)), key=lambda i: hasil[i] - kuota[i])[: total - sum(hasil)]:
        hasil[i] += 1
    return hasil


def _angka(n):
    return f"{n:,}".replace(",", ".")  # Indonesian thousands separator


class Command(BaseCommand):
    help = ("Membuat data demo: Pemprov Bengkulu, Pemkab Tebo dan Pemkab Merangin dengan pegawainya, "
            "lalu akun demo (kata sandi Demo-2026!). Aman dijalankan berulang.")

    def add_arguments(self, parser):
        parser.add_argument("--pegawai", type=int, default=1200,
                            help="Jumlah pegawai ketiga instansi (dibagi 10.300 : 3.500 : 5.700). Bawaan: 1200.")
        parser.add_argument("--seed", type=int, default=0, help="Benih acak (data sama untuk benih sama).")

    def handle(self, *args, pegawai, seed, **options):
        if settings.PRODUKSI and not settings.SERVER_DEMO:
            raise CommandError(
                "seed_demo menolak berjalan dengan pengaturan produksi: perintah ini membuat akun demo (termasuk "
                "admin) dengan kata sandi yang diketahui umum. Untuk server demo, jalankan dengan variabel "
                "lingkungan PEMBINAAN_SERVER_DEMO=1.")
        if pegawai < 60:
            raise CommandError("--pegawai minimal 60 (setiap instansi perlu paling sedikit 10 pegawai).")
        berubah = False
        jumlah = bagi_rasio(pegawai, [n for _, _, n in INSTANSI_DEMO])
        for (kode, nama, _), n in zip(INSTANSI_DEMO, jumlah, strict=True):
            ada = Pegawai.objects.filter(instansi__kode=kode).count()
            if ada:
                self.stdout.write(f"{nama}: sudah ada {_angka(ada)} pegawai, dilewati.")
                continue
            mulai = time.monotonic()
            instansi = generate_instansi(kode=kode, nama=nama, jumlah_pegawai=n, seed=seed)
            berubah = True
            self.stdout.write(self.style.SUCCESS(
                f"{instansi.nama}: {_angka(instansi.pegawai.count())} pegawai, "
                f"{_angka(UnitKerja.objects.filter(instansi=instansi).count())} unit kerja, "
                f"{_angka(Jabatan.objects.filter(instansi=instansi).count())} jabatan dibuat "
                f"({time.monotonic() - mulai:.1f} detik)."))
        akun = buat_akun_demo()
        if akun:
            berubah = True
            self.stdout.write(self.style.SUCCESS(f"Akun dibuat: {', '.join(akun)}."))
        for pesan in komposisi.isi_demo():  # the other apps' demo data (mentoring pairs), pembinaan.komposisi
            berubah = True
            self.stdout.write(self.style.SUCCESS(pesan))
        if not berubah:
            self.stdout.write("Tidak ada perubahan: data demo sudah lengkap.")
        self.stdout.write("")
        self.stdout.write(f"Akun demo ({Instansi.objects.count()} instansi):")
        self.stdout.write(format_logins(demo_logins()))
