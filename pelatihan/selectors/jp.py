"""Reads of pelatihan/: the JP pages and attainment, with a fixed number of queries."""

from collections import defaultdict
from datetime import date, timedelta

from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from pembinaan import referensi as ref
from pembinaan.models import Pegawai, UnitKerja

from ..models import AturanJP, KreditJP
from ..referensi import ATURAN_JP_BAWAAN

BULAN = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]


def aturan_jp(*, instansi_id):
    """jenis ASN -> (target, batas) for one instansi: HR's settings over the docs/domain.md §4.1 defaults
    (None = no target / no ceiling). One query."""
    aturan = dict(ATURAN_JP_BAWAAN)
    for jenis, target, batas in (AturanJP.objects.filter(instansi_id=instansi_id)
                                 .values_list("jenis_asn", "target", "batas")):
        aturan[jenis] = (target, batas)
    return aturan


def laju_target(target, *, tahun, today):
    """The JP someone with ``target`` should have by now to reach it by December (pro rata by month);
    the whole target for a past year; None without a target."""
    if target is None:
        return None
    return round(target * today.month / 12, 1) if tahun == today.year else target


def target_sekarang(today=None):
    """The pace towards the default PNS target this month (kept for callers that know no instansi)."""
    today = today or timezone.localdate()
    return laju_target(ATURAN_JP_BAWAAN["PNS"][0], tahun=today.year, today=today)


def _ulang_tmt(tmt, tahun):
    """The TMT's anniversary in ``tahun`` (29 February falls on the 28th in other years)."""
    try:
        return tmt.replace(year=tahun)
    except ValueError:
        return date(tahun, 2, 28)


def tahun_kontrak(tmt, acuan):
    """The PPPK contract year holding ``acuan``: from the TMT anniversary on or before it to the day before
    the next anniversary (the first year starts at the TMT itself)."""
    if acuan < tmt:
        acuan = tmt
    mulai = _ulang_tmt(tmt, acuan.year)
    if mulai > acuan:
        mulai = _ulang_tmt(tmt, acuan.year - 1)
    return mulai, _ulang_tmt(tmt, mulai.year + 1) - timedelta(days=1)


def jp_pegawai(*, pegawai, tahun, today=None):
    """One employee's year: total, month by month, every credit with its source, and the rule that applies
    to them (their jenis ASN's target and ceiling in their instansi). Two queries.

    A PPPK's ceiling counts the contract year holding today (for a past calendar year: holding its
    31 December), from the TMT of the contract; without a TMT on record, the calendar year.
    """
    today = today or timezone.localdate()
    target, batas = aturan_jp(instansi_id=pegawai.instansi_id).get(pegawai.jenis_asn, (None, None))
    pppk = pegawai.jenis_asn in ref.JENIS_PPPK
    awal, akhir = date(tahun, 1, 1), date(tahun, 12, 31)
    kontrak = None
    if batas is not None and pppk and pegawai.tmt_cpns is not None:
        kontrak = tahun_kontrak(pegawai.tmt_cpns, today if tahun == today.year else akhir)
    dari, sampai = (min(awal, kontrak[0]), max(akhir, kontrak[1])) if kontrak else (awal, akhir)
    semua = list(KreditJP.objects.filter(pegawai=pegawai, tanggal__range=(dari, sampai))
                 .select_related("peserta__program", "laporan").order_by("tanggal", "id"))
    credits = [k for k in semua if awal <= k.tanggal <= akhir]
    per_bulan = [0] * 12
    for k in credits:
        per_bulan[k.tanggal.month - 1] += k.jp
    total = sum(per_bulan)
    jp_batas = sum(k.jp for k in semua if kontrak[0] <= k.tanggal <= kontrak[1]) if kontrak else total
    melebihi = batas is not None and jp_batas > batas
    return {
        "tahun": tahun, "total": total, "kredit": credits,
        "bulan": [(BULAN[i], n) for i, n in enumerate(per_bulan)],
        "maks_bulan": max(per_bulan) or 1,
        "jenis_asn": ref.JenisAsn(pegawai.jenis_asn).label if pegawai.jenis_asn in ref.JenisAsn.values else "",
        "label_nip": "NI PPPK" if pppk else "NIP",
        "pppk": pppk, "target": target, "batas": batas,
        "ada_target": target is not None, "ada_batas": batas is not None,
        "persen": min(100, round(100 * total / target)) if target else None,
        "kurang": max(target - total, 0) if target is not None else 0,
        "kontrak_mulai": kontrak[0] if kontrak else None, "kontrak_akhir": kontrak[1] if kontrak else None,
        "batas_per_kontrak": kontrak is not None, "tanpa_tmt": pppk and batas is not None and kontrak is None,
        "jp_batas": jp_batas, "sisa_batas": max(batas - jp_batas, 0) if batas is not None else None,
        "melebihi_batas": melebihi, "melebihi_batas_pppk": melebihi and pppk,
    }


