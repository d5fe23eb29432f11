"""A new instansi starts with the suggested JP per bentuk: the records app's instansi_create announces it through
pembinaan.komposisi (daftar_instansi_baru), where pelatihan registered its seeding; the Django admin, where the
superadmin adds an instansi, goes through the same service."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pelatihan.models import BentukPelatihan, JpBawaan
from pelatihan.referensi import JP_BAWAAN
from pembinaan.models import Instansi
from pembinaan.services.instansi import instansi_create
from tests import factories as f

pytestmark = pytest.mark.django_db


def _bawaan(instansi):
    return dict(JpBawaan.objects.filter(instansi=instansi).values_list("bentuk__kode", "jp"))


def _harapan():
    return {k: jp for k, jp in JP_BAWAAN.items() if BentukPelatihan.objects.filter(kode=k).exists()}


@pytest.fixture
def superadmin():
    return get_user_model().objects.create_superuser("super", "super@contoh.go.id", f.PASSWORD)


def test_instansi_created_through_the_service_starts_with_the_suggested_jp(superadmin):
    assert _harapan()  # the LAN bentuk list is there (data migration)
    baru = instansi_create(actor=superadmin, data={"kode": "REJANG", "nama": "Pemerintah Kabupaten Rejang Lebong"})
    assert _bawaan(baru) == _harapan()
    assert _bawaan(baru)["NKL05"] == 20


def test_only_the_superadmin_creates_an_instansi_and_a_taken_name_is_named(superadmin):
    inst = f.InstansiFactory()
    for orang in (f.hr_user(inst), f.pimpinan_user(inst)):
        with pytest.raises(PermissionDenied):
            instansi_create(actor=orang, data={"kode": "LEBONG", "nama": "Pemerintah Kabupaten Lebong"})
    assert not Instansi.objects.filter(kode="LEBONG").exists()
    with pytest.raises(ValidationError) as exc:
        instansi_create(actor=superadmin, data={"kode": "LAIN", "nama": inst.nama})
    assert "nama" in exc.value.message_dict
    assert not Instansi.objects.filter(kode="LAIN").exists()


def test_instansi_added_in_the_django_admin_starts_with_the_suggested_jp(superadmin, client):
    client.force_login(superadmin)
    r = client.post(reverse("admin:pembinaan_instansi_add"),
                    {"kode": "KEPAHIANG", "nama": "Pemerintah Kabupaten Kepahiang", "siasn_id": "A1"})
    assert r.status_code == 302, r.content.decode()[:2000]
    baru = Instansi.objects.get(kode="KEPAHIANG")
    assert baru.siasn_id == "A1" and _bawaan(baru) == _harapan()
    assert client.get(reverse("admin:pembinaan_instansi_change", args=[baru.pk])).status_code == 200
    # a change in the admin stays a plain save: HR's own defaults are not reset
    JpBawaan.objects.filter(instansi=baru, bentuk__kode="NKL05").update(jp=7)
    r = client.post(reverse("admin:pembinaan_instansi_change", args=[baru.pk]),
                    {"kode": "KEPAHIANG", "nama": "Pemerintah Kabupaten Kepahiang", "siasn_id": "A2"})
    assert r.status_code == 302 and Instansi.objects.get(pk=baru.pk).siasn_id == "A2"
    assert _bawaan(baru)["NKL05"] == 7
