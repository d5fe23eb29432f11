"""Adding participants and walk-ins through the browser (issue 9).

HR finds people by typing part of a name (suggestions as they type), picks a whole unit with "Pilih semua", and
adds them in one go. In the room, the projector shows the code and QR only; a walk-in who types the code is
told to ask the organiser, who adds them by name from the attendance screen and they show as present.
"""

import datetime
import importlib

from django.apps import apps
from django.utils import timezone
from playwright.sync_api import expect

from pelatihan.models import Kehadiran, Peserta
from tests.e2e.conftest import login, screenshot
from tests.factories import PASSWORD, PegawaiFactory, UnitKerjaFactory, nip_pppk, pegawai_user
from tests.pelatihan.factories import PesertaFactory, ProgramFactory, SesiFactory

PONSEL = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 1}


def _pppk(instansi, nama, **kw):
    lahir = datetime.date(1995, 4, 12)
    return PegawaiFactory(instansi=instansi, nama=nama, jenis_asn="PPPK", golongan="IX", tanggal_lahir=lahir,
                          tmt_cpns=datetime.date(2023, 1, 1), nip=nip_pppk(lahir, 2023), **kw)


def test_hr_menambah_peserta_lewat_pencarian_dan_unit(new_page, live_server, instansi, hr):
    importlib.import_module("pelatihan.migrations.0002_referensi").seed(apps, None)  # flushed by live_server
    program = ProgramFactory(instansi=instansi, judul="Pelatihan Arsip Digital", kuota=10)
    puskesmas = UnitKerjaFactory(instansi=instansi, nama="Puskesmas Muara Tebo")
    dinas = UnitKerjaFactory(instansi=instansi, nama="Dinas Pendidikan")
    sari = PegawaiFactory(instansi=instansi, nama="Sari Wulandari", unit_kerja=dinas)
    sarah = _pppk(instansi, "Sarah Pratiwi", unit_kerja=dinas)
    PegawaiFactory(instansi=instansi, nama="Joko Susilo", unit_kerja=dinas)
    perawat = [PegawaiFactory(instansi=instansi, nama=f"Perawat {n}", unit_kerja=puskesmas) for n in ("Ani", "Eka")]
    sudah = PesertaFactory(program=program, pegawai=PegawaiFactory(instansi=instansi, nama="Perawat Dewi",
                                                                  unit_kerja=puskesmas))

    page = new_page()
    login(page, live_server, hr.username, PASSWORD)
    page.goto(f"/pelatihan/program/{program.pk}/")
    page.get_by_test_id("tambah-peserta").locator("summary").click()
    page.get_by_label("Cari nama atau NIP / NI PPPK").press_sequentially("sar", delay=50)
    saran = page.locator("#saran-peserta")
    expect(saran.locator("li")).to_have_count(2)
    expect(saran.locator("li", has_text="Sarah Pratiwi")).to_contain_text(f"NI PPPK {sarah.nip_tampil}")
    expect(saran.locator("li", has_text="Sari Wulandari")).to_contain_text(f"NIP {sari.nip_tampil}")
    saran.locator("li", has_text="Sarah Pratiwi").get_by_role("button", name="Pilih").click()
    saran.locator("li", has_text="Sari Wulandari").get_by_role("button", name="Pilih").click()
    expect(page.get_by_test_id("terpilih").locator("label")).to_have_count(2)

    page.get_by_label("Atau pilih dari unit kerja").select_option(label="Puskesmas Muara Tebo")
    daftar = page.get_by_test_id("daftar-unit")
    expect(daftar.get_by_label("Pilih semua (3)")).to_be_visible()
    daftar.get_by_label("Pilih semua (3)").check()
    for p in perawat:
        expect(daftar.get_by_label(p.nama, exact=False)).to_be_checked()
    expect(daftar.get_by_label("Perawat Dewi", exact=False)).to_be_disabled()  # already registered
    screenshot(page, "peserta-pilih-unit")
    page.get_by_role("button", name="Tambahkan peserta").click()
    expect(page.locator(".alert-success")).to_have_text("4 peserta ditambahkan.")
    ditambah = set(Peserta.objects.filter(program=program).exclude(pk=sudah.pk).values_list("pegawai_id", flat=True))
    assert ditambah == {sari.pk, sarah.pk, *(p.pk for p in perawat)}
    expect(page.get_by_role("heading", name="Peserta (5/10)")).to_be_visible()


