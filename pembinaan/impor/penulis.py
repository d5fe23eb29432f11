"""Writing a checked SIASN "data pegawai" table (docs/domain.md §11.1) for one instansi.

``terapkan`` runs the checks of pembinaan.impor.pemeriksa again inside the caller's transaction and writes in
bulk, in one pass with the check (new units and jabatan, then each new employee COPYed, with its atasan, as soon
as its row is accepted, then the changed employees and the atasan of those already recorded), all inside a
savepoint that is rolled back when any row is rejected: a rejected file writes nothing. Employees are matched by
NIP, so re-importing a file changes nothing and a newer file updates what changed (the audit triggers, and one
statement for the new employees' "insert" records, record each change with who imported it). A column that is not
in the file leaves that field of existing employees untouched (a short sheet never blanks data). The database is
written with a fixed number of statements per batch.
"""

import time

import pghistory
from django.db import connection, transaction
from django.db.models import NOT_PROVIDED
from django.utils import timezone

from .. import bulk
from ..models import Jabatan, Pegawai, UnitKerja
from .berkas import tanpa_gc
from .kolom import FIELDS
from .pemeriksa import Hasil, Pemeriksa

BARIS_ANALYZE = 5000


def segarkan_statistik(hasil):
    """After a large import, refresh the planner's statistics (autovacuum may take minutes to notice)
    so the lists and dashboards do not run on plans made for an empty table. Call after commit."""
    if hasil.ok and hasil.baru + hasil.diperbarui >= BARIS_ANALYZE:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE pembinaan_pegawai")


def terapkan(tabel, instansi, *, today=None, progress=None) -> Hasil:
    """Check again and write, all in the caller's transaction. Nothing is written if any row is rejected.

    Checking and writing run as one pass: each accepted new employee goes into the COPY as soon as it is checked,
    so PostgreSQL stores and indexes the rows already sent while Python checks the next ones (two cores at work
    instead of one after the other). Everything is written inside a savepoint that is rolled back when any row is
    rejected, also by a check that needs the whole file (NIP ATASAN): a rejected file leaves nothing behind."""
    mulai = time.perf_counter()
    pemeriksa = Pemeriksa(instansi, today=today)
    with tanpa_gc():
        hasil = pemeriksa.siapkan(tabel)
        if not hasil.ok:
            hasil.waktu["periksa"] = time.perf_counter() - mulai
            return hasil
        if not transaction.get_connection().in_atomic_block:  # an explicit guard: python -O drops an assert
            raise transaction.TransactionManagementError("terapkan() must run inside transaction.atomic()")
        periksa_s = time.perf_counter() - mulai
        with transaction.atomic(), pghistory.context(sumber="impor"):
            _pemicu_tanpa_pengecualian()
            periksa_s += _periksa_dan_tulis(pemeriksa, hasil, tabel, instansi)
            if not hasil.ok:
                transaction.set_rollback(True)
    if progress:
        progress(len(tabel.baris))
    # The split reported by ``impor_pegawai -v 2``: time spent checking rows, and everything else (writing).
    hasil.waktu["periksa"] = periksa_s
    hasil.waktu["tulis"] = time.perf_counter() - mulai - periksa_s
    return hasil


