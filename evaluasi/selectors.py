"""Reads for evaluation periods: HR and supervisor overviews, the distribution curve check, the dashboard
panel and the SIASN export. Every function issues a fixed number of queries whatever the headcount."""

from collections import defaultdict
from itertools import groupby

from django.db import connection
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import timezone

from pembinaan.models import Kompetensi, Pegawai, UnitKerja
from pembinaan.referensi import SIASN_GOLONGAN_ID, JenisJabatan, Jenjang, KategoriKompetensi, StatusPegawai
from pembinaan.templatetags.pembinaan_tags import label_nomor

from .models import (
    Evaluasi,
    Keberatan,
    PengaturanPengingat,
    PeriodeEvaluasi,
    PredikatOrganisasi,
    PredikatOrganisasiUnit,
)
from .predikat import SIASN_RATING, Predikat, Rating

# PredikatOrganisasi moved to evaluasi.models when the value became stored; selectors.PredikatOrganisasi still works.


def _pct(n, total):
    return round(100 * n / total, 1) if total else 0


class _Kurva:
    """One unit's distribution and the warnings found so far (the checks of ``cek_kurva``)."""

    def __init__(self, n, unit):
        self.n = n
        total = sum(n.values())
        self.pct = {p: 100 * v / total for p, v in n.items()}
        self.label = dict(Predikat.choices)
        self.unit = unit
        self.out = []

    def paling_banyak(self, p, batas=70):
        self.maksimal(p, batas)
        if self.n[p] < max(self.n.values()):
            self.out.append(f"{self.label[p]} seharusnya predikat terbanyak untuk {self.unit} "
                            f"({self.label[p]} {self.pct[p]:.0f}%).")

    def minimal(self, ps, batas, nama):
        nilai = sum(self.pct[p] for p in ps)
        if nilai < batas:
            self.out.append(f"{nama} {nilai:.0f}% kurang dari minimal {batas}% untuk {self.unit}.")

    def maksimal(self, p, batas):
        if self.pct[p] > batas:
            self.out.append(f"{self.label[p]} {self.pct[p]:.0f}% melebihi batas {batas}% untuk {self.unit}.")


def _kurva_istimewa(k):
    k.paling_banyak(Predikat.SANGAT_BAIK)


def _kurva_baik(k):
    k.paling_banyak(Predikat.BAIK)
    if not (k.n[Predikat.BUTUH_PERBAIKAN] or k.n[Predikat.KURANG]):
        k.out.append(f"Harus ada pegawai berpredikat Butuh Perbaikan dan/atau Kurang untuk {k.unit}.")


def _kurva_butuh_perbaikan(k):
    k.minimal([Predikat.BUTUH_PERBAIKAN], 60, "Butuh Perbaikan")
    k.maksimal(Predikat.SANGAT_BAIK, 10)


def _kurva_kurang(k):
    k.minimal([Predikat.KURANG], 60, "Kurang/Misconduct")
    k.minimal([Predikat.BUTUH_PERBAIKAN], 10, "Butuh Perbaikan")
    k.maksimal(Predikat.SANGAT_BAIK, 10)


def _kurva_sangat_kurang(k):
    k.minimal([Predikat.SANGAT_KURANG], 60, "Sangat Kurang")
    k.minimal([Predikat.KURANG, Predikat.BUTUH_PERBAIKAN], 10, "Kurang dan/atau Butuh Perbaikan")
    if k.n[Predikat.SANGAT_BAIK]:
        k.out.append(f"Tidak boleh ada predikat Sangat Baik untuk {k.unit} ({k.n[Predikat.SANGAT_BAIK]} pegawai).")


_KURVA = {
    PredikatOrganisasi.ISTIMEWA: _kurva_istimewa,
    PredikatOrganisasi.BAIK: _kurva_baik,
    PredikatOrganisasi.BUTUH_PERBAIKAN: _kurva_butuh_perbaikan,
    PredikatOrganisasi.KURANG: _kurva_kurang,
    PredikatOrganisasi.SANGAT_KURANG: _kurva_sangat_kurang,
}


