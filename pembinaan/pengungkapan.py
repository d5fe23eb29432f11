"""Statistical disclosure control for everything that leaves the system as an aggregate (issue 12).

UU 14/2008 (KIP) Pasal 17 huruf h excepts any person's evaluation results; UU 27/2022 (PDP) Pasal 1
counts data that identifies a person "in combination with other information" as personal data. A
small cell of an aggregate table is such a combination, so the public transparency page, its
downloads and pimpinan's overviews publish numbers only through this module (docs/domain.md §9).
Pure Python: no database, no Django import except ``Ambang.dari_settings``.

The rules (issue 12 §2, RESEARCH-NEXT B.3):

- Primary: a count in 1..k−1 is shown as "< k" (k = 5 for training/JP/participation, k = 10 for
  anything derived from evaluations). Zero is shown: it identifies nobody.
- Base: a percentage, mean or median is not shown when its base is below k; a percentage is also
  hidden when its numerator or the complement (base − numerator) is in 1..k−1, since with the base
  published either gives the small count back. A predikat breakdown is shown only for units with
  n ≥ 20 (``n_rincian``).
- Homogeneity: when every member of a unit falls in one category, the whole breakdown of that row
  is hidden ("rincian tidak ditampilkan"); its zeros too, otherwise total − zeros = the cell.
- Dominance (sums such as total JP): hidden when fewer than k contributors, or when the two largest
  contributors hold ≥ 85 % of the sum (nk rule, n = 2).
- Complementary: a table is OPD rows × categories, with a row total per OPD ("Jumlah") and the
  instansi row holding the column totals; every row and every column is an equation the reader
  knows. After the primary rules, (1) a line with exactly one hidden cell gets its next smallest
  cell hidden, to a fixed point; (2) in the graph whose nodes are rows and columns and whose edges
  are hidden cells, a hidden cell is recoverable by *any* combination of the equations exactly when
  its edge is a bridge (writing the margins with a minus sign makes every row and column sum to 0,
  so the unknowns' null space is the cycle space), so each bridge gets a cell joining its two sides
  hidden; (3) an attacker simulation (exact linear elimination plus the bounds a reader knows: a
  "< k" cell is in 1..k−1, every count ≥ 0) runs over what would be published, and any cell it
  pins down gets a neighbour hidden, until it pins down none. Complementary cells are chosen among
  inner cells before margins and non-zero cells before zeros (a hidden zero protects little: a line
  whose hidden cells sum to 0 gives them all away).
- Consistency: a published total whose parts include a hidden cell carries the mark "*" in
  ``tampil`` (``CATATAN_TANDA`` is the footnote); every other published total equals the sum of its
  published parts, because the module computes the margins itself.

``terbongkar(sel_list)`` runs the same attacker over published ``Sel`` objects only (what a crawler
sees) and returns the hidden cells it can recover; ``tidak_konsisten(sel_list)`` returns the
published totals that neither add up nor carry the mark. Tests, the snapshot builder and the crawl
test use both.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import ClassVar

__all__ = [
    "ALASAN_DOMINASI", "ALASAN_HOMOGEN", "ALASAN_SEKUNDER", "CATATAN_TANDA", "KATEGORI_TOTAL",
    "RINCIAN_TIDAK_DITAMPILKAN", "TANDA_MEMUAT", "UNIT_LAINNYA",
    "Ambang", "Sel", "format_angka", "gabung_unit_kecil", "median", "persen", "rata_rata",
    "sel_predikat", "tabel_jumlah", "tabel_total", "terbongkar", "tidak_konsisten",
]

KATEGORI_TOTAL = "Jumlah"
UNIT_LAINNYA = "Perangkat daerah lainnya"
TANDA_MEMUAT = "*"
CATATAN_TANDA = "* jumlah ini memuat sel yang disembunyikan"
RINCIAN_TIDAK_DITAMPILKAN = "rincian tidak ditampilkan"
ALASAN_SEKUNDER = "sekunder (mencegah pengurangan)"
ALASAN_DOMINASI = "dominasi"
ALASAN_HOMOGEN = "homogen"
KOSONG = "—"
_INF = math.inf
_EPS = 1e-9


@dataclass(frozen=True)
class Sel:
    """One published cell: what the public page, the CSV/JSON and pimpinan's views print."""

    indikator: str
    unit: str
    kategori: str
    jenis: str  # "jumlah" | "persen" | "median" | "rata_rata" | "predikat"
    nilai: float | int | str | None  # None when hidden
    disembunyikan: bool
    alasan: str  # "" when shown
    tampil: str  # what a human reads: "< 5", "—", "12", "45,5 %", "43*"

    KOLOM: ClassVar[tuple[str, ...]] = (
        "indikator", "unit", "kategori", "jenis", "nilai", "disembunyikan", "alasan", "tampil")

    def ke_dict(self):
        return {k: getattr(self, k) for k in self.KOLOM}

    @property
    def memuat_tersembunyi(self):
        """A published total some of whose parts are hidden."""
        return not self.disembunyikan and self.tampil.endswith(TANDA_MEMUAT)


