"""Writes on evaluation periods: create, open (one form per active employee, in bulk), close, reassign.

Opening a period is one INSERT … SELECT: every active employee of the instansi gets one ``Evaluasi``
assigned to their atasan at that moment, with the evaluator's name, NIP, jabatan and unit copied onto
the row, so later moves of the evaluator do not rewrite history. django-pghistory's per-row insert
trigger is skipped for that statement (it costs about half a millisecond per row) and the same
"insert" events are written right after in one statement, attached to the current context: the
audit trail stays complete. The number of queries does not depend on the number of employees.
"""

import pghistory
import pgtrigger
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from pembinaan import access as base
from pembinaan import bulk
from pembinaan import referensi as ref
from pembinaan.models import Pegawai
from pembinaan.services import notifikasi_queue, notifikasi_queue_many

from .. import access
from ..models import Evaluasi, PeriodeEvaluasi

INSERT_TRIGGER = "evaluasi.Evaluasi:insert_insert"
JENIS_PERIODE_DIBUKA = "periode_evaluasi_dibuka"
JENIS_DIALIHKAN = "evaluasi_dialihkan"

# The evaluator snapshot, computed in SQL the way Pegawai.nama_lengkap does in Python.
_NAMA_LENGKAP = ("LEFT(CONCAT_WS(' ', NULLIF(a.gelar_depan, ''), a.nama) "
                 "|| CASE WHEN a.gelar_belakang <> '' THEN ', ' || a.gelar_belakang ELSE '' END, 255)")
_SNAPSHOT = {
    "penilai_id": "a.id",
    "penilai_nama": f"COALESCE({_NAMA_LENGKAP}, '')",
    "penilai_nip": "COALESCE(a.nip, '')",
    "penilai_jabatan": "LEFT(COALESCE(j.nama, ''), 255)",
    "penilai_unit": "LEFT(COALESCE(u.nama, ''), 255)",
    "penilai_golongan": "COALESCE(a.golongan, '')",
}


def _periode_for_manage(actor, periode):
    """The period, locked, if ``actor`` is HR of its instansi; PermissionDenied otherwise."""
    row = access.periode_manage_scope(actor).select_for_update().filter(pk=periode.pk).first()
    if row is None:
        raise PermissionDenied
    return row


@transaction.atomic
def periode_create(*, actor, nama, jenis, mulai, selesai, tenggat):
    """Save a new period (draft) for the actor's instansi (the values checked by ``PeriodeForm``)."""
    if not access.can_manage(actor):
        raise PermissionDenied
    return PeriodeEvaluasi.objects.create(
        instansi=base.instansi_for_write(actor), nama=nama, jenis=jenis, mulai=mulai, selesai=selesai,
        tenggat=tenggat, status=PeriodeEvaluasi.Status.DRAFT)


def _insert_sql(*, periode, sekarang):
    """INSERT … SELECT of one form per active employee; every other column gets the model default, so a
    column added later to ``Evaluasi`` does not break opening. Positional parameters only: pgtrigger and
    pghistory prepend their own ``%s`` to the statement."""
    q = connection.ops.quote_name
    columns, values, params = [], [], []
    fixed = {"periode_id": ("%s", periode.pk), "pegawai_id": "p.id", "status": ("%s", Evaluasi.Status.BELUM),
             "diubah": ("%s", sekarang), **_SNAPSHOT,
             "unit_kerja_id": "p.unit_kerja_id"}
    for f in Evaluasi._meta.concrete_fields:
        if f.primary_key:
            continue
        columns.append(q(f.column))
        value = fixed.get(f.attname)
        if isinstance(value, str):
            values.append(value)
        elif value is not None:
            values.append(value[0])
            params.append(value[1])
        else:
            values.append("%s")
            default = f.get_default() if f.has_default() or not f.null else None
            params.append(f.get_db_prep_save(default, connection))
    aktif = ref.StatusPegawai.AKTIF
    sql = f"""
        WITH baru AS (
            INSERT INTO {q(Evaluasi._meta.db_table)} ({", ".join(columns)})
            SELECT {", ".join(values)}
            FROM pembinaan_pegawai p
            LEFT JOIN pembinaan_pegawai a
                   ON a.id = p.atasan_id AND a.instansi_id = p.instansi_id AND a.status = %s
            LEFT JOIN pembinaan_jabatan j ON j.id = a.jabatan_id
            LEFT JOIN pembinaan_unitkerja u ON u.id = a.unit_kerja_id
            WHERE p.instansi_id = %s AND p.status = %s
            ON CONFLICT (periode_id, pegawai_id) DO NOTHING
            RETURNING penilai_id
        )
        SELECT COUNT(*), COUNT(*) FILTER (WHERE penilai_id IS NULL) FROM baru
    """
    return sql, [*params, aktif, periode.instansi_id, aktif]


@transaction.atomic
def periode_open(*, actor, periode):
    """Open a draft period: one form per active employee, assigned to their atasan now (bulk, one transaction).

    Returns ``{"jumlah": forms created, "tanpa_penilai": forms without an evaluator, "penilai": evaluators told}``.
    An atasan who is no longer active (or belongs to another instansi) is not assigned: those forms
    are listed for HR with the ones whose employee has no atasan.
    """
    periode = _periode_for_manage(actor, periode)
    if periode.status != PeriodeEvaluasi.Status.DRAFT:
        raise ValidationError("Periode ini sudah pernah dibuka.")
    sekarang = timezone.now()
    sql, params = _insert_sql(periode=periode, sekarang=sekarang)
    with pghistory.context(user=actor.pk, sumber="buka_periode", periode=periode.pk):
        with pgtrigger.ignore(INSERT_TRIGGER), connection.cursor() as cursor:
            cursor.execute(sql, params)
            jumlah, tanpa_penilai = cursor.fetchone()
        bulk.record_insert_events("periode_id = %s", [periode.pk], model=Evaluasi)
    periode.status = PeriodeEvaluasi.Status.DIBUKA
    periode.dibuka_pada = sekarang
    periode.save(update_fields=["status", "dibuka_pada"])
    penilai = _kabari_penilai(periode)
    return {"jumlah": jumlah, "tanpa_penilai": tanpa_penilai, "penilai": penilai}