def cek_kurva(predikat_organisasi, distribusi):
    """Warnings (Indonesian) where the distribution of employee predikat breaks the SE MenPANRB 3/2023 curve
    for a unit whose organisational predikat is ``predikat_organisasi`` (docs/domain.md §6.4). A warning, never a
    block: an empty list means the distribution fits. ``distribusi`` maps ``Predikat`` values to counts."""
    org = PredikatOrganisasi(predikat_organisasi)
    n = {p: distribusi.get(p, 0) for p in Predikat.values}
    if not sum(n.values()):
        return []
    kurva = _Kurva(n, f"unit berpredikat {org.label}")
    _KURVA[org](kurva)
    return kurva.out


def _distribusi_rows(dist):
    total = sum(dist.values())
    return [{"predikat": p, "label": label, "n": dist.get(p, 0), "persen": _pct(dist.get(p, 0), total)}
            for p, label in Predikat.choices]


# Forms of a period counted per top-level unit (sub-units rolled up through a recursive CTE over the unit
# tree, which is small), status and predikat: one statement, a few hundred rows whatever the headcount.
_OVERVIEW_SQL = """
WITH RECURSIVE akar(id, akar_id) AS (
    SELECT id, id FROM pembinaan_unitkerja WHERE instansi_id = %s AND induk_id IS NULL
    UNION ALL
    SELECT u.id, a.akar_id FROM pembinaan_unitkerja u JOIN akar a ON u.induk_id = a.id
), hitung AS (
    SELECT {unit} AS unit_id, e.status, e.predikat, COUNT(*) AS n,
           COUNT(*) FILTER (WHERE e.penilai_id IS NULL) AS tanpa
    FROM evaluasi_evaluasi e {join}
    WHERE e.periode_id = %s
    GROUP BY 1, 2, 3
)
SELECT a.akar_id, h.status, h.predikat, SUM(h.n)::int, SUM(h.tanpa)::int
FROM hitung h LEFT JOIN akar a ON a.id = h.unit_id
GROUP BY 1, 2, 3
"""


def _overview_sql():
    """Group by the unit recorded on the form when the period opened (indexed with the period: an
    index-only scan, no join with the employees)."""
    return _OVERVIEW_SQL.format(unit="e.unit_kerja_id", join="")


def _kosong():
    return {"total": 0, "diajukan": 0, "draf": 0, "belum": 0, "terlambat": 0, "tanpa_penilai": 0,
            "dist": defaultdict(int)}


