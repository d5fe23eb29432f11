"""The HR dashboard's headcounts, checked against data whose answer is known."""

import datetime

import pytest
from django.urls import reverse

from pembinaan import selectors
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_headcounts_by_every_dimension_with_sub_units_rolled_up(client):
    inst = f.InstansiFactory()
    dinas = f.UnitKerjaFactory(instansi=inst, nama="Dinas Kesehatan")
    puskesmas = f.UnitKerjaFactory(instansi=inst, nama="Puskesmas Rimbo Bujang", induk=dinas)
    bkpsdm = f.UnitKerjaFactory(instansi=inst, nama="BKPSDM")
    fungsional = f.JabatanFactory(instansi=inst, nama="Perawat Terampil", jenis="fungsional", jenjang="terampil")
    today = datetime.date(2026, 11, 26)
    born = {25: datetime.date(2001, 5, 1), 45: datetime.date(1981, 5, 1), 57: datetime.date(1969, 5, 1)}
    f.PegawaiFactory(instansi=inst, unit_kerja=puskesmas, jabatan=fungsional, tanggal_lahir=born[25],
                     tmt_cpns=datetime.date(2024, 3, 1))
    f.PegawaiFactory(instansi=inst, unit_kerja=dinas, golongan="IV/a", tanggal_lahir=born[45])
    f.PegawaiFactory(instansi=inst, unit_kerja=bkpsdm, golongan="IV/a", tanggal_lahir=born[57])
    f.PegawaiFactory(instansi=inst, unit_kerja=None, tanggal_lahir=born[45])
    f.PegawaiFactory(instansi=inst, unit_kerja=bkpsdm, status="pensiun")  # not counted
    f.PegawaiFactory(unit_kerja=None)  # another instansi: not counted
    d = selectors.dashboard(instansi=inst, today=today)
    assert d["total"] == 4 and d["tanpa_unit"] == 1
    assert d["unit"] == [("Dinas Kesehatan", 2, 50.0), ("BKPSDM", 1, 25.0)]
    assert d["jenis_asn"] == [("PNS", 4, 100.0)]
    assert d["golongan_pns"] == [("III/a", 2, 50.0), ("IV/a", 2, 50.0)]
    assert d["jabatan"] == [("Fungsional", 1, 25.0), ("Belum ada jabatan", 3, 75.0)]
    assert [(label, n) for label, n, _ in d["usia"]] == [("< 30", 1), ("30–39", 0), ("40–49", 2), ("50–55", 0),
                                                          ("≥ 56", 1)]
    client.force_login(f.hr_user(inst))
    page = client.get(reverse("dasbor")).content.decode()
    assert "Dinas Kesehatan" in page and "Puskesmas Rimbo Bujang" not in page


def test_dashboard_still_works_when_redis_is_down(client, settings):
    settings.DASBOR_CACHE_DETIK = 60
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0"}}  # nothing listens there
    inst = f.InstansiFactory()
    f.PegawaiFactory(instansi=inst)
    client.force_login(f.hr_user(inst))
    response = client.get(reverse("dasbor"))
    assert response.status_code == 200 and "1 ASN aktif" in response.content.decode()


def test_organisation_tree_links_to_the_unit_filter_with_plain_ids(client):
    """Indonesian number formatting writes 12345 as "12.345"; the link must carry the id as the filter reads it."""
    inst = f.InstansiFactory()
    unit = f.UnitKerjaFactory(instansi=inst, nama="Dinas Kesehatan", pk=12345)
    f.PegawaiFactory(instansi=inst, unit_kerja=unit, nama="Siti Di Dinkes")
    f.PegawaiFactory(instansi=inst, unit_kerja=f.UnitKerjaFactory(instansi=inst), nama="Budi Di Luar")
    client.force_login(f.hr_user(inst))
    page = client.get(reverse("organisasi")).content.decode()
    assert "?unit_kerja=12345" in page
    daftar = client.get(reverse("pegawai-list") + "?unit_kerja=12345").content.decode()  # the link, followed
    assert "Siti Di Dinkes" in daftar and "Budi Di Luar" not in daftar


def test_usia_dihitung_menurut_tanggal_jakarta(monkeypatch):
    """Without a given day the age bands use today's date in Asia/Jakarta: at 18:00 UTC on 31 December 2030 it is
    already 2031 there, so an employee born in 2001 is counted 30 ("30–39"), not 29."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: datetime.datetime(2030, 12, 31, 18, 0, tzinfo=datetime.UTC))
    inst = f.InstansiFactory()
    f.PegawaiFactory(instansi=inst, tanggal_lahir=datetime.date(2001, 6, 1))
    usia = {label: n for label, n, _ in selectors.dashboard(instansi=inst)["usia"]}
    assert usia["30–39"] == 1 and usia["< 30"] == 0
