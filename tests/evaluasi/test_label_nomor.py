"""A PPPK's 18-digit number is "NI PPPK", a PNS's "NIP" (docs/domain.md §1.2): on the evaluation form (employee and
evaluator), the employee's result, the evaluator's list, the reminder digest, and the mentoring pair page."""

import datetime

import pytest
from django.urls import reverse

from evaluasi.models import Evaluasi
from evaluasi.services import periode as svc
from evaluasi.services.pengingat import pengingat_scan
from mentoring.models import PasanganMentoring
from pembinaan.models import Notifikasi
from pembinaan.templatetags.pembinaan_tags import label_nomor
from tests import factories as f
from tests.evaluasi.factories import PeriodeFactory

pytestmark = pytest.mark.django_db


def _pppk(inst, **kw):
    lahir = datetime.date(1991, 6, 3)
    return f.PegawaiFactory(instansi=inst, jenis_asn="PPPK", golongan="IX", tanggal_lahir=lahir,
                            tmt_cpns=datetime.date(2023, 3, 1), nip=f.nip_pppk(lahir, 2023), **kw)


@pytest.fixture
def d():
    inst = f.InstansiFactory(kode="KAUR", nama="Pemerintah Kabupaten Kaur")
    penilai_pppk = _pppk(inst, nama="Penilai Pppk")
    penilai_pns = f.PegawaiFactory(instansi=inst, nama="Penilai Pns")
    pppk = _pppk(inst, nama="Dinilai Pppk", atasan=penilai_pns)
    pns = f.PegawaiFactory(instansi=inst, nama="Dinilai Pns", atasan=penilai_pppk)
    for p in (penilai_pppk, penilai_pns, pppk, pns):
        f.pegawai_user(p)
    hr = f.hr_user(inst)
    periode = PeriodeFactory(instansi=inst, tenggat=datetime.date(2026, 7, 14))
    svc.periode_open(actor=hr, periode=periode)
    return dict(inst=inst, hr=hr, periode=periode, penilai_pppk=penilai_pppk, penilai_pns=penilai_pns, pppk=pppk,
                pns=pns)


@pytest.mark.parametrize(("jenis", "label"), [("PNS", "NIP"), ("CPNS", "NIP"), ("PPPK", "NI PPPK"),
                                              ("PPPK_PW", "NI PPPK"), ("", "NIP")])
def test_filter_names_the_number_by_kind(jenis, label):
    assert label_nomor(jenis) == label


def test_evaluation_form_labels_each_number_by_its_owner_kind(client, d):
    # A PPPK employee evaluated by a PNS evaluator …
    ev = Evaluasi.objects.get(periode=d["periode"], pegawai=d["pppk"])
    client.force_login(d["penilai_pns"].user)
    isi = client.get(reverse("evaluasi:evaluasi-isi", args=[ev.pk])).content.decode()
    assert f"NI PPPK {d['pppk'].nip}" in isi and f"NIP {d['pppk'].nip}" not in isi
    assert f"NIP {d['penilai_pns'].nip}" in isi
    # … and a PNS employee evaluated by a PPPK evaluator.
    ev = Evaluasi.objects.get(periode=d["periode"], pegawai=d["pns"])
    client.force_login(d["penilai_pppk"].user)
    isi = client.get(reverse("evaluasi:evaluasi-isi", args=[ev.pk])).content.decode()
    assert f"NIP {d['pns'].nip}" in isi
    assert f"NI PPPK {d['penilai_pppk'].nip}" in isi and f"NIP {d['penilai_pppk'].nip}" not in isi
    daftar = client.get(reverse("evaluasi:penilai-list")).content.decode()
    assert "NIP / NI PPPK" in daftar


def test_result_page_names_a_pppk_evaluator_number(client, d):
    Evaluasi.objects.filter(periode=d["periode"], pegawai=d["pns"]).update(
        status="diajukan", rating_hasil_kerja="sesuai", rating_perilaku_kerja="sesuai", predikat="baik")
    client.force_login(d["pns"].user)
    isi = client.get(reverse("evaluasi:hasil-list")).content.decode()
    assert f"NI PPPK {d['penilai_pppk'].nip}" in isi


def test_reminder_digest_names_each_number_by_kind(d):
    pengingat_scan(today=d["periode"].tenggat - datetime.timedelta(days=7))
    ke_pns = Notifikasi.objects.get(penerima=d["penilai_pns"].user, jenis="pengingat_evaluasi")
    ke_pppk = Notifikasi.objects.get(penerima=d["penilai_pppk"].user, jenis="pengingat_evaluasi")
    assert f"(NI PPPK {d['pppk'].nip})" in ke_pns.isi
    assert f"(NIP {d['pns'].nip})" in ke_pppk.isi


def test_mentoring_pair_page_names_a_pppk_mentee_number(client, d):
    p = PasanganMentoring.objects.create(instansi=d["inst"], mentor=d["penilai_pns"], mentee=d["pppk"], jenis="umum",
                                         status="aktif", rencana_mulai=datetime.date(2026, 1, 1),
                                         rencana_selesai=datetime.date(2026, 12, 31))
    client.force_login(d["hr"])
    isi = client.get(reverse("mentoring:pasangan-detail", args=[p.pk])).content.decode()
    assert f"NI PPPK {d['pppk'].nip_tampil}" in isi and f"NIP {d['penilai_pns'].nip_tampil}" in isi
