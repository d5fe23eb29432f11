"""Printable attendance sheets for the SPJ and the participant list, and their XLSX exports (issue 9)."""

import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from pelatihan.models import Kehadiran
from tests import factories as f
from tests.pelatihan import factories as pf

pytestmark = pytest.mark.django_db


@pytest.fixture
def dunia():
    inst = f.InstansiFactory(kode="TEBO", nama="Pemerintah Kabupaten Tebo")
    program = pf.ProgramFactory(instansi=inst, judul="Pelayanan Prima")
    sesi = [pf.SesiFactory(program=program, tanggal=datetime.date(2026, 3, d), topik=f"Hari {d}") for d in (2, 3)]
    unit = f.UnitKerjaFactory(instansi=inst, nama="=HYPERLINK(\"http://contoh.invalid\",\"klik\")")
    pns = f.PegawaiFactory(instansi=inst, nama="Ani Lestari", unit_kerja=unit)
    lahir = datetime.date(1994, 5, 17)
    guru = f.PegawaiFactory(instansi=inst, nama="Budi Guru", jenis_asn="PPPK", golongan="IX", tanggal_lahir=lahir,
                            tmt_cpns=datetime.date(2022, 3, 1), nip=f.nip_pppk(lahir, 2022))
    a = pf.PesertaFactory(program=program, pegawai=pns)
    b = pf.PesertaFactory(program=program, pegawai=guru)
    pf.PesertaFactory(program=program, pegawai=f.PegawaiFactory(instansi=inst, nama="Citra Mundur"), status="mundur")
    Kehadiran.objects.create(peserta=a, sesi=sesi[0], status="hadir", cara="mandiri")
    Kehadiran.objects.create(peserta=b, sesi=sesi[0], status="izin", cara="panitia", alasan="Dinas luar")
    Kehadiran.objects.create(peserta=a, sesi=sesi[1], status="hadir", cara="mandiri")
    return {"inst": inst, "program": program, "sesi": sesi, "pns": pns, "guru": guru, "hr": f.hr_user(inst)}


def _url(d, nama, **q):
    return reverse(nama, args=[d["program"].pk]), q


def test_attendance_sheets_one_per_session_with_signature_column(client, dunia):
    d = dunia
    client.force_login(d["hr"])
    url, _ = _url(d, "pelatihan:kehadiran-daftar-program")
    response = client.get(url)
    html = response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert html.count('data-testid="lembar-sesi"') == 2 and "Hari 2" in html and "Hari 3" in html
    kolom = re.findall(r"<th[^>]*>([^<]*)</th>", html)
    assert kolom == ["No", "Nama", "NIP / NI PPPK", "Unit kerja", "Tanda tangan"] * 2
    assert f'<span class="small">NIP</span> {d["pns"].nip_tampil}' in html
    assert f'<span class="small">NI PPPK</span> {d["guru"].nip_tampil}' in html
    assert "Citra Mundur" not in html  # withdrawn: no line to sign
    one = client.get(url, {"sesi": d["sesi"][1].pk}).content.decode()
    assert one.count('data-testid="lembar-sesi"') == 1 and "Hari 3" in one
    other = pf.SesiFactory(program=pf.ProgramFactory(instansi=d["inst"]))
    assert client.get(url, {"sesi": other.pk}).status_code == 404
    assert client.get(url, {"sesi": "x"}).status_code == 400
    assert client.get(url, {"format": "pdf"}).status_code == 400


def test_attendance_xlsx_nips_as_text_statuses_per_session_formulas_neutralised(client, dunia):
    d = dunia
    client.force_login(d["hr"])
    url, _ = _url(d, "pelatihan:kehadiran-daftar-program")
    response = client.get(url, {"format": "xlsx"})
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith('attachment; filename="daftar-hadir-program-')
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:5] == ("No", "Nama", "NIP/NI PPPK", "Jenis nomor", "Unit kerja")
    assert rows[0][5].startswith("02-03-2026") and rows[0][-1] == "Jumlah hadir"
    by_name = {r[1]: r for r in rows[1:]}
    assert set(by_name) == {"Ani Lestari", "Budi Guru"}
    ani, budi = by_name["Ani Lestari"], by_name["Budi Guru"]
    assert (ani[2], ani[3], ani[5], ani[6], ani[7]) == (d["pns"].nip, "NIP", "Hadir", "Hadir", 2)
    assert (budi[2], budi[3], budi[5], budi[6], budi[7]) == (d["guru"].nip, "NI PPPK", "Izin", None, 0)
    nip_cells = [ws.cell(row=i, column=3) for i in range(2, ws.max_row + 1)]
    assert all(c.data_type == "s" for c in nip_cells)  # text, never a rounded number
    assert ani[4].startswith("'=HYPERLINK")  # a formula stays inert text


