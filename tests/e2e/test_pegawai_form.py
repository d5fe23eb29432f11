"""HR adds an employee by hand: a contradicting NIP is caught without losing the typed data."""

import datetime

from playwright.sync_api import expect

from tests.e2e.conftest import login, screenshot
from tests.factories import PASSWORD, JabatanFactory, PegawaiFactory, UnitKerjaFactory, nip_pns, nip_pppk


def test_tambah_pegawai_nip_salah_lalu_atur_atasan(page, live_server, instansi, hr):
    unit = UnitKerjaFactory(instansi=instansi, nama="Badan Kepegawaian Daerah")
    jabatan = JabatanFactory(instansi=instansi, nama="Pranata Komputer Ahli Pertama", jenis="fungsional",
                             jenjang="ahli_pertama")
    lahir, tmt = datetime.date(1975, 7, 1), datetime.date(2000, 3, 1)
    kepala = PegawaiFactory(instansi=instansi, unit_kerja=unit, nama="Kepala Badan", tanggal_lahir=lahir,
                            tmt_cpns=tmt, nip=nip_pns(lahir, tmt, "L", 7))
    login(page, live_server, hr.username, PASSWORD)

    page.get_by_role("link", name="Pegawai", exact=True).click()
    page.get_by_role("link", name="+ Tambah pegawai").click()
    expect(page.get_by_role("heading", name="Tambah pegawai")).to_be_visible()
    f = {name: page.locator(f"#id_{name}") for name in (
        "nip", "jenis_asn", "nama", "gelar_belakang", "jenis_kelamin", "tempat_lahir", "tanggal_lahir",
        "golongan", "tmt_cpns", "jabatan", "unit_kerja", "email")}
    f["nip"].fill("19920315 201803 1 001")  # digit 15 = 1: male
    f["jenis_asn"].select_option("PNS")
    f["nama"].fill("Siti Rahmawati")
    f["gelar_belakang"].fill("S.Kom.")
    f["jenis_kelamin"].select_option("P")
    f["tempat_lahir"].fill("Jambi")
    f["tanggal_lahir"].fill("1992-03-15")
    f["golongan"].select_option("III/a")
    f["tmt_cpns"].fill("2018-03-01")
    f["jabatan"].select_option(label="Pranata Komputer Ahli Pertama")
    f["unit_kerja"].select_option(label="Badan Kepegawaian Daerah")
    f["email"].fill("siti.rahmawati@tebokab.go.id")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan").click()

    expect(page.get_by_text("Data belum tersimpan")).to_be_visible()
    galat_nip = page.locator("#div_id_nip .invalid-feedback")
    expect(galat_nip).to_be_visible()
    expect(galat_nip).to_contain_text("jenis kelamin")
    expect(galat_nip).to_contain_text("perempuan")
    screenshot(page, "pegawai-tambah-nip-salah")
    # Nothing typed is lost.
    expect(f["nip"]).to_have_value("19920315 201803 1 001")
    expect(f["nama"]).to_have_value("Siti Rahmawati")
    expect(f["gelar_belakang"]).to_have_value("S.Kom.")
    expect(f["jenis_kelamin"]).to_have_value("P")
    expect(f["tempat_lahir"]).to_have_value("Jambi")
    expect(f["tanggal_lahir"]).to_have_value("1992-03-15")
    expect(f["golongan"]).to_have_value("III/a")
    expect(f["tmt_cpns"]).to_have_value("2018-03-01")
    expect(f["jabatan"]).to_have_value(str(jabatan.pk))
    expect(f["unit_kerja"]).to_have_value(str(unit.pk))
    expect(f["email"]).to_have_value("siti.rahmawati@tebokab.go.id")

    f["nip"].fill("19920315 201803 2 001")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("alert")).to_have_text("Pegawai Siti Rahmawati tersimpan.")
    expect(page.get_by_role("heading", name="Siti Rahmawati, S.Kom.")).to_be_visible()
    expect(page.get_by_test_id("nip")).to_have_text("19920315 201803 2 001")
    expect(page.get_by_test_id("atasan")).to_have_text("–")

    # Atasan by NIP: an unknown NIP is refused with a message, the right one (typed with spaces) is saved.
    page.get_by_role("link", name="Atur atasan").click()
    nip_atasan = page.get_by_label("NIP / NI PPPK atasan langsung")
    nip_atasan.fill("19750701 200003 1 999")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan atasan").click()
    expect(page.locator("#div_id_nip_atasan .invalid-feedback")).to_contain_text(
        "Tidak ada pegawai dengan NIP / NI PPPK 197507012000031999")
    nip_atasan.fill(f"{kepala.nip[:8]} {kepala.nip[8:14]} {kepala.nip[14]} {kepala.nip[15:]}")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan atasan").click()
    expect(page.get_by_role("alert")).to_have_text("Atasan langsung tersimpan.")
    expect(page.get_by_test_id("atasan")).to_have_text("Kepala Badan")
    riwayat = page.locator(".card", has=page.get_by_role("heading", name="Riwayat perubahan data"))
    expect(riwayat.locator("tbody tr").first).to_contain_text("Penetapan atasan")
    expect(riwayat.locator("tbody tr").first).to_contain_text("Atasan: – → Kepala Badan")
    screenshot(page, "pegawai-tambah-selesai")