def overview(*, periode, predikat_organisasi=None, coba=None, today=None, ambang=None):
    """HR overview of a period per top-level unit (sub-units rolled up): submitted / draft / not started /
    overdue (not submitted and today after the deadline), forms without an evaluator, and the predikat
    distribution of submitted forms with the curve warnings for the unit's organisational predikat
    (``predikat_organisasi``: unit id -> PredikatOrganisasi value; by default the values HR recorded for the
    period, Baik where none; ``coba``: values tried over the recorded ones, not stored;
    ``predikat_organisasi_tercatat`` says which were recorded). Two queries.

    ``ambang`` (a ``pembinaan.pengungkapan.Ambang``): the distribution as pimpinan may see it, protected by the
    disclosure rules with the evaluation threshold (see ``_lindungi_distribusi``); without it, exact numbers.

    The unit is the one recorded on the form if the model has it, else the employee's current unit."""
    today = today or timezone.localdate()
    lewat = today > periode.tenggat  # a draft period has no forms yet
    # The top-level units with the organisational predikat recorded for the period, in one query.
    org = PredikatOrganisasiUnit.objects.filter(periode=periode, unit_kerja=OuterRef("pk")).values("predikat")[:1]
    roots = list(UnitKerja.objects.filter(instansi_id=periode.instansi_id, induk__isnull=True)
                 .annotate(org=Subquery(org)).order_by("nama", "pk").values("id", "nama", "org"))
    tercatat = {r["id"]: r["org"] for r in roots if r["org"]}
    predikat_organisasi = tercatat | (coba or {}) if predikat_organisasi is None else predikat_organisasi
    per_root = defaultdict(_kosong)
    with connection.cursor() as cur:
        cur.execute(_overview_sql(), [periode.instansi_id, periode.pk])
        rows = cur.fetchall()
    for root_id, status, predikat, n, tanpa in rows:
        a = per_root[root_id]
        a["total"] += n
        a["tanpa_penilai"] += tanpa
        a[{Evaluasi.Status.DIAJUKAN: "diajukan", Evaluasi.Status.DRAF: "draf"}.get(status, "belum")] += n
        if status != Evaluasi.Status.DIAJUKAN and lewat:
            a["terlambat"] += n
        if status == Evaluasi.Status.DIAJUKAN and predikat:
            a["dist"][predikat] += n

    def baris(uid, nama):
        a = per_root.get(uid) or _kosong()
        org = predikat_organisasi.get(uid) or PredikatOrganisasi.BAIK
        if org not in PredikatOrganisasi.values:
            org = PredikatOrganisasi.BAIK
        return {"id": uid, "nama": nama, **{k: v for k, v in a.items() if k != "dist"},
                "persen_diajukan": _pct(a["diajukan"], a["total"]), "predikat_organisasi": org,
                "predikat_organisasi_tercatat": uid in tercatat, "dist": a["dist"],
                "predikat_organisasi_label": PredikatOrganisasi(org).label,
                "distribusi": _distribusi_rows(a["dist"]), "peringatan": cek_kurva(org, a["dist"])}

    units = [baris(r["id"], r["nama"]) for r in roots]
    units = [u for u in units if u["total"]]
    if None in per_root:
        units.append(baris(None, "Tanpa unit kerja"))
    total = _kosong()
    for a in per_root.values():
        for k in ("total", "diajukan", "draf", "belum", "terlambat", "tanpa_penilai"):
            total[k] += a[k]
        for p, n in a["dist"].items():
            total["dist"][p] += n
    total = {**{k: v for k, v in total.items() if k != "dist"}, "persen_diajukan": _pct(total["diajukan"],
                                                                                         total["total"]),
             "distribusi": _distribusi_rows(total["dist"])}
    if ambang is not None:
        _lindungi_distribusi(units, total, ambang)
    for u in units:
        del u["dist"]
    return {"unit": units, "total": total, "lewat_tenggat": lewat, "dilindungi": ambang is not None}


_BARIS_INSTANSI = "\0instansi"  # the instansi row's key among the unit ids


def _lindungi_distribusi(units, total, ambang):
    """Replace each distribution row by what pimpinan may see (issue 12 §2, pembinaan/pengungkapan.py): counts
    below k_evaluasi hidden, the breakdown only for units with n ≥ n_predikat, a unit all in one predikat hidden,
    complementary cells across the units and the instansi row. The submitted count per unit is on the same page,
    so the row totals are treated as known. A curve warning stays only where the unit's whole row is shown (it
    quotes the percentages)."""
    from pembinaan import pengungkapan

    kunci = [f"{u['id']}" for u in units]
    sel = pengungkapan.tabel_jumlah(
        "predikat", {k: {p: u["dist"].get(p, 0) for p in Predikat.values} for k, u in zip(kunci, units, strict=True)},
        instansi=_BARIS_INSTANSI, k=ambang.k_evaluasi, kategori=Predikat.values, homogen=True,
        n_rincian=ambang.n_predikat, total_terbuka=True)
    per_baris = defaultdict(dict)
    for s in sel:
        per_baris[s.unit][s.kategori] = s
    baris_instansi = per_baris[_BARIS_INSTANSI] if kunci else {}

    def ganti(tujuan, isi, jumlah):
        tujuan["distribusi"] = [
            {"predikat": p, "label": label, "n": isi[p].nilai if p in isi else 0,
             "tampil": isi[p].tampil if p in isi else "0", "disembunyikan": p in isi and isi[p].disembunyikan,
             "alasan": isi[p].alasan if p in isi else "",
             "persen": _pct(isi[p].nilai, jumlah) if p in isi and not isi[p].disembunyikan else None}
            for p, label in Predikat.choices]
        tersembunyi = [d for d in tujuan["distribusi"] if d["disembunyikan"]]
        tujuan["rincian_tersembunyi"] = bool(tersembunyi)
        tujuan["keterangan_rincian"] = ""
        if len(tersembunyi) == len(tujuan["distribusi"]):
            alasan = tersembunyi[0]["alasan"]
            tujuan["keterangan_rincian"] = (
                f"rincian tidak ditampilkan: kurang dari {ambang.n_predikat} evaluasi diajukan"
                if alasan.startswith("basis") else pengungkapan.RINCIAN_TIDAK_DITAMPILKAN)

    for k, u in zip(kunci, units, strict=True):
        ganti(u, per_baris[k], u["diajukan"])
        if u["rincian_tersembunyi"]:
            u["peringatan"] = []
    if baris_instansi:
        ganti(total, baris_instansi, total["diajukan"])
    else:
        ganti(total, {}, 0)


