"""Regions: the place names of each reference region (districts, villages, schools, puskesmas).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class _Wilayah:
    provinsi: bool
    nama: str  # short name used in unit names ("Tebo")
    wilayah: tuple[str, ...]  # kabupaten/kota of a province, kecamatan of a kabupaten
    kode_nik: str  # first four digits of a local NIK
    rumah_sakit: tuple[str, ...]
    kota_lahir: tuple[str, ...]  # other birthplaces common among the local workforce


_WILAYAH = {
    "BENGKULU": _Wilayah(
        True, "Bengkulu",
        ("Kota Bengkulu", "Bengkulu Utara", "Bengkulu Selatan", "Bengkulu Tengah", "Rejang Lebong", "Kepahiang",
         "Lebong", "Kaur", "Seluma", "Mukomuko"),
        "1771", ("RSUD Dr. M. Yunus", "Rumah Sakit Khusus Jiwa Soeprapto"),
        ("Bengkulu", "Curup", "Manna", "Argamakmur", "Padang", "Palembang", "Lubuklinggau", "Jakarta", "Yogyakarta"),
    ),
    "TEBO": _Wilayah(
        False, "Tebo",
        ("Tebo Tengah", "Tebo Ilir", "Tebo Ulu", "Muara Tabir", "Sumay", "Tengah Ilir", "Rimbo Bujang", "Rimbo Ulu",
         "Rimbo Ilir", "VII Koto", "VII Koto Ilir", "Serai Serumpun"),
        "1508", ("RSUD Sultan Thaha Saifuddin",),
        ("Muara Tebo", "Jambi", "Muara Bungo", "Padang", "Bukittinggi", "Palembang", "Kebumen", "Banyumas"),
    ),
    "MERANGIN": _Wilayah(
        False, "Merangin",
        ("Bangko", "Bangko Barat", "Nalo Tantan", "Batang Masumai", "Pamenang", "Pamenang Barat", "Pamenang Selatan",
         "Renah Pamenang", "Tabir", "Tabir Ulu", "Tabir Selatan", "Tabir Ilir", "Tabir Timur", "Tabir Lintas",
         "Tabir Barat", "Margo Tabir", "Sungai Manau", "Renah Pembarap", "Pangkalan Jambu", "Muara Siau",
         "Lembah Masurai", "Tiang Pumpung", "Jangkat", "Sungai Tenang"),
        "1502", ("RSUD Kolonel Abundjani",),
        ("Bangko", "Jambi", "Sungai Penuh", "Sarolangun", "Padang", "Bukittinggi", "Solok", "Wonogiri"),
    ),
}


def _wilayah(kode, nama):
    if kode in _WILAYAH:
        return _WILAYAH[kode]
    pendek = nama.split()[-1]
    provinsi = "provinsi" in nama.lower()
    arah = ("Kota", "Utara", "Selatan", "Timur", "Barat", "Tengah", "Hulu", "Hilir")
    return _Wilayah(provinsi, pendek, tuple(f"{pendek} {a}" for a in arah), "1900",
                    (f"RSUD {'Provinsi ' if provinsi else ''}{pendek}",), (pendek, "Jakarta", "Medan", "Padang"))
