"""Privacy crawl of the public transparency site (issue 12 §4): a generated instansi, built and published by the
snapshot service, then every public URL fetched anonymously (HTML, CSV, JSON, the embeddable card).

The instansi: 200 OPDs of 1–60 employees each (PNS and PPPK, both sexes, some in a bidang under the OPD), a year's
JP ledger (programmes of every bentuk), and an annual evaluation period with a random share of submitted forms.
Random sizes and contents from a seeded generator: the seed is printed (``-s``) and can be replayed with
``TRANSPARANSI_SEED=<n>``.

What no crawl may find:
- a visible count in 1..k−1 (k = 5 for training/JP/participation counts, 10 for anything from evaluations), in
  the JSON, the CSV, the HTML tables or the card;
- a row or column where a hidden count can be recovered from the published ones and the totals: checked by an
  exact linear solver written here, independently of pembinaan/pengungkapan.py (whose own attacker, which adds the
  bounds a reader knows, runs as a second opinion);
- an employee's name, NIP, or any 18-digit number;
- a predikat breakdown for a unit with fewer than 20 submitted evaluations;
- a published total that differs from the sum of its published parts without saying it hides some.
"""

import csv
import datetime
import html
import io
import json
import os
import random
import re
from fractions import Fraction
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from evaluasi.models import Evaluasi, PeriodeEvaluasi
from evaluasi.predikat import MATRIKS, Predikat
from pembinaan import pengungkapan
from pembinaan.models import Pegawai, UnitKerja
from pembinaan.pengungkapan import KATEGORI_TOTAL, TANDA_MEMUAT, UNIT_LAINNYA
from pembinaan.services.transparansi import transparansi_bangun_sinkron
from tests import factories as f
from tests.bench.bench_jp import _ledger

pytestmark = pytest.mark.django_db

SEED = int(os.environ.get("TRANSPARANSI_SEED") or random.SystemRandom().randrange(10**6))
N_OPD = 200
PENANDA = "Rahasiaq"  # in every generated employee name: its appearance anywhere is a leak
LABEL_PREDIKAT = set(Predikat.labels)
DELAPAN_BELAS = re.compile(r"(?<![0-9])[0-9]{18}(?![0-9])")
NIP_TAMPIL = re.compile(r"[0-9]{8}\s[0-9]{4}\s?[0-9]{2}\s[0-9]\s[0-9]{3}")  # PNS 8 6 1 3, PPPK 8 4 2 1 3


# ------------------------------------------------------------------ the generated instansi
def _bangun_instansi(rnd):
    instansi = f.InstansiFactory(kode="UJIPRIVASI", nama="Pemerintah Kabupaten Uji Privasi")
    opd = UnitKerja.objects.bulk_create([UnitKerja(instansi=instansi, nama=f"Dinas Uji {i:03d}") for i in range(N_OPD)])
    bidang = UnitKerja.objects.bulk_create([UnitKerja(instansi=instansi, nama=f"Bidang Uji {i:03d}", induk=o)
                                            for i, o in enumerate(opd)])
    pegawai, urutan = [], 0
    for o, b in zip(opd, bidang, strict=True):
        for _ in range(rnd.randint(1, 60)):
            urutan += 1
            jk = rnd.choice("LP")
            lahir = datetime.date(1965 + rnd.randrange(35), 1 + rnd.randrange(12), 1 + rnd.randrange(28))
            pppk = rnd.random() < 0.3
            nip = (f.nip_pppk(lahir, 2023, jk, urutan % 999 + 1) if pppk
                   else f.nip_pns(lahir, datetime.date(lahir.year + 25, 3, 1), jk, urutan % 999 + 1))
            pegawai.append(Pegawai(
                instansi=instansi, unit_kerja=rnd.choice((o, o, b)), nama=f"Sutrisno {PENANDA}{urutan:05d}",
                nip=nip, jenis_kelamin=jk, tanggal_lahir=lahir, jenis_asn="PPPK" if pppk else "PNS",
                tmt_cpns=None if pppk else datetime.date(lahir.year + 25, 3, 1), golongan="" if pppk else "III/a"))
    seen = set()
    pegawai = [p for p in pegawai if not (p.nip in seen or seen.add(p.nip))]  # a NIP is unique
    pegawai = Pegawai.objects.bulk_create(pegawai, batch_size=2000)
    return instansi, opd, pegawai


