"""Adding participants as HR and supervisors do it (issue 9): search by name or NIP with suggestions, a unit's
people as checkboxes, a pasted list of NIPs / NI PPPK. Partial on purpose: whoever can be added is added in one
go through the nomination service (quota, waiting list, notification); each refused number is named and put
back into the paste box."""

import datetime

import pytest
from django.urls import reverse

from pelatihan.models import Peserta
from pembinaan.models import Notifikasi
from tests import factories as f
from tests.pelatihan import factories as pf

pytestmark = pytest.mark.django_db


def pppk(inst, **kw):
    lahir = kw.pop("tanggal_lahir", datetime.date(1994, 5, 17))
    return f.PegawaiFactory(instansi=inst, jenis_asn="PPPK", golongan="IX", tanggal_lahir=lahir,
                            tmt_cpns=datetime.date(2022, 3, 1), nip=f.nip_pppk(lahir, 2022), **kw)


@pytest.fixture
def dunia():
    inst = f.InstansiFactory(kode="TEBO", nama="Pemerintah Kabupaten Tebo")
    lain = f.InstansiFactory(kode="MRG", nama="Pemerintah Kabupaten Merangin")
    unit = f.UnitKerjaFactory(instansi=inst, nama="Dinas Kesehatan")
    atasan = f.PegawaiFactory(instansi=inst, nama="Hendra Kusuma", unit_kerja=unit)
    staf = f.PegawaiFactory(instansi=inst, nama="Sari Wulandari", atasan=atasan, unit_kerja=unit)
    guru = pppk(inst, nama="Sarah Pratiwi", atasan=atasan, unit_kerja=unit)
    bukan_staf = f.PegawaiFactory(instansi=inst, nama="Sarmini Lubis", unit_kerja=unit)
    luar = f.PegawaiFactory(instansi=lain, nama="Sartika Merangin")
    program = pf.ProgramFactory(instansi=inst, judul="Pelayanan Prima", kuota=3)
    return {"inst": inst, "unit": unit, "atasan": atasan, "staf": staf, "guru": guru, "bukan_staf": bukan_staf,
            "luar": luar, "program": program, "hr": f.hr_user(inst), "u_atasan": f.pegawai_user(atasan)}


def _cari(client, d, q, **lain):
    return client.get(reverse("pelatihan:peserta-search", args=[d["program"].pk]), {"q": q, **lain})


def test_hr_finds_by_name_or_nip_within_the_instansi_only(client, dunia):
    d = dunia
    pf.PesertaFactory(program=d["program"], pegawai=d["staf"])
    client.force_login(d["hr"])
    html = _cari(client, d, "sar").content.decode()
    assert "Sari Wulandari" in html and "Sarah Pratiwi" in html and "Sarmini Lubis" in html
    assert "Sartika Merangin" not in html  # another instansi
    assert "Terdaftar" in html  # Sari is already in: no pick button for her
    assert html.count("data-pilih=") == 2
    # PPPK numbers are labelled NI PPPK, PNS numbers NIP.
    assert f"NI PPPK <span class=\"nip\">{d['guru'].nip_tampil}</span>" in html
    assert f"NIP <span class=\"nip\">{d['bukan_staf'].nip_tampil}</span>" in html
    # By the first digits of the NIP (spaces as typed from a printed list are fine).
    nip = d["guru"].nip
    html = _cari(client, d, f"{nip[:8]} {nip[8:12]}").content.decode()
    assert "Sarah Pratiwi" in html and "Sarmini Lubis" not in html
    assert "Sartika" not in _cari(client, d, d["luar"].nip).content.decode()


def test_atasan_finds_only_their_own_staff(client, dunia):
    d = dunia
    client.force_login(d["u_atasan"])
    html = _cari(client, d, "sar").content.decode()
    assert "Sari Wulandari" in html and "Sarah Pratiwi" in html
    assert "Sarmini Lubis" not in html and "Sartika" not in html
    # An employee who is nobody's atasan gets no search at all.
    client.force_login(f.pegawai_user(d["bukan_staf"]))
    assert _cari(client, d, "sar").status_code == 404


def test_search_and_unit_list_keep_a_fixed_number_of_queries(client, dunia, django_assert_max_num_queries):
    d = dunia
    client.force_login(d["hr"])
    url_unit = reverse("pelatihan:peserta-unit", args=[d["program"].pk])
    with django_assert_max_num_queries(12):
        small = _cari(client, d, "sar")
    with django_assert_max_num_queries(12):
        client.get(url_unit, {"unit": d["unit"].pk})
    for i in range(25):
        pf.PesertaFactory(program=d["program"], pegawai=f.PegawaiFactory(instansi=d["inst"], nama=f"Sar Tambahan {i}",
                                                                         unit_kerja=d["unit"]))
    with django_assert_max_num_queries(12):
        big = _cari(client, d, "sar")
    with django_assert_max_num_queries(12):
        unit = client.get(url_unit, {"unit": d["unit"].pk})
    assert big.content.decode().count("<li") == 10 > small.content.decode().count("<li")  # at most ten shown
    assert unit.content.decode().count('name="pegawai"') == 29


