"""Writes of the plan's monitoring and evaluation (issue 11 §4): the actual spend of each plan line and the findings
of the year-end monev, entered by HR of the instansi."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from .. import access
from ..models import RencanaItem, SiklusRencana
from ..selectors import realisasi as sel


@transaction.atomic
def monev_simpan(*, actor, siklus, biaya, temuan):
    """Save the monev inputs of ``siklus`` at once, all or nothing: ``biaya`` maps plan line id → actual spend in
    rupiah (a non-negative number, or None = not known yet); ``temuan`` the findings (text). A line that is not of
    this cycle is refused naming it."""
    siklus = SiklusRencana.objects.select_for_update().get(pk=siklus.pk)
    if not access.can_edit_monev(actor, siklus):
        raise PermissionDenied
    items = {i.pk: i for i in RencanaItem.objects.filter(siklus=siklus)}
    galat = []
    for item_id, nilai in biaya.items():
        if item_id not in items:
            galat.append(f"Item rencana {item_id} bukan bagian rencana {siklus.tahun}.")
        elif nilai is not None and Decimal(nilai) < 0:
            galat.append(f"Item {items[item_id].nomor} ({items[item_id].nama_program}): realisasi biaya tidak boleh "
                         "negatif.")
    if galat:
        raise ValidationError(galat)
    berubah = []
    for item_id, nilai in biaya.items():
        item = items[item_id]
        nilai = None if nilai is None else Decimal(nilai)
        if item.realisasi_biaya != nilai:
            item.realisasi_biaya = nilai
            berubah.append(item)
    RencanaItem.objects.bulk_update(berubah, ["realisasi_biaya"])
    siklus.temuan_monev = (temuan or "").strip()
    siklus.save(update_fields=["temuan_monev", "diubah"])
    return {"item_diubah": len(berubah)}


def kebutuhan_lanjutan(siklus):
    """The unmet needs of ``siklus`` that the needs derivation of the next cycle carries over (source ``lanjutan``;
    pelatihan/services/kebutuhan.py calls this): see ``selectors.realisasi.kebutuhan_lanjutan``."""
    return sel.kebutuhan_lanjutan(siklus=siklus)
