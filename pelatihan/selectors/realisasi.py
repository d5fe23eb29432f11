"""Reads of the plan's realisation and its year-end monitoring and evaluation (issue 11 §4).

Realisation needs no typing: a programme linked to a plan line (``ProgramPelatihan.rencana_item``) realises it, and
what it realised is read from the JP ledger (``KreditJP``). Every read here keeps a fixed number of queries whatever
the number of employees, lines or credits: the database groups, Python rolls units up to their OPD (top-level unit).

Definitions (docs: issue 11 §4, RESEARCH-NEXT A.6 items 7–8):
- a line is *dimulai* when a linked programme (not cancelled) has a session on or before today, *selesai* when it
  has linked programmes and all of them (not cancelled) are closed (status selesai); the month it started / finished
  is that of the first / last session;
- its *target participants* are the distinct employees of the needs it answers (``RencanaItem.kebutuhan``); one is
  *trained* once the ledger holds a credit for them from a programme linked to that line;
- *JP planned* = line JP × target participants; *JP credited* = the ledger's credits of the plan year from
  programmes linked to the cycle's lines;
- *outside the plan*: every other credit of the plan year of the instansi's employees (programmes not linked to a
  line, self-reported learning, mentoring), with its share of all JP credited in that year.
"""

from collections import defaultdict
from datetime import date

from django.db import connection
from django.db.models import Avg, Count, Exists, F, Max, Min, OuterRef, Q, Sum
from django.utils import timezone

from pembinaan import referensi as ref
from pembinaan.models import ProfilKompetensi, UnitKerja

from ..models import EvaluasiPascaPelatihan, Kebutuhan, Peserta, ProgramPelatihan, RencanaItem, SiklusRencana
from .jp import BULAN, aturan_jp

PENERAPAN_DITERAPKAN = 3  # a post-training evaluation "reports application" at 3 or more on the 1–5 scale
TANPA_OPD = "Tanpa OPD"
TAHAP_TETAP = (SiklusRencana.Tahap.DITETAPKAN, SiklusRencana.Tahap.BERJALAN, SiklusRencana.Tahap.DIEVALUASI)
BATAS_LUAR_RENCANA = 20  # programmes outside the plan listed by name (the rest summed)


def _persen(bagian, dari):
    return round(100 * bagian / dari, 1) if dari else None


def _akar(induk):
    """{unit id: its top-level unit id} for a {unit id: parent id} map."""
    hasil = {}
    for uid in induk:
        akar, langkah = uid, 0
        while induk.get(akar) is not None and langkah < 50:
            akar, langkah = induk[akar], langkah + 1
        hasil[uid] = akar
    return hasil


def item_rencana_pilihan(*, instansi):
    """Plan lines a programme of ``instansi`` may be linked to: the lines of its set plans (stage ditetapkan,
    berjalan or dievaluasi), newest plan first. A queryset (one query when listed)."""
    return (RencanaItem.objects.filter(siklus__instansi=instansi, siklus__tahap__in=TAHAP_TETAP)
            .select_related("siklus").order_by("-siklus__tahun", "nomor", "id"))


def _opd(instansi_id):
    """(top-level units [(id, name)] sorted by name, {unit id: top-level unit id}). One query."""
    units = list(UnitKerja.objects.filter(instansi_id=instansi_id).values_list("id", "nama", "induk_id"))
    akar = _akar({u: i for u, _n, i in units})
    return sorted(((u, n) for u, n, i in units if i is None), key=lambda x: x[1]), akar


