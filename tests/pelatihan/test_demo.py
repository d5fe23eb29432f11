"""Demo training data (pelatihan.demo through the composition's demo registry): every programme state a user meets,
in every demo instansi, idempotent, and the demo employee sees today's session on their home."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from pelatihan import checkin
from pelatihan.demo import _hr, buat_pelatihan_demo
from pelatihan.models import (
    JpBawaan,
    KreditJP,
    LaporanBelajar,
    Mitra,
    Narasumber,
    Peserta,
    ProgramPelatihan,
    Sertifikat,
    UmpanBalik,
)
from pembinaan.demo.dasar import DEMO_EMAIL_DOMAIN, INSTANSI_DEMO
from pembinaan.models import Instansi, Pegawai

pytestmark = pytest.mark.django_db

N = 120
S = ProgramPelatihan.Status


def _snapshot():
    models = (ProgramPelatihan, Peserta, KreditJP, Sertifikat, UmpanBalik, LaporanBelajar, Mitra, Narasumber,
              JpBawaan)
    return {m.__name__: m.objects.count() for m in models}


def test_every_demo_instansi_has_a_programme_in_every_state(seeded):
    assert "Program pelatihan demo dibuat: 15." in seeded
    for kode, _, _ in INSTANSI_DEMO:
        # The training demo's own programmes; the planning demo adds one realising a plan line, the online-class
        # demo a course (each tested with its own demo).
        milik_pelatihan = ProgramPelatihan.objects.filter(instansi__kode=kode, rencana_item__isnull=True,
                                                          kelas_daring__isnull=True)
        status = sorted(milik_pelatihan.values_list("status", flat=True))
        assert status == sorted([S.DRAFT, S.DIBUKA, S.DIBUKA, S.SELESAI, S.BATAL]), kode
        assert milik_pelatihan.get(status=S.BATAL).alasan_batal
        assert ProgramPelatihan.objects.filter(instansi__kode=kode, status=S.DIBUKA, pendaftaran_mandiri=True).exists()
        assert Mitra.objects.filter(instansi__kode=kode).count() == 2
        assert JpBawaan.objects.filter(instansi__kode=kode).exists()


def test_the_finished_programme_passed_participants_with_certificates_and_jp(seeded):
    for kode, _, _ in INSTANSI_DEMO:
        selesai = ProgramPelatihan.objects.get(instansi__kode=kode, status=S.SELESAI, rencana_item__isnull=True,
                                               kelas_daring__isnull=True)
        lulus = selesai.peserta.filter(status=Peserta.Status.LULUS)
        assert lulus.count() >= 5
        assert Sertifikat.objects.filter(peserta__in=lulus).count() == lulus.count()
        assert KreditJP.objects.filter(peserta__in=lulus, jp=selesai.jp).count() == lulus.count()
        assert selesai.peserta.filter(status=Peserta.Status.TIDAK_LULUS).count() == 1  # missed a day
    assert UmpanBalik.objects.filter(peserta__program__instansi__kode="BENGKULU").exists()


def test_a_self_report_waits_for_hr(seeded, client):
    laporan = LaporanBelajar.objects.get(pegawai__instansi__kode="BENGKULU")
    assert laporan.status == LaporanBelajar.Status.DIAJUKAN
    client.force_login(_hr(Instansi.objects.get(kode="BENGKULU")))
    assert laporan.judul in client.get(reverse("pelatihan:laporan-antrian")).content.decode()


def test_the_demo_employee_sees_todays_session_with_check_in_open(seeded, client):
    pegawai = Pegawai.objects.filter(instansi__kode="BENGKULU", user__email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
    assert pegawai.count() == 2
    hari_ini = ProgramPelatihan.objects.get(instansi__kode="BENGKULU", sesi__tanggal=timezone.localdate(),
                                            status=S.DIBUKA)
    sesi = hari_ini.sesi.get(tanggal=timezone.localdate())
    assert checkin.dalam_jendela(sesi)
    for p in pegawai:
        client.force_login(p.user)
        html = client.get(reverse("beranda")).content.decode()
        assert sesi.topik in html, p


def test_second_run_creates_nothing(seeded):
    before = _snapshot()
    assert buat_pelatihan_demo() == 0
    out = StringIO()
    call_command("seed_demo", pegawai=N, stdout=out)
    assert _snapshot() == before
    assert "Program pelatihan demo" not in out.getvalue()


def test_the_operators_demo_line_counts_with_the_indonesian_thousands_separator():
    """Every app's demo line is written by pembinaan.komposisi.baris_demo: 1.234, not 1,234; nothing made, no line."""
    from pembinaan.komposisi import baris_demo

    assert baris_demo("Program pelatihan demo dibuat", 1234) == "Program pelatihan demo dibuat: 1.234."
    assert baris_demo("Periode dibuat", 3, "ditutup, dibuka") == "Periode dibuat: 3 (ditutup, dibuka)."
    assert baris_demo("Pasangan mentoring demo dibuat", 0) == ""
