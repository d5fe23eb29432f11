"""The fixed cost every page pays (issue 14 §2, §5): the role look-ups, the navigation bar's count and menu.

- a logged-in employee's roles (employee row, has subordinates, has a Petugas row) are one query per request,
  reused by the access module, the menu and the pages; nothing of it is kept across requests: a role granted or
  revoked shows in the menu, and decides access, on the very next request;
- the unread count and the menu are computed only when a template draws the navigation bar, once per render:
  an htmx fragment pays for neither.
PNS and PPPK employees alike.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse, set_script_prefix
from django.utils import timezone

from pembinaan import access
from pembinaan.access import GRUP_HR
from pembinaan.menu import menu_untuk
from pembinaan.models import Notifikasi, Pegawai, Petugas
from tests import factories as f
from tests.pelatihan import factories as pf

pytestmark = pytest.mark.django_db

JENIS = ["PNS", "PPPK"]


def _pegawai(jenis, **kwargs):
    if jenis == "PPPK":
        lahir = datetime.date(1990, 4, 4)
        kwargs = {"jenis_asn": "PPPK", "golongan": "IX", "tanggal_lahir": lahir,
                  "tmt_cpns": datetime.date(2023, 3, 1), "nip": f.nip_pppk(lahir, 2023), **kwargs}
    else:
        kwargs = {"jenis_asn": "PNS", **kwargs}
    return f.PegawaiFactory(**kwargs)


def _sql(q):
    return [x["sql"] for x in q.captured_queries]


def _label(menu):
    for item in menu:
        if item.dropdown:
            yield from (f"{item.label} → {a.label}" for a in item.anak)
        else:
            yield item.label


def _menu(client):
    halaman = client.get(reverse("notifikasi"))
    assert halaman.status_code == 200
    return set(_label(halaman.context["menu"]))


@pytest.mark.parametrize("jenis", JENIS)
@pytest.mark.parametrize("bawahan", [0, 3])
def test_peran_pegawai_dibaca_sekali_per_permintaan(jenis, bawahan, client):
    """A full page of an employee (atasan or not): no separate Petugas or has-subordinates query, one role query."""
    p = _pegawai(jenis)
    for _ in range(bawahan):
        f.PegawaiFactory(instansi=p.instansi, unit_kerja=p.unit_kerja, atasan=p)
    client.force_login(f.pegawai_user(p))
    url = reverse("pelatihan:jp-saya")
    client.get(url)
    with CaptureQueriesContext(connection) as q:
        halaman = client.get(url)
    assert halaman.status_code == 200
    sql = _sql(q)
    assert not [s for s in sql if s.startswith('SELECT "pembinaan_petugas"')], "Petugas read on its own"
    assert not [s for s in sql if s.startswith('SELECT 1 AS "a" FROM "pembinaan_pegawai"')], "atasan read on its own"
    peran = [s for s in sql if '"pembinaan_petugas"' in s]
    assert len(peran) == 1, peran  # the role query (it carries the Petugas and subordinate facts)
    assert ("Bawahan saya" in halaman.content.decode()) == bool(bawahan)


@pytest.mark.parametrize("jenis", JENIS)
def test_jumlah_query_tetap_berapa_pun_bawahan_dan_notifikasi(jenis, client):
    p = _pegawai(jenis)
    user = f.pegawai_user(p)
    client.force_login(user)
    url = reverse("pelatihan:jp-saya")
    client.get(url)
    with CaptureQueriesContext(connection) as sedikit:
        client.get(url)
    for i in range(6):
        f.PegawaiFactory(instansi=p.instansi, unit_kerja=p.unit_kerja, atasan=p)
        Notifikasi.objects.create(penerima=user, jenis="uji", kunci=f"k{i}", tanggal=timezone.localdate(),
                                  judul="Uji", isi="Uji")
    with CaptureQueriesContext(connection) as banyak:
        halaman = client.get(url)
    assert len(banyak.captured_queries) == len(sedikit.captured_queries)
    assert 'data-testid="unread">6<' in halaman.content.decode()


@pytest.mark.parametrize("jenis", JENIS)
def test_peran_berubah_terlihat_pada_permintaan_berikutnya(jenis, client):
    """Nothing about roles is kept across requests: granted or revoked, the next page's menu and access follow."""
    p = _pegawai(jenis)
    user = f.pegawai_user(p)
    client.force_login(user)
    daftar = reverse("pegawai-list")
    assert "Bawahan saya" not in _menu(client)
    assert client.get(daftar).status_code == 404

    staf = f.PegawaiFactory(instansi=p.instansi, unit_kerja=p.unit_kerja, atasan=p)
    assert "Bawahan saya" in _menu(client)
    assert client.get(daftar).status_code == 200
    Pegawai.objects.filter(pk=staf.pk).update(atasan=None)
    assert "Bawahan saya" not in _menu(client)
    assert client.get(daftar).status_code == 404

    f.ensure_reference_data()
    user.groups.add(Group.objects.get(name=GRUP_HR))
    Petugas.objects.create(user=user, instansi=p.instansi)
    assert {"Impor", "Pegawai"} <= _menu(client)
    assert client.get(reverse("impor-upload")).status_code == 200
    Petugas.objects.filter(user=user).delete()
    assert "Impor" not in _menu(client)
    assert client.get(reverse("impor-upload")).status_code == 404