def ringkas_aturan(aturan):
    """The targets in words for page headers, e.g. "PNS 20 JP, CPNS 20 JP; PPPK tanpa target"."""
    dengan = [f"{ref.JenisAsn(j).label} {t} JP" for j, (t, _) in aturan.items() if t is not None]
    tanpa = [ref.JenisAsn(j).label for j, (t, _) in aturan.items() if t is None]
    teks = ", ".join(dengan) if dengan else "tidak ada target"
    return teks + (f"; tanpa target: {', '.join(tanpa)}" if tanpa and dengan else "")


def _target_seragam(aturan):
    """The one target shared by every jenis ASN that has one (for a short label), else None."""
    targets = {t for t, _ in aturan.values() if t is not None}
    return targets.pop() if len(targets) == 1 else None


def capaian_unit(*, instansi, tahun, today=None):
    """JP attainment per top-level unit: employees, % at or above their target, average JP, % on pace.

    Each employee is measured against the target of their jenis ASN in the instansi's settings; the
    percentages count only employees who have a target (by default PNS and CPNS, not PPPK), the average
    counts everyone. Three queries whatever the size: the settings, the units, and one aggregate over
    active employees joined to their yearly summary (RekapJP), grouped by unit and jenis ASN; the targets
    are applied and sub-units rolled up in Python.
    """
    today = today or timezone.localdate()
    aturan = aturan_jp(instansi_id=instansi.pk)
    ukuran = {j: (t, laju_target(t, tahun=tahun, today=today)) for j, (t, _b) in aturan.items() if t is not None}
    # Every threshold any jenis ASN needs, counted once per (unit, jenis ASN) group: plain comparisons with
    # constants (a join or CASE per employee costs more at 100k rows); Python picks each jenis' own columns.
    ambang = sorted({float(x) for pasangan in ukuran.values() for x in pasangan})
    kolom = "".join(", COUNT(*) FILTER (WHERE COALESCE(r.total, 0) >= %s)" for _ in ambang)
    units = list(UnitKerja.objects.filter(instansi=instansi).values("id", "nama", "induk_id"))
    sql = f"""
        SELECT p.unit_kerja_id, p.jenis_asn, COUNT(*), COALESCE(SUM(r.total), 0){kolom}
        FROM pembinaan_pegawai p
        LEFT JOIN pelatihan_rekapjp r ON r.pegawai_id = p.id AND r.tahun = %s
        WHERE p.instansi_id = %s AND p.status = 'aktif'
        GROUP BY p.unit_kerja_id, p.jenis_asn
    """
    per_unit = defaultdict(lambda: [0, 0, 0, 0, 0])  # employees, with a target, at target, on pace, sum of JP
    with connection.cursor() as cur:
        cur.execute(sql, [*ambang, tahun, instansi.pk])
        for uid, jenis, n, jumlah, *hitung in cur.fetchall():
            v = per_unit[uid]
            v[0] += n
            v[4] += jumlah
            if jenis in ukuran:
                target, laju = ukuran[jenis]
                v[1] += n
                v[2] += hitung[ambang.index(float(target))]
                v[3] += hitung[ambang.index(float(laju))]
    parent = {u["id"]: u["induk_id"] for u in units}
    nama = {u["id"]: u["nama"] for u in units}

    def root(uid):
        while parent.get(uid) is not None:
            uid = parent[uid]
        return uid

    def persen(bagian, dari):
        return round(100 * bagian / dari, 1) if dari else 0

    totals = defaultdict(lambda: [0, 0, 0, 0, 0])
    for uid, values_ in per_unit.items():
        key = root(uid) if uid is not None else None
        for i, v in enumerate(values_):
            totals[key][i] += v
    hasil = []
    for key, (n, bertarget, capai, on_pace, jp) in totals.items():
        hasil.append({
            "unit_id": key, "unit": nama.get(key, "Tanpa unit kerja"), "pegawai": n, "bertarget": bertarget,
            "persen_capai": persen(capai, bertarget), "rata_jp": round(jp / n, 1) if n else 0,
            "persen_sesuai_laju": persen(on_pace, bertarget), "capai": capai, "sesuai_laju": on_pace,
        })
    hasil.sort(key=lambda r: (r["persen_capai"], r["unit"]))
    semua = [sum(t[i] for t in totals.values()) for i in range(5)]
    seragam = _target_seragam(aturan)
    pns = aturan.get("PNS", (None, None))[0]
    ringkas = {"pegawai": semua[0], "bertarget": semua[1], "persen_capai": persen(semua[2], semua[1]),
               "rata_jp": round(semua[4] / semua[0], 1) if semua[0] else 0,
               "persen_sesuai_laju": persen(semua[3], semua[1]), "capai": semua[2], "sesuai_laju": semua[3],
               "laju": laju_target(pns if pns is not None else seragam, tahun=tahun, today=today),
               "aturan": ringkas_aturan(aturan),
               "label_target": f"{seragam} JP" if seragam is not None else "target JP"}
    return hasil, ringkas


