"""The authentication backend (``pembinaan.auth.BackendPeran``): Django's ModelBackend whose ``get_user`` reads the
account together with the employee row and its role facts (``access.muat_pengguna``), one query per request instead
of two. It must give exactly the user ModelBackend gives and exactly the roles the separate queries give, for every
kind of account (PNS, PPPK, atasan, HR with and without an employee row, pimpinan, superadmin, an account without an
employee row), refuse what ModelBackend refuses (inactive, unknown, garbage ids), and keep nothing across requests.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pembinaan import access
from pembinaan.auth import BackendPeran
from pembinaan.models import Pegawai
from tests import factories as f

pytestmark = pytest.mark.django_db


def _pppk(inst, **kwargs):
    lahir = datetime.date(1991, 8, 9)
    return f.PegawaiFactory(instansi=inst, jenis_asn="PPPK", golongan="IX", tanggal_lahir=lahir,
                            tmt_cpns=datetime.date(2022, 3, 1), nip=f.nip_pppk(lahir, 2022), **kwargs)


def _akun():
    inst = f.InstansiFactory(kode="SAROLANGUN", nama="Pemerintah Kabupaten Sarolangun")
    pns, pppk = f.PegawaiFactory(instansi=inst, nama="Ani Pns"), _pppk(inst, nama="Budi Pppk")
    kepala = f.PegawaiFactory(instansi=inst, nama="Citra Kepala")
    f.PegawaiFactory(instansi=inst, atasan=kepala)
    kepala_pppk = _pppk(inst, nama="Dodi Kepala Pppk")
    f.PegawaiFactory(instansi=inst, atasan=kepala_pppk)
    hr_pegawai = f.hr_user(inst, username="hr.pegawai")
    baris = f.PegawaiFactory(instansi=inst, nama="Eka Hr")
    Pegawai.objects.filter(pk=baris.pk).update(user=hr_pegawai)
    return {
        "PNS": f.pegawai_user(pns), "PPPK": f.pegawai_user(pppk), "atasan PNS": f.pegawai_user(kepala),
        "atasan PPPK": f.pegawai_user(kepala_pppk), "HR": f.hr_user(inst), "HR pegawai": hr_pegawai,
        "pimpinan": f.pimpinan_user(inst), "superadmin": f.user("super", is_superuser=True, is_staff=True),
        "tanpa pegawai": f.user("biasa"),
    }


def _peran(user):
    p = access.peran(user)
    return (p.pegawai.pk if p.pegawai else None, p.pegawai.instansi.nama if p.pegawai else None, p.atasan, p.hr,
            p.pimpinan, p.superadmin, p.instansi.pk if p.instansi else None, p.lihat_dasbor)


def test_pengguna_dan_peran_sama_dengan_model_backend():
    User = get_user_model()  # noqa: N806 (a class)
    for nama, user in _akun().items():
        with CaptureQueriesContext(connection) as q:
            kita = BackendPeran().get_user(str(user.pk))  # the session holds the id as text
        assert len(q.captured_queries) == 1, nama
        django = ModelBackend().get_user(user.pk)
        assert {fl.attname: getattr(kita, fl.attname) for fl in User._meta.concrete_fields} == {
            fl.attname: getattr(django, fl.attname) for fl in User._meta.concrete_fields}, nama
        assert not kita._state.adding and kita._state.db == "default"
        assert kita.get_session_auth_hash() == django.get_session_auth_hash()
        assert _peran(kita) == _peran(django), nama  # the read facts == the separate queries' answer
        with CaptureQueriesContext(connection) as q:
            access.pegawai_saya(kita), access.peran(kita).atasan
        assert q.captured_queries == [], nama  # already read with the account


def test_menolak_yang_ditolak_model_backend():
    user = f.user("nonaktif", is_active=False)
    assert BackendPeran().get_user(str(user.pk)) is None and ModelBackend().get_user(user.pk) is None
    for sampah in ["abc", "", "1.5", str(10**30), "-1", "99999999"]:
        assert BackendPeran().get_user(sampah) is None, sampah


def test_tanpa_sql_sendiri_kembali_ke_orm(monkeypatch):
    """A field the one query cannot read (a database converter) sends it back to ModelBackend's way."""
    akun = _akun()
    monkeypatch.setitem(access._SQL, "pengguna", "")
    for nama, user in akun.items():
        kita = BackendPeran().get_user(str(user.pk))
        assert kita.pk == user.pk and not hasattr(kita, "_peran_cache"), nama
        assert _peran(kita) == _peran(ModelBackend().get_user(user.pk)), nama


@pytest.mark.parametrize("jenis", ["PNS", "PPPK"])
def test_satu_query_untuk_pengguna_dan_peran_per_permintaan(client, jenis):
    """A logged-in employee's page reads the account and the roles in one query, and not the account again."""
    akun = _akun()
    client.force_login(akun[jenis])
    url = reverse("pelatihan:jp-saya")
    client.get(url)
    with CaptureQueriesContext(connection) as q:
        assert client.get(url).status_code == 200
    sql = [x["sql"] for x in q.captured_queries]
    akun_sql = [s for s in sql if 'FROM "auth_user"' in s]
    assert len(akun_sql) == 1 and '"pembinaan_pegawai"' in akun_sql[0] and '"pembinaan_petugas"' in akun_sql[0]
    assert not [s for s in sql if 'FROM "pembinaan_pegawai" x' in s], "the role query ran on its own as well"


def test_nonaktif_atau_sandi_berganti_keluar_pada_permintaan_berikutnya(client):
    """What Django checks on every request still holds with this backend: a deactivated account and a changed
    password end the session on the next request (PNS and PPPK)."""
    akun = _akun()
    url = reverse("pelatihan:jp-saya")
    for jenis, ubah in (("PNS", "nonaktif"), ("PPPK", "sandi")):
        user = akun[jenis]
        client.force_login(user)
        assert client.get(url).status_code == 200
        if ubah == "nonaktif":
            get_user_model().objects.filter(pk=user.pk).update(is_active=False)
        else:
            user.set_password("Sandi-Baru-2026!")
            user.save(update_fields=["password"])
        resp = client.get(url)
        assert resp.status_code == 302 and resp["Location"].startswith(reverse("login")), jenis
