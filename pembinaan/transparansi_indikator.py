"""The raw form of a transparency indicator, as each app hands it to the snapshot builder (issue 12).

Each app registers a function through ``pembinaan.komposisi.daftar_indikator_transparansi``; the builder calls it
with a ``Konteks`` and gets a list of ``Indikator``: metadata plus RAW aggregates per OPD (never per person, except
the per-person values a median or a dominance check needs, which never leave the builder). The builder merges
small OPDs into "Perangkat daerah lainnya", adds the instansi row and sends everything through
``pembinaan.pengungkapan``: no app publishes a number itself. Plain Python, no database.
"""

from dataclasses import dataclass, field
from datetime import date

# How an indicator's values combine, and so which disclosure rule applies:
HITUNGAN = "hitungan"  # {kategori: int} per OPD; summed when OPDs merge
PERSEN = "persen"  # {kategori: (pembilang, basis)} per OPD; both summed
MEDIAN = "median"  # {kategori: [value per person]} per OPD; lists joined
JUMLAH = "jumlah"  # a sum with its contributors: {kategori: {person id: amount}} (dominance rule); dicts merged
PREDIKAT = "predikat"  # {kategori: int} evaluation-derived distribution (n >= TRANSPARANSI_N_PREDIKAT per unit)
PREDIKAT_ORGANISASI = "predikat_organisasi"  # {"Predikat": "Baik"} per OPD; not merged, no instansi row

BENTUK = (HITUNGAN, PERSEN, MEDIAN, JUMLAH, PREDIKAT, PREDIKAT_ORGANISASI)

INSTANSI = "__instansi__"  # the key of an indicator measured for the instansi only (no OPD breakdown)


@dataclass
class Konteks:
    """What an app needs to compute its indicators: the instansi, the as-of date and the unit → OPD map."""

    instansi: object
    tanggal: date
    opd_dari_unit: dict  # unit id -> id of its top-level unit (OPD)

    @property
    def tahun(self):
        return self.tanggal.year

    @property
    def awal_tahun(self):
        return date(self.tanggal.year, 1, 1)

    def opd(self, unit_id):
        """The OPD of a unit (None: no unit)."""
        return self.opd_dari_unit.get(unit_id) if unit_id is not None else None

    def gulung(self, baris, tambah):
        """Roll rows ``(unit_id, kategori, nilai)`` up to OPDs: {opd id: {kategori: combined}}, combining with
        ``tambah(lama_or_None, nilai)``."""
        hasil = {}
        for unit_id, kategori, nilai in baris:
            sel = hasil.setdefault(self.opd(unit_id), {})
            sel[kategori] = tambah(sel.get(kategori), nilai)
        return hasil


def tambah_angka(lama, nilai):
    return (lama or 0) + nilai


def tambah_pasangan(lama, nilai):
    a, b = lama or (0, 0)
    return (a + nilai[0], b + nilai[1])


def tambah_kontribusi(lama, nilai):
    hasil = dict(lama) if lama is not None else {}
    for kunci, x in nilai.items():
        hasil[kunci] = hasil.get(kunci, 0) + x
    return hasil


def tambah_daftar(lama, nilai):
    hasil = lama if lama is not None else []
    hasil.extend(nilai if isinstance(nilai, list) else [nilai])
    return hasil


@dataclass
class Indikator:
    kode: str
    judul: str
    definisi: str
    satuan: str
    kelompok: str
    produsen: str
    bentuk: str
    kategori: list  # display order; a table's "Jumlah" column and instansi row are added by the disclosure module
    data: dict  # {opd id | None | INSTANSI: {kategori: raw value}}, see BENTUK above
    k: str = "pelatihan"  # which threshold: "pelatihan" (k = 5) or "evaluasi" (k = 10)
    frekuensi: str = "Bulanan"
    hanya_instansi: bool = False
    urutan: int = field(default=0, compare=False)

    def __post_init__(self):
        if self.bentuk not in BENTUK:
            raise ValueError(f"bentuk indikator tidak dikenal: {self.bentuk}")

    def meta(self):
        return {"judul": self.judul, "definisi": self.definisi, "satuan": self.satuan, "frekuensi": self.frekuensi,
                "produsen": self.produsen, "kelompok": self.kelompok}