def test_fragmen_htmx_tanpa_hitungan_notifikasi_dan_menu(client):
    """The rotating check-in code (an htmx fragment polled every few seconds) draws no navigation bar: no unread
    count is asked; the full page still shows it."""
    sesi = pf.SesiFactory()
    hr = f.hr_user(sesi.program.instansi)
    Notifikasi.objects.create(penerima=hr, jenis="uji", kunci="k", tanggal=timezone.localdate(), judul="Uji", isi="Uji")
    client.force_login(hr)
    url = reverse("pelatihan:kehadiran-kode", args=[sesi.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as q:
        fragmen = client.get(url, headers={"HX-Request": "true"})
    assert fragmen.status_code == 200
    assert not [s for s in _sql(q) if "pembinaan_notifikasi" in s]
    with CaptureQueriesContext(connection) as q:
        halaman = client.get(reverse("pelatihan:kehadiran-panitia", args=[sesi.pk]))
    assert 'data-testid="unread">1<' in halaman.content.decode()
    assert len([s for s in _sql(q) if "pembinaan_notifikasi" in s]) == 1  # drawn twice (phone, desktop), asked once


@pytest.mark.parametrize("jenis", JENIS)
def test_baca_peran_sama_dengan_orm(jenis, django_assert_num_queries):
    """The one role query gives the same employee the ORM gives, with its instansi, and the right facts."""
    p = _pegawai(jenis)
    user = f.pegawai_user(p)
    orm = Pegawai.objects.select_related("instansi").get(pk=p.pk)

    def baca():
        with django_assert_num_queries(1):
            hasil = access._pegawai_peran(user.pk)
        with django_assert_num_queries(0):
            assert hasil.instansi == orm.instansi and hasil.instansi.nama == orm.instansi.nama
        assert {fl.attname: getattr(hasil, fl.attname) for fl in Pegawai._meta.concrete_fields} == {
            fl.attname: getattr(orm, fl.attname) for fl in Pegawai._meta.concrete_fields}
        assert not hasil._state.adding and hasil._state.db == "default"
        return hasil._ada_bawahan, hasil._ada_petugas

    assert baca() == (False, False)
    f.PegawaiFactory(instansi=p.instansi, unit_kerja=p.unit_kerja, atasan=p)
    assert baca() == (True, False)
    Petugas.objects.create(user=user, instansi=p.instansi)
    assert baca() == (True, True)
    assert access._pegawai_peran(f.user("tanpa.pegawai").pk) is None


def test_alamat_menu_mengikuti_awalan_skrip():
    """The menu remembers addresses per script prefix: an app served under a sub-path links under it."""
    p = _pegawai("PNS")
    user = f.pegawai_user(p)
    biasa = {i.label: i.url for i in menu_untuk(user) if not i.dropdown}
    set_script_prefix("/asn/")
    try:
        user = type(user).objects.get(pk=user.pk)
        bawah = {i.label: i.url for i in menu_untuk(user) if not i.dropdown}
    finally:
        set_script_prefix("/")
    assert bawah["Beranda"] == "/asn" + biasa["Beranda"]


def test_petugas_dan_grupnya_satu_query(client):
    """HR and pimpinan: the Petugas row and the names of the user's groups come in one query; a group taken away
    takes effect on the next request."""
    inst = f.InstansiFactory()
    hr = f.hr_user(inst)
    client.force_login(hr)
    url = reverse("pegawai-list")
    client.get(url)
    with CaptureQueriesContext(connection) as q:
        assert client.get(url).status_code == 200
    sql = _sql(q)
    assert not [s for s in sql if s.startswith('SELECT "auth_group"."name"')], "groups read on their own"
    assert len([s for s in sql if 'FROM "pembinaan_petugas" x' in s]) == 1  # the Petugas role query, once
    hr.groups.clear()
    assert client.get(url).status_code == 404
    pimpinan = f.pimpinan_user(inst)
    client.force_login(pimpinan)
    assert client.get(reverse("dasbor")).status_code == 200
    assert "Impor" not in _menu(client)


def test_baca_petugas_sama_dengan_orm(django_assert_num_queries):
    inst = f.InstansiFactory()
    hr = f.hr_user(inst)
    orm = Petugas.objects.select_related("instansi").get(user=hr)
    with django_assert_num_queries(1):
        petugas = access._petugas_peran(hr.pk)
    with django_assert_num_queries(0):
        assert petugas.instansi == inst and petugas.instansi.kode == orm.instansi.kode
    assert (petugas.pk, petugas.user_id, petugas.instansi_id) == (orm.pk, orm.user_id, orm.instansi_id)
    assert set(petugas._grup) == set(hr.groups.values_list("name", flat=True)) == {GRUP_HR}
    hr.groups.clear()
    assert access._petugas_peran(hr.pk)._grup == []
    assert access._petugas_peran(f.user("bukan.petugas").pk) is None
