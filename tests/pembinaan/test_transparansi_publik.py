"""The public transparency site (issue 12 §3): pages, downloads, embeddable card, caching, framing.

The pages read only a published snapshot's ``data`` JSON; these tests write that JSON by hand (the shape of
pembinaan/models_transparansi.py), so they check the public side alone. The whole chain (live data → builder →
disclosure rules → public URLs) is crawled by test_transparansi_privasi.py.
"""

import csv
import datetime
import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from pembinaan.models import SnapshotTransparansi
from pembinaan.templatetags.transparansi_grafik import grafik_svg
from tests import factories as f

pytestmark = pytest.mark.django_db

INSTANSI = "Pemerintah Kota Contoh"


def sel(indikator, unit, kategori, nilai, *, jenis="jumlah", alasan="", tampil=None):
    disembunyikan = nilai is None
    return {"indikator": indikator, "unit": unit, "kategori": kategori, "jenis": jenis, "nilai": nilai,
            "disembunyikan": disembunyikan, "alasan": alasan,
            "tampil": tampil if tampil is not None else ("—" if disembunyikan else str(nilai))}


def data_contoh(tanggal, *, unit=("Dinas Pendidikan", "Dinas Kesehatan"), pns=40):
    units = [INSTANSI, *unit]
    cells = [sel("pegawai", INSTANSI, "PNS", pns * len(unit)), sel("pegawai", INSTANSI, "PPPK", None,
                                                                   alasan="kurang dari 5", tampil="< 5")]
    for i, u in enumerate(unit):
        cells += [sel("pegawai", u, "PNS", pns), sel("pegawai", u, "PPPK", None, alasan="kurang dari 5", tampil="< 5"),
                  sel("jp20", u, "semua", 45.5 + i, jenis="persen", tampil=f"{45.5 + i:.1f} %".replace(".", ",")),
                  sel("predikat_org", u, "semua", "Baik", jenis="predikat")]
    return {
        "tanggal": f"{tanggal:%Y-%m-%d}", "instansi": {"kode": "CONTOH", "nama": INSTANSI}, "versi_metodologi": "1",
        "indikator": {
            "pegawai": {"judul": "Jumlah pegawai", "definisi": "ASN aktif per tanggal data.", "satuan": "orang",
                        "frekuensi": "bulanan", "produsen": "BKPSDM", "kelompok": "Pegawai"},
            "jp20": {"judul": "PNS dengan 20 JP atau lebih", "definisi": "Persentase PNS.", "satuan": "persen",
                     "frekuensi": "bulanan", "produsen": "BKPSDM", "kelompok": "Pengembangan kompetensi"},
            "predikat_org": {"judul": "Predikat kinerja organisasi", "definisi": "Ditetapkan pimpinan.",
                             "satuan": "", "frekuensi": "tahunan", "produsen": "BKPSDM", "kelompok": "Kinerja"},
        },
        "unit": units, "sel": cells,
    }


@pytest.fixture
def penerbit():
    return get_user_model().objects.create_user("penerbit", password="x")


@pytest.fixture
def instansi():
    return f.InstansiFactory(kode="CONTOH", nama=INSTANSI)


def terbitkan(instansi, tanggal, data, user, status="diterbitkan"):
    terbit = status == "diterbitkan"
    return SnapshotTransparansi.objects.create(
        instansi=instansi, tanggal=tanggal, status=status, data=data, diterbitkan_oleh=user if terbit else None,
        diterbitkan_pada=timezone.now() if terbit else None)


def url(nama="transparansi-instansi", **kw):
    return reverse(nama, kwargs={"kode": "CONTOH", **kw})


@pytest.fixture
def dua_bulan(instansi, penerbit):
    hari_ini = timezone.localdate()
    lama, baru = hari_ini - datetime.timedelta(days=31), hari_ini
    terbitkan(instansi, lama, data_contoh(lama, unit=("Dinas Lama",)), penerbit)
    terbitkan(instansi, baru, data_contoh(baru), penerbit)
    return lama, baru


def test_halaman_instansi_anonim_menampilkan_snapshot_terbaru(client, dua_bulan):
    lama, baru = dua_bulan
    resp = client.get(url())
    assert resp.status_code == 200
    html = resp.content.decode()
    assert INSTANSI in html and "Dinas Kesehatan" in html and "Dinas Lama" not in html
    assert f"{baru.day} " in resp.content.decode()  # the as-of date shown
    assert reverse("transparansi-metodologi") in html
    assert "<svg" in html and 'aria-describedby="tabel-pegawai"' in html and 'id="tabel-pegawai"' in html
    assert "&lt; 5" in html and "kurang dari 5" in html  # suppressed, with its reason
    assert "Baik" in html  # a predikat cell: table only
    assert resp["Cache-Control"] == "public, max-age=600"
    assert "csrftoken" not in resp.cookies and "sessionid" not in resp.cookies
    # The earlier snapshot stays reachable through a link on the page, by its date.
    assert f"?tanggal={lama:%Y-%m-%d}" in html