@dataclass(frozen=True)
class Ambang:
    """The thresholds, from settings (TRANSPARANSI_*); ``pembinaan.checks`` refuses any below 3."""

    k_pelatihan: int = 5
    k_evaluasi: int = 10
    n_predikat: int = 20
    dominasi_persen: float = 85

    MINIMUM: ClassVar[int] = 3
    SETTING: ClassVar[dict[str, str]] = {
        "k_pelatihan": "TRANSPARANSI_K_PELATIHAN",
        "k_evaluasi": "TRANSPARANSI_K_EVALUASI",
        "n_predikat": "TRANSPARANSI_N_PREDIKAT",
        "dominasi_persen": "TRANSPARANSI_DOMINASI_PERSEN",
    }

    @classmethod
    def dari_settings(cls):
        from django.conf import settings

        bawaan = cls()
        return cls(**{f: getattr(settings, s, getattr(bawaan, f)) for f, s in cls.SETTING.items()})

    def galat(self):
        """(setting name, message) for every threshold a deployment may not use."""
        hasil = []
        for field, setting in self.SETTING.items():
            nilai = getattr(self, field)
            if not isinstance(nilai, int | float) or isinstance(nilai, bool) or nilai < self.MINIMUM:
                hasil.append((setting, f"{setting} = {nilai!r}: ambang pengungkapan tidak boleh kurang dari "
                                       f"{self.MINIMUM}."))
            elif field == "dominasi_persen" and nilai > 100:
                hasil.append((setting, f"{setting} = {nilai!r}: persentase dominasi paling besar 100."))
        return hasil


# ---------------------------------------------------------------- formatting


def format_angka(nilai, desimal=None):
    """Indonesian number: thousands with '.', decimals with ','. Whole numbers print without decimals."""
    if isinstance(nilai, Decimal):
        nilai = float(nilai)
    if desimal is None and (isinstance(nilai, int) or float(nilai).is_integer()):
        teks = f"{int(nilai):,}"
    else:
        teks = f"{float(nilai):,.{1 if desimal is None else desimal}f}"
    return teks.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _bersih(nilai):
    if isinstance(nilai, Decimal):
        nilai = float(nilai)
    if isinstance(nilai, float) and nilai.is_integer():
        return int(nilai)
    return nilai


def _kecil(nilai, k):
    return 0 < nilai < k


# ---------------------------------------------------------------- single cells


