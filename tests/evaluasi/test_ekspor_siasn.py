"""The SIASN kinerja export carries every field docs/domain.md §6.8 lists that our data can fill: the numeric kuadran,
pnsDinilaiId, penilaiGolonganId, statusPenilai, and for periodic results persentase, koefisenId, kriteria and
unorId. PNS and PPPK employees and evaluators."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from evaluasi import selectors
from evaluasi.models import Evaluasi
from evaluasi.services import periode as svc
from tests import factories as f
from tests.evaluasi.factories import PeriodeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def d():
    inst = f.InstansiFactory(kode="KEPAHIANG", nama="Pemerintah Kabupaten Kepahiang")
    unit = f.UnitKerjaFactory(instansi=inst, nama="Dinas Pertanian", siasn_unor_id="A8ACA7B2F1D4E0C1")
    kabid = f.JabatanFactory(instansi=inst, jenis="administrator", nama="Kepala Bidang Penyuluhan")
    penyuluh = f.JabatanFactory(instansi=inst, jenis="fungsional", jenjang="ahli_muda",
                                nama="Penyuluh Pertanian Ahli Muda")
    operator = f.JabatanFactory(instansi=inst, jenis="pelaksana", nama="Operator Layanan Operasional")
    penilai = f.PegawaiFactory(instansi=inst, unit_kerja=unit, nama="Kabid Penilai", jabatan=kabid, golongan="III/d")
    lahir = datetime.date(1985, 8, 17)
    penilai_pppk = f.PegawaiFactory(instansi=inst, unit_kerja=unit, nama="Penilai Pppk", jabatan=kabid,
                                    jenis_asn="PPPK", golongan="XI", tanggal_lahir=lahir,
                                    tmt_cpns=datetime.date(2022, 3, 1), nip=f.nip_pppk(lahir, 2022))
    jf = f.PegawaiFactory(instansi=inst, unit_kerja=unit, nama="Ani Penyuluh", jabatan=penyuluh, golongan="III/c",
                          atasan=penilai, pns_id="8ae48283-0001")
    lahir2 = datetime.date(1995, 1, 9)
    pppk = f.PegawaiFactory(instansi=inst, unit_kerja=unit, nama="Budi Operator", jabatan=operator,
                            jenis_asn="PPPK", golongan="V", tanggal_lahir=lahir2, tmt_cpns=datetime.date(2024, 3, 1),
                            nip=f.nip_pppk(lahir2, 2024), atasan=penilai_pppk)
    return dict(inst=inst, hr=f.hr_user(inst), unit=unit, penilai=penilai, penilai_pppk=penilai_pppk, jf=jf, pppk=pppk)


def _ajukan(periode, pegawai, hasil, perilaku, predikat):
    Evaluasi.objects.filter(periode=periode, pegawai=pegawai).update(
        status="diajukan", rating_hasil_kerja=hasil, rating_perilaku_kerja=perilaku, predikat=predikat)


def _baris(periode):
    headers, rows = selectors.ekspor_siasn(periode=periode)
    return {r[headers.index("nip")]: dict(zip(headers, r, strict=True)) for r in rows}


def test_periodic_export_fills_kuadran_angka_kredit_evaluator_golongan_and_unor(client, d):
    periode = PeriodeFactory(instansi=d["inst"], jenis="triwulanan", mulai=datetime.date(2026, 4, 1),
                             selesai=datetime.date(2026, 6, 30), tenggat=datetime.date(2026, 7, 14))
    svc.periode_open(actor=d["hr"], periode=periode)
    # Moves after opening do not change what is reported about the evaluator.
    d["penilai"].golongan = "IV/a"
    d["penilai"].save()
    _ajukan(periode, d["jf"], "sesuai", "di_atas", "baik")
    _ajukan(periode, d["pppk"], "di_atas", "di_bawah", "kurang")
    svc.periode_close(actor=d["hr"], periode=periode)

    client.force_login(d["hr"])
    resp = client.get(reverse("evaluasi:periode-export", args=[periode.pk]))
    ws = openpyxl.load_workbook(io.BytesIO(resp.content)).active
    rows = list(ws.iter_rows(values_only=True))
    baris = {r[rows[0].index("nip")]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}

    jf = baris[d["jf"].nip]
    assert (jf["kuadranKinerja"], jf["kuadranNilai"]) == ("Baik", 2)
    assert (jf["persentase"], jf["koefisenId"], jf["kriteria"]) == (100, 22, 25)  # Ahli Muda, Baik
    assert (jf["namaPenilai"], jf["nipNrpPenilai"], jf["penilaiGolonganId"], jf["statusPenilai"]) == (
        "Kabid Penilai", d["penilai"].nip, "34", "ASN")  # III/d when the period opened
    assert (jf["unorId"], jf["unorNama"]) == ("A8ACA7B2F1D4E0C1", "Dinas Pertanian")

    pppk = baris[d["pppk"].nip]  # PPPK employee (pelaksana: no angka kredit) evaluated by a PPPK evaluator
    assert (pppk["kuadranKinerja"], pppk["kuadranNilai"]) == ("Kurang/Misconduct", 4)
    assert (pppk["persentase"], pppk["koefisenId"], pppk["kriteria"]) == (None, None, None)
    assert (pppk["nipNrpPenilai"], pppk["penilaiGolonganId"], pppk["statusPenilai"]) == (
        d["penilai_pppk"].nip, None, "ASN")


@pytest.mark.parametrize(("hasil", "perilaku", "predikat", "nilai", "persen"), [
    ("di_atas", "di_atas", "sangat_baik", 1, 150),
    ("sesuai", "sesuai", "baik", 2, 100),
    ("di_bawah", "sesuai", "butuh_perbaikan", 3, 75),
    ("sesuai", "di_bawah", "kurang", 4, 50),
    ("di_bawah", "di_bawah", "sangat_kurang", 5, 25),
])
def test_every_predikat_has_its_kuadran_value_and_percentage(d, hasil, perilaku, predikat, nilai, persen):
    periode = PeriodeFactory(instansi=d["inst"], jenis="bulanan")
    svc.periode_open(actor=d["hr"], periode=periode)
    _ajukan(periode, d["jf"], hasil, perilaku, predikat)
    row = _baris(periode)[d["jf"].nip]
    assert (row["periodikId"], row["kuadranNilai"], row["persentase"], row["koefisenId"]) == (
        1, nilai, persen, 20 + nilai)


def test_annual_export_carries_pns_dinilai_id_and_kuadran_value(d):
    periode = PeriodeFactory(instansi=d["inst"], jenis="tahunan", mulai=datetime.date(2025, 1, 1),
                             selesai=datetime.date(2025, 12, 31), tenggat=datetime.date(2026, 1, 31))
    svc.periode_open(actor=d["hr"], periode=periode)
    _ajukan(periode, d["jf"], "di_atas", "di_atas", "sangat_baik")
    _ajukan(periode, d["pppk"], "sesuai", "sesuai", "baik")
    headers, _ = selectors.ekspor_siasn(periode=periode)
    assert "kuadranNilai" not in headers and "koefisenId" not in headers
    baris = _baris(periode)
    jf = baris[d["jf"].nip]
    assert (jf["tahun"], jf["pnsDinilaiId"], jf["KuadranKinerjaNilai"], jf["penilaiGolonganId"],
            jf["statusPenilai"]) == (2025, "8ae48283-0001", 1, "34", "ASN")
    assert baris[d["pppk"].nip]["pnsDinilaiId"] == ""  # not carried by the import: blank, not invented


def test_reassigned_evaluator_is_reported_with_their_golongan(d):
    periode = PeriodeFactory(instansi=d["inst"], jenis="bulanan")
    svc.periode_open(actor=d["hr"], periode=periode)
    plt = f.PegawaiFactory(instansi=d["inst"], nama="Plt Kabid", golongan="IV/b")
    svc.evaluasi_reassign(actor=d["hr"], evaluasi=Evaluasi.objects.get(periode=periode, pegawai=d["jf"]),
                          penilai=plt, alasan="Plt")
    _ajukan(periode, d["jf"], "sesuai", "sesuai", "baik")
    row = _baris(periode)[d["jf"].nip]
    assert (row["namaPenilai"], row["penilaiGolonganId"]) == ("Plt Kabid", "42")
