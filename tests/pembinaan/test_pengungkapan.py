"""Disclosure control (pembinaan/pengungkapan.py): one example per rule of issue 12 §2, and the threshold check."""

import pytest
from django.core.checks import run_checks

from pembinaan.pengungkapan import (
    ALASAN_DOMINASI,
    ALASAN_HOMOGEN,
    ALASAN_SEKUNDER,
    KATEGORI_TOTAL,
    RINCIAN_TIDAK_DITAMPILKAN,
    TANDA_MEMUAT,
    Ambang,
    Sel,
    format_angka,
    gabung_unit_kecil,
    median,
    persen,
    rata_rata,
    sel_predikat,
    tabel_jumlah,
    tabel_total,
    terbongkar,
    tidak_konsisten,
)


def _peta(sel_list):
    return {(s.unit, s.kategori): s for s in sel_list}


def test_sel_ke_dict_gives_exactly_the_contract_keys():
    sel = tabel_jumlah("pegawai", {"Dinas A": {"PNS": 12, "PPPK": 7}}, instansi="Kab", k=5)[0]
    assert set(sel.ke_dict()) == {"indikator", "unit", "kategori", "jenis", "nilai", "disembunyikan", "alasan",
                                  "tampil"}
    assert Sel(**sel.ke_dict()) == sel


def test_a_count_below_k_is_shown_as_less_than_k_and_zero_is_shown():
    hasil = _peta(tabel_jumlah("x", {"Kab": {"L": 3, "P": 0, "X": 40}}, instansi="Kab", k=5))
    assert hasil[("Kab", "L")].tampil == "< 5" and hasil[("Kab", "L")].nilai is None
    assert hasil[("Kab", "L")].alasan == "kurang dari 5"
    assert hasil[("Kab", "P")].tampil == "0" and hasil[("Kab", "P")].nilai == 0


def test_a_single_suppressed_cell_in_a_row_with_a_total_forces_the_next_smallest():
    hasil = _peta(tabel_jumlah("x", {"Kab": {"A": 2, "B": 9, "C": 30, "D": 12}}, instansi="Kab", k=5))
    assert hasil[("Kab", "A")].disembunyikan
    # 9 is the next smallest: hidden as complementary; 30 and 12 stay.
    assert hasil[("Kab", "B")].disembunyikan and hasil[("Kab", "B")].alasan == ALASAN_SEKUNDER
    assert hasil[("Kab", "B")].tampil == "—"
    assert hasil[("Kab", "C")].nilai == 30 and hasil[("Kab", "D")].nilai == 12
    # The total is published, marked as containing hidden cells.
    total = hasil[("Kab", KATEGORI_TOTAL)]
    assert total.nilai == 53 and total.tampil == "53" + TANDA_MEMUAT
    assert terbongkar(list(hasil.values())) == []


def test_suppression_across_the_instansi_total_and_its_opd_rows():
    # Column "P": only Dinas B is small. Without a second hidden cell in that column, Kab − A − C gives B.
    baris = {"Dinas A": {"L": 20, "P": 15}, "Dinas B": {"L": 30, "P": 2}, "Dinas C": {"L": 25, "P": 11}}
    sel = tabel_jumlah("x", baris, instansi="Kab", k=5)
    hasil = _peta(sel)
    assert hasil[("Kab", "P")].nilai == 28  # the instansi row is the column total
    tersembunyi_p = [u for u in ("Dinas A", "Dinas B", "Dinas C") if hasil[(u, "P")].disembunyikan]
    assert "Dinas B" in tersembunyi_p and len(tersembunyi_p) >= 2
    tersembunyi_b = [k for k in ("L", "P", KATEGORI_TOTAL) if hasil[("Dinas B", k)].disembunyikan]
    assert len(tersembunyi_b) >= 2
    assert terbongkar(sel) == [] and tidak_konsisten(sel) == []


def test_two_small_cells_summing_to_their_minimum_are_protected():
    # Row [1, 1, 50], total 52: "< 5" and "< 5" with 52 − 50 = 2 means both are 1. The attacker sees it.
    sel = tabel_jumlah("x", {"Kab": {"A": 1, "B": 1, "C": 50}}, instansi="Kab", k=5)
    hasil = _peta(sel)
    assert hasil[("Kab", "C")].disembunyikan
    assert terbongkar(sel) == []


