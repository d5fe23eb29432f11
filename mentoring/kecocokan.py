"""How well a mentor fits a mentee: seniority (golongan, jenjang, tenure), field and unit, capacity.

Pure functions over plain values, shared by the pair service (warnings HR confirms) and the suggestion
selector (reasons for a rank). docs/domain.md §8: no national rule says a mentor must be more senior, so the
app warns and never blocks.
"""

import re
from dataclasses import dataclass
from datetime import date

from pembinaan import referensi as ref

from .models import JenisMentoring

# Jenjang as a golongan rank (docs/domain.md §2.3: the lowest ruang of each jenjang), so keahlian and keterampilan
# jenjang compare on one scale.
LEVEL_JENJANG = {
    ref.Jenjang.PEMULA: 5, ref.Jenjang.TERAMPIL: 6, ref.Jenjang.MAHIR: 9, ref.Jenjang.PENYELIA: 11,
    ref.Jenjang.AHLI_PERTAMA: 9, ref.Jenjang.AHLI_MUDA: 11, ref.Jenjang.AHLI_MADYA: 13, ref.Jenjang.AHLI_UTAMA: 16,
}

# "Analis Kebijakan Ahli Muda" and "Analis Kebijakan Ahli Pertama" are one field (rumpun) at two jenjang.
RUMPUN_POLA = r"\s+(ahli\s+(pertama|muda|madya|utama)|pemula|terampil|mahir|penyelia)\s*$"
_RUMPUN_RE = re.compile(RUMPUN_POLA, re.IGNORECASE)


def rumpun(nama_jabatan):
    return _RUMPUN_RE.sub("", (nama_jabatan or "").strip()).strip().lower()


def satu_rumpun(jabatan_a, jabatan_b):
    """Same field: both jabatan known and of one rumpun (an unknown jabatan is never 'the same field')."""
    a, b = rumpun(jabatan_a), rumpun(jabatan_b)
    return bool(a) and a == b


@dataclass(frozen=True)
class Profil:
    """What the checks need of one employee."""

    id: int
    nama: str
    jenis_asn: str
    golongan: str
    tmt_cpns: date | None
    jenjang: str
    jabatan: str
    unit_id: int | None
    atasan_id: int | None

    @classmethod
    def dari(cls, pegawai):
        jab = pegawai.jabatan
        return cls(pegawai.pk, pegawai.nama, pegawai.jenis_asn, pegawai.golongan, pegawai.tmt_cpns,
                   jab.jenjang if jab else "", jab.nama if jab else "", pegawai.unit_kerja_id, pegawai.atasan_id)

    @property
    def rank(self):
        return ref.URUTAN_GOLONGAN.get(self.golongan)


def leluhur(unit_id, induk):
    """``unit_id`` and its ancestors, nearest first; ``induk`` maps unit id -> parent id (the instansi's tree)."""
    out = []
    while unit_id is not None and unit_id not in out:
        out.append(unit_id)
        unit_id = induk.get(unit_id)
    return out


def peringatan(mentor: Profil, mentee: Profil, *, jenis, beban, kapasitas, induk):
    """Warnings (Indonesian) HR must see and confirm before the pair is made. ``beban``: the mentor's active
    mentees now; ``induk``: the unit tree as {unit id: parent id}."""
    out = []
    if jenis == JenisMentoring.LATSAR:
        if mentee.jenis_asn != ref.JenisAsn.CPNS:
            out.append(f"{mentee.nama} bukan CPNS, padahal jenis mentoring Latsar CPNS.")
        if mentee.atasan_id != mentor.id:
            out.append("Untuk Latsar CPNS, mentor semestinya atasan langsung mentee (Peraturan LAN 1/2021).")
    if mentor.jenis_asn == ref.JenisAsn.CPNS:
        out.append(f"{mentor.nama} masih CPNS.")
    rm, re_ = mentor.rank, mentee.rank
    if rm is not None and re_ is not None:
        if rm < re_:
            out.append(f"Golongan mentor ({mentor.golongan}) lebih rendah dari golongan mentee ({mentee.golongan}).")
        elif rm == re_ and mentor.tmt_cpns and mentee.tmt_cpns and mentor.tmt_cpns >= mentee.tmt_cpns:
            out.append(f"Golongan sama ({mentor.golongan}) dan masa kerja mentor tidak lebih lama.")
    jm, je = LEVEL_JENJANG.get(mentor.jenjang), LEVEL_JENJANG.get(mentee.jenjang)
    if jm is not None and je is not None and jm < je:
        out.append(f"Jenjang jabatan mentor ({ref.Jenjang(mentor.jenjang).label}) lebih rendah dari jenjang "
                   f"mentee ({ref.Jenjang(mentee.jenjang).label}).")
    atas_mentee = leluhur(mentee.unit_id, induk)
    atas_mentor = leluhur(mentor.unit_id, induk)
    if atas_mentee and atas_mentor and atas_mentee[-1] != atas_mentor[-1]:
        out.append("Mentor bekerja di perangkat daerah (OPD) lain.")
    elif mentor.unit_id not in atas_mentee and not satu_rumpun(mentor.jabatan, mentee.jabatan):
        out.append("Mentor bekerja di unit dan rumpun jabatan yang berbeda dari mentee.")
    if beban >= kapasitas:
        out.append(f"Mentor sudah membimbing {beban} mentee aktif (kapasitas {kapasitas}).")
    return out
