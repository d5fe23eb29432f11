"""Certificates: who gets one, their numbers (also under concurrent issue), the PDF and its QR, who may
download it, and the public verification page."""

import datetime
import importlib
import io
import re
import threading

import pytest
import segno
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import path, resolve
from django.utils import timezone
from PIL import Image

import pembinaan.urls
from pelatihan import sertifikat as render
from pelatihan.models import Peserta, Sertifikat
from pelatihan.selectors import sertifikat_pdf
from pelatihan.services.sertifikat import ALFABET_KODE, sertifikat_issue
from pelatihan.views.sertifikat import verifikasi
from tests import factories as f
from tests.pelatihan.factories import MitraFactory, PesertaFactory, ProgramFactory, SesiFactory

# The public address lives in pembinaan/urls.py; until that file carries it, these tests add it themselves.
urlpatterns = list(pembinaan.urls.urlpatterns)
if not any(getattr(p, "name", None) == "verifikasi" for p in urlpatterns):
    urlpatterns.append(path("verifikasi/<str:kode>/", verifikasi, name="verifikasi"))

pytestmark = pytest.mark.urls(__name__)

TAHUN = timezone.localdate().year


def _seed_bentuk():
    importlib.import_module("pelatihan.migrations.0002_referensi").seed(apps, None)  # flushed by transactional tests


@pytest.fixture
def d(db):
    """Instansi TEBO: kepala <- atasan <- pegawai (passed, scores 93/61), lain (outside the chain), HR;
    instansi LAIN with its own HR."""
    _seed_bentuk()
    inst = f.InstansiFactory(kode="tebo", nama="Pemerintah Kabupaten Tebo")
    lain_inst = f.InstansiFactory(kode="lain", nama="Pemerintah Kota Lain")
    kepala = f.PegawaiFactory(instansi=inst, nama="Kepala Dinas")
    atasan = f.PegawaiFactory(instansi=inst, nama="Atasan Langsung", atasan=kepala)
    pegawai = f.PegawaiFactory(instansi=inst, nama="Siti Aminah", gelar_depan="Dr.", gelar_belakang="S.Kom., M.T.",
                               atasan=atasan)
    lain = f.PegawaiFactory(instansi=inst, nama="Rekan Lain")
    program = ProgramFactory(instansi=inst, judul="Pelatihan Pelayanan Prima", jp=24,
                             penyelenggara=MitraFactory(instansi=inst, nama="BPSDM Provinsi Jambi"))
    SesiFactory(program=program, tanggal=datetime.date(2026, 11, 23))
    SesiFactory(program=program, tanggal=datetime.date(2026, 11, 25))
    peserta = PesertaFactory(program=program, pegawai=pegawai, status=Peserta.Status.LULUS,
                             nilai_pre_test=61, nilai_post_test=93)
    return {
        "inst": inst, "program": program, "peserta": peserta, "pegawai": pegawai,
        "user": f.pegawai_user(pegawai), "atasan": f.pegawai_user(atasan), "kepala": f.pegawai_user(kepala),
        "lain": f.pegawai_user(lain), "hr": f.hr_user(inst), "hr_lain": f.hr_user(lain_inst),
    }


# ------------------------------------------------------------------ issuing
@pytest.mark.parametrize("status", [Peserta.Status.TERDAFTAR, Peserta.Status.TIDAK_LULUS, Peserta.Status.MUNDUR,
                                    Peserta.Status.DAFTAR_TUNGGU])
def test_sertifikat_hanya_untuk_yang_lulus(d, status):
    Peserta.objects.filter(pk=d["peserta"].pk).update(status=status)
    with pytest.raises(ValidationError):
        sertifikat_issue(peserta=d["peserta"])
    assert not Sertifikat.objects.exists()


def test_terbit_sekali_dengan_nomor_dan_kode(d):
    s1 = sertifikat_issue(peserta=d["peserta"])
    s2 = sertifikat_issue(peserta=d["peserta"])
    assert s1.pk == s2.pk and Sertifikat.objects.count() == 1
    assert s1.nomor == f"00001/SERT/TEBO/{TAHUN}"
    assert len(s1.kode_verifikasi) == 10 and set(s1.kode_verifikasi) <= set(ALFABET_KODE)
    assert not set("0O1IL") & set(ALFABET_KODE)