def _pemicu_tanpa_pengecualian():
    """Keep the history triggers on their fast path for the rest of this transaction.

    Each row written fires pgtrigger's ``_pgtrigger_should_ignore()`` and pghistory's ``_pgh_attach_context()``;
    both read a setting and catch the error raised when it is unset or empty. Catching an error inside a trigger
    of a large statement costs ~0.5 ms a row (the subtransaction abort walks the statement's queued trigger
    events), which made a 100,000-row import take minutes. ``pgtrigger.ignore`` gets the empty list (ignore
    nothing: the same meaning as unset), transaction-local, unless a caller's ``pgtrigger.ignore(...)`` set it.
    The statement is deliberately not a SELECT: ``pghistory.context`` attaches its variables to every other
    statement, so they are set for the transaction also for what bypasses Django's cursor (COPY) or is a SELECT.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('pgtrigger.ignore', true)")
        if not (cursor.fetchone()[0] or "").startswith("{"):
            cursor.execute("SET LOCAL pgtrigger.ignore = '{}'")


def _periksa_dan_tulis(pemeriksa, hasil, tabel, instansi):
    """Units and jabatan first, then every row checked and each new employee COPYed as it is accepted, then the
    checks that need the whole file; only when nothing is rejected the history events, the updates and the atasan
    of employees already recorded. Returns the seconds spent checking rows."""
    mulai = time.perf_counter()
    units, jabatan = pemeriksa.unit_dan_jabatan(tabel)
    periksa_s = time.perf_counter() - mulai
    unit_id, unit_baru = _tulis_unit(pemeriksa, units, instansi)
    jabatan_ids, jabatan_baru = _tulis_jabatan(pemeriksa, jabatan, instansi)

    fields = pemeriksa.fields
    existing = {row[0]: row for row in Pegawai.objects.filter(instansi=instansi).values_list(
        "nip", "atasan_id", "id", "atasan__nip", *FIELDS)}
    now = timezone.now()
    ada_atasan = any(pemeriksa.semua(tabel, "nip_atasan"))  # a file with an empty NIP ATASAN column sets none
    ids, id_untuk = _id_pegawai(pemeriksa, tabel, existing) if ada_atasan else ({}, None)
    rows, baru = [], []
    diterima = pemeriksa.baris_diterima(tabel, hasil)
    nilai = pemeriksa.nilai

    def aliran():
        nonlocal periksa_s
        while True:
            t = time.perf_counter()
            row = next(diterima, None)
            periksa_s += time.perf_counter() - t
            if row is None:
                return
            rows.append(row)
            if row["nip"] in existing or hasil.galat:  # a rejected row: nothing will be kept, stop writing
                continue
            baru.append(row)
            if ada_atasan:
                yield (instansi.pk, row["nip"], *nilai(row, unit_id, jabatan_ids), id_untuk(row["nip"]),
                       id_untuk(row["_nip_atasan"]) if row["_nip_atasan"] else None)
            else:
                yield (instansi.pk, row["nip"], *nilai(row, unit_id, jabatan_ids))

    kolom = ["instansi_id", "nip", *fields] + (["id", "atasan_id"] if ada_atasan else [])
    # COPY without the per-row insert trigger, then every "insert" history event in one statement, attached to
    # the same pghistory context (who, "impor") as the trigger would.
    with bulk.without_insert_history():
        bulk.copy_rows(Pegawai, aliran(), kolom=kolom, tetap=bawaan(Pegawai, kolom, now=now))
    _pemicu_tanpa_pengecualian()  # leaving pgtrigger.ignore() emptied the setting again
    t = time.perf_counter()
    pemeriksa.selesaikan(hasil, rows)
    periksa_s += time.perf_counter() - t
    if not hasil.ok:
        return periksa_s
    if baru:
        bulk.record_insert_events("instansi_id = %s AND nip = ANY(%s)", [instansi.pk, [row["nip"] for row in baru]])
    to_update = _tulis_perubahan(pemeriksa, hasil, rows, existing, unit_id, jabatan_ids, now)
    hasil.baru, hasil.diperbarui = len(baru), len(to_update)
    if ada_atasan:
        _tulis_atasan(hasil, existing, ids, to_update, now)
    hasil.unit_baru, hasil.jabatan_baru = unit_baru, jabatan_baru
    return periksa_s


def _id_pegawai(pemeriksa, tabel, existing):
    """Ids for every NIP of the file not yet recorded, reserved before the COPY, so that a new employee is written
    already pointing at an atasan further down the file. Returns ({NIP: id}, ``id_untuk(nip)``)."""
    ids = {nip: old[2] for nip, old in existing.items()}
    calon = {nip for nip in pemeriksa.semua_nip(tabel) if nip not in ids}
    cadangan = iter(bulk.reserve_ids(Pegawai, len(calon)))

    def id_untuk(nip):
        if nip not in ids:
            if nip not in calon:
                return None  # neither in the file nor recorded: the NIP ATASAN check rejects the row
            ids[nip] = next(cadangan)
        return ids[nip]

    return ids, id_untuk


def _tulis_unit(pemeriksa, semua_unit, instansi):
    """1. Units: SATUAN KERJA as parents, UNOR under them. Existing units (by UNOR ID, else by name) are reused.
    Returns (``unit_id(key, nama)``, which resolves a unit of the file to its id; the new units' names)."""
    unit_ids = {}

    def unit_id(key, nama):
        return unit_ids.get(key) or pemeriksa.unit_lama(key, nama)

    parents, children = {}, {}
    for units in semua_unit:
        if units:
            parents.setdefault(units[0][0], units[0][1])
        if len(units) == 2:
            children.setdefault(units[1][0], (units[1][1], units[0]))
    created_all = []
    for group in (parents, children):
        new_units = []
        for key, value in group.items():
            nama, induk = (value, None) if group is parents else value
            if key in unit_ids or unit_id(key, nama) is not None:
                continue
            new_units.append((key, UnitKerja(instansi=instansi, nama=nama, induk_id=unit_id(*induk) if induk else None,
                                             siasn_unor_id="" if key.startswith("#") else key)))
            unit_ids[key] = -1  # a key that appears as a parent and as a child is created once
        created = UnitKerja.objects.bulk_create([u for _, u in new_units])
        unit_ids.update({key: u.id for (key, _), u in zip(new_units, created, strict=True)})
        created_all += created
    return unit_id, sorted(u.nama for u in created_all)


def _tulis_jabatan(pemeriksa, semua_jabatan, instansi):
    """2. Jabatan (matched by name, case and spacing ignored, kind and jenjang). Returns (their ids by key, how many
    are new)."""
    jabatan_ids = dict(pemeriksa.jabatan_existing)
    new_jabatan = {}
    for j in semua_jabatan:
        if j:
            key = pemeriksa._kunci_jabatan(j)
            if key not in jabatan_ids and key not in new_jabatan:
                new_jabatan[key] = Jabatan(instansi=instansi, nama=j[0], jenis=j[1], jenjang=j[2],
                                           siasn_jabatan_id=j[3])
    for key, jab in zip(new_jabatan, Jabatan.objects.bulk_create(list(new_jabatan.values()), batch_size=2000),
                        strict=True):
        jabatan_ids[key] = jab.id
    return jabatan_ids, len(new_jabatan)


def _tulis_perubahan(pemeriksa, hasil, rows, existing, unit_id, jabatan_ids, now):
    """3. Employees already recorded: update only what changed (only the fields the file has columns for)."""
    fields, pos = pemeriksa.fields, pemeriksa.pos
    to_update = []
    for row in rows:
        old = existing.get(row["nip"])
        if old is None:
            continue
        new_values = pemeriksa.nilai(row, unit_id, jabatan_ids)
        if any(v != old[p] for v, p in zip(new_values, pos, strict=True)):
            to_update.append({"id": old[2], **dict(zip(fields, new_values, strict=True)), "diperbarui": now})
        else:
            hasil.tidak_berubah += 1
    perbarui(Pegawai, to_update)
    return to_update


def _tulis_atasan(hasil, existing, ids, to_update, now):
    """4. The atasan links of employees already recorded (the new ones got theirs in the COPY)."""
    links = []
    for row in hasil.rows:
        old = existing.get(row["nip"])
        if old is None or not row["_nip_atasan"]:
            continue
        atasan_id = ids[row["_nip_atasan"]]
        if old[1] != atasan_id:
            links.append({"id": old[2], "atasan_id": atasan_id, "diperbarui": now})
    perbarui(Pegawai, links)
    # An existing employee whose only change is the atasan counts as updated too.
    counted = {p["id"] for p in to_update}
    lagi = sum(1 for p in links if p["id"] not in counted)
    hasil.diperbarui += lagi
    hasil.tidak_berubah -= lagi


# Bulk writes without model instances: the ORM's bulk_create/bulk_update spend most of a 100,000-row import
# building and preparing objects (and bulk_update's CASE WHEN grows with the batch). New rows go in with COPY
# (pembinaan.bulk); updates with one UPDATE ... FROM (VALUES ...) per batch, through Django's cursor so that
# pghistory's context is attached to the update trigger's events.
BATCH = 1000


def _str(value):
    return str(value) if isinstance(value, str) else value  # TextChoices members → plain str for the driver


def bawaan(model, attnames, *, now=None):
    """The model's default for every column not in ``attnames``, as the ORM would fill them (COPY does not know
    Django's defaults): {attname: value}, the same for every row."""
    now = now or timezone.now()
    defaults = {}
    for f in model._meta.concrete_fields:
        if f.primary_key or f.attname in attnames or f.db_default is not NOT_PROVIDED:
            continue  # a database default is applied by COPY itself
        value = now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default()
        defaults[f.attname] = _str(f.get_db_prep_save(value, connection))
    return defaults


def lengkapi(model, rows, *, now=None):
    """Rows (dicts {attname: value}, all with the same keys) completed with the model's default for every other
    column."""
    if not rows:
        return rows
    defaults = bawaan(model, rows[0], now=now)
    return [{**r, **defaults} for r in rows]


def perbarui(model, rows, *, batch=BATCH):
    """UPDATE rows given as dicts {"id": pk, attname: value, ...} (all with the same keys), a batch a statement."""
    if not rows:
        return
    meta, qn = model._meta, connection.ops.quote_name
    names = [n for n in rows[0] if n != "id"]
    fields = [meta.get_field(n) for n in names]
    satu = "(" + ", ".join([f"%s::{meta.pk.rel_db_type(connection)}"] +
                           [f"%s::{f.db_type(connection)}" for f in fields]) + ")"
    kolom = ", ".join(["id"] + [qn(f.column) for f in fields])
    set_ = ", ".join(f"{qn(f.column)} = v.{qn(f.column)}" for f in fields)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start:start + batch]
            params = []
            for r in chunk:
                params.append(r["id"])
                params.extend(_str(r[n]) for n in names)
            cursor.execute(f"UPDATE {qn(meta.db_table)} AS t SET {set_} FROM (VALUES "
                           f"{', '.join([satu] * len(chunk))}) AS v({kolom}) WHERE t.{qn(meta.pk.column)} = v.id",
                           params)