def test_terbongkar_finds_a_cell_recoverable_by_subtraction():
    bocor = [
        Sel("x", "Kab", "A", "jumlah", None, True, "kurang dari 5", "< 5"),
        Sel("x", "Kab", "B", "jumlah", 9, False, "", "9"),
        Sel("x", "Kab", KATEGORI_TOTAL, "jumlah", 12, False, "", "12"),
    ]
    assert terbongkar(bocor) == [bocor[0]]
    # And across rows: the instansi row minus the other OPDs gives a hidden cell (a bridge, not a single line).
    sel = [
        Sel("x", "Kab", "A", "jumlah", 10, False, "", "10"),
        Sel("x", "Kab", "B", "jumlah", 20, False, "", "20"),
        Sel("x", "Kab", KATEGORI_TOTAL, "jumlah", 30, False, "", "30"),
        Sel("x", "D1", "A", "jumlah", None, True, "kurang dari 5", "< 5"),
        Sel("x", "D1", "B", "jumlah", None, True, ALASAN_SEKUNDER, "—"),
        Sel("x", "D1", KATEGORI_TOTAL, "jumlah", 15, False, "", "15*"),
        Sel("x", "D2", "A", "jumlah", None, True, ALASAN_SEKUNDER, "—"),
        Sel("x", "D2", "B", "jumlah", None, True, ALASAN_SEKUNDER, "—"),
        Sel("x", "D2", KATEGORI_TOTAL, "jumlah", 15, False, "", "15*"),
    ]
    # Two hidden cells in every line, yet D1/A + D2/A = 10, D1/A + D1/B = 15, D2/A + D2/B = 15,
    # D1/B + D2/B = 20: rank 3 for 4 unknowns, nothing pinned: safe.
    assert terbongkar(sel) == []


def test_homogeneous_unit_hides_its_breakdown_but_keeps_its_total():
    baris = {"Dinas A": {"Baik": 25, "Sangat Baik": 0, "Kurang": 0},
             "Dinas B": {"Baik": 20, "Sangat Baik": 6, "Kurang": 0},
             "Dinas C": {"Baik": 30, "Sangat Baik": 12, "Kurang": 0}}
    sel = tabel_jumlah("predikat", baris, instansi="Kab", k=5, homogen=True)
    hasil = _peta(sel)
    for kat in ("Baik", "Sangat Baik", "Kurang"):
        assert hasil[("Dinas A", kat)].disembunyikan
    assert hasil[("Dinas A", "Baik")].alasan == ALASAN_HOMOGEN
    assert hasil[("Dinas A", "Baik")].tampil == RINCIAN_TIDAK_DITAMPILKAN
    assert hasil[("Dinas A", KATEGORI_TOTAL)].nilai == 25
    assert terbongkar(sel) == []


def test_without_the_homogeneity_rule_the_same_unit_would_show_everyone_in_one_category():
    baris = {"Dinas A": {"Baik": 25, "Sangat Baik": 0}, "Dinas B": {"Baik": 20, "Sangat Baik": 6}}
    hasil = _peta(tabel_jumlah("x", baris, instansi="Kab", k=5, homogen=False))
    assert hasil[("Dinas A", "Baik")].nilai == 25


def test_predikat_breakdown_only_for_units_of_at_least_n():
    baris = {"Dinas A": {"Baik": 12, "Sangat Baik": 6}, "Dinas B": {"Baik": 30, "Sangat Baik": 14}}
    sel = tabel_jumlah("predikat", baris, instansi="Kab", k=5, n_rincian=20)
    hasil = _peta(sel)
    assert hasil[("Dinas A", "Baik")].disembunyikan and hasil[("Dinas A", "Baik")].alasan == "basis kurang dari 20"
    assert hasil[("Dinas A", KATEGORI_TOTAL)].nilai == 18
    assert terbongkar(sel) == []