def test_nomor_berurut_per_instansi_dan_tahun(d):
    program = d["program"]
    lain = ProgramFactory(instansi=f.InstansiFactory(kode="xtebo"))
    # Numbers of an earlier year and of another instansi (whose code ends like ours) do not count.
    Sertifikat.objects.create(peserta=PesertaFactory(program=program, status="lulus"),
                              nomor=f"00041/SERT/TEBO/{TAHUN - 1}", kode_verifikasi="LAMA000001")
    Sertifikat.objects.create(peserta=PesertaFactory(program=lain, status="lulus"),
                              nomor=f"00077/SERT/XTEBO/{TAHUN}", kode_verifikasi="LAIN000001")
    nomor = [sertifikat_issue(peserta=PesertaFactory(program=program, status="lulus")).nomor for _ in range(3)]
    assert nomor == [f"0000{i}/SERT/TEBO/{TAHUN}" for i in (1, 2, 3)]
    assert sertifikat_issue(peserta=PesertaFactory(program=lain, status="lulus")).nomor == f"00078/SERT/XTEBO/{TAHUN}"


@pytest.mark.django_db(transaction=True)
def test_terbit_serentak_nomor_unik_dan_sekali_per_peserta():
    _seed_bentuk()
    program = ProgramFactory(instansi=f.InstansiFactory(kode="ramai"))
    peserta = [PesertaFactory(program=program, status="lulus").pk for _ in range(8)]
    calls = peserta + peserta[:4]  # four participants issued twice at the same moment
    barrier = threading.Barrier(len(calls))
    hasil, galat = [], []

    def issue(pk):
        from django.db import connection

        try:
            barrier.wait(timeout=20)
            hasil.append((pk, sertifikat_issue(peserta=Peserta(pk=pk)).pk))
        except Exception as exc:  # noqa: BLE001 - reported below
            galat.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(pk,)) for pk in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not galat
    assert len(hasil) == len(calls)
    rows = list(Sertifikat.objects.filter(peserta__program=program))
    assert len(rows) == 8 and {r.peserta_id for r in rows} == set(peserta)
    assert sorted(r.nomor for r in rows) == [f"{i:05d}/SERT/RAMAI/{TAHUN}" for i in range(1, 9)]
    per_peserta = {}
    for pk, sertifikat_pk in hasil:  # both calls for one participant got the same certificate
        assert per_peserta.setdefault(pk, sertifikat_pk) == sertifikat_pk


# ------------------------------------------------------------------ the PDF and its QR
def test_pdf_memuat_isi_sertifikat(d, settings):
    settings.SITE_URL = "https://pembinaan.tebokab.go.id/"
    s = sertifikat_issue(peserta=d["peserta"])
    pdf = sertifikat_pdf(sertifikat=s, compress=False)
    assert pdf.startswith(b"%PDF-")
    for teks in (s.nomor, "SERTIFIKAT", "PEMERINTAH KABUPATEN TEBO", "Dr. Siti Aminah, S.Kom., M.T.",
                 f"NIP {d['pegawai'].nip_tampil}", "Pelatihan Pelayanan Prima", "23\u201325 November 2026",
                 "24 JP", "BPSDM Provinsi Jambi", s.kode_verifikasi):
        assert teks.encode("cp1252") in pdf, teks
    url = f"https://pembinaan.tebokab.go.id/verifikasi/{s.kode_verifikasi}/"
    assert f"/URI ({url})".encode() in pdf  # the QR is also a clickable link to the verification page
    assert b"/Subtype /Image" in pdf
    assert b"%PDF-" == sertifikat_pdf(sertifikat=s)[:5]  # compressed (the default) is a PDF too


def test_pdf_nama_di_luar_latin1_tidak_gagal(d):
    d["pegawai"].nama = "\u015cit\u00ed Nur \u0130\u0142\u00e2 \u674e\u200b"  # Ŝití Nur İłâ 李 + zero-width space
    d["pegawai"].save()
    pdf = sertifikat_pdf(sertifikat=sertifikat_issue(peserta=d["peserta"]), compress=False)
    assert "Dr. Sit\u00ed Nur Il\u00e2 ?, S.Kom., M.T.".encode("cp1252") in pdf