def persen(indikator, unit, kategori, pembilang, penyebut, *, k, pembilang_sel=None, desimal=1):
    """pembilang/penyebut as a percentage, or hidden (see the module docstring).

    ``pembilang_sel``: when the numerator is itself a published table cell, pass it; if it is hidden
    the percentage hides too (with the base published the percentage would give it back).
    """
    alasan = ""
    if penyebut < k:
        alasan = f"basis kurang dari {k}"
    elif _kecil(pembilang, k) or _kecil(penyebut - pembilang, k):
        alasan = f"kurang dari {k}"
    elif pembilang_sel is not None and pembilang_sel.disembunyikan:
        alasan = pembilang_sel.alasan
    if alasan:
        return Sel(indikator, unit, kategori, "persen", None, True, alasan, KOSONG)
    nilai = round(100 * pembilang / penyebut, desimal)
    return Sel(indikator, unit, kategori, "persen", nilai, False, "", f"{format_angka(nilai, desimal)} %")


def _statistik(jenis, fungsi, indikator, unit, kategori, nilai_list, k, desimal):
    nilai_list = [float(v) for v in nilai_list]
    if len(nilai_list) < k:
        return Sel(indikator, unit, kategori, jenis, None, True, f"basis kurang dari {k}", KOSONG)
    nilai = round(fungsi(nilai_list), desimal)
    return Sel(indikator, unit, kategori, jenis, _bersih(nilai), False, "", format_angka(nilai))


def median(indikator, unit, kategori, nilai_list, *, k, desimal=1):
    """The median of the values (one per person), hidden when fewer than k people."""
    return _statistik("median", statistics.median, indikator, unit, kategori, nilai_list, k, desimal)


def rata_rata(indikator, unit, kategori, nilai_list, *, k, desimal=1):
    """The mean of the values (one per person), hidden when fewer than k people."""
    return _statistik("rata_rata", statistics.fmean, indikator, unit, kategori, nilai_list, k, desimal)


def sel_predikat(indikator, unit, kategori, label):
    """An organisation's predikat (a label, not a count of people): published as it is."""
    return Sel(indikator, unit, kategori, "predikat", label, False, "", label)


def gabung_unit_kecil(jumlah_per_unit: Mapping[str, int], *, k, nama=UNIT_LAINNYA):
    """{unit: the row it is published under}: units with fewer than k members go to "Perangkat daerah lainnya"."""
    return {unit: (nama if n < k else unit) for unit, n in jumlah_per_unit.items()}


# ---------------------------------------------------------------- tables


@dataclass
class _Tersembunyi:
    alasan: str
    tampil: str
    bawah: float
    atas: float


class _Tabel:
    """OPD rows × categories with the instansi row (index 0) and, with ≥ 2 categories, the total column."""

    def __init__(self, unit, kategori, nilai):
        self.unit = unit  # [instansi, opd...]
        self.kategori = kategori
        self.ada_total = len(kategori) >= 2
        self.kolom = kategori + [KATEGORI_TOTAL] if self.ada_total else list(kategori)
        self.nilai = nilai  # {(i, j): number}
        self.sembunyi = {}  # {(i, j): _Tersembunyi}
        self.terbuka = set()  # cells the reader knows from elsewhere: never hidden
        self.tetap = set()  # cells shared with another table: hidden by the primary rule only
        self.relasi = _relasi(len(unit), len(kategori), self.ada_total)

    @property
    def m(self):
        return len(self.unit) - 1

    def dalam(self, sel):
        i, j = sel
        return (i >= 1 or self.m == 0) and j < len(self.kategori)

    def sembunyikan(self, sel, alasan, tampil=KOSONG, bawah=0, atas=_INF):
        if sel not in self.sembunyi and sel not in self.terbuka:
            self.sembunyi[sel] = _Tersembunyi(alasan, tampil, bawah, atas)
            return True
        return False

    def pilih(self, calon):
        """The complementary cell: inner before margins, non-zero before zero, smallest first."""
        calon = [s for s in calon if s not in self.sembunyi and s not in self.terbuka and s not in self.tetap]
        if not calon:
            return None
        return min(calon, key=lambda s: (not self.dalam(s), self.nilai[s] == 0, self.nilai[s], s))


