"""Property tests of the disclosure module (issue 12 §4): for random tables, what a crawler sees is safe.

Two attackers: the module's own ``terbongkar`` (linear elimination + bounds) on large tables, and an
independent brute force over every integer table consistent with what is published, on small tables.
"""

import itertools
from collections import defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pembinaan.pengungkapan import KATEGORI_TOTAL, tabel_jumlah, tabel_total, terbongkar, tidak_konsisten

NILAI = st.one_of(st.integers(0, 6), st.integers(0, 60), st.sampled_from([0, 1, 2]))


@st.composite
def tabel(draw, maks_unit=12, maks_kategori=5, nilai=NILAI):
    opd = draw(st.integers(0, maks_unit))
    kategori = [f"K{j}" for j in range(draw(st.integers(1, maks_kategori)))]
    unit = ["Kab"] if opd == 0 else [f"Dinas {i}" for i in range(opd)]
    return {u: {k: draw(nilai) for k in kategori} for u in unit}, kategori


def _garis(sel_list):
    """Every published equation: (total, parts) per row with a Jumlah column and per column with OPD rows."""
    per_unit = defaultdict(dict)
    for s in sel_list:
        per_unit[s.unit][s.kategori] = s
    unit = list(per_unit)
    garis = []
    for u in unit:
        if KATEGORI_TOTAL in per_unit[u]:
            garis.append((per_unit[u][KATEGORI_TOTAL], [s for k, s in per_unit[u].items() if k != KATEGORI_TOTAL]))
    if len(unit) > 1:
        for k in per_unit[unit[0]]:
            garis.append((per_unit[unit[0]][k], [per_unit[u][k] for u in unit[1:]]))
    return garis


def _periksa(sel_list, baris, k, homogen=False, n_rincian=None):
    # no value in 1..k−1 published
    assert not [s for s in sel_list if not s.disembunyikan and 0 < s.nilai < k]
    # no row or column with exactly one hidden cell
    for total, bagian in _garis(sel_list):
        assert sum(s.disembunyikan for s in [total, *bagian]) != 1, (total, bagian)
    # nothing recoverable, every published total consistent
    assert terbongkar(sel_list) == []
    assert tidak_konsisten(sel_list) == []
    # published cells are the true values
    for s in sel_list:
        if not s.disembunyikan and s.unit in baris and s.kategori != KATEGORI_TOTAL:
            assert s.nilai == baris[s.unit][s.kategori]
    per_unit = defaultdict(dict)
    for s in sel_list:
        per_unit[s.unit][s.kategori] = s
    for unit, sel in per_unit.items():
        if KATEGORI_TOTAL not in sel:
            continue
        rincian = [s for kat, s in sel.items() if kat != KATEGORI_TOTAL]
        asli = [baris[unit][s.kategori] for s in rincian] if unit in baris else None
        if homogen and asli and sum(asli) > 0 and sum(1 for v in asli if v) == 1:
            assert all(s.disembunyikan for s in rincian)
        if n_rincian and asli and 0 < sum(asli) < n_rincian:
            assert all(s.disembunyikan for s in rincian)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tabel(), st.sampled_from([3, 5, 10]), st.booleans(), st.sampled_from([None, 20]))
def test_random_count_tables_are_safe(data, k, homogen, n_rincian):
    baris, kategori = data
    sel = tabel_jumlah("x", baris, instansi="Kab", k=k, kategori=kategori, homogen=homogen, n_rincian=n_rincian)
    _periksa(sel, baris, k, homogen, n_rincian)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 8), st.integers(1, 4), st.data())
def test_random_sum_tables_are_safe(opd, n_kategori, data):
    kategori = [f"K{j}" for j in range(n_kategori)]
    unit = ["Kab"] if opd == 0 else [f"Dinas {i}" for i in range(opd)]
    orang = st.dictionaries(st.integers(0, 40), st.sampled_from([0, 2, 4, 8, 24, 80]), max_size=10)
    kontributor = {u: {k: data.draw(orang) for k in kategori} for u in unit}
    sel = tabel_total("jp", kontributor, instansi="Kab", k=5, kategori=kategori)
    assert terbongkar(sel) == [] and tidak_konsisten(sel) == []
    for total, bagian in _garis(sel):
        assert sum(s.disembunyikan for s in [total, *bagian]) != 1


# ---------------------------------------------------------------- the independent brute force


