"""Issue 14: the production stack as the README's "Deploying" section describes it, driven over HTTP.

collectstatic (WhiteNoise's compressed manifest storage) into a temporary directory, gunicorn with
``pembinaan.settings.prod`` and a Celery worker with the same variables, both pointed at this test's database and
the embedded Redis (their own queue, so other tests' workers never take their jobs). Then, as a browser behind a
TLS-terminating proxy would (``X-Forwarded-Proto: https``): login with CSRF, a page of each app, a hashed static
file with a far-future cache header, an employee import checked and applied by the worker, /healthz; the security
headers and cookie flags on those responses; one JSON log line per request.
"""

import http.client
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.urls import reverse

from pembinaan import embedded
from pembinaan.models import ImporPegawai, Pegawai
from tests import factories as f
from tests.bench.bench_checkin import CSRF_RE, _cookie, _free_port, _set_cookies
from tests.conftest import wait_until
from tests.pembinaan.test_keamanan_header import VARIABEL_PRODUKSI
from tests.pembinaan.test_worker import _big_csv

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

RAIZ = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _url_basis_data_uji():
    """DATABASE_URL of this test's database (the embedded server's URL with the test database's name)."""
    bagian = urlsplit(embedded.postgres_url())
    return urlunsplit(bagian._replace(path="/" + settings.DATABASES["default"]["NAME"]))


def _lingkungan(tmp_path):
    lingkungan = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PEMBINAAN_", "SENTRY"))}
    lingkungan.update(VARIABEL_PRODUKSI, **{
        "DJANGO_SETTINGS_MODULE": "pembinaan.settings.prod",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": _url_basis_data_uji(),
        "REDIS_URL": settings.REDIS_URL,
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "CELERY_ANTREAN": f"produksi-uji-{uuid.uuid4().hex[:8]}",
        "IMPOR_BATAS_SINKRON": "10",  # the 30-row file below goes through the worker
        "PROXY_TEPERCAYA": "127.0.0.1",
    })
    return lingkungan


def _tunggu_http(port, proses, log):
    batas = time.monotonic() + 45
    while time.monotonic() < batas:
        if proses.poll() is not None:
            raise RuntimeError(f"gunicorn berhenti ({proses.returncode}): {log.read_text()[-2000:]}")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/healthz")
            c.getresponse().read()
            c.close()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn tidak menjawab dalam 45 detik")


@pytest.fixture
def tumpukan(tmp_path):
    lingkungan = _lingkungan(tmp_path)
    hasil = subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=RAIZ,
                           env=lingkungan, capture_output=True, text=True, timeout=120)
    assert hasil.returncode == 0, hasil.stderr
    port = _free_port()
    log_web, log_worker = tmp_path / "gunicorn.log", tmp_path / "celery.log"
    with open(log_web, "w") as lw, open(log_worker, "w") as lc:
        # ./gunicorn.conf.py as the README deploys it; two processes are enough for this test.
        web = subprocess.Popen([str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}"],
                               cwd=RAIZ, env=dict(lingkungan, WEB_CONCURRENCY="2"), stdout=lw, stderr=subprocess.STDOUT)
        worker = subprocess.Popen([str(BIN / "celery"), "-A", "pembinaan", "worker", "--pool", "threads",
                                   "--concurrency", "2", "-l", "warning", "--without-heartbeat",
                                   "--without-gossip", "--without-mingle"],
                                  cwd=RAIZ, env=lingkungan, stdout=lc, stderr=subprocess.STDOUT)
    try:
        _tunggu_http(port, web, log_web)
        yield port, log_web, log_worker, tmp_path
    finally:
        for proses in (web, worker):
            proses.terminate()
        for proses in (web, worker):
            try:
                proses.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proses.kill()
                proses.wait()


class Peramban:
    """A cookie jar and http.client, as a browser behind a proxy that terminates TLS."""

    def __init__(self, port):
        self.port, self.jar, self.set_cookie = port, {}, []

    def minta(self, metode, jalur, body=None, headers=None, https=True):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        h = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if https:
            h["X-Forwarded-Proto"] = "https"
        if metode == "POST":
            h["Origin"] = f"https://127.0.0.1:{self.port}"
            h["Referer"] = f"https://127.0.0.1:{self.port}{jalur}"
        if self.jar:
            h["Cookie"] = _cookie(self.jar)
        c.request(metode, jalur, body=body, headers=h)
        r = c.getresponse()
        r.isi = r.read()
        c.close()
        _set_cookies(r, self.jar)
        self.set_cookie += [v for k, v in r.getheaders() if k.lower() == "set-cookie"]
        return r

    def csrf(self, jalur):
        r = self.minta("GET", jalur)
        assert r.status == 200, (jalur, r.status)
        return CSRF_RE.search(r.isi.decode()).group(1)