_BARIS_INSTANSI = "\0instansi"  # the instansi row's key among the unit rows (pembinaan.pengungkapan)


def capaian_tampil(rows, ringkas, *, ambang=None):
    """What the JP attainment figures print (``<kolom>_tampil``, ``<kolom>_terlindung``) for the rows and summary of
    ``capaian_unit``: as computed when ``ambang`` is None (HR), else protected by the disclosure rules
    (issue 12 §2, pembinaan/pengungkapan.py, k = ``ambang.k_pelatihan``) as pimpinan and the shared dashboard see
    them: a percentage whose base, numerator or complement is 1..k−1 is hidden, and so is the next one a reader could
    recover it from (the counts reached / not reached protected as a table over the units and the instansi); a
    mean JP over fewer than k employees is hidden, with more units until the hidden ones count at least k together.
    Rows with a hidden attainment come last, by name (their place in an order by attainment would tell it).
    Returns the rows in display order; the figures themselves stay in the dicts."""
    from pembinaan import pengungkapan as p

    semua = [(_BARIS_INSTANSI, ringkas), *((str(i), r) for i, r in enumerate(rows))]
    for kolom, bagian in (("persen_capai", "capai"), ("persen_sesuai_laju", "sesuai_laju")):
        tersembunyi = {}
        if ambang is not None and rows:
            tabel = {kunci: {"ya": r[bagian], "tidak": r["bertarget"] - r[bagian]} for kunci, r in semua[1:]}
            # Not total_terbuka: a unit's base below k pins its own counts to 0..k−1 whatever is hidden, which that
            # mode counts as a leak and answers by hiding everything. Every hidden row here has both cells hidden,
            # and rows hide at least two at a time, so the bases on the page recover no count exactly.
            for s in p.tabel_jumlah(kolom, tabel, instansi=_BARIS_INSTANSI, k=ambang.k_pelatihan,
                                    kategori=["ya", "tidak"]):
                if s.disembunyikan and s.kategori in ("ya", "tidak"):
                    tersembunyi.setdefault(s.unit, s)
        for kunci, r in semua:
            if ambang is None or not r["bertarget"]:
                r[f"{kolom}_tampil"], r[f"{kolom}_terlindung"] = f"{p.format_angka(r[kolom], 1)} %", False
                continue
            sel = p.persen(kolom, kunci, kolom, r[bagian], r["bertarget"], k=ambang.k_pelatihan,
                           pembilang_sel=tersembunyi.get(kunci))
            r[f"{kolom}_tampil"], r[f"{kolom}_terlindung"] = sel.tampil, sel.disembunyikan
    sembunyi_rata = set()
    if ambang is not None:
        k = ambang.k_pelatihan
        sembunyi_rata = {kunci for kunci, r in semua[1:] if 0 < r["pegawai"] < k}
        sisa = sorted((r["pegawai"], kunci) for kunci, r in semua[1:] if kunci not in sembunyi_rata and r["pegawai"])
        while sembunyi_rata and 0 < sum(semua[int(x) + 1][1]["pegawai"] for x in sembunyi_rata) < k and sisa:
            sembunyi_rata.add(sisa.pop(0)[1])
        if 0 < ringkas["pegawai"] < k:
            sembunyi_rata.add(_BARIS_INSTANSI)
    for kunci, r in semua:
        r["rata_jp_terlindung"] = kunci in sembunyi_rata
        r["rata_jp_tampil"] = p.KOSONG if kunci in sembunyi_rata else p.format_angka(r["rata_jp"], 1)
    if ambang is None:
        return rows
    return sorted(rows, key=lambda r: (r["persen_capai_terlindung"], 0 if r["persen_capai_terlindung"]
                                       else r["persen_capai"], r["unit"]))


