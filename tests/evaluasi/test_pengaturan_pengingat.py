"""HR sets the evaluation reminder offsets on a page (they were in the Django admin only)."""

import datetime

import pytest
from django.urls import reverse

from evaluasi.models import PengaturanPengingat
from tests import factories as f

pytestmark = pytest.mark.django_db
URL = reverse("evaluasi:pengaturan-pengingat")


def test_hr_sets_the_offsets_and_bad_values_are_named(client):
    inst = f.InstansiFactory()
    client.force_login(f.hr_user(inst))
    r = client.get(URL)
    assert r.status_code == 200 and r.context["form"].initial["hari_sebelum"] == "7, 3, 1, 0"
    r = client.post(URL, {"hari_sebelum": "7, x, 90", "eskalasi_setelah": "0"})
    assert r.status_code == 200 and not PengaturanPengingat.objects.exists()
    assert r.context["form"].errors == {"hari_sebelum": ["Bukan jumlah hari 0–60: x, 90."],
                                        "eskalasi_setelah": ["Isi antara 1 dan 30 hari."]}
    assert 'value="7, x, 90"' in r.content.decode()  # what was typed stays
    r = client.post(URL, {"hari_sebelum": "3; 1, 0, 3", "eskalasi_setelah": "2"})
    assert r.status_code == 302
    assert PengaturanPengingat.untuk(inst.pk) == ([3, 1, 0], 2)
    assert client.get(URL).context["form"].initial["hari_sebelum"] == "3, 1, 0"


def test_only_hr_of_the_instansi(client):
    inst = f.InstansiFactory()
    client.force_login(f.pimpinan_user(inst))
    assert client.get(URL).status_code == 404
    pegawai = f.PegawaiFactory(instansi=inst, tanggal_lahir=datetime.date(1990, 1, 1))
    client.force_login(f.pegawai_user(pegawai))
    assert client.post(URL, {"hari_sebelum": "1", "eskalasi_setelah": "1"}).status_code == 404
    assert not PengaturanPengingat.objects.exists()


def test_the_service_itself_refuses_anyone_but_hr():
    """The settings are written by a service that checks its actor (the page no longer saves the form itself)."""
    from django.core.exceptions import PermissionDenied

    from evaluasi.services.pengingat import pengaturan_pengingat_update

    inst = f.InstansiFactory()
    pegawai = f.PegawaiFactory(instansi=inst, tanggal_lahir=datetime.date(1990, 1, 1))
    for actor in (f.pimpinan_user(inst), f.pegawai_user(pegawai)):
        with pytest.raises(PermissionDenied):
            pengaturan_pengingat_update(actor=actor, hari_sebelum=[1], eskalasi_setelah=1)
    assert not PengaturanPengingat.objects.exists()
    pengaturan_pengingat_update(actor=f.hr_user(inst), hari_sebelum=[5, 0], eskalasi_setelah=3)
    assert PengaturanPengingat.untuk(inst.pk) == ([5, 0], 3)