def test_participant_list_print_and_xlsx(client, dunia):
    d = dunia
    client.force_login(d["hr"])
    url, _ = _url(d, "pelatihan:peserta-daftar")
    page = client.get(url)
    html = page.content.decode()
    assert page["Cache-Control"] == "private, no-store"
    assert "Ani Lestari" in html and "Budi Guru" in html and "Citra Mundur" in html and "Mengundurkan diri" in html
    assert "2 peserta aktif dari 3 tercatat" in html
    xlsx = client.get(url, {"format": "xlsx"})
    assert xlsx["Cache-Control"] == "private, no-store"
    ws = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("No", "Nama", "NIP/NI PPPK", "Jenis nomor")
    assert {(r[1], r[2], r[3]) for r in rows[1:]} >= {("Ani Lestari", d["pns"].nip, "NIP"),
                                                       ("Budi Guru", d["guru"].nip, "NI PPPK")}
    assert all(ws.cell(row=i, column=3).data_type == "s" for i in range(2, ws.max_row + 1))


def test_lists_only_for_hr_of_the_instansi(client, dunia):
    d = dunia
    for user in (f.hr_user(f.InstansiFactory(kode="LAIN"), username="hr.lain"), f.pegawai_user(d["pns"])):
        client.force_login(user)
        for nama in ("pelatihan:peserta-daftar", "pelatihan:kehadiran-daftar-program"):
            url, _ = _url(d, nama)
            assert client.get(url).status_code == 404
            assert client.get(url, {"format": "xlsx"}).status_code == 404


def test_lists_keep_a_fixed_number_of_queries(client, dunia, django_assert_max_num_queries):
    d = dunia
    client.force_login(d["hr"])
    urls = [_url(d, "pelatihan:kehadiran-daftar-program")[0], _url(d, "pelatihan:peserta-daftar")[0]]
    counts = {}
    for url in urls:
        for fmt in ("cetak", "xlsx"):
            with django_assert_max_num_queries(20) as q:
                client.get(url, {"format": fmt})
            counts[url, fmt] = len(q.captured_queries)
    for _ in range(20):
        p = pf.PesertaFactory(program=d["program"], pegawai=f.PegawaiFactory(instansi=d["inst"]))
        Kehadiran.objects.create(peserta=p, sesi=d["sesi"][0], status="hadir", cara="mandiri")
    pf.SesiFactory(program=d["program"], tanggal=datetime.date(2026, 3, 4))
    for url in urls:
        for fmt in ("cetak", "xlsx"):
            with django_assert_max_num_queries(counts[url, fmt]):
                client.get(url, {"format": fmt})


def test_links_on_the_programme_and_attendance_pages_open_for_hr(client, dunia):
    """The print / export links as the pages write them, opened by the organiser they are shown to."""
    d = dunia
    client.force_login(d["hr"])
    detail = client.get(reverse("pelatihan:program-detail", args=[d["program"].pk])).content.decode()
    blok = detail[detail.index('data-testid="unduh-daftar"'):]
    blok = blok[:blok.index("</p>")]
    links = re.findall(r'href="([^"]+)"', blok)
    links += re.findall(r'href="([^"]*daftar-hadir/\?sesi=[^"]+)"', detail)
    panitia = client.get(reverse("pelatihan:kehadiran-panitia", args=[d["sesi"][0].pk])).content.decode()
    links += re.findall(r'href="([^"]*(?:daftar-hadir/\?sesi=|presensi/layar/)[^"]*)"', panitia)
    assert len(links) == 4 + 2 + 2
    for href in links:
        response = client.get(href.replace("&amp;", "&"))
        assert response.status_code == 200, href
        jenis = response["Content-Type"]
        assert jenis.startswith("text/html") or jenis.startswith("application/vnd.openxmlformats"), href