def pegawai_tertinggal(*, instansi, tahun, today=None, unit_id=None):
    """Active employees behind the pace of their own target this year, lowest JP first (a queryset:
    paginate it). Employees whose jenis ASN has no target are never behind. Each row carries ``jp``,
    ``target_jp`` and ``laju``; the second value returned is the PNS pace (for one-line headers).
    """
    today = today or timezone.localdate()
    aturan = aturan_jp(instansi_id=instansi.pk)
    targets = {j: t for j, (t, _b) in aturan.items() if t is not None}
    pns = targets.get("PNS", _target_seragam(aturan))
    pace = laju_target(pns, tahun=tahun, today=today)
    if not targets:
        return Pegawai.objects.none().annotate(jp=Value(0), target_jp=Value(0), laju=Value(0.0)), pace
    target_expr = Case(*[When(jenis_asn=j, then=Value(t)) for j, t in targets.items()], output_field=IntegerField())
    laju_expr = Case(*[When(jenis_asn=j, then=Value(float(laju_target(t, tahun=tahun, today=today))))
                       for j, t in targets.items()], output_field=FloatField())
    qs = (Pegawai.objects.filter(instansi=instansi, status=ref.StatusPegawai.AKTIF, jenis_asn__in=list(targets))
          .annotate(jp=Coalesce(Sum("rekap_jp__total", filter=Q(rekap_jp__tahun=tahun)), 0),
                    target_jp=target_expr, laju=laju_expr)
          .filter(jp__lt=F("laju")).select_related("unit_kerja", "jabatan").order_by("jp", "nama"))
    if unit_id:
        from pembinaan.selectors import unit_dan_subunit

        qs = qs.filter(unit_kerja_id__in=unit_dan_subunit(unit_id))
    return qs, pace


# ------------------------------------------------------------------------- the employee's home (pelatihan/beranda.py)