def _brute_force(sel_list, batas_atas):
    """Every integer assignment of the hidden cells consistent with the published ones; returns
    {hidden cell: set of possible values}. Rows with a published total enumerate compositions."""
    per_unit = defaultdict(dict)
    for s in sel_list:
        per_unit[s.unit][s.kategori] = s
    unit = list(per_unit)
    kolom = list(per_unit[unit[0]])
    kategori = [k for k in kolom if k != KATEGORI_TOTAL]
    opd = unit[1:] if len(unit) > 1 else unit

    def rentang(s):
        if not s.disembunyikan:
            return [s.nilai]
        if s.tampil.startswith("< "):
            return range(1, int(s.tampil[2:]))
        return range(0, batas_atas + 1)

    pilihan_baris = []
    for u in opd:
        kemungkinan = []
        for isi in itertools.product(*(rentang(per_unit[u][k]) for k in kategori)):
            total = sum(isi)
            if KATEGORI_TOTAL in per_unit[u]:
                t = per_unit[u][KATEGORI_TOTAL]
                if total not in rentang(t):
                    continue
            kemungkinan.append(isi)
        pilihan_baris.append(kemungkinan)

    mungkin = defaultdict(set)
    for pilih in itertools.product(*pilihan_baris):
        kolom_jumlah = [sum(r[j] for r in pilih) for j in range(len(kategori))]
        if len(unit) > 1:
            inst = per_unit[unit[0]]
            if any(kolom_jumlah[j] not in rentang(inst[k]) for j, k in enumerate(kategori)):
                continue
            if KATEGORI_TOTAL in inst and sum(kolom_jumlah) not in rentang(inst[KATEGORI_TOTAL]):
                continue
        for u, r in zip(opd, pilih, strict=True):
            for j, k in enumerate(kategori):
                mungkin[(u, k)].add(r[j])
            if KATEGORI_TOTAL in per_unit[u]:
                mungkin[(u, KATEGORI_TOTAL)].add(sum(r))
        if len(unit) > 1:
            for j, k in enumerate(kategori):
                mungkin[(unit[0], k)].add(kolom_jumlah[j])
    return {key: v for key, v in mungkin.items() if per_unit[key[0]][key[1]].disembunyikan}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tabel(maks_unit=3, maks_kategori=3, nilai=st.integers(0, 6)), st.sampled_from([3, 5]), st.booleans())
def test_no_hidden_cell_is_pinned_by_any_integer_reasoning(data, k, homogen):
    baris, kategori = data
    sel = tabel_jumlah("x", baris, instansi="Kab", k=k, kategori=kategori, homogen=homogen)
    tersembunyi = sum(s.disembunyikan for s in sel)
    if tersembunyi == 0 or tersembunyi > 7:
        return  # nothing to attack, or too many unknowns to enumerate quickly
    # The reader bounds every cell by the grand total when it is published; otherwise by 60, above any
    # value these tables hold (so every table the true one can be shifted to stays in range).
    total_besar = sel[len(kategori)] if len(kategori) > 1 else sel[0]
    assert total_besar.unit == "Kab"
    batas = 60 if total_besar.disembunyikan else total_besar.nilai
    if batas ** sum(s.disembunyikan and not s.tampil.startswith("<") for s in sel) > 300_000:
        return
    for (unit, kat), nilai in _brute_force(sel, batas).items():
        assert len(nilai) > 1 or nilai == {0}, (unit, kat, nilai, baris)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tabel(maks_kategori=5, nilai=st.one_of(st.integers(0, 3), st.integers(0, 30))))
def test_known_row_totals_are_published_and_the_rest_stays_safe(data):
    """Pimpinan's overview shows how many forms each unit submitted: the predikat table is protected knowing that."""
    baris, kategori = data
    sel = tabel_jumlah("x", baris, instansi="Kab", k=10, kategori=kategori, homogen=True, n_rincian=20,
                       total_terbuka=True)
    if len(kategori) > 1:
        totals = [s for s in sel if s.kategori == KATEGORI_TOTAL]
        assert all(not s.disembunyikan for s in totals)
        for s in totals:
            if s.unit in baris:
                assert s.nilai == sum(baris[s.unit].values())
    assert not [s for s in sel if not s.disembunyikan and s.kategori != KATEGORI_TOTAL and 0 < s.nilai < 10]
    assert terbongkar(sel) == [] and tidak_konsisten(sel) == []


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tabel(maks_kategori=3, nilai=st.one_of(st.integers(0, 4), st.integers(0, 30))))
def test_tables_sharing_their_totals_show_the_same_totals(data):
    """Headcount by status and by sex share each OPD's total: both tables publish it alike, safely."""
    baris, kategori = data
    if len(kategori) < 2:
        return
    # The second table splits the same people differently (all in its first category but one per row).
    lain = {u: {"X": max(sum(isi.values()) - 1, 0), "Y": min(sum(isi.values()), 1)} for u, isi in baris.items()}
    a = tabel_jumlah("a", baris, instansi="Kab", k=5, kategori=kategori, total_bersama=True)
    b = tabel_jumlah("b", lain, instansi="Kab", k=5, kategori=["X", "Y"], total_bersama=True)
    total = [{s.unit: (s.disembunyikan, s.nilai) for s in t if s.kategori == KATEGORI_TOTAL} for t in (a, b)]
    assert total[0] == total[1]
    for t in (a, b):
        assert terbongkar(t) == [] and tidak_konsisten(t) == []
        assert not [s for s in t if not s.disembunyikan and 0 < s.nilai < 5]
