"""Accounts: login by NIP, lockout per username+IP with cool-off, invitations and resets via the outbox."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from pembinaan import services
from pembinaan.models import Notifikasi
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def pegawai():
    p = f.PegawaiFactory(email="budi@contoh.go.id", nama="Budi")
    f.pegawai_user(p)
    return p


def _login(client, username, password=f.PASSWORD, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_login_by_nip_typed_with_spaces(client, pegawai):
    n = pegawai.nip
    response = _login(client, f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}")
    assert response.status_code == 302
    home = client.get(reverse("beranda"))  # the employee's own home page
    assert home.status_code == 200 and pegawai.nama in home.content.decode()


def test_wrong_password_message_is_indonesian(client, pegawai):
    response = _login(client, pegawai.nip, "salah")
    assert "kata sandi salah" in response.content.decode()


def test_lockout_is_per_username_and_address_with_cooloff(client, pegawai, settings):
    other = f.PegawaiFactory(instansi=pegawai.instansi)
    f.pegawai_user(other)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, pegawai.nip, "salah")
    locked = _login(client, pegawai.nip)
    assert locked.status_code == 429 and "dikunci sementara" in locked.content.decode()
    # A colleague behind the same office address is not locked out,
    assert _login(client, other.nip).status_code == 302
    client.logout()
    # nor is the same person from another address.
    assert _login(client, pegawai.nip, ip="10.0.0.2").status_code == 302
    client.logout()
    # After the cool-off the account works again from the first address.
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1))
    assert _login(client, pegawai.nip).status_code == 302


def test_password_reset_goes_through_outbox_and_link_works(client, pegawai):
    client.post(reverse("password_reset"), {"email": "budi@contoh.go.id"})
    row = Notifikasi.objects.get(jenis="reset_sandi")
    assert row.penerima == pegawai.user and row.email_tujuan == "budi@contoh.go.id"
    services.outbox_send()
    path = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[0].body).group(1)  # the link is only in the e-mail
    link = client.get(path, follow=True)
    assert "Buat kata sandi baru" in link.content.decode()
    baru = {"new_password1": "Sandi-Baru-2026", "new_password2": "Sandi-Baru-2026"}
    response = client.post(link.redirect_chain[-1][0], baru)
    assert response.status_code == 302
    client.logout()
    assert _login(client, pegawai.nip, "Sandi-Baru-2026").status_code == 302


def test_unknown_email_reveals_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "tidakada@contoh.go.id"}, follow=True)
    assert "Jika alamat itu terdaftar" in response.content.decode()
    assert Notifikasi.objects.count() == 0


def test_hr_creates_accounts_for_a_unit_without_showing_passwords(client):
    inst = f.InstansiFactory()
    induk = f.UnitKerjaFactory(instansi=inst, nama="Dinas Pendidikan")
    sekolah = f.UnitKerjaFactory(instansi=inst, nama="SD Negeri 1", induk=induk)
    lain = f.UnitKerjaFactory(instansi=inst, nama="Dinas Kesehatan")
    guru = [f.PegawaiFactory(instansi=inst, unit_kerja=sekolah, email=f"g{i}@contoh.go.id") for i in range(3)]
    tanpa_email = f.PegawaiFactory(instansi=inst, unit_kerja=induk, email="")
    sudah = f.PegawaiFactory(instansi=inst, unit_kerja=induk)
    f.pegawai_user(sudah)
    pensiun = f.PegawaiFactory(instansi=inst, unit_kerja=induk, status="pensiun")
    luar = f.PegawaiFactory(instansi=inst, unit_kerja=lain)
    hr = f.hr_user(inst)
    client.force_login(hr)
    response = client.post(reverse("akun-unit"), {"unit_kerja": induk.pk, "termasuk_subunit": "on"}, follow=True)
    page = response.content.decode()
    assert "4 akun dibuat" in page and "1 pegawai belum punya alamat e-mail" in page
    User = get_user_model()
    assert set(User.objects.filter(pegawai__isnull=False).values_list("username", flat=True)) == {
        p.nip for p in guru + [tanpa_email, sudah]}
    assert not User.objects.filter(username__in=[pensiun.nip, luar.nip]).exists()
    new_user = User.objects.get(username=guru[0].nip)
    assert not new_user.has_usable_password()
    invite = Notifikasi.objects.get(penerima=new_user, jenis="undangan_akun")
    assert guru[0].nip in invite.isi and invite.tautan == ""  # the link is made when the e-mail is sent
    # Running it again creates nothing and queues nothing new.
    assert services.akun_create_for_unit(actor=hr, unit=induk) == (0, 0)
    assert Notifikasi.objects.filter(jenis="undangan_akun").count() == 4


def test_hr_of_another_instansi_cannot_create_accounts_for_a_unit():
    unit = f.UnitKerjaFactory()
    other_hr = f.hr_user(f.InstansiFactory())
    with pytest.raises(PermissionDenied):
        services.akun_create_for_unit(actor=other_hr, unit=unit)
