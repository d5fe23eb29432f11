"""HR imports a Moodle course completion report: a file with one bad row writes nothing and names the row; the
corrected file credits each completion once; a participant launches an LTI course and one score credits once
(issue 13 part B)."""

import datetime
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


def test_peserta_meluncurkan_lti_dan_skor_satu_kredit(new_page, live_server, instansi, hr):
    """On a phone, a participant opens the programme and starts the external course: the browser carries our login
    initiation to the tool and the signed id_token back to it (auto-submitted forms, static JS). The tool is
    pylti1p3 behind Playwright's routing of its host; it validates the launch against our JWKS and posts a score over
    real HTTP to the live server. Exactly one credit, even when the tool posts the score three times."""
    from urllib.parse import parse_qsl, urlsplit

    import requests
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory
    from pylti1p3.contrib.django import DjangoMessageLaunch, DjangoOIDCLogin
    from pylti1p3.grade import Grade
    from pylti1p3.tool_config import ToolConfDict

    from pelatihan.services import lti as svc
    from tests.factories import pegawai_user
    from tests.pelatihan import factories as pf

    tool = "https://lms.bpsdm.example.go.id"
    kunci = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    privat = kunci.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption()).decode()
    publik = kunci.public_key().public_bytes(serialization.Encoding.PEM,
                                             serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    program = pf.ProgramFactory(instansi=instansi, judul="Kelas daring SIASN", jp=4, bentuk=pf.bentuk("NKL03"))
    reg = svc.registrasi_simpan(actor=hr, data={
        "nama": "LMS BPSDM", "client_id": "lms-1", "deployment_id": "1", "url_login": f"{tool}/login",
        "url_launch": f"{tool}/launch", "kunci_publik": publik})
    svc.line_item_pasang(actor=hr, program=program, registrasi=reg)
    peserta = pf.PesertaFactory(program=program, pegawai=PegawaiFactory(instansi=instansi, nama="Rina Marlina"))
    user = pegawai_user(peserta.pegawai)
    iss = live_server.url
    conf = ToolConfDict({iss: [{"default": True, "client_id": "lms-1", "auth_login_url": f"{iss}/pelatihan/lti/auth/",
                                "auth_token_url": f"{iss}/pelatihan/lti/token/",
                                "key_set_url": f"{iss}/pelatihan/lti/jwks/", "key_set": None,
                                "deployment_ids": ["1"]}]})
    conf.set_private_key(iss, privat, client_id="lms-1")
    conf.set_public_key(iss, publik, client_id="lms-1")
    rf, sesi, cookies = RequestFactory(), SessionStore(), {}

    def alat(route):
        req = route.request
        data = dict(parse_qsl(req.post_data or "")) or dict(parse_qsl(urlsplit(req.url).query))
        if urlsplit(req.url).path == "/login":
            r = rf.post("/login", data)
            r.session = sesi
            resp = DjangoOIDCLogin(r, conf).redirect(data["target_link_uri"])
            cookies.update({m.key: m.value for m in resp.cookies.values()})
            route.fulfill(status=302, headers={"Location": resp["Location"]})
            return
        r = rf.post("/launch", data)
        r.session = sesi
        r.COOKIES.update(cookies)
        launch = DjangoMessageLaunch(r, conf, requests_session=requests.Session())
        sub = launch.get_launch_data()["sub"]
        for _ in range(3):
            launch.get_ags().put_grade(
                Grade().set_score_given(90).set_score_maximum(100).set_activity_progress("Completed")
                .set_grading_progress("FullyGraded").set_user_id(sub)
                .set_timestamp(datetime.datetime.now(datetime.UTC).isoformat()))
        route.fulfill(status=200, content_type="text/html",
                      body="<html><body><h1>Kursus selesai</h1></body></html>")

    page = new_page(viewport={"width": 390, "height": 844})
    page.route(f"{tool}/**", alat)
    login(page, live_server, user.username, PASSWORD)
    page.goto(f"{live_server.url}/pelatihan/program/{program.pk}/")
    screenshot(page, "lti-program-ponsel")
    page.get_by_test_id("lti-mulai").click()
    expect(page.get_by_role("heading", name="Kursus selesai")).to_be_visible()
    assert KreditJP.objects.filter(peserta=peserta).count() == 1 and Sertifikat.objects.count() == 1
