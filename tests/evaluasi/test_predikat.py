"""The PermenPANRB 6/2022 matrix (docs/domain.md §6.3): all nine cells, written out by hand."""

import pytest

from evaluasi.predikat import predikat

MATRIKS_DOMAIN = [
    # hasil kerja, perilaku kerja, predikat
    ("di_atas", "di_bawah", "kurang"),
    ("di_atas", "sesuai", "baik"),
    ("di_atas", "di_atas", "sangat_baik"),
    ("sesuai", "di_bawah", "kurang"),
    ("sesuai", "sesuai", "baik"),
    ("sesuai", "di_atas", "baik"),
    ("di_bawah", "di_bawah", "sangat_kurang"),
    ("di_bawah", "sesuai", "butuh_perbaikan"),
    ("di_bawah", "di_atas", "butuh_perbaikan"),
]


@pytest.mark.parametrize(("hasil", "perilaku", "expected"), MATRIKS_DOMAIN)
def test_every_cell_of_the_matrix(hasil, perilaku, expected):
    assert predikat(hasil, perilaku) == expected


def test_no_predikat_until_both_ratings_are_given():
    assert predikat("sesuai", "") is None and predikat("", "di_atas") is None
