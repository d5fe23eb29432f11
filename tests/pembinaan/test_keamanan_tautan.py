"""Set-password links (reset and invitation): never stored, short-lived, working from the e-mail received."""

import datetime
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.db import connection
from django.urls import resolve, reverse

from pembinaan import services
from pembinaan.models import Notifikasi
from tests import factories as f

pytestmark = pytest.mark.django_db

BARU = "Sandi-Baru-2026"
KEDALUWARSA = "Tautan ini tidak berlaku lagi"


def _pegawai(jenis_asn, **kw):
    if jenis_asn == "PPPK":
        lahir = datetime.date(1990, 4, 4)
        return f.PegawaiFactory(jenis_asn="PPPK", golongan="IX", tanggal_lahir=lahir,
                                tmt_cpns=datetime.date(2023, 3, 1), nip=f.nip_pppk(lahir, 2023), **kw)
    return f.PegawaiFactory(**kw)


def _tautan(message):
    """The set-password link of a received e-mail, as a path, with the uid and token it carries."""
    m = re.search(re.escape(settings.SITE_URL.rstrip("/")) + r"(/\S+)", message.body)
    assert m, message.body
    path = m.group(1)
    match = resolve(path)
    assert match.url_name == "password_reset_confirm"
    return path, match.kwargs["uidb64"], match.kwargs["token"]


def _tabel_memuat(teks):
    """Every table of the database (outbox, history, sessions, anything) whose rows contain ``teks``."""
    hits = []
    with connection.cursor() as cur:
        for table in connection.introspection.table_names(cur):
            cur.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)} t WHERE strpos(t::text, %s) > 0",
                        [teks])
            if cur.fetchone()[0]:
                hits.append(table)
    return hits


@pytest.fixture
def jam(monkeypatch):
    """Move the clock the token checks against by a given offset."""
    real_now = PasswordResetTokenGenerator._now

    def geser(delta):
        monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: real_now(self) + delta)

    return geser


def _atur_sandi(client, path):
    page = client.get(path, follow=True)
    return page, page.content.decode()


@pytest.mark.parametrize("jenis_asn", ["PNS", "PPPK"])
def test_reset_link_is_not_stored_and_works_from_the_email(client, jenis_asn):
    p = _pegawai(jenis_asn, email="budi@contoh.go.id")
    user = f.pegawai_user(p)
    client.post(reverse("password_reset"), {"email": "budi@contoh.go.id"})
    assert services.outbox_send()[0] == 1
    path, uid, token = _tautan(mail.outbox[0])
    assert mail.outbox[0].to == ["budi@contoh.go.id"]
    # Nothing stored anywhere holds the token or the link.
    assert _tabel_memuat(token) == [] and _tabel_memuat(f"{uid}/{token}") == []
    row = Notifikasi.objects.get(jenis="reset_sandi")
    assert token not in f"{row.tautan} {row.isi} {row.judul}"
    # The recipient opens the link from the e-mail and sets a password.
    page, teks = _atur_sandi(client, path)
    assert "Buat kata sandi baru" in teks
    assert client.post(page.redirect_chain[-1][0], {"new_password1": BARU, "new_password2": BARU}).status_code == 302
    assert client.post(reverse("login"), {"username": p.nip, "password": BARU}).status_code == 302
    user.refresh_from_db()
    assert user.check_password(BARU)
    # Used once: the same link is refused now.
    client.logout()
    assert KEDALUWARSA in _atur_sandi(client, path)[1]


def test_reset_link_expires_after_its_lifetime(client, jam):
    p = f.PegawaiFactory(email="sari@contoh.go.id")
    f.pegawai_user(p)
    client.post(reverse("password_reset"), {"email": "sari@contoh.go.id"})
    services.outbox_send()
    path, _, _ = _tautan(mail.outbox[0])
    assert "berlaku 2 jam" in mail.outbox[0].body
    jam(timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT - 60))
    assert "Buat kata sandi baru" in _atur_sandi(client, path)[1]
    client.cookies.clear()
    jam(timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60))
    assert KEDALUWARSA in _atur_sandi(client, path)[1]
    assert settings.PASSWORD_RESET_TIMEOUT == 2 * 3600


@pytest.mark.parametrize("jenis_asn", ["PNS", "PPPK"])
def test_invitation_link_not_stored_lives_three_days_then_reset_gives_a_new_one(client, jam, jenis_asn):
    inst = f.InstansiFactory()
    unit = f.UnitKerjaFactory(instansi=inst)
    p = _pegawai(jenis_asn, instansi=inst, unit_kerja=unit, email="baru@contoh.go.id")
    services.akun_create_for_unit(actor=f.hr_user(inst), unit=unit)
    row = Notifikasi.objects.get(jenis="undangan_akun")
    assert row.tautan == ""
    assert services.outbox_send()[0] == 1
    path, uid, token = _tautan(mail.outbox[0])
    assert "berlaku 3 hari" in mail.outbox[0].body
    assert _tabel_memuat(token) == [] and _tabel_memuat(f"{uid}/{token}") == []
    # Longer than a reset link, shorter than the old week.
    jam(timedelta(days=3) - timedelta(minutes=1))
    assert "Buat kata sandi baru" in _atur_sandi(client, path)[1]
    client.cookies.clear()
    jam(timedelta(days=3) + timedelta(minutes=1))
    assert KEDALUWARSA in _atur_sandi(client, path)[1]
    # The employee asks "Lupa kata sandi" for a new link, although no password was ever set.
    client.post(reverse("password_reset"), {"email": "baru@contoh.go.id"})
    assert services.outbox_send()[0] == 1
    path, _, _ = _tautan(mail.outbox[1])
    page, teks = _atur_sandi(client, path)
    assert "Buat kata sandi baru" in teks
    client.post(page.redirect_chain[-1][0], {"new_password1": BARU, "new_password2": BARU})
    assert get_user_model().objects.get(username=p.nip).check_password(BARU)


def test_reset_token_cannot_borrow_the_invitation_lifetime(client, jam):
    """A reset link 3 hours old is refused even though an invitation of that age would not be."""
    p = f.PegawaiFactory(email="dewi@contoh.go.id")
    f.pegawai_user(p)
    client.post(reverse("password_reset"), {"email": "dewi@contoh.go.id"})
    services.outbox_send()
    path, _, _ = _tautan(mail.outbox[0])
    jam(timedelta(hours=3))
    assert KEDALUWARSA in _atur_sandi(client, path)[1]


def test_a_link_from_the_old_stored_kind_is_refused(client):
    """Links written into outbox rows before this change (Django's default token) no longer open anything."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    p = f.PegawaiFactory()
    user = f.pegawai_user(p)
    lama = reverse("password_reset_confirm", kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                                                     "token": default_token_generator.make_token(user)})
    assert KEDALUWARSA in _atur_sandi(client, lama)[1]
