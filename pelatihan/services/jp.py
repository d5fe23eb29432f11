"""The JP ledger: the only code that writes KreditJP (and its yearly summary RekapJP).

Every credit points to exactly one source, and a unique constraint per source means a second
credit for the same source is impossible. Reversing a source deletes its credit; the history
trigger keeps the record of both.
"""

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction

from pembinaan import access as base

from .. import access
from ..models import AturanJP, BentukPelatihan, JpBawaan, KreditJP, RekapJP
from ..referensi import JP_BAWAAN


def _rekap_add(pegawai_id, tahun, delta):
    """Keep the yearly summary in step (an upsert: concurrent credits for one employee cannot collide)."""
    table = RekapJP._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (pegawai_id, tahun, total) VALUES (%s, %s, GREATEST(%s, 0)) "
            f"ON CONFLICT (pegawai_id, tahun) DO UPDATE SET total = {table}.total + %s",
            [pegawai_id, tahun, delta, delta])


def _sumber(sumber):
    """The one source as a column look-up: ``peserta=obj`` -> ``{"peserta_id": pk}``; ``sesi_mentoring_id=pk`` as is
    (a source of an app above pelatihan is known here by its id only)."""
    if len(sumber) != 1:
        raise TypeError("Satu kredit JP tepat satu sumber.")
    (key, value), = sumber.items()
    kolom = key if key.endswith("_id") else f"{key}_id"
    return {kolom: getattr(value, "pk", value)}


@transaction.atomic
def kredit_set(*, pegawai_id, tanggal, jp, keterangan, **sumber):
    """Credit ``jp`` for one source (``peserta=…``, ``laporan=…`` or ``sesi_mentoring_id=…``).

    Idempotent: an existing credit for the source is updated, never duplicated.
    """
    lookup = _sumber(sumber)
    existing = KreditJP.objects.select_for_update().filter(**lookup).first()
    if existing is not None:
        if (existing.jp, existing.tanggal, existing.pegawai_id) == (jp, tanggal, pegawai_id):
            return existing
        _rekap_add(existing.pegawai_id, existing.tanggal.year, -existing.jp)
        existing.delete()
    kredit = KreditJP.objects.create(pegawai_id=pegawai_id, tanggal=tanggal, jp=jp, keterangan=keterangan[:255],
                                     **lookup)
    _rekap_add(pegawai_id, tanggal.year, jp)
    return kredit


@transaction.atomic
def kredit_reverse(**sumber):
    """Remove the credit of a source (a revoked verification, a withdrawn session). Returns True if one existed."""
    lookup = _sumber(sumber)
    existing = KreditJP.objects.select_for_update().filter(**lookup).first()
    if existing is None:
        return False
    _rekap_add(existing.pegawai_id, existing.tanggal.year, -existing.jp)
    existing.delete()
    return True


@transaction.atomic
def aturan_jp_set(*, actor, aturan):
    """HR sets the JP target and ceiling of every jenis ASN of their own instansi (None = none)."""
    if not access.can_manage(actor):
        raise PermissionDenied
    instansi = base.instansi_for_write(actor)
    for jenis, (target, batas) in aturan.items():
        AturanJP.objects.update_or_create(instansi=instansi, jenis_asn=jenis,
                                          defaults={"target": target, "batas": batas})
    return instansi


@transaction.atomic
def jp_bawaan_seed(*, instansi):
    """Give an instansi the suggested JP per bentuk (referensi.JP_BAWAAN) when it has none yet, so the programme
    and self-report forms fill JP from the bentuk from the first use; HR changes or clears them afterwards
    (Pelatihan → Pengaturan JP). Returns how many were created (0 when the instansi already has any)."""
    if JpBawaan.objects.filter(instansi=instansi).exists():
        return 0
    baru = [JpBawaan(instansi=instansi, bentuk=b, jp=JP_BAWAAN[b.kode])
            for b in BentukPelatihan.objects.filter(kode__in=JP_BAWAAN)]
    JpBawaan.objects.bulk_create(baru, ignore_conflicts=True)
    return len(baru)


@transaction.atomic
def jp_bawaan_set(*, actor, nilai):
    """HR sets the default JP of each bentuk of their own instansi: ``nilai`` maps a bentuk id to a JP, or to
    None/0 to have no default for it."""
    if not access.can_manage(actor):
        raise PermissionDenied
    instansi = base.instansi_for_write(actor)
    for bentuk_id, jp in nilai.items():
        if jp:
            JpBawaan.objects.update_or_create(instansi=instansi, bentuk_id=bentuk_id, defaults={"jp": jp})
        else:
            JpBawaan.objects.filter(instansi=instansi, bentuk_id=bentuk_id).delete()
    return instansi
