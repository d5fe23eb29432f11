"""Writes on employee records. Each is one transaction; the audit triggers record who and when."""

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.expressions import RawSQL

from .. import access
from ..models import Pegawai

_ATASAN_CHAIN_SQL = """
WITH RECURSIVE rantai(id) AS (
    SELECT %s::bigint
    UNION
    SELECT p.atasan_id FROM pembinaan_pegawai p JOIN rantai r ON p.id = r.id WHERE p.atasan_id IS NOT NULL
)
SELECT id FROM rantai
"""


@transaction.atomic
def pegawai_save(*, actor, data, pegawai=None):
    """Create (``pegawai=None``) or update an employee from checked values ``{field: value}`` (what
    ``PegawaiForm.data_pegawai()`` gives: the form checks, the service decides and writes)."""
    if pegawai is not None:
        if not access.pegawai_edit_scope(actor).filter(pk=pegawai.pk).exists():
            raise PermissionDenied
    else:
        instansi = access.instansi_for_write(actor)
        if instansi is None:
            raise PermissionDenied
        pegawai = Pegawai(instansi=instansi)
    for name, value in data.items():
        setattr(pegawai, name, value)
    with pghistory.context(user=actor.pk, sumber="formulir"):
        pegawai.save()
    return pegawai


@transaction.atomic
def pegawai_set_atasan(*, actor, pegawai, atasan):
    """Assign (or clear, with ``atasan=None``) the direct supervisor; refuses other instansi and cycles."""
    if not access.pegawai_edit_scope(actor).filter(pk=pegawai.pk).exists():
        raise PermissionDenied
    if atasan is not None:
        if atasan.instansi_id != pegawai.instansi_id:
            raise ValidationError("Atasan harus pegawai dari instansi yang sama.")
        if atasan.pk == pegawai.pk:
            raise ValidationError("Pegawai tidak boleh menjadi atasan dirinya sendiri.")
        chain = Pegawai.objects.filter(pk__in=RawSQL(_ATASAN_CHAIN_SQL, [atasan.pk]), pk=pegawai.pk)
        if chain.exists():
            raise ValidationError(f"{atasan.nama} adalah bawahan (langsung atau tidak langsung) dari "
                                  f"{pegawai.nama}; atasan tidak boleh membentuk lingkaran.")
    with pghistory.context(user=actor.pk, sumber="atasan"):
        Pegawai.objects.filter(pk=pegawai.pk).update(atasan=atasan)
    pegawai.atasan = atasan
    return pegawai
