"""Every page renders for the roles that use it (a smoke net under the detailed tests)."""

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    inst = f.InstansiFactory(kode="TEBO", nama="Pemerintah Kabupaten Tebo")
    unit = f.UnitKerjaFactory(instansi=inst, nama="Dinas Kesehatan")
    kepala = f.PegawaiFactory(instansi=inst, unit_kerja=unit, nama="Kepala Dinas")
    staf = f.PegawaiFactory(instansi=inst, unit_kerja=unit, atasan=kepala, nama="Staf Satu")
    return inst, unit, kepala, staf


def test_hr_pages_render(client, data):
    inst, unit, kepala, staf = data
    client.force_login(f.hr_user(inst))
    for url in [reverse("dasbor"), reverse("organisasi"), reverse("pegawai-list"), reverse("pegawai-create"),
                reverse("pegawai-detail", args=[staf.pk]), reverse("pegawai-edit", args=[staf.pk]),
                reverse("pegawai-atasan", args=[staf.pk]), reverse("impor-upload"), reverse("akun-unit"),
                reverse("notifikasi"), reverse("outbox-gagal"), reverse("pegawai-list") + "?q=Staf&urut=-golongan"]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Staf Satu" in client.get(reverse("pegawai-list")).content.decode()
    assert client.get(reverse("impor-template")).status_code == 200
    assert client.get(reverse("pegawai-export", args=["xlsx"])).status_code == 200
    assert client.get(reverse("pegawai-export", args=["csv"])).status_code == 200


def test_employee_sees_own_profile_only(client, data):
    inst, unit, kepala, staf = data
    client.force_login(f.pegawai_user(staf))
    response = client.get(reverse("beranda"), follow=True)
    assert "Staf Satu" in response.content.decode()
    assert client.get(reverse("pegawai-detail", args=[kepala.pk])).status_code == 404
    assert client.get(reverse("pegawai-list")).status_code == 404
