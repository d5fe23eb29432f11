"""Model instances from one hand-written query over several tables.

A few reads run on every request (the account with its roles, the QR check-in link's rows), and building them
through the ORM cost more CPU than running them (issue 14 §5). Their SQL is written once per process from the
models' metadata with ``kolom`` (every concrete column, so a new field is read like any other), and ``potong`` cuts
each row back into the instances the ORM would give (``from_db``). ``bisa_dibaca`` answers no when a field needs a
database converter: the caller then reads through the ORM.
"""

from functools import cache

from django.db import connection


@cache
def _nama(model):
    """(the attribute names of ``model``'s concrete fields, the primary key's position among them)."""
    nama = tuple(f.attname for f in model._meta.concrete_fields)
    return nama, nama.index(model._meta.pk.attname)


def bisa_dibaca(*models):
    """Whether rows of ``models`` can be read by hand: no field needs a database converter."""
    return not any(f.get_db_converters(connection) for m in models for f in m._meta.concrete_fields)


def kolom(alias, model):
    """Every concrete column of ``model`` under the table alias ``alias``, in ``potong``'s order."""
    q = connection.ops.quote_name
    return ", ".join(f"{alias}.{q(f.column)}" for f in model._meta.concrete_fields)


def satu(sql, params):
    """The first row ``sql`` returns, or None."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def potong(baris, *models):
    """([an instance of each of ``models`` from consecutive slices of ``baris``, None where the slice's primary key is
    NULL, as a LEFT JOIN leaves it], the rest of the row)."""
    objek, awal = [], 0
    for model in models:
        nama, pk = _nama(model)
        nilai = baris[awal:awal + len(nama)]
        awal += len(nama)
        objek.append(None if nilai[pk] is None else model.from_db(connection.alias, nama, nilai))
    return objek, baris[awal:]