def _relasi(baris, kategori, ada_total):
    """[(total cell, [part cells])]: every row (with a total column) and every column (with OPD rows)."""
    relasi = []
    kolom = kategori + 1 if ada_total else kategori
    if ada_total:
        for i in range(baris):
            relasi.append(((i, kategori), [(i, j) for j in range(kategori)]))
    if baris > 1:
        for j in range(kolom):
            relasi.append(((0, j), [(i, j) for i in range(1, baris)]))
    return relasi


def _urutan_kategori(baris, kategori):
    if kategori is not None:
        return list(kategori)
    urut = []
    for isi in baris.values():
        for kat in isi:
            if kat not in urut and kat != KATEGORI_TOTAL:
                urut.append(kat)
    return urut


def _bangun(baris, instansi, kategori, nilai_sel):
    """The grid with margins computed here (so published totals always add up)."""
    kategori = _urutan_kategori(baris, kategori)
    nilai = {}
    if list(baris) == [instansi]:
        unit = [instansi]
        for j, kat in enumerate(kategori):
            nilai[(0, j)] = nilai_sel(baris[instansi].get(kat))
    else:
        unit = [instansi] + [u for u in baris if u != instansi]
        for i, u in enumerate(unit[1:], start=1):
            for j, kat in enumerate(kategori):
                nilai[(i, j)] = nilai_sel(baris[u].get(kat))
        for j in range(len(kategori)):
            nilai[(0, j)] = nilai_sel.gabung([nilai[(i, j)] for i in range(1, len(unit))])
    tabel = _Tabel(unit, kategori, {})
    if tabel.ada_total:
        for i in range(len(unit)):
            nilai[(i, len(kategori))] = nilai_sel.gabung([nilai[(i, j)] for j in range(len(kategori))])
    tabel.nilai = {s: nilai_sel.angka(v) for s, v in nilai.items()}
    tabel.mentah = nilai
    return tabel


class _Hitungan:
    """Cells of a count table: the raw value is the count."""

    def __call__(self, v):
        return _bersih(v or 0)

    def gabung(self, daftar):
        return sum(daftar)

    def angka(self, v):
        return v


class _Kontribusi:
    """Cells of a sum table: the raw value is {contributor: amount}."""

    def __call__(self, v):
        if v is None:
            return {}
        if isinstance(v, Mapping):
            return {kunci: float(x) for kunci, x in v.items()}
        return {("#", id(v), n): float(x) for n, x in enumerate(v)}

    def gabung(self, daftar):
        hasil = defaultdict(float)
        for isi in daftar:
            for kunci, x in isi.items():
                hasil[kunci] += x
        return dict(hasil)

    def angka(self, v):
        return _bersih(round(sum(v.values()), 6))


def tabel_jumlah(indikator, baris: Mapping[str, Mapping[str, int]], *, instansi, k, kategori=None,
                 homogen=False, n_rincian=None, total_terbuka=False, total_bersama=False, jenis="jumlah"):
    """A count table (people or events) per OPD × category, protected; returns ``Sel`` row by row.

    ``baris``: {OPD name: {category: count}} in display order (a missing category counts 0); pass
    ``{instansi: {...}}`` alone for an instansi-only table. The instansi row (column totals) and the
    "Jumlah" column (with ≥ 2 categories) are computed here. ``homogen``: the categories partition
    people by a sensitive attribute (predikat, …): a unit all in one category hides its breakdown.
    ``n_rincian``: a row's breakdown is shown only when its total reaches it (predikat: 20).
    ``total_terbuka``: the reader knows every row total from elsewhere (pimpinan's overview shows how many
    forms each unit submitted): they are published as they are and the rest is protected knowing them.
    ``total_bersama``: the row totals are shared with another table of the same units (headcount by status and
    by sex): they are hidden by the primary rule only, never as a complementary cell, so every table that
    shares them shows the same totals.
    """
    tabel = _bangun(baris, instansi, kategori, _Hitungan())
    if (total_terbuka or total_bersama) and tabel.ada_total:
        total = {(i, len(tabel.kategori)) for i in range(len(tabel.unit))}
        if total_terbuka:
            tabel.terbuka = total
        else:
            tabel.tetap = total
    for sel, v in tabel.nilai.items():
        if _kecil(v, k):
            tabel.sembunyikan(sel, f"kurang dari {k}", f"< {k}", 1, k - 1)
    if tabel.ada_total:
        nk = len(tabel.kategori)
        for i in range(len(tabel.unit)):
            n = tabel.nilai[(i, nk)]
            rincian = [(i, j) for j in range(nk)]
            if n_rincian and 0 < n < n_rincian:
                for sel in rincian:
                    tabel.sembunyikan(sel, f"basis kurang dari {n_rincian}")
            if homogen and n > 0 and sum(1 for s in rincian if tabel.nilai[s]) == 1:
                for sel in rincian:
                    tabel.sembunyikan(sel, ALASAN_HOMOGEN, RINCIAN_TIDAK_DITAMPILKAN)
    _lengkapi(tabel)
    return _keluaran(indikator, jenis, tabel)


