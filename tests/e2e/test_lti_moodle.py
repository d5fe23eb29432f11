"""HR imports a Moodle course completion report: a file with one bad row writes nothing and names the row; the
corrected file credits each completion once (issue 13 part B). The LTI journey is not built yet."""

from pathlib import Path

from playwright.sync_api import expect

from pelatihan.models import KreditJP, Sertifikat
from tests.e2e.conftest import login, screenshot
from tests.factories import PASSWORD, PegawaiFactory

DATA = Path(__file__).parent.parent / "pelatihan" / "data"


def test_hr_impor_penyelesaian_moodle(page, live_server, instansi, hr):
    from tests.pelatihan import factories as pf

    program = pf.ProgramFactory(instansi=instansi, judul="E-learning BerAKHLAK", jp=12, bentuk=pf.bentuk("NKL03"))
    PegawaiFactory(instansi=instansi, nip="198503152010011002", nama="Budi Santoso")
    PegawaiFactory(instansi=instansi, nip="199001012023212005", nama="Siti Rahmawati", jenis_asn="PPPK",
                   golongan="IX", jenis_kelamin="P")
    baik = (DATA / "moodle_completion_en.csv").read_bytes()
    salah = baik.replace(b'"5/03/25, 08:31"', b'"35/03/25, 08:31"')
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, hr.username, PASSWORD)
    page.goto(f"{live_server.url}/pelatihan/program/{program.pk}/")
    page.get_by_role("link", name="Impor penyelesaian Moodle").click()
    expect(page.get_by_role("heading", name="Impor penyelesaian kursus Moodle: E-learning BerAKHLAK")).to_be_visible()

    def unggah(isi):
        page.get_by_label("Laporan penyelesaian kursus (CSV atau XLSX dari Moodle)").set_input_files(
            files=[{"name": "completion-elearning.csv", "mimeType": "text/csv", "buffer": isi}])
        page.get_by_label("ID number (NIP): berisi NIP pegawai").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Unggah").click()

    unggah(salah)
    expect(page.get_by_test_id("ditolak")).to_contain_text("Tidak ada data yang disimpan")
    baris3 = page.get_by_role("row").filter(has_text="35/03/25, 08:31")
    expect(baris3.get_by_role("cell").first).to_have_text("3")
    expect(page.get_by_test_id("dilewati")).to_contain_text("Agus Wibowo")
    screenshot(page, "moodle-impor-ditolak")
    assert KreditJP.objects.count() == 0

    unggah(baik)
    expect(page.get_by_text("Penyelesaian Moodle diimpor: 2 baru")).to_be_visible()
    screenshot(page, "moodle-impor-berhasil")
    assert KreditJP.objects.count() == 2 and Sertifikat.objects.count() == 2