def predikat_organisasi_periode(*, periode):
    """{top-level unit id: PredikatOrganisasi value} HR recorded for the period. One query.

    The transparency snapshot (issue 12) publishes these per OPD: an organisation's result, not a person's."""
    return dict(PredikatOrganisasiUnit.objects.filter(periode=periode).values_list("unit_kerja_id", "predikat"))


def predikat_organisasi_daftar(*, periode):
    """[(top-level unit id, unit name, PredikatOrganisasi label)] recorded for the period, by unit name. One query."""
    label = dict(PredikatOrganisasi.choices)
    return [(uid, nama, label[p]) for uid, nama, p in
            PredikatOrganisasiUnit.objects.filter(periode=periode).order_by("unit_kerja__nama", "unit_kerja_id")
            .values_list("unit_kerja_id", "unit_kerja__nama", "predikat")]


def unit_puncak(*, instansi_id):
    """The instansi's top-level units (the OPDs an organisational predikat is recorded for): {id: name}. One query."""
    return dict(UnitKerja.objects.filter(instansi_id=instansi_id, induk__isnull=True).values_list("id", "nama"))


def tanpa_penilai(*, periode):
    """Forms of the period with no evaluator (no atasan, or an inactive one), not yet submitted."""
    return (Evaluasi.objects.filter(periode=periode, penilai__isnull=True).exclude(status=Evaluasi.Status.DIAJUKAN)
            .select_related("pegawai__unit_kerja", "pegawai__jabatan").order_by("pegawai__nama", "pk"))


def penilai_pelaksana(*, periode, batas=200):
    """Forms of the period not yet submitted whose evaluator holds a pelaksana jabatan (docs/domain.md §6.2: at least a
    pejabat pengawas), evaluator by evaluator, for HR to check or reassign. One query; at most ``batas`` rows
    (``penilai_pelaksana_jumlah`` counts them all)."""
    return list(_pelaksana_qs(periode).select_related("pegawai", "penilai__jabatan")
                .order_by("penilai__nama", "penilai_id", "pegawai__nama", "pk")[:batas])


def penilai_pelaksana_jumlah(*, periode):
    """(evaluators, forms) whose evaluator is pelaksana in the period, not yet submitted. One query."""
    hasil = _pelaksana_qs(periode).aggregate(penilai=Count("penilai_id", distinct=True), formulir=Count("id"))
    return hasil["penilai"], hasil["formulir"]


def _pelaksana_qs(periode):
    return (Evaluasi.objects.filter(periode=periode, penilai__jabatan__jenis=JenisJabatan.PELAKSANA)
            .exclude(status=Evaluasi.Status.DIAJUKAN))


