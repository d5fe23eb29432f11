"""The QR check-in through the whole request stack (issue 14 §5): the confirm page (GET) and the check-in (POST) of a
logged-in participant take a fixed, small number of queries. Sessions come from the cache (no django_session
query); the participant's Peserta row and their attendance row of the session are read together. PNS and PPPK."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pelatihan import checkin
from pelatihan.models import Kehadiran
from pelatihan.services.kehadiran import kehadiran_set
from tests import factories as f
from tests.pelatihan.factories import PesertaFactory, ProgramFactory
from tests.pelatihan.test_kehadiran import sesi_sekarang

pytestmark = pytest.mark.django_db


def _peserta(program, inst, jenis):
    if jenis == "PPPK":
        lahir = datetime.date(1993, 6, 7)
        pegawai = f.PegawaiFactory(instansi=inst, nama="Sari Pppk", jenis_asn="PPPK", golongan="IX",
                                   tanggal_lahir=lahir, tmt_cpns=datetime.date(2024, 3, 1), nip=f.nip_pppk(lahir, 2024))
    else:
        pegawai = f.PegawaiFactory(instansi=inst, nama="Joko Pns")
    return PesertaFactory(program=program, pegawai=pegawai), f.pegawai_user(pegawai)


def _dunia(jenis):
    inst = f.InstansiFactory(kode="MUBA", nama="Pemerintah Kabupaten Musi Banyuasin")
    program = ProgramFactory(instansi=inst, judul="Pelayanan Prima")
    sesi = sesi_sekarang(program)
    peserta, user = _peserta(program, inst, jenis)
    return inst, sesi, peserta, user


def _tabel(queries):
    return [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("jenis", ["PNS", "PPPK"])
def test_get_dan_post_checkin_jumlah_query_tetap(client, django_assert_num_queries, jenis):
    _, sesi, peserta, user = _dunia(jenis)
    url = reverse("pelatihan:kehadiran-checkin", args=[sesi.pk, checkin.kode_sekarang(sesi.pk)])
    client.force_login(user)
    # the account with its roles; the session, programme, participant and attendance rows (the session from the cache)
    with django_assert_num_queries(2), CaptureQueriesContext(connection) as get:
        resp = client.get(url)
    assert resp.status_code == 200 and 'data-hasil=' not in resp.content.decode()
    # the same two reads, then INSERT … ON CONFLICT … RETURNING (no BEGIN/COMMIT of its own)
    with django_assert_num_queries(3), CaptureQueriesContext(connection) as post:
        resp = client.post(url)
    assert resp.status_code == 302 and resp["Location"] == reverse("pelatihan:kehadiran-checkin-kode")
    for sql in _tabel(get) + _tabel(post):
        assert "django_session" not in sql
    assert sum('FROM "pelatihan_kehadiran"' in sql for sql in _tabel(get)) == 0  # joined to the Peserta row
    assert Kehadiran.objects.get().peserta == peserta
    # The row just written is found by the same single query: the page says "already present", nothing is added.
    with django_assert_num_queries(2):
        again = client.get(url)
    assert 'data-hasil="sudah_hadir"' in again.content.decode()
    assert client.post(url).status_code == 200 and Kehadiran.objects.count() == 1


@pytest.mark.parametrize("jenis", ["PNS", "PPPK"])
def test_status_dari_panitia_terbaca_lewat_query_gabungan(client, jenis):
    inst, sesi, peserta, user = _dunia(jenis)
    kehadiran_set(actor=f.hr_user(inst), sesi=sesi, peserta=peserta, status=Kehadiran.Status.IZIN)
    url = reverse("pelatihan:kehadiran-checkin", args=[sesi.pk, checkin.kode_sekarang(sesi.pk)])
    client.force_login(user)
    page = client.get(url).content.decode()
    assert 'data-hasil="sudah_dicatat"' in page and "mencatat Anda izin" in page
    assert client.post(url).status_code == 200
    assert Kehadiran.objects.get().status == Kehadiran.Status.IZIN  # the organiser's mark is never overwritten


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("jenis", ["PNS", "PPPK"])
def test_checkin_tanpa_transaksi_sendiri_tetap_mencatat_siapa_dan_mengapa(client, jenis):
    """The check-in's INSERT runs without a BEGIN/COMMIT of its own (autocommit, as in production): pghistory's
    context travels in the same query string, so the history still says who checked in, how, and from which page."""
    importlib.import_module("pelatihan.migrations.0002_referensi").seed(apps, None)  # flushed by other tests
    _, sesi, peserta, user = _dunia(jenis)
    url = reverse("pelatihan:kehadiran-checkin", args=[sesi.pk, checkin.kode_sekarang(sesi.pk)])
    client.force_login(user)
    assert connection.get_autocommit() and not connection.in_atomic_block
    with CaptureQueriesContext(connection) as post:
        resp = client.post(url)
    assert resp.status_code == 302
    assert not any(sql.strip().upper() in ("BEGIN", "COMMIT") or "SAVEPOINT" in sql for sql in _tabel(post))
    row = Kehadiran.objects.get()
    assert (row.peserta, row.status, row.cara, row.dicatat_oleh) == (peserta, "hadir", "mandiri", user)
    event = Kehadiran.pgh_event_model.objects.select_related("pgh_context").get()
    assert event.pgh_obj_id == row.pk
    meta = event.pgh_context.metadata
    assert (meta["user"], meta["sumber"], meta["url"]) == (user.pk, "presensi_mandiri", url)


@pytest.mark.parametrize("jenis", ["PNS", "PPPK"])
def test_tautan_presensi_sama_lewat_orm(monkeypatch, jenis):
    """The QR link's one hand-written read and the ORM's reads (used when a field needs a database converter) give
    the same rows: no participant, a participant without and with an attendance row, no employee, no session."""
    from pelatihan.selectors import kehadiran as sel

    inst, sesi, peserta, user = _dunia(jenis)
    orang_lain = f.PegawaiFactory(instansi=inst, nama="Bukan Peserta")

    def baca():
        hasil = [sel.tautan_presensi(pegawai=p, sesi_id=sesi.pk) for p in (peserta.pegawai, orang_lain, None)]
        hasil.append(sel.tautan_presensi(pegawai=peserta.pegawai, sesi_id=sesi.pk + 1000))
        return [None if h is None else tuple(None if o is None else (type(o), o.pk, o.__dict__.get("status"))
                                             for o in h) + (h[0].program.judul,) for h in hasil]

    def keduanya():
        mentah = baca()
        with monkeypatch.context() as m:
            m.setitem(sel._SQL_TAUTAN, "sql", "")
            assert baca() == mentah
        return mentah

    tanpa = keduanya()
    # [pegawai][0 session, 1 participant, 2 attendance]: the participant without a row, another employee, nobody
    assert tanpa[0][1] is not None and tanpa[0][2] is None and tanpa[1][1] is None and tanpa[2][1] is None
    assert tanpa[3] is None  # no such session
    kehadiran_set(actor=f.hr_user(inst), sesi=sesi, peserta=peserta, status=Kehadiran.Status.IZIN)
    dengan = keduanya()
    assert dengan[0][2][2] == Kehadiran.Status.IZIN
