"""Who evaluates (docs/domain.md §6.2): evaluators hear when a period opens; HR is warned of evaluators who are
pelaksana (on opening, on the period page, on reassigning), for PNS and PPPK evaluators alike; garbage in the URL
answers 400."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from evaluasi.models import Evaluasi
from evaluasi.services import periode as svc
from pembinaan.models import Notifikasi
from tests import factories as f
from tests.evaluasi.factories import PeriodeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def inst():
    return f.InstansiFactory(kode="MUKOMUKO", nama="Pemerintah Kabupaten Mukomuko")


@pytest.fixture
def hr(inst):
    return f.hr_user(inst)


def _pppk(inst, **kw):
    lahir = datetime.date(1990, 2, 25)
    return f.PegawaiFactory(instansi=inst, jenis_asn="PPPK", golongan="IX", tanggal_lahir=lahir,
                            tmt_cpns=datetime.date(2023, 3, 1), nip=f.nip_pppk(lahir, 2023), **kw)


def _pegawai(inst, jenis_asn, **kw):
    return _pppk(inst, **kw) if jenis_asn == "PPPK" else f.PegawaiFactory(instansi=inst, **kw)


def _jabatan(inst, jenis, nama):
    return f.JabatanFactory(instansi=inst, jenis=jenis, nama=nama)


@pytest.fixture
def tim(inst):
    """A Kepala Seksi (pengawas, PNS) with two staff; a PNS pelaksana and a PPPK pelaksana each acting as the
    atasan of one employee (the data says so: HR must be warned, not blocked)."""
    kasi = f.PegawaiFactory(instansi=inst, nama="Kasi Pengawas", jabatan=_jabatan(inst, "pengawas", "Kepala Seksi"))
    staf = [f.PegawaiFactory(instansi=inst, nama=f"Staf Seksi {i}", atasan=kasi) for i in (1, 2)]
    pns = f.PegawaiFactory(instansi=inst, nama="Pelaksana Pns",
                           jabatan=_jabatan(inst, "pelaksana", "Pengadministrasi Umum"))
    pppk = _pppk(inst, nama="Pelaksana Pppk", jabatan=_jabatan(inst, "pelaksana", "Operator Layanan"))
    bawahan_pns = f.PegawaiFactory(instansi=inst, nama="Bawahan Pelaksana Pns", atasan=pns)
    bawahan_pppk = f.PegawaiFactory(instansi=inst, nama="Bawahan Pelaksana Pppk", atasan=pppk)
    for p in (kasi, pns, pppk):
        f.pegawai_user(p)
    return dict(kasi=kasi, staf=staf, pns=pns, pppk=pppk, bawahan_pns=bawahan_pns, bawahan_pppk=bawahan_pppk)


def test_opening_tells_each_evaluator_once_with_the_count_and_a_link_to_their_forms(client, inst, hr, tim):
    tanpa_akun = f.PegawaiFactory(instansi=inst, nama="Atasan Tanpa Akun")
    f.PegawaiFactory(instansi=inst, atasan=tanpa_akun)
    periode = PeriodeFactory(instansi=inst, nama="Triwulan III 2026", tenggat=datetime.date(2026, 10, 14))

    client.force_login(hr)
    resp = client.post(reverse("evaluasi:periode-action", args=[periode.pk, "buka"]), follow=True)
    assert "3 penilai diberi tahu" in resp.content.decode()

    rows = {r.penerima_id: r for r in Notifikasi.objects.filter(jenis=svc.JENIS_PERIODE_DIBUKA)}
    assert set(rows) == {tim["kasi"].user_id, tim["pns"].user_id, tim["pppk"].user_id}  # one each; none to HR
    ke_kasi = rows[tim["kasi"].user_id]
    assert "2 formulir" in ke_kasi.judul and "14-10-2026" in ke_kasi.isi and "Triwulan III 2026" in ke_kasi.isi
    assert ke_kasi.email_tujuan == tim["kasi"].user.email and ke_kasi.status_email == "menunggu"  # e-mail too
    assert "1 formulir" in rows[tim["pppk"].user_id].judul

    client.force_login(tim["kasi"].user)
    halaman = client.get(ke_kasi.tautan)
    assert halaman.status_code == 200
    isi = halaman.content.decode()
    assert all(s.nama in isi for s in tim["staf"]) and "Bawahan Pelaksana" not in isi


@pytest.mark.parametrize("jenis_asn", ["PNS", "PPPK"])
def test_period_opening_lists_pelaksana_evaluators_with_a_link_to_reassign(client, inst, hr, tim, jenis_asn):
    periode = PeriodeFactory(instansi=inst)
    client.force_login(hr)
    resp = client.post(reverse("evaluasi:periode-action", args=[periode.pk, "buka"]), follow=True)
    pesan = [str(m) for m in get_messages(resp.wsgi_request)] + [str(m) for m in resp.context["messages"]]
    assert any("2 penilai berjabatan pelaksana (2 formulir)" in m for m in pesan), pesan
    isi = resp.content.decode()
    penilai = tim["pns"] if jenis_asn == "PNS" else tim["pppk"]
    bawahan = tim["bawahan_pns"] if jenis_asn == "PNS" else tim["bawahan_pppk"]
    ev = Evaluasi.objects.get(periode=periode, pegawai=bawahan)
    assert penilai.nama in isi and bawahan.nama in isi and "Kasi Pengawas" not in isi.split("penilai-pelaksana")[1]
    label = "NI PPPK" if jenis_asn == "PPPK" else "NIP"
    assert f"{label} {penilai.nip}" in isi
    tautan = reverse("evaluasi:evaluasi-reassign", args=[ev.pk])
    assert tautan in isi
    assert client.get(tautan).status_code == 200

    # Reassigned to the pengawas: the form leaves the list (the warning is not a block, nothing else changes).
    client.post(tautan, {"nip_penilai": tim["kasi"].nip, "alasan": "Atasan definitif"}, follow=True)
    isi = client.get(reverse("evaluasi:periode-detail", args=[periode.pk])).content.decode()
    assert bawahan.nama not in isi and "1 penilai, 1 formulir" in isi


def test_pimpinan_sees_no_list_of_pelaksana_evaluators(client, inst, hr, tim):
    periode = PeriodeFactory(instansi=inst)
    svc.periode_open(actor=hr, periode=periode)
    client.force_login(f.pimpinan_user(inst))
    isi = client.get(reverse("evaluasi:periode-detail", args=[periode.pk])).content.decode()
    assert "penilai-pelaksana" not in isi and tim["pns"].nama not in isi


@pytest.mark.parametrize("jenis_asn", ["PNS", "PPPK"])
def test_reassigning_to_a_pelaksana_warns_and_still_assigns(client, inst, hr, tim, jenis_asn):
    periode = PeriodeFactory(instansi=inst)
    svc.periode_open(actor=hr, periode=periode)
    ev = Evaluasi.objects.get(periode=periode, pegawai=tim["staf"][0])
    baru = _pegawai(inst, jenis_asn, nama=f"Plt Pelaksana {jenis_asn}",
                    jabatan=_jabatan(inst, "pelaksana", "Pengelola Data"))
    client.force_login(hr)
    resp = client.post(reverse("evaluasi:evaluasi-reassign", args=[ev.pk]),
                       {"nip_penilai": baru.nip, "alasan": "Plt sesuai SPT"}, follow=True)
    assert resp.status_code == 200
    ev.refresh_from_db()
    assert ev.penilai_id == baru.pk  # assigned
    pesan = [(m.level_tag, str(m)) for m in resp.context["messages"]]
    label = "NI PPPK" if jenis_asn == "PPPK" else "NIP"
    assert ("warning", next(m for t, m in pesan if t == "warning")) in pesan
    peringatan = next(m for t, m in pesan if t == "warning")
    assert f"{label} {baru.nip}" in peringatan and "pelaksana" in peringatan and "pengawas" in peringatan


@pytest.mark.parametrize("jenis_asn", ["PNS", "PPPK"])
def test_reassigning_to_a_structural_official_gives_no_warning(client, inst, hr, tim, jenis_asn):
    periode = PeriodeFactory(instansi=inst)
    svc.periode_open(actor=hr, periode=periode)
    ev = Evaluasi.objects.get(periode=periode, pegawai=tim["bawahan_pns"])
    jenis = "pengawas" if jenis_asn == "PNS" else "jpt_pratama"  # PPPK may hold a JPT (UU 20/2023)
    baru = _pegawai(inst, jenis_asn, jabatan=_jabatan(inst, jenis, "Kepala"))
    client.force_login(hr)
    resp = client.post(reverse("evaluasi:evaluasi-reassign", args=[ev.pk]),
                       {"nip_penilai": baru.nip, "alasan": "Atasan baru"}, follow=True)
    ev.refresh_from_db()
    assert ev.penilai_id == baru.pk
    assert [m.level_tag for m in resp.context["messages"]] == ["success"]


@pytest.mark.parametrize(("nama", "query"), [
    ("evaluasi:periode-tanpa-penilai", "?halaman=abc"),
    ("evaluasi:periode-tanpa-penilai", "?halaman=99999999999999999999999"),
    ("evaluasi:periode-tanpa-penilai", "?halaman=0"),
    ("evaluasi:periode-overview", "?org_abc=baik"),
    ("evaluasi:periode-overview", "?org_1=luar_biasa"),
    ("evaluasi:periode-overview", "?org_123456789012345678901234=baik"),
    ("evaluasi:keberatan-hr", "?tanpa_pemutus=ya"),
])
def test_garbage_in_the_query_string_answers_400(client, inst, hr, tim, nama, query):
    periode = PeriodeFactory(instansi=inst)
    svc.periode_open(actor=hr, periode=periode)
    client.force_login(hr)
    args = [] if nama == "evaluasi:keberatan-hr" else [periode.pk]
    assert client.get(reverse(nama, args=args)).status_code == 200
    assert client.get(reverse(nama, args=args) + query).status_code == 400


def test_valid_query_values_still_work(client, inst, hr, tim):
    periode = PeriodeFactory(instansi=inst)
    svc.periode_open(actor=hr, periode=periode)
    client.force_login(hr)
    assert client.get(reverse("evaluasi:periode-tanpa-penilai", args=[periode.pk]) + "?halaman=7").status_code == 200
    unit = tim["kasi"].unit_kerja
    resp = client.get(reverse("evaluasi:periode-overview", args=[periode.pk]) + f"?org_{unit.pk}=istimewa")
    assert resp.status_code == 200
    assert 'value="istimewa" selected' in resp.content.decode()
    assert client.get(reverse("evaluasi:keberatan-hr") + "?tanpa_pemutus=1").status_code == 200
