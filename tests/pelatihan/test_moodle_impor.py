"""Moodle course completion import: Moodle's dates in both languages, row errors named, all or nothing, the dry
run, blank completions listed, one credit and one certificate per completion (PNS and PPPK), re-import idempotent."""

import datetime
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pelatihan.impor_moodle import tanggal_moodle
from pelatihan.models import KreditJP, Peserta, RekapJP, Sertifikat
from tests import factories as f
from tests.pelatihan import factories as pf

DATA = Path(__file__).parent / "data"
NIP_PNS, NIP_PPPK, NIP_BELUM = "198503152010011002", "199001012023212005", "198711222012121001"


@pytest.mark.parametrize("teks, hasil", [
    ("Monday, 3 March 2025, 10:15 AM", datetime.date(2025, 3, 3)),
    ("Senin, 3 Maret 2025, 10:15", datetime.date(2025, 3, 3)),
    ("3/03/25, 10:15", datetime.date(2025, 3, 3)),
    ("31/12/24, 23:59", datetime.date(2024, 12, 31)),
    ("Kamis, 1 Agustus 2024, 07.05", datetime.date(2024, 8, 1)),
    ("Wednesday, 5 March 2025, 8:31 PM", datetime.date(2025, 3, 5)),
    ("5 Des 2024", datetime.date(2024, 12, 5)),
    ("2025-03-03 10:15", datetime.date(2025, 3, 3)),
    (datetime.datetime(2025, 3, 3, 10, 15), datetime.date(2025, 3, 3)),
    ("", None), (None, None),
])
def test_tanggal_moodle_dibaca(teks, hasil):
    assert tanggal_moodle(teks) == hasil


@pytest.mark.parametrize("teks", ["Not completed", "3 Brumaire 2025", "31/02/25, 10:15", "3/03/25, 25:00",
                                  "Monday, 3 March 2025, 13:15 PM"])
def test_tanggal_moodle_salah_ditolak(teks):
    with pytest.raises(ValueError):
        tanggal_moodle(teks)


@pytest.fixture
def setup(db):
    program = pf.ProgramFactory(jp=12, bentuk=pf.bentuk("NKL03"))
    inst = program.instansi
    pns = f.PegawaiFactory(instansi=inst, nip=NIP_PNS, nama="Budi Santoso", email="budi.santoso@bkpsdm.example.go.id")
    pppk = f.PegawaiFactory(instansi=inst, nip=NIP_PPPK, nama="Siti Rahmawati", jenis_asn="PPPK", golongan="IX",
                            jenis_kelamin="P", email="siti.rahma@bkpsdm.example.go.id")
    belum = f.PegawaiFactory(instansi=inst, nip=NIP_BELUM, nama="Agus Wibowo")
    terdaftar = pf.PesertaFactory(program=program, pegawai=pns)  # already a participant; the others become one
    return program, pns, pppk, belum, terdaftar, f.hr_user(inst)


def _upload(client, program, nama, isi, identitas="nip", **extra):
    data = {"berkas": SimpleUploadedFile(nama, isi), "identitas": identitas} | extra
    return client.post(reverse("pelatihan:moodle-impor", args=[program.pk]), data)


def _berkas(nama):
    return (DATA / nama).read_bytes()


@pytest.mark.django_db
@pytest.mark.parametrize("nama", ["moodle_completion_en.csv", "moodle_completion_id.csv"])
def test_laporan_moodle_dikreditkan_sekali_pns_dan_pppk(client, setup, nama):
    program, pns, pppk, belum, terdaftar, hr = setup
    client.force_login(hr)
    page = _upload(client, program, nama, _berkas(nama), periksa_saja="on").content.decode()
    assert "2 penyelesaian baru" in page and "Agus Wibowo" in page and "Siti Rahmawati" in page
    assert KreditJP.objects.count() == 0 and Peserta.objects.filter(program=program).count() == 1
    assert _upload(client, program, nama, _berkas(nama)).status_code == 302
    kredit = {k.pegawai_id: (k.jp, k.tanggal) for k in KreditJP.objects.all()}
    assert kredit == {pns.pk: (12, datetime.date(2025, 3, 3)), pppk.pk: (12, datetime.date(2025, 3, 5))}
    assert set(Peserta.objects.filter(program=program).values_list("pegawai_id", "status")) == {
        (pns.pk, "lulus"), (pppk.pk, "lulus")}
    assert Sertifikat.objects.filter(peserta__program=program).count() == 2
    for _ in range(2):  # the same file again changes nothing
        _upload(client, program, nama, _berkas(nama))
    assert KreditJP.objects.count() == 2 and Sertifikat.objects.count() == 2
    assert KreditJP.pgh_event_model.objects.count() == 2
    assert {r.pegawai_id: r.total for r in RekapJP.objects.filter(tahun=2025)} == {pns.pk: 12, pppk.pk: 12}
    page = _upload(client, program, nama, _berkas(nama), periksa_saja="on").content.decode()
    assert "0 penyelesaian baru" in page and "2 sudah tercatat" in page


