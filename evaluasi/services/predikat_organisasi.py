"""Writes of the organisational predikat HR records per top-level unit and evaluation period (issue 12)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from .. import access, selectors
from ..models import PredikatOrganisasi, PredikatOrganisasiUnit


@transaction.atomic
def predikat_organisasi_set(*, actor, periode, nilai):
    """Record ``nilai`` ({top-level unit id: PredikatOrganisasi value, or "" to clear}) for the period.

    Only HR of the period's instansi; every unit must be a top-level unit of that instansi and every value a
    known predikat, else nothing is written (ValidationError naming the unit). Returns how many units changed.
    """
    if not access.can_set_predikat_organisasi(actor, periode):
        raise PermissionDenied("Hanya petugas HR instansi ini yang menetapkan predikat organisasi.")
    units = selectors.unit_puncak(instansi_id=periode.instansi_id)
    salah = [f"unit {uid}" for uid in nilai if uid not in units]
    salah += [f"{units[uid]}: '{v}'" for uid, v in nilai.items()
              if uid in units and v and v not in PredikatOrganisasi.values]
    if salah:
        raise ValidationError("Predikat organisasi tidak dapat disimpan (" + "; ".join(salah) + "): pilih unit "
                              "teratas instansi ini dan salah satu predikat yang tersedia.")
    lama = selectors.predikat_organisasi_periode(periode=periode)
    berubah = 0
    for uid, v in nilai.items():
        if (lama.get(uid) or "") == (v or ""):
            continue
        berubah += 1
        if not v:
            PredikatOrganisasiUnit.objects.filter(periode=periode, unit_kerja_id=uid).delete()
        else:
            PredikatOrganisasiUnit.objects.update_or_create(
                periode=periode, unit_kerja_id=uid, defaults={"predikat": v, "ditetapkan_oleh": actor})
    return berubah
