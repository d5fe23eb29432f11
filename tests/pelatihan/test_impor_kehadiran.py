"""Attendance sheet import: row errors named, all or nothing, idempotent."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pelatihan.models import Kehadiran
from tests import factories as f
from tests.pelatihan import factories as pf

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    program = pf.ProgramFactory()
    s1 = pf.SesiFactory(program=program, tanggal=datetime.date(2026, 11, 2))
    s2 = pf.SesiFactory(program=program, tanggal=datetime.date(2026, 11, 3))
    a, b = pf.PesertaFactory(program=program), pf.PesertaFactory(program=program)
    return program, (s1, s2), (a, b), f.hr_user(program.instansi)


def _upload(client, program, text, **extra):
    data = {"berkas": SimpleUploadedFile("hadir.csv", text.encode())} | extra
    return client.post(reverse("pelatihan:kehadiran-import", args=[program.pk]), data)


def test_bad_rows_are_named_and_nothing_is_written(client, setup):
    program, _, (a, b), hr = setup
    client.force_login(hr)
    outsider = f.PegawaiFactory(instansi=program.instansi)
    sheet = (f"NIP,TANGGAL SESI,STATUS\n{a.pegawai.nip},02-11-2026,Hadir\n{outsider.nip},02-11-2026,Hadir\n"
             f"{b.pegawai.nip},09-11-2026,Hadir\n{b.pegawai.nip},03-11-2026,Terlambat\n")
    page = _upload(client, program, sheet).content.decode()
    assert "bukan peserta aktif" in page and "Tidak ada sesi pada 09-11-2026" in page and "Terlambat" in page
    assert Kehadiran.objects.count() == 0


def test_clean_sheet_imports_once_and_reimport_changes_nothing(client, setup):
    program, (s1, s2), (a, b), hr = setup
    client.force_login(hr)
    n = a.pegawai.nip
    sheet = (f"NIP,TANGGAL SESI,STATUS,ALASAN\n{n[:8]} {n[8:14]} {n[14]} {n[15:]},02-11-2026,H,\n"
             f"{a.pegawai.nip},03-11-2026,Hadir,\n{b.pegawai.nip},02-11-2026,Sakit,Surat dokter\n")
    assert _upload(client, program, sheet, periksa_saja="1").status_code == 200
    assert Kehadiran.objects.count() == 0
    assert _upload(client, program, sheet).status_code == 302
    assert Kehadiran.objects.count() == 3
    sakit = Kehadiran.objects.get(peserta=b)
    assert (sakit.status, sakit.alasan, sakit.cara) == ("sakit", "Surat dokter", "impor")
    _upload(client, program, sheet)
    assert Kehadiran.objects.count() == 3
    assert Kehadiran.pgh_event_model.objects.count() == 3