_T_ITEM = "pelatihan_rencanaitem"
_T_M2M = "pelatihan_rencanaitem_kebutuhan"
_T_KEB = "pelatihan_kebutuhan"
# Each read takes an optional OPD filter ({opd}: "" or an extra condition) so that a page per OPD reads only that
# OPD's rows: the needs by their ``opd``, the ledger by the employee's unit (the OPD's units, from the unit map).
# Target participants per (line, OPD of the need), by the day of their first credit from a programme linked to the
# line, by month (NULL: not trained yet). DISTINCT ON: one person answering two needs of the same line counts once.
# The credits are read from the plan's side (the cycle's lines → their programmes → participants → credits, each by
# its foreign-key index), narrowed to the OPD's targets only on a page per OPD.
_SQL_TARGET = f"""
    WITH t AS (
        SELECT DISTINCT ON (ik.rencanaitem_id, k.pegawai_id) ik.rencanaitem_id AS item_id, k.pegawai_id, k.opd_id
        FROM {_T_M2M} ik JOIN {_T_KEB} k ON k.id = ik.kebutuhan_id
        WHERE k.siklus_id = %s {{opd_keb}} ORDER BY ik.rencanaitem_id, k.pegawai_id, k.opd_id
    ), c AS (
        SELECT pr.rencana_item_id AS item_id, ps.pegawai_id, MIN(kj.tanggal) AS pertama
        FROM {_T_ITEM} i JOIN pelatihan_programpelatihan pr ON pr.rencana_item_id = i.id
        JOIN pelatihan_peserta ps ON ps.program_id = pr.id
        JOIN pelatihan_kreditjp kj ON kj.peserta_id = ps.id
        WHERE i.siklus_id = %s {{opd_peserta}} GROUP BY 1, 2
    )
    SELECT t.item_id, t.opd_id, DATE_TRUNC('month', c.pertama)::date, COUNT(*)
    FROM t LEFT JOIN c ON c.item_id = t.item_id AND c.pegawai_id = t.pegawai_id
    GROUP BY 1, 2, 3
"""
# The plan year's ledger credits from programmes, read once from the employees' side (the ledger's
# (pegawai, tanggal) index: a page per OPD touches only that OPD's credits): those of programmes linked to the cycle's
# lines per (line, OPD, month); those of every other programme per (programme, its title) only. The employee's unit
# is rolled up to its OPD in the database (``u``: the unit map passed as two arrays), so the rows returned are a few
# per line and OPD instead of one per unit and programme (44,000 rows at 25k employees, folded in Python, before).
_SQL_KREDIT = f"""
    SELECT i.id, CASE WHEN i.id IS NULL THEN pr.id END, CASE WHEN i.id IS NULL THEN pr.judul END,
           CASE WHEN i.id IS NOT NULL THEN u.opd_id END,
           CASE WHEN i.id IS NOT NULL THEN EXTRACT(MONTH FROM kj.tanggal)::int END, SUM(kj.jp), COUNT(*)
    FROM pembinaan_pegawai p
    LEFT JOIN unnest(%s::bigint[], %s::bigint[]) AS u(unit_id, opd_id) ON u.unit_id = p.unit_kerja_id
    JOIN pelatihan_kreditjp kj ON kj.pegawai_id = p.id AND kj.tanggal BETWEEN %s AND %s
    JOIN pelatihan_peserta ps ON ps.id = kj.peserta_id
    JOIN pelatihan_programpelatihan pr ON pr.id = ps.program_id
    LEFT JOIN {_T_ITEM} i ON i.id = pr.rencana_item_id AND i.siklus_id = %s
    WHERE p.instansi_id = %s {{opd_unit}}
    GROUP BY 1, 2, 3, 4, 5
"""
# All JP credited in the plan year to the instansi's employees, per unit: the yearly summary kept with the ledger
# (one row per employee), not the ledger itself.
_SQL_TOTAL = """
    SELECT p.unit_kerja_id, COALESCE(SUM(r.total), 0)
    FROM pelatihan_rekapjp r JOIN pembinaan_pegawai p ON p.id = r.pegawai_id
    WHERE p.instansi_id = %s AND r.tahun = %s {opd_unit} GROUP BY 1
"""
def _baca(siklus, *, akar, opd_id=None, unit_ids=None):
    """The three grouped reads of the realisation (three queries); with ``opd_id``, only that OPD's rows
    (``unit_ids``: its units; ``akar``: {unit: its OPD}). The ledger's rows are split into ``kredit`` (the plan's,
    per OPD) and ``luar`` (per programme, already narrowed to the OPD)."""
    awal, akhir = date(siklus.tahun, 1, 1), date(siklus.tahun, 12, 31)
    if opd_id is None:
        keb, unit, a_keb, a_unit = "", "", [], []
    else:
        keb, unit, a_keb, a_unit = "AND k.opd_id = %s", "AND p.unit_kerja_id = ANY(%s)", [opd_id], [list(unit_ids)]
    peserta = "" if opd_id is None else "AND ps.pegawai_id IN (SELECT pegawai_id FROM t)"
    bacaan = (
        ("target", _SQL_TARGET.format(opd_keb=keb, opd_peserta=peserta), [siklus.pk, *a_keb, siklus.pk]),
        ("ledger", _SQL_KREDIT.format(opd_unit=unit), [list(akar), list(akar.values()), awal, akhir, siklus.pk,
                                                       siklus.instansi_id, *a_unit]),
        ("total", _SQL_TOTAL.format(opd_unit=unit), [siklus.instansi_id, siklus.tahun, *a_unit]),
    )
    hasil = {}
    with connection.cursor() as cur:
        for kunci, sql, args in bacaan:
            cur.execute(sql, args)
            hasil[kunci] = cur.fetchall()
    ledger = hasil.pop("ledger")
    hasil["kredit"] = [(item, opd, bln, jp, n) for item, _p, _j, opd, bln, jp, n in ledger if item is not None]
    hasil["luar"] = [(prog, judul, jp, n) for item, prog, judul, _o, _b, jp, n in ledger if item is None]
    return hasil