def test_daftar_pegawai_cari_per_kata_saring_unit_dan_peringatan_jenjang(page, live_server, instansi, hr):
    """HR finds a PPPK by two of her three names, narrows the unit tree by typing, sees only active staff unless
    asked, and after giving her an Ahli Utama post the record warns that golongan IX does not fit."""
    dinas = UnitKerjaFactory(instansi=instansi, nama="Dinas Pendidikan")
    sekolah = UnitKerjaFactory(instansi=instansi, nama="SMP Negeri 3 Muara Tebo", induk=dinas)
    UnitKerjaFactory(instansi=instansi, nama="Dinas Kesehatan")
    utama = JabatanFactory(instansi=instansi, nama="Guru Ahli Utama", jenis="fungsional", jenjang="ahli_utama")
    lahir = datetime.date(1990, 2, 25)
    sinta = PegawaiFactory(instansi=instansi, nama="Sinta Novita Rahmadani", jenis_asn="PPPK", golongan="IX",
                           tanggal_lahir=lahir, tmt_cpns=datetime.date(2022, 3, 1), unit_kerja=sekolah,
                           nip=nip_pppk(lahir, 2022, "P"), jenis_kelamin="P")
    PegawaiFactory(instansi=instansi, nama="Sinta Rahmadani Pensiun", status="pensiun", unit_kerja=sekolah)
    login(page, live_server, hr.username, PASSWORD)
    page.get_by_role("link", name="Pegawai", exact=True).click()

    page.get_by_label("Cari nama atau NIP").fill("Sinta Rahmadani")
    page.get_by_label("Saring daftar unit kerja").fill("smp 3")
    expect(page.locator("#id_unit_kerja")).to_have_value(str(sekolah.pk))
    expect(page.locator("#id_unit_kerja option:not([hidden])")).to_have_count(2)  # "Semua unit" and the school
    with page.expect_navigation():
        page.get_by_role("button", name="Terapkan").click()
    baris = page.locator("table tbody tr")
    expect(baris).to_have_count(1)
    expect(baris).to_contain_text("Sinta Novita Rahmadani")
    expect(baris.locator("td.nip")).to_have_attribute("data-label", "NI PPPK")
    page.locator("#id_status").select_option("semua")
    with page.expect_navigation():
        page.get_by_role("button", name="Terapkan").click()
    expect(baris).to_have_count(2)
    screenshot(page, "pegawai-daftar-cari-kata")

    page.get_by_role("link", name="Sinta Novita Rahmadani").click()
    expect(page.locator("dt", has_text="NI PPPK")).to_be_visible()
    page.get_by_role("link", name="Ubah data").click()
    page.locator("#id_jabatan").select_option(str(utama.pk))
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("alert").first).to_have_text("Perubahan tersimpan.")
    expect(page.get_by_test_id("peringatan-jenjang")).to_contain_text(
        "Golongan IX lebih rendah dari rentang jenjang Ahli Utama (golongan PPPK XVI–XVII)")
    screenshot(page, "pegawai-peringatan-jenjang")
    expect(page.get_by_test_id("nip")).to_have_text(sinta.nip_tampil)
