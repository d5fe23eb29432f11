"""LTI 1.3 against a real tool library this project did not write: pylti1p3 (PyPI) plays the TOOL inside the test —
its Django OIDC login and message launch validate our login initiation, id_token (RS256, our JWKS fetched over HTTP,
nonce, state, deployment) and its Assignment and Grade Services client obtains a token with a signed client assertion
and posts scores. Its HTTP calls to the platform go through the Django test client (a `requests` transport adapter,
in-process: same URLs, headers and bodies as over the wire)."""

import datetime
import io
import json
import time
import uuid
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client, RequestFactory
from django.urls import reverse
from pylti1p3.contrib.django import DjangoMessageLaunch, DjangoOIDCLogin
from pylti1p3.grade import Grade
from pylti1p3.tool_config import ToolConfDict

from pelatihan.models import KreditJP, LogLTI, NonceLTI, PenggunaLTI, Peserta, Sertifikat, SkorLTI
from pelatihan.services import lti as svc
from tests import factories as f
from tests.pelatihan import factories as pf

pytestmark = pytest.mark.django_db
ISS = "http://testserver"
TOOL = "https://moodle.bpsdm.example.go.id/enrol/lti"
CLIENT_ID, DEPLOYMENT = "moodle-bpsdm-1", "1"


class _Form(HTMLParser):
    def __init__(self):
        super().__init__()
        self.aksi, self.data = None, {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and "data-lti-otomatis" in a:
            self.aksi = a["action"]
        elif tag == "input" and a.get("type") == "hidden" and self.aksi:
            self.data[a["name"]] = a["value"]


def form_otomatis(resp):
    assert resp.status_code == 200, resp.content[:500]
    p = _Form()
    p.feed(resp.content.decode())
    assert p.aksi, "no auto-submitted form"
    return p.aksi, p.data


class DjangoAdapter(requests.adapters.BaseAdapter):
    """requests → django.test.Client (the tool's server-to-server calls to the platform)."""

    def __init__(self):
        super().__init__()
        self.client = Client()

    def send(self, request, **kwargs):
        url = urlsplit(request.url)
        path = url.path + (f"?{url.query}" if url.query else "")
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("content-length", "content-type")}
        body = request.body.encode() if isinstance(request.body, str) else request.body
        resp = self.client.generic(request.method, path, data=body or b"",
                                   content_type=request.headers.get("Content-Type", ""), headers=headers)
        out = requests.Response()
        out.status_code, out.url, out.request = resp.status_code, request.url, request
        out._content = resp.content
        out.headers.update({k: v for k, v in resp.items()})
        out.raw = io.BytesIO(resp.content)
        return out

    def close(self):
        pass


def sesi_http():
    s = requests.Session()
    s.mount("http://testserver", DjangoAdapter())
    return s