class _Hitung:
    """Folds the grouped rows into lines, OPDs, months and quarters (``cocok(opd)``: the OPD filter)."""

    def __init__(self, *, tahun, items, akar, cocok):
        self.tahun, self.akar, self.cocok = tahun, akar, cocok
        self.item = {i["id"]: {**i, "target": 0, "terlatih": 0, "jp_kredit": 0, "kredit": 0, "program": [],
                               "dimulai": False, "selesai": False, "bulan_mulai": None, "bulan_selesai": None}
                     for i in items}
        self.opd = defaultdict(lambda: {"target": 0, "terlatih": 0, "jp_rencana": 0, "jp_kredit": 0})
        self.bulan = [{"bulan": b, "dimulai": 0, "selesai": 0, "jp_kredit": 0, "terlatih": 0} for b in BULAN]
        self.item_di_opd = set()

    def target(self, rows):
        for item_id, opd, pertama, n in rows:
            it = self.item.get(item_id)
            if it is None:
                continue
            opd = self.akar.get(opd, opd)
            o = self.opd[opd]
            o["target"] += n
            o["jp_rencana"] += n * it["jp"]
            o["terlatih"] += n if pertama is not None else 0
            if not self.cocok(opd):
                continue
            self.item_di_opd.add(item_id)
            it["target"] += n
            if pertama is not None:
                it["terlatih"] += n
                if pertama.year == self.tahun:
                    self.bulan[pertama.month - 1]["terlatih"] += n

    def kredit(self, rows):
        for item_id, opd, bln, jp, n in rows:  # opd: the employee's OPD (None: no unit)
            self.opd[opd]["jp_kredit"] += jp
            it = self.item.get(item_id)
            if it is None or not self.cocok(opd):
                continue
            self.item_di_opd.add(item_id)
            it["jp_kredit"] += jp
            it["kredit"] += n
            self.bulan[bln - 1]["jp_kredit"] += jp

    def program(self, rows, today):
        for p in rows:
            if p["rencana_item_id"] in self.item:
                self.item[p["rencana_item_id"]]["program"].append(p)
        for it in self.item.values():
            self._status(it, today)

    def _status(self, it, today):
        progs = it["program"]
        mulai = min((p["mulai"] for p in progs if p["mulai"] is not None), default=None)
        akhir = max((p["akhir"] for p in progs if p["akhir"] is not None), default=None)
        jalan = (ProgramPelatihan.Status.BERJALAN, ProgramPelatihan.Status.SELESAI)
        it["dimulai"] = (mulai is not None and mulai <= today) or any(p["status"] in jalan for p in progs)
        it["selesai"] = bool(progs) and all(p["status"] == ProgramPelatihan.Status.SELESAI for p in progs)
        if it["dimulai"] and mulai is not None and mulai.year == self.tahun:
            it["bulan_mulai"] = mulai.month
        if it["selesai"] and akhir is not None and akhir.year == self.tahun:
            it["bulan_selesai"] = akhir.month
        it["jp_rencana"] = it["jp"] * it["target"]
        it["persen_terlatih"] = _persen(it["terlatih"], it["target"])
        it["persen_jp"] = _persen(it["jp_kredit"], it["jp_rencana"])
        it["status"] = "Selesai" if it["selesai"] else "Berjalan" if it["dimulai"] else "Belum dimulai"
        if it["bulan_selesai"]:
            it["status"] += f" ({BULAN[it['bulan_selesai'] - 1]})"
        elif it["bulan_mulai"]:
            it["status"] += f" (mulai {BULAN[it['bulan_mulai'] - 1]})"

    def baris(self, semua):
        return [it for it in self.item.values() if semua or it["id"] in self.item_di_opd]

    def per_bulan(self, baris):
        for it in baris:
            if it["bulan_mulai"]:
                self.bulan[it["bulan_mulai"] - 1]["dimulai"] += 1
            if it["bulan_selesai"]:
                self.bulan[it["bulan_selesai"] - 1]["selesai"] += 1
        kum = {"dimulai": 0, "selesai": 0, "jp_kredit": 0, "terlatih": 0}
        for b in self.bulan:
            for k in kum:
                kum[k] += b[k]
                b[f"{k}_kumulatif"] = kum[k]
        return self.bulan

    def per_triwulan(self, baris):
        """Planned JP of the lines of each quarter vs the JP credited in its months."""
        tw = [{"label": f"Triwulan {q}", "triwulan": q, "rencana": 0, "realisasi": 0, "item": 0} for q in range(1, 5)]
        for it in baris:
            tw[it["triwulan"] - 1]["rencana"] += it["jp_rencana"]
            tw[it["triwulan"] - 1]["item"] += 1
        for i, b in enumerate(self.bulan):
            tw[i // 3]["realisasi"] += b["jp_kredit"]
        for t in tw:
            t["persen"] = _persen(t["realisasi"], t["rencana"])
        return tw

    def per_opd(self, nama_opd):
        hasil = [{"opd_id": opd, "label": nama_opd.get(opd, TANPA_OPD), **v, "rencana": v["jp_rencana"],
                  "realisasi": v["jp_kredit"], "persen_terlatih": _persen(v["terlatih"], v["target"]),
                  "persen_jp": _persen(v["jp_kredit"], v["jp_rencana"])}
                 for opd, v in self.opd.items() if self.cocok(opd)]
        return sorted(hasil, key=lambda r: (r["label"] == TANPA_OPD, r["label"]))


def _luar_rencana(rows, *, total, dalam):
    """Programmes outside the plan (by name, largest first) and the rest (self-reports, mentoring) with their share
    of all JP credited in the plan year (``rows``: per programme, already narrowed to the OPD by the query)."""
    per = defaultdict(lambda: {"jp": 0, "kredit": 0})
    for pid, judul, jp, n in rows:
        per[(pid, judul)]["jp"] += jp
        per[(pid, judul)]["kredit"] += n
    daftar = sorted(({"program_id": pid, "judul": judul, **v} for (pid, judul), v in per.items()),
                    key=lambda r: (-r["jp"], r["judul"]))
    jp_program = sum(r["jp"] for r in daftar)
    jp_lain = max(total - dalam - jp_program, 0)
    for r in daftar:
        r["persen"] = _persen(r["jp"], total)
    return {"program": daftar[:BATAS_LUAR_RENCANA], "program_lain": max(len(daftar) - BATAS_LUAR_RENCANA, 0),
            "jp_program": jp_program, "jp_lain": jp_lain, "jp": jp_program + jp_lain,
            "persen": _persen(jp_program + jp_lain, total), "persen_program": _persen(jp_program, total),
            "persen_lain": _persen(jp_lain, total)}


def realisasi_siklus(*, siklus, opd_id=None, today=None):
    """The realisation of ``siklus``'s plan: per line, per OPD, per month and per quarter, and what was learnt
    outside the plan. ``opd_id`` (a top-level unit of the instansi) narrows everything to that OPD's people.
    Six queries whatever the size."""
    today = today or timezone.localdate()
    opd_list, akar = _opd(siklus.instansi_id)
    nama_opd = dict(opd_list)
    if opd_id not in nama_opd:
        opd_id = None

    def cocok(opd):
        return opd_id is None or opd == opd_id

    items = list(RencanaItem.objects.filter(siklus=siklus).order_by("nomor", "id").values(
        "id", "nomor", "nama_program", "triwulan", "jp", "total_biaya", "realisasi_biaya", "bentuk__kode"))
    program = list(ProgramPelatihan.objects.filter(rencana_item__siklus=siklus)
                   .exclude(status=ProgramPelatihan.Status.BATAL)
                   .values("id", "rencana_item_id", "status", "judul")
                   .annotate(mulai=Min("sesi__tanggal"), akhir=Max("sesi__tanggal")).order_by("id"))
    data = _baca(siklus, akar=akar, opd_id=opd_id, unit_ids=[u for u, a in akar.items() if a == opd_id])
    h = _Hitung(tahun=siklus.tahun, items=items, akar=akar, cocok=cocok)
    h.target(data["target"])
    h.kredit(data["kredit"])
    h.program(program, today)
    baris = h.baris(opd_id is None)
    bulan = h.per_bulan(baris)
    dalam = sum(b["jp_kredit"] for b in bulan)
    total = sum(jp for unit_id, jp in data["total"] if cocok(akar.get(unit_id)))
    r = {"item": len(baris), "dimulai": sum(it["dimulai"] for it in baris),
         "selesai": sum(it["selesai"] for it in baris), "target": sum(it["target"] for it in baris),
         "terlatih": sum(it["terlatih"] for it in baris), "jp_rencana": sum(it["jp_rencana"] for it in baris),
         "jp_kredit": dalam, "jp_total": total, "persen_dalam": _persen(dalam, total)}
    r.update(persen_dimulai=_persen(r["dimulai"], r["item"]), persen_selesai=_persen(r["selesai"], r["item"]),
             persen_terlatih=_persen(r["terlatih"], r["target"]), persen_jp=_persen(r["jp_kredit"], r["jp_rencana"]))
    return {"siklus": siklus, "tahun": siklus.tahun, "opd_id": opd_id, "opd_nama": nama_opd.get(opd_id),
            "opd_list": opd_list, "baris": baris, "per_opd": h.per_opd(nama_opd), "bulan": bulan,
            "triwulan": h.per_triwulan(baris), "r": r,
            "luar": _luar_rencana(data["luar"], total=total, dalam=dalam)}


def _pns_capai(*, siklus):
    """(PNS and CPNS active, of whom at or above their JP target in the plan year). PPPK are not counted: the 20 JP
    floor is a PNS rule (docs/domain.md §4.1). Two queries."""
    aturan = aturan_jp(instansi_id=siklus.instansi_id)
    target = {j: aturan.get(j, (None, None))[0] for j in ref.JENIS_PNS}
    target = {j: t for j, t in target.items() if t is not None}
    if not target:
        return 0, 0
    kasus = " ".join("WHEN %s THEN %s" for _ in target)
    sql = f"""
        SELECT COUNT(*), COUNT(*) FILTER (WHERE COALESCE(r.total, 0) >= CASE p.jenis_asn {kasus} END)
        FROM pembinaan_pegawai p
        LEFT JOIN pelatihan_rekapjp r ON r.pegawai_id = p.id AND r.tahun = %s
        WHERE p.instansi_id = %s AND p.status = %s AND p.jenis_asn IN ({", ".join("%s" for _ in target)})
    """
    args = [x for j, t in target.items() for x in (j, t)] + [siklus.tahun, siklus.instansi_id,
                                                             ref.StatusPegawai.AKTIF, *target]
    with connection.cursor() as cur:
        cur.execute(sql, args)
        n, capai = cur.fetchone()
    return n, capai


def _profil_tertutup():
    """The assessment that closes a competency need (``OuterRef``: the need): at or above the standard level,
    dated on or after the day the need was recorded."""
    return ProfilKompetensi.objects.filter(pegawai_id=OuterRef("pegawai_id"), kompetensi_id=OuterRef("kompetensi_id"),
                                           level__gte=OuterRef("level_standar"),
                                           tanggal_asesmen__gte=OuterRef("dibuat__date"))


def monev_siklus(*, siklus, today=None):
    """The year-end monitoring and evaluation report of ``siklus``: the seven indicators of issue 11 §4 with their
    numerators and denominators, the realisation behind them, and the findings HR wrote. Fixed query count."""
    real = realisasi_siklus(siklus=siklus, today=today)
    r = real["r"]
    biaya = RencanaItem.objects.filter(siklus=siklus).aggregate(
        rencana=Sum("total_biaya"), realisasi=Sum("realisasi_biaya"),
        belum_diisi=Count("id", filter=Q(realisasi_biaya__isnull=True)))
    pns, pns_capai = _pns_capai(siklus=siklus)
    peserta = Peserta.objects.filter(program__rencana_item__siklus=siklus)
    kenaikan = peserta.filter(nilai_pre_test__isnull=False, nilai_post_test__isnull=False).aggregate(
        rata=Avg(F("nilai_post_test") - F("nilai_pre_test")), n=Count("id"))
    epp = EvaluasiPascaPelatihan.objects.filter(peserta__in=peserta, diisi_pada__isnull=False).aggregate(
        n=Count("id"), diterapkan=Count("id", filter=Q(penerapan__gte=PENERAPAN_DITERAPKAN)))
    gap_total, gap_tertutup, lanjutan = _hitung_kebutuhan(siklus)
    gap = {"total": gap_total, "tertutup": gap_tertutup}
    rupiah_rencana, rupiah_real = biaya["rencana"] or 0, biaya["realisasi"] or 0
    indikator = [
        {"kode": "item", "nama": "Item rencana terealisasi (selesai)", "bagian": r["selesai"], "dari": r["item"],
         "persen": r["persen_selesai"], "satuan": "item"},
        {"kode": "anggaran", "nama": "Realisasi anggaran", "bagian": rupiah_real, "dari": rupiah_rencana,
         "persen": _persen(float(rupiah_real), float(rupiah_rencana)), "satuan": "rupiah",
         "catatan": (f"{biaya['belum_diisi']} item belum diisi realisasi biayanya" if biaya["belum_diisi"] else "")},
        {"kode": "peserta", "nama": "Peserta sasaran yang sudah dilatih", "bagian": r["terlatih"], "dari": r["target"],
         "persen": r["persen_terlatih"], "satuan": "orang"},
        {"kode": "pns20", "nama": "PNS mencapai target JP (20 JP)", "bagian": pns_capai, "dari": pns,
         "persen": _persen(pns_capai, pns), "satuan": "orang",
         "catatan": "PPPK tidak dihitung: target 20 JP berlaku bagi PNS."},
        {"kode": "kenaikan", "nama": "Rata-rata kenaikan nilai pre-test ke post-test",
         "nilai": round(kenaikan["rata"], 1) if kenaikan["rata"] is not None else None, "dari": kenaikan["n"],
         "satuan": "poin", "catatan": f"dari {kenaikan['n']} peserta dengan kedua nilai"},
        {"kode": "penerapan", "nama": "Evaluasi pascapelatihan yang melaporkan penerapan",
         "bagian": epp["diterapkan"], "dari": epp["n"], "persen": _persen(epp["diterapkan"], epp["n"]),
         "satuan": "evaluasi", "catatan": f"nilai penerapan {PENERAPAN_DITERAPKAN}–5 dari evaluasi yang sudah diisi"},
        {"kode": "kesenjangan", "nama": "Kesenjangan kompetensi yang tertutup", "bagian": gap["tertutup"],
         "dari": gap["total"], "persen": _persen(gap["tertutup"], gap["total"]), "satuan": "kebutuhan",
         "catatan": "dinilai ulang setelah kebutuhan dicatat, pada atau di atas level standar"},
    ]
    return {"siklus": siklus, "indikator": indikator, "realisasi": real, "biaya": biaya,
            "lanjutan": lanjutan}


def _belum_terpenuhi(siklus):
    """The cycle's accepted needs with a competency, annotated ``dilatih`` (trained by a programme linked to a line
    answering it) and ``tertutup`` (re-assessed at or above the standard since), keeping the unmet ones."""
    dilatih = Peserta.objects.filter(program__rencana_item__kebutuhan=OuterRef("pk"),
                                     pegawai_id=OuterRef("pegawai_id"), kredit__isnull=False)
    return (Kebutuhan.objects.filter(siklus=siklus, kompetensi__isnull=False,
                                     status__in=[Kebutuhan.Status.DIVERIFIKASI, Kebutuhan.Status.MASUK_RENCANA])
            .annotate(dilatih=Exists(dilatih), tertutup=Exists(_profil_tertutup()))
            .filter(Q(dilatih=False) | Q(sumber=Kebutuhan.Sumber.KOMPETENSI, level_standar__isnull=False,
                                         tertutup=False)))


# The monev's two counts over the cycle's needs, set-based (the ORM's EXISTS per need, under an OR, ran as a subplan
# per row: 19,000 index probes per count at 25k employees): competency-gap needs and how many were closed, and the
# employee × competency pairs carried to the next cycle. Same rules as ``_belum_terpenuhi`` / ``_profil_tertutup``
# (a test holds the count equal to ``len(kebutuhan_lanjutan())``).
_SQL_HITUNG_KEBUTUHAN = f"""
    WITH k AS (
        SELECT id, pegawai_id, kompetensi_id, sumber, level_standar, status,
               (dibuat AT TIME ZONE %s)::date AS tanggal
        FROM {_T_KEB} WHERE siklus_id = %s
    ), dilatih AS (
        SELECT DISTINCT ik.kebutuhan_id AS id
        FROM {_T_ITEM} i JOIN {_T_M2M} ik ON ik.rencanaitem_id = i.id
        JOIN k ON k.id = ik.kebutuhan_id
        JOIN pelatihan_programpelatihan pr ON pr.rencana_item_id = i.id
        JOIN pelatihan_peserta ps ON ps.program_id = pr.id AND ps.pegawai_id = k.pegawai_id
        JOIN pelatihan_kreditjp kj ON kj.peserta_id = ps.id
        WHERE i.siklus_id = %s
    ), tertutup AS (
        SELECT DISTINCT k.id
        FROM k JOIN pembinaan_profilkompetensi pk ON pk.pegawai_id = k.pegawai_id
            AND pk.kompetensi_id = k.kompetensi_id AND pk.level >= k.level_standar AND pk.tanggal_asesmen >= k.tanggal
        WHERE k.level_standar IS NOT NULL
    )
    SELECT
        COUNT(*) FILTER (WHERE k.sumber = %s AND k.level_standar IS NOT NULL),
        COUNT(*) FILTER (WHERE k.sumber = %s AND k.level_standar IS NOT NULL AND t.id IS NOT NULL),
        COUNT(DISTINCT (k.pegawai_id, k.kompetensi_id)) FILTER (
            WHERE k.kompetensi_id IS NOT NULL AND k.status IN (%s, %s)
              AND (d.id IS NULL OR (k.sumber = %s AND k.level_standar IS NOT NULL AND t.id IS NULL)))
    FROM k LEFT JOIN dilatih d ON d.id = k.id LEFT JOIN tertutup t ON t.id = k.id
"""


def _hitung_kebutuhan(siklus):
    """(competency-gap needs, of which closed, pairs carried to the next cycle). One query."""
    from django.conf import settings

    komp = Kebutuhan.Sumber.KOMPETENSI
    with connection.cursor() as cur:
        cur.execute(_SQL_HITUNG_KEBUTUHAN, [settings.TIME_ZONE, siklus.pk, siklus.pk, komp, komp,
                                           Kebutuhan.Status.DIVERIFIKASI, Kebutuhan.Status.MASUK_RENCANA, komp])
        return cur.fetchone()


def jumlah_kebutuhan_lanjutan(*, siklus):
    """How many employee × competency pairs ``kebutuhan_lanjutan`` carries over (one query, counted in the
    database)."""
    return _hitung_kebutuhan(siklus)[2]


def kebutuhan_lanjutan(*, siklus):
    """The needs of ``siklus`` still unmet, to pre-fill the next cycle (issue 11 §4: "unmet needs … pre-fill cycle
    N+2"; pelatihan/services/kebutuhan.py carries them as source ``lanjutan``): every need with a competency that was
    accepted (verified or taken into the plan) whose employee was not trained by a programme linked to a line
    answering it — or, for a competency gap, who was trained but not re-assessed at or above the standard since.
    One row per employee × competency (the next cycle holds one ``lanjutan`` need per pair). One query; plain dicts
    ``{"sumber_ref_id", "kebutuhan_id", "pegawai_id", "kompetensi_id", "sumber", "alasan"}``."""
    qs = (_belum_terpenuhi(siklus)
          .values("id", "pegawai_id", "kompetensi_id", "sumber", "dilatih", "tertutup", "level_standar")
          .order_by("pegawai_id", "kompetensi_id", "id"))
    hasil, sudah = [], set()
    for k in qs:
        if not k["dilatih"]:
            alasan = "Belum mengikuti pelatihan yang direncanakan"
        elif k["sumber"] == Kebutuhan.Sumber.KOMPETENSI and k["level_standar"] is not None and not k["tertutup"]:
            alasan = "Sudah dilatih, belum dinilai ulang mencapai level standar"
        else:
            continue
        if (k["pegawai_id"], k["kompetensi_id"]) in sudah:
            continue
        sudah.add((k["pegawai_id"], k["kompetensi_id"]))
        hasil.append({"sumber_ref_id": k["id"], "kebutuhan_id": k["id"], "pegawai_id": k["pegawai_id"],
                      "kompetensi_id": k["kompetensi_id"], "sumber": k["sumber"], "alasan": alasan})
    return hasil
