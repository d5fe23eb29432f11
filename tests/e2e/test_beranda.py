"""The employee's home on a phone (issue 9): after login a mentee lands on their home, sees what to do, their JP
and their coming session without scrolling sideways, follows the to-do to the session waiting for them and
confirms it; the to-do is gone from the home afterwards."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from pelatihan.models import Peserta
from tests.e2e.conftest import login, screenshot
from tests.factories import PASSWORD, JabatanFactory, PegawaiFactory, UnitKerjaFactory, pegawai_user
from tests.mentoring.factories import PasanganFactory, SesiMentoringFactory
from tests.pelatihan.factories import PesertaFactory, ProgramFactory, SesiFactory

PONSEL = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 1}
TOPIK = "Menyusun rencana aksi triwulan dan indikator kinerja bidang"


def _tanpa_gulir_samping(page, nama):
    lebar = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    screenshot(page, f"ponsel-{nama}")
    assert lebar[0] <= lebar[1], f"{nama}: page is {lebar[0]}px wide in a {lebar[1]}px viewport"


def test_pegawai_di_ponsel_melihat_beranda_dan_menuntaskan_tugas(new_page, live_server, instansi):
    unit = UnitKerjaFactory(instansi=instansi, nama="Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian")
    jabatan = JabatanFactory(instansi=instansi, nama="Analis Sumber Daya Manusia Aparatur Ahli Pertama",
                             jenis="fungsional", jenjang="ahli_pertama")
    mentor = PegawaiFactory(instansi=instansi, unit_kerja=unit, nama="Sutrisno Wicaksono", golongan="IV/a")
    mentee = PegawaiFactory(instansi=instansi, unit_kerja=unit, jabatan=jabatan, golongan="III/a",
                            nama="Raden Roro Kusumawardhani Puspitasari", gelar_belakang="S.Kom., M.T.I.")
    pasangan = PasanganFactory(instansi=instansi, mentor=mentor, mentee=mentee)
    sesi = SesiMentoringFactory(pasangan=pasangan, topik=TOPIK, tanggal=timezone.localdate())
    program = ProgramFactory(instansi=instansi, judul="Pelatihan Teknis Penyusunan Analisis Jabatan dan Beban Kerja")
    PesertaFactory(program=program, pegawai=mentee, status=Peserta.Status.TERDAFTAR)
    SesiFactory(program=program, tanggal=timezone.localdate() + datetime.timedelta(days=2),
                topik="Analisis beban kerja", tempat="Aula Kantor Bupati Lantai 3")
    user = pegawai_user(mentee)
    page = new_page(**PONSEL)

    login(page, live_server, user.username, PASSWORD)  # lands on the home
    expect(page.get_by_role("heading", name=f"Selamat datang, {mentee.nama}")).to_be_visible()
    tindakan = page.get_by_role("link", name=re.compile(r"Konfirmasi 1 sesi mentoring yang dicatat Sutrisno"))
    expect(tindakan).to_be_visible()
    expect(page.get_by_test_id("total-jp")).to_have_text("0")
    expect(page.get_by_test_id("kartu-sesi")).to_contain_text("Analisis beban kerja")
    _tanpa_gulir_samping(page, "beranda")

    tindakan.click()
    expect(page).to_have_url(re.compile(rf"/mentoring/pasangan/{pasangan.pk}/$"))
    expect(page.get_by_text(TOPIK)).to_be_visible()
    _tanpa_gulir_samping(page, "pasangan-dari-beranda")  # a long name in the "waiting for" badge used to overflow
    page.get_by_role("button", name="Konfirmasi", exact=True).click()
    expect(page.get_by_text("Sesi dikonfirmasi; JP dikreditkan kepada mentee.")).to_be_visible()
    sesi.refresh_from_db()
    assert sesi.status == "dikonfirmasi"

    page.goto("/")
    expect(page.get_by_role("link", name=re.compile("Konfirmasi .* sesi mentoring"))).to_have_count(0)
    # The confirmed session now asks for its B.1.8 feedback, and its JP count on the card.
    expect(page.get_by_role("link", name=re.compile(r"Isi umpan balik bimbingan \(B\.1\.8\)"))).to_be_visible()
    expect(page.get_by_test_id("total-jp")).not_to_have_text("0")
    _tanpa_gulir_samping(page, "beranda-sesudah")
