"""Issue 14: security headers (django-csp 4, django-permissions-policy, Django's own) on every response, and
``manage.py check --deploy`` clean under ``pembinaan.settings.prod`` with the README's production variables."""

import re

import pytest
from django.urls import reverse

from tests.pembinaan.prod_env import manage_prod

# The production variables the README documents (Deploying): each one silences a deploy check.
VARIABEL_PRODUKSI = {
    "DJANGO_SECRET_KEY": "k7Q2-pX9vLm3RtY8wZ1aB4cD6eF0gH5jN7sU2xV9yA3bC8dE1fG6hJ0",
    "DJANGO_ALLOWED_HOSTS": "pembinaan.bkpsdm.example.go.id",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://pembinaan.bkpsdm.example.go.id",
    "SITE_URL": "https://pembinaan.bkpsdm.example.go.id",
    "DJANGO_HSTS_SECONDS": "31536000",
}


def _csp(resp):
    return {d: v.strip() for d, _, v in (b.strip().partition(" ") for b in resp["Content-Security-Policy"].split(";"))}


def _deploy_ids(**env):
    hasil = manage_prod("check", "--deploy", **(VARIABEL_PRODUKSI | env))
    return sorted(set(re.findall(r"\((\w+\.[WE]\d+)\)", hasil.stdout + hasil.stderr))), hasil


def test_check_deploy_tanpa_peringatan_dengan_variabel_produksi():
    ids, hasil = _deploy_ids()
    assert hasil.returncode == 0, hasil.stderr
    assert ids == [] and "no issues" in hasil.stdout, hasil.stdout + hasil.stderr


@pytest.mark.parametrize(("variabel", "nilai", "cek"), [
    ("DJANGO_HSTS_SECONDS", "0", "security.W004"),
    ("DJANGO_SSL_REDIRECT", "0", "security.W008"),
    ("DJANGO_SECURE_COOKIES", "0", "security.W012"),
    ("SITE_URL", "http://localhost:8000", "pembinaan.W001"),
])
def test_setiap_variabel_membungkam_ceknya(variabel, nilai, cek):
    ids, hasil = _deploy_ids(**{variabel: nilai})
    assert cek in ids, hasil.stdout + hasil.stderr


@pytest.mark.django_db
def test_header_keamanan_di_halaman_login(client):
    resp = client.get(reverse("login"))
    csp = _csp(resp)
    assert csp["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval'
    assert csp["style-src-elem"] == "'self'" and csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'" and csp["base-uri"] == "'self'" and csp["form-action"] == "'self'"
    assert resp["X-Frame-Options"] == "DENY"
    assert resp["Referrer-Policy"] == "same-origin"
    assert resp["X-Content-Type-Options"] == "nosniff"
    kebijakan = resp["Permissions-Policy"]
    assert "camera=()" in kebijakan and "geolocation=()" in kebijakan and "microphone=()" in kebijakan


@pytest.mark.django_db
def test_header_keamanan_juga_di_halaman_pengguna_dan_404(client, django_user_model):
    user = django_user_model.objects.create_user("hdr", password="x")
    client.force_login(user)
    for resp in (client.get(reverse("beranda")), client.get("/tidak-ada-halaman-ini/")):
        assert _csp(resp)["script-src"] == "'self'", resp.status_code
        assert resp["Referrer-Policy"] == "same-origin" and "camera=()" in resp["Permissions-Policy"]


@pytest.mark.django_db
def test_cookie_sesi_dan_csrf_httponly(client, django_user_model):
    django_user_model.objects.create_user("kue", password="rahasia-123")
    client.get(reverse("login"))
    assert client.cookies["csrftoken"]["httponly"] is True
    token = client.cookies["csrftoken"].value
    client.post(reverse("login"), {"username": "kue", "password": "rahasia-123", "csrfmiddlewaretoken": token})
    assert client.cookies["sessionid"]["httponly"] is True
