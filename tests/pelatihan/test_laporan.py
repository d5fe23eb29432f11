"""Self-reported learning: certificate checks, submission, HR verification into the JP ledger, access to files."""

import datetime
import importlib
import io
import os
import zipfile

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from pelatihan.berkas import MAKS_BYTE, periksa_berkas
from pelatihan.models import JpBawaan, KreditJP, LaporanBelajar, RekapJP
from pelatihan.services.laporan import laporan_reject, laporan_revoke, laporan_verify
from pembinaan.models import Notifikasi, Petugas
from tests import factories as f
from tests.pelatihan.factories import bentuk

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------ real minimal files
def pdf_minimal(teks="Sertifikat"):
    """A small but valid one-page PDF (header, objects, cross-reference table, trailer)."""
    isi = f"BT /F1 18 Tf 20 100 Td ({teks}) Tj ET".encode()
    objek = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(isi) + isi + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    posisi = []
    for i, o in enumerate(objek, 1):
        posisi.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objek) + 1)
    out += b"".join(b"%010d 00000 n \n" % p for p in posisi)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objek) + 1, xref)
    return bytes(out)


def gambar(fmt):
    buf = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buf, fmt)
    return buf.getvalue()


def zip_bytes():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("sertifikat.pdf", pdf_minimal())
    return buf.getvalue()


