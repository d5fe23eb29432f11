"""`python manage.py pulihkan DIR [--timpa] [--nama-basis-data NAMA]`: restore a backup made by `cadangkan`.

Refuses a database that already has tables (and a non-empty MEDIA_ROOT) unless --timpa is given; checks the dump's
SHA-256, restores it in one transaction with pg_restore, copies the media files back, then re-counts every table
and compares row counts and checksums with the manifest (see pembinaan/cadangan.py).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ... import cadangan


class Command(BaseCommand):
    help = "Memulihkan cadangan dari folder DIR ke basis data kosong, lalu mencocokkannya dengan manifest."

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="DIR", help="Folder hasil `manage.py cadangkan`.")
        parser.add_argument("--database", default="default", help="Alias basis data Django (bawaan: default).")
        parser.add_argument("--nama-basis-data", metavar="NAMA",
                            help="Pulihkan ke basis data lain di server yang sama (mis. untuk uji pemulihan).")
        parser.add_argument("--timpa", action="store_true",
                            help="Hapus seluruh isi basis data dan folder media tujuan lebih dulu.")

    def handle(self, *args, folder, database, nama_basis_data, timpa, **options):
        try:
            manifest = cadangan.pulihkan(Path(folder), alias=database, nama=nama_basis_data, timpa=timpa)
        except cadangan.GalatCadangan as e:
            raise CommandError(str(e)) from e
        baris = sum(t["baris"] for t in manifest["tabel"].values())
        self.stdout.write(self.style.SUCCESS(
            f"Pemulihan selesai dan cocok dengan manifest: {len(manifest['tabel'])} tabel, {baris} baris, "
            f"{len(manifest['media'])} berkas media (cadangan {manifest['dibuat']})."
        ))
