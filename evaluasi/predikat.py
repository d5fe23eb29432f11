"""PermenPANRB 6/2022 predikat kinerja (docs/domain.md §6.3): computed from the two ratings, never typed."""

from django.db import models


class Rating(models.TextChoices):
    DI_ATAS = "di_atas", "Di Atas Ekspektasi"
    SESUAI = "sesuai", "Sesuai Ekspektasi"
    DI_BAWAH = "di_bawah", "Di Bawah Ekspektasi"


class Predikat(models.TextChoices):
    SANGAT_BAIK = "sangat_baik", "Sangat Baik"
    BAIK = "baik", "Baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan", "Butuh Perbaikan"
    KURANG = "kurang", "Kurang/Misconduct"
    SANGAT_KURANG = "sangat_kurang", "Sangat Kurang"


# (rating hasil kerja, rating perilaku kerja) -> predikat
MATRIKS = {
    (Rating.DI_ATAS, Rating.DI_ATAS): Predikat.SANGAT_BAIK,
    (Rating.DI_ATAS, Rating.SESUAI): Predikat.BAIK,
    (Rating.DI_ATAS, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.SESUAI, Rating.DI_ATAS): Predikat.BAIK,
    (Rating.SESUAI, Rating.SESUAI): Predikat.BAIK,
    (Rating.SESUAI, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.DI_BAWAH, Rating.DI_ATAS): Predikat.BUTUH_PERBAIKAN,
    (Rating.DI_BAWAH, Rating.SESUAI): Predikat.BUTUH_PERBAIKAN,
    (Rating.DI_BAWAH, Rating.DI_BAWAH): Predikat.SANGAT_KURANG,
}

# SIASN encodes ratings 1 = Diatas, 2 = Sesuai, 3 = Dibawah (docs/domain.md §6.3).
SIASN_RATING = {Rating.DI_ATAS: 1, Rating.SESUAI: 2, Rating.DI_BAWAH: 3}


def predikat(hasil_kerja, perilaku_kerja):
    """The predikat for two ratings, or None while either is missing."""
    if not hasil_kerja or not perilaku_kerja:
        return None
    return MATRIKS[(Rating(hasil_kerja), Rating(perilaku_kerja))]