def _evaluasi(rnd, instansi, pegawai, hari_ini):
    """An annual period closed before today; each employee's form submitted with a random chance per OPD (so
    some OPDs have many, some a handful), with a predikat from the matrix."""
    tenggat = hari_ini - datetime.timedelta(days=40)  # before both snapshots' dates
    periode = PeriodeEvaluasi.objects.create(
        instansi=instansi, nama="Tahunan uji", jenis="tahunan", mulai=tenggat - datetime.timedelta(days=300),
        selesai=tenggat - datetime.timedelta(days=5), tenggat=tenggat, status="ditutup", dibuka_pada=timezone.now())
    peluang = {}
    baris, pasangan = [], list(MATRIKS.items())
    for p in pegawai:
        terkirim = timezone.make_aware(datetime.datetime.combine(tenggat, datetime.time(10))) + datetime.timedelta(
            days=rnd.randint(-5, 3))  # most on time, some late
        chance = peluang.setdefault(p.unit_kerja.induk_id or p.unit_kerja_id, rnd.choice((0.0, 0.3, 0.9, 1.0)))
        if rnd.random() >= chance:
            continue
        (h, pk), predikat = rnd.choice(pasangan) if rnd.random() < 0.5 else pasangan[1]
        baris.append(Evaluasi(periode=periode, pegawai=p, unit_kerja_id=p.unit_kerja_id, status="diajukan",
                              rating_hasil_kerja=h, rating_perilaku_kerja=pk, predikat=predikat,
                              diajukan_pada=terkirim))
    Evaluasi.objects.bulk_create(baris, batch_size=2000)
    return baris


# ------------------------------------------------------------------ the crawl
class _Tautan(HTMLParser):
    def __init__(self):
        super().__init__()
        self.href = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.href += [v for k, v in attrs if k == "href" and v]


class _Tabel(HTMLParser):
    """{table id: [[cell text, ...], ...]} of every ``<table id=…>`` (footnote numbers in ``<sup>`` left out)."""

    def __init__(self):
        super().__init__()
        self.tabel, self._id, self._baris, self._sel, self._sup = {}, None, None, None, 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and a.get("id"):
            self._id = a["id"]
            self.tabel[self._id] = []
        elif tag == "tr" and self._id:
            self._baris = []
        elif tag in ("td", "th") and self._baris is not None:
            self._sel = ""
        elif tag == "sup":
            self._sup += 1

    def handle_endtag(self, tag):
        if tag == "sup":
            self._sup -= 1
        elif tag in ("td", "th") and self._sel is not None:
            self._baris.append(" ".join(self._sel.split()))
            self._sel = None
        elif tag == "tr" and self._baris is not None:
            self.tabel[self._id].append(self._baris)
            self._baris = None
        elif tag == "table":
            self._id = None

    def handle_data(self, data):
        if self._sel is not None and not self._sup:
            self._sel += data


def _jelajah(client, awal):
    """Every URL under /transparansi/ reachable from ``awal`` by the links of the HTML pages."""
    dilihat, antre, hasil = set(), list(awal), {}
    while antre:
        url = antre.pop(0)
        if url in dilihat:
            continue
        dilihat.add(url)
        resp = client.get(url)
        assert resp.status_code == 200, f"{url}: {resp.status_code}"
        hasil[url] = resp
        if resp["Content-Type"].startswith("text/html"):
            p = _Tautan()
            p.feed(resp.content.decode())
            antre += [h for h in p.href if h.startswith("/transparansi/") and h not in dilihat]
    assert len(hasil) < 100
    return hasil


@pytest.fixture(scope="module")
def dunia(django_db_setup, django_db_blocker):
    print(f"\nTRANSPARANSI_SEED={SEED}")
    rnd = random.Random(SEED)
    with django_db_blocker.unblock(), transaction.atomic():
        hari_ini = timezone.localdate()
        instansi, opd, pegawai = _bangun_instansi(rnd)
        evaluasi = _evaluasi(rnd, instansi, pegawai, hari_ini)
        _ledger(instansi, len(pegawai), seed=SEED)
        hr = f.hr_user(instansi, "hr.privasi")
        lama = transparansi_bangun_sinkron(actor=hr, instansi=instansi, tanggal=hari_ini - datetime.timedelta(days=31),
                                           terbitkan=True)
        baru = transparansi_bangun_sinkron(actor=hr, instansi=instansi, tanggal=hari_ini, terbitkan=True)
        client = Client()
        halaman = _jelajah(client, [reverse("transparansi-daftar")])
        yield {"instansi": instansi, "opd": opd, "pegawai": pegawai, "evaluasi": evaluasi, "halaman": halaman,
               "snapshot": [lama, baru], "client": client}
        transaction.set_rollback(True)


