"""Sessions read from the Redis cache, kept in PostgreSQL (issue 14 §5, settings SESSION_ENGINE = cached_db).

A logged-in request no longer reads its django_session row; the row stays the durable copy, so a user whose
cache entry is gone (Redis wiped or restarted) stays logged in, and logout still ends the session everywhere.
The cache entry is removed for this session only: flushing the shared Redis would disturb other test processes.
"""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db


def _pegawai(jenis_asn):
    if jenis_asn == "PPPK":
        lahir = datetime.date(1991, 4, 5)
        return f.PegawaiFactory(jenis_asn="PPPK", golongan="IX", tanggal_lahir=lahir,
                                tmt_cpns=datetime.date(2023, 3, 1), nip=f.nip_pppk(lahir, 2023))
    return f.PegawaiFactory()


def _masuk(client, pegawai):
    """A real login through the form (the axes backend, CSRF): what a participant's phone does."""
    user = f.pegawai_user(pegawai)
    client.get(reverse("login"))
    resp = client.post(reverse("login"), {"username": user.username, "password": f.PASSWORD})
    assert resp.status_code == 302
    return user, client.cookies[settings.SESSION_COOKIE_NAME].value


def _query_sesi(queries):
    return [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"]]


@pytest.mark.parametrize("jenis_asn", ["PNS", "PPPK"])
def test_halaman_berikutnya_tidak_membaca_tabel_sesi(client, jenis_asn):
    user, kunci = _masuk(client, _pegawai(jenis_asn))
    client.get(reverse("beranda"))
    with CaptureQueriesContext(connection) as queries:
        resp = client.get(reverse("beranda"))
    assert resp.status_code == 200 and resp.wsgi_request.user == user
    assert _query_sesi(queries) == []  # served from the cache
    assert Session.objects.filter(session_key=kunci).exists()  # and still stored in PostgreSQL


@pytest.mark.parametrize("jenis_asn", ["PNS", "PPPK"])
def test_tetap_masuk_setelah_cache_hilang(client, jenis_asn):
    pegawai = _pegawai(jenis_asn)
    user, kunci = _masuk(client, pegawai)
    cache = caches[settings.SESSION_CACHE_ALIAS]
    assert cache.get(KEY_PREFIX + kunci) is not None
    cache.delete(KEY_PREFIX + kunci)  # what a Redis wipe or restart does to this session
    with CaptureQueriesContext(connection) as queries:
        resp = client.get(reverse("beranda"))
    assert resp.status_code == 200 and resp.wsgi_request.user == user
    assert len(_query_sesi(queries)) == 1  # read back from PostgreSQL once ...
    assert cache.get(KEY_PREFIX + kunci) is not None  # ... and cached again
    assert client.get(reverse("pegawai-detail", args=[pegawai.pk])).status_code == 200


def test_keluar_mengakhiri_sesi_di_cache_dan_database(client):
    user, kunci = _masuk(client, _pegawai("PNS"))
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=kunci).exists()
    assert caches[settings.SESSION_CACHE_ALIAS].get(KEY_PREFIX + kunci) is None
    client.cookies[settings.SESSION_COOKIE_NAME] = kunci  # the old cookie, replayed
    resp = client.get(reverse("beranda"))
    assert resp.status_code == 302 and resp["Location"].startswith(reverse("login"))