def test_walk_in_dan_mode_layar(new_page, live_server, instansi, hr):
    importlib.import_module("pelatihan.migrations.0002_referensi").seed(apps, None)
    program = ProgramFactory(instansi=instansi, judul="Pelatihan Pelayanan Prima")
    now = timezone.localtime()
    mulai = max(now.replace(hour=0, minute=0), now - datetime.timedelta(hours=1))
    selesai = min(now.replace(hour=23, minute=59), now + datetime.timedelta(hours=1))
    sesi = SesiFactory(program=program, tanggal=now.date(), jam_mulai=mulai.time().replace(second=0, microsecond=0),
                       jam_selesai=selesai.time().replace(second=0, microsecond=0), topik="Etika pelayanan publik")
    terdaftar = PesertaFactory(program=program, pegawai=PegawaiFactory(instansi=instansi, nama="Siti Rahmawati"))
    datang = _pppk(instansi, "Budi Datang")
    pegawai_user(datang)

    panitia = new_page()
    login(panitia, live_server, hr.username, PASSWORD)
    panitia.goto(f"/pelatihan/sesi/{sesi.pk}/presensi/")
    expect(panitia.get_by_test_id("rekap")).to_contain_text("0 dari 1 peserta hadir")

    # The projector: the code and the QR, large, and no participant's name or number.
    with panitia.context.expect_page() as baru:
        panitia.get_by_test_id("mode-layar").click()
    layar = baru.value
    expect(layar.get_by_test_id("qr").locator("svg")).to_be_visible()
    kode = layar.get_by_test_id("kode").inner_text().strip()
    assert len(kode) == 6
    teks = layar.locator("body").inner_text()
    assert "Siti Rahmawati" not in teks and terdaftar.pegawai.nip_tampil not in teks
    tinggi = layar.get_by_test_id("kode").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert tinggi >= 64, f"the code is {tinggi}px high on the projector"
    screenshot(layar, "presensi-mode-layar")

    # A walk-in types the code on a phone: told to ask the organiser.
    hp = new_page(**PONSEL)
    login(hp, live_server, datang.nip, PASSWORD)
    hp.goto("/pelatihan/presensi/")
    hp.get_by_label("Kode presensi").fill(layar.get_by_test_id("kode").inner_text().strip())
    hp.get_by_role("button", name="Catat kehadiran").click()
    expect(hp.get_by_test_id("hasil")).to_contain_text("tidak terdaftar sebagai peserta “Pelatihan Pelayanan Prima”")
    expect(hp.get_by_test_id("hasil")).to_contain_text("Hubungi panitia")
    assert not Kehadiran.objects.exists()

    # The organiser finds them by name and adds them on the spot: present at once.
    panitia.get_by_label("NIP / NI PPPK atau nama").press_sequentially("budi", delay=50)
    saran = panitia.locator("#saran-di-tempat")
    expect(saran.locator("li", has_text="Budi Datang")).to_contain_text(f"NI PPPK {datang.nip_tampil}")
    saran.get_by_role("button", name="Daftarkan & catat hadir").click()
    expect(panitia.locator(".alert-success")).to_have_text(
        "Budi Datang didaftarkan sebagai peserta dan tercatat hadir.")
    baris = panitia.locator("#daftar-hadir tbody tr", has_text="Budi Datang")
    expect(baris).to_have_attribute("data-status", "hadir")
    expect(baris).to_contain_text(f"NI PPPK {datang.nip_tampil}")
    expect(panitia.get_by_test_id("rekap")).to_contain_text("1 dari 2 peserta hadir")

    hp.get_by_label("Kode presensi").fill(layar.get_by_test_id("kode").inner_text().strip())
    hp.get_by_role("button", name="Catat kehadiran").click()
    expect(hp.get_by_test_id("hasil")).to_contain_text("Anda sudah tercatat hadir pada")
    assert Kehadiran.objects.get(peserta__pegawai=datang, sesi=sesi).status == "hadir"