def _json_semua(dunia):
    return {u: json.loads(r.content) for u, r in dunia["halaman"].items() if "/data.json" in u}


def _k(indikator, sel_semua):
    """The threshold of an indicator, decided here from what it counts: evaluations (predikat categories or an
    evaluation indicator) 10, anything else 5."""
    kategori = {s["kategori"] for s in sel_semua if s["indikator"] == indikator}
    dari_evaluasi = indikator.startswith("evaluasi") or bool(kategori & LABEL_PREDIKAT)
    return settings.TRANSPARANSI_K_EVALUASI if dari_evaluasi else settings.TRANSPARANSI_K_PELATIHAN


def _angka(teks):
    """An integer as the page prints it ("1.234", "12*"), or None for anything else ("< 5", "—", "45,5 %")."""
    teks = teks.strip().rstrip(TANDA_MEMUAT).strip()
    return int(teks.replace(".", "")) if re.fullmatch(r"[0-9]{1,3}(\.[0-9]{3})*", teks) else None


# ------------------------------------------------------------------ the checks
def test_jelajah_mencakup_semua_jenis_halaman(dunia):
    urls = set(dunia["halaman"])
    kode = dunia["instansi"].kode
    for nama, kw in (("transparansi-daftar", {}), ("transparansi-metodologi", {}),
                     ("transparansi-instansi", {"kode": kode}), ("transparansi-sematkan", {"kode": kode}),
                     ("transparansi-data", {"kode": kode, "fmt": "csv"}),
                     ("transparansi-data", {"kode": kode, "fmt": "json"})):
        assert reverse(nama, kwargs=kw) in urls
    lama = dunia["snapshot"][0].tanggal
    assert any(f"tanggal={lama:%Y-%m-%d}" in u for u in urls)  # the earlier snapshot, through its link
    assert len(_json_semua(dunia)) >= 2
    assert all(s.status == "diterbitkan" for s in dunia["snapshot"])


def test_tidak_ada_nama_nip_atau_angka_18_digit(dunia):
    for url, resp in dunia["halaman"].items():
        teks = resp.content.decode("utf-8-sig")
        assert PENANDA.lower() not in teks.lower(), f"{url}: an employee name"
        for pola in (DELAPAN_BELAS, NIP_TAMPIL):  # a NIP written plainly or grouped as pages print it
            assert not pola.search(teks), f"{url}: {pola.search(teks).group()}"


def test_tidak_ada_hitungan_kecil_yang_tampil(dunia):
    for url, isi in _json_semua(dunia).items():
        for s in isi["sel"]:
            if s["jenis"] != "jumlah" or s["disembunyikan"]:
                continue
            k = _k(s["indikator"], isi["sel"])
            assert s["nilai"] is not None and not (0 < s["nilai"] < k), f"{url}: {s}"


def test_csv_dan_json_memuat_sel_yang_sama(dunia):
    for url, resp in dunia["halaman"].items():
        if "/data.csv" not in url:
            continue
        isi = json.loads(dunia["halaman"][url.replace("data.csv", "data.json")].content)
        baris = list(csv.DictReader(io.StringIO(resp.content.decode("utf-8-sig"))))
        assert len(baris) == len(isi["sel"])
        for b, s in zip(baris, isi["sel"], strict=True):
            assert b["disembunyikan"] == ("true" if s["disembunyikan"] else "false")
            assert b["nilai"] == ("" if s["nilai"] is None else str(s["nilai"]))
            assert (b["indikator"], b["unit"].lstrip("'"), b["kategori"]) == (s["indikator"], s["unit"], s["kategori"])


