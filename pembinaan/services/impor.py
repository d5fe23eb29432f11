"""Employee import: upload → dry run → preview → confirm → import → result (issue: all-or-nothing)."""

import io
import re
import zipfile

import pghistory
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from .. import access
from ..impor import berkas as berkas_mod
from ..impor import pegawai as engine
from ..models import ImporPegawai, Instansi

MAKS_GALAT_DISIMPAN = 5000


def perkiraan_baris(fileobj, nama):
    """Count data rows cheaply (no parsing) to decide between a synchronous run and a Celery job."""
    fileobj.seek(0)
    data = fileobj.read()
    if nama.lower().endswith(".csv"):
        return max(data.count(b"\n") - 1, 0)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            sheets = sorted(n for n in zf.namelist() if n.startswith("xl/worksheets/sheet"))
            if not sheets:
                return 0
            with zf.open(sheets[0]) as fh:
                head = fh.read(4096).decode("utf-8", "replace")
            size = zf.getinfo(sheets[0]).file_size
    except zipfile.BadZipFile:
        return 0
    match = re.search(r'<dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"', head)
    return int(match.group(1)) - 1 if match else size // 1000


def impor_create(*, actor, berkas):
    """Store the upload and start its dry run: at once for small files, as a Celery job for large ones."""
    if not access.can_import(actor):
        raise PermissionDenied
    berkas_mod.jenis_berkas(berkas.name)  # raises BerkasTidakValid with the Indonesian message
    if berkas.size > settings.IMPOR_MAKS_BYTE:
        raise ValidationError(f"Berkas terlalu besar ({berkas.size // 1_048_576} MB); batasnya "
                              f"{settings.IMPOR_MAKS_BYTE // 1_048_576} MB.")
    perkiraan = perkiraan_baris(berkas, berkas.name)
    berkas.seek(0)
    impor = ImporPegawai.objects.create(
        instansi=access.instansi_for_write(actor), pengunggah=actor, berkas=berkas,
        nama_berkas=berkas.name[:255], jumlah_baris=perkiraan,
    )
    if perkiraan > settings.IMPOR_BATAS_SINKRON:
        from ..tasks import impor_check_task

        transaction.on_commit(lambda: impor_check_task.delay(impor.pk))
    else:
        impor_check(impor_id=impor.pk)
        impor.refresh_from_db()
    return impor


def _baca(impor):
    with impor.berkas.open("rb") as fh:
        return berkas_mod.baca(fh, impor.nama_berkas)


def _baca_atau_tolak(impor, status):
    """The uploaded table, or None after recording why the file as a whole cannot be read."""
    try:
        return _baca(impor)
    except berkas_mod.BerkasTidakValid as exc:
        impor.galat = [{"baris": 0, "kolom": "", "pesan": str(exc)}]
        impor.status = status
        impor.save(update_fields=["galat", "status"])
        return None


def _progress(impor_id):
    def update(n):
        ImporPegawai.objects.filter(pk=impor_id).update(diproses=n)
    return update


def _simpan_galat(impor, hasil, status):
    impor.galat = [g.as_dict() for g in hasil.galat[:MAKS_GALAT_DISIMPAN]]
    impor.ringkasan = {**hasil.ringkasan(), "jumlah_galat": len(hasil.galat),
                       "peringatan": [g.as_dict() for g in hasil.peringatan[:MAKS_GALAT_DISIMPAN]],
                       "perubahan": hasil.perubahan}
    impor.status = status
    impor.selesai = timezone.now() if status in (ImporPegawai.Status.SELESAI, ImporPegawai.Status.GAGAL) else None


def impor_check(*, impor_id):
    """The dry run: check every row, record every rejected one, write nothing."""
    impor = ImporPegawai.objects.select_related("instansi").get(pk=impor_id)
    tabel = _baca_atau_tolak(impor, ImporPegawai.Status.DITOLAK)
    if tabel is None:
        return impor
    impor.jumlah_baris = len(tabel.baris)
    impor.save(update_fields=["jumlah_baris"])
    hasil = engine.periksa(tabel, impor.instansi, progress=_progress(impor.pk))
    impor.diproses = impor.jumlah_baris
    _simpan_galat(impor, hasil, ImporPegawai.Status.SIAP if hasil.ok else ImporPegawai.Status.DITOLAK)
    impor.save(update_fields=["galat", "ringkasan", "status", "diproses", "selesai"])
    return impor


def impor_confirm(*, actor, impor):
    """HR confirms a clean dry run: import at once, or as a Celery job for large files."""
    if not access.can_import(actor) or not access.impor_scope(actor).filter(pk=impor.pk).exists():
        raise PermissionDenied
    updated = ImporPegawai.objects.filter(pk=impor.pk, status=ImporPegawai.Status.SIAP).update(
        status=ImporPegawai.Status.MENGIMPOR, diproses=0)
    if not updated:
        raise ValidationError("Impor ini tidak dalam keadaan siap diimpor.")
    if impor.jumlah_baris > settings.IMPOR_BATAS_SINKRON:
        from ..tasks import impor_apply_task

        transaction.on_commit(lambda: impor_apply_task.delay(impor.pk))
    else:
        impor_apply(impor_id=impor.pk)
    impor.refresh_from_db()
    return impor


def impor_apply(*, impor_id):
    """Write the file in one transaction, checking every row again first; nothing is written on any error."""
    impor = ImporPegawai.objects.select_related("instansi").get(pk=impor_id)
    if impor.status != ImporPegawai.Status.MENGIMPOR:
        return impor  # already done (a redelivered task): importing is idempotent anyway
    tabel = _baca_atau_tolak(impor, ImporPegawai.Status.GAGAL)
    if tabel is None:
        return impor
    hasil = impor_apply_tabel(tabel=tabel, instansi=impor.instansi, user=impor.pengunggah_id, impor=impor.pk)
    impor.diproses = impor.jumlah_baris
    _simpan_galat(impor, hasil, ImporPegawai.Status.SELESAI if hasil.ok else ImporPegawai.Status.DITOLAK)
    impor.save(update_fields=["galat", "ringkasan", "status", "diproses", "selesai"])
    return impor


def impor_apply_tabel(*, tabel, instansi, **riwayat):
    """Write a read table for one instansi: the rows checked again, then everything or nothing in one transaction,
    the instansi row locked (one import per instansi at a time: a second waits instead of interleaving), every
    change recorded in the history as "impor" with ``riwayat`` (who: ``user``; where from: ``impor`` or
    ``perintah``). The upload page's import and ``manage.py impor_pegawai`` both write through here."""
    with transaction.atomic():
        Instansi.objects.select_for_update().get(pk=instansi.pk)
        with pghistory.context(sumber="impor", **riwayat):
            hasil = engine.terapkan(tabel, instansi)
        if not hasil.ok:
            transaction.set_rollback(True)
    engine.segarkan_statistik(hasil)
    return hasil
