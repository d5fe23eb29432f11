"""The programme list (issue 14 §2, `make load`): its counts per programme computed for the shown programmes only
(correlated subqueries after ORDER BY ... LIMIT instead of a GROUP BY over every participation of the instansi),
what it shows unchanged, and a fixed number of queries whatever the number of programmes and participants."""

import datetime
import re

import pytest
from django.urls import reverse

from pelatihan import selectors
from pelatihan.models import Peserta
from tests import factories as f
from tests.pelatihan import factories as pf

pytestmark = pytest.mark.django_db


@pytest.fixture
def inst():
    return f.InstansiFactory(kode="TEBO", nama="Pemerintah Kabupaten Tebo")


def _pegawai(inst, jenis_asn):
    if jenis_asn == "PPPK":
        lahir = datetime.date(1990, 5, 17)
        return f.PegawaiFactory(instansi=inst, jenis_asn="PPPK", golongan="IX", tanggal_lahir=lahir,
                                nip=f.nip_pppk(lahir, 2023))
    return f.PegawaiFactory(instansi=inst, jenis_asn="PNS")


def _kartu(html, judul):
    """The line "<jp> JP · <sesi> sesi · <peserta>/<kuota> peserta" of the programme card titled ``judul``."""
    awal = html.index(f">{judul}</a>")
    m = re.search(r"(\d+) JP · (\d+) sesi · (\d+)/(\d+) peserta", html[awal:])
    return tuple(int(x) for x in m.groups())


@pytest.mark.parametrize("jenis_asn", ["PNS", "PPPK"])
def test_employee_sees_sessions_and_active_participants_per_programme(client, inst, jenis_asn):
    saya = _pegawai(inst, jenis_asn)
    client.force_login(f.pegawai_user(saya))
    ramai = pf.ProgramFactory(instansi=inst, judul="Ramai", kuota=10)
    pf.ProgramFactory(instansi=inst, judul="Sepi", kuota=5)
    pf.SesiFactory(program=ramai)
    pf.SesiFactory(program=ramai)
    pf.PesertaFactory(program=ramai, pegawai=saya)
    for status in ["terdaftar", "lulus", "tidak_lulus", "daftar_tunggu", "mundur"]:
        pf.PesertaFactory(program=ramai, status=status)
    pf.PesertaFactory(program=pf.ProgramFactory(judul="Instansi lain"))  # another instansi: not counted, not shown
    html = client.get(reverse("pelatihan:program-list")).content.decode()
    # Active: terdaftar, lulus, tidak lulus (the waiting list and those who withdrew are not counted).
    assert _kartu(html, "Ramai") == (24, 2, 4, 10)
    assert _kartu(html, "Sepi") == (24, 0, 0, 5)
    assert "Instansi lain" not in html
    assert html.count("Anda terdaftar") == 1


def test_list_shows_the_newest_programmes_up_to_the_limit_with_the_status_filter(inst, monkeypatch):
    from pelatihan.selectors import program as sel

    monkeypatch.setattr(sel, "BATAS_DAFTAR_PROGRAM", 3)
    hr = f.hr_user(inst)
    dibuat = [pf.ProgramFactory(instansi=inst, judul=f"P{i}") for i in range(5)]
    from pelatihan import access

    assert [p.judul for p in selectors.program_daftar(access.program_scope(hr))] == ["P4", "P3", "P2"]
    dibuat[4].status = "batal"
    dibuat[4].save(update_fields=["status"])
    assert [p.judul for p in selectors.program_daftar(access.program_scope(hr), status="batal")] == ["P4"]


def _ramaikan(inst, n_program, n_peserta):
    for i in range(n_program):
        program = pf.ProgramFactory(instansi=inst, judul=f"Program {i}")
        pf.SesiFactory(program=program)
        Peserta.objects.bulk_create([Peserta(program=program, pegawai=p, sumber=Peserta.Sumber.HR)
                                     for p in f.PegawaiFactory.create_batch(n_peserta, instansi=inst)])


@pytest.mark.parametrize("jenis_asn", ["PNS", "PPPK"])
def test_programme_list_queries_do_not_grow_with_programmes_or_participants(
        client, inst, jenis_asn, django_assert_max_num_queries):
    saya = _pegawai(inst, jenis_asn)
    client.force_login(f.pegawai_user(saya))
    _ramaikan(inst, 1, 1)
    client.get(reverse("pelatihan:program-list"))  # session, menus warm
    with django_assert_max_num_queries(12) as sedikit:
        assert client.get(reverse("pelatihan:program-list")).status_code == 200
    _ramaikan(inst, 6, 4)
    with django_assert_max_num_queries(len(sedikit.captured_queries)):
        assert client.get(reverse("pelatihan:program-list")).status_code == 200


def test_cached_cards_show_a_change_at_once_and_never_another_users_badge(client, inst, settings):
    """The cards are cached by content (pembinaan.fragmen): a new participant, a renamed programme or a cancelled
    one show at the next opening, and "Anda terdaftar" stays the registered employee's (PNS and PPPK alike)."""
    settings.FRAGMEN_CACHE_DETIK = 300
    pns, pppk = _pegawai(inst, "PNS"), _pegawai(inst, "PPPK")
    pns_u, pppk_u = f.pegawai_user(pns), f.pegawai_user(pppk)
    program = pf.ProgramFactory(instansi=inst, judul="Pelayanan Prima", kuota=10)
    pf.PesertaFactory(program=program, pegawai=pns)

    def kartu(user):
        client.force_login(user)
        html = client.get(reverse("pelatihan:program-list")).content.decode()
        return _kartu(html, program.judul), "Anda terdaftar" in html

    assert kartu(pns_u) == ((24, 0, 1, 10), True)
    assert kartu(pppk_u) == ((24, 0, 1, 10), False)
    pf.PesertaFactory(program=program, pegawai=pppk)
    assert kartu(pppk_u) == ((24, 0, 2, 10), True)
    assert kartu(pns_u) == ((24, 0, 2, 10), True)
    program.judul = "Pelayanan Prima Angkatan II"
    program.save(update_fields=["judul"])
    assert kartu(pns_u) == ((24, 0, 2, 10), True)
    program.status = "batal"
    program.save(update_fields=["status"])
    client.force_login(f.hr_user(inst))
    assert "Batal" in client.get(reverse("pelatihan:program-list"), {"status": "batal"}).content.decode()