def penilai_ringkas(*, penilai, today=None):
    """A supervisor's own forms: per period, counts by status and the forms of open periods. Two queries."""
    today = today or timezone.localdate()
    counts = (Evaluasi.objects.filter(penilai=penilai).order_by()
              .values_list("periode_id", "status").annotate(n=Count("id")))
    per = defaultdict(lambda: {"diajukan": 0, "draf": 0, "belum": 0})
    for periode_id, status, n in counts:
        per[periode_id][{Evaluasi.Status.DIAJUKAN: "diajukan", Evaluasi.Status.DRAF: "draf"}.get(status, "belum")] += n
    periode = {p.pk: p for p in PeriodeEvaluasi.objects.filter(pk__in=list(per)).order_by("-mulai")} if per else {}
    out = []
    for p in sorted(periode.values(), key=lambda p: p.mulai, reverse=True):
        c = per[p.pk]
        lewat = p.status == PeriodeEvaluasi.Status.DIBUKA and today > p.tenggat
        out.append({"periode": p, **c, "total": sum(c.values()),
                    "terlambat": c["draf"] + c["belum"] if lewat else 0})
    return out


def evaluasi_ringkas(*, instansi, today=None, ambang=None):
    """Dashboard panel: the latest open period of the instansi with submitted / pending / overdue counts and
    the predikat distribution of submitted forms; None without an open period. Two queries.

    ``ambang``: the distribution protected by the disclosure rules (the dashboard is pimpinan's too): a count
    below k_evaluasi hidden with its complement, nothing below n_predikat submitted forms, one predikat for all
    hidden."""
    today = today or timezone.localdate()
    periode = (PeriodeEvaluasi.objects.filter(instansi=instansi, status=PeriodeEvaluasi.Status.DIBUKA)
               .order_by("-mulai", "-pk").first())
    if periode is None:
        return None
    dist = defaultdict(int)
    diajukan = menunggu = 0
    for status, predikat, n in (Evaluasi.objects.filter(periode=periode).order_by()
                                .values_list("status", "predikat").annotate(n=Count("id"))):
        if status == Evaluasi.Status.DIAJUKAN:
            diajukan += n
            if predikat:
                dist[predikat] += n
        else:
            menunggu += n
    total = diajukan + menunggu
    distribusi = _distribusi_rows(dist) if ambang is None else _distribusi_terlindungi(dist, ambang)
    return {"periode": periode, "total": total, "diajukan": diajukan, "menunggu": menunggu,
            "terlambat": menunggu if today > periode.tenggat else 0, "persen_diajukan": _pct(diajukan, total),
            "distribusi": distribusi, "ada_tersembunyi": any(d.get("disembunyikan") for d in distribusi)}


def _distribusi_terlindungi(dist, ambang):
    """One unit's (here: the instansi's) distribution rows as the disclosure rules let anyone see them."""
    from pembinaan import pengungkapan

    sel = {s.kategori: s for s in pengungkapan.tabel_jumlah(
        "predikat", {_BARIS_INSTANSI: {p: dist.get(p, 0) for p in Predikat.values}}, instansi=_BARIS_INSTANSI,
        k=ambang.k_evaluasi, kategori=Predikat.values, homogen=True, n_rincian=ambang.n_predikat,
        total_terbuka=True)}
    jumlah = sum(dist.values())
    return [{"predikat": p, "label": label, "n": sel[p].nilai, "tampil": sel[p].tampil,
             "disembunyikan": sel[p].disembunyikan, "alasan": sel[p].alasan,
             "persen": None if sel[p].disembunyikan else _pct(sel[p].nilai, jumlah)}
            for p, label in Predikat.choices]


# SIASN reference periodik (docs/domain.md §6.5): 1 = Bulanan, 2 = Triwulanan. Annual results live in rw_skp22.
SIASN_PERIODIK = {PeriodeEvaluasi.Jenis.BULANAN: (1, "Bulanan"), PeriodeEvaluasi.Jenis.TRIWULANAN: (2, "Triwulanan")}
# Column names as SIASN's tables spell them (docs/domain.md §6.8: rw_kinerjaperiodik and rw_skp22, including SIASN's own
# "koefisenId", "kuadranNilai" for periodic and "KuadranKinerjaNilai" for annual results).
KOLOM_PERIODIK = ["tahun", "periodikId", "periodikNama", "nip", "nama", "hasilKinerja", "hasilKinerjaNilai",
                  "perilakuKerja", "PerilakuKerjaNilai", "kuadranKinerja", "kuadranNilai", "persentase", "koefisenId",
                  "kriteria", "namaPenilai", "nipNrpPenilai", "penilaiGolonganId", "penilaiJabatanNm", "penilaiUnorNm",
                  "statusPenilai", "unorId", "unorNama"]
