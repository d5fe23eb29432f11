"""Issue 14: one JSON log line per request (pembinaan.middleware.LogPermintaanMiddleware) and errors to Sentry
when SENTRY_DSN is set (pembinaan.settings.base.atur_sentry, called by settings.prod)."""

import gzip
import json
import logging
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import path, reverse
from pythonjsonlogger.json import JsonFormatter

from pembinaan.settings.base import LOGGING, atur_sentry

pytestmark = pytest.mark.django_db

SANDI = "Rahasia-Sekali-123"


def _format_json(record):
    """The record as settings.prod writes it (the "json" formatter of LOGGING)."""
    opsi = {k: v for k, v in LOGGING["formatters"]["json"].items() if k != "()"}
    return json.loads(JsonFormatter(**opsi).format(record))


def _baris(caplog):
    return [_format_json(r) for r in caplog.records if r.name == "pembinaan.permintaan"]


def test_satu_baris_json_per_permintaan(client, caplog, django_user_model):
    user = django_user_model.objects.create_user("logu", password=SANDI)
    caplog.set_level(logging.INFO, logger="pembinaan.permintaan")
    resp = client.get(reverse("login") + "?next=/beranda/&token=bocor")
    client.force_login(user)
    client.get(reverse("beranda"))
    anon, masuk = _baris(caplog)
    assert anon["method"] == "GET" and anon["status"] == 200 and anon["user_id"] is None
    assert anon["path"] == reverse("login")  # the query string (and whatever secret it held) is left out
    assert anon["request_id"] == resp["X-Request-ID"] and len(anon["request_id"]) == 32
    assert isinstance(anon["duration_ms"], float) and anon["duration_ms"] >= 0
    assert anon["logger"] == "pembinaan.permintaan" and anon["level"] == "INFO" and "waktu" in anon
    assert masuk["user_id"] == user.pk and masuk["path"] == reverse("beranda")
    assert masuk["request_id"] != anon["request_id"]


def test_tidak_pernah_sandi_sesi_atau_token_csrf(client, caplog, django_user_model):
    django_user_model.objects.create_user("logv", password=SANDI)
    caplog.set_level(logging.INFO, logger="pembinaan.permintaan")
    client.get(reverse("login"))
    csrf = client.cookies["csrftoken"].value
    client.post(reverse("login"), {"username": "logv", "password": SANDI, "csrfmiddlewaretoken": csrf})
    sesi = client.cookies["sessionid"].value
    client.get(reverse("beranda"))
    teks = json.dumps(_baris(caplog))
    assert len(_baris(caplog)) == 3 and _baris(caplog)[1]["status"] == 302
    for rahasia in (SANDI, csrf, sesi):
        assert rahasia not in teks


def test_token_di_tautan_atur_sandi_disamarkan(client, caplog):
    caplog.set_level(logging.INFO, logger="pembinaan.permintaan")
    client.get(reverse("password_reset_confirm", args=["MQ", "cdx9z3-0123456789abcdef"]))
    (baris,) = _baris(caplog)
    assert baris["path"] == reverse("password_reset_confirm", args=["***", "***"]) and "cdx9z3" not in json.dumps(baris)


def test_x_request_id_hanya_dari_proxy_tepercaya(client, caplog, settings):
    caplog.set_level(logging.INFO, logger="pembinaan.permintaan")
    settings.PROXY_TEPERCAYA = []
    assert client.get(reverse("login"), HTTP_X_REQUEST_ID="pilihan-klien")["X-Request-ID"] != "pilihan-klien"
    settings.PROXY_TEPERCAYA = ["127.0.0.1"]  # the test client's REMOTE_ADDR
    assert client.get(reverse("login"), HTTP_X_REQUEST_ID="nginx-abc.123")["X-Request-ID"] == "nginx-abc.123"
    buruk = client.get(reverse("login"), HTTP_X_REQUEST_ID='x" \n{"user_id": 1}')["X-Request-ID"]
    assert len(buruk) == 32 and "user_id" not in buruk  # not a plain token: replaced even from the proxy
    assert [b["request_id"] for b in _baris(caplog)][1] == "nginx-abc.123"


# ------------------------------------------------------------------ Sentry, delivered to a loopback endpoint

def _meledak(request):
    raise RuntimeError("uji sentry meledak")


urlpatterns = [path("meledak/", _meledak)]


class _Penampung(BaseHTTPRequestHandler):
    diterima = []

    def do_POST(self):  # noqa: N802 (http.server's naming)
        isi = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.headers.get("Content-Encoding") == "gzip":
            isi = gzip.decompress(isi)
        elif self.headers.get("Content-Encoding") == "deflate":
            isi = zlib.decompress(isi)
        elif self.headers.get("Content-Encoding") == "br":  # sentry-sdk prefers brotli when it is importable
            import brotli

            isi = brotli.decompress(isi)
        self.diterima.append((self.path, isi.decode("utf-8", "replace")))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_palsu():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Penampung)
    _Penampung.diterima = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server, _Penampung.diterima
    import sentry_sdk

    sentry_sdk.get_client().close(timeout=2)
    sentry_sdk.init(dsn=None)  # off again for the rest of this process
    server.shutdown()


def test_galat_terkirim_ke_sentry_bila_dsn_diisi(client, settings, sentry_palsu, django_user_model):
    import sentry_sdk

    server, diterima = sentry_palsu
    settings.ROOT_URLCONF = __name__
    atur_sentry(f"http://kuncipublik@127.0.0.1:{server.server_port}/42")
    assert sentry_sdk.get_client().options["send_default_pii"] is False
    user = django_user_model.objects.create_user("sentri", password=SANDI, email="sentri@contoh.go.id")
    client.force_login(user)
    client.raise_request_exception = False
    assert client.get("/meledak/", {"token": "bocor"}).status_code == 500
    sentry_sdk.flush(timeout=5)
    kiriman = "\n".join(isi for jalur, isi in diterima if jalur.startswith("/api/42/"))
    assert "uji sentry meledak" in kiriman and "RuntimeError" in kiriman
    assert "sentri@contoh.go.id" not in kiriman and SANDI not in kiriman  # send_default_pii=False


def test_sentry_mati_tanpa_dsn(monkeypatch):
    import sentry_sdk

    dipanggil = []
    monkeypatch.setattr(sentry_sdk, "init", lambda **kw: dipanggil.append(kw))
    atur_sentry("")
    assert dipanggil == [] and sentry_sdk.get_client().dsn is None
    atur_sentry("http://k@127.0.0.1:9/1")
    assert dipanggil[0]["send_default_pii"] is False and dipanggil[0]["dsn"] == "http://k@127.0.0.1:9/1"
