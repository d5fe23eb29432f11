"""Login lockout behind a reverse proxy: keyed on the real client, and the client cannot choose its address."""

import pytest
from django.urls import reverse

from pembinaan.checks import cek_proxy_tepercaya
from tests import factories as f

pytestmark = pytest.mark.django_db

PROXY = "10.9.0.5"  # nginx in front of the application
PENYERANG, KORBAN = "203.0.113.66", "203.0.113.7"


@pytest.fixture
def korban():
    p = f.PegawaiFactory(email="korban@contoh.go.id")
    f.pegawai_user(p)
    return p


def _login(client, username, password=f.PASSWORD, *, remote, xff=None):
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    response = client.post(reverse("login"), {"username": username, "password": password}, **extra)
    client.logout()
    return response.status_code


def _kunci(client, username, n, **kw):
    return [_login(client, username, "salah", **kw) for _ in range(n)]


@pytest.mark.parametrize("proxy", ["10.9.0.5", "10.9.0.0/24"])
def test_colleague_behind_the_same_proxy_cannot_lock_the_victim_out(client, settings, korban, proxy):
    settings.PROXY_TEPERCAYA = [proxy]
    _kunci(client, korban.nip, settings.AXES_FAILURE_LIMIT, remote=PROXY, xff=PENYERANG)
    # The attacker's own address is locked for that NIP ...
    assert _login(client, korban.nip, remote=PROXY, xff=PENYERANG) == 429
    # ... and the victim, arriving through the same proxy from their own desk, still logs in.
    assert _login(client, korban.nip, remote=PROXY, xff=KORBAN) == 302


def test_address_written_by_the_client_before_the_proxy_is_not_believed(client, settings, korban):
    """nginx appends the address it saw; whatever the client put in the header stands to its left."""
    settings.PROXY_TEPERCAYA = ["10.9.0.0/24"]
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(client, korban.nip, "salah", remote=PROXY, xff=f"198.18.0.{i}, {PENYERANG}")
    assert _login(client, korban.nip, remote=PROXY, xff=f"198.18.9.9, {PENYERANG}") == 429
    # Two trusted proxies in a row (load balancer, then nginx): the client is the first untrusted from the right.
    assert _login(client, korban.nip, remote=PROXY, xff=f"{PENYERANG}, 10.9.0.77") == 429
    assert _login(client, korban.nip, remote=PROXY, xff=f"{KORBAN}, 10.9.0.77") == 302


def test_direct_client_cannot_pick_its_address_with_the_header(client, settings, korban):
    settings.PROXY_TEPERCAYA = [PROXY]
    langsung = "198.51.100.9"  # not a trusted proxy: its header is ignored
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(client, korban.nip, "salah", remote=langsung, xff=f"192.0.2.{i}")
    assert _login(client, korban.nip, remote=langsung, xff="192.0.2.200") == 429
    # The header never unlocks anyone else either: the victim from another address is fine.
    assert _login(client, korban.nip, remote="198.51.100.10", xff=langsung) == 302


def test_without_trusted_proxies_the_header_is_ignored(client, settings, korban):
    settings.PROXY_TEPERCAYA = []
    _kunci(client, korban.nip, settings.AXES_FAILURE_LIMIT, remote=PROXY, xff=PENYERANG)
    assert _login(client, korban.nip, remote=PROXY, xff=KORBAN) == 429


def test_pppk_account_is_protected_the_same_way(client, settings):
    import datetime

    lahir = datetime.date(1991, 5, 5)
    p = f.PegawaiFactory(jenis_asn="PPPK", golongan="IX", tanggal_lahir=lahir, tmt_cpns=datetime.date(2023, 3, 1),
                         nip=f.nip_pppk(lahir, 2023))
    f.pegawai_user(p)
    settings.PROXY_TEPERCAYA = [PROXY]
    _kunci(client, p.nip, settings.AXES_FAILURE_LIMIT, remote=PROXY, xff=PENYERANG)
    assert _login(client, p.nip, remote=PROXY, xff=KORBAN) == 302


def test_trusted_proxies_come_from_the_environment(monkeypatch):
    import importlib

    from pembinaan.settings import base

    monkeypatch.setenv("PROXY_TEPERCAYA", "10.9.0.5, 172.16.0.0/24")
    try:
        assert importlib.reload(base).PROXY_TEPERCAYA == ["10.9.0.5", "172.16.0.0/24"]
    finally:
        monkeypatch.delenv("PROXY_TEPERCAYA")
        importlib.reload(base)


def test_a_wrong_trusted_proxy_entry_is_a_system_check_error(settings):
    settings.PROXY_TEPERCAYA = ["10.9.0.5", "nginx.lokal"]
    errors = cek_proxy_tepercaya()
    assert [e.id for e in errors] == ["pembinaan.E002"] and "nginx.lokal" in errors[0].msg
    settings.PROXY_TEPERCAYA = ["10.9.0.5", "2001:db8::/32"]
    assert cek_proxy_tepercaya() == []