def test_snapshot_lama_tetap_terbuka_menurut_tanggal(client, dua_bulan):
    lama, _ = dua_bulan
    resp = client.get(url() + f"?tanggal={lama:%Y-%m-%d}")
    assert resp.status_code == 200
    assert "Dinas Lama" in resp.content.decode() and "Dinas Kesehatan" not in resp.content.decode()


def test_tanggal_tanpa_snapshot_404_dengan_daftar_tanggal(client, dua_bulan):
    lama, baru = dua_bulan
    resp = client.get(url() + f"?tanggal={lama - datetime.timedelta(days=1):%Y-%m-%d}")
    assert resp.status_code == 404
    html = resp.content.decode()
    for t in (lama, baru):
        assert f'href="{url()}?tanggal={t:%Y-%m-%d}"' in html
        assert client.get(f"{url()}?tanggal={t:%Y-%m-%d}").status_code == 200  # each listed link opens


@pytest.mark.parametrize("nilai", ["2026-13-45", "kemarin", "1e5"])
def test_tanggal_sampah_400(client, dua_bulan, nilai):
    for nama in ("transparansi-instansi", "transparansi-sematkan"):
        assert client.get(url(nama) + f"?tanggal={nilai}").status_code == 400
    assert client.get(url("transparansi-data", fmt="csv") + f"?tanggal={nilai}").status_code == 400


def test_hanya_snapshot_terbit_yang_publik(client, instansi, penerbit):
    hari_ini = timezone.localdate()
    terbitkan(instansi, hari_ini, data_contoh(hari_ini), penerbit, status="dibangun")
    for u in (url(), url("transparansi-data", fmt="json"), url("transparansi-data", fmt="csv"),
              url("transparansi-sematkan")):
        assert client.get(u).status_code == 404, u
    assert INSTANSI not in client.get(reverse("transparansi-daftar")).content.decode()
    assert "CONTOH" not in client.get(url()).content.decode()  # the code typed is not echoed back


def test_daftar_instansi_dengan_snapshot_terbit(client, dua_bulan):
    f.InstansiFactory(kode="TANPA", nama="Pemerintah Kabupaten Belum Terbit")
    resp = client.get(reverse("transparansi-daftar"))
    html = resp.content.decode()
    assert resp.status_code == 200
    assert f'href="{url()}"' in html and "Belum Terbit" not in html
    assert html.count(INSTANSI) == 1  # one row per instansi, however many snapshots
    assert client.get(url()).status_code == 200  # the link opens


def test_unduh_json_sel_persis_kontrak_dan_metadata(client, dua_bulan):
    _, baru = dua_bulan
    resp = client.get(url("transparansi-data", fmt="json"))
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/json")
    isi = json.loads(resp.content)
    assert isi["tanggal"] == f"{baru:%Y-%m-%d}" and isi["versi_metodologi"] == "1"
    assert isi["instansi"] == {"kode": "CONTOH", "nama": INSTANSI}
    assert {"definisi", "satuan", "frekuensi", "produsen"} <= set(isi["indikator"]["pegawai"])
    assert isi["metodologi"].endswith(reverse("transparansi-metodologi"))
    assert all(set(s) == {"indikator", "unit", "kategori", "jenis", "nilai", "disembunyikan", "alasan"}
               for s in isi["sel"])
    tersembunyi = [s for s in isi["sel"] if s["disembunyikan"]]
    assert tersembunyi and all(s["nilai"] is None and s["alasan"] for s in tersembunyi)
    assert {"indikator": "pegawai", "unit": "Dinas Kesehatan", "kategori": "PNS", "jenis": "jumlah", "nilai": 40,
            "disembunyikan": False, "alasan": ""} in isi["sel"]