def tabel_total(indikator, kontributor, *, instansi, k, dominasi_persen=85, kategori=None, jenis="jumlah"):
    """A sum table (e.g. JP delivered) per OPD × category, protected with the count and dominance rules.

    ``kontributor``: {OPD: {category: {contributor id: amount}}} (a list of amounts counts each as
    its own contributor). Margins add contributors up by id, so one person's JP across categories
    counts as one contributor of the row total. A cell is hidden when it has 1..k−1 contributors
    with a non-zero amount, or when the two largest hold ≥ ``dominasi_persen`` % of it.
    """
    tabel = _bangun(kontributor, instansi, kategori, _Kontribusi())
    for sel, isi in tabel.mentah.items():
        positif = sorted((x for x in isi.values() if x > 0), reverse=True)
        total = sum(positif)
        if _kecil(len(positif), k):
            tabel.sembunyikan(sel, f"kurang dari {k} kontributor")
        elif total > 0 and sum(positif[:2]) * 100 >= dominasi_persen * total - _EPS:
            tabel.sembunyikan(sel, ALASAN_DOMINASI)
    _lengkapi(tabel)
    return _keluaran(indikator, jenis, tabel)


def _lengkapi(tabel):
    """Complementary suppression to a fixed point: lines, bridges, then the attacker simulation."""
    for _ in range(10 * (len(tabel.nilai) + 1)):
        _aturan_garis(tabel)
        _aturan_jembatan(tabel)
        bocor = _serang(*_pandangan_publik(tabel))
        if not bocor or _sembunyikan_tetangga(tabel, bocor) or _lepas_batas(tabel, bocor):
            if not bocor:
                return
            continue
        for sel in tabel.nilai:
            tabel.sembunyikan(sel, ALASAN_SEKUNDER)
        for h in tabel.sembunyi.values():
            h.tampil, h.bawah, h.atas = KOSONG, 0, _INF
        return


def _garis_lewat(tabel, sel):
    return [[total] + bagian for total, bagian in tabel.relasi if sel == total or sel in bagian]


def _sembunyikan_tetangga(tabel, bocor):
    """For each cell the attacker pins, hide one more cell of a line through it; False if none is left."""
    ditambah = False
    for sel in sorted(bocor):
        for garis in _garis_lewat(tabel, sel):
            pilihan = tabel.pilih(garis)
            if pilihan is not None:
                ditambah |= tabel.sembunyikan(pilihan, ALASAN_SEKUNDER)
                break
    return ditambah


def _lepas_batas(tabel, bocor):
    """Every cell next to the leak is hidden already: what gives it away is the "< k" bound of small
    cells (e.g. [1, 1] with total 2, all "< 3"). Those cells are shown as "—" instead."""
    dilepas = False
    for sel in bocor:
        for garis in _garis_lewat(tabel, sel):
            for s in garis:
                h = tabel.sembunyi.get(s)
                if h is not None and h.bawah > 0:
                    dilepas = True
                    h.tampil, h.bawah, h.atas = KOSONG, 0, _INF
    return dilepas


