"""axe-core on the pages of issue 9's programme and attendance work, in the states a user brings them to:
the programme form, the add-participants panel with suggestions and a unit's checkboxes shown, the attendance
screen with walk-in suggestions, the projector page and the printable sheets. Same rule as
tests/e2e/test_aksesibilitas.py: impact "serious" or "critical" fails."""

import datetime
import importlib

from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.e2e.test_aksesibilitas import UKURAN, _pelanggaran
from tests.factories import PASSWORD, PegawaiFactory, UnitKerjaFactory, nip_pppk
from tests.pelatihan.factories import PesertaFactory, ProgramFactory, SesiFactory


def test_halaman_program_dan_presensi_tanpa_pelanggaran_serius(new_page, live_server, instansi, hr):
    importlib.import_module("pelatihan.migrations.0002_referensi").seed(apps, None)
    program = ProgramFactory(instansi=instansi, judul="Pelatihan Arsip Digital")
    now = timezone.localtime()
    mulai = max(now.replace(hour=0, minute=0), now - datetime.timedelta(hours=1))
    selesai = min(now.replace(hour=23, minute=59), now + datetime.timedelta(hours=1))
    sesi = SesiFactory(program=program, tanggal=now.date(), jam_mulai=mulai.time().replace(second=0, microsecond=0),
                       jam_selesai=selesai.time().replace(second=0, microsecond=0), topik="Tata naskah dinas")
    unit = UnitKerjaFactory(instansi=instansi, nama="Dinas Pendidikan")
    lahir = datetime.date(1995, 4, 12)
    PesertaFactory(program=program, pegawai=PegawaiFactory(instansi=instansi, nama="Sari Wulandari", unit_kerja=unit))
    PegawaiFactory(instansi=instansi, nama="Sarah Pratiwi", unit_kerja=unit, jenis_asn="PPPK", golongan="IX",
                   tanggal_lahir=lahir, tmt_cpns=datetime.date(2023, 1, 1), nip=nip_pppk(lahir, 2023))

    salah = []
    for ukuran, viewport in UKURAN.items():
        page = new_page(viewport=viewport)
        login(page, live_server, hr.username, PASSWORD)

        def periksa(label, page=page, ukuran=ukuran):
            baris = _pelanggaran(page)
            if baris:
                salah.append(f"{ukuran} {label} {page.url}:\n" + "\n".join(baris))

        page.goto(reverse("pelatihan:program-create"))
        periksa("program baru")
        page.goto(reverse("pelatihan:program-detail", args=[program.pk]))
        page.get_by_test_id("tambah-peserta").locator("summary").click()
        page.get_by_label("Cari nama atau NIP / NI PPPK").press_sequentially("sar", delay=30)
        expect(page.locator("#saran-peserta li")).to_have_count(2)
        page.get_by_label("Atau pilih dari unit kerja").select_option(label="Dinas Pendidikan")
        expect(page.get_by_test_id("daftar-unit")).to_be_visible()
        periksa("tambah peserta")
        page.goto(reverse("pelatihan:kehadiran-panitia", args=[sesi.pk]))
        page.get_by_label("NIP / NI PPPK atau nama").press_sequentially("sarah", delay=30)
        expect(page.locator("#saran-di-tempat li")).to_have_count(1)
        periksa("presensi panitia")
        page.goto(reverse("pelatihan:kehadiran-layar", args=[sesi.pk]))
        periksa("mode layar")
        page.goto(reverse("pelatihan:kehadiran-daftar-program", args=[program.pk]))
        periksa("cetak daftar hadir")
        page.goto(reverse("pelatihan:peserta-daftar", args=[program.pk]))
        periksa("cetak daftar peserta")
    assert not salah, "axe-core:\n" + "\n".join(salah)
