"""`python manage.py impor_pegawai FILE --instansi KODE [--dry-run]`: the browser import, from a terminal.

A thin adapter over the same reader and engine as the upload page: every rejected row is printed as
"Baris N, kolom X: pesan" and the command fails (non-zero exit) when any row is rejected, in which
case nothing is written. Without --dry-run the file is written by the import service
(pembinaan.services.impor.impor_apply_tabel): one transaction, the instansi row locked (one import per
instansi at a time) and every change recorded in the history as "impor".
"""

import time

from django.core.management.base import BaseCommand, CommandError

from ... import referensi as ref
from ... import services
from ...impor import berkas as berkas_mod
from ...impor import pegawai as engine
from ...models import Instansi


class Command(BaseCommand):
    # Django's system checks import every URLconf and view (PDF and spreadsheet libraries included) before the
    # first row is read: a fixed ~0.3 s of the command's start-up that checks the project's configuration, not the
    # file. They still run with `manage.py check`, the test suite and every server start.
    requires_system_checks = []
    help = ("Mengimpor berkas data pegawai SIASN (CSV atau XLSX) untuk satu instansi. Jika ada satu baris saja "
            "yang ditolak, tidak ada data yang disimpan.")

    def add_arguments(self, parser):
        parser.add_argument("berkas", metavar="FILE", help="Berkas .csv atau .xlsx (format ekspor data pegawai SIASN).")
        parser.add_argument("--instansi", required=True, metavar="KODE", help="Kode instansi, mis. TEBO.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Hanya memeriksa dan menampilkan ringkasan; tidak ada yang disimpan.")

    def handle(self, *args, berkas, instansi, dry_run, **options):
        mulai = time.perf_counter()
        inst = self._instansi(instansi)
        try:
            berkas_mod.jenis_berkas(berkas)
            with open(berkas, "rb") as fh:
                tabel = berkas_mod.baca(fh, berkas)
        except FileNotFoundError as exc:
            raise CommandError(f"Berkas tidak ditemukan: {berkas}") from exc
        except (IsADirectoryError, PermissionError) as exc:
            raise CommandError(f"Berkas tidak dapat dibuka: {berkas} ({exc.strerror}).") from exc
        except berkas_mod.BerkasTidakValid as exc:
            raise CommandError(str(exc)) from exc
        baca_s = time.perf_counter() - mulai

        if dry_run:
            hasil = engine.periksa(tabel, inst, semua_perubahan=True)
            hasil.waktu["periksa"] = time.perf_counter() - mulai - baca_s
        else:
            hasil = services.impor_apply_tabel(tabel=tabel, instansi=inst, perintah="impor_pegawai")
        hasil.waktu["baca"] = baca_s
        if options["verbosity"] >= 2:
            w = hasil.waktu
            self.stdout.write(f"Waktu: membaca {w['baca']:.2f} s, memeriksa {w.get('periksa', 0):.2f} s, "
                              f"menulis {w.get('tulis', 0):.2f} s, seluruhnya {time.perf_counter() - mulai:.2f} s")

        for g in hasil.galat:
            self.stdout.write(f"Baris {g.baris}, kolom {g.kolom}: {g.pesan}")
        if not hasil.ok:
            ditolak = hasil.ringkasan()["baris_ditolak"]
            raise CommandError(f"{ditolak} baris ditolak dari {hasil.ringkasan()['baris']} baris; tidak ada data "
                               "yang disimpan. Perbaiki baris di atas lalu jalankan lagi.")
        for g in hasil.peringatan:
            self.stdout.write(f"Peringatan baris {g.baris}, kolom {g.kolom}: {g.pesan}")
        if dry_run:
            self._perubahan(hasil)
        self._ringkasan(hasil, inst, dry_run)

    def _perubahan(self, hasil):
        """Who is new and, per changed employee, each field's old → new value (as the upload page shows)."""
        for p in hasil.perubahan:
            nomor = "NI PPPK" if p["jenis_asn"] in ref.JENIS_PPPK else "NIP"
            if p["baru"]:
                self.stdout.write(f"Baru: {nomor} {p['nip']} {p['nama']}")
                continue
            self.stdout.write(f"Diperbarui: {nomor} {p['nip']} {p['nama']}")
            for label, lama, baru in p["perubahan"]:
                self.stdout.write(f"    {label}: {lama} → {baru}")

    def _instansi(self, kode):
        inst = Instansi.objects.filter(kode=kode).first() or Instansi.objects.filter(kode__iexact=kode).first()
        if inst is None:
            ada = ", ".join(Instansi.objects.order_by("kode").values_list("kode", flat=True)) or "(belum ada)"
            raise CommandError(f"Instansi dengan kode '{kode}' tidak ditemukan. Kode yang ada: {ada}.")
        return inst

    def _ringkasan(self, hasil, inst, dry_run):
        r = hasil.ringkasan()
        judul = ("Uji coba selesai, tidak ada yang disimpan" if dry_run else "Impor selesai")
        self.stdout.write(f"{judul}: {r['baris']} baris untuk {inst.nama}.")
        self.stdout.write(f"  Baru: {r['baru']}")
        self.stdout.write(f"  Diperbarui: {r['diperbarui']}")
        self.stdout.write(f"  Tidak berubah: {r['tidak_berubah']}")
        unit = f" ({', '.join(r['unit_baru'])})" if r["unit_baru"] else ""
        self.stdout.write(f"  Unit baru: {len(r['unit_baru'])}{unit}")
        self.stdout.write(f"  Jabatan baru: {r['jabatan_baru']}")
        if r["jumlah_peringatan"]:
            self.stdout.write(f"  Peringatan: {r['jumlah_peringatan']}")