def _aturan_garis(tabel):
    berubah = True
    while berubah:
        berubah = False
        for total, bagian in tabel.relasi:
            garis = [total] + bagian
            if total not in tabel.sembunyi and tabel.nilai[total] == 0:
                continue  # a published 0 total: every part is 0 and everyone knows it
            if sum(1 for s in garis if s in tabel.sembunyi) == 1:
                pilihan = tabel.pilih(garis)
                if pilihan is not None:
                    berubah |= tabel.sembunyikan(pilihan, ALASAN_SEKUNDER)


def _aturan_jembatan(tabel):
    if not (tabel.ada_total and tabel.m >= 1):
        return
    while True:
        jembatan = _cari_jembatan(tabel.sembunyi)
        if jembatan is None:
            return
        i, j = jembatan
        sisi = _komponen(tabel.sembunyi, ("b", i), tanpa=jembatan)
        lain = _komponen(tabel.sembunyi, ("k", j), tanpa=jembatan)
        calon = [(a, b) for (ta, a) in sisi if ta == "b" for (tb, b) in lain if tb == "k"]
        calon += [(a, b) for (ta, a) in lain if ta == "b" for (tb, b) in sisi if tb == "k"]
        pilihan = tabel.pilih([s for s in calon if s != jembatan])
        if pilihan is None:
            return
        tabel.sembunyikan(pilihan, ALASAN_SEKUNDER)


def _graf(sembunyi, tanpa=None):
    tetangga = defaultdict(list)
    for (i, j) in sembunyi:
        if (i, j) != tanpa:
            tetangga[("b", i)].append((("k", j), (i, j)))
            tetangga[("k", j)].append((("b", i), (i, j)))
    return tetangga


def _komponen(sembunyi, awal, tanpa):
    tetangga = _graf(sembunyi, tanpa)
    lihat, tumpuk = {awal}, [awal]
    while tumpuk:
        for nxt, _ in tetangga[tumpuk.pop()]:
            if nxt not in lihat:
                lihat.add(nxt)
                tumpuk.append(nxt)
    return lihat


def _cari_jembatan(sembunyi):
    """One bridge (a hidden cell on no cycle of hidden cells) or None; iterative Tarjan."""
    tetangga = _graf(sembunyi)
    masuk, rendah, waktu = {}, {}, 0
    for akar in sorted(tetangga):
        if akar in masuk:
            continue
        masuk[akar] = rendah[akar] = waktu
        waktu += 1
        tumpuk = [(akar, None, iter(tetangga[akar]))]
        while tumpuk:
            simpul, sisi_induk, it = tumpuk[-1]
            maju = False
            for nxt, sisi in it:
                if sisi == sisi_induk:
                    continue
                if nxt in masuk:
                    rendah[simpul] = min(rendah[simpul], masuk[nxt])
                else:
                    masuk[nxt] = rendah[nxt] = waktu
                    waktu += 1
                    tumpuk.append((nxt, sisi, iter(tetangga[nxt])))
                    maju = True
                    break
            if not maju:
                tumpuk.pop()
                if tumpuk:
                    induk = tumpuk[-1][0]
                    rendah[induk] = min(rendah[induk], rendah[simpul])
                    if rendah[simpul] > masuk[induk]:
                        return sisi_induk
    return None


def _pandangan_publik(tabel):
    """What a reader knows: {cell: value or None}, {cell: (low, high)}, the equations."""
    nilai = {s: (None if s in tabel.sembunyi else v) for s, v in tabel.nilai.items()}
    batas = {s: (h.bawah, h.atas) for s, h in tabel.sembunyi.items()}
    return nilai, batas, tabel.relasi