def test_percentage_median_and_mean_hidden_below_their_base():
    assert persen("x", "Kab", "", 3, 4, k=5).disembunyikan
    assert persen("x", "Kab", "", 3, 4, k=5).alasan == "basis kurang dari 5"
    # base ≥ k but the numerator (or its complement) is small: the percentage gives it back
    assert persen("x", "Kab", "", 2, 40, k=5).disembunyikan
    assert persen("x", "Kab", "", 38, 40, k=5).disembunyikan
    tampil = persen("x", "Kab", "", 91, 200, k=5)
    assert not tampil.disembunyikan and tampil.nilai == 45.5 and tampil.tampil == "45,5 %"
    assert median("x", "Kab", "", [20, 24, 30, 8], k=5).disembunyikan
    assert median("x", "Kab", "", [20, 24, 30, 8, 40], k=5).nilai == 24
    assert rata_rata("x", "Kab", "", [1, 2], k=5).alasan == "basis kurang dari 5"
    assert rata_rata("x", "Kab", "", [10, 11, 12, 13, 14, 15], k=5).tampil == "12,5"


def test_percentage_follows_a_hidden_numerator_cell():
    sel = Sel("x", "Kab", "", "jumlah", None, True, ALASAN_SEKUNDER, "—")
    assert persen("y", "Kab", "", 30, 80, k=5, pembilang_sel=sel).disembunyikan


def test_dominance_hides_a_sum_held_by_two_contributors():
    kontributor = {
        "Dinas A": {"Klasikal": {1: 400, 2: 300, 3: 10, 4: 10, 5: 10, 6: 10}},  # top two 700/740 ≥ 85 %
        "Dinas B": {"Klasikal": {7: 20, 8: 24, 9: 30, 10: 16, 11: 18, 12: 22}},
        "Dinas C": {"Klasikal": {13: 20, 14: 24, 15: 30, 16: 16, 17: 18, 18: 22}},
    }
    sel = tabel_total("jp", kontributor, instansi="Kab", k=5)
    hasil = _peta(sel)
    assert hasil[("Dinas A", "Klasikal")].alasan == ALASAN_DOMINASI
    assert hasil[("Dinas B", "Klasikal")].disembunyikan or hasil[("Dinas C", "Klasikal")].disembunyikan
    assert hasil[("Kab", "Klasikal")].nilai == 740 + 130 + 130
    assert terbongkar(sel) == []


def test_sum_with_fewer_than_k_contributors_is_hidden():
    hasil = _peta(tabel_total("jp", {"Kab": {"E-learning": [10, 12], "Klasikal": [5] * 10}}, instansi="Kab", k=5))
    assert hasil[("Kab", "E-learning")].alasan == "kurang dari 5 kontributor"


def test_consistency_check_finds_a_total_that_does_not_add_up():
    # The Payakumbuh table: L 17, P 19, L+P 39.
    sel = [Sel("x", "Kec", "L", "jumlah", 17, False, "", "17"), Sel("x", "Kec", "P", "jumlah", 19, False, "", "19"),
           Sel("x", "Kec", KATEGORI_TOTAL, "jumlah", 39, False, "", "39")]
    assert tidak_konsisten(sel) == [sel[2]]


def test_merge_small_units_and_other_helpers():
    assert gabung_unit_kecil({"A": 3, "B": 40}, k=5) == {"A": "Perangkat daerah lainnya", "B": "B"}
    assert format_angka(1234567) == "1.234.567" and format_angka(2.25, 2) == "2,25"
    assert sel_predikat("p", "Dinas A", "2025", "Baik").tampil == "Baik"


def test_thresholds_come_from_settings(settings):
    settings.TRANSPARANSI_K_PELATIHAN = 7
    assert Ambang.dari_settings().k_pelatihan == 7
    assert Ambang.dari_settings().k_evaluasi == 10


@pytest.mark.parametrize("setting", ["TRANSPARANSI_K_PELATIHAN", "TRANSPARANSI_K_EVALUASI",
                                     "TRANSPARANSI_N_PREDIKAT", "TRANSPARANSI_DOMINASI_PERSEN"])
def test_system_check_refuses_a_threshold_below_three(settings, setting):
    assert [m.id for m in run_checks() if m.id == "pembinaan.E003"] == []
    setattr(settings, setting, 2)
    galat = [m for m in run_checks() if m.id == "pembinaan.E003"]
    assert len(galat) == 1 and setting in galat[0].msg
    setattr(settings, setting, 3)
    assert [m.id for m in run_checks() if m.id == "pembinaan.E003"] == []