def _multipart(token, nama, isi):
    batas = uuid.uuid4().hex
    body = (f"--{batas}\r\nContent-Disposition: form-data; name=\"csrfmiddlewaretoken\"\r\n\r\n{token}\r\n"
            f"--{batas}\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"{nama}\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode() + isi + f"\r\n--{batas}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={batas}"}


def _periksa_header_keamanan(r):
    csp = r.getheader("Content-Security-Policy", "")
    assert "script-src 'self'" in csp and "unsafe-inline'; " not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert r.getheader("X-Frame-Options") == "DENY"
    assert r.getheader("Referrer-Policy") == "same-origin"
    assert "camera=()" in r.getheader("Permissions-Policy", "")
    assert r.getheader("Strict-Transport-Security", "").startswith("max-age=31536000")
    assert r.getheader("X-Content-Type-Options") == "nosniff"
    assert len(r.getheader("X-Request-ID", "")) == 32


def test_tumpukan_produksi_lewat_http(tumpukan, settings):
    port, log_web, log_worker, tmp_path = tumpukan
    inst = f.InstansiFactory()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # prod's; tests use MD5
    hr = f.hr_user(inst)
    b = Peramban(port)

    # Plain HTTP is sent to HTTPS (the proxy's job too, but the app refuses to serve it); /healthz is exempt.
    r = b.minta("GET", reverse("login"), https=False)
    assert r.status == 301 and r.getheader("Location").startswith("https://")
    r = b.minta("GET", "/healthz", https=False)
    assert r.status == 200

    # Login with the CSRF token; cookies Secure and HttpOnly.
    token = b.csrf(reverse("login"))
    r = b.minta("POST", reverse("login"), body=urlencode(
        {"username": hr.username, "password": f.PASSWORD, "csrfmiddlewaretoken": token}),
        headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status == 302, r.isi[:500]
    _periksa_header_keamanan(r)
    for nama in ("sessionid", "csrftoken"):
        kue = next(v for v in b.set_cookie if v.startswith(nama + "="))
        assert "Secure" in kue and "HttpOnly" in kue and "SameSite=Lax" in kue, kue

    # A page of each app.
    for nama in ("dasbor", "pegawai-list", "pelatihan:program-list", "mentoring:pasangan-list",
                 "evaluasi:periode-list"):
        r = b.minta("GET", reverse(nama))
        assert r.status == 200, (nama, r.status, r.getheader("Location"))
        _periksa_header_keamanan(r)
        assert "no-store" in r.getheader("Cache-Control", "")

    # A static file under its hashed name (the manifest), with a far-future cache header, compressed variant.
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/app.css"]
    assert hashed != "css/app.css"
    r = b.minta("GET", settings.STATIC_URL + hashed, headers={"Accept-Encoding": "gzip"})
    assert r.status == 200 and r.getheader("Content-Encoding") == "gzip"
    assert "max-age=315360000" in r.getheader("Cache-Control") and "immutable" in r.getheader("Cache-Control")

    # An employee import: the dry run and the write both run in the worker.
    token = b.csrf(reverse("impor-upload"))
    body, headers = _multipart(token, "pegawai.csv", _big_csv(30))
    r = b.minta("POST", reverse("impor-upload"), body=body, headers=headers)
    assert r.status == 302, r.isi[:1000]
    impor = ImporPegawai.objects.get()
    assert wait_until(lambda: ImporPegawai.objects.get(pk=impor.pk).status == "siap", timeout=30), \
        log_worker.read_text()[-2000:]
    token = b.csrf(reverse("impor-detail", args=[impor.pk]))
    r = b.minta("POST", reverse("impor-confirm", args=[impor.pk]), body=f"csrfmiddlewaretoken={token}",
                headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status == 302
    assert wait_until(lambda: ImporPegawai.objects.get(pk=impor.pk).status == "selesai", timeout=30), \
        log_worker.read_text()[-2000:]
    assert Pegawai.objects.filter(instansi=inst).count() == 30

    # Health: database, Redis, and this stack's worker answering.
    r = b.minta("GET", "/healthz")
    data = json.loads(r.isi)
    assert r.status == 200 and data["status"] == "ok" and data["celery_workers"] >= 1

    # One JSON line per request on gunicorn's output; never the password or the session.
    baris = [json.loads(x) for x in log_web.read_text().splitlines() if x.startswith("{")]
    permintaan = [x for x in baris if x.get("logger") == "pembinaan.permintaan"]
    assert {reverse("login"), "/healthz", reverse("impor-upload")} <= {x["path"] for x in permintaan}
    masuk = next(x for x in permintaan if x["path"] == reverse("login") and x["method"] == "POST")
    assert masuk["status"] == 302 and masuk["user_id"] == hr.pk
    teks = log_web.read_text()
    assert f.PASSWORD not in teks and b.jar["sessionid"] not in teks