def _keluaran(indikator, jenis, tabel):
    memuat = set()
    for total, bagian in tabel.relasi:
        if any(s in tabel.sembunyi for s in bagian):
            memuat.add(total)
    hasil = []
    for i, unit in enumerate(tabel.unit):
        for j, kat in enumerate(tabel.kolom):
            sel = (i, j)
            if sel not in tabel.nilai:
                continue
            h = tabel.sembunyi.get(sel)
            if h:
                hasil.append(Sel(indikator, unit, kat, jenis, None, True, h.alasan, h.tampil))
            else:
                v = tabel.nilai[sel]
                tampil = format_angka(v) + (TANDA_MEMUAT if sel in memuat else "")
                hasil.append(Sel(indikator, unit, kat, jenis, v, False, "", tampil))
    return hasil


# ---------------------------------------------------------------- the attacker


def _serang(nilai, batas, relasi):
    """{hidden cell: value} for the hidden cells a reader pins down to a non-zero value.

    Exact linear elimination (over the rationals) alternates with interval propagation (a "< k"
    cell is in 1..k−1, any count ≥ 0) until neither learns anything new. A hidden cell pinned to 0
    discloses nobody (a category nobody in the instansi belongs to is 0 in every unit); it still
    feeds the attack on the cells next to it.
    """
    diketahui = {s: Fraction(v).limit_denominator(10**6) for s, v in nilai.items() if v is not None}
    tersembunyi = [s for s, v in nilai.items() if v is None]
    terungkap = {}
    bawah = {s: batas.get(s, (0, _INF))[0] for s in tersembunyi}
    atas = {s: batas.get(s, (0, _INF))[1] for s in tersembunyi}
    while True:
        baru = _linear(diketahui, relasi)
        baru.update(_interval(diketahui, bawah, atas, relasi))
        baru = {s: v for s, v in baru.items() if s not in diketahui}
        if not baru:
            return {s: v for s, v in terungkap.items() if v != 0}
        diketahui.update(baru)
        terungkap.update(baru)


def _linear(diketahui, relasi):
    pivot = {}  # var -> ({var: coeff}, rhs) in reduced row echelon form
    for total, bagian in relasi:
        baris, rhs = defaultdict(Fraction), Fraction(0)
        for sel, tanda in [(total, 1)] + [(s, -1) for s in bagian]:
            if sel in diketahui:
                rhs -= tanda * diketahui[sel]
            else:
                baris[sel] += tanda
        for p in [v for v in baris if v in pivot]:
            f = baris[p]
            if not f:
                continue
            isi, b = pivot[p]
            for v, c in isi.items():
                baris[v] -= f * c
            rhs -= f * b
        baris = {v: c for v, c in baris.items() if c}
        if not baris:
            continue
        q = min(baris)
        f = baris[q]
        baris = {v: c / f for v, c in baris.items()}
        rhs /= f
        for p, (isi, b) in list(pivot.items()):
            g = isi.get(q)
            if g:
                isi2 = dict(isi)
                for v, c in baris.items():
                    isi2[v] = isi2.get(v, 0) - g * c
                pivot[p] = ({v: c for v, c in isi2.items() if c}, b - g * rhs)
        pivot[q] = (baris, rhs)
    return {p: b for p, (isi, b) in pivot.items() if len(isi) == 1}