KOLOM_SKP22 = ["tahun", "pnsDinilaiId", "nip", "nama", "hasilKinerja", "hasilKinerjaNilai", "perilakuKerja",
               "PerilakuKerjaNilai", "kuadranKinerja", "KuadranKinerjaNilai", "namaPenilai", "nipNrpPenilai",
               "penilaiGolonganId", "penilaiJabatanNm", "penilaiUnorNm", "statusPenilai", "unorNama"]

# Numeric kuadran (predikat) value: 1 Sangat Baik, 2 Baik, 3 Butuh Perbaikan, 4 Kurang/Misconduct, 5 Sangat Kurang.
# Inferred [P]: rumahASN's getKuadran gives 1 for Di Atas/Di Atas, 2 for Sesuai/Sesuai (and Di Atas/Sesuai), 5 for
# Di Bawah/Di Bawah, 3 otherwise; the order follows the five predikat of the matrix (docs/domain.md §6.3), so the
# Kurang/Misconduct cells (perilaku Di Bawah) are 4 here, as the predikat stored on the form says.
SIASN_KUADRAN = {Predikat.SANGAT_BAIK: 1, Predikat.BAIK: 2, Predikat.BUTUH_PERBAIKAN: 3, Predikat.KURANG: 4,
                 Predikat.SANGAT_KURANG: 5}
# Angka kredit of jabatan fungsional (docs/domain.md §3.4, refKoefisien): per jenjang the SIASN id prefix and the annual
# koefisien ("kriteria"); the predikat sets the percentage of it. SIASN's ids end in the kuadran value (12 = Ahli
# Pertama, Baik); the endings other than 2 are inferred from that pattern [Predikat].
KOEFISIEN_JENJANG = {
    Jenjang.AHLI_PERTAMA: (1, 12.5), Jenjang.AHLI_MUDA: (2, 25.0), Jenjang.AHLI_MADYA: (3, 37.5),
    Jenjang.AHLI_UTAMA: (4, 50.0), Jenjang.PEMULA: (5, 3.75), Jenjang.TERAMPIL: (6, 5.0), Jenjang.MAHIR: (7, 12.5),
    Jenjang.PENYELIA: (8, 25.0),
}
PERSENTASE_PREDIKAT = {1: 150, 2: 100, 3: 75, 4: 50, 5: 25}
# SIASN golongan id of a PNS golongan/ruang (docs/domain.md §2.1); PPPK golongan have no id in our reference data.
SIASN_GOLONGAN_ID_DARI_KODE = {kode: gid for gid, kode in SIASN_GOLONGAN_ID.items()}
STATUS_PENILAI_ASN = "ASN"  # every evaluator this system records is an employee of the instansi


def _angka_kredit(jenjang, kuadran):
    """(persentase, koefisenId, kriteria) of a jabatan fungsional's result; blanks for any other jabatan."""
    if jenjang not in KOEFISIEN_JENJANG or not kuadran:
        return "", "", ""
    awalan, koefisien = KOEFISIEN_JENJANG[jenjang]
    return PERSENTASE_PREDIKAT[kuadran], awalan * 10 + kuadran, koefisien


