"""Demo data of the online courses (pelatihan.demo_daring through the composition's demo registry): every demo
instansi has a published course of two modules (a video with its text alternative) and a quiz drawing from a bank;
in the instansi with the demo accounts one employee is enrolled midway (the course resumes at the video) and
another passed (certificate and exactly one JP credit); a second seed changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from pelatihan.demo import _akun_demo
from pelatihan.demo_daring import JUDUL
from pelatihan.models import KelasDaring, KreditJP, Kuis, Materi, PendaftaranDaring, Peserta, Sertifikat
from pembinaan.demo.dasar import INSTANSI_DEMO
from pembinaan.models import Instansi

pytestmark = pytest.mark.django_db

N = 120


def test_kelas_demo_terbit_dengan_modul_video_dan_kuis(seeded):
    assert "Kelas daring demo dibuat" in seeded
    for kode, _, _ in INSTANSI_DEMO:
        kelas = KelasDaring.objects.get(program__instansi__kode=kode, program__judul=JUDUL)
        assert kelas.program.status == "dibuka"
        assert kelas.modul.count() == 2
        video = Materi.objects.get(modul__kelas=kelas, jenis=Materi.Jenis.VIDEO)
        assert video.isi.strip()
        kuis = Kuis.objects.get(program=kelas.program, jenis=Kuis.Jenis.KELAS)
        assert kuis.bank.soal.count() > kuis.jumlah_soal


def test_peserta_tengah_jalan_dan_peserta_lulus(seeded, client):
    akun = []
    for inst in Instansi.objects.filter(kode__in=[k for k, _, _ in INSTANSI_DEMO]):
        if len(_akun_demo(inst)) >= 2:
            akun = _akun_demo(inst)
            break
    atasan, bawahan = akun[0], akun[-1]
    lulus = Peserta.objects.get(program__judul=JUDUL, pegawai=atasan)
    assert lulus.status == Peserta.Status.LULUS
    assert Sertifikat.objects.filter(peserta=lulus).count() == 1
    assert KreditJP.objects.filter(peserta=lulus).count() == 1
    tengah = PendaftaranDaring.objects.select_related("peserta", "materi_terakhir").get(
        peserta__program__judul=JUDUL, peserta__pegawai=bawahan)
    assert tengah.peserta.status == Peserta.Status.TERDAFTAR and tengah.selesai_pada is None
    assert tengah.materi_terakhir.jenis == Materi.Jenis.VIDEO
    # The learner opens the course page from the demo and finds where to resume.
    client.force_login(bawahan.user)
    halaman = client.get(reverse("pelatihan:kelas-detail", args=[tengah.peserta.program_id]))
    assert halaman.status_code == 200
    assert tengah.materi_terakhir.judul in halaman.content.decode()


def test_seed_kedua_tidak_menambah(seeded):
    sebelum = KelasDaring.objects.count(), Peserta.objects.count(), KreditJP.objects.count()
    out = StringIO()
    call_command("seed_demo", pegawai=N, stdout=out)
    assert (KelasDaring.objects.count(), Peserta.objects.count(), KreditJP.objects.count()) == sebelum
    assert "Kelas daring demo dibuat" not in out.getvalue()
