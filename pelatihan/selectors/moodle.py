"""Reads of the Moodle completion import: what a completion report is checked against (a fixed number of queries
whatever the number of rows)."""

from django.utils import timezone

from pembinaan.impor.pemeriksa import Galat
from pembinaan.models import Pegawai

from .. import impor_moodle
from ..models import KreditJP, Peserta


def moodle_impor_periksa(*, tabel, program, identitas):
    """Check a Moodle completion report against the programme's instansi (impor_moodle.periksa)."""
    kolom = "nip" if identitas == "nip" else "email"
    if program.status == program.Status.BATAL:
        return impor_moodle.HasilImporMoodle(galat=[Galat(1, "Program", "Program ini batal; penyelesaian kursus "
                                                                        "tidak dapat dicatat.")])
    pegawai = {}
    for pk, kunci, nama in (Pegawai.objects.filter(instansi_id=program.instansi_id).exclude(**{kolom: ""})
                            .values_list("id", kolom, "nama")):
        pegawai.setdefault(kunci.lower(), []).append((pk, nama))
    peserta = {pg: (pk, st) for pk, pg, st in Peserta.objects.filter(program=program)
               .values_list("id", "pegawai_id", "status")}
    kredit = dict(KreditJP.objects.filter(peserta__program=program).values_list("peserta_id", "tanggal"))
    return impor_moodle.periksa(tabel, identitas=kolom, pegawai=pegawai, peserta=peserta, kredit=kredit,
                                hari_ini=timezone.localdate())