def ekspor_siasn(*, periode):
    """Headers and rows of a period's submitted forms in the SIASN shape (docs/domain.md §6.8): rw_kinerjaperiodik for
    monthly and quarterly periods, rw_skp22 (annual) columns for an annual period. One query.

    Where the data comes from: the evaluator (name, NIP, jabatan, unit, golongan) as recorded when the period
    opened (or at reassignment); pnsDinilaiId is the employee's SIASN PNS ID (blank where the import carried
    none); unorId the SIASN id of the unit recorded on the form (blank where unknown); koefisien, persentase and
    kriteria from the employee's current jabatan fungsional jenjang (blank for other jabatan: no angka kredit);
    penilaiGolonganId blank for a PPPK evaluator (no SIASN id in our reference data); statusPenilai "ASN"."""
    rating = dict(Rating.choices)
    label = dict(Predikat.choices)
    tahunan = periode.jenis == PeriodeEvaluasi.Jenis.TAHUNAN
    headers = KOLOM_SKP22 if tahunan else KOLOM_PERIODIK
    periodik = SIASN_PERIODIK.get(periode.jenis)
    qs = (Evaluasi.objects.filter(periode=periode, status=Evaluasi.Status.DIAJUKAN)
          .values_list("pegawai__nip", "pegawai__nama", "pegawai__pns_id", "pegawai__jabatan__jenjang",
                       "rating_hasil_kerja", "rating_perilaku_kerja", "predikat", "penilai_id", "penilai_nama",
                       "penilai_nip", "penilai_golongan", "penilai_jabatan", "penilai_unit",
                       "unit_kerja__siasn_unor_id", "unit_kerja__nama")
          .order_by("pegawai__nama", "pk"))

    def rows():
        for (nip, nama, pns_id, jenjang, hasil, perilaku, pred, penilai_id, p_nama, p_nip, p_gol, p_jab, p_unit,
             unor_id, unor) in qs.iterator(chunk_size=2000):
            kuadran = SIASN_KUADRAN.get(pred, "")
            nilai = [rating.get(hasil, ""), SIASN_RATING.get(hasil, ""), rating.get(perilaku, ""),
                     SIASN_RATING.get(perilaku, ""), label.get(pred, ""), kuadran]
            penilai = [p_nama, p_nip, SIASN_GOLONGAN_ID_DARI_KODE.get(p_gol, ""), p_jab, p_unit,
                       STATUS_PENILAI_ASN if penilai_id else ""]
            if tahunan:
                yield [periode.selesai.year, pns_id, nip, nama, *nilai, *penilai, unor or ""]
            else:
                yield [periode.selesai.year, periodik[0], periodik[1], nip, nama, *nilai,
                       *_angka_kredit(jenjang, kuadran), *penilai, unor_id or "", unor or ""]

    return headers, rows()


# ------------------------------------------------------------------------- the employee's home (evaluasi/beranda.py)

def formulir_terbuka_per_periode(qs):
    """The evaluator's forms in ``qs`` (``evaluasi_isi_scope``) not yet submitted, per open period, the nearest
    deadline first: [{"periode_id", "periode__nama", "periode__tenggat", "jumlah"}]. One query."""
    return list(qs.filter(periode__status=PeriodeEvaluasi.Status.DIBUKA).exclude(status=Evaluasi.Status.DIAJUKAN)
                .values("periode_id", "periode__nama", "periode__tenggat").annotate(jumlah=Count("pk"))
                .order_by("periode__tenggat", "periode_id"))


def hasil_baru(qs, *, sejak):
    """How many of the employee's results in ``qs`` (``hasil_scope``) were submitted since ``sejak``. One query."""
    return qs.filter(diajukan_pada__gte=sejak).count()


def keberatan_menunggu(qs):
    """How many objections in ``qs`` (``keberatan_pemutus_scope``) still wait for a decision. One query."""
    from .models import Keberatan

    return qs.filter(status=Keberatan.Status.DIAJUKAN).count()


# ---------------------------------------------------------------------------- forms and pages

def katalog_kompetensi(instansi):
    """Competencies that may be recommended: the shared ones plus the instansi's own teknis ones."""
    return Kompetensi.objects.filter(
        Q(instansi__isnull=True) | Q(instansi=instansi, kategori=KategoriKompetensi.TEKNIS)
    ).order_by("kategori", "kode")


def periode_sama_ada(*, instansi, jenis, mulai):
    """A period of this kind starting that day exists already in the instansi."""
    return PeriodeEvaluasi.objects.filter(instansi=instansi, jenis=jenis, mulai=mulai).exists()


def pegawai_aktif_dengan_nip(*, instansi, nip):
    return Pegawai.objects.filter(instansi=instansi, nip=nip, status=StatusPegawai.AKTIF).first()


