"""Behind the office's reverse proxy, a colleague typing someone's NIP wrongly does not lock that person out."""

from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.factories import PASSWORD, PegawaiFactory, pegawai_user

SALAH = "Bukan-Sandinya-1"
TERKUNCI = "Terlalu banyak percobaan masuk yang gagal"


def test_rekan_di_balik_proxy_yang_sama_tidak_mengunci_pemilik_akun(new_page, live_server, instansi, settings):
    # live_server's connections come from 127.0.0.1: here that is the proxy, which appends the client address.
    settings.PROXY_TEPERCAYA = ["127.0.0.1"]
    korban = PegawaiFactory(instansi=instansi, nama="Siti Aminah")
    pegawai_user(korban)
    iseng = new_page(extra_http_headers={"X-Forwarded-For": "10.20.0.14"})
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(iseng, live_server, korban.nip, SALAH, berhasil=False)
    expect(iseng.get_by_role("heading", name=TERKUNCI)).to_be_visible()

    pemilik = new_page(extra_http_headers={"X-Forwarded-For": "10.20.0.37"})
    login(pemilik, live_server, korban.nip, PASSWORD)
    expect(pemilik.get_by_text("Siti Aminah").first).to_be_visible()

    # Without trusted proxies the header counts for nothing: a client cannot dodge its own lockout by
    # writing another address into it.
    settings.PROXY_TEPERCAYA = []
    lain = PegawaiFactory(instansi=instansi)
    pegawai_user(lain)
    for i in range(settings.AXES_FAILURE_LIMIT):
        coba = new_page(extra_http_headers={"X-Forwarded-For": f"10.30.0.{i + 1}"})
        login(coba, live_server, lain.nip, SALAH, berhasil=False)
    menghindar = new_page(extra_http_headers={"X-Forwarded-For": "10.30.0.200"})
    login(menghindar, live_server, lain.nip, PASSWORD, berhasil=False)
    expect(menghindar.get_by_role("heading", name=TERKUNCI)).to_be_visible()
