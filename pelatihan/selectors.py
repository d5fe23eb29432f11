"""Reads of pelatihan/: the JP pages and attainment, with a fixed number of queries."""

from collections import defaultdict
from datetime import date

from django.db import connection
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce

from pembinaan import referensi as ref
from pembinaan.models import Pegawai, UnitKerja

from .models import KreditJP
from .referensi import BATAS_JP_PPPK, TARGET_JP_PNS

BULAN = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]


def target_sekarang(today=None):
    """The JP an employee should have by now to be on pace for 20 JP by December (pro rata by month)."""
    today = today or date.today()
    return round(TARGET_JP_PNS * today.month / 12, 1)


def jp_pegawai(*, pegawai, tahun):
    """One employee's year: total, month by month, every credit with its source. Two queries."""
    credits = list(KreditJP.objects.filter(pegawai=pegawai, tanggal__year=tahun)
                   .select_related("peserta__program", "laporan").order_by("tanggal", "id"))
    per_bulan = [0] * 12
    for k in credits:
        per_bulan[k.tanggal.month - 1] += k.jp
    total = sum(per_bulan)
    pppk = pegawai.jenis_asn in ref.JENIS_PPPK
    return {
        "tahun": tahun, "total": total, "kredit": credits,
        "bulan": [(BULAN[i], n) for i, n in enumerate(per_bulan)],
        "maks_bulan": max(per_bulan) or 1,
        "target": TARGET_JP_PNS, "pppk": pppk,
        "melebihi_batas_pppk": pppk and total > BATAS_JP_PPPK,
        "persen": min(100, round(100 * total / TARGET_JP_PNS)),
        "kurang": max(TARGET_JP_PNS - total, 0),
    }


def capaian_unit(*, instansi, tahun, today=None):
    """20 JP attainment per top-level unit: employees, % at ≥ 20 JP, average JP, % on pace.

    Three queries whatever the size: units, and one aggregate over active employees joined to their
    yearly summary (RekapJP) grouped by unit; sub-units are rolled up in Python.
    """
    today = today or date.today()
    pace = target_sekarang(today) if tahun == today.year else TARGET_JP_PNS
    units = list(UnitKerja.objects.filter(instansi=instansi).values("id", "nama", "induk_id"))
    # Per unit in SQL: employees, at ≥ 20 JP, on pace, sum of JP.
    sql = """
        SELECT p.unit_kerja_id, COUNT(*), COUNT(*) FILTER (WHERE COALESCE(r.total, 0) >= %s),
               COUNT(*) FILTER (WHERE COALESCE(r.total, 0) >= %s), COALESCE(SUM(r.total), 0)
        FROM pembinaan_pegawai p
        LEFT JOIN pelatihan_rekapjp r ON r.pegawai_id = p.id AND r.tahun = %s
        WHERE p.instansi_id = %s AND p.status = 'aktif'
        GROUP BY p.unit_kerja_id
    """
    with connection.cursor() as cur:
        cur.execute(sql, [TARGET_JP_PNS, pace, tahun, instansi.pk])
        per_unit = {r[0]: r[1:] for r in cur.fetchall()}
    parent = {u["id"]: u["induk_id"] for u in units}
    nama = {u["id"]: u["nama"] for u in units}

    def root(uid):
        while parent.get(uid) is not None:
            uid = parent[uid]
        return uid

    totals = defaultdict(lambda: [0, 0, 0, 0])
    for uid, values in per_unit.items():
        key = root(uid) if uid is not None else None
        for i, v in enumerate(values):
            totals[key][i] += v
    hasil = []
    for key, (n, capai, on_pace, jp) in totals.items():
        hasil.append({
            "unit_id": key, "unit": nama.get(key, "Tanpa unit kerja"), "pegawai": n,
            "persen_capai": round(100 * capai / n, 1) if n else 0,
            "rata_jp": round(jp / n, 1) if n else 0,
            "persen_sesuai_laju": round(100 * on_pace / n, 1) if n else 0,
        })
    hasil.sort(key=lambda r: (r["persen_capai"], r["unit"]))
    semua = [sum(t[i] for t in totals.values()) for i in range(4)]
    ringkas = {"pegawai": semua[0], "persen_capai": round(100 * semua[1] / semua[0], 1) if semua[0] else 0,
               "rata_jp": round(semua[3] / semua[0], 1) if semua[0] else 0,
               "persen_sesuai_laju": round(100 * semua[2] / semua[0], 1) if semua[0] else 0, "laju": pace}
    return hasil, ringkas


def pegawai_tertinggal(*, instansi, tahun, today=None, unit_id=None):
    """Active employees behind pace this year, lowest JP first (a queryset: paginate it)."""
    today = today or date.today()
    pace = target_sekarang(today) if tahun == today.year else TARGET_JP_PNS
    qs = (Pegawai.objects.filter(instansi=instansi, status=ref.StatusPegawai.AKTIF)
          .annotate(jp=Coalesce(Sum("rekap_jp__total", filter=Q(rekap_jp__tahun=tahun)), 0))
          .filter(jp__lt=pace).select_related("unit_kerja", "jabatan").order_by("jp", "nama"))
    if unit_id:
        from pembinaan.selectors import unit_dan_subunit

        qs = qs.filter(unit_kerja_id__in=unit_dan_subunit(unit_id))
    return qs, pace

