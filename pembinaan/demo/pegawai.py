"""Employees: ``generate_instansi`` writes one instansi (units, jabatan, employees with consistent NIPs, atasan,
competency standards and profiles).
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from .. import bulk
from .. import referensi as ref
from ..models import (
    Instansi,
    Jabatan,
    Kompetensi,
    Pegawai,
    ProfilKompetensi,
    StandarKompetensiJabatan,
    UnitKerja,
)
from .dasar import BATCH, JENIS_JPT, J
from .orang import (
    _BELAKANG_L,
    _BELAKANG_P,
    _GELAR,
    _GELAR_DEPAN_PROFESI,
    _III_A,
    _III_B,
    _III_C,
    _III_D,
    _IV_C,
    _KEAHLIAN,
    _MANAJERIAL,
    _NAMA_L,
    _NAMA_P,
    _PERAN,
    _PUNCAK_PENDIDIKAN,
    _RENTANG_MANAJERIAL,
    _STATUS_NONAKTIF,
    _TAHUN_PPPK,
    _TANPA_FORMASI,
    _URUT_PNS,
    _USIA_MASUK,
)
from .organisasi import _rancang
from .wilayah import _wilayah


def _pilih(rng, pasangan):
    nilai, bobot = zip(*pasangan, strict=True)
    return rng.choices(nilai, weights=bobot)[0]


def _jenjang_keahlian(idx):
    if idx <= _III_B:
        return ref.Jenjang.AHLI_PERTAMA
    if idx <= _III_D:
        return ref.Jenjang.AHLI_MUDA
    return ref.Jenjang.AHLI_MADYA if idx <= _IV_C else ref.Jenjang.AHLI_UTAMA


def _jenjang_keterampilan(idx):
    if idx <= 5:  # II/a
        return ref.Jenjang.PEMULA
    if idx <= 8:  # II/d
        return ref.Jenjang.TERAMPIL
    return ref.Jenjang.MAHIR if idx <= _III_B else ref.Jenjang.PENYELIA


class _Pembuat:
    """Generates one employee at a time; owns the random stream and the NIP sequence counters."""

    def __init__(self, rng, w, kode, acuan, urut_nip):
        self.rng = rng
        self.w = w
        self.kode = kode.lower()
        self.acuan = acuan
        self.urut_nip = urut_nip  # first 15 NIP digits -> highest sequence used (docs/domain.md §1.1)

    def orang(self, unit, *, jenis, jabatan="", peran=None, senior=False, status=ref.StatusPegawai.AKTIF):
        """The fields of one Pegawai (without ids and links) and the key of its Jabatan."""
        rng, acuan = self.rng, self.acuan
        manajerial = jenis in ref.JENIS_MANAJERIAL
        if manajerial:
            pendidikan_dist, p_perempuan, usia_min, masa_kerja_min = _MANAJERIAL[jenis]
        else:
            senior = senior or peran.senior
            pendidikan_dist, p_perempuan = peran.pendidikan, peran.perempuan
            usia_min, masa_kerja_min = (40, 10) if senior else (0, 1)
        pns_wajib = manajerial or senior or status in (ref.StatusPegawai.PENSIUN, ref.StatusPegawai.TUGAS_BELAJAR)
        pppk = not pns_wajib and rng.random() < peran.pppk
        perempuan = rng.random() < p_perempuan
        pendidikan = _pilih(rng, pendidikan_dist)
        # Many S-2/S-3 holders joined with an S-1 and studied while in service.
        if pendidikan in ("S-2", "S-3") and rng.random() < 0.65:
            pendidikan_masuk = "S-1"
        else:
            pendidikan_masuk = pendidikan
        usia_masuk = _USIA_MASUK[pendidikan_masuk]

        # Birth year: below the retirement age (BUP 58, 60 for JPT and guru) unless retired.
        bup = 60 if (jenis in JENIS_JPT or (peran and peran.ahli in ("Guru", "Pengawas Sekolah"))) else 58
        if status == ref.StatusPegawai.PENSIUN:
            th_min, th_max = 1966, max(1966, acuan.year - bup)
        else:
            th_min = max(1966, acuan.year - bup + 1)
            th_max = min(2002, acuan.year - max(usia_min, usia_masuk + masa_kerja_min))
        th_max = max(th_min, th_max)
        # PNS skew older (the workforce is ageing); PPPK are spread evenly.
        miring = 1.0 if pppk else 1.2
        th_lahir = th_min + int((th_max - th_min + 1) * rng.random() ** miring)
        lahir = date(th_lahir, 1, 1) + timedelta(days=rng.randrange(365))

        if pppk:
            tahun = [(t, b) for t, b in _TAHUN_PPPK if th_lahir + usia_masuk <= t <= acuan.year - 1]
            th_tmt = _pilih(rng, tahun) if tahun else min(acuan.year - 1, th_lahir + usia_masuk)
        else:
            hi = acuan.year - masa_kerja_min
            lo = min(hi, th_lahir + usia_masuk)
            th_tmt = min(hi, lo + int(rng.random() ** 1.5 * 13))
            if th_tmt in _TANPA_FORMASI:
                # Earlier than planned if need be (a little younger at appointment), never under 18.
                boleh = [t for t in range(max(th_lahir + 18, lo - 4), hi + 1) if t not in _TANPA_FORMASI] or [th_tmt]
                th_tmt = min(boleh, key=lambda t: (abs(t - th_tmt), t))
        tmt = date(th_tmt, rng.choice((1, 1, 2, 3, 3, 4, 6, 7, 10, 12)), 1)
        if tmt > acuan:
            tmt = acuan.replace(day=1)

        if pppk:
            jenis_asn = ref.JenisAsn.PPPK
            golongan, tmt_golongan = ref.GOLONGAN_AWAL_PPPK[pendidikan], tmt
            idx = None
        else:
            jenis_asn = ref.JenisAsn.CPNS if tmt > acuan - timedelta(days=365) else ref.JenisAsn.PNS
            idx, tmt_golongan = self._golongan_pns(jenis, peran, pendidikan, pendidikan_masuk, tmt, senior,
                                                   cpns=jenis_asn == ref.JenisAsn.CPNS)
            golongan = ref.GOLONGAN_PNS_KODE[idx - 1]

        if manajerial:
            kunci = (jabatan, jenis, "")
        elif peran.ahli is None and peran.terampil is None:  # pelaksana (PermenPANRB 45/2022 titles)
            kunci = (self._pelaksana(pendidikan), J.PELAKSANA, "")
        else:
            keahlian = (pendidikan in _KEAHLIAN and peran.ahli) or not peran.terampil
            if keahlian:
                jenjang = ref.Jenjang.AHLI_PERTAMA if pppk else _jenjang_keahlian(idx)
            else:
                jenjang = ref.Jenjang.TERAMPIL if pppk else _jenjang_keterampilan(idx)
            nama_jf = peran.ahli if keahlian else peran.terampil
            kunci = (f"{nama_jf} {jenjang.label}", J.FUNGSIONAL, jenjang.value)

        ilmu = (peran.ilmu if peran else (unit.ilmu if rng.random() < 0.65 else "umum")) or "umum"
        nama = self._nama(perempuan)
        depan, belakang = self._gelar(ilmu, pendidikan, lahir, perempuan)
        s = "2" if perempuan else "1"
        awal = f"{lahir.year:04d}{lahir.month:02d}{lahir.day:02d}" + (
            f"{tmt.year:04d}21" if pppk else f"{tmt.year:04d}{tmt.month:02d}") + s
        urut = self.urut_nip[awal] + 1
        if urut > 999:
            raise ValueError(f"urutan NIP habis untuk {awal}")
        self.urut_nip[awal] = urut
        pegawai = dict(
            nip=f"{awal}{urut:03d}",
            pns_id=f"{rng.getrandbits(128):032X}",
            nama=nama,
            gelar_depan=depan,
            gelar_belakang=belakang,
            jenis_kelamin=ref.JenisKelamin.PEREMPUAN if perempuan else ref.JenisKelamin.LAKI_LAKI,
            tempat_lahir=self._tempat_lahir(),
            tanggal_lahir=lahir,
            jenis_asn=jenis_asn,
            golongan=golongan,
            tmt_cpns=tmt,
            tmt_golongan=tmt_golongan,
            pendidikan=pendidikan,
            status=status,
            nik=self._nik(lahir, perempuan) if rng.random() < 0.9 else "",
            email=self._email(nama) if rng.random() < 0.85 else "",
            no_hp=f"08{rng.choice(('11', '12', '13', '21', '22', '52', '77', '81', '95'))}{rng.randrange(10**8):08d}"
            if rng.random() < 0.8 else "",
        )
        return pegawai, kunci

    def _golongan_pns(self, jenis, peran, pendidikan, pendidikan_masuk, tmt, senior, *, cpns):
        """(ruang index 1..17, TMT golongan): regular promotion every ~4 years from the starting ruang."""
        rng, acuan = self.rng, self.acuan
        idx = _URUT_PNS[ref.GOLONGAN_AWAL_PNS[pendidikan_masuk]]
        if cpns:
            return idx, tmt
        lo, hi = 1, _URUT_PNS[_PUNCAK_PENDIDIKAN[pendidikan]]
        if jenis in _RENTANG_MANAJERIAL:
            lo, hi = _RENTANG_MANAJERIAL[jenis]
        elif peran.ahli or peran.terampil:
            keahlian = (pendidikan in _KEAHLIAN and peran.ahli) or not peran.terampil
            hi = _IV_C if keahlian else _III_D
            if senior:
                lo = _III_C if keahlian else _III_A
        tgl = tmt
        while idx < hi:
            # Slower above III/d (angka kredit, fewer posts).
            jeda = rng.choice((4, 4, 4, 5)) if idx < _III_D else rng.choice((4, 5, 6, 7))
            berikut = date(tgl.year + jeda, rng.choice((4, 10)), 1)
            if berikut > acuan:
                break
            idx, tgl = idx + 1, berikut
        if idx < lo:  # appointed to a post above the regular path: promoted recently
            idx = lo
            tgl = max(tmt, date(acuan.year - rng.randint(1, 3), rng.choice((4, 10)), 1))
        return idx, tgl

    def _pelaksana(self, pendidikan):
        if pendidikan in ("S-1", "S-2", "D-IV"):
            return "Penata Layanan Operasional"
        if pendidikan == "D-III":
            return self.rng.choice(("Pengelola Layanan Operasional", "Pengadministrasi Perkantoran"))
        return self.rng.choice(("Pengadministrasi Perkantoran", "Operator Layanan Operasional"))

    def _nama(self, perempuan):
        rng = self.rng
        depan_pool, belakang_pool = (_NAMA_P, _BELAKANG_P) if perempuan else (_NAMA_L, _BELAKANG_L)
        bagian = [rng.choice(depan_pool)]
        if not perempuan and rng.random() < 0.08:
            bagian.insert(0, rng.choice(("Muhammad", "M.")))
        bentuk = rng.random()
        if bentuk < 0.15:  # a single name, common among older Javanese
            return " ".join(bagian)
        if bentuk > 0.8:
            tengah = rng.choice(depan_pool)
            if tengah not in bagian:
                bagian.append(tengah)
        belakang = rng.choice(belakang_pool)
        if belakang not in bagian:
            bagian.append(belakang)
        return " ".join(bagian)

    def _gelar(self, ilmu, pendidikan, lahir, perempuan):
        rng = self.rng
        daftar = _GELAR.get(ilmu, _GELAR["umum"])
        depan = []
        if self.acuan.year - lahir.year >= 40 and rng.random() < 0.12:
            depan.append("Hj." if perempuan else "H.")
        if pendidikan == "S-3":
            depan.append("Dr.")
        s1 = rng.choice(daftar.get("S-1") or _GELAR["umum"]["S-1"])
        if ilmu in ("teknik", "pertanian") and lahir.year < 1972 and pendidikan in ("S-1", "S-2", "S-3") \
                and rng.random() < 0.5:
            depan.append("Ir.")  # engineers of that generation, instead of S.T./S.P.
            s1 = ""
        if ilmu in _GELAR_DEPAN_PROFESI and pendidikan in ("S-1", "S-2", "S-3"):
            depan.append(_GELAR_DEPAN_PROFESI[ilmu])
        if pendidikan in ("SD", "SLTP", "SLTA"):
            belakang = ""
        elif pendidikan in ("D-I", "D-II", "D-III", "D-IV"):
            belakang = rng.choice(daftar.get(pendidikan) or daftar.get("D-III") or _GELAR["umum"][pendidikan])
        elif pendidikan == "S-1":
            belakang = s1
        else:
            s2 = rng.choice(daftar.get("S-2") or _GELAR["umum"]["S-2"])
            belakang = ", ".join(g for g in (s1, s2) if g) if not s2.startswith("Sp.") else s2
        return " ".join(depan), belakang

    def _tempat_lahir(self):
        w, rng = self.w, self.rng
        return rng.choice(w.wilayah) if rng.random() < 0.55 else rng.choice(w.kota_lahir)

    def _nik(self, lahir, perempuan):
        """NIK: region (6) + birth date DDMMYY with 40 added to the day for women + sequence (4)."""
        rng = self.rng
        hari = lahir.day + (40 if perempuan else 0)
        return f"{self.w.kode_nik}{rng.randint(1, 24):02d}{hari:02d}{lahir.month:02d}{lahir.year % 100:02d}" \
               f"{rng.randint(1, 2999):04d}"

    def _email(self, nama):
        kata = [k.strip(".").lower() for k in nama.split() if k not in ("M.",)]
        lokal = ".".join(kata[:2]) if len(kata) > 1 else kata[0]
        return f"{lokal}{self.rng.randint(1, 99)}@{self.kode}.example"


def _urut_nip_terpakai():
    """The highest sequence in use for every 15-digit NIP prefix, so new NIPs never collide."""
    urut = defaultdict(int)
    for nip in Pegawai.objects.values_list("nip", flat=True).iterator(chunk_size=20_000):
        awal, nomor = nip[:15], int(nip[15:])
        if nomor > urut[awal]:
            urut[awal] = nomor
    return urut


def _level_standar(jenis, jenjang):
    """Required level of the shipped competencies (PermenPANRB 38/2017 pattern)."""
    if jenis in JENIS_JPT:
        return 4
    if jenis == J.ADMINISTRATOR:
        return 3
    if jenis == J.PENGAWAS:
        return 2
    return 2 if jenjang.startswith("ahli") else 1


def generate_instansi(*, kode, nama, jumlah_pegawai, seed=0, siasn_id="", tanggal_acuan=None) -> Instansi:
    """Create one instansi with ``jumlah_pegawai`` employees (nothing to do if it already has employees).

    Deterministic for a given kode, seed and ``tanggal_acuan`` (the day the data describe; default the
    1st of January of the current year, so the data stay put all year and never lie in the future).
    """
    if jumlah_pegawai < 10:
        raise ValueError("jumlah_pegawai minimal 10")
    acuan = tanggal_acuan or timezone.localdate().replace(month=1, day=1)
    rng = random.Random(f"{kode}:{seed}")  # str seeds are hashed with SHA-512: stable across runs
    w = _wilayah(kode, nama)
    with transaction.atomic():
        instansi, _ = Instansi.objects.get_or_create(kode=kode, defaults={"nama": nama, "siasn_id": siasn_id})
        if instansi.pegawai.exists():
            return instansi
        units = _rancang(rng, w, jumlah_pegawai)
        _simpan_unit(instansi, units)
        pegawai, jabatan_kunci = _buat_pegawai(rng, w, kode, acuan, units, bulk.reserve_ids(Pegawai, jumlah_pegawai))
        jabatan_id = _simpan_jabatan(instansi, jabatan_kunci)
        sekarang = timezone.now()
        for p, kunci in zip(pegawai, jabatan_kunci, strict=True):
            p.update(instansi_id=instansi.pk, jabatan_id=jabatan_id[kunci], diperbarui=sekarang)
        # pghistory's row trigger costs about half a millisecond per row (PL/pgSQL exception blocks): skip it
        # for the bulk insert and write the same "insert" events afterwards in one statement.
        with bulk.without_insert_history():
            bulk.copy_rows(Pegawai, pegawai)
        bulk.record_insert_events("instansi_id = %s", [instansi.pk])
        _simpan_kompetensi(rng, acuan, instansi, pegawai, jabatan_kunci)
    return instansi


def _simpan_unit(instansi, units):
    """Insert the tree level by level (a unit needs its parent's id)."""
    per_kedalaman = defaultdict(list)
    for u in units:
        d, x = 0, u
        while x.induk is not None:
            d, x = d + 1, x.induk
        per_kedalaman[d].append(u)
    for d in sorted(per_kedalaman):
        objs = [UnitKerja(instansi=instansi, nama=u.nama, induk_id=u.induk.pk if u.induk else None)
                for u in per_kedalaman[d]]
        UnitKerja.objects.bulk_create(objs, batch_size=BATCH)
        for u, o in zip(per_kedalaman[d], objs, strict=True):
            u.pk = o.pk


def _buat_pegawai(rng, w, kode, acuan, units, ids):
    """Every unit's head and staff (field dicts with ids from ``ids``) and their jabatan keys."""
    pembuat = _Pembuat(rng, w, kode, acuan, _urut_nip_terpakai())
    # A few employees are no longer active: staff only, never the only person under a head.
    layak = sum(u.jumlah_staf for u in units if u.jumlah_staf >= 2)
    nonaktif = set(rng.sample(range(layak), max(1, round(0.025 * layak)))) if layak else set()
    nomor_layak = 0
    pegawai, kunci_jabatan = [], []
    id_baru = iter(ids)
    kepala = {}
    sekda = None
    for u in units:
        if u.kepala_peran:
            peran = _PERAN[rng.choice(u.kepala_peran)]
            p, kunci = pembuat.orang(u, jenis=J.FUNGSIONAL, peran=peran, senior=True)
        else:
            p, kunci = pembuat.orang(u, jenis=u.jenis, jabatan=u.kepala)
        p.update(id=next(id_baru), unit_kerja_id=u.pk)
        # Heads of sub-units report to the head of the parent unit; heads of OPD to the Sekda.
        if u.induk is not None:
            p["atasan_id"] = kepala[u.induk]["id"]
        elif sekda is None:
            p["atasan_id"] = None
            sekda = p
        else:
            p["atasan_id"] = sekda["id"]
        kepala[u] = p
        pegawai.append(p)
        kunci_jabatan.append(kunci)

        staf_peran = [(_PERAN[k], b) for k, b in u.staf]
        for _ in range(u.jumlah_staf):
            status = ref.StatusPegawai.AKTIF
            if u.jumlah_staf >= 2:
                if nomor_layak in nonaktif:
                    status = _pilih(rng, _STATUS_NONAKTIF)
                nomor_layak += 1
            p, kunci = pembuat.orang(u, jenis=None, peran=_pilih(rng, staf_peran), status=status)
            p.update(id=next(id_baru), unit_kerja_id=u.pk, atasan_id=kepala[u]["id"])
            pegawai.append(p)
            kunci_jabatan.append(kunci)
    return pegawai, kunci_jabatan


def _simpan_jabatan(instansi, kunci_jabatan):
    """Insert the jabatan used (keeping any that exist) and return key -> id."""
    unik = list(dict.fromkeys(kunci_jabatan))
    Jabatan.objects.bulk_create(
        [Jabatan(instansi=instansi, nama=n, jenis=j, jenjang=jj) for n, j, jj in unik],
        batch_size=BATCH, ignore_conflicts=True,
    )
    return {(n, j, jj): pk for pk, n, j, jj in
            Jabatan.objects.filter(instansi=instansi).values_list("pk", "nama", "jenis", "jenjang")}


def _simpan_kompetensi(rng, acuan, instansi, pegawai, kunci_jabatan):
    """Standards for every jabatan; assessed profiles for about half of the active employees."""
    kompetensi = list(Kompetensi.objects.filter(instansi__isnull=True).order_by("kode"))
    if not kompetensi:
        return
    standar = [
        StandarKompetensiJabatan(jabatan_id=pk, kompetensi=k, level=_level_standar(jenis, jenjang))
        for pk, jenis, jenjang in Jabatan.objects.filter(instansi=instansi).values_list("pk", "jenis", "jenjang")
        for k in kompetensi
    ]
    StandarKompetensiJabatan.objects.bulk_create(standar, batch_size=BATCH, ignore_conflicts=True)
    profil = []
    for p, (_, jenis, jenjang) in zip(pegawai, kunci_jabatan, strict=True):
        if p["status"] != ref.StatusPegawai.AKTIF or rng.random() >= 0.5:
            continue
        dasar = _level_standar(jenis, jenjang)
        tanggal = acuan - timedelta(days=rng.randint(30, 1000))
        for k in kompetensi:
            level = min(5, max(1, dasar + rng.choice((-1, 0, 0, 0, 1))))
            profil.append({"pegawai_id": p["id"], "kompetensi_id": k.pk, "level": level, "tanggal_asesmen": tanggal})
    bulk.copy_rows(ProfilKompetensi, profil)
