"""`python manage.py susun_kebutuhan --instansi KODE --tahun N`.

Derives (or refreshes) the training needs of plan year N of one instansi with the same service as the cycle page's
job (pelatihan.services.kebutuhan.kebutuhan_susun), in this process, and prints the counts per source. The cycle is
created with its defaults (stage pengumpulan) when the instansi has none for that year. A second run prints 0 new.
"""

from django.core.management.base import BaseCommand, CommandError

from pembinaan.models import Instansi

from ...models import Kebutuhan
from ...services import kebutuhan as layanan


class Command(BaseCommand):
    help = "Menyusun (atau memperbarui) kebutuhan pengembangan kompetensi satu instansi untuk tahun rencana N."

    def add_arguments(self, parser):
        parser.add_argument("--instansi", required=True, metavar="KODE", help="Kode instansi, mis. TEBO.")
        parser.add_argument("--tahun", required=True, type=int, metavar="N", help="Tahun rencana, mis. 2027.")

    def handle(self, *args, instansi, tahun, **options):
        inst = Instansi.objects.filter(kode__iexact=instansi).first()
        if inst is None:
            raise CommandError(f"Instansi dengan kode {instansi!r} tidak ditemukan.")
        if not 2000 <= tahun <= 2100:
            raise CommandError(f"--tahun tidak valid: {tahun} (tahun rencana, mis. 2027).")
        siklus, baru = layanan.siklus_pastikan(instansi=inst, tahun=tahun)
        if baru:
            self.stdout.write(f"Siklus perencanaan {tahun} untuk {inst.nama} dibuat (tahap pengumpulan).")
        try:
            hitung = layanan.kebutuhan_susun(siklus_id=siklus.pk)
        except Exception as exc:
            raise CommandError(f"Penyusunan kebutuhan gagal: {exc}") from exc
        siklus.refresh_from_db()
        self.stdout.write(f"Kebutuhan rencana {tahun} {inst.nama}: {siklus.pegawai_total} pegawai aktif diproses "
                          f"(data tahun {siklus.tahun_data}).")
        self.stdout.write(f"{'Sumber':<36}{'baru':>8}{'diperbarui':>12}{'dihapus':>10}{'total':>10}")
        jumlah = {"baru": 0, "diperbarui": 0, "dihapus": 0, "total": 0}
        for sumber, label in Kebutuhan.Sumber.choices:
            h = hitung.get(sumber, {})
            for k in jumlah:
                jumlah[k] += h.get(k, 0)
            self.stdout.write(f"{label:<36}{h.get('baru', 0):>8}{h.get('diperbarui', 0):>12}"
                              f"{h.get('dihapus', 0):>10}{h.get('total', 0):>10}")
        self.stdout.write(f"{'Jumlah':<36}{jumlah['baru']:>8}{jumlah['diperbarui']:>12}{jumlah['dihapus']:>10}"
                          f"{jumlah['total']:>10}")
