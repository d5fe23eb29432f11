"""Employees see their own record; supervisors see their staff (direct and indirect) and nobody else."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login, screenshot
from tests.factories import PASSWORD, PegawaiFactory, UnitKerjaFactory, nip_pns, pegawai_user


def pegawai(instansi, unit, nama, lahir, tmt, jk="L", urutan=1, **kwargs):
    return PegawaiFactory(instansi=instansi, unit_kerja=unit, nama=nama, jenis_kelamin=jk, tanggal_lahir=lahir,
                          tmt_cpns=tmt, nip=nip_pns(lahir, tmt, jk, urutan), **kwargs)


@pytest.fixture
def organisasi(instansi):
    """Kepala Dinas ← Kepala Bidang ← Kepala Seksi ← Staf Seksi; plus a peer and a teacher in another unit."""
    dinkes = UnitKerjaFactory(instansi=instansi, nama="Dinas Kesehatan")
    disdik = UnitKerjaFactory(instansi=instansi, nama="Dinas Pendidikan")
    d = datetime.date
    kepala = pegawai(instansi, dinkes, "Sutrisno Kepala", d(1970, 4, 2), d(1995, 3, 1))
    kabid = pegawai(instansi, dinkes, "Yuliana Kabid", d(1978, 8, 17), d(2003, 2, 1), jk="P", atasan=kepala)
    kasi = pegawai(instansi, dinkes, "Bambang Kasi", d(1983, 1, 9), d(2009, 1, 1), atasan=kabid)
    staf = pegawai(instansi, dinkes, "Nur Aini Staf", d(1990, 6, 30), d(2019, 3, 1), jk="P", atasan=kasi)
    rekan = pegawai(instansi, dinkes, "Rekan Sejawat", d(1980, 11, 11), d(2005, 4, 1), atasan=kepala)
    guru = pegawai(instansi, disdik, "Guru Dinas Lain", d(1985, 5, 5), d(2010, 3, 1))
    return {"kepala": kepala, "kabid": kabid, "kasi": kasi, "staf": staf, "rekan": rekan, "guru": guru}


def test_pegawai_masuk_dengan_nip_berspasi_dan_hanya_melihat_dirinya(page, live_server, organisasi):
    staf, kasi = organisasi["staf"], organisasi["kasi"]
    pegawai_user(staf)
    nip_berspasi = f"{staf.nip[:8]} {staf.nip[8:14]} {staf.nip[14]} {staf.nip[15:]}"

    login(page, live_server, nip_berspasi, PASSWORD)

    assert page.url == f"{live_server.url}/"  # the home; their record is one tap away
    page.get_by_role("link", name="Data saya").click()
    expect(page).to_have_url(f"{live_server.url}/pegawai/{staf.pk}/")
    expect(page.get_by_role("heading", name="Nur Aini Staf")).to_be_visible()
    expect(page.get_by_test_id("nip")).to_have_text(nip_berspasi)
    expect(page.get_by_role("link", name="Profil saya", include_hidden=True)).to_be_attached()
    expect(page.get_by_role("link", name="Bawahan saya", include_hidden=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Ubah data")).to_have_count(0)

    # Their own supervisor's record, and the list, are not theirs to see: 404 as if they did not exist.
    response = page.goto(f"/pegawai/{kasi.pk}/")
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("Bambang Kasi")
    screenshot(page, "akses-404")
    assert page.goto("/pegawai/").status == 404


def test_atasan_melihat_bawahan_langsung_dan_tidak_langsung_saja(page, live_server, organisasi):
    o = organisasi
    pegawai_user(o["kabid"])

    login(page, live_server, o["kabid"].nip, PASSWORD)
    page.get_by_role("link", name="Data saya").click()  # from the home
    expect(page.get_by_role("heading", name="Yuliana Kabid")).to_be_visible()
    expect(page.get_by_test_id("bawahan")).to_have_text("Bambang Kasi")  # direct reports on the profile

    page.get_by_role("link", name="Bawahan saya").click()
    expect(page.get_by_role("heading", name="Bawahan saya")).to_be_visible()
    names = page.locator("table tbody tr td:first-child a")
    expect(names).not_to_have_count(0)
    listed = set(names.all_inner_texts())
    assert {"Bambang Kasi", "Nur Aini Staf"} <= listed
    assert not listed & {"Sutrisno Kepala", "Rekan Sejawat", "Guru Dinas Lain"}, listed

    # An indirect subordinate opens; anyone else is a 404.
    page.get_by_role("link", name="Nur Aini Staf").click()
    expect(page.get_by_role("heading", name="Nur Aini Staf")).to_be_visible()
    expect(page.get_by_role("link", name="Ubah data")).to_have_count(0)  # read-only for a supervisor
    for orang in ("kepala", "rekan", "guru"):
        response = page.goto(f"/pegawai/{o[orang].pk}/")
        assert response.status == 404, orang
        expect(page.locator("body")).not_to_contain_text(o[orang].nama)


def test_daftar_bawahan_saya_tidak_memuat_diri_sendiri(page, live_server, organisasi):
    o = organisasi
    pegawai_user(o["kabid"])
    login(page, live_server, o["kabid"].nip, PASSWORD)
    page.goto("/pegawai/")
    expect(page.get_by_role("heading", name="Bawahan saya")).to_be_visible()
    # The page is fully loaded: plain asserts, so the known failure does not wait out a timeout.
    assert page.locator("table tbody tr td:first-child a").all_inner_texts() == ["Bambang Kasi", "Nur Aini Staf"]
    assert page.get_by_text("2 pegawai", exact=True).is_visible()
