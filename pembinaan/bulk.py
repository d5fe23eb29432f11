"""Bulk writes for large loads (imports, demo and benchmark data).

PostgreSQL COPY is many times faster than INSERT for 100k rows. django-pghistory's row trigger costs
about half a millisecond per row (PL/pgSQL exception blocks), so bulk loads of new employees skip
that one trigger and write the same "insert" events afterwards in a single statement, attached to
the current ``pghistory.context`` (who, through what) exactly as the trigger would: the audit trail
stays complete, only cheaper.
"""

import itertools
from contextlib import contextmanager
from datetime import date

import pgtrigger
from django.db import connection

INSERT_TRIGGER = "pembinaan.Pegawai:insert_insert"


def _copy_value(v):
    """One value in PostgreSQL's COPY text format."""
    if v is None:
        return "\\N"
    t = type(v)
    if t is str:  # the common case first; printable text without a backslash needs no escaping
        return v if v.isprintable() and "\\" not in v else _escape(v)
    if t is int:
        return str(v)
    if isinstance(v, bool):
        return "t" if v else "f"
    if isinstance(v, date):  # also datetime
        return v.isoformat()
    if isinstance(v, str):  # a TextChoices member: its plain value
        return _escape(str(v))
    return str(v)


def _escape(v):
    return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class _Aliran:
    """A read-only file over an iterator of text chunks, for ``copy_expert``: each chunk is built only when the
    driver asks for it, so PostgreSQL parses and indexes the rows already sent while Python formats the next ones
    (the server and Python work side by side instead of one after the other), and the whole COPY text is never
    held in memory at once."""

    def __init__(self, chunks):
        self._chunks = iter(chunks)

    def read(self, size=-1):
        return next(self._chunks, "")


PER_POTONG = 2000  # rows per chunk handed to the driver


def copy_rows(model, rows, *, kolom=None, tetap=None):
    """Write ``rows`` with COPY. Row triggers still fire.

    ``rows``: dicts of field attnames, all with the same keys; or, with ``kolom`` (their attnames), tuples of
    values in that order (no dict per row). ``tetap``: {attname: value} written unchanged into every row (formatted
    once, not once a row). ``rows`` may be a generator: it is consumed while the COPY streams."""
    rows = iter(rows)
    if kolom is None:
        first = next(rows, None)
        if first is None:
            return
        kolom = list(first)
        rows = itertools.chain([first], rows)
        rows = (tuple(r[a] for a in kolom) for r in rows)
    tetap = tetap or {}
    attnames = [*kolom, *tetap]
    akhir = "".join("\t" + _copy_value(v) for v in tetap.values()) + "\n"
    columns = {f.attname: f.column for f in model._meta.concrete_fields}
    q = connection.ops.quote_name
    sql = f"COPY {q(model._meta.db_table)} ({', '.join(q(columns[a]) for a in attnames)}) FROM STDIN"
    nilai = _copy_value

    def potongan():
        while True:
            chunk = list(itertools.islice(rows, PER_POTONG))
            if not chunk:
                return
            yield "".join(["\t".join([nilai(v) for v in r]) + akhir for r in chunk])

    with connection.cursor() as cursor:
        # A Django query inside pgtrigger.ignore()/pghistory.context() sets the transaction-local variables;
        # the COPY itself goes straight to the driver and would bypass that wrapper.
        cursor.execute("SELECT 1")
        cursor.cursor.copy_expert(sql, _Aliran(potongan()))


def reserve_ids(model, count):
    """Reserve ``count`` primary keys, so rows can point at each other before they are written."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                       [model._meta.db_table, count])
        return [r[0] for r in cursor.fetchall()]


@contextmanager
def without_insert_history():
    """Skip the per-row history trigger; the caller then calls ``record_insert_events``."""
    with pgtrigger.ignore(INSERT_TRIGGER):
        yield


def record_insert_events(where_sql, params, *, model=None):
    """Write the pghistory "insert" event of every row of ``model`` (default Pegawai) matching ``where_sql``
    in one statement, attached to the active ``pghistory.context`` when there is one."""
    if model is None:
        from .models import Pegawai as model

    event = model.pgh_event_model
    q = connection.ops.quote_name
    columns = ", ".join(q(f.column) for f in event._meta.concrete_fields if not f.column.startswith("pgh_"))
    with connection.cursor() as cursor:
        # The same upsert of the context row the trigger does, once instead of once per row. Written as a
        # CTE because pghistory attaches its context variables to every statement except a plain SELECT.
        cursor.execute("WITH ctx AS (SELECT _pgh_attach_context() AS id) SELECT id FROM ctx")
        context_id = cursor.fetchone()[0]
        cursor.execute(
            f"INSERT INTO {q(event._meta.db_table)} (pgh_created_at, pgh_label, pgh_obj_id, pgh_context_id, "
            f"{columns}) SELECT NOW(), 'insert', id, %s, {columns} FROM {q(model._meta.db_table)} "
            f"WHERE {where_sql}",
            [context_id, *params],
        )