@pytest.fixture
def d():
    kunci_tool = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    privat = kunci_tool.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption()).decode()
    publik = kunci_tool.public_key().public_bytes(serialization.Encoding.PEM,
                                                  serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    program = pf.ProgramFactory(jp=10, bentuk=pf.bentuk("NKL03"), judul="Kelas daring SIASN", nilai_lulus=70)
    hr = f.hr_user(program.instansi)
    reg = svc.registrasi_simpan(actor=hr, data={
        "nama": "Moodle BPSDM", "client_id": CLIENT_ID, "deployment_id": DEPLOYMENT, "url_login": f"{TOOL}/login.php",
        "url_launch": f"{TOOL}/launch.php", "kunci_publik": publik, "kirim_nama": False, "kirim_email": False})
    item = svc.line_item_pasang(actor=hr, program=program, registrasi=reg)
    pns = pf.PesertaFactory(program=program)
    pppk = pf.PesertaFactory(program=program, pegawai=f.PegawaiFactory(
        instansi=program.instansi, jenis_asn="PPPK", golongan="IX",
        nip=f.nip_pppk(datetime.date(1992, 4, 5), 2022)))
    conf = ToolConfDict({ISS: [{
        "default": True, "client_id": CLIENT_ID, "auth_login_url": f"{ISS}{reverse('pelatihan:lti-auth')}",
        "auth_token_url": f"{ISS}{reverse('pelatihan:lti-token')}",
        "key_set_url": f"{ISS}{reverse('pelatihan:lti-jwks')}",
        "key_set": None, "deployment_ids": [DEPLOYMENT]}]})
    conf.set_private_key(ISS, privat, client_id=CLIENT_ID)
    conf.set_public_key(ISS, publik, client_id=CLIENT_ID)
    return program, reg, item, pns, pppk, conf, privat


def luncurkan(client, peserta, item, conf):
    """A real launch: our login initiation → pylti1p3's OIDC login → our auth endpoint → pylti1p3's message launch."""
    client.force_login(f.pegawai_user(peserta.pegawai))
    aksi, data = form_otomatis(client.get(reverse("pelatihan:lti-mulai", args=[item.pk])))
    assert aksi == f"{TOOL}/login.php" and data["iss"] == ISS
    rf, sesi = RequestFactory(), SessionStore()
    login_req = rf.post("/login.php", data)
    login_req.session = sesi
    redirect = DjangoOIDCLogin(login_req, conf).redirect(data["target_link_uri"])
    auth = urlsplit(redirect["Location"])
    aksi, data = form_otomatis(client.get(f"{auth.path}?{auth.query}"))
    assert aksi == f"{TOOL}/launch.php"
    launch_req = rf.post("/launch.php", data)
    launch_req.session = sesi
    launch_req.COOKIES.update({m.key: m.value for m in redirect.cookies.values()})  # the tool's state cookie
    launch = DjangoMessageLaunch(launch_req, conf, requests_session=sesi_http())
    return launch, launch.get_launch_data(), data


def kirim_nilai(launch, skor, maks=100, activity="Completed", grading="FullyGraded"):
    grade = (Grade().set_score_given(skor).set_score_maximum(maks).set_activity_progress(activity)
             .set_grading_progress(grading).set_user_id(launch.get_launch_data()["sub"])
             .set_timestamp(datetime.datetime.now(datetime.UTC).isoformat()))
    return launch.get_ags().put_grade(grade)


@pytest.mark.parametrize("jenis", ["pns", "pppk"])
def test_launch_pylti1p3_dan_lima_nilai_satu_kredit(client, d, jenis):
    program, reg, item, pns, pppk, conf, _ = d
    peserta = pns if jenis == "pns" else pppk
    launch, klaim, _ = luncurkan(client, peserta, item, conf)
    sub = klaim["sub"]
    assert sub == str(PenggunaLTI.objects.get(pegawai=peserta.pegawai).sub) and peserta.pegawai.nip not in sub
    assert "name" not in klaim and "email" not in klaim  # the registration does not allow them
    assert klaim["exp"] - klaim["iat"] <= 300
    for _ in range(5):
        kirim_nilai(launch, 85)
    assert KreditJP.objects.filter(peserta=peserta).count() == 1 and KreditJP.objects.get().jp == 10
    assert Sertifikat.objects.filter(peserta=peserta).count() == 1
    assert SkorLTI.objects.count() == 5
    peserta.refresh_from_db()
    assert peserta.status == Peserta.Status.LULUS
    kirim_nilai(launch, 40)  # a later lower score: held for HR review, the credit stays
    assert SkorLTI.objects.latest("dibuat").status == SkorLTI.Status.DITAHAN
    assert KreditJP.objects.filter(peserta=peserta).count() == 1


def test_nilai_di_bawah_ambang_atau_belum_dinilai_tidak_kredit(client, d):
    program, reg, item, pns, pppk, conf, _ = d
    launch, *_ = luncurkan(client, pns, item, conf)
    kirim_nilai(launch, 69)
    kirim_nilai(launch, 95, grading="Pending")
    kirim_nilai(launch, 95, activity="InProgress")
    assert KreditJP.objects.count() == 0 and SkorLTI.objects.count() == 3


def test_nama_email_hanya_bila_diizinkan(client, d):
    program, reg, item, pns, pppk, conf, _ = d
    reg.kirim_nama = reg.kirim_email = True
    reg.save()
    pns.pegawai.email = "budi@contoh.go.id"
    pns.pegawai.save()
    _, klaim, _ = luncurkan(client, pns, item, conf)
    assert klaim["name"] == pns.pegawai.nama_lengkap and klaim["email"] == "budi@contoh.go.id"


def test_nonce_sekali_pakai_dan_token_replay(client, d):
    program, reg, item, pns, pppk, conf, privat = d
    luncurkan(client, pns, item, conf)
    nonce = NonceLTI.objects.get(jenis="nonce").nilai
    client.force_login(pns.pegawai.user)
    _, data = form_otomatis(client.get(reverse("pelatihan:lti-mulai", args=[item.pk])))
    q = {"scope": "openid", "response_type": "id_token", "client_id": CLIENT_ID, "redirect_uri": f"{TOOL}/launch.php",
         "login_hint": data["login_hint"], "nonce": nonce, "state": "s", "response_mode": "form_post"}
    assert client.get(f"{reverse('pelatihan:lti-auth')}?{urlencode(q)}").status_code == 400
    token_url = f"{ISS}{reverse('pelatihan:lti-token')}"
    now = int(time.time())
    assertion = jwt.encode({"iss": CLIENT_ID, "sub": CLIENT_ID, "aud": token_url, "iat": now, "exp": now + 60,
                            "jti": "sekali"}, privat, algorithm="RS256")
    body = {"grant_type": "client_credentials", "client_assertion_type":
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion": assertion,
            "scope": "https://purl.imsglobal.org/spec/lti-ags/scope/score"}
    anon = Client()
    assert anon.post(reverse("pelatihan:lti-token"), body).status_code == 200
    assert anon.post(reverse("pelatihan:lti-token"), body).status_code == 401  # jti replayed
    palsu = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    body["client_assertion"] = jwt.encode({"iss": CLIENT_ID, "sub": CLIENT_ID, "aud": token_url, "exp": 9999999999,
                                           "jti": "lain"}, palsu, algorithm="RS256")
    assert anon.post(reverse("pelatihan:lti-token"), body).status_code == 401
    body["client_assertion"] = jwt.encode({"iss": CLIENT_ID, "sub": CLIENT_ID, "aud": "https://lain/",
                                           "exp": 9999999999, "jti": "lain2"}, privat, algorithm="RS256")
    assert anon.post(reverse("pelatihan:lti-token"), body).status_code == 401


def test_sub_tak_dikenal_ditolak_dan_dicatat_payload_moodle(client, d):
    """The score payload Moodle's grade sync sends (mod/lti/service/gradebookservices, Moodle as the tool via
    enrol_lti's AGS client: userId, scoreGiven, scoreMaximum, activityProgress, gradingProgress, timestamp — field set
    from the AGS spec; Moodle's exact values for a finished attempt are our reading of its source, uncertain)."""
    program, reg, item, pns, pppk, conf, _ = d
    launch, klaim, _ = luncurkan(client, pns, item, conf)
    svc_sesi = sesi_http()
    token = launch.get_ags()._service_connector.get_access_token(
        ["https://purl.imsglobal.org/spec/lti-ags/scope/score"])
    moodle = {"userId": str(uuid.uuid4()), "scoreGiven": 8.5, "scoreMaximum": 10, "comment": "",
              "activityProgress": "Completed", "gradingProgress": "FullyGraded",
              "timestamp": "2025-03-05T08:31:00+07:00"}
    url = f"{ISS}{reverse('pelatihan:lti-skor', args=[item.pk])}"
    hdr = {"Authorization": f"Bearer {token}", "Content-Type": "application/vnd.ims.lis.v1.score+json"}
    r = svc_sesi.post(url, data=json.dumps(moodle), headers=hdr)
    assert r.status_code == 400 and LogLTI.objects.filter(peristiwa="skor").exists()
    assert KreditJP.objects.count() == 0
    moodle["userId"] = klaim["sub"]
    assert svc_sesi.post(url, data=json.dumps(moodle), headers=hdr).status_code == 200
    assert KreditJP.objects.get().tanggal == datetime.date(2025, 3, 5)
    palsu = {"Authorization": "Bearer x", "Content-Type": hdr["Content-Type"]}
    assert svc_sesi.post(url, data=json.dumps(moodle), headers=palsu).status_code == 401


def test_halaman_program_menampilkan_tombol_hanya_untuk_peserta(client, d):
    program, reg, item, pns, pppk, conf, _ = d
    url = reverse("pelatihan:program-detail", args=[program.pk])
    mulai = reverse("pelatihan:lti-mulai", args=[item.pk])
    client.force_login(f.pegawai_user(pns.pegawai))
    assert mulai in client.get(url).content.decode()
    bukan = f.PegawaiFactory(instansi=program.instansi)
    client.force_login(f.pegawai_user(bukan))
    assert mulai not in client.get(url).content.decode()
    assert client.get(mulai).status_code == 404


def test_hr_melihat_skor_terakhir_dan_line_item_sepi(client, d, django_assert_max_num_queries):
    program, reg, item, pns, pppk, conf, _ = d
    launch, *_ = luncurkan(client, pns, item, conf)
    kirim_nilai(launch, 85)
    kirim_nilai(launch, 60)
    client.force_login(program.instansi.petugas.get().user)
    url = reverse("pelatihan:lti-program", args=[program.pk])
    with django_assert_max_num_queries(15):
        page = client.get(url).content.decode()
    assert "60,00 / 100,00" in page and "85,00" not in page and "Ditahan untuk ditinjau HR" in page
    assert "tanpa skor 14 hari" not in page
    SkorLTI.objects.update(dibuat=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
    assert "tanpa skor 30 hari" in client.get(url, {"hari": 30}).content.decode()
    assert client.get(url, {"hari": "x"}).status_code == 400
    assert client.get(reverse("pelatihan:lti-tool-list")).status_code == 200
    client.force_login(f.hr_user(f.InstansiFactory()))
    assert client.get(url).status_code == 404


def test_hr_mendaftarkan_tool_lewat_form(client, d):
    program, reg, item, pns, pppk, conf, _ = d
    hr = program.instansi.petugas.get().user
    client.force_login(hr)
    data = {"nama": "LMS LAN", "client_id": "lan-1", "deployment_id": "d1", "url_login": "https://lms.example/login",
            "url_launch": "https://lms.example/launch", "url_jwks": "", "kunci_publik": "", "aktif": "on"}
    page = client.post(reverse("pelatihan:lti-tool-list"), data).content.decode()
    assert "Isi URL JWKS tool atau kunci publiknya." in page and 'value="lan-1"' in page
    data["url_jwks"] = "https://lms.example/jwks"
    assert client.post(reverse("pelatihan:lti-tool-list"), data).status_code == 302
    lan = reg.__class__.objects.get(client_id="lan-1")
    assert lan.instansi == program.instansi and not lan.kirim_nama
    resp = client.post(reverse("pelatihan:lti-program", args=[program.pk]), {"registrasi": lan.pk})
    assert resp.status_code == 302 and program.line_item_lti.count() == 2


def test_halaman_program_menautkan_lti_untuk_hr(client, d):
    program, *_ = d
    client.force_login(program.instansi.petugas.get().user)
    page = client.get(reverse("pelatihan:program-detail", args=[program.pk])).content.decode()
    assert reverse("pelatihan:lti-program", args=[program.pk]) in page


def test_tool_dengan_url_jwks_kunci_dipilih_menurut_kid(d, monkeypatch):
    program, reg, item, pns, pppk, conf, privat = d
    reg.url_jwks, reg.kunci_publik = "https://moodle.bpsdm.example.go.id/mod/lti/certs.php", ""
    reg.save()
    lain = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    kunci = serialization.load_pem_private_key(privat.encode(), password=None)
    jwks = {"keys": [json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(lain.public_key())) | {"kid": "lama"},
                     json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(kunci.public_key())) | {"kid": "baru"}]}
    monkeypatch.setattr(jwt.PyJWKClient, "fetch_data", lambda self: jwks)
    token_url = f"{ISS}{reverse('pelatihan:lti-token')}"
    now = int(time.time())
    body = {"grant_type": "client_credentials",
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "scope": "https://purl.imsglobal.org/spec/lti-ags/scope/score",
            "client_assertion": jwt.encode({"iss": CLIENT_ID, "sub": CLIENT_ID, "aud": token_url, "exp": now + 60,
                                            "jti": "k1"}, privat, algorithm="RS256", headers={"kid": "baru"})}
    assert Client().post(reverse("pelatihan:lti-token"), body).status_code == 200
    body["client_assertion"] = jwt.encode({"iss": CLIENT_ID, "sub": CLIENT_ID, "aud": token_url, "exp": now + 60,
                                           "jti": "k2"}, privat, algorithm="RS256", headers={"kid": "lama"})
    assert Client().post(reverse("pelatihan:lti-token"), body).status_code == 401
