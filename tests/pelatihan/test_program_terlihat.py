"""``access.program_terlihat`` (the check-in link's visibility, decided on the programme in hand) answers what
``access.program_scope`` answers, for every role and every programme status, PNS and PPPK, participants or not,
of the user's instansi or another; and the QR link follows it (404 exactly where the scope would hide the session).
"""

import datetime
import itertools

import pytest
from django.urls import reverse

from pelatihan import access, checkin
from pelatihan.models import Peserta, ProgramPelatihan
from tests import factories as f
from tests.pelatihan.factories import PesertaFactory, ProgramFactory
from tests.pelatihan.test_kehadiran import sesi_sekarang

pytestmark = pytest.mark.django_db


def _pppk(inst, nama):
    lahir = datetime.date(1992, 4, 5)
    return f.PegawaiFactory(instansi=inst, nama=nama, jenis_asn="PPPK", golongan="IX", tanggal_lahir=lahir,
                            tmt_cpns=datetime.date(2023, 3, 1), nip=f.nip_pppk(lahir, 2023))


@pytest.fixture
def dunia():
    a = f.InstansiFactory(kode="TEBO", nama="Pemerintah Kabupaten Tebo")
    b = f.InstansiFactory(kode="BUNGO", nama="Pemerintah Kabupaten Bungo")
    program = {(inst.kode, status): ProgramFactory(instansi=inst, status=status, judul=f"{inst.kode} {status}")
               for inst in (a, b) for status in ProgramPelatihan.Status.values}
    pns, pppk = f.PegawaiFactory(instansi=a, nama="Ani Pns"), _pppk(a, "Budi Pppk")
    tamu = f.PegawaiFactory(instansi=b, nama="Citra Bungo")  # of B, a participant of A's programmes
    for status in ProgramPelatihan.Status.values:
        PesertaFactory(program=program["TEBO", status], pegawai=tamu, status=Peserta.Status.TERDAFTAR)
    # Participants of a draft, a cancelled programme and of another instansi's, with every participant status.
    for pegawai, (kunci, status) in zip(itertools.cycle([pns, pppk]), [
            (("TEBO", "draft"), Peserta.Status.TERDAFTAR), (("TEBO", "batal"), Peserta.Status.MUNDUR),
            (("BUNGO", "dibuka"), Peserta.Status.DAFTAR_TUNGGU), (("BUNGO", "draft"), Peserta.Status.LULUS)]):
        PesertaFactory(program=program[kunci], pegawai=pegawai, status=status)
    PesertaFactory(program=program["BUNGO", "berjalan"], pegawai=pppk)
    hr_pegawai = f.PegawaiFactory(instansi=a, nama="Dedi Hr")  # HR who is also an employee, a participant of B's
    hr = f.hr_user(a)
    hr_pegawai.user = hr
    hr_pegawai.save(update_fields=["user"])
    PesertaFactory(program=program["BUNGO", "dibuka"], pegawai=hr_pegawai)
    users = {
        "pegawai PNS": f.pegawai_user(pns), "pegawai PPPK": f.pegawai_user(pppk), "pegawai B": f.pegawai_user(tamu),
        "HR A": hr, "HR B": f.hr_user(b), "pimpinan A": f.pimpinan_user(a),
        "superadmin": f.user("super", is_superuser=True, is_staff=True), "tanpa peran": f.user("biasa"),
    }
    return program, users


def test_sama_dengan_program_scope_untuk_setiap_peran_dan_status(dunia):
    program, users = dunia
    for (nama, user), prog in itertools.product(users.items(), program.values()):
        ikut = Peserta.objects.filter(program=prog, pegawai__user=user).exists()
        harapan = access.program_scope(user).filter(pk=prog.pk).exists()
        assert access.program_terlihat(user, prog, ikut=ikut) == harapan, (nama, prog.judul, ikut)


@pytest.mark.parametrize("nama", ["pegawai PNS", "pegawai PPPK", "pegawai B"])
def test_tautan_qr_404_tepat_di_luar_lingkup(client, dunia, nama):
    program, users = dunia
    user = users[nama]
    client.force_login(user)
    for prog in program.values():
        sesi = sesi_sekarang(prog)
        url = reverse("pelatihan:kehadiran-checkin", args=[sesi.pk, checkin.kode_sekarang(sesi.pk)])
        terlihat = access.program_scope(user).filter(pk=prog.pk).exists()
        resp = client.get(url)
        assert resp.status_code == (200 if terlihat else 404), (nama, prog.judul)
        assert client.post(url).status_code in ((200, 302) if terlihat else (404,)), (nama, prog.judul)
