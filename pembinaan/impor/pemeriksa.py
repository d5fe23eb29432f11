"""Checking a SIASN "data pegawai" table (docs/domain.md §11.1) for one instansi, without writing anything.

``periksa`` checks every row and collects every problem (row number, column, Indonesian message); for a clean
file it also counts (and lists) who is new and what changes for whom. The database is read with a fixed number
of queries, whatever the number of rows. Writing is pembinaan.impor.penulis.
"""

import collections
import re
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.utils import timezone

from .. import nip as nip_mod
from .. import referensi as ref
from ..models import Jabatan, Pegawai, UnitKerja
from . import kolom
from .berkas import Tabel, tanpa_gc
from .kolom import FIELDS, KOLOM, KOLOM_STATUS, LABEL_FIELD, LABEL_PILIHAN, OFF, SUMBER, WAJIB
from .sel import (
    golongan_baris,
    jabatan_baris,
    jenis_asn_nip,
    jenis_asn_status,
    jenis_kelamin_baris,
    kalimat,
    nama_instansi,
    nomor_identitas,
    tanggal,
    teks,
)


@dataclass
class Galat:
    baris: int
    kolom: str
    pesan: str

    def as_dict(self):
        return {"baris": self.baris, "kolom": self.kolom, "pesan": self.pesan}


@dataclass
class Hasil:
    galat: list[Galat] = field(default_factory=list)
    peringatan: list[Galat] = field(default_factory=list)  # reported, never a reason to reject
    rows: list[dict] = field(default_factory=list)
    unit_baru: list[str] = field(default_factory=list)
    jabatan_baru: int = 0
    baru: int = 0
    diperbarui: int = 0
    tidak_berubah: int = 0
    jumlah: int = 0  # data rows in the file
    # The dry run's list of who is new and what changes for whom (file order, at most ``maks_perubahan`` entries):
    # {"nip", "nama", "jenis_asn", "baru": bool, "perubahan": [[label, old, new], ...]}.
    perubahan: list[dict] = field(default_factory=list)
    # Seconds spent per phase ("periksa", "tulis"; the reader adds "baca"), for ``impor_pegawai -v 2`` and the bench.
    waktu: dict = field(default_factory=dict)

    @property
    def ok(self):
        return not self.galat

    def ringkasan(self):
        return {"baris": self.jumlah or len(self.rows),
                "baru": self.baru, "diperbarui": self.diperbarui, "tidak_berubah": self.tidak_berubah,
                "unit_baru": self.unit_baru, "jabatan_baru": self.jabatan_baru,
                "baris_ditolak": len({g.baris for g in self.galat}), "jumlah_peringatan": len(self.peringatan)}



def _salah_satu(kolom, values):
    """``Pegawai.<kolom> = ANY(array)``: one parameter instead of one per value (``__in`` with 100,000 values
    spends seconds building the query)."""
    table = connection.ops.quote_name(Pegawai._meta.db_table)
    return RawSQL(f"{table}.{connection.ops.quote_name(kolom)} = ANY(%s)", (list(values),),
                  output_field=BooleanField())


_BELUM = object()
_POLOS = frozenset({str, type(None)})
_NIK = re.compile(r"[0-9]{16}")
_NIP = re.compile(r"[0-9]{18}")


def _kunci(*values):
    """``values`` as a cache key. A number or date cell is keyed with its type: 1, 1.0 and True are one dict key but
    different cells (True is not "1")."""
    if _POLOS.issuperset(map(type, values)):
        return values
    return tuple(v if v is None or type(v) is str else (type(v), v) for v in values)


def _ingat(cache, key, hitung):
    """``hitung()``, computed once per distinct ``key`` (None: every time). The values of a column repeat across
    100,000 rows (jabatan, unit, golongan, status...), and every function cached this way is pure: the same cells
    always give the same value and the same messages."""
    if key is None:
        return hitung()
    value = cache.get(key, _BELUM)
    if value is _BELUM:
        value = cache[key] = hitung()
    return value


def _kunci_nama(nama) -> str:
    return " ".join(str(nama).split()).upper()


