"""The employee import of a SIASN "data pegawai" table (docs/domain.md §11.1) for one instansi: its public face.

The engine is split along its seams: ``kolom`` (the SIASN columns and reference values), ``sel`` (reading one
cell), ``pemeriksa`` (checking the rows: the dry run) and ``penulis`` (writing a clean table). Callers use the
names below; the import service (pembinaan/services/impor.py) is the one place that locks and records history.
"""

from .kolom import HEADER_SIASN, KOLOM, WAJIB
from .pemeriksa import Galat, Hasil, Pemeriksa, periksa
from .penulis import segarkan_statistik, terapkan
from .sel import kalimat, tanggal, teks

__all__ = [
    "HEADER_SIASN", "KOLOM", "WAJIB", "Galat", "Hasil", "Pemeriksa", "periksa",
    "segarkan_statistik", "terapkan", "kalimat", "tanggal", "teks",
]
