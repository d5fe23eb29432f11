"""The one superadmin rule (pembinaan.access.is_superadmin): a superadmin works through the Django admin."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from pembinaan.models import Pegawai
from tests import factories as f

pytestmark = pytest.mark.django_db


def _boleh_ekspor_admin(user):
    request = RequestFactory().get("/")
    request.user = user
    return admin.site._registry[Pegawai].has_export_permission(request)


def test_ekspor_admin_lintas_instansi_hanya_untuk_superadmin():
    inst = f.InstansiFactory()
    assert _boleh_ekspor_admin(f.user("akar", is_superuser=True, is_staff=True))
    # HR exports from their own employee list (scoped to the instansi), never from the admin's unscoped export.
    assert not _boleh_ekspor_admin(f.hr_user(inst))
    assert not _boleh_ekspor_admin(f.pimpinan_user(inst))


def test_beranda_mengirim_superadmin_tanpa_peran_ke_admin(client):
    client.force_login(f.user("akar", is_superuser=True, is_staff=True))
    resp = client.get(reverse("beranda"))
    assert resp.status_code == 302 and resp.url == reverse("admin:index")


def test_beranda_superadmin_yang_juga_hr_ke_dasbor(client):
    inst = f.InstansiFactory()
    hr = f.hr_user(inst)
    hr.is_superuser = True
    hr.save()
    client.force_login(hr)
    assert client.get(reverse("beranda")).url == reverse("dasbor")
