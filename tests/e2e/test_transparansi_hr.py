"""HR builds a transparency snapshot (a real Celery job), sees the preview, publishes it; an HR account without the
publish permission previews but gets 404 on publish (issue 12 part B)."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from pembinaan.access import GRUP_PENERBIT_TRANSPARANSI
from pembinaan.models import SnapshotTransparansi
from tests.e2e.conftest import login, screenshot
from tests.factories import PASSWORD, PegawaiFactory, UnitKerjaFactory, hr_user


@pytest.fixture
def dunia(instansi, hr):
    importlib.import_module("pembinaan.migrations.0007_grup_penerbit_transparansi").seed(apps, None)
    hr.groups.add(Group.objects.get(name=GRUP_PENERBIT_TRANSPARANSI))
    dinas = UnitKerjaFactory(instansi=instansi, nama="Dinas Pendidikan")
    for i in range(12):
        PegawaiFactory(instansi=instansi, unit_kerja=dinas, jenis_kelamin="L" if i % 2 else "P")
    return hr_user(instansi, "hr.tanpa.izin")


def test_hr_membangun_meninjau_dan_menerbitkan(page, new_page, live_server, hr, dunia, celery_worker_real):
    login(page, live_server, hr.username, PASSWORD)
    page.get_by_role("link", name="Transparansi").click()
    expect(page.get_by_test_id("peringatan-transparansi")).to_contain_text("Belum ada snapshot yang diterbitkan")
    page.get_by_role("button", name="Bangun snapshot").click()
    # The job runs in the real worker; the page polls until the preview replaces the progress bar.
    pratinjau = page.get_by_test_id("pratinjau")
    expect(pratinjau).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("sel-pratinjau")).to_contain_text("Dinas Pendidikan")
    screenshot(page, "transparansi-hr-pratinjau")
    snap = SnapshotTransparansi.objects.get(instansi__kode="TEBO")
    assert snap.status == "dibangun"

    # Another HR account of the instansi, without the publish permission: the preview, no button, 404 on publish.
    lain = new_page()
    login(lain, live_server, dunia.username, PASSWORD)
    lain.goto(f"{live_server.url}/kelola-transparansi/{snap.pk}/")
    expect(lain.get_by_test_id("pratinjau")).to_contain_text("tidak memiliki izin menerbitkan")
    expect(lain.get_by_role("button", name="Terbitkan")).to_have_count(0)
    csrf = next(c["value"] for c in lain.context.cookies() if c["name"] == "csrftoken")
    resp = lain.request.post(f"{live_server.url}/kelola-transparansi/{snap.pk}/terbitkan/",
                             headers={"X-CSRFToken": csrf, "Referer": lain.url})
    assert resp.status == 404
    snap.refresh_from_db()
    assert snap.status == "dibangun"

    page.get_by_role("button", name="Terbitkan").click()
    expect(page.get_by_test_id("terbit")).to_contain_text("Snapshot yang terbit tidak dapat diubah")
    screenshot(page, "transparansi-hr-terbit")
    snap.refresh_from_db()
    assert snap.status == "diterbitkan" and snap.diterbitkan_oleh == hr
    with page.expect_navigation():
        page.get_by_role("link", name="Buka halaman publik").click()
    assert f"/transparansi/TEBO/?tanggal={snap.tanggal:%Y-%m-%d}" in page.url
    expect(page.locator("body")).to_contain_text("Dinas Pendidikan")
    page.go_back()
    page.get_by_role("link", name="Semua snapshot").click()
    expect(page.get_by_test_id("peringatan-transparansi")).to_have_count(0)
    expect(page.get_by_test_id("daftar-snapshot")).to_contain_text("Diterbitkan")