@pytest.mark.django_db
def test_satu_baris_salah_tidak_ada_yang_disimpan(client, setup):
    program, pns, pppk, belum, terdaftar, hr = setup
    client.force_login(hr)
    isi = _berkas("moodle_completion_en.csv").decode("utf-8-sig")
    isi = isi.replace('"5/03/25, 08:31"', '"35/03/25, 08:31"').replace(NIP_BELUM, "199912312020121009", 1)
    isi += '19,"Orang Luar",199912312020121009,x@contoh.go.id,Completed,,Completed,,"6/03/25, 10:00"\r\n'
    page = _upload(client, program, "completion.csv", isi.encode()).content.decode()
    assert "Tidak ada data yang disimpan" in page
    assert "<td>3</td><td>Course complete</td>" in page and "35/03/25, 08:31" in page
    assert "<td>5</td><td>ID NUMBER</td>" in page and "tidak cocok dengan pegawai" in page
    assert KreditJP.objects.count() == 0 and Sertifikat.objects.count() == 0
    assert Peserta.objects.filter(program=program).count() == 1
    terdaftar.refresh_from_db()
    assert terdaftar.status == "terdaftar"


@pytest.mark.django_db
def test_identitas_email_dan_xlsx(client, setup):
    program, pns, pppk, belum, terdaftar, hr = setup
    client.force_login(hr)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["ID", "Name", "Email address", "Course complete"])
    ws.append([12, "Budi Santoso", "Budi.Santoso@bkpsdm.example.go.id", "Monday, 3 March 2025, 10:15 AM"])
    ws.append([15, "Siti Rahmawati", "siti.rahma@bkpsdm.example.go.id", datetime.datetime(2025, 3, 5, 8, 31)])
    ws.append([17, "Agus Wibowo", "agus.w@bkpsdm.example.go.id", None])
    buf = io.BytesIO()
    wb.save(buf)
    assert _upload(client, program, "laporan.xlsx", buf.getvalue(), identitas="email").status_code == 302
    assert set(KreditJP.objects.values_list("pegawai_id", "tanggal")) == {
        (pns.pk, datetime.date(2025, 3, 3)), (pppk.pk, datetime.date(2025, 3, 5))}
    # The NIP column is missing from this file: HR picked the wrong identity, the file is refused whole.
    page = _upload(client, program, "laporan.xlsx", buf.getvalue(), identitas="nip").content.decode()
    assert "Kolom tidak ditemukan: ID number (NIP)" in page


@pytest.mark.django_db
def test_peserta_mundur_dan_nip_angka_ditolak(client, setup):
    program, pns, pppk, belum, terdaftar, hr = setup
    Peserta.objects.filter(pk=terdaftar.pk).update(status="mundur")
    client.force_login(hr)
    isi = (f'ID,Name,ID number,Course complete\r\n12,Budi,{NIP_PNS},"3/03/25, 10:15"\r\n'
           '15,Siti,1.99001E+17,"3/03/25, 10:15"\r\n')
    page = _upload(client, program, "c.csv", isi.encode()).content.decode()
    assert "sudah mengundurkan diri" in page and "notasi ilmiah" in page
    assert KreditJP.objects.count() == 0


@pytest.mark.django_db
def test_hr_instansi_lain_404_dan_pegawai_404(client, setup):
    program, pns, *_ = setup
    client.force_login(f.hr_user(f.InstansiFactory()))
    url = reverse("pelatihan:moodle-impor", args=[program.pk])
    assert client.get(url).status_code == 404
    client.force_login(f.pegawai_user(pns))
    assert client.get(url).status_code == 404
    assert _upload(client, program, "moodle_completion_en.csv", _berkas("moodle_completion_en.csv")).status_code == 404
    assert KreditJP.objects.count() == 0


@pytest.mark.django_db
def test_halaman_program_menautkan_impor_moodle(client, setup):
    program, *_, hr = setup
    client.force_login(hr)
    url = reverse("pelatihan:moodle-impor", args=[program.pk])
    assert url in client.get(reverse("pelatihan:program-detail", args=[program.pk])).content.decode()
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_program_batal_menolak_dan_program_selesai_menerima(client, setup):
    program, pns, pppk, belum, terdaftar, hr = setup
    client.force_login(hr)
    program.status = "batal"
    program.save()
    page = _upload(client, program, "c.csv", _berkas("moodle_completion_en.csv")).content.decode()
    assert "Program ini batal" in page and KreditJP.objects.count() == 0
    program.status = "selesai"
    program.save()
    detail = client.get(reverse("pelatihan:program-detail", args=[program.pk])).content.decode()
    assert "Impor penyelesaian Moodle" in detail
    assert _upload(client, program, "c.csv", _berkas("moodle_completion_en.csv")).status_code == 302
    assert KreditJP.objects.count() == 2