def test_unit_list_offers_its_people_with_select_all(client, dunia):
    d = dunia
    pf.PesertaFactory(program=d["program"], pegawai=d["staf"])
    client.force_login(d["hr"])
    page = client.get(reverse("pelatihan:program-detail", args=[d["program"].pk])).content.decode()
    assert f'<option value="{d["unit"].pk}">Dinas Kesehatan</option>' in page
    url = reverse("pelatihan:peserta-unit", args=[d["program"].pk])
    html = client.get(url, {"unit": d["unit"].pk}).content.decode()
    assert "Pilih semua (4)" in html and "data-pilih-semua" in html
    assert f'value="{d["staf"].pk}" id="unit-pegawai-{d["staf"].pk}" disabled' in html  # already registered
    assert "Sartika" not in html
    client.force_login(d["u_atasan"])
    html = client.get(url, {"unit": d["unit"].pk}).content.decode()
    assert "Sari Wulandari" in html and "Sarmini" not in html and "Hendra" not in html
    assert client.get(url, {"unit": "x"}).status_code == 400
    assert _cari(client, d, "sar", untuk="semua").status_code == 400


def test_picked_people_are_added_in_one_go_through_the_nomination_rules(client, dunia):
    d = dunia
    d["staf"].user = None
    f.pegawai_user(d["guru"])
    client.force_login(d["hr"])
    ids = [d["staf"].pk, d["guru"].pk, d["bukan_staf"].pk, d["atasan"].pk]
    response = client.post(reverse("pelatihan:peserta-add-many", args=[d["program"].pk]), {"pegawai": ids})
    assert response.status_code == 302
    status = dict(Peserta.objects.filter(program=d["program"]).values_list("pegawai_id", "status"))
    assert status == {d["staf"].pk: "terdaftar", d["guru"].pk: "terdaftar", d["bukan_staf"].pk: "terdaftar",
                      d["atasan"].pk: "daftar_tunggu"}  # quota 3: the fourth waits
    assert Notifikasi.objects.filter(penerima=d["guru"].user, jenis="nominasi_pelatihan").count() == 1
    page = client.get(response.url).content.decode()
    assert "4 peserta ditambahkan (1 di antaranya masuk daftar tunggu karena kuota penuh)." in page


def test_pasted_list_adds_the_rest_and_names_each_refused_number(client, dunia):
    d = dunia
    pf.PesertaFactory(program=d["program"], pegawai=d["bukan_staf"])
    client.force_login(d["hr"])
    asing = "199001012015031999"  # nobody
    teks = (f"{d['staf'].nip}, {d['guru'].nip[:8]} {d['guru'].nip[8:]}\n{d['bukan_staf'].nip};{d['luar'].nip}\n"
            f"{asing} 12345 {d['staf'].nip}")
    response = client.post(reverse("pelatihan:peserta-add-many", args=[d["program"].pk]), {"daftar_nip": teks})
    added = set(Peserta.objects.filter(program=d["program"]).values_list("pegawai_id", flat=True))
    assert added == {d["staf"].pk, d["guru"].pk, d["bukan_staf"].pk}  # PNS and PPPK alike; the duplicate once
    html = client.get(response.url).content.decode()
    assert "2 peserta ditambahkan." in html
    assert f"{asing}: tidak ditemukan di antara pegawai aktif yang dapat Anda usulkan" in html
    assert f"{d['luar'].nip}: tidak ditemukan" in html  # another instansi: the same words as unknown
    assert "12345: bukan NIP / NI PPPK (harus 18 angka)" in html
    assert f"{d['bukan_staf'].nip} (Sarmini Lubis): Sarmini Lubis sudah terdaftar di program ini" in html
    assert "Sartika" not in html
    # The refused numbers are back in the paste box, for correction; once only.
    kotak = html[html.index('name="daftar_nip"'):]
    kotak = kotak[:kotak.index("</textarea>")]
    assert asing in kotak and "12345" in kotak and d["luar"].nip in kotak and d["staf"].nip not in kotak
    again = client.get(response.url).content.decode()
    assert asing not in again


def test_atasan_paste_adds_their_staff_only(client, dunia):
    d = dunia
    client.force_login(d["u_atasan"])
    client.post(reverse("pelatihan:peserta-add-many", args=[d["program"].pk]),
                {"daftar_nip": f"{d['staf'].nip}\n{d['bukan_staf'].nip}"})
    peserta = Peserta.objects.get(program=d["program"])
    assert (peserta.pegawai, peserta.sumber) == (d["staf"], "atasan")


def test_garbage_ids_are_refused_with_a_message_not_an_error(client, dunia):
    d = dunia
    client.force_login(d["hr"])
    url = reverse("pelatihan:peserta-add-many", args=[d["program"].pk])
    for body in ({"pegawai": "abc"}, {"pegawai": "99999999999999999999999"}, {}):
        page = client.post(url, body, follow=True)
        assert page.status_code == 200 and 'class="alert alert-danger"' in page.content.decode()
    page = client.post(url, {"pegawai": [d["luar"].pk]}, follow=True).content.decode()
    assert "1 pegawai terpilih tidak dapat Anda usulkan" in page and "Sartika" not in page
    assert not Peserta.objects.exists()