def test_html_menampilkan_hanya_yang_ada_di_data(dunia):
    """Every number in a table of the page is the published cell's ``tampil``; no count in 1..k−1 shows."""
    for url, resp in dunia["halaman"].items():
        if not url.startswith(reverse("transparansi-instansi", kwargs={"kode": dunia["instansi"].kode})) \
                or "data." in url or "sematkan" in url:
            continue
        tanggal = re.search(r"tanggal=([0-9-]{10})", url)
        snap = dunia["snapshot"][0] if tanggal and tanggal.group(1) == f"{dunia['snapshot'][0].tanggal:%Y-%m-%d}" \
            else dunia["snapshot"][1]
        data = snap.data
        tampil = {(s["indikator"], s["unit"], s["kategori"]): s["tampil"] for s in data["sel"]}
        p = _Tabel()
        p.feed(resp.content.decode())
        dibaca = 0
        for id_tabel, baris in p.tabel.items():
            kode = id_tabel.removeprefix("tabel-")
            kategori = baris[0][1:]
            k = _k(kode, data["sel"])
            for b in baris[1:]:
                for kat, teks in zip(kategori, b[1:], strict=True):
                    harap = tampil.get((kode, b[0], kat))
                    if harap is None:
                        continue
                    dibaca += 1
                    assert teks == " ".join(harap.split()), f"{url} {kode}/{b[0]}/{kat}: {teks!r} ≠ {harap!r}"
                    n = _angka(teks)
                    jenis = next(s["jenis"] for s in data["sel"] if s["indikator"] == kode)
                    assert not (jenis == "jumlah" and n is not None and 0 < n < k), f"{url} {kode}/{b[0]}/{kat}"
        assert dibaca == len(data["sel"]), f"{url}: {dibaca} of {len(data['sel'])} cells in the tables"


def test_kartu_sematkan_tanpa_hitungan_kecil(dunia):
    """Every figure on the card is a published cell of the instansi row; a count among them is never in 1..k−1."""
    for url, resp in dunia["halaman"].items():
        if "sematkan" not in url:
            continue
        lama = dunia["snapshot"][0]
        data = (lama if url.endswith(f"tanggal={lama.tanggal:%Y-%m-%d}") else dunia["snapshot"][1]).data
        instansi = data["unit"][0]
        angka = re.findall(r'<dt[^>]*>([^<]*)</dt>\s*<dd class="angka-utama[^"]*">([^<]*)', resp.content.decode())
        assert angka
        for judul, teks in angka:
            kode = next(k for k, m in data["indikator"].items() if m["judul"] == html.unescape(judul))
            sel = [s for s in data["sel"] if s["indikator"] == kode and s["unit"] == instansi
                   and s["tampil"] == html.unescape(teks).strip()]
            assert sel, f"{url}: {judul} {teks} is not a published cell"
            n = _angka(teks)
            k = _k(kode, data["sel"])
            assert not (sel[0]["jenis"] == "jumlah" and n is not None and 0 < n < k), f"{url}: {judul} {teks}"


def _tabel_jumlah(sel_semua, instansi):
    """{indicator: (cells {(unit, kategori): cell}, OPD rows, inner categories, has a Jumlah column)} of the
    count tables ("jumlah" cells laid out as OPD rows × categories with the instansi row as column totals)."""
    tabel = {}
    for s in sel_semua:
        if s["jenis"] == "jumlah":
            tabel.setdefault(s["indikator"], {})[(s["unit"], s["kategori"])] = s
    hasil = {}
    for kode, sel in tabel.items():
        unit = list(dict.fromkeys(u for u, _ in sel if u != instansi))
        kategori = list(dict.fromkeys(k for _, k in sel if k != KATEGORI_TOTAL))
        hasil[kode] = (sel, unit, kategori, any(k == KATEGORI_TOTAL for _, k in sel))
    return hasil


def _persamaan(sel, unit, kategori, ada_total, instansi):
    """Every equation a reader knows: each row's categories sum to its Jumlah, each column's OPD cells to the
    instansi's cell (rows and columns that exist in the table)."""
    garis = []
    for u in [instansi, *unit]:
        if ada_total and (u, KATEGORI_TOTAL) in sel:
            garis.append(([(u, k) for k in kategori if (u, k) in sel], (u, KATEGORI_TOTAL)))
    if unit:
        for k in kategori + ([KATEGORI_TOTAL] if ada_total else []):
            if (instansi, k) in sel:
                garis.append(([(u, k) for u in unit if (u, k) in sel], (instansi, k)))
    return garis