def test_unduh_csv_kolom_sama_bom_dan_aman_rumus(client, instansi, penerbit):
    hari_ini = timezone.localdate()
    data = data_contoh(hari_ini, unit=("=HYPERLINK(\"http://x\")", "Dinas Kesehatan"))
    terbitkan(instansi, hari_ini, data, penerbit)
    resp = client.get(url("transparansi-data", fmt="csv"))
    assert resp.status_code == 200 and resp["Content-Type"].startswith("text/csv")
    assert resp.content.startswith("\ufeff".encode())
    baris = list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig"))))
    assert baris[0][:7] == ["indikator", "unit", "kategori", "jenis", "nilai", "disembunyikan", "alasan"]
    assert {"satuan", "definisi", "frekuensi", "produsen", "tanggal", "versi_metodologi"} <= set(baris[0])
    assert len(baris) - 1 == len(data["sel"])
    kolom = {nama: i for i, nama in enumerate(baris[0])}
    assert not any(b[kolom["unit"]].startswith("=") for b in baris[1:])
    assert any(b[kolom["unit"]].startswith("'=HYPERLINK") for b in baris[1:])
    tersembunyi = [b for b in baris[1:] if b[kolom["disembunyikan"]] == "true"]
    assert tersembunyi and all(b[kolom["nilai"]] == "" for b in tersembunyi)
    assert all(b[kolom["tanggal"]] == f"{hari_ini:%Y-%m-%d}" for b in baris[1:])


def test_unduhan_anonim_boleh_disimpan_cache_pengguna_masuk_tidak(client, dua_bulan, penerbit):
    u = url("transparansi-data", fmt="csv")
    resp = client.get(u)
    assert resp["Cache-Control"] == "public, max-age=600" and not resp.has_header("Content-Disposition")
    client.force_login(penerbit)
    resp = client.get(u)
    assert resp.status_code == 200
    assert "no-store" in resp["Cache-Control"] and "private" in resp["Cache-Control"]


def _csp(resp):
    """The Content-Security-Policy header as {directive: sources} (django-csp builds it site-wide)."""
    return {d: v.strip() for d, _, v in (b.strip().partition(" ") for b in resp["Content-Security-Policy"].split(";"))}


def bingkai(resp):
    """The frame-ancestors directive of the response's CSP ("" without one), whatever else the policy says."""
    arahan = [a.strip() for a in resp.get("Content-Security-Policy", "").split(";")]
    return next((a for a in arahan if a.startswith("frame-ancestors")), "")


def test_sematkan_tidak_boleh_dibingkai_tanpa_asal(client, dua_bulan, settings):
    settings.TRANSPARANSI_SEMATKAN_ASAL = []
    resp = client.get(url("transparansi-sematkan"))
    assert resp.status_code == 200 and INSTANSI in resp.content.decode()
    assert _csp(resp)["frame-ancestors"] == "'none'"
    assert resp["X-Frame-Options"] == "DENY"


def test_sematkan_hanya_asal_yang_diizinkan(client, dua_bulan, settings):
    settings.TRANSPARANSI_SEMATKAN_ASAL = ["https://bengkulukota.go.id", "https://x.go.id; script-src *",
                                           "http://intra.example:8080/"]
    resp = client.get(url("transparansi-sematkan"))
    assert _csp(resp)["frame-ancestors"] == (
        "https://bengkulukota.go.id http://intra.example:8080")  # the malformed one dropped
    assert _csp(resp)["script-src"] == "'self'"  # the rest of the site-wide policy stays
    assert not resp.has_header("X-Frame-Options")
    html = resp.content.decode()
    assert f'href="{url()}"' in html and reverse("transparansi-metodologi") in html
    for lain in (url(), reverse("transparansi-daftar"), reverse("transparansi-metodologi"),
                 url("transparansi-data", fmt="json")):  # every other page keeps DENY
        r = client.get(lain)
        assert r["X-Frame-Options"] == "DENY", lain
        assert _csp(r)["frame-ancestors"] == "'none'", lain


def test_halaman_dari_cache_per_snapshot(client, instansi, penerbit, django_assert_num_queries):
    hari_ini = timezone.localdate()
    lama = hari_ini - datetime.timedelta(days=30)
    terbitkan(instansi, lama, data_contoh(lama, unit=("Dinas Lama",)), penerbit)
    with django_assert_num_queries(2):  # which snapshot, then its JSON
        client.get(url())
    with django_assert_num_queries(1):  # which snapshot; the page itself from the cache
        assert "Dinas Lama" in client.get(url()).content.decode()
    # A newer publication is what the page shows next, and the older page now lists it.
    terbitkan(instansi, hari_ini, data_contoh(hari_ini), penerbit)
    assert "Dinas Kesehatan" in client.get(url()).content.decode()
    assert f"?tanggal={hari_ini:%Y-%m-%d}" in client.get(url() + f"?tanggal={lama:%Y-%m-%d}").content.decode()


