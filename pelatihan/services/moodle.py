"""Writing a Moodle course completion report: every completion of a clean file becomes a passed participant, one
JP ledger credit (dated the day Moodle says the course was completed) and the existing certificate."""

import pghistory
from django.core.exceptions import PermissionDenied
from django.db import transaction

from .. import access
from ..models import Peserta
from ..selectors.moodle import moodle_impor_periksa
from . import jp as ledger


@transaction.atomic
def moodle_import(*, actor, program, tabel, identitas):
    """All or nothing: the rows are checked first (``selectors.moodle.moodle_impor_periksa``) and only a clean file
    is written, in this one transaction. An employee who completed the course but is not yet a participant becomes
    one (source HR). Re-importing the same file changes nothing: the ledger holds one credit per participant and the
    certificate is issued once. Returns impor_moodle.HasilImporMoodle."""
    if not access.can_manage_program(actor, program):
        raise PermissionDenied
    hasil = moodle_impor_periksa(tabel=tabel, program=program, identitas=identitas)
    if not hasil.ok or not hasil.baris:
        return hasil
    from .sertifikat import sertifikat_issue

    keterangan = f"{program.bentuk.nama}: {program.judul}"
    with pghistory.context(user=actor.pk, sumber="impor_moodle"):
        for pegawai_id, peserta_id, tanggal in hasil.baris:
            if peserta_id is None:
                peserta = Peserta.objects.create(program=program, pegawai_id=pegawai_id, sumber=Peserta.Sumber.HR,
                                                 diusulkan_oleh=actor, status=Peserta.Status.LULUS)
            else:
                peserta = Peserta.objects.select_for_update(of=("self",), no_key=True).get(pk=peserta_id)
                if peserta.status != Peserta.Status.LULUS:
                    peserta.status = Peserta.Status.LULUS
                    peserta.save(update_fields=["status"])
            ledger.kredit_set(pegawai_id=pegawai_id, tanggal=tanggal, jp=program.jp, keterangan=keterangan,
                              peserta=peserta)
            sertifikat_issue(peserta=peserta)
    return hasil
