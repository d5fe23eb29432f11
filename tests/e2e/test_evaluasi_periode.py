"""HR opens a period: a confirmation first (a static script, no inline handler), then the evaluators are told
(in-app, with a link to their forms) and HR is warned of an evaluator who is only a pelaksana, with a link to
give the form to someone else."""

import datetime

from playwright.sync_api import expect

from evaluasi.models import Evaluasi, PeriodeEvaluasi
from tests.e2e.conftest import login, screenshot
from tests.evaluasi.factories import PeriodeFactory
from tests.factories import PASSWORD, JabatanFactory, PegawaiFactory, UnitKerjaFactory, nip_pppk, pegawai_user


def test_hr_membuka_periode_penilai_diberi_tahu_dan_penilai_pelaksana_diperingatkan(new_page, live_server,
                                                                                      instansi, hr):
    unit = UnitKerjaFactory(instansi=instansi, nama="Dinas Perhubungan")
    kasi = PegawaiFactory(instansi=instansi, unit_kerja=unit, nama="Kasi Lalu Lintas",
                          jabatan=JabatanFactory(instansi=instansi, jenis="pengawas", nama="Kepala Seksi"))
    lahir = datetime.date(1993, 4, 2)
    operator = PegawaiFactory(instansi=instansi, unit_kerja=unit, nama="Operator Terminal", jenis_asn="PPPK",
                              golongan="V", tanggal_lahir=lahir, tmt_cpns=datetime.date(2024, 3, 1),
                              nip=nip_pppk(lahir, 2024),
                              jabatan=JabatanFactory(instansi=instansi, jenis="pelaksana", nama="Operator Layanan"))
    PegawaiFactory(instansi=instansi, unit_kerja=unit, nama="Petugas Halte", atasan=operator)
    PegawaiFactory(instansi=instansi, unit_kerja=unit, nama="Staf Seksi", atasan=kasi)
    akun_kasi = pegawai_user(kasi)
    periode = PeriodeFactory(instansi=instansi, nama="Triwulan III 2026", status="draft")

    page = new_page()
    login(page, live_server, hr.username, PASSWORD)
    page.goto(f"/evaluasi/periode/{periode.pk}/")
    dialog = []
    page.once("dialog", lambda d: (dialog.append(d.message), d.dismiss()))
    page.get_by_role("button", name="Buka periode").click()
    assert dialog and "Buka periode?" in dialog[0]
    assert PeriodeEvaluasi.objects.get(pk=periode.pk).status == "draft"  # dismissed: nothing happened

    page.once("dialog", lambda d: d.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="Buka periode").click()
    expect(page.get_by_test_id("status")).to_have_text("Dibuka")
    expect(page.get_by_role("alert").filter(has_text="berjabatan pelaksana")).to_be_visible()
    daftar = page.get_by_test_id("penilai-pelaksana")
    expect(daftar).to_contain_text("Operator Terminal")
    expect(daftar).to_contain_text(f"NI PPPK {operator.nip}")
    expect(daftar).to_contain_text("Petugas Halte")
    expect(daftar).not_to_contain_text("Kasi Lalu Lintas")
    screenshot(page, "evaluasi-periode-pelaksana")
    with page.expect_navigation():
        daftar.get_by_role("link", name="Ganti penilai").click()
    expect(page.get_by_role("heading")).to_contain_text("Petugas Halte")

    # The evaluator hears of it in the app and follows the link to their forms.
    kasi_page = new_page()
    login(kasi_page, live_server, akun_kasi.username, PASSWORD)
    kasi_page.goto("/notifikasi/")
    pesan = kasi_page.locator(".list-group-item").filter(
        has_text="Periode evaluasi Triwulan III 2026 dibuka: 1 formulir untuk Anda isi")
    expect(pesan).to_be_visible()
    ev = Evaluasi.objects.get(periode=periode, penilai=kasi)
    with kasi_page.expect_navigation():
        pesan.get_by_role("link", name="Buka").click()
    expect(kasi_page.get_by_role("heading", name="Evaluasi bawahan")).to_be_visible()
    expect(kasi_page.get_by_test_id(f"evaluasi-{ev.pk}")).to_contain_text("Staf Seksi")
