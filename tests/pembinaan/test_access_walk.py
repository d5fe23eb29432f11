"""Every URL pattern, for every role, against two instansi: fails on any leak (issue 2 section 3).

CONVENTIONS.md "Access in one place": out-of-scope objects and out-of-role pages answer 404, so nothing
tells what exists. The expectations below are written from DESIGN.md section 1 and the rules stated in
``pembinaan/access.py``; they are NOT computed by calling access.py, so a scope that widens fails here.

The walk collects the patterns from ``get_resolver()`` (Django admin and static/media excepted), so a
pattern added by pelatihan/, mentoring/ or evaluasi/ is walked automatically, and it FAILS until the
pattern gets an entry in ``POLA``: a function returning, for objects of BOTH instansi and of every
owner, the URL kwargs and the expected outcome per role. Every response is also searched for what the
role must never see (NIPs, names, units, notifications of others): lists, dropdowns, 404 pages and
exports included.
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

import celery.app.control
import openpyxl
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import connection, transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from pembinaan.models import ImporPegawai, Notifikasi, Pegawai, Petugas, UnitKerja
from tests import factories as f

User = get_user_model()

ANONIM, SUPERADMIN, HR_A, HR_B, PIMPINAN_A = "anonim", "superadmin", "hr_a", "hr_b", "pimpinan_a"
ATASAN_A, PEGAWAI_A, PEGAWAI_B, TANPA_PERAN = "atasan_a", "pegawai_a", "pegawai_b", "tanpa_peran"
PERAN = (ANONIM, SUPERADMIN, HR_A, HR_B, PIMPINAN_A, ATASAN_A, PEGAWAI_A, PEGAWAI_B, TANPA_PERAN)
PERAN_A = (HR_A, PIMPINAN_A, ATASAN_A, PEGAWAI_A)
PERAN_B = (HR_B, PEGAWAI_B)
LOGIN = "login"  # outcome: a redirect to the login page
TOKEN_A, TOKEN_B = "Alfaz", "Bravoz"  # in the name of every unit, jabatan, employee and file of A / B

# Instansi A: kepala_a <- atasan_a <- bawahan_a <- cucu_a (a chain), lain_a (nobody's atasan or bawahan).
# Instansi B: kepala_b <- staf_b, lain_b. Roles atasan_a, pegawai_a and pegawai_b are the users of the
# employees atasan_a, cucu_a and staf_b.
PEGAWAI_DI_A = frozenset({"kepala_a", "atasan_a", "bawahan_a", "cucu_a", "lain_a"})
PEGAWAI_DI_B = frozenset({"kepala_b", "staf_b", "lain_b"})
PEGAWAI_SEMUA = PEGAWAI_DI_A | PEGAWAI_DI_B

# ------------------------------------------------------------------ who may see / change what (the spec)
LIHAT_PEGAWAI = {
    SUPERADMIN: PEGAWAI_SEMUA,
    HR_A: PEGAWAI_DI_A,
    HR_B: PEGAWAI_DI_B,
    PIMPINAN_A: frozenset(),  # aggregates only
    ATASAN_A: frozenset({"atasan_a", "bawahan_a", "cucu_a"}),  # self + direct + indirect subordinates
    PEGAWAI_A: frozenset({"cucu_a"}),
    PEGAWAI_B: frozenset({"staf_b"}),
    TANPA_PERAN: frozenset(),
}
UBAH_PEGAWAI = {SUPERADMIN: PEGAWAI_SEMUA, HR_A: PEGAWAI_DI_A, HR_B: PEGAWAI_DI_B}
IMPOR = {HR_A: frozenset({"impor_a"}), HR_B: frozenset({"impor_b"})}
KIRIM_ULANG = {HR_A: frozenset({"gagal_a"}), HR_B: frozenset({"gagal_b"})}
GAGAL = ("gagal_a", "gagal_b")  # the failed e-mails (outbox rows HR may send again)


# ------------------------------------------------------------------ the data: two instansi
@dataclass
class Dunia:
    users: dict  # role -> User
    pegawai: dict  # label -> Pegawai
    unit: dict
    jabatan: dict
    impor: dict
    notifikasi: dict  # label -> Notifikasi
    penerima_token: object  # a user who never logs in (for a valid password-reset link)
    sesi: dict = field(default_factory=dict)  # role -> session key, logged in once for the module

    @property
    def gagal(self):
        return {label: self.notifikasi[label] for label in GAGAL}

    def nip(self, labels):
        return {s for label in labels for s in (self.pegawai[label].nip, self.pegawai[label].nip_tampil)}

    def nama(self, labels):
        return {self.pegawai[label].nama for label in labels}


def _bangun():
    inst = {"a": f.InstansiFactory(kode="ALFAZ", nama=f"Pemerintah Kabupaten {TOKEN_A}"),
            "b": f.InstansiFactory(kode="BRAVOZ", nama=f"Pemerintah Kabupaten {TOKEN_B}")}
    unit, jabatan, pg = {}, {}, {}
    for s, token in (("a", TOKEN_A), ("b", TOKEN_B)):
        unit[f"induk_{s}"] = f.UnitKerjaFactory(instansi=inst[s], nama=f"Dinas {token} Induk")
        unit[f"anak_{s}"] = f.UnitKerjaFactory(instansi=inst[s], nama=f"Bidang {token} Anak", induk=unit[f"induk_{s}"])
        jabatan[s] = f.JabatanFactory(instansi=inst[s], nama=f"Jabatan {token}")

    def pegawai(label, unit_label, atasan=None):
        s = label[-1]
        pg[label] = f.PegawaiFactory(
            instansi=inst[s], unit_kerja=unit[unit_label], jabatan=jabatan[s], atasan=pg.get(atasan),
            nama=f"{label[:-2].title()} {TOKEN_A if s == 'a' else TOKEN_B}")

    pegawai("kepala_a", "induk_a")
    pegawai("atasan_a", "induk_a", atasan="kepala_a")
    pegawai("bawahan_a", "anak_a", atasan="atasan_a")
    pegawai("cucu_a", "anak_a", atasan="bawahan_a")
    pegawai("lain_a", "anak_a")
    pegawai("kepala_b", "induk_b")
    pegawai("staf_b", "anak_b", atasan="kepala_b")
    pegawai("lain_b", "anak_b")

    users = {
        SUPERADMIN: User.objects.create_superuser("super", "super@contoh.go.id", f.PASSWORD),
        HR_A: f.hr_user(inst["a"]),
        HR_B: f.hr_user(inst["b"]),
        PIMPINAN_A: f.pimpinan_user(inst["a"]),
        ATASAN_A: f.pegawai_user(pg["atasan_a"]),
        PEGAWAI_A: f.pegawai_user(pg["cucu_a"]),
        PEGAWAI_B: f.pegawai_user(pg["staf_b"]),
        TANPA_PERAN: f.user("tanpa.peran", email="tanpa@contoh.go.id"),
    }
    instansi_user = {HR_A: "a", PIMPINAN_A: "a", ATASAN_A: "a", PEGAWAI_A: "a", HR_B: "b", PEGAWAI_B: "b"}
    today = datetime.date.today()
    notifikasi = {}
    for role, u in users.items():
        notifikasi[f"pesan_{role}"] = Notifikasi.objects.create(
            penerima=u, instansi=inst.get(instansi_user.get(role)), jenis="uji", kunci="pesan", tanggal=today,
            judul=f"Pesan rahasia untuk {role}", isi="Isi pesan.", status_email=Notifikasi.StatusEmail.TERKIRIM)
    for s, role, token in (("a", PEGAWAI_A, TOKEN_A), ("b", PEGAWAI_B, TOKEN_B)):
        notifikasi[f"gagal_{s}"] = Notifikasi.objects.create(
            penerima=users[role], instansi=inst[s], jenis="uji", kunci="gagal", tanggal=today,
            judul=f"Surel gagal {token}", isi="Isi.", email_tujuan=f"gagal.{s}@contoh.go.id",
            status_email=Notifikasi.StatusEmail.GAGAL, percobaan=5, galat_terakhir="550 mailbox unavailable")
    impor = {
        f"impor_{s}": ImporPegawai.objects.create(
            instansi=inst[s], pengunggah=users[hr], berkas=f"impor/uji-{s}.csv", nama_berkas=f"impor-{token}.csv",
            status=ImporPegawai.Status.SIAP, jumlah_baris=settings.IMPOR_BATAS_SINKRON + 1,  # confirm -> a job
            ringkasan={"baru": 1, "unit_baru": [f"Unit baru {token}"]})
        for s, hr, token in (("a", HR_A, TOKEN_A), ("b", HR_B, TOKEN_B))
    }
    penerima_token = f.user("penerima.token", email="token@contoh.go.id")
    return Dunia(users, pg, unit, jabatan, impor, notifikasi, penerima_token)


@pytest.fixture(scope="module")
def dunia(django_db_setup, django_db_blocker):
    """Built once for the module, inside a transaction rolled back at the end; every test runs in a
    savepoint of it (pytest-django's ``db``), so POSTs never leak into the next test. Each role logs in
    once; tests reuse its session cookie."""
    with django_db_blocker.unblock(), transaction.atomic():
        dunia = _bangun()
        for peran, user in dunia.users.items():
            c = Client()
            c.force_login(user)
            dunia.sesi[peran] = c.cookies[settings.SESSION_COOKIE_NAME].value
        yield dunia
        transaction.set_rollback(True)


@pytest.fixture
def d(dunia, db, monkeypatch):
    # /healthz asks Celery for workers and waits a second for none to answer; it is public and walked
    # for its access only, so "no worker" answers at once here.
    monkeypatch.setattr(celery.app.control.Inspect, "ping", lambda self, *args, **kwargs: None)
    return dunia


def _terlarang(d, peran):
    """Strings ``peran`` must never see in any response."""
    t = set()
    if peran in PERAN_A:
        t |= {TOKEN_B} | d.nip(PEGAWAI_DI_B)
    if peran in PERAN_B:
        t |= {TOKEN_A} | d.nip(PEGAWAI_DI_A)
    if peran in (ANONIM, TANPA_PERAN):
        t |= {TOKEN_A, TOKEN_B}
    if peran in (ANONIM, TANPA_PERAN, PIMPINAN_A):  # pimpinan: aggregates, never a named person
        t |= d.nip(PEGAWAI_SEMUA) | d.nama(PEGAWAI_SEMUA)
    if peran in (ATASAN_A, PEGAWAI_A):  # lain_a is in nobody's chain
        t |= d.nip({"lain_a"}) | d.nama({"lain_a"})
    own = d.users[peran].pk if peran != ANONIM else None
    for label, n in d.notifikasi.items():
        if n.penerima_id != own and label not in KIRIM_ULANG.get(peran, ()):
            t.add(n.judul)
    return t


# ------------------------------------------------------------------ the table of expectations
@dataclass
class Kasus:
    label: str
    kwargs: dict
    harap: dict  # role -> 200 / 302 / 404 / 405 / LOGIN / a frozenset of acceptable codes
    query: str = ""
    path: str = ""  # for a pattern without a name (it cannot be reversed)


def semua(ok, anonim=LOGIN, **lain):
    h = dict.fromkeys(PERAN, ok)
    h[ANONIM] = anonim
    h.update(lain)
    return h


def hanya(*peran, ok=200):
    h = semua(404)
    h.update(dict.fromkeys(peran, ok))
    return h


def objek(items, lingkup, ok=200, kwarg="pk"):
    """One case per object: ``ok`` for the roles whose scope holds it, 404 for the others."""
    return [Kasus(label, {kwarg: o.pk}, {ANONIM: LOGIN} | {p: ok if label in lingkup.get(p, ()) else 404
                                                          for p in PERAN if p != ANONIM})
            for label, o in items.items()]


def halaman(harap, queries=("",)):
    return [Kasus(q or "-", {}, harap, q) for q in queries]


def _query_daftar(d):
    """Search and filter values pointing at the other instansi or outside a chain."""
    return ("", f"q={d.pegawai['kepala_b'].nip}", f"q={d.pegawai['lain_a'].nip}", "q=Kepala",
            f"unit_kerja={d.unit['induk_b'].pk}", f"unit_kerja={d.unit['anak_a'].pk}&urut=-nip")


def _query_ekspor(d):
    return ("", f"q={d.pegawai['kepala_b'].nip}", f"unit_kerja={d.unit['induk_b'].pk}")


def _reset_confirm(d):
    u = d.penerima_token
    sah = {"uidb64": urlsafe_base64_encode(force_bytes(u.pk)), "token": default_token_generator.make_token(u)}
    return [Kasus("token-salah", {"uidb64": "MQ", "token": "bukan-token"}, semua(200, anonim=200)),
            Kasus("token-sah", sah, semua(302, anonim=302))]  # a valid link works for whoever holds it


POLA = {
    "beranda": lambda d: halaman(semua(302, tanpa_peran=200)),
    "login": lambda d: halaman(semua(302, anonim=200)),
    "logout": lambda d: halaman(semua(405, anonim=405)),  # POST only
    "password_change": lambda d: halaman(semua(200)),
    "password_change_done": lambda d: halaman(semua(200)),
    "password_reset": lambda d: halaman(semua(200, anonim=200)),
    "password_reset_done": lambda d: halaman(semua(200, anonim=200)),
    "password_reset_confirm": _reset_confirm,
    "password_reset_complete": lambda d: halaman(semua(200, anonim=200)),
    "dasbor": lambda d: halaman(hanya(HR_A, HR_B, PIMPINAN_A)),
    "organisasi": lambda d: halaman(hanya(HR_A, HR_B, PIMPINAN_A)),
    "pegawai-list": lambda d: halaman(hanya(SUPERADMIN, HR_A, HR_B, ATASAN_A), _query_daftar(d)),
    "pegawai-export": lambda d: [Kasus(f"{fmt} {q or '-'}", {"fmt": fmt}, hanya(HR_A, HR_B), q)
                                 for fmt in ("xlsx", "csv") for q in _query_ekspor(d)],
    "pegawai-create": lambda d: halaman(hanya(HR_A, HR_B)),
    "pegawai-detail": lambda d: objek(d.pegawai, LIHAT_PEGAWAI),
    "pegawai-edit": lambda d: objek(d.pegawai, UBAH_PEGAWAI),
    "pegawai-atasan": lambda d: objek(d.pegawai, UBAH_PEGAWAI),
    "impor-upload": lambda d: halaman(hanya(HR_A, HR_B)),
    "impor-template": lambda d: halaman(hanya(HR_A, HR_B)),
    "impor-detail": lambda d: objek(d.impor, IMPOR),
    "impor-confirm": lambda d: [Kasus(k, {"pk": o.pk}, semua(405)) for k, o in d.impor.items()],  # POST only
    "akun-unit": lambda d: halaman(hanya(HR_A, HR_B)),
    "notifikasi": lambda d: halaman(semua(200)),
    "outbox-gagal": lambda d: halaman(hanya(HR_A, HR_B)),
    "outbox-retry": lambda d: [Kasus(k, {"pk": d.notifikasi[k].pk}, semua(405)) for k in GAGAL],  # POST only
    "healthz": lambda d: halaman(semua(frozenset({200, 503}), anonim=frozenset({200, 503}))),  # public
}


# ------------------------------------------------------------------ the walk over the URL resolver
def _dilewati(rute, p):
    rute = rute.lstrip("^")
    if isinstance(p, URLResolver) and "admin" in (p.app_name, p.namespace):
        return True
    prefixes = ["admin/"] + [u.lstrip("/") for u in (settings.STATIC_URL, settings.MEDIA_URL) if u and u != "/"]
    return any(rute.startswith(prefix) for prefix in prefixes)


def _jelajah(patterns=None, awal="", ns="", kwargs=frozenset()):
    """Yield (key, route, kwarg names) for every pattern of the project; key is the (namespaced) name."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        rute = awal + str(p.pattern).lstrip("^")
        if _dilewati(rute, p):
            continue
        nama_kwargs = kwargs | set(p.pattern.regex.groupindex)
        if isinstance(p, URLResolver):
            yield from _jelajah(p.url_patterns, rute, ":".join(x for x in (ns, p.namespace) if x), nama_kwargs)
        else:
            nama = f"{ns}:{p.name}" if ns and p.name else p.name
            yield nama or rute, rute, frozenset(nama_kwargs)


POLA_PROYEK = {key: (rute, kw) for key, rute, kw in _jelajah()}


def _url(kunci, kasus):
    url = kasus.path or reverse(kunci, kwargs=kasus.kwargs or None)
    return url + ("?" + kasus.query if kasus.query else "")


def _hasil(resp):
    if resp.status_code == 302 and resp["Location"].startswith(reverse("login") + "?"):
        return LOGIN
    return resp.status_code


def _cocok(dapat, harap):
    return dapat in harap if isinstance(harap, frozenset) else dapat == harap


def _teks(resp):
    data = b"".join(resp.streaming_content) if resp.streaming else resp.content
    if "spreadsheetml" in resp.get("Content-Type", ""):  # every XML part: shared and inline strings alike
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    return data.decode("utf-8", "replace")


def _bocoran(resp, d, peran, query=""):
    teks = _teks(resp)
    for bagian in query.split("&"):  # what the user typed is echoed back in the search box: not a leak
        nilai = bagian.partition("=")[2]
        if len(nilai) >= 4:
            teks = teks.replace(nilai, "")
    teks = teks.lower()
    return sorted(s for s in _terlarang(d, peran) if s.lower() in teks)


def _masuk(client, d, peran):
    if peran != ANONIM:
        client.cookies[settings.SESSION_COOKIE_NAME] = d.sesi[peran]


def test_setiap_pola_tercakup():
    """A new URL pattern must be added to POLA (with objects of both instansi); a removed one removed."""
    baru = sorted(f"{k} ({rute})" for k, (rute, _) in POLA_PROYEK.items() if k not in POLA)
    usang = sorted(set(POLA) - set(POLA_PROYEK))
    assert not baru, f"URL patterns not in the access table of {__name__}: {baru}"
    assert not usang, f"Entries in POLA for URL patterns that no longer exist: {usang}"


@pytest.mark.parametrize(("peran", "kunci"), [(p, k) for p in PERAN for k in POLA_PROYEK],
                         ids=[f"{p}-{k}" for p in PERAN for k in POLA_PROYEK])
def test_jelajah_get(peran, kunci, d, client):
    rute, nama_kwargs = POLA_PROYEK[kunci]
    if kunci not in POLA:
        pytest.fail(f"{kunci} ({rute}) is not covered: add it to POLA in {__name__} with the expected outcome "
                    "per role for objects of both instansi")
    _masuk(client, d, peran)
    salah = []
    for kasus in POLA[kunci](d):
        assert set(kasus.kwargs) == nama_kwargs, f"{kunci} takes {sorted(nama_kwargs)}, POLA fills {kasus.kwargs}"
        assert set(kasus.harap) == set(PERAN), f"{kunci} [{kasus.label}]: expectation for every role needed"
        url = _url(kunci, kasus)
        assert resolve(url.partition("?")[0]).view_name == kunci or kunci == rute, f"{url} is not {kunci}"
        resp = client.get(url)
        dapat, harap = _hasil(resp), kasus.harap[peran]
        if not _cocok(dapat, harap):
            salah.append(f"GET {url} [{kasus.label}]: expected {harap}, got {dapat}")
        bocor = _bocoran(resp, d, peran, kasus.query)
        if bocor:
            salah.append(f"GET {url} [{kasus.label}] ({dapat}) shows {bocor}")
    assert not salah, f"role {peran}, pattern {kunci}:\n" + "\n".join(salah)


# ------------------------------------------------------------------ POSTs to out-of-scope objects
def _potret():
    """A digest of every table a state-changing endpoint could touch (one query)."""
    tables = [m._meta.db_table for m in (Pegawai, Pegawai.pgh_event_model, ImporPegawai, Notifikasi, UnitKerja,
                                         User, Petugas)]
    with connection.cursor() as cur:
        cur.execute("SELECT " + ", ".join(f"(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                                          f"FROM {table} t)" for table in tables))
        return dict(zip(tables, cur.fetchone(), strict=True))


def _data_ubah(d, label, **ganti):
    p = d.pegawai[label]
    data = {"nip": p.nip, "pns_id": p.pns_id, "gelar_depan": "", "nama": f"{p.nama} Diubah", "gelar_belakang": "",
            "jenis_kelamin": p.jenis_kelamin, "tempat_lahir": "", "tanggal_lahir": p.tanggal_lahir.isoformat(),
            "jenis_asn": p.jenis_asn, "golongan": p.golongan, "tmt_cpns": p.tmt_cpns.isoformat(),
            "tmt_golongan": "", "pendidikan": "", "jabatan": p.jabatan_id, "unit_kerja": p.unit_kerja_id,
            "status": p.status, "nik": "", "email": "diubah@contoh.go.id", "no_hp": ""}
    return data | ganti


def _atasan_baru(d, label):
    """An employee of the same instansi that can become ``label``'s atasan without a cycle."""
    s = label[-1]
    return d.pegawai[f"kepala_{s}" if label == f"lain_{s}" else f"lain_{s}"]


def _data_atasan(d, label):
    return {"nip_atasan": _atasan_baru(d, label).nip}


UBAH = {  # endpoint -> (objects, scope, POST body)
    "pegawai-edit": ("pegawai", UBAH_PEGAWAI, _data_ubah),
    "pegawai-atasan": ("pegawai", UBAH_PEGAWAI, _data_atasan),
    "impor-confirm": ("impor", IMPOR, lambda d, label: {}),
    "outbox-retry": ("gagal", KIRIM_ULANG, lambda d, label: {}),
}


@pytest.mark.parametrize(("peran", "kunci"), [(p, k) for p in PERAN for k in UBAH],
                         ids=[f"{p}-{k}" for p in PERAN for k in UBAH])
def test_post_di_luar_lingkup_404_tanpa_perubahan(peran, kunci, d, client):
    jenis, lingkup, body = UBAH[kunci]
    _masuk(client, d, peran)
    salah = []
    for label, o in getattr(d, jenis).items():
        if label in lingkup.get(peran, ()):
            continue
        sebelum = _potret()
        url = reverse(kunci, kwargs={"pk": o.pk})
        resp = client.post(url, body(d, label))
        harap = LOGIN if peran == ANONIM else 404
        if _hasil(resp) != harap:
            salah.append(f"POST {url} [{label}]: expected {harap}, got {_hasil(resp)}")
        if _potret() != sebelum:
            salah.append(f"POST {url} [{label}]: the database changed")
        bocor = _bocoran(resp, d, peran)
        if bocor:
            salah.append(f"POST {url} [{label}] shows {bocor}")
    assert not salah, f"role {peran}, pattern {kunci}:\n" + "\n".join(salah)


def test_post_dalam_lingkup_berlaku(d, client):
    """The control for the test above: the same bodies do change in-scope objects."""
    client.force_login(d.users[HR_A])
    lain = d.pegawai["lain_a"]
    assert client.post(reverse("pegawai-edit", args=[lain.pk]), _data_ubah(d, "lain_a")).status_code == 302
    assert Pegawai.objects.get(pk=lain.pk).nama == f"{lain.nama} Diubah"
    assert client.post(reverse("pegawai-atasan", args=[lain.pk]), _data_atasan(d, "lain_a")).status_code == 302
    assert Pegawai.objects.get(pk=lain.pk).atasan == d.pegawai["kepala_a"]
    impor = d.impor["impor_a"]
    assert client.post(reverse("impor-confirm", args=[impor.pk])).status_code == 302
    assert ImporPegawai.objects.get(pk=impor.pk).status == ImporPegawai.Status.MENGIMPOR
    gagal = d.notifikasi["gagal_a"]
    assert client.post(reverse("outbox-retry", args=[gagal.pk])).status_code == 302
    assert Notifikasi.objects.get(pk=gagal.pk).status_email == Notifikasi.StatusEmail.MENUNGGU


# ------------------------------------------------------------------ HR of A pointing at B's objects in a form
def test_hr_a_tidak_bisa_memindah_pegawai_ke_unit_atau_jabatan_b(d, client):
    client.force_login(d.users[HR_A])
    url = reverse("pegawai-edit", args=[d.pegawai["lain_a"].pk])
    for ganti in ({"unit_kerja": d.unit["anak_b"].pk}, {"jabatan": d.jabatan["b"].pk}):
        sebelum = _potret()
        resp = client.post(url, _data_ubah(d, "lain_a", **ganti))
        assert resp.status_code == 200, ganti  # the form again, with an error
        assert _potret() == sebelum, ganti
        assert not _bocoran(resp, d, HR_A)
    assert client.post(url, _data_ubah(d, "lain_a", unit_kerja=d.unit["induk_a"].pk)).status_code == 302
    assert Pegawai.objects.get(pk=d.pegawai["lain_a"].pk).unit_kerja == d.unit["induk_a"]


def test_hr_a_tidak_bisa_menetapkan_atasan_dari_b(d, client):
    client.force_login(d.users[HR_A])
    url = reverse("pegawai-atasan", args=[d.pegawai["lain_a"].pk])
    sebelum = _potret()
    resp = client.post(url, {"nip_atasan": d.pegawai["kepala_b"].nip})
    assert resp.status_code == 200
    assert _potret() == sebelum
    assert not _bocoran(resp, d, HR_A, f"nip_atasan={d.pegawai['kepala_b'].nip}")


def test_hr_a_tidak_bisa_membuat_pegawai_di_unit_b(d, client):
    client.force_login(d.users[HR_A])
    lahir, tmt = datetime.date(1991, 5, 5), datetime.date(2016, 3, 1)
    data = {"nip": f.nip_pns(lahir, tmt, "P"), "pns_id": "", "gelar_depan": "", "nama": f"Baru {TOKEN_A}",
            "gelar_belakang": "", "jenis_kelamin": "P", "tempat_lahir": "", "tanggal_lahir": lahir.isoformat(),
            "jenis_asn": "PNS", "golongan": "III/a", "tmt_cpns": tmt.isoformat(), "tmt_golongan": "",
            "pendidikan": "", "jabatan": d.jabatan["b"].pk, "unit_kerja": d.unit["anak_b"].pk, "status": "aktif",
            "nik": "", "email": "", "no_hp": ""}
    sebelum = _potret()
    resp = client.post(reverse("pegawai-create"), data)
    assert resp.status_code == 200
    assert _potret() == sebelum
    assert not _bocoran(resp, d, HR_A)
    data |= {"jabatan": d.jabatan["a"].pk, "unit_kerja": d.unit["anak_a"].pk}
    resp = client.post(reverse("pegawai-create"), data)
    assert resp.status_code == 302
    assert Pegawai.objects.get(nip=data["nip"]).instansi == d.pegawai["kepala_a"].instansi


def test_hr_a_tidak_bisa_membuat_akun_untuk_unit_b(d, client):
    client.force_login(d.users[HR_A])
    sebelum = _potret()
    resp = client.post(reverse("akun-unit"), {"unit_kerja": d.unit["induk_b"].pk, "termasuk_subunit": "on"})
    assert resp.status_code == 200
    assert _potret() == sebelum
    assert not _bocoran(resp, d, HR_A)
    resp = client.post(reverse("akun-unit"), {"unit_kerja": d.unit["induk_a"].pk, "termasuk_subunit": "on"})
    assert resp.status_code == 302
    assert Pegawai.objects.get(pk=d.pegawai["lain_a"].pk).user is not None
    assert Pegawai.objects.get(pk=d.pegawai["lain_b"].pk).user is None


# ------------------------------------------------------------------ exports and lists hold exactly the scope
@pytest.mark.parametrize(("peran", "milik", "lain"), [(HR_A, PEGAWAI_DI_A, PEGAWAI_DI_B),
                                                      (HR_B, PEGAWAI_DI_B, PEGAWAI_DI_A)])
def test_ekspor_hanya_nip_instansi_sendiri(peran, milik, lain, d, client):
    client.force_login(d.users[peran])
    nip_milik = {d.pegawai[label].nip for label in milik}
    nip_lain = {d.pegawai[label].nip for label in lain}
    for query in ("", f"q={d.pegawai['kepala_b'].nip}", f"q={d.pegawai['kepala_a'].nip}",
                  f"unit_kerja={d.unit['induk_b'].pk}", f"unit_kerja={d.unit['induk_a'].pk}"):
        resp = client.get(reverse("pegawai-export", args=["csv"]) + "?" + query)
        assert resp.status_code == 200, query
        rows = list(csv.DictReader(io.StringIO(resp.content.decode("utf-8-sig"))))
        nips = {r["NIP BARU"] for r in rows}
        assert not nips & nip_lain, f"{peran} export ?{query} holds NIPs of the other instansi: {nips & nip_lain}"
        assert nips <= nip_milik, query
        if query == "":
            assert nips == nip_milik
        wb = openpyxl.load_workbook(io.BytesIO(client.get(reverse("pegawai-export", args=["xlsx"]) + "?" + query)
                                               .content), read_only=True)
        header, *data = list(wb.active.iter_rows(values_only=True))
        assert {row[header.index("NIP BARU")] for row in data} == nips, query


@pytest.mark.parametrize(("peran", "terlihat"), [(SUPERADMIN, PEGAWAI_SEMUA), (HR_A, PEGAWAI_DI_A),
                                                 (HR_B, PEGAWAI_DI_B), (ATASAN_A, {"bawahan_a", "cucu_a"})])
def test_daftar_pegawai_memuat_lingkupnya(peran, terlihat, d, client):
    """The control for the walk's leak search: the list does show the scope (the viewer's own record,
    whose NIP is also the user name in the navigation bar, aside)."""
    client.force_login(d.users[peran])
    teks = client.get(reverse("pegawai-list")).content.decode()
    sendiri = {label for label, p in d.pegawai.items() if p.user_id == d.users[peran].pk}
    ada = {label for label, p in d.pegawai.items() if p.nip in teks or p.nama in teks} - sendiri
    assert ada == set(terlihat) - sendiri


# ------------------------------------------------------------------ Django admin: staff only
@pytest.mark.parametrize("peran", [p for p in PERAN if p != SUPERADMIN])
def test_admin_mengalihkan_bukan_staf_ke_login_admin(peran, d, client):
    _masuk(client, d, peran)
    for url in (reverse("admin:index"), reverse("admin:pembinaan_pegawai_changelist"),
                reverse("admin:pembinaan_pegawai_change", args=[d.pegawai["kepala_b"].pk])):
        resp = client.get(url)
        assert resp.status_code == 302 and resp["Location"].startswith(reverse("admin:login")), url
    client.force_login(d.users[SUPERADMIN])
    assert client.get(reverse("admin:index")).status_code == 200


def test_hr_staf_tidak_mengekspor_instansi_lain_lewat_admin(d, client):
    """HR officers are not staff, but the day an operator ticks is_staff for one, the admin must not hand
    them the other instansi: the HR group holds pembinaan.export_pegawai, exactly the permission
    django-import-export's admin export checks, and that export is not scoped to an instansi.
    (strict: when this is fixed the test passes, xfail turns into a failure: remove the marker.)"""
    u = User.objects.get(pk=d.users[HR_A].pk)
    u.is_staff = True
    u.save(update_fields=["is_staff"])
    client.force_login(u)
    url = reverse("admin:pembinaan_pegawai_export")
    halaman_ekspor = client.get(url).content.decode()
    data = {"format": "0", "resource": "0"} | dict.fromkeys(re.findall(r'name="(pegawairesource_[^"]+)"',
                                                                       halaman_ekspor), "on")
    teks = _teks(client.post(url, data))
    assert not [nip for nip in d.nip(PEGAWAI_DI_B) if nip in teks]
