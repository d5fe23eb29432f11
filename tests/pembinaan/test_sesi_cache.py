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
from django.utils import timezone

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


MATI = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                    "LOCATION": "redis://127.0.0.1:1/0"}}  # nothing listens there


@pytest.mark.parametrize("jenis_asn", ["PNS", "PPPK"])
def test_redis_tak_terjangkau_masuk_membuka_halaman_dan_keluar_tetap_jalan(client, settings, jenis_asn):
    """Django's cached_db as shipped raised on login (exists), on every request after a miss (the cache fill in
    load) and on logout (delete) when Redis was down; pembinaan.sesi answers from PostgreSQL instead."""
    pegawai = _pegawai(jenis_asn)
    settings.CACHES = MATI
    user, kunci = _masuk(client, pegawai)
    resp = client.get(reverse("beranda"))
    assert resp.status_code == 200 and resp.wsgi_request.user == user
    assert Session.objects.filter(session_key=kunci).exists()
    assert client.post(reverse("logout")).status_code == 302
    assert not Session.objects.filter(session_key=kunci).exists()
    client.cookies[settings.SESSION_COOKIE_NAME] = kunci  # the old cookie, replayed
    assert client.get(reverse("beranda")).status_code == 302


def test_salinan_cache_berumur_paling_lama_sesi_cache_detik(client, settings):
    """A logout while Redis is unreachable cannot remove the cached copy: it must expire soon by itself, not after
    the session's two weeks."""
    settings.SESI_CACHE_DETIK = 120
    _, kunci = _masuk(client, _pegawai("PNS"))
    cache = caches[settings.SESSION_CACHE_ALIAS]
    ttl = cache._cache.get_client().ttl(cache.make_and_validate_key(KEY_PREFIX + kunci))
    assert 0 < ttl <= 120
    assert Session.objects.get(session_key=kunci).expire_date > timezone.now() + datetime.timedelta(days=1)
