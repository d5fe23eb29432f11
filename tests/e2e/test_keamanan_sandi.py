"""An invited employee whose invitation ran out asks for a new link, opens it from the e-mail and logs in."""

import re
from datetime import timedelta

from django.core import mail
from playwright.sync_api import expect

from pembinaan import services
from pembinaan.models import Notifikasi
from tests.e2e.conftest import login, screenshot
from tests.factories import PegawaiFactory, UnitKerjaFactory

BARU = "Sandi-Baru-Tebo-2026"


def _tautan(message, live_server):
    m = re.search(re.escape(live_server.url) + r"(/\S+)", message.body)
    assert m, message.body
    return m.group(0)


def test_undangan_kedaluwarsa_lalu_lupa_sandi_dari_email_sampai_masuk(page, live_server, instansi, hr, settings,
                                                                        monkeypatch):
    settings.SITE_URL = live_server.url
    unit = UnitKerjaFactory(instansi=instansi)
    pegawai = PegawaiFactory(instansi=instansi, unit_kerja=unit, nama="Rina Marlina", email="rina@contoh.go.id")
    services.akun_create_for_unit(actor=hr, unit=unit)
    services.outbox_send()
    undangan = _tautan(mail.outbox[-1], live_server)
    assert Notifikasi.objects.get(jenis="undangan_akun").tautan == ""

    # Four days later the invitation link is refused, with the way to a new one.
    from django.contrib.auth.tokens import PasswordResetTokenGenerator

    real_now = PasswordResetTokenGenerator._now
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: real_now(self) + timedelta(days=4))
    page.goto(undangan)
    expect(page.get_by_text("Tautan ini tidak berlaku lagi")).to_be_visible()
    page.get_by_role("link", name="Lupa kata sandi").click()
    page.get_by_label("E-mail").fill("rina@contoh.go.id")
    page.get_by_role("button", name="Kirim tautan").click()
    expect(page.get_by_text("Jika alamat itu terdaftar")).to_be_visible()
    monkeypatch.undo()

    services.outbox_send()
    reset = _tautan(mail.outbox[-1], live_server)
    assert "berlaku 2 jam" in mail.outbox[-1].body
    page.goto(reset)
    expect(page.get_by_role("heading", name="Buat kata sandi baru")).to_be_visible()
    page.get_by_label(re.compile(r"^\s*Sandi baru")).fill(BARU)
    page.get_by_label(re.compile(r"^\s*Konfirmasi sandi baru")).fill(BARU)
    page.get_by_role("button", name="Simpan kata sandi").click()
    expect(page.get_by_text("Kata sandi tersimpan")).to_be_visible()
    screenshot(page, "sandi-dari-email")

    login(page, live_server, pegawai.nip, BARU)
    # The employee's pages are not kept by the browser's cache.
    response = page.goto(f"{live_server.url}/notifikasi/")
    assert "no-store" in response.headers["cache-control"]
