"""Garbage in the query string never answers 5xx (issue 9, "bounded URL parameters").

For every URL pattern that the access walk (test_access_walk.py) reaches with 200 for some role, the page is
requested as that role with each query parameter its view reads set to each value of ``SAMPAH``: the answer must
be 400 (pembinaan/params.py refuses it) or a clean 200/302 fallback; 404 only for a well-formed id that names
nothing. Never a 500.

The parameters a view reads are found by reading the views' source (``ast``), so a parameter added tomorrow is
covered without touching this file: ``params.<fn>(request, "name", ...)``, ``request.GET.get("name")`` /
``request.GET["name"]``, and the fields of a Form or FilterSet bound to ``request.GET``, in the view function and
in the helpers of its module that it calls. A second test fails when a view reads ``request.GET`` directly
instead of through pembinaan/params.py (binding it to a Form or FilterSet, which validates, is fine).
"""

import ast
import importlib
import inspect
import re
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.urls import resolve, reverse

from tests.pembinaan import test_access_walk as walk
from tests.pembinaan.test_access_walk import POLA, POLA_PROYEK, _masuk, _url

# The walk's world (two instansi, every role) and its per-test savepoint, reused as they are.
dunia, d = walk.dunia, walk.d

BASE = Path(__file__).resolve().parents[2]
APPS = ("pembinaan", "pelatihan", "evaluasi", "mentoring")
PARAMS_FN = {"angka", "tahun", "id_objek", "pilihan", "tanggal", "halaman", "teks"}
NAMA_BAWAAN = {"tahun": "tahun", "halaman": "halaman"}  # params.tahun(request) reads "tahun", halaman "halaman"

SAMPAH = {
    "minus": "-1",
    "nol": "0",
    "minus-ganda": "--1",  # "--1".lstrip("-").isdigit() is True, int("--1") raises ValueError
    "10000": "10000",
    "raksasa": "99999999999999999999999",
    "huruf": "abc",
    "eksponen": "1e5",
    "tanggal-mustahil": "2026-13-45",
    "sql": "' OR 1=1--",
    "persen00": "%00",
    "nul": "\x00",
    "panjang": "9" * 5000,
    "kosong": "",
    "spasi": "   ",
    "unicode": "١٢٣",  # Arabic-Indic digits: str.isdigit() says True, int() accepts them
    "pangkat": "²",  # str.isdigit() says True, int() raises ValueError
}
ULANG = ("1", "abc")  # a repeated parameter: ?x=1&x=abc
# Parameters whose name is built at run time, so the source scan cannot name them.
TAMBAHAN = {"evaluasi:periode-overview": ("org_1",)}

# Known and reported, not yet fixed by the area's owner (issue 9). Strict: a listed case that passes fails the
# test, so the entry is removed as soon as it is fixed; anything not listed fails at once.
SAMPAH_DIKETAHUI: set = set()  # (pattern, parameter)
BACA_LANGSUNG_DIKETAHUI = {  # (file, function) still reading request.GET directly
    ("pelatihan/views/program.py", "peserta_search"),
}


# ------------------------------------------------------------------ the source scan
def _modul_view():
    for app in APPS:
        berkas = [BASE / app / "views.py"] if (BASE / app / "views.py").exists() else []
        berkas += sorted((BASE / app / "views").glob("*.py")) if (BASE / app / "views").is_dir() else []
        for b in berkas:
            yield f"{app}.{'views' if b.name == 'views.py' else 'views.' + b.stem}".removesuffix(".__init__"), b


def _request_get(node):
    """``request.GET`` (any name for the request: ``self.request.GET`` too)."""
    return isinstance(node, ast.Attribute) and node.attr == "GET"


def _terikat_get(node):
    """``request.GET`` or ``request.GET or None`` as a Form/FilterSet's data."""
    if isinstance(node, ast.BoolOp):
        return any(_request_get(v) for v in node.values)
    return _request_get(node)


