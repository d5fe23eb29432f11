"""Reads of the LTI 1.3 platform for HR: per programme the last score per participant, and line items without a
score for N days (a fixed number of queries)."""

import datetime

from django.db.models import Max, Q
from django.utils import timezone

from ..models import LineItemLTI, SkorLTI


def skor_terakhir(*, program):
    """The last score (by the tool's timestamp) of each participant on each of the programme's line items."""
    return list(SkorLTI.objects.filter(line_item__program=program)
                .select_related("pengguna__pegawai", "line_item__registrasi")
                .order_by("line_item_id", "pengguna_id", "-timestamp", "-id")
                .distinct("line_item_id", "pengguna_id"))


def line_item_program(*, program, hari):
    """The programme's line items, each with ``terakhir`` (the last score received) and ``sepi``: no score for
    ``hari`` days."""
    batas = timezone.now() - datetime.timedelta(days=hari)
    items = list(LineItemLTI.objects.filter(program=program).select_related("registrasi")
                 .annotate(terakhir=Max("skor__dibuat")).order_by("pk"))
    for item in items:
        item.sepi = (item.terakhir or item.dibuat) < batas
    return items


def line_item_sepi(*, instansi, hari):
    batas = timezone.now() - datetime.timedelta(days=hari)
    return (LineItemLTI.objects.filter(program__instansi=instansi).annotate(terakhir=Max("skor__dibuat"))
            .filter(Q(terakhir__lt=batas) | Q(terakhir__isnull=True, dibuat__lt=batas)))