def _modul_gelap(png, n, scale=10, border=4):
    img = Image.open(io.BytesIO(png)).convert("L")
    assert img.size == ((n + 2 * border) * scale,) * 2
    return [[img.getpixel(((c + border) * scale + scale // 2, (r + border) * scale + scale // 2)) < 128
             for c in range(n)] for r in range(n)]


def test_qr_membawa_alamat_verifikasi_yang_terbuka(d, settings, client):
    settings.SITE_URL = "https://pembinaan.tebokab.go.id"
    s = sertifikat_issue(peserta=d["peserta"])
    url = render.verifikasi_url(s.kode_verifikasi)
    assert url == f"https://pembinaan.tebokab.go.id/verifikasi/{s.kode_verifikasi}/"
    # The PNG is the QR symbol of exactly that address (module by module).
    harap = segno.make_qr(url, error="m")
    matrix = [[bool(v) for v in row] for row in harap.matrix]
    assert _modul_gelap(render.qr_png(url), len(matrix)) == matrix
    assert _modul_gelap(render.qr_png(url + "x"), len(matrix)) != matrix
    # ... and the address opens the verification page of this certificate.
    alamat = url.removeprefix(settings.SITE_URL)
    assert resolve(alamat).func is verifikasi
    assert "Dr. Siti Aminah" in client.get(alamat).content.decode()


def test_rentang_tanggal():
    t = datetime.date
    assert render.rentang_tanggal(t(2026, 11, 25), t(2026, 11, 25)) == "25 November 2026"
    assert render.rentang_tanggal(t(2026, 11, 23), t(2026, 11, 25)) == "23\u201325 November 2026"
    assert render.rentang_tanggal(t(2026, 10, 28), t(2026, 11, 2)) == "28 Oktober \u2013 2 November 2026"
    assert render.rentang_tanggal(t(2026, 12, 30), t(2027, 1, 2)) == "30 Desember 2026 \u2013 2 Januari 2027"


# ------------------------------------------------------------------ download access
def test_unduh_oleh_pemilik_atasan_dan_hr(d, client):
    s = sertifikat_issue(peserta=d["peserta"])
    url = f"/pelatihan/sertifikat/{d['peserta'].pk}.pdf"
    for siapa in ("user", "atasan", "kepala", "hr"):
        client.force_login(d[siapa])
        resp = client.get(url)
        assert resp.status_code == 200, siapa
        assert resp["Content-Type"] == "application/pdf"
        assert resp.content.startswith(b"%PDF-")
        assert s.nomor.replace("/", "-") in resp["Content-Disposition"]


def test_unduh_404_untuk_yang_lain(d, client):
    sertifikat_issue(peserta=d["peserta"])
    url = f"/pelatihan/sertifikat/{d['peserta'].pk}.pdf"
    for siapa in ("lain", "hr_lain"):
        client.force_login(d[siapa])
        assert client.get(url).status_code == 404, siapa
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_unduh_404_tanpa_sertifikat(d, client):
    client.force_login(d["user"])
    assert client.get(f"/pelatihan/sertifikat/{d['peserta'].pk}.pdf").status_code == 404


def test_sertifikat_saya(d, client):
    s = sertifikat_issue(peserta=d["peserta"])
    client.force_login(d["user"])
    teks = client.get("/pelatihan/sertifikat/").content.decode()
    assert s.nomor in teks and f"/pelatihan/sertifikat/{d['peserta'].pk}.pdf" in teks
    client.force_login(d["atasan"])  # "my certificates": not the staff's
    assert s.nomor not in client.get("/pelatihan/sertifikat/").content.decode()
    client.force_login(d["hr"])
    assert client.get("/pelatihan/sertifikat/").status_code == 404


# ------------------------------------------------------------------ public verification
def test_verifikasi_tanpa_login_hanya_data_yang_boleh(d, client):
    s = sertifikat_issue(peserta=d["peserta"])
    resp = client.get(f"/verifikasi/{s.kode_verifikasi}/")
    assert resp.status_code == 200
    teks = resp.content.decode()
    for ada in ("Sertifikat sah", "Dr. Siti Aminah, S.Kom., M.T.", "Pelatihan Pelayanan Prima",
                "23\u201325 November 2026", "24 JP", "Pemerintah Kabupaten Tebo", "BPSDM Provinsi Jambi"):
        assert ada in teks, ada
    pegawai = d["pegawai"]
    for tidak in (pegawai.nip, pegawai.nip_tampil, "NIP", "Atasan Langsung", pegawai.unit_kerja.nama):
        assert tidak not in teks, tidak
    assert not re.search(r"\b(93|61)\b", teks), "scores must not be shown"
    assert "noindex" in resp["X-Robots-Tag"]
    assert client.get(f"/verifikasi/{s.kode_verifikasi.lower()}/").status_code == 200  # typed in lower case


def test_verifikasi_kode_tidak_dikenal_404(d, client):
    resp = client.get("/verifikasi/ZZZZZZZZZZ/")
    assert resp.status_code == 404
    assert "Sertifikat tidak ditemukan" in resp.content.decode()
    s = sertifikat_issue(peserta=d["peserta"])
    Peserta.objects.filter(pk=d["peserta"].pk).update(status=Peserta.Status.TIDAK_LULUS)  # corrected later
    assert client.get(f"/verifikasi/{s.kode_verifikasi}/").status_code == 404


# ------------------------------------------------------------------ the "you passed" notice
def test_lulus_diberitahu_sekali_dengan_tautan_ke_sertifikatnya(d, client):
    from django.urls import reverse

    from pembinaan.models import Notifikasi

    s = sertifikat_issue(peserta=d["peserta"])
    sertifikat_issue(peserta=d["peserta"])  # closing the programme again
    Peserta.objects.filter(pk=d["peserta"].pk).update(status=Peserta.Status.TIDAK_LULUS)
    Peserta.objects.filter(pk=d["peserta"].pk).update(status=Peserta.Status.LULUS)  # recomputed: passed again
    sertifikat_issue(peserta=d["peserta"])
    pesan = Notifikasi.objects.get(jenis="sertifikat_terbit")
    assert pesan.penerima == d["user"] and "Pelatihan Pelayanan Prima" in pesan.judul
    assert pesan.tautan == reverse("pelatihan:sertifikat-saya")
    client.force_login(d["user"])
    halaman = client.get(pesan.tautan).content.decode()  # the recipient opens the link: their certificate is there
    assert s.nomor in halaman and f"/pelatihan/sertifikat/{d['peserta'].pk}.pdf" in halaman


@pytest.mark.parametrize("jenis", ["PNS", "PPPK"])
def test_lulus_diberitahu_pns_dan_pppk_tanpa_akun_tidak_gagal(d, jenis):
    from pembinaan.models import Notifikasi

    lahir = datetime.date(1992, 2, 2)
    kw = {"jenis_asn": "PPPK", "golongan": "IX", "tanggal_lahir": lahir, "nip": f.nip_pppk(lahir, 2024),
          "tmt_cpns": datetime.date(2024, 3, 1)} if jenis == "PPPK" else {}
    dengan_akun = PesertaFactory(program=d["program"], status=Peserta.Status.LULUS, **{
        f"pegawai__{k}": v for k, v in kw.items()})
    f.pegawai_user(dengan_akun.pegawai)
    tanpa_akun = PesertaFactory(program=d["program"], status=Peserta.Status.LULUS)
    sertifikat_issue(peserta=dengan_akun)
    sertifikat_issue(peserta=tanpa_akun)  # no account: the certificate is issued, nobody to tell
    assert Sertifikat.objects.filter(peserta=tanpa_akun).exists()
    assert list(Notifikasi.objects.values_list("penerima__username", flat=True)) == [dengan_akun.pegawai.nip]


# ------------------------------------------------------------------ the signatory
NIP_TTD = "197001012000031002"


def test_hr_mengatur_penandatangan_yang_tercetak(d, client):
    from django.urls import reverse

    s = sertifikat_issue(peserta=d["peserta"])
    tanpa = sertifikat_pdf(sertifikat=s, compress=False)
    # Without a signatory: the issue date and the instansi's name, no empty signature block.
    # (one "NIP" line: the participant's, whose generated NIP may itself begin with 1970)
    assert b"Pemerintah Kabupaten Tebo" in tanpa and tanpa.count(b"(NIP ") == 1
    client.force_login(d["hr"])
    url = reverse("pelatihan:penandatangan-set")
    resp = client.post(url, {"nama": "Dr. Ir. Hasan Basri, M.Si.", "jabatan": "Kepala BKPSDM Kabupaten Tebo",
                             "nip": "1970 0101 2000"})
    html = resp.content.decode()
    assert resp.status_code == 200 and "NIP penandatangan harus 18 angka" in html
    assert 'value="Dr. Ir. Hasan Basri, M.Si."' in html  # what was typed stays
    resp = client.post(url, {"nama": "Dr. Ir. Hasan Basri, M.Si.", "jabatan": "Kepala BKPSDM Kabupaten Tebo",
                             "nip": "19700101 200003 1 002"})
    assert resp.status_code == 302
    pdf = sertifikat_pdf(sertifikat=s, compress=False)
    for teks in ("Dr. Ir. Hasan Basri, M.Si.", "Kepala BKPSDM Kabupaten Tebo", "NIP 19700101 200003 1 002"):
        assert teks.encode("cp1252") in pdf, teks
    assert client.post(url, {"hapus": "1"}).status_code == 302
    assert b"Hasan Basri" not in sertifikat_pdf(sertifikat=s, compress=False)


def test_penandatangan_per_instansi_dan_hanya_hr(d, client):
    from django.urls import reverse

    from pelatihan.models import PenandatanganSertifikat

    url = reverse("pelatihan:penandatangan-set")
    client.force_login(d["hr_lain"])
    assert client.post(url, {"nama": "Pejabat Lain", "jabatan": "Kepala", "nip": ""}).status_code == 302
    assert PenandatanganSertifikat.objects.get().instansi.kode == "lain"
    s = sertifikat_issue(peserta=d["peserta"])
    assert b"Pejabat Lain" not in sertifikat_pdf(sertifikat=s, compress=False)
    for siapa in ("user", "atasan"):
        client.force_login(d[siapa])
        assert client.get(url).status_code == 404
        assert client.post(url, {"nama": "X", "jabatan": "Y"}).status_code == 404
    assert PenandatanganSertifikat.objects.count() == 1


# ------------------------------------------------------------------ all certificates of a programme
def test_hr_mengunduh_semua_sertifikat_program_sebagai_zip(d, client, django_assert_max_num_queries):
    import zipfile

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    url = reverse("pelatihan:program-sertifikat-zip", args=[d["program"].pk])
    client.force_login(d["hr"])
    resp = client.get(url)
    assert resp.status_code == 302 and resp.url == reverse("pelatihan:program-detail", args=[d["program"].pk])
    sertifikat_issue(peserta=d["peserta"])
    dicabut = PesertaFactory(program=d["program"], status=Peserta.Status.LULUS)
    sertifikat_issue(peserta=dicabut)
    Peserta.objects.filter(pk=dicabut.pk).update(status=Peserta.Status.TIDAK_LULUS)  # left out of the ZIP
    with CaptureQueriesContext(connection) as awal:
        resp = client.get(url)
    assert resp.status_code == 200 and resp["Content-Type"] == "application/zip"
    assert resp["Cache-Control"] == "private, no-store"
    with zipfile.ZipFile(io.BytesIO(resp.content)) as z:
        assert len(z.namelist()) == 1 and z.read(z.namelist()[0]).startswith(b"%PDF-")
    for _ in range(6):
        sertifikat_issue(peserta=PesertaFactory(program=d["program"], status=Peserta.Status.LULUS))
    with django_assert_max_num_queries(len(awal.captured_queries)):
        resp = client.get(url)
    with zipfile.ZipFile(io.BytesIO(resp.content)) as z:
        nama = z.namelist()
        assert len(nama) == 7 and all(n.endswith(".pdf") for n in nama)
        assert any(d["pegawai"].nip in n for n in nama)
    for siapa in ("hr_lain", "user", "atasan"):
        client.force_login(d[siapa])
        assert client.get(url).status_code == 404, siapa


@pytest.mark.parametrize(("alamat", "query"), [("/pelatihan/umpan-balik/", "narasumber=x"),
                                               ("/pelatihan/umpan-balik/", "halaman=x"),
                                               ("/pelatihan/umpan-balik/", "narasumber=99999999999999999999999"),
                                               ("/pelatihan/evaluasi-pasca/rekap/", "halaman=-3")])
def test_parameter_sampah_400(d, client, alamat, query):
    client.force_login(d["hr"])
    assert client.get(f"{alamat}?{query}").status_code == 400
    assert client.get(alamat).status_code == 200
