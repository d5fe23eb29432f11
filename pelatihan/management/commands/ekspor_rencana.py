"""`python manage.py ekspor_rencana --instansi KODE --tahun N FILE.xlsx`.

Writes the plan of plan year N of one instansi — the sheets "Inventarisasi" and "Rencana Pelaksanaan" — with the
same function as the page's download (pelatihan.ekspor_rencana.rencana_xlsx).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pembinaan.models import Instansi

from ...ekspor_rencana import rencana_xlsx
from ...models import SiklusRencana
from ...selectors import rencana as sel


class Command(BaseCommand):
    help = "Mengekspor rencana pengembangan kompetensi satu instansi dan tahun rencana ke berkas XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--instansi", required=True, metavar="KODE", help="Kode instansi, mis. TEBO.")
        parser.add_argument("--tahun", required=True, type=int, metavar="N", help="Tahun rencana, mis. 2027.")
        parser.add_argument("berkas", metavar="FILE.xlsx", help="Berkas tujuan (ditimpa bila sudah ada).")

    def handle(self, *args, instansi, tahun, berkas, **options):
        inst = Instansi.objects.filter(kode__iexact=instansi).first()
        if inst is None:
            raise CommandError(f"Instansi dengan kode {instansi!r} tidak ditemukan.")
        siklus = SiklusRencana.objects.select_related("instansi").filter(instansi=inst, tahun=tahun).first()
        if siklus is None:
            raise CommandError(f"Belum ada siklus perencanaan tahun {tahun} untuk {inst.nama}.")
        tujuan = Path(berkas)
        if tujuan.suffix.lower() != ".xlsx":
            raise CommandError("Nama berkas tujuan harus berakhiran .xlsx.")
        try:
            tujuan.write_bytes(rencana_xlsx(siklus=siklus))
        except OSError as exc:
            raise CommandError(f"Tidak dapat menulis {tujuan}: {exc}") from exc
        _items, total = sel.rencana_ringkas(siklus=siklus)
        status = f"ditetapkan versi {siklus.versi}" if siklus.versi else "belum ditetapkan"
        self.stdout.write(f"{tujuan}: {total['kebutuhan']} kebutuhan, {total['baris']} baris rencana, "
                          f"{total['peserta']} peserta, total biaya Rp {total['biaya']:,.0f} ({status}).")