def _kunci_unit(unit_id, nama):
    """A unit of the file: by its SIASN UNOR ID, else by its name (case and spacing ignored)."""
    return unit_id if unit_id else "#" + _kunci_nama(nama)


class Pemeriksa:
    """Checks the rows of one table for one instansi. Reads the database with a fixed number of queries."""

    def __init__(self, instansi, *, today=None, progress=None, semua_perubahan=False):
        self.instansi = instansi
        self.maks_perubahan = None if semua_perubahan else kolom.MAKS_PERUBAHAN
        self.today = today or timezone.localdate()
        self.progress = progress
        self.provinsi = "PROVINSI" in nama_instansi(instansi.nama).split()
        self._instansi_cocok = {}
        self._cache = collections.defaultdict(dict)  # per cached function: {key: value}, see _ingat

    def periksa(self, tabel: Tabel, *, hitung_perubahan=True) -> Hasil:
        with tanpa_gc():
            return self._periksa(tabel, hitung_perubahan)

    def _periksa(self, tabel, hitung_perubahan):
        hasil = self.siapkan(tabel)
        if not hasil.ok:
            return hasil
        rows = list(self.baris_diterima(tabel, hasil))
        self.selesaikan(hasil, rows)
        if hitung_perubahan and hasil.ok:
            self._hitung_perubahan(hasil, self._existing)
        return hasil

    # The check in three steps, so that the writer can write each accepted row while the next ones are checked
    # (pembinaan.impor.penulis): ``siapkan`` (the header, then what the rows are checked against),
    # ``baris_diterima`` (every row, yielding the accepted ones), ``selesaikan`` (what needs the whole file).

    def siapkan(self, tabel) -> Hasil:
        """A new Hasil; the missing mandatory columns are its only error, else the database is read for the rows."""
        hasil = Hasil(jumlah=len(tabel.baris))
        header = tabel.header
        hilang = [k for k in WAJIB if k not in header]
        if hilang:
            hasil.galat.append(Galat(tabel.baris_header, ", ".join(hilang),
                                     f"Kolom wajib tidak ditemukan: {', '.join(hilang)}. Gunakan berkas ekspor "
                                     "data pegawai SIASN atau templat impor (nama kolom harus sama)."))
            return hasil
        index = {KOLOM[h]: i for i, h in enumerate(header) if h in KOLOM}
        self.index = index
        self.fields = [f for f in FIELDS if SUMBER[f] & index.keys()]
        self._biasa = [f for f in self.fields if f not in ("jabatan_id", "unit_kerja_id")]
        self._turunan = self.fields[len(self._biasa):]
        if self._biasa + self._turunan != self.fields:  # FIELDS lists the two resolved ids last
            raise ValueError("FIELDS: jabatan_id and unit_kerja_id must come last")
        self.pos = [OFF + FIELDS.index(f) for f in self.fields]
        self.status_ada = bool(KOLOM_STATUS & index.keys())
        self._existing, self._pns_id_dipakai, self._nip_instansi = self._muat(tabel)
        self._nip_seen = {}
        return hasil

    def baris_diterima(self, tabel, hasil):
        """Check every row, yielding each accepted one as soon as it is checked (see ``_periksa_baris``)."""
        return self._periksa_baris(tabel, hasil, self._existing, self._nip_seen, self._pns_id_dipakai)

    def selesaikan(self, hasil, rows):
        """The checks that need the whole file (NIP ATASAN), then the messages in row order."""
        self._cek_atasan(hasil, rows, self._nip_seen, self._nip_instansi)
        hasil.galat.sort(key=lambda g: g.baris)
        hasil.rows = rows

    def unit_dan_jabatan(self, tabel):
        """The units and jabatan of every row (``unit(r)``, ``jabatan(r)``), computed once per distinct combination
        of their cells (cached: the check of each row then reads them free). Returns ([units], [jabatan])."""
        units, jabatan = [], []
        for names, fungsi, hasil in ((("satker_id", "satker", "unor_id", "unor"), self.unit, units),
                                     (("jabatan", "jenis_jabatan", "jenis_jabatan_id", "eselon", "jabatan_id"),
                                      lambda r: self.jabatan(r)[0], jabatan)):
            ada = [n for n in names if n in self.index]
            indexes = [self.index[n] for n in ada]
            lebar = max(indexes, default=-1) + 1
            berbeda = {}
            for _, cells in tabel.baris:
                values = tuple(cells[i] if i < len(cells) else None for i in indexes) if len(cells) < lebar \
                    else tuple([cells[i] for i in indexes])
                berbeda.setdefault(_kunci(*values), values)
            hasil.extend(fungsi(dict(zip(ada, values, strict=True))) for values in berbeda.values())
        return units, jabatan

    def baris_tabel(self, tabel):
        """Each data row as {column name: cell} (None for a missing cell)."""
        names, indexes = list(self.index), list(self.index.values())
        lebar = max(indexes) + 1
        ambil = itemgetter(*indexes) if len(indexes) > 1 else (lambda cells: (cells[indexes[0]],))
        for nomor, cells in tabel.baris:
            if len(cells) >= lebar:
                yield nomor, dict(zip(names, ambil(cells), strict=True))
            else:
                yield nomor, {name: (cells[i] if i < len(cells) else None) for name, i in self.index.items()}

    def _muat(self, tabel):
        """What the rows are checked against, in a fixed number of queries: the employees with the file's NIPs, the
        owners of its PNS IDs, this instansi's NIPs (for NIP ATASAN), units and jabatan."""
        instansi, index = self.instansi, self.index
        existing = {
            row[0]: row for row in Pegawai.objects.filter(_salah_satu("nip", self._semua(tabel, "nip"))).values_list(
                "nip", "instansi_id", "id", "atasan__nip", *FIELDS)
        }
        pns_id_dipakai = {}
        if "pns_id" in index:
            pns_id_dipakai = {p: (nip, inst, nama) for p, nip, inst, nama in Pegawai.objects.filter(
                _salah_satu("pns_id", [p for p in self._semua(tabel, "pns_id") if p])).values_list(
                "pns_id", "nip", "instansi_id", "nama")}
        nip_instansi = set(Pegawai.objects.filter(instansi=instansi).values_list("nip", flat=True)) \
            if "nip_atasan" in index else set()
        self.unit_existing = dict(UnitKerja.objects.filter(instansi=instansi).exclude(siasn_unor_id="")
                                  .values_list("siasn_unor_id", "id"))
        self.unit_by_nama = {}
        for nama, pk in UnitKerja.objects.filter(instansi=instansi, siasn_unor_id="").order_by("id") \
                .values_list("nama", "id"):
            self.unit_by_nama.setdefault(_kunci_nama(nama), pk)
        self.jabatan_existing = {}
        for nama, jenis, jenjang, pk in Jabatan.objects.filter(instansi=instansi).order_by("id") \
                .values_list("nama", "jenis", "jenjang", "id"):
            self.jabatan_existing.setdefault((_kunci_nama(nama), jenis, jenjang), pk)
        return existing, pns_id_dipakai, nip_instansi

    def _periksa_baris(self, tabel, hasil, existing, nip_seen, pns_id_dipakai):
        """Check every row; the accepted ones are yielded, the rejected ones' problems go to ``hasil.galat``; the
        new units and jabatan the accepted rows bring are counted in ``hasil`` (once every row is checked)."""
        pns_id_seen = {}
        unit_baru = {}
        jabatan_baru = set()
        for n, (nomor, r) in enumerate(self.baris_tabel(tabel)):
            if self.progress and n % 2000 == 0:
                self.progress(n)
            row, errors = self._baris(nomor, r, existing, nip_seen)
            if row and row["pns_id"]:
                errors = (errors or []) + self._cek_pns_id(nomor, row, pns_id_seen, pns_id_dipakai)
            if errors:
                hasil.galat.extend(errors)
                continue
            if row["_peringatan"]:
                hasil.peringatan.append(Galat(nomor, "JABATAN NAMA", f"{row['_jabatan'][0]}: {row['_peringatan']}"))
            for key, nama in row["_unit"]:
                if key not in unit_baru and self.unit_lama(key, nama) is None:
                    unit_baru[key] = nama
            if row["_jabatan"]:
                kunci = self._kunci_jabatan(row["_jabatan"])
                if kunci not in self.jabatan_existing:
                    jabatan_baru.add(kunci)
            yield row
        hasil.unit_baru = sorted(unit_baru.values())
        hasil.jabatan_baru = len(jabatan_baru)

    def _cek_atasan(self, hasil, rows, nip_seen, nip_instansi):
        """NIP ATASAN: must be someone in this file or already an employee of this instansi."""
        for row in rows:
            atasan = row["_nip_atasan"]
            if atasan and atasan not in nip_seen and atasan not in nip_instansi:
                hasil.galat.append(Galat(row["_baris"], "NIP ATASAN",
                                         f"NIP ATASAN {atasan} tidak ditemukan, baik di berkas ini maupun di data "
                                         f"pegawai {self.instansi.nama}."))

    def semua_nip(self, tabel):
        """Every NIP of the file, normalised as the check normalises it."""
        return self._semua(tabel, "nip")

    def semua(self, tabel, name):
        """Every value of a text column (NIPs normalised, cut to 64 characters otherwise)."""
        return self._semua(tabel, name)

    def _semua(self, tabel, name):
        """Every value of a text column (NIPs normalised), for one batched database lookup."""
        i = self.index.get(name)
        if i is None:
            return []
        values = (cells[i] for _, cells in tabel.baris if i < len(cells) and isinstance(cells[i], str))
        if name == "nip":
            return [nip_mod.normalise(teks(v)) for v in values]
        return [teks(v)[:64] for v in values]

    def _kunci_jabatan(self, jabatan):
        return _ingat(self._cache["kunci_jabatan"], jabatan,
                      lambda: (_kunci_nama(jabatan[0]), jabatan[1], jabatan[2]))

    def unit_lama(self, key, nama):
        """The id of an existing unit for a unit of the file (by UNOR ID, else by name), or None."""
        cache = self._cache["unit_lama"]
        hasil = cache.get((key, nama), _BELUM)
        if hasil is _BELUM:
            hasil = cache[key, nama] = self._unit_lama(key, nama)
        return hasil

    def _unit_lama(self, key, nama):
        if not key.startswith("#"):
            found = self.unit_existing.get(key)
            if found:
                return found
        return self.unit_by_nama.get(_kunci_nama(nama))

    def _cocok_instansi(self, inst_id, inst_nama):
        """True when the row's INSTANSI INDUK columns name the importing instansi (cached per distinct value)."""
        key = (inst_id, inst_nama)
        if key not in self._instansi_cocok:
            siasn_id = self.instansi.siasn_id
            if inst_id and siasn_id:
                cocok = inst_id.upper() == siasn_id.upper()
            elif inst_nama:
                cocok = nama_instansi(inst_nama) == nama_instansi(self.instansi.nama)
            else:
                cocok = True
            self._instansi_cocok[key] = cocok
        return self._instansi_cocok[key]

    def _cek_pns_id(self, nomor, row, pns_id_seen, pns_id_dipakai):
        errors = []
        pns_id = row["pns_id"]
        if pns_id in pns_id_seen:
            errors.append(Galat(nomor, "PNS ID", f"PNS ID {pns_id} muncul dua kali dalam berkas (juga di baris "
                                                 f"{pns_id_seen[pns_id]})."))
        else:
            pns_id_seen[pns_id] = nomor
        pemilik = pns_id_dipakai.get(pns_id)
        if pemilik and pemilik[0] != row["nip"]:
            siapa = f"{pemilik[2]} (NIP {pemilik[0]})" if pemilik[1] == self.instansi.pk else "pegawai instansi lain"
            errors.append(Galat(nomor, "PNS ID", f"PNS ID {pns_id} sudah dipakai oleh {siapa}. Periksa NIP BARU dan "
                                                 "PNS ID baris ini."))
        return errors

    def _baris(self, nomor, r, existing, nip_seen):
        """One row: (the row to write, None), or (None, every problem of the row)."""
        errors = []

        def err(kolom, pesan):
            errors.append(Galat(nomor, kolom, pesan))

        nip_text = self._cek_nip_teks(r, err)
        nama = self._cek_nama(r, err)
        tgl_lahir = self._cek_tanggal_lahir(r, err)
        jk = self._cek_jenis_kelamin(r, err)
        jenis_asn = self._cek_jenis_asn(r, nip_text, err)
        tmt, tmt_err = self._tanggal_lalu(r, "tmt_cpns", "TMT CPNS")
        tmt_golongan, tmt_gol_err = self._tanggal_lalu(r, "tmt_golongan", "TMT GOLONGAN")
        for e in (tmt_err, tmt_gol_err):
            if e:
                errors.append(Galat(nomor, *e))

        nip_final = None
        if nip_text and jenis_asn:
            nip_final, jenis_asn = self._cek_nip(nomor, nip_text, jenis_asn, tgl_lahir, jk, tmt, existing, nip_seen,
                                                 err)
        self._cek_instansi(r, err)
        cache = self._cache
        golongan, gol_err = _ingat(cache["golongan"],
                                   _kunci(r.get("golongan"), r.get("gol_id"), str(jenis_asn)),
                                   lambda: golongan_baris(r, jenis_asn)) if jenis_asn else ("", None)
        if gol_err:
            err("GOL AKHIR NAMA", gol_err)
        jabatan, jab_err = self.jabatan(r)
        if jab_err:
            err("JENIS JABATAN NAMA", jab_err)
        nik = self._cek_nik(r, err)
        email = self._cek_email(r, err)
        nip_atasan = self._cek_nip_atasan(r, nip_final, err)

        if errors:
            return None, errors
        tk = self._teks
        unit = self.unit(r)
        row = {
            "_baris": nomor, "_unit": unit, "_jabatan": jabatan, "_nip_atasan": nip_atasan,
            "nip": nip_final, "pns_id": teks(r.get("pns_id"))[:64], "nama": nama,
            "gelar_depan": tk(r.get("gelar_depan"))[:50], "gelar_belakang": tk(r.get("gelar_belakang"))[:100],
            "tempat_lahir": tk(r.get("tempat_lahir"))[:100], "tanggal_lahir": tgl_lahir, "jenis_kelamin": jk,
            "jenis_asn": jenis_asn, "golongan": golongan, "tmt_cpns": tmt, "tmt_golongan": tmt_golongan,
            "pendidikan": tk(r.get("pendidikan"))[:50], "nik": nik or "", "email": email[:254],
            "no_hp": teks(r.get("no_hp"))[:30],
            "_peringatan": _ingat(cache["peringatan"], (jabatan[2], golongan),
                                  lambda: ref.peringatan_jenjang(jabatan[2], golongan))
            if jabatan and golongan else "",
        }
        return row, None

    def jabatan(self, r):
        """The row's jabatan: ((nama, jenis, jenjang, siasn_id) or None, error or None)."""
        return _ingat(self._cache["jabatan"],
                      _kunci(r.get("jabatan"), r.get("jenis_jabatan"), r.get("jenis_jabatan_id"), r.get("eselon"),
                             r.get("jabatan_id")),
                      lambda: jabatan_baris(r, provinsi=self.provinsi))

    def unit(self, r):
        """The row's units, outermost first: [(key, nama), ...]."""
        return _ingat(self._cache["unit"],
                      _kunci(r.get("satker_id"), r.get("satker"), r.get("unor_id"), r.get("unor")),
                      lambda: _unit_baris(r))

    def _teks(self, value):
        """teks() of a cell of a column whose values repeat (gelar, tempat lahir, pendidikan), once per value."""
        key = value if type(value) is str else (type(value), value)
        cache = self._cache["teks"]
        hasil = cache.get(key)
        if hasil is None:
            hasil = cache[key] = teks(value)
        return hasil

    # Each _cek_* reads one column (or group) of a row, reports its problems through ``err(kolom, pesan)`` and
    # returns the value read.

    @staticmethod
    def _cek_nip_teks(r, err):
        nip_text, nip_err = nomor_identitas(r.get("nip"), "NIP BARU", "NIP")
        if nip_err:
            err("NIP BARU", nip_err)
        elif not nip_text:
            err("NIP BARU", "NIP BARU kosong; setiap baris harus memiliki NIP atau NI PPPK 18 digit.")
        return nip_text

    @staticmethod
    def _cek_nama(r, err):
        nama = teks(r.get("nama"))
        if not nama:
            err("NAMA", "Nama kosong; setiap pegawai harus memiliki nama.")
        elif len(nama) > 200:
            err("NAMA", f"Nama lebih dari 200 karakter ({len(nama)} karakter).")
        return nama

    def _tanggal(self, value):
        """tanggal() of a cell, once per distinct text (raises ValueError as tanggal() does)."""
        key = value if type(value) is str else (type(value), value)
        cache = self._cache["tanggal"]
        hasil = cache.get(key, _BELUM)
        if hasil is _BELUM:
            try:
                hasil = tanggal(value)
            except ValueError as exc:
                hasil = exc
            cache[key] = hasil
        if isinstance(hasil, ValueError):
            raise ValueError
        return hasil

    def _cek_tanggal_lahir(self, r, err):
        try:
            tgl_lahir = self._tanggal(r.get("tanggal_lahir"))
        except ValueError:
            err("TANGGAL LAHIR", f"Tanggal lahir '{teks(r.get('tanggal_lahir'))}' tidak dapat dibaca; "
                                 "gunakan format DD-MM-YYYY (mis. 26-09-1986).")
            return None
        if tgl_lahir is None:
            err("TANGGAL LAHIR", "Tanggal lahir kosong.")
        return tgl_lahir

    def _cek_jenis_kelamin(self, r, err):
        value = r.get("jenis_kelamin")
        jk = _ingat(self._cache["jenis_kelamin"], _kunci(value), lambda: jenis_kelamin_baris(value))
        if jk is None:
            err("JENIS KELAMIN", f"Jenis kelamin '{teks(r.get('jenis_kelamin'))}' tidak dikenal; gunakan M/F "
                                 "(seperti SIASN) atau L/P.")
        return jk

    def _cek_jenis_asn(self, r, nip_text, err):
        jenis_asn = _ingat(self._cache["jenis_asn"],
                           _kunci(r.get("kedudukan_hukum_id"), r.get("jenis_pegawai"), r.get("kedudukan_hukum"),
                                  r.get("status_cpns_pns")),
                           lambda: jenis_asn_status(r)) or jenis_asn_nip(nip_text or "")
        if jenis_asn is None:
            tengah = re.sub(r"\D", "", nip_text)[12:14]
            err("NIP BARU", f"Jenis ASN tidak dapat ditentukan: digit 13-14 NIP ({tengah}) bukan bulan TMT CPNS "
                            "(01-12) dan bukan penanda NI PPPK (21-29). Jika pegawai ini PNS, bulan TMT dalam NIP "
                            "salah ketik; jika PPPK, isi kolom JENIS PEGAWAI NAMA atau KEDUDUKAN HUKUM ID (tambahkan "
                            "kolomnya bila belum ada).")
        return jenis_asn

    def _cek_nip(self, nomor, nip_text, jenis_asn, tgl_lahir, jk, tmt, existing, nip_seen, err):
        """The NIP against the rules of its jenis ASN and the row's other columns, unique in the file, not another
        instansi's employee. Returns (normalised NIP, jenis ASN: a recorded CPNS stays CPNS without status columns)."""
        nip_final, messages = nip_mod.validate(
            nip_text, jenis_asn=jenis_asn, tanggal_lahir=tgl_lahir, jenis_kelamin=jk,
            tmt=tmt if jenis_asn in ref.JENIS_PNS else None, today=self.today)
        for m in messages:
            err("NIP BARU", kalimat(m))
        if messages:
            return nip_final, jenis_asn
        label = "NI PPPK" if jenis_asn in ref.JENIS_PPPK else "NIP"
        if nip_final in nip_seen:
            err("NIP BARU", f"{label} {nip_final} muncul dua kali dalam berkas (juga di baris "
                            f"{nip_seen[nip_final]}).")
        else:
            nip_seen[nip_final] = nomor
        other = existing.get(nip_final)
        if other and other[1] != self.instansi.pk:
            err("NIP BARU", f"{label} {nip_final} sudah terdaftar pada instansi lain; pegawai pindah instansi "
                            "harus dimutasi oleh instansi asalnya terlebih dahulu.")
        elif other and not self.status_ada:
            # No status column: keep what is recorded (a CPNS stays CPNS) within the family the NIP tells.
            lama = other[OFF + FIELDS.index("jenis_asn")]
            if (lama in ref.JENIS_PNS) == (jenis_asn in ref.JENIS_PNS):
                jenis_asn = lama
        return nip_final, jenis_asn

    def _cek_instansi(self, r, err):
        raw_id, raw_nama = r.get("instansi_id"), r.get("instansi")
        galat = _ingat(self._cache["instansi"], _kunci(raw_id, raw_nama),
                       lambda: self._galat_instansi(raw_id, raw_nama))
        if galat:
            err(*galat)

    def _galat_instansi(self, raw_id, raw_nama):
        """(kolom, pesan) when the row's INSTANSI INDUK columns name another instansi, else None."""
        inst_id, inst_nama = teks(raw_id), teks(raw_nama)
        if (inst_id or inst_nama) and not self._cocok_instansi(inst_id, inst_nama):
            kolom_galat = "INSTANSI INDUK ID" if inst_id and self.instansi.siasn_id else "INSTANSI INDUK NAMA"
            return kolom_galat, (f"Baris ini milik instansi '{inst_nama or inst_id}', bukan {self.instansi.nama} "
                                 "yang sedang mengimpor. Hapus baris instansi lain dari berkas.")
        return None

    @staticmethod
    def _cek_nik(r, err):
        nik, nik_err = nomor_identitas(r.get("nik"), "NIK", "NIK")
        if nik_err:
            err("NIK", nik_err)
        elif nik:
            nik = nip_mod.normalise(nik)
            if not _NIK.fullmatch(nik):
                err("NIK", f"NIK '{teks(r.get('nik'))}' harus 16 digit angka (ditemukan {len(nik)} karakter).")
        return nik

    @staticmethod
    def _cek_email(r, err):
        email = teks(r.get("email")) or teks(r.get("email_gov"))
        if email:
            try:
                validate_email(email)
            except ValidationError:
                err("EMAIL", f"Alamat e-mail '{email}' tidak sah.")
        return email

    @staticmethod
    def _cek_nip_atasan(r, nip_final, err):
        if "nip_atasan" not in r:
            return ""
        atasan_text, atasan_err = nomor_identitas(r.get("nip_atasan"), "NIP ATASAN", "NIP")
        if atasan_err:
            err("NIP ATASAN", atasan_err)
            return ""
        if not atasan_text:
            return ""
        nip_atasan = nip_mod.normalise(atasan_text)
        if not _NIP.fullmatch(nip_atasan):
            err("NIP ATASAN", f"NIP ATASAN '{atasan_text}' harus 18 digit angka.")
        elif nip_atasan == nip_final:
            err("NIP ATASAN", "Pegawai tidak boleh menjadi atasan dirinya sendiri.")
        return nip_atasan

    def _tanggal_lalu(self, r, key, kolom):
        """A date column that may be empty but never in the future. Returns (date, (kolom, pesan) or None)."""
        try:
            value = self._tanggal(r.get(key))
        except ValueError:
            return None, (kolom, f"{kolom} '{teks(r.get(key))}' tidak dapat dibaca; gunakan format DD-MM-YYYY.")
        if value and value > self.today:
            return None, (kolom, f"{kolom} {value:%d-%m-%Y} ada di masa depan (hari ini {self.today:%d-%m-%Y}).")
        return value, None

    def _hitung_perubahan(self, hasil, existing):
        """Dry-run counts: how many rows are new, changed, unchanged (units/jabatan ids as they would be); and,
        for the first ``maks_perubahan`` of them, who is new and which field changes from what to what."""
        maks = self.maks_perubahan
        nama_unit = nama_jabatan = None
        for row in hasil.rows:
            old = existing.get(row["nip"])
            catat = maks is None or len(hasil.perubahan) < maks
            if old is None:
                hasil.baru += 1
                if catat:
                    hasil.perubahan.append({"nip": row["nip"], "nama": row["nama"], "jenis_asn": str(row["jenis_asn"]),
                                            "baru": True, "perubahan": []})
                continue
            new_values = self.nilai(row, lambda key, nama: self.unit_lama(key, nama) or -1, self.jabatan_existing)
            atasan_berubah = row["_nip_atasan"] and row["_nip_atasan"] != old[3]
            beda = [(f, v, old[p]) for f, v, p in zip(self.fields, new_values, self.pos, strict=True) if v != old[p]]
            if not (atasan_berubah or beda):
                hasil.tidak_berubah += 1
                continue
            hasil.diperbarui += 1
            if not catat:
                continue
            if nama_unit is None:  # two queries, only when something changes
                nama_unit = dict(UnitKerja.objects.filter(instansi=self.instansi).values_list("id", "nama"))
                nama_jabatan = dict(Jabatan.objects.filter(instansi=self.instansi).values_list("id", "nama"))
            daftar = []
            for f, baru, lama in beda:
                if f == "unit_kerja_id":
                    tampil_baru = nama_unit.get(baru) or f"{row['_unit'][-1][1]} (unit baru)"
                    tampil_lama = nama_unit.get(lama, "")
                elif f == "jabatan_id":
                    tampil_baru = nama_jabatan.get(baru) or f"{row['_jabatan'][0]} (jabatan baru)"
                    tampil_lama = nama_jabatan.get(lama, "")
                else:
                    tampil_baru, tampil_lama = _tampil(f, baru), _tampil(f, lama)
                daftar.append([LABEL_FIELD[f], tampil_lama or "–", tampil_baru or "–"])
            if atasan_berubah:
                daftar.append(["NIP atasan", old[3] or "–", row["_nip_atasan"]])
            hasil.perubahan.append({"nip": row["nip"], "nama": old[OFF + FIELDS.index("nama")],
                                    "jenis_asn": str(row["jenis_asn"]), "baru": False, "perubahan": daftar})

    def nilai(self, row, unit_id, jabatan_ids):
        """The values of ``self.fields`` for a row; ``unit_id(key, nama)`` resolves a unit of the file."""
        values = [row[f] for f in self._biasa]
        for f in self._turunan:
            if f == "jabatan_id":
                values.append(jabatan_ids.get(self._kunci_jabatan(row["_jabatan"]), -1) if row["_jabatan"] else None)
            else:
                values.append(unit_id(*row["_unit"][-1]) if row["_unit"] else None)
        return values


def _unit_baris(r):
    """The row's units, outermost first: the SATUAN KERJA, then the UNOR under it when it is another unit."""
    unit = []
    satker_id, satker = teks(r.get("satker_id"))[:64], teks(r.get("satker"))[:255]
    unor_id, unor = teks(r.get("unor_id"))[:64], teks(r.get("unor"))[:255]
    if satker:
        unit.append((_kunci_unit(satker_id, satker), satker))
    if unor and (not unit or _kunci_unit(unor_id, unor) != unit[0][0]):
        unit.append((_kunci_unit(unor_id, unor), unor))
    return unit


def _tampil(field_name, value):
    """A field's value as a person reads it in the dry run's list of changes."""
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return f"{value:%d-%m-%Y}"
    return LABEL_PILIHAN.get(field_name, {}).get(value, str(value))


def periksa(tabel, instansi, *, today=None, progress=None, semua_perubahan=False) -> Hasil:
    """The dry run. ``semua_perubahan``: list every new and changed employee, not only the first MAKS_PERUBAHAN."""
    return Pemeriksa(instansi, today=today, progress=progress, semua_perubahan=semua_perubahan).periksa(tabel)

