"""Self check-in in the room: the organiser shows the rotating code, an employee types it on a phone."""

import datetime
import importlib

from django.apps import apps
from django.utils import timezone
from playwright.sync_api import expect

from pelatihan import checkin
from pelatihan.models import Kehadiran
from tests.e2e.conftest import login, screenshot
from tests.factories import PASSWORD, PegawaiFactory, pegawai_user
from tests.pelatihan.factories import PesertaFactory, ProgramFactory, SesiFactory

PONSEL = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 1}


def _sesi_sekarang(program):
    now = timezone.localtime()
    mulai = max(now.replace(hour=0, minute=0), now - datetime.timedelta(hours=1))
    selesai = min(now.replace(hour=23, minute=59), now + datetime.timedelta(hours=1))
    return SesiFactory(program=program, tanggal=now.date(), jam_mulai=mulai.time().replace(second=0, microsecond=0),
                       jam_selesai=selesai.time().replace(second=0, microsecond=0), topik="Etika pelayanan publik",
                       tempat="Aula BKPSDM")


def test_pegawai_presensi_dengan_kode_dari_layar_panitia(new_page, live_server, instansi, hr):
    importlib.import_module("pelatihan.migrations.0002_referensi").seed(apps, None)  # flushed by live_server
    program = ProgramFactory(instansi=instansi, judul="Pelatihan Pelayanan Prima")
    sesi = _sesi_sekarang(program)
    pegawai = PegawaiFactory(instansi=instansi, nama="Siti Rahmawati")
    peserta = PesertaFactory(program=program, pegawai=pegawai)
    PesertaFactory(program=program, pegawai=PegawaiFactory(instansi=instansi, nama="Budi Santoso"))
    pegawai_user(pegawai)

    panitia = new_page()
    login(panitia, live_server, hr.username, PASSWORD)
    panitia.goto(f"/pelatihan/sesi/{sesi.pk}/presensi/")
    expect(panitia.get_by_role("heading", name="Presensi: Etika pelayanan publik")).to_be_visible()
    expect(panitia.get_by_test_id("qr").locator("svg")).to_be_visible()
    baris = panitia.get_by_test_id(f"peserta-{peserta.pk}")
    expect(baris).to_have_attribute("data-status", "belum")
    expect(panitia.get_by_test_id("rekap")).to_contain_text("0 dari 2 peserta hadir")
    screenshot(panitia, "presensi-layar-panitia")

    hp = new_page(**PONSEL)
    login(hp, live_server, pegawai.nip, PASSWORD)
    hp.goto("/pelatihan/presensi/")
    expect(hp.get_by_text("Etika pelayanan publik")).to_be_visible()
    kode_field = hp.get_by_label("Kode presensi")

    # A code from two steps back (a photo of the screen taken earlier) is refused.
    kode_lama = checkin.kode_untuk(sesi.pk, checkin.langkah() - 2)
    kode_field.fill(kode_lama)
    hp.get_by_role("button", name="Catat kehadiran").click()
    expect(hp.get_by_test_id("hasil")).to_contain_text("Kode sudah kedaluwarsa")
    assert not Kehadiran.objects.exists()

    kode = panitia.get_by_test_id("kode").inner_text().strip()  # as read aloud in the room, just now
    hp.get_by_label("Kode presensi").fill(kode.lower())
    hp.get_by_role("button", name="Catat kehadiran").click()
    expect(hp.get_by_role("alert")).to_contain_text("Presensi berhasil")
    expect(hp.get_by_text("Hadir", exact=False).last).to_be_visible()
    lebar = hp.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert lebar[0] <= lebar[1] + 1, f"check-in page is {lebar[0]}px wide in a {lebar[1]}px viewport"
    screenshot(hp, "presensi-ponsel-berhasil")

    hp.get_by_label("Kode presensi").fill(panitia.get_by_test_id("kode").inner_text().strip())
    hp.get_by_role("button", name="Catat kehadiran").click()
    expect(hp.get_by_test_id("hasil")).to_contain_text("Anda sudah tercatat hadir pada")
    assert Kehadiran.objects.filter(peserta=peserta, sesi=sesi, status="hadir").count() == 1

    # The QR link of an old code: the confirm page says why at once, without a button.
    hp.goto(f"/pelatihan/presensi/{sesi.pk}/{kode_lama}/")
    expect(hp.get_by_test_id("hasil")).to_contain_text("Anda sudah tercatat hadir pada")
    expect(hp.get_by_role("button", name="Ya, saya hadir")).to_have_count(0)

    # The organiser's live list picks the check-in up by itself (htmx polling, no reload).
    expect(baris).to_have_attribute("data-status", "hadir", timeout=15_000)
    expect(panitia.get_by_test_id("rekap")).to_contain_text("1 dari 2 peserta hadir")
    screenshot(panitia, "presensi-layar-panitia-hadir")
