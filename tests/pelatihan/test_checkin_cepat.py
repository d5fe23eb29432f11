"""The QR check-in POST under a burst (issue 14, section 5): a fixed, small number of queries, the row as written
answered without reading it back, still one row per person. PNS and PPPK participants alike."""

import datetime

import pytest
from django.urls import reverse

from pelatihan import checkin
from pelatihan.models import Kehadiran
from tests import factories as f
from tests.pelatihan.factories import PesertaFactory, ProgramFactory
from tests.pelatihan.test_kehadiran import sesi_sekarang


def _peserta(program, inst, jenis):
    if jenis == "PPPK":
        lahir = datetime.date(1990, 1, 2)
        pegawai = f.PegawaiFactory(instansi=inst, nama="Budi Pppk", jenis_asn="PPPK", golongan="IX",
                                   tanggal_lahir=lahir, tmt_cpns=datetime.date(2024, 3, 1), nip=f.nip_pppk(lahir, 2024))
    else:
        pegawai = f.PegawaiFactory(instansi=inst, nama="Ani Pns")
    PesertaFactory(program=program, pegawai=pegawai)
    return f.pegawai_user(pegawai)


@pytest.mark.django_db
@pytest.mark.parametrize("jenis", ["PNS", "PPPK"])
def test_checkin_post_reads_nothing_back_and_records_once(client, django_assert_num_queries, jenis):
    inst = f.InstansiFactory(kode="TEBO", nama="Pemerintah Kabupaten Tebo")
    program = ProgramFactory(instansi=inst, judul="Pelayanan Prima")
    sesi = sesi_sekarang(program)
    user = _peserta(program, inst, jenis)
    url = reverse("pelatihan:kehadiran-checkin", args=[sesi.pk, checkin.kode_sekarang(sesi.pk)])
    client.force_login(user)
    client.get(url)
    # the account with its roles, the QR link's rows in one query, INSERT … RETURNING
    with django_assert_num_queries(3):
        resp = client.post(url)
    assert resp.status_code == 302
    row = Kehadiran.objects.get()
    assert (row.status, row.cara, row.dicatat_oleh_id) == ("hadir", "mandiri", user.pk)
    page = client.get(resp["Location"]).content.decode()
    assert f"Anda tercatat hadir pada {checkin_jam(row.waktu)}" in page  # the time shown is the row's
    again = client.post(url)
    assert again.status_code == 200 and 'data-hasil="sudah_hadir"' in again.content.decode()
    assert Kehadiran.objects.count() == 1


def checkin_jam(waktu):
    from pelatihan.services.kehadiran import _jam

    return _jam(waktu)
