"""Reads of attendance: the sessions whose check-in is open for a user, the attendance list of a session, and what the
attendance-sheet import checks against."""

import datetime

from django.db import connection
from django.utils import timezone

from pembinaan import baris

from .. import access, checkin, impor_kehadiran
from ..models import Kehadiran, Peserta, ProgramPelatihan, SesiPelatihan

# ---------------------------------------------------------------------------- reads for the pages

PESERTA_AKTIF = (Peserta.Status.TERDAFTAR, Peserta.Status.LULUS, Peserta.Status.TIDAK_LULUS)


def sesi_presensi_terbuka(*, user, now=None):
    """The sessions of the user's programmes whose check-in window is open now (two queries)."""
    now = now or timezone.now()
    pegawai = access.pegawai_saya(user)
    if pegawai is None:
        return []
    hari_ini = timezone.localtime(now).date()
    kandidat = (SesiPelatihan.objects
                .filter(program__peserta__pegawai=pegawai,
                        tanggal__range=(hari_ini - datetime.timedelta(days=1), hari_ini + datetime.timedelta(days=1)))
                .exclude(program__status__in=[ProgramPelatihan.Status.DRAFT, ProgramPelatihan.Status.BATAL])
                .select_related("program").order_by("tanggal", "jam_mulai", "pk"))
    return [s for s in kandidat if checkin.dalam_jendela(s, now)]


# What every request of the QR link reads (the confirm page and the POST, 300 at once in a room): the session, its
# programme, the participant's Peserta row and their attendance row of the session, in one query written by hand from
# the models' metadata (``pembinaan.baris``): building the same reads through the ORM cost more CPU than running them.
_MODEL_TAUTAN = (("s", SesiPelatihan), ("g", ProgramPelatihan), ("p", Peserta), ("k", Kehadiran))
_SQL_TAUTAN = {}


def _sql_tautan():
    """The one query (pegawai id, sesi id → the four rows, the last two NULL when absent); "": read through the ORM."""
    if "sql" not in _SQL_TAUTAN:
        if not baris.bisa_dibaca(*(m for _, m in _MODEL_TAUTAN)):
            _SQL_TAUTAN["sql"] = ""
        else:
            q = connection.ops.quote_name
            t = {alias: q(m._meta.db_table) for alias, m in _MODEL_TAUTAN}
            _SQL_TAUTAN["sql"] = (
                f"SELECT {', '.join(baris.kolom(alias, m) for alias, m in _MODEL_TAUTAN)} "
                f"FROM {t['s']} s JOIN {t['g']} g ON g.id = s.program_id "
                f"LEFT JOIN {t['p']} p ON p.program_id = s.program_id AND p.pegawai_id = %s "
                f"LEFT JOIN {t['k']} k ON k.peserta_id = p.id AND k.sesi_id = s.id WHERE s.id = %s")
    return _SQL_TAUTAN["sql"]


def tautan_presensi(*, pegawai, sesi_id):
    """(the session with its programme, the Peserta of ``pegawai`` in that programme or None, their Kehadiran of the
    session or None) in one query; None when there is no such session. Visibility is the caller's to decide
    (``access.program_terlihat``)."""
    sql = _sql_tautan()
    if not sql:  # the ORM's reads, three queries
        sesi = SesiPelatihan.objects.select_related("program").filter(pk=sesi_id).first()
        if sesi is None:
            return None
        peserta = Peserta.objects.filter(program_id=sesi.program_id, pegawai=pegawai).first() if pegawai else None
        kehadiran = Kehadiran.objects.filter(peserta=peserta, sesi=sesi).first() if peserta else None
        return sesi, peserta, kehadiran
    hasil = baris.satu(sql, [pegawai.pk if pegawai is not None else None, sesi_id])
    if hasil is None:
        return None
    (sesi, program, peserta, kehadiran), _ = baris.potong(hasil, *(m for _, m in _MODEL_TAUTAN))
    sesi.program = program
    if peserta is not None:
        peserta.program = program
    if kehadiran is not None:
        kehadiran.peserta, kehadiran.sesi = peserta, sesi
    return sesi, peserta, kehadiran


def daftar_hadir(*, sesi):
    """The organiser's live list: every active participant with their Kehadiran or None (two queries)."""
    peserta = list(Peserta.objects.filter(program_id=sesi.program_id, status__in=PESERTA_AKTIF)
                   .select_related("pegawai").order_by("pegawai__nama", "pk"))
    catatan = {k.peserta_id: k for k in Kehadiran.objects.filter(sesi=sesi).select_related("dicatat_oleh")}
    baris = [(p, catatan.get(p.pk)) for p in peserta]
    hadir = sum(1 for _, k in baris if k is not None and k.status == Kehadiran.Status.HADIR)
    return {"baris": baris, "jumlah": len(baris), "hadir": hadir, "belum": sum(1 for _, k in baris if k is None)}


# ---------------------------------------------------------------------------- the attendance-sheet import

def kehadiran_impor_periksa(*, tabel, program):
    """Check an attendance sheet against the programme (impor_kehadiran.periksa) with what it reads: the active
    participants by NIP and the sessions by date (two queries whatever the number of rows)."""
    peserta = dict(Peserta.objects.filter(program=program, status__in=PESERTA_AKTIF)
                   .values_list("pegawai__nip", "id"))
    sesi_by_date = {}
    for sesi_id, tgl in program.sesi.values_list("id", "tanggal"):
        sesi_by_date.setdefault(tgl, []).append(sesi_id)
    return impor_kehadiran.periksa(tabel, peserta=peserta, sesi_by_date=sesi_by_date)


def kehadiran_tercatat_program(*, program):
    """{(peserta id, sesi id): (kehadiran id, status, alasan)} of the programme's attendance (one query)."""
    return {(p, s): (pk, st, al) for pk, p, s, st, al in Kehadiran.objects.filter(sesi__program=program)
            .values_list("id", "peserta_id", "sesi_id", "status", "alasan")}
