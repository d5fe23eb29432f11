"""The online courses' models in the Django admin (issue 13 A): the superadmin can look at every course, lesson,
enrolment, bank, question with its options, quiz and attempt, but cannot add, change or delete them there — those
writes go through the services (publishing's JP check, M of N, attempts numbered once, one credit)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from pelatihan.models import (
    BankSoal,
    KelasDaring,
    Kuis,
    Materi,
    Modul,
    PendaftaranDaring,
    PercobaanKuis,
    Peserta,
    ProgresMateri,
    Soal,
)
from pelatihan.services import daring as svc
from tests import factories as f
from tests.pelatihan import daring_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def d(db):
    d = daring_data.bangun()
    for pegawai in (d.pns, d.pppk):
        svc.kelas_daftar_mandiri(actor=pegawai.user, program=d.program)
        svc.materi_detak(actor=pegawai.user, materi=d.materi1, awal=True)
    return d


def _model_url(model, aksi, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{aksi}", args=args)


MODEL = [KelasDaring, Modul, Materi, PendaftaranDaring, ProgresMateri, BankSoal, Soal, Kuis, PercobaanKuis]


def test_superadmin_melihat_tetapi_tidak_mengubah(d, client):
    # An attempt to look at (PNS and PPPK both enrolled above; the PPPK's attempt is started directly).
    PercobaanKuis.objects.create(kuis=d.kuis, peserta=Peserta.objects.get(program=d.program, pegawai=d.pppk),
                                 nomor=1, mulai=timezone.now())
    admin = f.user("super-daring", is_superuser=True, is_staff=True)
    client.force_login(admin)
    for model in MODEL:
        obj = model.objects.order_by("pk").first()
        assert obj is not None, model
        daftar = client.get(_model_url(model, "changelist"))
        assert daftar.status_code == 200, model
        ubah = client.get(_model_url(model, "change", obj.pk))
        assert ubah.status_code == 200, model
        assert 'name="_save"' not in ubah.content.decode(), model  # view only
        assert client.get(_model_url(model, "add")).status_code == 403, model
        assert client.post(_model_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403, model
        assert model.objects.filter(pk=obj.pk).exists(), model
    # The question's options are shown (read-only) with which is right.
    halaman = client.get(_model_url(Soal, "change", d.soal[0].pk)).content.decode()
    assert "Jawaban benar 1" in halaman and "Jawaban keliru 1" in halaman


def test_pegawai_bukan_staf_tidak_melihat(d, client):
    client.force_login(d.pns.user)
    r = client.get(_model_url(KelasDaring, "changelist"))
    assert r.status_code == 302 and reverse("admin:login") in r["Location"]
