"""Cache-Control: pages of logged-in users and every download are private, no-store; static files and
public pages for anonymous visitors keep their own caching."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from pembinaan.middleware import CachePribadiMiddleware
from tests import factories as f

pytestmark = pytest.mark.django_db


def _pribadi(response):
    cc = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= cc and "public" not in cc


@pytest.mark.parametrize("jenis_asn", ["PNS", "PPPK"])
def test_pages_of_a_logged_in_employee_are_not_cached(client, jenis_asn):
    import datetime

    extra = {}
    if jenis_asn == "PPPK":
        lahir = datetime.date(1992, 2, 2)
        extra = dict(jenis_asn="PPPK", golongan="IX", tanggal_lahir=lahir, tmt_cpns=datetime.date(2023, 3, 1),
                     nip=f.nip_pppk(lahir, 2023))
    p = f.PegawaiFactory(**extra)
    client.force_login(f.pegawai_user(p))
    for url in (reverse("pegawai-detail", args=[p.pk]), reverse("notifikasi"), reverse("beranda")):
        response = client.get(url)
        assert _pribadi(response), (url, response.get("Cache-Control"))


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_exports_are_not_cached(client, fmt):
    inst = f.InstansiFactory()
    f.PegawaiFactory(instansi=inst)
    client.force_login(f.hr_user(inst))
    response = client.get(reverse("pegawai-export", args=[fmt]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert _pribadi(response)
    template = client.get(reverse("impor-template"))
    assert template.status_code == 200 and _pribadi(template)


def test_the_login_redirect_after_a_successful_login_is_private(client):
    p = f.PegawaiFactory()
    f.pegawai_user(p)
    response = client.post(reverse("login"), {"username": p.nip, "password": f.PASSWORD})
    assert response.status_code == 302 and _pribadi(response)


def test_any_download_is_private_even_without_a_login():
    request = RequestFactory().get("/x")
    request.user = AnonymousUser()

    def unduh(_request):
        response = HttpResponse(b"%PDF", content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="x.pdf"'
        response["Cache-Control"] = "public, max-age=600"
        return response

    assert _pribadi(CachePribadiMiddleware(unduh)(request))


def test_public_verification_page_for_anonymous_visitors_is_left_alone(client):
    response = client.get(reverse("verifikasi", args=["TIDAKADA1"]))
    assert response.status_code == 404
    assert "no-store" not in response.get("Cache-Control", "")
    # A logged-in user looking at the same page gets the private rule like every other page.
    client.force_login(f.user("siapa"))
    assert _pribadi(client.get(reverse("verifikasi", args=["TIDAKADA1"])))


def test_static_files_keep_their_caching_under_the_production_middleware(settings, tmp_path):
    """In production WhiteNoise (second in the chain) answers static files before our middleware runs."""
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "uji.css").write_text("body{}")
    settings.STATIC_ROOT = tmp_path
    settings.MIDDLEWARE = [*settings.MIDDLEWARE]
    settings.MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
    client = Client()
    client.force_login(f.user("staf"))
    response = client.get("/static/css/uji.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "") and "max-age" in response["Cache-Control"]