def _kabari_penilai(periode):
    """Tell every evaluator with an active account that the period opened: one message each (in-app and
    e-mail through the outbox), with the number of forms and the link to their list. Two queries and the
    batched insert, whatever the headcount. Returns the number of evaluators told."""
    per_penilai = dict(Evaluasi.objects.filter(periode=periode, penilai__user__isnull=False).order_by()
                       .values_list("penilai__user_id").annotate(n=Count("id")))
    users = get_user_model().objects.filter(pk__in=list(per_penilai), is_active=True).only("id", "email")
    tautan = reverse("evaluasi:penilai-list")
    notifikasi_queue_many([dict(
        penerima=u, instansi_id=periode.instansi_id, jenis=JENIS_PERIODE_DIBUKA, kunci=f"periode:{periode.pk}",
        judul=f"Periode evaluasi {periode.nama} dibuka: {per_penilai[u.pk]} formulir untuk Anda isi",
        isi=(f"Periode evaluasi kinerja {periode.nama} ({periode.mulai:%d-%m-%Y} s.d. {periode.selesai:%d-%m-%Y}) "
             f"telah dibuka. Anda adalah pejabat penilai untuk {per_penilai[u.pk]} pegawai. Isi dan ajukan "
             f"formulirnya paling lambat {periode.tenggat:%d-%m-%Y}."),
        tautan=tautan) for u in users])
    return len(per_penilai)


@transaction.atomic
def periode_close(*, actor, periode):
    """Close an open period: forms can no longer be filled; the period can be exported."""
    periode = _periode_for_manage(actor, periode)
    if periode.status != PeriodeEvaluasi.Status.DIBUKA:
        raise ValidationError("Hanya periode yang sedang dibuka yang dapat ditutup.")
    periode.status = PeriodeEvaluasi.Status.DITUTUP
    periode.save(update_fields=["status"])
    return periode


@transaction.atomic
def evaluasi_reassign(*, actor, evaluasi, penilai, alasan):
    """Give a form to another evaluator (Plt/Plh, or an employee without an atasan).

    HR of the instansi only; the new evaluator must be an active employee of the same instansi and not
    the evaluated employee; forms already submitted are not moved. The reason goes into the change
    history (pghistory context) and the new evaluator is notified.
    """
    if not access.evaluasi_manage_scope(actor).filter(pk=evaluasi.pk).exists():
        raise PermissionDenied
    evaluasi = Evaluasi.objects.select_for_update().select_related("periode").get(pk=evaluasi.pk)
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError("Alasan penggantian penilai wajib diisi.")
    if evaluasi.periode.status != PeriodeEvaluasi.Status.DIBUKA:
        raise ValidationError("Penilai hanya dapat diganti selama periode dibuka.")
    if evaluasi.status == Evaluasi.Status.DIAJUKAN:
        raise ValidationError("Evaluasi yang sudah diajukan tidak dapat dialihkan ke penilai lain.")
    penilai = (Pegawai.objects.select_related("jabatan", "unit_kerja", "user")
               .filter(pk=penilai.pk, instansi_id=evaluasi.periode.instansi_id).first())
    if penilai is None:
        raise ValidationError("Penilai harus pegawai instansi yang sama.")
    if penilai.status != ref.StatusPegawai.AKTIF:
        raise ValidationError("Penilai harus pegawai aktif.")
    if penilai.pk == evaluasi.pegawai_id:
        raise ValidationError("Pegawai tidak dapat menilai dirinya sendiri.")
    evaluasi.penilai = penilai
    evaluasi.penilai_nama = penilai.nama_lengkap[:255]
    evaluasi.penilai_nip = penilai.nip
    evaluasi.penilai_jabatan = penilai.jabatan.nama[:255] if penilai.jabatan_id else ""
    evaluasi.penilai_unit = penilai.unit_kerja.nama[:255] if penilai.unit_kerja_id else ""
    evaluasi.penilai_golongan = penilai.golongan
    evaluasi.versi += 1  # a form the previous evaluator still has open can no longer be saved over this
    with pghistory.context(user=actor.pk, sumber="ganti_penilai", alasan=alasan):
        evaluasi.save(update_fields=["penilai", "penilai_nama", "penilai_nip", "penilai_jabatan", "penilai_unit",
                                     "penilai_golongan", "versi", "diubah"])
    if penilai.user_id:
        notifikasi_queue(penerima=penilai.user, instansi=evaluasi.periode.instansi, jenis=JENIS_DIALIHKAN,
                         kunci=f"evaluasi:{evaluasi.pk}", judul=f"Tugas menilai: {evaluasi.periode.nama}",
                         isi=f"Anda ditetapkan sebagai penilai kinerja {evaluasi.pegawai.nama_lengkap} untuk "
                             f"{evaluasi.periode.nama}. Alasan: {alasan}",
                         tautan=reverse("evaluasi:evaluasi-isi", args=[evaluasi.pk]))
    return evaluasi
