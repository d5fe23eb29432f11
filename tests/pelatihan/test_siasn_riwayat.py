"""SIASN training-history export: credited learning of a period and unit in the riwayat diklat / riwayat kursus
shapes (PNS and PPPK alike: both have SIASN riwayat), NIP as text, jumlahJam = JP, other instansi and units out."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from pelatihan.models import LaporanBelajar
from pelatihan.services import jp as ledger
from pelatihan.services.sertifikat import sertifikat_issue
from tests import factories as f
from tests.mentoring.factories import PasanganFactory, SesiMentoringFactory
from tests.pelatihan import factories as pf

pytestmark = pytest.mark.django_db
URL = reverse("pelatihan:riwayat-siasn-ekspor")


@pytest.fixture
def d():
    inst = f.InstansiFactory()
    unit_a, unit_b = f.UnitKerjaFactory(instansi=inst), f.UnitKerjaFactory(instansi=inst)
    pns = f.PegawaiFactory(instansi=inst, unit_kerja=unit_a, pns_id="A8ACA7F1-0000-4C2B-E040-640A04024C34")
    pppk = f.PegawaiFactory(instansi=inst, unit_kerja=unit_b, jenis_asn="PPPK", golongan="IX",
                            nip=f.nip_pppk(datetime.date(1991, 2, 3), 2023))
    kursus = pf.ProgramFactory(instansi=inst, bentuk=pf.bentuk("KL10"), jp=32, judul="Bimtek SIASN")
    pf.SesiFactory(program=kursus, tanggal=datetime.date(2025, 3, 3))
    pf.SesiFactory(program=kursus, tanggal=datetime.date(2025, 3, 6))
    struktural = pf.ProgramFactory(instansi=inst, bentuk=pf.bentuk("KL01"), jp=120, judul="PKA Angkatan I")
    pf.SesiFactory(program=struktural, tanggal=datetime.date(2025, 5, 5))
    for program, pegawai, tgl in ((kursus, pns, datetime.date(2025, 3, 6)), (kursus, pppk, datetime.date(2025, 3, 6)),
                                  (struktural, pns, datetime.date(2025, 5, 5))):
        p = pf.PesertaFactory(program=program, pegawai=pegawai, status="lulus")
        ledger.kredit_set(pegawai_id=pegawai.pk, tanggal=tgl, jp=program.jp, keterangan=program.judul, peserta=p)
        sertifikat_issue(peserta=p)
    lap = LaporanBelajar.objects.create(
        pegawai=pppk, bentuk=pf.bentuk("NKL03"), judul="MOOC ASN Digital", penyelenggara="LAN RI",
        tanggal_mulai=datetime.date(2025, 7, 1), tanggal_selesai=datetime.date(2025, 7, 4), jp=6,
        berkas=ContentFile(b"%PDF-1.4", name="s.pdf"), status="diverifikasi")
    ledger.kredit_set(pegawai_id=pppk.pk, tanggal=lap.tanggal_selesai, jp=6, keterangan=lap.judul, laporan=lap)
    sesi = SesiMentoringFactory(pasangan=PasanganFactory(instansi=inst, mentee=pns), tanggal=datetime.date(2025, 8, 1))
    ledger.kredit_set(pegawai_id=pns.pk, tanggal=sesi.tanggal, jp=2, keterangan="Mentoring", sesi_mentoring_id=sesi.pk)
    lain = pf.PesertaFactory(status="lulus")  # another instansi
    ledger.kredit_set(pegawai_id=lain.pegawai_id, tanggal=datetime.date(2025, 3, 6), jp=9, keterangan="x",
                      peserta=lain)
    return inst, unit_a, unit_b, pns, pppk, f.hr_user(inst)


def _lembar(resp):
    wb = openpyxl.load_workbook(io.BytesIO(resp.content))
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}, wb


def test_riwayat_dalam_bentuk_siasn(client, d, django_assert_max_num_queries):
    inst, unit_a, unit_b, pns, pppk, hr = d
    client.force_login(hr)
    with django_assert_max_num_queries(12):
        resp = client.get(URL, {"dari": "2025-01-01", "sampai": "2025-12-31", "format": "xlsx"})
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats") and "no-store" in resp["Cache-Control"]
    lembar, wb = _lembar(resp)
    diklat, kursus = lembar["Riwayat Diklat"], lembar["Riwayat Kursus"]
    assert diklat[0][:3] == ["nipBaru", "idPns", "nama"] and len(diklat) == 2
    h = dict(zip(diklat[0], diklat[1], strict=True))
    assert (h["nipBaru"], h["idPns"], h["latihanStrukturalNama"], h["jumlahJam"], h["tanggal"], h["tahun"]) == (
        pns.nip, pns.pns_id, "PKA Angkatan I", 120, "05-05-2025", 2025)
    assert h["latihanStrukturalId"] is None and "/SERT/" in h["nomor"]
    rows = [dict(zip(kursus[0], r, strict=True)) for r in kursus[1:]]
    got = sorted((r["nipBaru"], r["jenisDiklatId"], r["namaKursus"], r["jumlahJam"], r["tanggalKursus"],
                  r["tanggalSelesaiKursus"], bool(r["noSertipikat"])) for r in rows)
    assert got == sorted([
        (pns.nip, 8, "Bimtek SIASN", 32, "03-03-2025", "06-03-2025", True),
        (pppk.nip, 8, "Bimtek SIASN", 32, "03-03-2025", "06-03-2025", True),
        (pppk.nip, 16, "MOOC ASN Digital", 6, "01-07-2025", "04-07-2025", False),
    ])
    assert all(r["institusiPenyelenggara"] for r in rows)
    nip_sel = wb["Riwayat Kursus"]["A2"]
    assert nip_sel.number_format == "@" and isinstance(nip_sel.value, str)


def test_periode_dan_unit_menyaring(client, d):
    inst, unit_a, unit_b, pns, pppk, hr = d
    client.force_login(hr)
    lembar, _ = _lembar(client.get(URL, {"dari": "2025-03-01", "sampai": "2025-03-31", "unit": unit_b.pk,
                                         "format": "xlsx"}))
    assert len(lembar["Riwayat Diklat"]) == 1
    assert [r[0] for r in lembar["Riwayat Kursus"][1:]] == [pppk.nip]
    page = client.get(URL, {"dari": "2025-01-01", "sampai": "2025-12-31"}).content.decode()
    assert "1 baris riwayat diklat, 3 baris riwayat kursus" in page


def test_parameter_salah_400_dan_unit_lain_404(client, d):
    *_, hr = d
    client.force_login(hr)
    assert client.get(URL, {"dari": "kemarin"}).status_code == 400
    assert client.get(URL, {"dari": "2025-12-31", "sampai": "2025-01-01"}).status_code == 400
    assert client.get(URL, {"unit": f.UnitKerjaFactory().pk}).status_code == 404
    assert client.get(URL, {"format": "pdf"}).status_code == 400


def test_pegawai_tidak_bisa_mengekspor(client, d):
    *_, pns, pppk, hr = d
    client.force_login(f.pegawai_user(pns))
    assert client.get(URL).status_code == 404


def test_halaman_capaian_unit_menautkan_ekspor(client, d):
    *_, hr = d
    client.force_login(hr)
    assert URL in client.get(reverse("pelatihan:jp-unit")).content.decode()
    assert client.get(URL).status_code == 200