def _terpecahkan(sel, garis, sama=()):
    """Hidden cells an exact linear solver pins down from the published cells and the equations (Gaussian
    elimination over the rationals; a hidden cell is determined iff its unit vector lies in the row space).
    ``garis``: (parts, total) lines; ``sama``: pairs of cells a reader knows to be equal (two tables of one
    population share their row totals)."""
    persamaan = [[*((b, 1) for b in bagian), (total, -1)] for bagian, total in garis]
    persamaan += [[(a, 1), (b, -1)] for a, b in sama]
    # Independent blocks: hidden cells linked by a shared equation (each block solved on its own, exactly).
    induk = {}

    def akar(c):
        while induk.setdefault(c, c) != c:
            c = induk[c]
        return c

    for p in persamaan:
        hilang = [c for c, _ in p if sel[c]["disembunyikan"]]
        for c in hilang[1:]:
            induk[akar(c)] = akar(hilang[0])
        if hilang:
            akar(hilang[0])
    blok = {}
    for p in persamaan:
        hilang = [c for c, _ in p if sel[c]["disembunyikan"]]
        if hilang:
            blok.setdefault(akar(hilang[0]), []).append(p)
    return [c for daftar in blok.values() for c in _terpecahkan_blok(sel, daftar)]


def _terpecahkan_blok(sel, persamaan):
    """Gauss-Jordan elimination over the rationals on sparse rows {hidden cell: coefficient}; a hidden cell is
    determined iff, once reduced, a row holds it alone."""
    baris = []
    for p in persamaan:
        r = {}
        for c, koef in p:
            if sel[c]["disembunyikan"]:
                r[c] = r.get(c, Fraction(0)) + koef
        r = {c: v for c, v in r.items() if v}
        if r:
            baris.append(r)
    pivot = []  # (cell, row)
    sisa = baris
    for c in sorted({c for r in baris for c in r}):
        pilih = next((r for r in sisa if c in r), None)
        if pilih is None:
            continue
        sisa = [r for r in sisa if r is not pilih]
        pilih = {x: v / pilih[c] for x, v in pilih.items()}
        for daftar in (sisa, [r for _, r in pivot]):
            for r in daftar:
                if c in r:
                    f = r[c]
                    for x, v in pilih.items():
                        nilai = r.get(x, Fraction(0)) - f * v
                        if nilai:
                            r[x] = nilai
                        else:
                            r.pop(x, None)
        pivot.append((c, pilih))
    return [c for c, r in pivot if len(r) == 1]


def test_tidak_ada_sel_tersembunyi_yang_dapat_dihitung(dunia):
    instansi = dunia["instansi"].nama
    diperiksa = 0
    for url, isi in _json_semua(dunia).items():
        for kode, (sel, unit, kategori, ada_total) in _tabel_jumlah(isi["sel"], instansi).items():
            garis = _persamaan(sel, unit, kategori, ada_total, instansi)
            diperiksa += sum(1 for s in sel.values() if s["disembunyikan"])
            for bagian, total in garis:  # the simple case, named plainly: one hidden cell in a line with its total
                hilang = [c for c in [*bagian, total] if sel[c]["disembunyikan"]]
                assert len(hilang) != 1, f"{url} {kode}: {hilang[0]} is the only hidden cell of its line"
            assert not _terpecahkan(sel, garis), f"{url} {kode}: recoverable {_terpecahkan(sel, garis)}"
    assert diperiksa > 50, "the generated instansi must give the solver hidden cells to attack"
    # Second opinion: the disclosure module's own attacker (exact elimination plus the bounds a reader knows).
    for snap in dunia["snapshot"]:
        assert not pengungkapan.terbongkar([pengungkapan.Sel(**s) for s in snap.data["sel"]], instansi=instansi)


def _sepopulasi(tabel, instansi):
    """Pairs of count tables that a reader can tell count the same people (e.g. ASN by kind and by sex): both have
    a "Jumlah" column and every row total published in both is equal, on at least three rows."""
    berjumlah = {kode: t for kode, t in tabel.items() if t[3]}
    pasangan = []
    for a in berjumlah:
        for b in berjumlah:
            if a >= b:
                continue
            sa, sb = berjumlah[a][0], berjumlah[b][0]
            unit = [u for u, k in sa if k == KATEGORI_TOTAL and (u, k) in sb]
            tampil = [u for u in unit if not sa[(u, KATEGORI_TOTAL)]["disembunyikan"]
                      and not sb[(u, KATEGORI_TOTAL)]["disembunyikan"]]
            if len(tampil) >= 3 and all(sa[(u, KATEGORI_TOTAL)]["nilai"] == sb[(u, KATEGORI_TOTAL)]["nilai"]
                                        for u in tampil):
                pasangan.append((a, b, unit))
    return pasangan