def test_jumlah_query_tetap_berapa_pun_unitnya(client, instansi, penerbit, django_assert_max_num_queries):
    hari_ini = timezone.localdate()
    terbitkan(instansi, hari_ini, data_contoh(hari_ini, unit=tuple(f"Dinas {i}" for i in range(300))), penerbit)
    for u in (url(), url("transparansi-data", fmt="csv"), url("transparansi-data", fmt="json"),
              url("transparansi-sematkan"), reverse("transparansi-daftar"), reverse("transparansi-metodologi")):
        with django_assert_max_num_queries(2):
            assert client.get(u).status_code == 200


def test_kartu_sematkan_angka_utama_instansi(client, instansi, penerbit):
    """The card: each indicator's instansi total (or only category); two tables of the same people (by kind, by
    sex) give their shared total once; two different figures with equal values both show."""
    hari_ini = timezone.localdate()
    data = data_contoh(hari_ini)
    data["indikator"] |= {k: data["indikator"]["pegawai"] | {"judul": judul} for k, judul in (
        ("jenis", "ASN menurut jenis"), ("kelamin", "ASN menurut jenis kelamin"))} | {
        k: data["indikator"]["jp20"] | {"judul": judul} for k, judul in (("ini", "JP tahun ini"), ("lalu", "JP lalu"))}
    data["sel"] = [sel("jenis", INSTANSI, "PNS", 70), sel("jenis", INSTANSI, "Jumlah", 83),
                   sel("kelamin", INSTANSI, "Laki-laki", 40), sel("kelamin", INSTANSI, "Jumlah", 83),
                   sel("ini", INSTANSI, "semua", 12.5, jenis="persen", tampil="12,5 %"),
                   sel("lalu", INSTANSI, "semua", 12.5, jenis="persen", tampil="12,5 %"),
                   sel("predikat_org", INSTANSI, "semua", "Baik", jenis="predikat")]
    terbitkan(instansi, hari_ini, data, penerbit)
    html = client.get(url("transparansi-sematkan")).content.decode()
    angka = re.findall(r'<dd class="angka-utama[^"]*">([^<]*)', html)
    assert [a.strip() for a in angka] == ["83", "12,5 %", "12,5 %"]
    assert "ASN menurut jenis<" in html and "JP tahun ini" in html and "JP lalu" in html
    assert "persen" not in html.split("angka-utama", 1)[1]  # "12,5 %", not "12,5 % persen"


def test_metodologi_ambang_dari_pengaturan(client, dua_bulan, settings):
    settings.TRANSPARANSI_K_PELATIHAN = 7
    settings.TRANSPARANSI_K_EVALUASI = 12
    settings.TRANSPARANSI_N_PREDIKAT = 25
    html = client.get(reverse("transparansi-metodologi")).content.decode()
    assert "&lt; 7" in html and "1 sampai 6" in html and "&lt; 12" in html and "sedikitnya 25" in html
    assert "ASN aktif per tanggal data." in html  # indicator definitions from the latest publication
    for kolom in ("indikator", "unit", "kategori", "jenis", "nilai", "disembunyikan", "alasan"):
        assert f"<code>{kolom}</code>" in html


def test_setiap_halaman_publik_menautkan_metodologi(client, dua_bulan):
    for u in (reverse("transparansi-daftar"), url(), url("transparansi-sematkan"), url() + "?tanggal=2000-01-01",
              reverse("transparansi-metodologi")):
        assert f'href="{reverse("transparansi-metodologi")}"' in client.get(u).content.decode(), u


def test_nama_unit_dan_alasan_di_escape(client, instansi, penerbit):
    """Tables and charts are written in Python for speed: what they print is still escaped."""
    hari_ini = timezone.localdate()
    data = data_contoh(hari_ini, unit=('<script>alert("x")</script>', "Dinas Kesehatan"))
    data["sel"][1]["alasan"] = 'kurang dari 5"><img src=x>'
    terbitkan(instansi, hari_ini, data, penerbit)
    html = client.get(url()).content.decode()
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html  # in the table and in the chart's label


def test_grafik_sel_tersembunyi_bukan_batang_berukuran():
    svg = grafik_svg([("Dinas A", {"nilai": 40, "tampil": "40", "disembunyikan": False}),
                      ("Dinas B", {"nilai": None, "tampil": "< 5", "disembunyikan": True, "jenis": "jumlah"})],
                     judul="Jumlah pegawai", id_tabel="tabel-x")
    assert svg.count('fill="#1f5f8b"') == 1  # one measured bar: Dinas A only
    assert 'stroke-dasharray="3 2"' in svg and "&lt; 5" in svg
    assert 'role="img"' in svg and 'aria-describedby="tabel-x"' in svg