def _interval(diketahui, bawah, atas, relasi):
    lo = {s: (float(diketahui[s]) if s in diketahui else bawah[s]) for s in bawah}
    hi = {s: (float(diketahui[s]) if s in diketahui else atas[s]) for s in atas}

    def batas(s):
        return (float(diketahui[s]),) * 2 if s in diketahui else (lo[s], hi[s])

    for _ in range(50):
        berubah = False
        for total, bagian in relasi:
            sel_sel = [(total, 1)] + [(s, -1) for s in bagian]
            if all(s in diketahui for s, _ in sel_sel):
                continue
            # total = sum(parts): bounds of each unknown from the others
            t_lo, t_hi = batas(total)
            p_lo = sum(batas(s)[0] for s in bagian)
            p_hi = sum(batas(s)[1] for s in bagian)
            if total not in diketahui:
                n_lo, n_hi = max(t_lo, p_lo), min(t_hi, p_hi)
                if n_lo > lo[total] + _EPS or n_hi < hi[total] - _EPS:
                    lo[total], hi[total] = max(lo[total], n_lo), min(hi[total], n_hi)
                    berubah = True
                    t_lo, t_hi = lo[total], hi[total]
            for s in bagian:
                if s in diketahui:
                    continue
                s_lo, s_hi = batas(s)
                lain_lo, lain_hi = p_lo - s_lo, p_hi - s_hi
                n_lo = t_lo - lain_hi if lain_hi < _INF else -_INF
                n_hi = t_hi - lain_lo if t_hi < _INF else _INF
                if n_lo > lo[s] + _EPS or n_hi < hi[s] - _EPS:
                    lo[s], hi[s] = max(lo[s], n_lo), min(hi[s], n_hi)
                    berubah = True
        if not berubah:
            break
    return {s: Fraction(lo[s]).limit_denominator(10**6)
            for s in lo if s not in diketahui and hi[s] - lo[s] <= _EPS}


def _tabel_dari_sel(sel_list, instansi):
    """Rebuild each published table ({indikator: (cells, bounds, equations)}) from ``Sel`` objects."""
    per_indikator = defaultdict(list)
    for sel in sel_list:
        if sel.jenis == "jumlah":
            per_indikator[sel.indikator].append(sel)
    hasil = {}
    for indikator, daftar in per_indikator.items():
        inst = instansi if instansi is not None else daftar[0].unit
        unit = [inst] + list(dict.fromkeys(s.unit for s in daftar if s.unit != inst))
        kategori = list(dict.fromkeys(s.kategori for s in daftar if s.kategori != KATEGORI_TOTAL))
        ada_total = any(s.kategori == KATEGORI_TOTAL for s in daftar) and bool(kategori)
        if not kategori:
            kategori = [KATEGORI_TOTAL]
        ib = {u: i for i, u in enumerate(unit)}
        ik = {k: j for j, k in enumerate(kategori)}
        if ada_total:
            ik[KATEGORI_TOTAL] = len(kategori)
        nilai, batas, sel_per_posisi = {}, {}, {}
        for s in daftar:
            pos = (ib[s.unit], ik[s.kategori])
            sel_per_posisi[pos] = s
            nilai[pos] = None if s.disembunyikan else s.nilai
            if s.disembunyikan:
                if s.tampil.startswith("< "):
                    batas[pos] = (1, int(s.tampil[2:]) - 1)
                else:
                    batas[pos] = (0, _INF)
        relasi = [(t, [p for p in b if p in nilai]) for t, b in _relasi(len(unit), len(kategori), ada_total)
                  if t in nilai]
        hasil[indikator] = (nilai, batas, relasi, sel_per_posisi)
    return hasil


def terbongkar(sel_list: Sequence[Sel], *, instansi=None):
    """Hidden ``jumlah`` cells a crawler can recover from the published ones; [] when the tables are safe.

    ``instansi``: the name of the instansi row; by default the unit of each indicator's first cell
    (the tables of this module list the instansi row first).
    """
    hasil = []
    for nilai, batas, relasi, sel_per_posisi in _tabel_dari_sel(sel_list, instansi).values():
        for pos in sorted(_serang(nilai, batas, relasi)):
            hasil.append(sel_per_posisi[pos])
    return hasil


def tidak_konsisten(sel_list: Sequence[Sel], *, instansi=None):
    """Published totals that differ from the sum of their published parts without the "*" mark."""
    hasil = []
    for nilai, _batas, relasi, sel_per_posisi in _tabel_dari_sel(sel_list, instansi).values():
        for total, bagian in relasi:
            t = sel_per_posisi[total]
            if t.disembunyikan:
                continue
            if any(nilai[b] is None for b in bagian):
                if not t.memuat_tersembunyi:
                    hasil.append(t)
            elif abs(sum(nilai[b] for b in bagian) - t.nilai) > 1e-6:
                hasil.append(t)
    return hasil