def pegawai_dengan_nip(*, instansi, nip):
    return Pegawai.objects.filter(instansi=instansi, nip=nip).first()


def pengaturan_pengingat(*, instansi):
    """The instansi's reminder settings, or an unsaved row with the defaults."""
    return PengaturanPengingat.objects.filter(instansi=instansi).first() or PengaturanPengingat(instansi=instansi)


def formulir_penilai(qs):
    """The evaluator's forms (``qs``: their fill scope) in open periods, grouped per period with counts per status."""
    rows = list(qs.filter(periode__status=PeriodeEvaluasi.Status.DIBUKA)
                .select_related("periode", "pegawai__unit_kerja", "pegawai__jabatan")
                .order_by("periode__tenggat", "periode_id", "pegawai__nama", "pk"))
    hasil = []
    for periode, items in groupby(rows, key=lambda ev: ev.periode):
        items = list(items)
        hasil.append({"periode": periode, "evaluasi": items,
                      "jumlah": {s: sum(1 for ev in items if ev.status == s) for s in Evaluasi.Status.values}})
    return hasil


def evaluasi_halaman(scope):
    """The forms of ``scope`` (an access scope) with what the form page shows (identity, period, evaluator). The
    scope is a ``pk IN (...)`` subquery: filtered directly, its DISTINCT over an OR across the objection join and
    the page's six joins took PostgreSQL ~30 ms to plan on every opening and save (issue 14 §2, `make load`)."""
    return Evaluasi.objects.select_related("periode__instansi", "pegawai__unit_kerja", "pegawai__jabatan",
                                           "penilai").filter(pk__in=scope.values("pk"))


def evaluasi_lengkap(pk):
    """One form with what its pages show (identity, period, evaluator)."""
    return Evaluasi.objects.select_related("periode", "pegawai__unit_kerja", "pegawai__jabatan", "penilai").get(pk=pk)


def hasil_pegawai(qs):
    """The employee's submitted results (``qs``: their hasil scope), newest first, with any objection."""
    rows = list(qs.select_related("periode", "keberatan", "penilai")
                .prefetch_related("rekomendasi").order_by("-periode__mulai", "-pk"))
    for ev in rows:
        ev.keberatan_saya = getattr(ev, "keberatan", None)  # RelatedObjectDoesNotExist is an AttributeError
    return rows


def keberatan_pemutus_list(qs):
    return qs.select_related("evaluasi__periode", "evaluasi__pegawai__unit_kerja").order_by("-diajukan_pada")


def keberatan_hr_list(qs, *, tanpa_pemutus, batas=500):
    """The instansi's objections (``qs``: the HR scope), those without a decider first."""
    rows = qs.select_related("evaluasi__periode", "evaluasi__pegawai__unit_kerja", "pemutus")
    if tanpa_pemutus:
        rows = rows.filter(pemutus__isnull=True)
    return rows.order_by(F("pemutus").asc(nulls_first=True), "-diajukan_pada")[:batas]


def keberatan_terbuka_ada(evaluasi):
    return Keberatan.objects.filter(evaluasi=evaluasi, status=Keberatan.Status.DIAJUKAN).exists()


def berjabatan_pelaksana(penilai):
    """The evaluator's jabatan is pelaksana: PermenPANRB 6/2022 Pasal 1 wants at least a pejabat pengawas (or an
    official with delegated authority), docs/domain.md §6.2. A warning for HR, never a block (a Plt may be one)."""
    jabatan = getattr(penilai, "jabatan", None)
    return jabatan is not None and jabatan.jenis == JenisJabatan.PELAKSANA


def peringatan_penilai(penilai):
    """The Indonesian warning for an evaluator who is not at least a pengawas, or None."""
    if not berjabatan_pelaksana(penilai):
        return None
    return (f"{penilai.nama_lengkap} ({label_nomor(penilai)} "
            f"{penilai.nip}) berjabatan pelaksana ({penilai.jabatan.nama}). Pejabat penilai kinerja paling rendah "
            "pejabat pengawas atau pejabat lain yang diberi delegasi (PermenPANRB 6/2022); periksa kembali "
            "penetapan ini.")