def test_tabel_sepopulasi_tidak_terbongkar_bersama(dunia):
    """Tables sharing their row totals are attacked together: a total hidden in one and shown in the other, or
    a hidden cell pinned by the two tables' equations at once, is a leak too."""
    instansi = dunia["instansi"].nama
    for url, isi in _json_semua(dunia).items():
        tabel = _tabel_jumlah(isi["sel"], instansi)
        for a, b, unit in _sepopulasi(tabel, instansi):
            sel, garis = {}, []
            for kode in (a, b):
                s, u, kat, ada = tabel[kode]
                sel |= {(kode, *c): v for c, v in s.items()}
                garis += [([(kode, *c) for c in bagian], (kode, *total))
                          for bagian, total in _persamaan(s, u, kat, ada, instansi)]
            sama = [((a, u, KATEGORI_TOTAL), (b, u, KATEGORI_TOTAL)) for u in unit]
            assert not _terpecahkan(sel, garis, sama), f"{url} {a}+{b}: {_terpecahkan(sel, garis, sama)}"


def test_solver_mandiri_menemukan_sel_yang_terbongkar():
    """The control for the independent solver: a hidden cell whose row has another hidden cell but whose column
    gives it away is found; a 2 × 2 block of hidden cells is not."""
    def sel(nilai):
        return {"disembunyikan": nilai is None}

    t = {("I", "A"): sel(10), ("I", "B"): sel(20), ("I", KATEGORI_TOTAL): sel(30),
         ("x", "A"): sel(None), ("x", "B"): sel(None), ("x", KATEGORI_TOTAL): sel(12),
         ("y", "A"): sel(None), ("y", "B"): sel(9), ("y", KATEGORI_TOTAL): sel(18)}
    garis = _persamaan(t, ["x", "y"], ["A", "B"], True, "I")
    assert set(_terpecahkan(t, garis)) == {("x", "A"), ("x", "B"), ("y", "A")}
    t[("y", "B")] = sel(None)
    assert _terpecahkan(t, garis) == []
    # Both row totals hidden too: nothing is pinned, until a second table of the same people shows x's total.
    t[("x", KATEGORI_TOTAL)] = t[("y", KATEGORI_TOTAL)] = sel(None)
    lain = {("J", "x"): sel(12)}
    assert _terpecahkan(t | lain, garis) == []
    assert set(_terpecahkan(t | lain, garis, [(("x", KATEGORI_TOTAL), ("J", "x"))])) >= {("x", KATEGORI_TOTAL)}


def test_predikat_hanya_untuk_unit_n_20(dunia):
    instansi = dunia["instansi"].nama
    unit_opd = {p.unit_kerja_id: p.unit_kerja.induk_id or p.unit_kerja_id for p in dunia["pegawai"]}
    nama_opd = {o.pk: o.nama for o in dunia["opd"]}
    for snap in dunia["snapshot"]:
        data = snap.data
        bernama = set(data["unit"])
        n = {}
        for e in dunia["evaluasi"]:
            nama = nama_opd[unit_opd[e.unit_kerja_id]]
            n[nama if nama in bernama else UNIT_LAINNYA] = n.get(nama if nama in bernama else UNIT_LAINNYA, 0) + 1
            n[instansi] = n.get(instansi, 0) + 1
        predikat = [s for s in data["sel"] if s["kategori"] in LABEL_PREDIKAT and s["jenis"] == "jumlah"]
        assert predikat, "the crawl needs a predikat table to check"
        for s in predikat:
            if not s["disembunyikan"]:
                assert n.get(s["unit"], 0) >= settings.TRANSPARANSI_N_PREDIKAT, s
        assert any(s["disembunyikan"] for s in predikat) and not all(s["disembunyikan"] for s in predikat)


def test_setiap_total_konsisten(dunia):
    instansi = dunia["instansi"].nama
    for url, isi in _json_semua(dunia).items():
        for kode, (sel, unit, kategori, ada_total) in _tabel_jumlah(isi["sel"], instansi).items():
            for bagian, total in _persamaan(sel, unit, kategori, ada_total, instansi):
                if sel[total]["disembunyikan"]:
                    continue
                if any(sel[c]["disembunyikan"] for c in bagian):
                    data = next(s for s in dunia["snapshot"] if f"{s.tanggal:%Y-%m-%d}" == isi["tanggal"]).data
                    tampil = next(s["tampil"] for s in data["sel"]
                                  if (s["indikator"], s["unit"], s["kategori"]) == (kode, *total))
                    assert tampil.endswith(TANDA_MEMUAT), f"{url} {kode} {total}: hides parts without saying so"
                else:
                    assert sum(sel[c]["nilai"] for c in bagian) == sel[total]["nilai"], f"{url} {kode} {total}"
