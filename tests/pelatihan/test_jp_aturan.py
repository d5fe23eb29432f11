"""The JP rules per jenis ASN (docs/domain.md §4.1): PNS 20 JP target, PPPK no target and a 24 JP ceiling per
contract year from the TMT, HR's settings per instansi followed by every page, export and reminder."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from pelatihan import selectors
from pelatihan.models import AturanJP
from pelatihan.services import jp as ledger
from pelatihan.services import pengingat
from pembinaan.models import Notifikasi
from tests import factories as f
from tests.mentoring.factories import SesiMentoringFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def inst():
    return f.InstansiFactory(kode="KERINCI", nama="Pemerintah Kabupaten Kerinci")


@pytest.fixture
def hr(inst):
    return f.hr_user(inst)


def pns(inst, **kw):
    return f.PegawaiFactory(instansi=inst, **kw)


def pppk(inst, tmt=datetime.date(2023, 3, 15), **kw):
    lahir = kw.pop("tanggal_lahir", datetime.date(1991, 5, 5))
    return f.PegawaiFactory(instansi=inst, jenis_asn="PPPK", golongan="IX", tanggal_lahir=lahir, tmt_cpns=tmt,
                            nip=f.nip_pppk(lahir, tmt.year if tmt else 2023), **kw)


def kredit(pegawai, tanggal, jp):
    ledger.kredit_set(pegawai_id=pegawai.pk, tanggal=tanggal, jp=jp, keterangan="Bimtek",
                      sesi_mentoring_id=SesiMentoringFactory().pk)


def test_pppk_tanpa_target_tidak_tertinggal_tidak_diingatkan_dan_tidak_kurang(client, inst):
    budi, sari = pns(inst, nama="Budi PNS"), pppk(inst, nama="Sari PPPK")
    atasan = pns(inst, nama="Kepala")
    for p in (budi, sari, atasan):
        f.pegawai_user(p)
    budi.atasan = sari.atasan = atasan
    budi.save()
    sari.save()
    kredit(atasan, datetime.date(2026, 2, 1), 20)
    qs, _ = selectors.pegawai_tertinggal(instansi=inst, tahun=2026, today=datetime.date(2026, 7, 1))
    assert list(qs) == [budi]
    pengingat.pengingat_jp(today=datetime.date(2026, 7, 1))
    assert set(Notifikasi.objects.filter(jenis="pengingat_jp").values_list("penerima__username", flat=True)) == {
        budi.nip}
    ringkasan = Notifikasi.objects.get(jenis="ringkasan_jp_atasan")
    assert "Budi PNS" in ringkasan.isi and "Sari PPPK" not in ringkasan.isi

    client.force_login(sari.user)
    page = client.get(reverse("pelatihan:jp-saya") + "?tahun=2026").content.decode()
    assert "kurang" not in page and "Tidak ada target JP minimal untuk PPPK" in page
    assert "paling banyak <strong>24 JP</strong> per tahun perjanjian kerja" in page
    client.force_login(budi.user)
    page = client.get(reverse("pelatihan:jp-saya") + "?tahun=2026").content.decode()
    assert "Masih kurang <strong>20 JP</strong> untuk target PNS minimal 20 JP" in page


def test_capaian_unit_menghitung_persen_hanya_dari_yang_bertarget(inst):
    unit = f.UnitKerjaFactory(instansi=inst, nama="Dinas Pendidikan")
    a, b = pns(inst, unit_kerja=unit), pns(inst, unit_kerja=unit)
    guru = pppk(inst, unit_kerja=unit)
    kredit(a, datetime.date(2026, 2, 1), 20)
    kredit(b, datetime.date(2026, 2, 1), 4)
    kredit(guru, datetime.date(2026, 2, 1), 12)
    rows, ringkas = selectors.capaian_unit(instansi=inst, tahun=2026, today=datetime.date(2026, 6, 30))
    row = next(r for r in rows if r["unit"] == "Dinas Pendidikan")
    assert (row["pegawai"], row["bertarget"]) == (3, 2)
    assert row["persen_capai"] == 50.0  # a of (a, b); the PPPK has no target
    assert row["rata_jp"] == 12.0  # everyone's JP: (20 + 4 + 12) / 3
    assert row["persen_sesuai_laju"] == 50.0  # pace in June: 10 JP
    assert ringkas["persen_capai"] == 50.0 and "PPPK" in ringkas["aturan"]


def test_pengaturan_hr_diikuti_semua_halaman(client, inst, hr):
    budi, sari = pns(inst, nama="Budi PNS"), pppk(inst, nama="Sari PPPK")
    kredit(budi, datetime.date(2025, 5, 1), 12)
    client.force_login(hr)
    url = reverse("pelatihan:aturan-jp-set")
    data = {f"{k}_{j}": "" for k in ("target", "batas") for j in ("PNS", "CPNS", "PPPK", "PPPK_PW")}
    # A ceiling below the target is refused with the field named; what was typed stays.
    r = client.post(url, data | {"target_PPPK": "20", "batas_PPPK": "12"})
    html = r.content.decode()
    assert r.status_code == 200 and "Batas PPPK (12 JP) tidak boleh di bawah targetnya (20 JP)." in html
    assert 'name="batas_PPPK" id="id_batas_PPPK" value="12"' in html
    assert not AturanJP.objects.exists()
    # Some regions monitor 20 JP for every ASN; this one also lowers the PNS target to 10.
    r = client.post(url, data | {"target_PNS": "10", "target_CPNS": "10", "target_PPPK": "20", "batas_PPPK": "24"})
    assert r.status_code == 302
    assert selectors.aturan_jp(instansi_id=inst.pk)["PPPK"] == (20, 24)
    assert selectors.aturan_jp(instansi_id=inst.pk)["PNS"] == (10, None)

    rows, ringkas = selectors.capaian_unit(instansi=inst, tahun=2025)
    assert ringkas["bertarget"] == 2 and ringkas["persen_capai"] == 50.0  # Budi 12 ≥ 10, Sari 0 < 20
    qs, _ = selectors.pegawai_tertinggal(instansi=inst, tahun=2025)
    assert list(qs) == [sari]
    xlsx = client.get(reverse("pelatihan:jp-tertinggal") + "?tahun=2025&format=xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(xlsx.content), read_only=True).active
    baris = list(ws.values)
    assert [r[1] for r in baris[1:]] == [sari.nama_lengkap]
    kolom = baris[0]
    assert baris[1][kolom.index("TARGET JP")] == 20 and baris[1][kolom.index("JENIS ASN")] == "PPPK"
    page = client.get(reverse("pelatihan:jp-pegawai", args=[budi.pk]) + "?tahun=2025").content.decode()
    assert "Target 10 JP tahun ini sudah tercapai." in page
    page = client.get(reverse("pelatihan:jp-pegawai", args=[sari.pk]) + "?tahun=2025").content.decode()
    assert "Masih kurang <strong>20 JP</strong> untuk target PPPK minimal 20 JP" in page
    # The page shows the current values.
    assert 'name="target_PPPK" id="id_target_PPPK" value="20"' in client.get(url).content.decode()


def test_pengaturan_hanya_untuk_hr_instansinya(client, inst, hr):
    lain = f.InstansiFactory()
    client.force_login(f.hr_user(lain))
    data = {"target_PPPK": "20"}
    assert client.post(reverse("pelatihan:aturan-jp-set"), data).status_code == 302
    assert selectors.aturan_jp(instansi_id=inst.pk)["PPPK"] == (None, 24)
    assert selectors.aturan_jp(instansi_id=lain.pk)["PPPK"] == (20, None)
    pegawai = pns(inst)
    client.force_login(f.pegawai_user(pegawai))
    assert client.get(reverse("pelatihan:aturan-jp-set")).status_code == 404
    assert client.post(reverse("pelatihan:aturan-jp-set"), data).status_code == 404


def test_batas_pppk_dihitung_per_tahun_kontrak_dari_tmt(inst):
    sari = pppk(inst, tmt=datetime.date(2023, 3, 15))
    kredit(sari, datetime.date(2025, 12, 1), 12)
    kredit(sari, datetime.date(2026, 2, 10), 15)
    kredit(sari, datetime.date(2026, 4, 10), 15)
    # In May 2026 the contract year is 15-03-2026 .. 14-03-2027: only April's 15 JP count.
    d = selectors.jp_pegawai(pegawai=sari, tahun=2026, today=datetime.date(2026, 5, 1))
    assert d["total"] == 30  # the calendar year still shows everything credited in 2026
    assert (d["kontrak_mulai"], d["kontrak_akhir"]) == (datetime.date(2026, 3, 15), datetime.date(2027, 3, 14))
    assert d["jp_batas"] == 15 and not d["melebihi_batas"]
    # In March before the anniversary the contract year is 15-03-2025 .. 14-03-2026: December and February.
    d = selectors.jp_pegawai(pegawai=sari, tahun=2026, today=datetime.date(2026, 3, 14))
    assert (d["kontrak_mulai"], d["kontrak_akhir"]) == (datetime.date(2025, 3, 15), datetime.date(2026, 3, 14))
    assert d["jp_batas"] == 27 and d["melebihi_batas"]
    # A PNS has no ceiling.
    budi = pns(inst)
    kredit(budi, datetime.date(2026, 4, 10), 40)
    assert not selectors.jp_pegawai(pegawai=budi, tahun=2026, today=datetime.date(2026, 5, 1))["melebihi_batas"]


def test_halaman_jp_pppk_menampilkan_tanggal_tahun_kontrak(client, inst):
    from django.utils import timezone

    today = timezone.localdate()
    tmt = datetime.date(today.year - 2, today.month, 1)
    sari = pppk(inst, tmt=tmt)
    kredit(sari, today, 30)
    client.force_login(f.pegawai_user(sari))
    page = client.get(reverse("pelatihan:jp-saya")).content.decode()
    mulai = datetime.date(today.year, today.month, 1)
    akhir = selectors.tahun_kontrak(tmt, today)[1]
    assert f"{mulai:%d-%m-%Y} s.d. {akhir:%d-%m-%Y}" in page
    assert 'data-testid="melebihi-batas"' in page


def test_tmt_29_februari():
    mulai, akhir = selectors.tahun_kontrak(datetime.date(2024, 2, 29), datetime.date(2025, 6, 1))
    assert (mulai, akhir) == (datetime.date(2025, 2, 28), datetime.date(2026, 2, 27))


def test_cetakan_jp_memuat_nama_nip_dan_tahun(client, inst):
    sari = pppk(inst, nama="Sari Wulandari")
    budi = pns(inst, nama="Budi Santoso")
    for p, label in ((sari, "NI PPPK"), (budi, "NIP")):
        client.force_login(f.pegawai_user(p))
        page = client.get(reverse("pelatihan:jp-saya") + "?tahun=2025").content.decode()
        blok = page[page.index('data-testid="identitas-cetak"'):]
        blok = blok[:blok.index("</table>")]
        assert "Sari Wulandari" in blok if p is sari else "Budi Santoso" in blok
        assert f"<th class=\"ps-0 pe-3\">{label}</th><td class=\"nip\">{p.nip_tampil}</td>" in blok
        assert "tahun 2025" in blok and "<td>2025</td>" in blok


@pytest.mark.parametrize("tahun", ["-1", "10000", "99999999999999999999999", "x"])
@pytest.mark.parametrize("nama", ["jp-saya", "jp-pegawai", "jp-unit", "jp-tertinggal"])
def test_tahun_sampah_400_bukan_500(client, inst, hr, nama, tahun):
    pegawai = pns(inst)
    if nama == "jp-saya":
        client.force_login(f.pegawai_user(pegawai))
        url = reverse("pelatihan:jp-saya")
    else:
        client.force_login(hr)
        url = reverse(f"pelatihan:{nama}", args=[pegawai.pk] if nama == "jp-pegawai" else [])
    assert client.get(url + f"?tahun={tahun}").status_code == 400
    assert client.get(url + "?tahun=2025").status_code == 200


@pytest.mark.parametrize("query", ["unit=abc", "unit=99999999999999999999999", "halaman=x", "format=pdf"])
def test_parameter_tertinggal_sampah_400(client, hr, query):
    client.force_login(hr)
    assert client.get(reverse("pelatihan:jp-tertinggal") + f"?{query}").status_code == 400


def test_jumlah_query_tetap(client, inst, hr, django_assert_max_num_queries):
    def isi(n):
        unit = f.UnitKerjaFactory(instansi=inst)
        for i in range(n):
            p = pns(inst, unit_kerja=unit) if i % 2 else pppk(inst, unit_kerja=unit, tanggal_lahir=datetime.date(
                1980 + i % 20, 1 + i % 12, 1 + i % 28))
            kredit(p, datetime.date(2025, 3, 1), i % 7)

    client.force_login(hr)
    urls = [reverse("pelatihan:jp-unit") + "?tahun=2025", reverse("pelatihan:jp-tertinggal") + "?tahun=2025"]
    isi(2)
    hitung = {}
    for url in urls:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        hitung[url] = len(ctx.captured_queries)
    isi(20)
    for url in urls:
        with django_assert_max_num_queries(hitung[url]):
            assert client.get(url).status_code == 200


def test_panel_dasbor_mengikuti_aturan(client, inst, hr, settings):
    from django.utils import timezone

    settings.DASBOR_CACHE_DETIK = 0
    tahun = timezone.localdate().year
    unit = f.UnitKerjaFactory(instansi=inst)
    for i in range(5):  # five of each in one unit: the dashboard shows no percentage of a base below 5 (issue 12)
        kredit(pns(inst, unit_kerja=unit), datetime.date(tahun, 1, 5), 20)
        pppk(inst, unit_kerja=unit, tanggal_lahir=datetime.date(1991, 5, 5 + i))  # no JP, no target: not counted
    client.force_login(hr)

    def persen_capai():
        html = client.get(reverse("dasbor")).content.decode()
        panel = html[html.index('data-testid="panel-jp"'):]
        return panel.split(" %</div>")[0].rsplit(">", 1)[1], panel[:panel.index("</ul>")]

    angka, panel = persen_capai()
    assert angka in ("100,0", "100.0") and "tanpa target: PPPK" in panel
    # A 20 JP target for PPPK too: they now count, half of those with a target reached it.
    AturanJP.objects.create(instansi=inst, jenis_asn="PPPK", target=20, batas=24)
    angka, panel = persen_capai()
    assert angka in ("50,0", "50.0") and "PPPK 20 JP" in panel
