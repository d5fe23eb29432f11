"""Instansi (tenants): created by the superadmin, the one code that creates them.

A new instansi is announced to the apps built on the records app through ``pembinaan.komposisi.instansi_baru``
(each registered its own start-up data with ``daftar_instansi_baru``, e.g. pelatihan the suggested JP per bentuk),
inside the same transaction, so an instansi never exists without them.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from .. import access, komposisi
from ..models import Instansi

KOLOM = ("kode", "nama", "siasn_id")


@transaction.atomic
def instansi_create(*, actor, data):
    """Create an instansi from plain values (``data``: kode, nama, optional siasn_id); superadmin only. Raises
    ValidationError naming the field (a kode or nama already used, a kode that is not a slug)."""
    if not access.is_superadmin(actor):
        raise PermissionDenied
    instansi = Instansi(**{k: data[k] for k in KOLOM if k in data})
    instansi.full_clean()
    instansi.save()
    komposisi.instansi_baru(instansi)
    return instansi
