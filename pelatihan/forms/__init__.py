"""Every form of pelatihan/, one module per entity; import them from here (``from pelatihan.forms import X``)."""

from .jp import AturanJPForm
from .kehadiran import KehadiranForm, PresensiForm
from .laporan import AlasanForm, LaporanForm, VerifikasiForm, saran_jp
from .program import (
    BatalForm,
    JpBawaanForm,
    MitraForm,
    NilaiForm,
    NominasiForm,
    PilihanIdField,
    ProgramForm,
    SesiForm,
    TambahDiTempatForm,
    baris_narasumber,
)
from .sertifikat import EvaluasiPascaForm, PenandatanganForm, UmpanBalikForm

__all__ = [
    "AlasanForm", "AturanJPForm", "BatalForm", "EvaluasiPascaForm", "JpBawaanForm", "KehadiranForm", "LaporanForm",
    "MitraForm", "NilaiForm", "NominasiForm", "PenandatanganForm", "PilihanIdField", "PresensiForm", "ProgramForm",
    "SesiForm", "TambahDiTempatForm", "UmpanBalikForm", "VerifikasiForm", "baris_narasumber", "saran_jp",
]