def _str(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


class _Pindai(ast.NodeVisitor):
    """What one function reads from the query string, and which module-level names it calls."""

    def __init__(self, modul):
        self.modul = modul
        self.nama, self.panggil, self.langsung = set(), set(), []

    def visit_Call(self, node):
        f = node.func
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "params" \
                and f.attr in PARAMS_FN:
            nama = _str(node.args[1]) if len(node.args) > 1 else None
            nama = nama or next((_str(k.value) for k in node.keywords if k.arg == "nama"), None)
            if nama or f.attr in NAMA_BAWAAN:
                self.nama.add(nama or NAMA_BAWAAN[f.attr])
        elif isinstance(f, ast.Attribute) and f.attr in ("get", "getlist") and _request_get(f.value):
            if node.args and _str(node.args[0]):
                self.nama.add(_str(node.args[0]))
            self.langsung.append((node.lineno, f"request.GET.{f.attr}(...)"))
        if any(_terikat_get(a) for a in node.args) or any(_terikat_get(k.value) for k in node.keywords):
            for kandidat in [f, *(k.value for k in node.keywords)]:
                self.nama |= _field_kelas(self.modul, kandidat)
        if isinstance(f, ast.Name):
            self.panggil.add(f.id)
        self.generic_visit(node)

    def visit_Subscript(self, node):
        if _request_get(node.value):
            if _str(node.slice):
                self.nama.add(_str(node.slice))
            self.langsung.append((node.lineno, "request.GET[...]"))
        self.generic_visit(node)


def _field_kelas(modul, node):
    """The field names of the Form / FilterSet class that ``node`` names in ``modul`` (empty if it is none)."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        obj = getattr(getattr(importlib.import_module(modul), node.value.id, None), node.attr, None)
    elif isinstance(node, ast.Name):
        obj = getattr(importlib.import_module(modul), node.id, None)
    else:
        return set()
    if not inspect.isclass(obj):
        return set()
    fields = getattr(obj, "base_filters", None) or getattr(obj, "base_fields", None) or {}
    return set(fields)


@cache
def _pindai_modul(modul, berkas):
    """{function name: (_Pindai)} for every function (methods too, by their own name) of a views module."""
    pohon = ast.parse(Path(berkas).read_text(), filename=str(berkas))
    hasil = {}
    for node in ast.walk(pohon):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            p = _Pindai(modul)
            p.visit(node)
            hasil[node.name] = p
    return hasil


def _nama_parameter(modul, berkas, fungsi):
    """Query parameters ``fungsi`` reads, directly or through the helpers of its module it calls."""
    tabel = _pindai_modul(modul, str(berkas))
    nama, lihat, antre = set(), set(), [fungsi]
    while antre:
        f = antre.pop()
        if f in lihat or f not in tabel:
            continue
        lihat.add(f)
        nama |= tabel[f].nama
        antre.extend(tabel[f].panggil)
    return nama


@cache
def _berkas_modul():
    return dict(_modul_view())


def _parameter_pola(kunci, url):
    """The query parameters the view behind ``url`` reads (empty for Django's own views)."""
    fungsi = resolve(url.partition("?")[0]).func
    while hasattr(fungsi, "__wrapped__"):
        fungsi = fungsi.__wrapped__
    berkas = _berkas_modul().get(getattr(fungsi, "__module__", ""))
    nama = _nama_parameter(fungsi.__module__, berkas, fungsi.__name__) if berkas else set()
    return sorted(nama | set(TAMBAHAN.get(kunci, ())))


# ------------------------------------------------------------------ which role opens which URL
def _cocok_200(harap):
    return harap == 200 or (isinstance(harap, frozenset) and 200 in harap)


def _kasus_200(d):
    """{pattern: (role, a Kasus that role opens with 200)}, preferring a case without a query string."""
    hasil = {}
    for kunci in POLA_PROYEK:
        if kunci not in POLA:
            continue  # test_access_walk.test_setiap_pola_tercakup fails for it
        kasus = sorted(POLA[kunci](d), key=lambda k: bool(k.query))
        for k in kasus:
            peran = next((p for p, h in k.harap.items() if _cocok_200(h)), None)
            if peran is not None:
                hasil[kunci] = (peran, k)
                break
    return hasil


def _diterima(status, nilai):
    if status in (200, 302, 400):
        return True
    # 404: a well-formed id that names no object the role may see (the 404 rule of access.py)
    return status == 404 and nilai.isascii() and nilai.isdigit()


def _minta(client, url):
    """GET in a savepoint, so a database error in one request does not abort the test's transaction."""
    try:
        with transaction.atomic():
            resp = client.get(url)
    except Exception as exc:  # the test client re-raises what the view raised: that is the 500
        return f"500 ({type(exc).__name__}: {str(exc)[:160]})"
    return resp.status_code


POLA_DIUJI = sorted(k for k in POLA_PROYEK if k in POLA)


@pytest.fixture(scope="module")
def kasus_200(dunia, django_db_blocker):
    with django_db_blocker.unblock():
        return _kasus_200(dunia)


@pytest.mark.parametrize("kunci", POLA_DIUJI)
def test_parameter_sampah_tidak_pernah_500(kunci, kasus_200, d, client):
    pilihan = kasus_200.get(kunci)
    if pilihan is None:
        pytest.skip(f"{kunci}: no role opens it with 200 in the access walk")
    peran, kasus = pilihan
    _masuk(client, d, peran)
    url = _url(kunci, kasus)
    nama = _parameter_pola(kunci, url)
    if not nama:
        pytest.skip(f"{kunci}: its view reads no query parameter")
    dasar = url + ("&" if "?" in url else "?")
    salah, diketahui = [], set()
    for n in nama:
        percobaan = [(label, urlencode({n: v}), v) for label, v in SAMPAH.items()]
        percobaan.append(("ulang", urlencode([(n, v) for v in ULANG]), ULANG[-1]))
        for label, query, nilai in percobaan:
            status = _minta(client, dasar + query)
            if not (isinstance(status, int) and _diterima(status, nilai)):
                if (kunci, n) in SAMPAH_DIKETAHUI:
                    diketahui.add(n)
                else:
                    salah.append(f"?{n}= [{label}] as {peran}: {status}")
    assert not salah, f"{kunci} ({url}):\n" + "\n".join(salah)
    sembuh = {n for k, n in SAMPAH_DIKETAHUI if k == kunci} - diketahui
    assert not sembuh, f"{kunci}: ?{sorted(sembuh)} fixed: remove from SAMPAH_DIKETAHUI"
    if diketahui:
        pytest.xfail(f"{kunci}: known 500 on ?{sorted(diketahui)} (SAMPAH_DIKETAHUI)")


def test_pemindai_menemukan_parameter():
    """The control for the scan: it finds what known views read (params, request.GET, a FilterSet's fields)."""
    modul = _berkas_modul()
    jp = _nama_parameter("pelatihan.views.jp", modul["pelatihan.views.jp"], "jp_tertinggal")
    assert {"tahun", "unit", "format", "halaman"} <= jp
    pegawai = _nama_parameter("pembinaan.views.pegawai", modul["pembinaan.views.pegawai"], "pegawai_list")
    assert {"urut", "halaman", "q", "unit_kerja"} <= pegawai


def test_view_membaca_query_lewat_params():
    """Views read the query string only through pembinaan/params.py (or a Form/FilterSet bound to request.GET)."""
    langsung, diketahui = [], set()
    for modul, berkas in _berkas_modul().items():
        for fungsi, p in _pindai_modul(modul, str(berkas)).items():
            tempat = (str(berkas.relative_to(BASE)), fungsi)
            if p.langsung and tempat in BACA_LANGSUNG_DIKETAHUI:
                diketahui.add(tempat)
                continue
            langsung += [f"{tempat[0]}:{baris} {fungsi}: {apa}" for baris, apa in p.langsung]
    sembuh = BACA_LANGSUNG_DIKETAHUI - diketahui
    assert not sembuh, f"{sorted(sembuh)} now read through params: remove from BACA_LANGSUNG_DIKETAHUI"
    assert not langsung, ("read the query string through pembinaan.params (angka, tahun, id_objek, pilihan, "
                          "tanggal, halaman, teks) instead of:\n" + "\n".join(sorted(set(langsung))))


# ------------------------------------------------------------------ pembinaan/params.py itself
@pytest.mark.parametrize("nilai", ["²", "--1", "١٢٣", "1_000", " 12 3"])
def test_angka_hanya_digit_ascii(nilai, rf):
    """str.isdigit() passes "²" and (after lstrip("-")) "--1", which int() refuses: those were 500s."""
    from django.core.exceptions import BadRequest

    from pembinaan import params

    with pytest.raises(BadRequest):
        params.angka(rf.get("/", {"x": nilai}), "x")
    assert params.angka(rf.get("/", {"x": " -12 "}), "x") == -12


def test_teks_menolak_karakter_kendali_dan_membatasi_panjang(rf):
    from django.core.exceptions import BadRequest

    from pembinaan import params

    for nilai in ("a\x00b", "\x1b[31m", "baris\nbaru"):
        with pytest.raises(BadRequest):
            params.teks(rf.get("/", {"q": nilai}), "q")
    assert params.teks(rf.get("/", {"q": "  Budi Santoso  "}), "q") == "Budi Santoso"
    assert params.teks(rf.get("/", {"q": "x" * 5000}), "q", maks=100) == "x" * 100
    assert params.teks(rf.get("/"), "q") == ""


@pytest.mark.parametrize(("peran", "kunci", "query", "nama"), [
    (walk.PEGAWAI_A, "pelatihan:jp-saya", "tahun=99999999999999999999999", "tahun"),
    (walk.HR_A, "pelatihan:jp-unit", "tahun=-1", "tahun"),
    (walk.HR_A, "pegawai-list", "urut=' OR 1=1--", "urut"),
])
def test_halaman_400_menyebut_parameternya(peran, kunci, query, nama, d, client):
    """The 400 page says which parameter was wrong, in Indonesian, inside the normal layout (menu included)."""
    _masuk(client, d, peran)
    resp = client.get(f"{reverse(kunci)}?{query}")
    assert resp.status_code == 400
    pesan = re.search(r'data-testid="pesan-galat">([^<]*)<', resp.content.decode())
    assert pesan and f"&#x27;{nama}&#x27;" in pesan.group(1), resp.content.decode()[:2000]
    assert "menu" in resp.context and resp.context["menu"]
