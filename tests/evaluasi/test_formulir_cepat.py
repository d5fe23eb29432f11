"""The evaluation form page fetched through its scope as a ``pk IN (scope)`` subquery (issue 14 §2, `make load`:
the scope's DISTINCT over an OR across the objection join, filtered directly with the page's joins, took
PostgreSQL ~30 ms to plan on every opening and save). Who may open and save the form is unchanged, for the form
of a PNS and of a PPPK; the page's queries do not grow with the number of forms and objections."""

import datetime

import pytest
from django.urls import reverse

from evaluasi.models import Evaluasi, Keberatan
from tests import factories as f
from tests.evaluasi.factories import EvaluasiFactory, PeriodeFactory

pytestmark = pytest.mark.django_db


def _dinilai(inst, atasan, jenis_asn):
    if jenis_asn == "PPPK":
        lahir = datetime.date(1990, 5, 17)
        return f.PegawaiFactory(instansi=inst, atasan=atasan, jenis_asn="PPPK", golongan="IX", tanggal_lahir=lahir,
                                nip=f.nip_pppk(lahir, 2023))
    return f.PegawaiFactory(instansi=inst, atasan=atasan, jenis_asn="PNS")


@pytest.fixture
def inst():
    f.ensure_reference_data()
    return f.InstansiFactory(kode="EVC")


def _isi(ev):
    return reverse("evaluasi:evaluasi-isi", args=[ev.pk])


@pytest.mark.parametrize("jenis_asn", ["PNS", "PPPK"])
def test_who_opens_the_form_is_unchanged(client, inst, jenis_asn):
    kepala = f.PegawaiFactory(instansi=inst)
    penilai = f.PegawaiFactory(instansi=inst, atasan=kepala)
    lain = f.PegawaiFactory(instansi=inst, atasan=kepala)
    staf = _dinilai(inst, penilai, jenis_asn)
    periode = PeriodeFactory(instansi=inst, status="dibuka")
    ev = EvaluasiFactory(periode=periode, pegawai=staf, penilai=penilai, penilai_nama=penilai.nama)
    users = {n: f.pegawai_user(p) for n, p in [("penilai", penilai), ("lain", lain), ("staf", staf),
                                                 ("kepala", kepala)]}
    users["hr"] = f.hr_user(inst)
    users["hr_lain"] = f.hr_user(f.InstansiFactory(kode="EVD"))

    def status(nama):
        client.force_login(users[nama])
        return client.get(_isi(ev)).status_code

    assert {n: status(n) for n in users} == {"penilai": 200, "lain": 404, "staf": 404, "kepala": 404, "hr": 200,
                                             "hr_lain": 404}
    client.force_login(users["penilai"])
    assert client.post(_isi(ev), {"aksi": "simpan", "versi": 0, "rating_hasil_kerja": "sesuai",
                                  "rating_perilaku_kerja": "sesuai"}).status_code == 302
    client.force_login(users["lain"])
    assert client.post(_isi(ev), {"aksi": "simpan", "versi": 1}).status_code == 404
    # Submitted: the employee reads it; an objection addressed to the evaluator's atasan lets them open it.
    Evaluasi.objects.filter(pk=ev.pk).update(status="diajukan", rating_hasil_kerja="sesuai",
                                             rating_perilaku_kerja="sesuai", predikat="baik")
    assert status("staf") == 200 and status("kepala") == 404
    Keberatan.objects.create(evaluasi=ev, alasan="Tidak sesuai.", pemutus=kepala)
    assert status("kepala") == 200 and status("lain") == 404


def test_form_page_queries_do_not_grow_with_forms_and_objections(client, inst, django_assert_max_num_queries):
    kepala = f.PegawaiFactory(instansi=inst)
    penilai = f.PegawaiFactory(instansi=inst, atasan=kepala)
    periode = PeriodeFactory(instansi=inst, status="dibuka")
    ev = EvaluasiFactory(periode=periode, pegawai=_dinilai(inst, penilai, "PPPK"), penilai=penilai)
    client.force_login(f.pegawai_user(penilai))
    client.get(_isi(ev))
    with django_assert_max_num_queries(12) as sedikit:
        assert client.get(_isi(ev)).status_code == 200
    for _ in range(5):
        lain = EvaluasiFactory(periode=periode, pegawai=_dinilai(inst, penilai, "PNS"), penilai=penilai,
                               status="diajukan", rating_hasil_kerja="sesuai", rating_perilaku_kerja="sesuai",
                               predikat="baik")
        Keberatan.objects.create(evaluasi=lain, alasan="Tidak sesuai.", pemutus=penilai)
    with django_assert_max_num_queries(len(sedikit.captured_queries)):
        assert client.get(_isi(ev)).status_code == 200


def test_cached_staff_list_shows_own_save_at_once_and_each_kind_of_number(client, inst, settings):
    """"Evaluasi bawahan" is cached by content (pembinaan.fragmen): the supervisor's own draft shows at once, a
    renamed employee too; the PNS row says NIP and the PPPK row NI PPPK; another supervisor never sees the list."""
    settings.FRAGMEN_CACHE_DETIK = 300
    kepala = f.PegawaiFactory(instansi=inst)
    penilai, lain = f.PegawaiFactory(instansi=inst, atasan=kepala), f.PegawaiFactory(instansi=inst, atasan=kepala)
    pns, pppk = _dinilai(inst, penilai, "PNS"), _dinilai(inst, penilai, "PPPK")
    periode = PeriodeFactory(instansi=inst, status="dibuka")
    ev_pns = EvaluasiFactory(periode=periode, pegawai=pns, penilai=penilai, penilai_nama=penilai.nama)
    ev_pppk = EvaluasiFactory(periode=periode, pegawai=pppk, penilai=penilai, penilai_nama=penilai.nama)
    penilai_u, lain_u = f.pegawai_user(penilai), f.pegawai_user(lain)

    def baris(user, ev):
        client.force_login(user)
        html = client.get(reverse("evaluasi:penilai-list")).content.decode()
        awal = html.find(f'data-testid="evaluasi-{ev.pk}"')
        return html[awal:html.index("</tr>", awal)] if awal >= 0 else None

    assert 'data-label="NIP"' in baris(penilai_u, ev_pns) and 'data-label="NI PPPK"' in baris(penilai_u, ev_pppk)
    assert ">Belum diisi<" in baris(penilai_u, ev_pns)
    client.post(_isi(ev_pns), {"aksi": "simpan", "versi": 0, "rating_hasil_kerja": "sesuai",
                               "rating_perilaku_kerja": "sesuai"})
    assert ">Draf<" in baris(penilai_u, ev_pns) and ">Belum diisi<" in baris(penilai_u, ev_pppk)
    pppk.nama = "Nama Baru Pppk"
    pppk.save(update_fields=["nama"])
    assert "Nama Baru Pppk" in baris(penilai_u, ev_pppk)
    assert baris(lain_u, ev_pns) is None
