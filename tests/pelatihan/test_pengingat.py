"""Beat reminders of pelatihan/: into the outbox, once per key and day."""

import datetime

import pytest

from pelatihan.services import jp as ledger
from pelatihan.services import pengingat
from pembinaan.models import Notifikasi
from tests import factories as f
from tests.mentoring.factories import SesiMentoringFactory
from tests.pelatihan import factories as pf

pytestmark = pytest.mark.django_db


def test_participants_are_reminded_the_day_before_once():
    today = datetime.date(2026, 11, 26)
    sesi = pf.SesiFactory(tanggal=today + datetime.timedelta(days=1), topik="Etika pelayanan")
    peserta = pf.PesertaFactory(program=sesi.program)
    f.pegawai_user(peserta.pegawai)
    mundur = pf.PesertaFactory(program=sesi.program, status="mundur")
    f.pegawai_user(mundur.pegawai)
    pf.SesiFactory(program=sesi.program, tanggal=today + datetime.timedelta(days=3))
    pengingat.pengingat_sesi(today=today)
    pengingat.pengingat_sesi(today=today)  # beat firing twice
    rows = Notifikasi.objects.filter(jenis="pengingat_sesi")
    assert rows.count() == 1
    assert rows.get().penerima == peserta.pegawai.user and "Etika pelayanan" in rows.get().isi


def test_behind_pace_reminders_start_in_july_and_summarise_for_the_atasan():
    inst = f.InstansiFactory()
    atasan = f.PegawaiFactory(instansi=inst)
    f.pegawai_user(atasan)
    tertinggal = f.PegawaiFactory(instansi=inst, atasan=atasan, nama="Budi Tertinggal")
    f.pegawai_user(tertinggal)
    rajin = f.PegawaiFactory(instansi=inst, atasan=atasan)
    f.pegawai_user(rajin)
    ledger.kredit_set(pegawai_id=rajin.pk, tanggal=datetime.date(2026, 3, 1), jp=20, keterangan="Diklat",
                      sesi_mentoring_id=SesiMentoringFactory().pk)
    ledger.kredit_set(pegawai_id=atasan.pk, tanggal=datetime.date(2026, 3, 1), jp=20, keterangan="Diklat",
                      sesi_mentoring_id=SesiMentoringFactory().pk)
    assert pengingat.pengingat_jp(today=datetime.date(2026, 6, 1)) == 0
    pengingat.pengingat_jp(today=datetime.date(2026, 7, 1))
    pengingat.pengingat_jp(today=datetime.date(2026, 7, 1))
    assert list(Notifikasi.objects.filter(jenis="pengingat_jp").values_list("penerima__username", flat=True)) == [
        tertinggal.nip]
    summary = Notifikasi.objects.get(jenis="ringkasan_jp_atasan")
    assert summary.penerima.username == atasan.nip and "Budi Tertinggal" in summary.isi