def unggah(data, name="sertifikat.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


# ------------------------------------------------------------------ the file validator
@pytest.mark.parametrize(("data", "name", "ctype", "mime"), [
    (pdf_minimal(), "sertifikat.pdf", "application/pdf", "application/pdf"),
    (gambar("JPEG"), "foto.jpg", "image/jpeg", "image/jpeg"),
    (gambar("PNG"), "pindaian.png", "image/png", "image/png"),
    # The name and the browser's type do not matter, only the content does.
    (gambar("PNG"), "sertifikat.pdf", "application/octet-stream", "image/png"),
    (pdf_minimal(), "SERTIFIKAT", "text/plain", "application/pdf"),
], ids=["pdf", "jpeg", "png", "png-bernama-pdf", "pdf-tanpa-ekstensi"])
def test_berkas_sah_dikenali_dari_isinya(data, name, ctype, mime):
    assert periksa_berkas(unggah(data, name, ctype)) == mime


@pytest.mark.parametrize("data", [
    b"Ini hanya teks yang diberi nama .pdf\n",
    zip_bytes(),
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200,  # a Windows .exe
    b"<html><script>alert(1)</script></html>",
    b"  %PDF-1.4 not at the start",
], ids=["teks", "zip", "exe", "html", "tanda-tidak-di-awal"])
def test_berkas_palsu_ditolak(data):
    with pytest.raises(ValidationError) as exc:
        periksa_berkas(unggah(data, "sertifikat.pdf", "application/pdf"))
    assert "PDF, JPG atau PNG" in exc.value.messages[0]


def test_berkas_lebih_dari_5_mb_ditolak_dengan_ukurannya():
    besar = pdf_minimal() + b"0" * (MAKS_BYTE + 1 - len(pdf_minimal()))
    assert len(besar) == 5 * 1024 * 1024 + 1
    with pytest.raises(ValidationError) as exc:
        periksa_berkas(unggah(besar))
    pesan = exc.value.messages[0]
    assert "5.242.881 byte" in pesan and "maksimum 5 MB" in pesan
    pas = besar[:-1]
    assert periksa_berkas(unggah(pas)) == "application/pdf"


def test_berkas_kosong_ditolak():
    with pytest.raises(ValidationError, match="kosong"):
        periksa_berkas(unggah(b""))


# ------------------------------------------------------------------ data
@pytest.fixture(autouse=True)
def referensi_pelatihan():
    """The LAN bentuk list comes from a data migration that transactional tests elsewhere may have flushed."""
    importlib.import_module("pelatihan.migrations.0002_referensi").seed(apps, None)


@pytest.fixture
def d():
    class D:
        pass

    x = D()
    x.inst = f.InstansiFactory(kode="TEBO", nama="Pemerintah Kabupaten Tebo")
    x.inst_lain = f.InstansiFactory(kode="BUNGO", nama="Pemerintah Kabupaten Bungo")
    x.atasan = f.PegawaiFactory(instansi=x.inst, nama="Atasan Langsung")
    x.pegawai = f.PegawaiFactory(instansi=x.inst, nama="Siti Pelapor", atasan=x.atasan)
    x.rekan = f.PegawaiFactory(instansi=x.inst, nama="Rekan Sekantor")
    x.pegawai_lain = f.PegawaiFactory(instansi=x.inst_lain, nama="Pegawai Bungo")
    x.u_pegawai = f.pegawai_user(x.pegawai)
    x.u_atasan = f.pegawai_user(x.atasan)
    x.u_rekan = f.pegawai_user(x.rekan)
    x.u_pegawai_lain = f.pegawai_user(x.pegawai_lain)
    x.hr = f.hr_user(x.inst)
    x.hr_lain = f.hr_user(x.inst_lain)
    return x


def data_form(**ganti):
    hari_ini = timezone.localdate()
    data = {"bentuk": bentuk("KL06").pk, "judul": "Seminar Nasional Pelayanan Publik",
            "penyelenggara": "Universitas Jambi", "tanggal_mulai": (hari_ini - datetime.timedelta(days=3)).isoformat(),
            "tanggal_selesai": (hari_ini - datetime.timedelta(days=2)).isoformat(), "jp": "6", "menit": "300",
            "berkas": unggah(pdf_minimal(), "Sertifikat Seminar.pdf")}
    data.update(ganti)
    return data


def kirim(client, user, **ganti):
    client.force_login(user)
    return client.post(reverse("pelatihan:laporan-submit"), data_form(**ganti))


def laporan_baru(d, client, **ganti):
    resp = kirim(client, d.u_pegawai, **ganti)
    assert resp.status_code == 302, resp.context["form"].errors if resp.context else resp
    return LaporanBelajar.objects.filter(pegawai=d.pegawai).latest("pk")


def total_jp(pegawai, tahun):
    return RekapJP.objects.filter(pegawai=pegawai, tahun=tahun).values_list("total", flat=True).first() or 0


# ------------------------------------------------------------------ submitting
def test_pegawai_melaporkan_dengan_sertifikat(d, client):
    laporan = laporan_baru(d, client)
    assert laporan.status == LaporanBelajar.Status.DIAJUKAN and laporan.jp == 6
    assert laporan.bentuk.kode == "KL06" and laporan.penyelenggara == "Universitas Jambi"
    # Stored privately under MEDIA_ROOT with a random name of the detected type, never the uploader's name.
    path = laporan.berkas.path
    assert path.startswith(str(settings.MEDIA_ROOT)) and path.endswith(".pdf")
    assert "sertifikat" not in os.path.basename(path).lower()
    assert not path.startswith(str(settings.STATIC_ROOT))
    with open(path, "rb") as fh:
        assert fh.read() == pdf_minimal()
    halaman = client.get(reverse("pelatihan:laporan-saya")).content.decode()
    assert "Seminar Nasional Pelayanan Publik" in halaman and "Menunggu verifikasi" in halaman
    assert not KreditJP.objects.exists()  # nothing credited before HR verifies


def test_formulir_menyimpan_isian_saat_galat(d, client):
    besok = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    resp = kirim(client, d.u_pegawai, tanggal_selesai=besok, judul="Kursus Analisis Data Kepegawaian",
                 berkas=unggah(b"bukan pdf", "sertifikat.pdf"))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "tidak boleh di masa depan" in html
    assert "PDF, JPG atau PNG" in html
    assert 'value="Kursus Analisis Data Kepegawaian"' in html and 'value="Universitas Jambi"' in html
    assert f'value="{besok}"' in html and 'value="6"' in html
    assert not LaporanBelajar.objects.exists()


@pytest.mark.parametrize(("ganti", "kolom"), [
    ({"tanggal_mulai": "2026-01-10", "tanggal_selesai": "2026-01-09"}, "tanggal_selesai"),
    ({"jp": "0"}, "jp"),
    ({"jp": "201"}, "jp"),
    ({"judul": "  "}, "judul"),
    ({"berkas": ""}, "berkas"),
    ({"menit": ""}, "menit"),
    ({"menit": "0"}, "menit"),
    ({"menit": "dua jam"}, "menit"),
], ids=["selesai-sebelum-mulai", "jp-0", "jp-201", "judul-kosong", "tanpa-berkas", "menit-kosong", "menit-0",
        "menit-bukan-angka"])
def test_formulir_menolak_isian_salah(d, client, ganti, kolom):
    resp = kirim(client, d.u_pegawai, **ganti)
    assert resp.status_code == 200
    assert list(resp.context["form"].errors) == [kolom]
    assert not LaporanBelajar.objects.exists()


def test_menit_dicatat_dan_ditampilkan_kepada_hr_dengan_saran_jp(d, client):
    laporan = laporan_baru(d, client, menit="200", jp="5")
    assert (laporan.menit, laporan.jp) == (200, 5)
    assert "200 menit" in client.get(reverse("pelatihan:laporan-saya")).content.decode()
    client.force_login(d.hr)
    html = client.get(reverse("pelatihan:laporan-antrian")).content.decode()
    blok = html[html.index(f'data-testid="menit-{laporan.pk}"'):]
    assert blok[:blok.index("</div>")].endswith("200 menit (≈ 4 JP bila 1 JP = 45 menit)")  # 200 // 45
    # HR credits the JP of the report, not the minutes.
    laporan_verify(actor=d.hr, laporan=laporan)
    assert KreditJP.objects.get(laporan=laporan).jp == 5


def test_laporan_lama_tanpa_menit_tertulis_tidak_diketahui(d, client):
    laporan = laporan_baru(d, client)
    LaporanBelajar.objects.filter(pk=laporan.pk).update(menit=None)  # as the migration leaves older reports
    client.force_login(d.hr)
    html = client.get(reverse("pelatihan:laporan-antrian")).content.decode()
    blok = html[html.index(f'data-testid="menit-{laporan.pk}"'):]
    assert "tidak diketahui" in blok[:blok.index("</div>")]


def test_htmx_menyarankan_jp_dari_menit(d, client):
    client.force_login(d.u_pegawai)
    url = reverse("pelatihan:laporan-jp-bawaan")
    html = client.get(url, {"bentuk": bentuk("NKL03").pk, "jp": "", "menit": "100"}).content.decode()
    assert "100 menit ÷ 45 = 2 JP" in html


@pytest.mark.parametrize("query", [{"bentuk": "x"}, {"bentuk": "99999999999999999999999"}, {"jp": "-5"},
                                   {"menit": "banyak"}])
def test_htmx_parameter_sampah_400(d, client, query):
    client.force_login(d.u_pegawai)
    assert client.get(reverse("pelatihan:laporan-jp-bawaan"), query).status_code == 400


@pytest.mark.parametrize(("nama", "query"), [("laporan-antrian", "status=semua"), ("laporan-antrian", "halaman=x"),
                                             ("laporan-saya", "halaman=-1")])
def test_parameter_daftar_sampah_400(d, client, nama, query):
    client.force_login(d.hr if nama == "laporan-antrian" else d.u_pegawai)
    assert client.get(reverse(f"pelatihan:{nama}") + f"?{query}").status_code == 400
    assert client.get(reverse(f"pelatihan:{nama}")).status_code == 200


def test_jp_bawaan_instansi_dipakai_bila_jp_kosong(d, client):
    JpBawaan.objects.update_or_create(instansi=d.inst, bentuk=bentuk("KL06"), defaults={"jp": 4})
    JpBawaan.objects.update_or_create(instansi=d.inst_lain, bentuk=bentuk("KL06"), defaults={"jp": 9})
    JpBawaan.objects.filter(instansi=d.inst, bentuk=bentuk("NKL03")).delete()  # HR cleared this one
    laporan = laporan_baru(d, client, jp="")
    assert laporan.jp == 4
    # Without a default the employee must type it.
    resp = kirim(client, d.u_pegawai, jp="", bentuk=bentuk("NKL03").pk, judul="Kursus daring")
    assert resp.status_code == 200 and "belum ada JP bawaan" in resp.content.decode()


def test_htmx_mengisi_jp_bawaan(d, client):
    JpBawaan.objects.update_or_create(instansi=d.inst, bentuk=bentuk("KL06"), defaults={"jp": 4})
    JpBawaan.objects.filter(instansi=d.inst, bentuk=bentuk("NKL03")).delete()  # HR cleared this one
    client.force_login(d.u_pegawai)
    url = reverse("pelatihan:laporan-jp-bawaan")
    html = client.get(url, {"bentuk": bentuk("KL06").pk, "jp": ""}, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="div_id_jp"' in html and 'value="4"' in html and "4 JP" in html
    html = client.get(url, {"bentuk": bentuk("NKL03").pk, "jp": "7"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'value="7"' in html and "Belum ada JP bawaan" in html


def test_kegiatan_yang_sama_tidak_dilaporkan_dua_kali(d, client):
    laporan_baru(d, client)
    resp = kirim(client, d.u_pegawai, judul="seminar nasional  pelayanan publik")
    assert resp.status_code == 200 and "sudah Anda laporkan" in resp.content.decode()
    assert LaporanBelajar.objects.count() == 1


def test_hanya_pegawai_yang_melapor(d, client):
    client.force_login(d.hr)
    assert client.get(reverse("pelatihan:laporan-saya")).status_code == 404
    assert client.post(reverse("pelatihan:laporan-submit"), data_form()).status_code == 404
    client.force_login(d.u_pegawai)
    assert client.get(reverse("pelatihan:laporan-antrian")).status_code == 404


# ------------------------------------------------------------------ verification and the ledger
def test_verifikasi_mencatat_tepat_satu_kredit_dan_rekap_naik(d, client):
    laporan = laporan_baru(d, client)
    tahun = laporan.tanggal_selesai.year
    RekapJP.objects.create(pegawai=d.pegawai, tahun=tahun, total=10)  # JP from earlier training
    client.force_login(d.hr)
    resp = client.post(reverse("pelatihan:laporan-verify", args=[laporan.pk]))
    assert resp.status_code == 302
    laporan.refresh_from_db()
    assert laporan.status == LaporanBelajar.Status.DIVERIFIKASI and laporan.diverifikasi_oleh == d.hr
    kredit = KreditJP.objects.get()
    assert (kredit.pegawai, kredit.laporan, kredit.jp, kredit.tanggal) == (d.pegawai, laporan, 6,
                                                                            laporan.tanggal_selesai)
    assert total_jp(d.pegawai, tahun) == 16
    n = Notifikasi.objects.get(penerima=d.u_pegawai, jenis="laporan_belajar")
    assert n.kunci == f"laporan:{laporan.pk}:diverifikasi" and "6 JP" in n.isi
    assert n.tautan == reverse("pelatihan:laporan-saya")
    client.force_login(d.u_pegawai)
    assert "Diverifikasi" in client.get(reverse("pelatihan:laporan-saya")).content.decode()


def test_verifikasi_dua_kali_ditolak_kredit_tetap_satu(d, client):
    laporan = laporan_baru(d, client)
    laporan_verify(actor=d.hr, laporan=laporan)
    with pytest.raises(ValidationError, match="sudah \u201cDiverifikasi\u201d"):
        laporan_verify(actor=d.hr, laporan=laporan)
    client.force_login(d.hr)
    resp = client.post(reverse("pelatihan:laporan-verify", args=[laporan.pk]), follow=True)
    assert "tidak dapat diverifikasi" in resp.content.decode()
    assert KreditJP.objects.filter(laporan=laporan).count() == 1
    assert total_jp(d.pegawai, laporan.tanggal_selesai.year) == 6
    assert Notifikasi.objects.filter(penerima=d.u_pegawai, jenis="laporan_belajar").count() == 1


def test_tolak_perlu_alasan_dan_memberi_tahu(d, client):
    laporan = laporan_baru(d, client)
    for alasan in ("", "   "):
        with pytest.raises(ValidationError, match="Alasan wajib diisi"):
            laporan_reject(actor=d.hr, laporan=laporan, alasan=alasan)
    client.force_login(d.hr)
    resp = client.post(reverse("pelatihan:laporan-reject", args=[laporan.pk]), {"alasan": " "})
    assert resp.status_code == 200 and "Alasan wajib diisi" in resp.content.decode()
    laporan.refresh_from_db()
    assert laporan.status == LaporanBelajar.Status.DIAJUKAN
    assert not Notifikasi.objects.filter(jenis="laporan_belajar").exists()

    alasan = "Nama pada sertifikat bukan nama Anda."
    resp = client.post(reverse("pelatihan:laporan-reject", args=[laporan.pk]), {"alasan": alasan})
    assert resp.status_code == 302
    laporan.refresh_from_db()
    assert laporan.status == LaporanBelajar.Status.DITOLAK and laporan.alasan_tolak == alasan
    assert not KreditJP.objects.exists()
    n = Notifikasi.objects.get(penerima=d.u_pegawai, jenis="laporan_belajar")
    assert n.kunci == f"laporan:{laporan.pk}:ditolak" and alasan in n.isi
    with pytest.raises(ValidationError):  # a decided report cannot be verified afterwards
        laporan_verify(actor=d.hr, laporan=laporan)
    client.force_login(d.u_pegawai)
    halaman = client.get(reverse("pelatihan:laporan-saya")).content.decode()
    assert "Ditolak" in halaman and alasan in halaman


def test_cabut_verifikasi_menghapus_kredit_dan_rekap_turun(d, client):
    laporan = laporan_baru(d, client)
    tahun = laporan.tanggal_selesai.year
    with pytest.raises(ValidationError):  # only a verified report can be revoked
        laporan_revoke(actor=d.hr, laporan=laporan, alasan="Sertifikat palsu.")
    laporan_verify(actor=d.hr, laporan=laporan)
    assert total_jp(d.pegawai, tahun) == 6
    with pytest.raises(ValidationError, match="Alasan wajib diisi"):
        laporan_revoke(actor=d.hr, laporan=laporan, alasan="")
    client.force_login(d.hr)
    resp = client.post(reverse("pelatihan:laporan-revoke", args=[laporan.pk]), {"alasan": "Sertifikat palsu."})
    assert resp.status_code == 302
    laporan.refresh_from_db()
    assert laporan.status == LaporanBelajar.Status.DITOLAK and "Sertifikat palsu." in laporan.alasan_tolak
    assert not KreditJP.objects.filter(laporan=laporan).exists()
    assert total_jp(d.pegawai, tahun) == 0
    kunci = set(Notifikasi.objects.filter(penerima=d.u_pegawai, jenis="laporan_belajar")
                .values_list("kunci", flat=True))
    assert kunci == {f"laporan:{laporan.pk}:diverifikasi", f"laporan:{laporan.pk}:dicabut"}


def test_hr_instansi_lain_tidak_bisa_memutuskan(d, client):
    laporan = laporan_baru(d, client)
    for layanan, kw in ((laporan_verify, {}), (laporan_reject, {"alasan": "x"})):
        with pytest.raises(PermissionDenied):
            layanan(actor=d.hr_lain, laporan=laporan, **kw)
    with pytest.raises(PermissionDenied):
        laporan_verify(actor=d.u_atasan, laporan=laporan)  # the supervisor does not verify
    client.force_login(d.hr_lain)
    assert client.post(reverse("pelatihan:laporan-verify", args=[laporan.pk])).status_code == 404
    assert client.post(reverse("pelatihan:laporan-reject", args=[laporan.pk]), {"alasan": "x"}).status_code == 404
    assert "Siti Pelapor" not in client.get(reverse("pelatihan:laporan-antrian")).content.decode()
    laporan.refresh_from_db()
    assert laporan.status == LaporanBelajar.Status.DIAJUKAN and not KreditJP.objects.exists()


def test_hr_tidak_memverifikasi_laporannya_sendiri(d, client):
    laporan = laporan_baru(d, client)
    d.u_pegawai.groups.add(*d.hr.groups.all())  # the employee is also an Admin BKPSDM
    Petugas.objects.create(user=d.u_pegawai, instansi=d.inst)
    with pytest.raises(ValidationError, match="petugas lain"):
        laporan_verify(actor=d.u_pegawai, laporan=laporan)


def test_antrian_terlama_di_atas_dengan_kueri_tetap(d, client, django_assert_max_num_queries):
    lama = laporan_baru(d, client, judul="Kegiatan lama")
    LaporanBelajar.objects.filter(pk=lama.pk).update(dibuat=timezone.now() - datetime.timedelta(days=5))
    baru = laporan_baru(d, client, judul="Kegiatan baru")
    for i in range(8):
        laporan_baru(d, client, judul=f"Kegiatan {i}")
    client.force_login(d.hr)
    client.get(reverse("pelatihan:laporan-antrian"))  # warm the session
    with django_assert_max_num_queries(10):
        html = client.get(reverse("pelatihan:laporan-antrian")).content.decode()
    assert html.index("Kegiatan lama") < html.index("Kegiatan baru")
    assert reverse("pelatihan:laporan-berkas", args=[baru.pk]) in html and "Siti Pelapor" in html


# ------------------------------------------------------------------ the certificate file
def test_berkas_hanya_untuk_pemilik_dan_hr_instansinya(d, client):
    laporan = laporan_baru(d, client)
    url = reverse("pelatihan:laporan-berkas", args=[laporan.pk])
    for user in (d.u_pegawai, d.hr):
        client.force_login(user)
        resp = client.get(url)
        assert resp.status_code == 200
        assert resp["Content-Type"] == "application/pdf"
        assert resp["Content-Disposition"].startswith("inline")
        assert resp["X-Content-Type-Options"] == "nosniff"
        assert b"".join(resp.streaming_content) == pdf_minimal()
    for user in (d.u_rekan, d.u_atasan, d.u_pegawai_lain, d.hr_lain):
        client.force_login(user)
        assert client.get(url).status_code == 404, user.username
    client.logout()
    assert client.get(url)["Location"].startswith(reverse("login"))


def test_gambar_disajikan_dengan_jenisnya(d, client):
    laporan = laporan_baru(d, client, berkas=unggah(gambar("JPEG"), "sertifikat.pdf", "application/pdf"))
    assert laporan.berkas.name.endswith(".jpg")
    client.force_login(d.hr)
    resp = client.get(reverse("pelatihan:laporan-berkas", args=[laporan.pk]))
    assert resp["Content-Type"] == "image/jpeg" and resp["Content-Disposition"].startswith("inline")


def test_hr_mencatat_jp_lain_dari_yang_dilaporkan(d, client):
    laporan = laporan_baru(d, client, menit="100", jp="6")
    client.force_login(d.hr)
    url = reverse("pelatihan:laporan-verify", args=[laporan.pk])
    # Garbage or out of range: nothing credited, the message names the field and what was typed.
    for isian in ("dua", "0", "500"):
        resp = client.post(url, {"jp": isian}, follow=True)
        pesan = " ".join(str(m) for m in resp.context["messages"])
        assert "JP yang dicatat" in pesan and f"\u201c{isian}\u201d" in pesan, pesan
    assert not KreditJP.objects.exists()
    laporan.refresh_from_db()
    assert laporan.status == LaporanBelajar.Status.DIAJUKAN
    # HR compares with the minutes (100 ≈ 2 JP) and credits 2.
    assert client.post(url, {"jp": "2"}).status_code == 302
    laporan.refresh_from_db()
    assert laporan.status == LaporanBelajar.Status.DIVERIFIKASI and laporan.jp == 2
    assert KreditJP.objects.get(laporan=laporan).jp == 2 and total_jp(d.pegawai, laporan.tanggal_selesai.year) == 2
    assert "2 JP dicatat" in Notifikasi.objects.get(penerima=d.u_pegawai, kunci__endswith=":diverifikasi").isi
