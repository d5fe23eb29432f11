"""HR downloads one unit's employee list as XLSX from the list page (issue 14 §2: the export now writes its sheet
itself): the file opens, the unit's PNS and PPPK rows only, NIP as text, a formula-looking name made inert."""

import datetime

import openpyxl

from tests.e2e.conftest import login
from tests.factories import PASSWORD, PegawaiFactory, UnitKerjaFactory, nip_pns, nip_pppk


def test_hr_mengunduh_xlsx_satu_unit(page, live_server, instansi, hr, tmp_path):
    unit = UnitKerjaFactory(instansi=instansi, nama="Bidang Mutasi")
    lain = UnitKerjaFactory(instansi=instansi, nama="Bidang Lain")
    lahir, tmt = datetime.date(1986, 9, 26), datetime.date(2015, 5, 1)
    pns = PegawaiFactory(instansi=instansi, unit_kerja=unit, nama="=1+1 Budi", tanggal_lahir=lahir, tmt_cpns=tmt,
                         nip=nip_pns(lahir, tmt, "L", 1))
    pppk = PegawaiFactory(instansi=instansi, unit_kerja=unit, nama="Sari PPPK", jenis_asn="PPPK", golongan="IX",
                          tanggal_lahir=lahir, tmt_cpns=datetime.date(2022, 3, 1), nip=nip_pppk(lahir, 2022, "P", 2))
    PegawaiFactory(instansi=instansi, unit_kerja=lain, nama="Di Unit Lain")
    login(page, live_server, hr.username, PASSWORD)

    page.goto(f"{live_server.url}/pegawai/?unit_kerja={unit.pk}")
    with page.expect_download() as unduh:
        page.get_by_role("link", name="Ekspor XLSX").click()
    berkas = tmp_path / unduh.value.suggested_filename
    unduh.value.save_as(berkas)
    assert berkas.suffix == ".xlsx"
    ws = openpyxl.load_workbook(berkas).active
    header = [c.value for c in ws[1]]
    assert header[:3] == ["PNS ID", "NIP BARU", "NAMA"]
    rows = {r[1].value: r for r in ws.iter_rows(min_row=2)}
    assert set(rows) == {pns.nip, pppk.nip}
    for r in rows.values():
        assert r[1].data_type == "s" and r[1].number_format == "@"
    assert rows[pns.nip][2].value == "'=1+1 Budi"
    jenis = header.index("JENIS PEGAWAI NAMA")
    assert (rows[pns.nip][jenis].value, rows[pppk.nip][jenis].value) == ("PNS", "PPPK")
