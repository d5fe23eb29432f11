"""`python manage.py cadangkan DIR`: a consistent backup of the database and the private media files.

Writes DIR/basis-data.dump (pg_dump custom format), DIR/media/ and DIR/manifest.json (every table's row count and
checksum taken in the dump's own snapshot, and every media file's SHA-256). See pembinaan/cadangan.py.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ... import cadangan


class Command(BaseCommand):
    help = "Mencadangkan basis data (pg_dump) dan berkas media privat ke folder DIR, dengan manifest pemeriksa."

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="DIR", help="Folder tujuan (baru atau kosong).")
        parser.add_argument("--database", default="default", help="Alias basis data Django (bawaan: default).")

    def handle(self, *args, folder, database, **options):
        try:
            manifest = cadangan.cadangkan(Path(folder), alias=database)
        except cadangan.GalatCadangan as e:
            raise CommandError(str(e)) from e
        baris = sum(t["baris"] for t in manifest["tabel"].values())
        self.stdout.write(self.style.SUCCESS(
            f"Cadangan selesai di {folder}: {len(manifest['tabel'])} tabel, {baris} baris, "
            f"{len(manifest['media'])} berkas media."
        ))
