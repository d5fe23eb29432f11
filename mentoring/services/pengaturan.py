"""The instansi's mentoring rules (PengaturanMentoring): the only code that writes them."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from .. import access
from ..models import PengaturanMentoring

KOLOM = ("kapasitas_mentor", "menit_per_jp", "batas_jp_bulanan", "hari_tanpa_sesi", "durasi_bulan")


@transaction.atomic
def pengaturan_update(*, actor, instansi, data):
    """Save the rules HR set for ``instansi`` (``data``: the values of KOLOM). Sessions confirmed later use them;
    credits already in the ledger do not change. Raises ValidationError naming the field on a value out of range."""
    if not access.can_manage_instansi(actor, instansi):
        raise PermissionDenied
    obj = PengaturanMentoring.objects.select_for_update().filter(instansi=instansi).first() or PengaturanMentoring(
        instansi=instansi)
    for kolom in KOLOM:
        setattr(obj, kolom, data[kolom])
    obj.full_clean()
    obj.save()
    return obj
