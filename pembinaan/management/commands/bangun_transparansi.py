"""`python manage.py bangun_transparansi --instansi KODE [--tanggal YYYY-MM-DD] [--terbitkan] [--oleh USERNAME]`.

Builds a transparency snapshot of one instansi as of a date (default today, Asia/Jakarta) with the same service as
HR's page (pembinaan.services.transparansi), in this process instead of the job; with --terbitkan it also
publishes it. Publishing is recorded against an account: --oleh names it (an HR account of the instansi with the
publish permission, or a superadmin); without it, the first active superadmin (whoever runs manage.py operates
the server).
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ... import access
from ...models import Instansi
from ...services import transparansi as layanan


class Command(BaseCommand):
    help = "Membangun (dan bila diminta menerbitkan) snapshot transparansi publik satu instansi."

    def add_arguments(self, parser):
        parser.add_argument("--instansi", required=True, metavar="KODE", help="Kode instansi, mis. TEBO.")
        parser.add_argument("--tanggal", metavar="YYYY-MM-DD", help="Data per tanggal (bawaan: hari ini).")
        parser.add_argument("--terbitkan", action="store_true", help="Langsung terbitkan setelah dibangun.")
        parser.add_argument("--oleh", metavar="USERNAME", help="Akun yang tercatat menerbitkan.")

    def handle(self, *args, instansi, tanggal, terbitkan, oleh, **options):
        inst = Instansi.objects.filter(kode__iexact=instansi).first()
        if inst is None:
            raise CommandError(f"Instansi dengan kode {instansi!r} tidak ditemukan.")
        if tanggal:
            try:
                tanggal = datetime.date.fromisoformat(tanggal)
            except ValueError as exc:
                raise CommandError(f"--tanggal tidak valid: {tanggal!r} (gunakan YYYY-MM-DD).") from exc
        actor = self._actor(inst, oleh) if terbitkan else None
        try:
            snapshot = layanan.transparansi_bangun_sinkron(actor=actor, instansi=inst, tanggal=tanggal,
                                                           terbitkan=terbitkan)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        sel = snapshot.data.get("sel", [])
        disembunyikan = sum(1 for s in sel if s.get("disembunyikan"))
        self.stdout.write(f"Snapshot {inst.kode} per {snapshot.tanggal:%Y-%m-%d}: {len(sel)} sel, "
                          f"{disembunyikan} disembunyikan; status: {snapshot.get_status_display()}.")

    def _actor(self, inst, oleh):
        User = get_user_model()
        if oleh:
            user = User.objects.filter(username=oleh, is_active=True).first()
            if user is None:
                raise CommandError(f"Akun {oleh!r} tidak ditemukan atau tidak aktif.")
            if not access.penerbit_transparansi_perintah(user, inst):
                raise CommandError(f"Akun {oleh!r} tidak berwenang menerbitkan transparansi {inst.kode}.")
            return user
        user = access.penerbit_transparansi_bawaan()
        if user is None:
            raise CommandError("Tidak ada akun superadmin aktif; sebutkan akun penerbit dengan --oleh USERNAME.")
        return user
