"""The organisational predikat per unit and period (issue 12 §1): HR record it on the overview, it is kept, the
SE MenPANRB 3/2023 curve warning uses it, and the transparency snapshot reads it through a selector."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from evaluasi import selectors
from evaluasi.models import Evaluasi, PredikatOrganisasiUnit
from evaluasi.services.predikat_organisasi import predikat_organisasi_set
from tests import factories as f
from tests.evaluasi.factories import PeriodeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def inst():
    return f.InstansiFactory(kode="KEPAHIANG", nama="Pemerintah Kabupaten Kepahiang")


@pytest.fixture
def hr(inst):
    return f.hr_user(inst)


@pytest.fixture
def periode(inst):
    return PeriodeFactory(instansi=inst, status="dibuka")


@pytest.fixture
def unit(inst):
    dinkes = f.UnitKerjaFactory(instansi=inst, nama="Dinas Kesehatan")
    return {"dinkes": dinkes, "bidang": f.UnitKerjaFactory(instansi=inst, nama="Bidang P2P", induk=dinkes),
            "dikbud": f.UnitKerjaFactory(instansi=inst, nama="Dinas Pendidikan")}


def _ajukan(periode, unit, predikat, jenis_asn="PNS"):
    if jenis_asn == "PPPK":
        import datetime

        lahir = datetime.date(1991, 4, 2)
        pegawai = f.PegawaiFactory(instansi=periode.instansi, unit_kerja=unit, jenis_asn="PPPK", golongan="IX",
                                   tanggal_lahir=lahir, tmt_cpns=datetime.date(2023, 3, 1),
                                   nip=f.nip_pppk(lahir, 2023))
    else:
        pegawai = f.PegawaiFactory(instansi=periode.instansi, unit_kerja=unit)
    Evaluasi.objects.create(periode=periode, pegawai=pegawai, unit_kerja=unit, status="diajukan",
                            rating_hasil_kerja="di_atas", rating_perilaku_kerja="di_atas", predikat=predikat)


def _peringatan(client, periode):
    page = client.get(reverse("evaluasi:periode-overview", args=[periode.pk])).content.decode()
    return page


@pytest.mark.parametrize("jenis_asn", ["PNS", "PPPK"])
def test_hr_record_the_predikat_and_the_curve_warning_uses_it(client, hr, periode, unit, jenis_asn):
    for _ in range(3):
        _ajukan(periode, unit["dinkes"], "sangat_baik", jenis_asn)
    client.force_login(hr)
    page = _peringatan(client, periode)
    # Nothing recorded: Baik is assumed and said so.
    assert "predikat organisasi belum ditetapkan: dianggap Baik" in page
    assert "Baik seharusnya predikat terbanyak" in page
    resp = client.post(reverse("evaluasi:periode-predikat-organisasi", args=[periode.pk]),
                       {f"org_{unit['dinkes'].pk}": "istimewa"}, follow=True)
    assert resp.redirect_chain[-1][0] == reverse("evaluasi:periode-overview", args=[periode.pk])
    assert selectors.predikat_organisasi_periode(periode=periode) == {unit["dinkes"].pk: "istimewa"}
    page = resp.content.decode()
    assert "Predikat organisasi tersimpan (1 unit berubah)" in page
    assert "untuk unit berpredikat Istimewa" in page and "belum ditetapkan: dianggap" not in page
    assert '<option value="istimewa" selected>' in page
    # Kept: a fresh visit (no query string) still uses it.
    assert "untuk unit berpredikat Istimewa" in _peringatan(client, periode)
    row = PredikatOrganisasiUnit.objects.get(periode=periode, unit_kerja=unit["dinkes"])
    assert row.ditetapkan_oleh == hr and row.events.count() == 1  # the history records who set it


def test_pimpinan_see_the_recorded_value_and_cannot_change_it(client, inst, hr, periode, unit):
    _ajukan(periode, unit["dinkes"], "baik")
    predikat_organisasi_set(actor=hr, periode=periode, nilai={unit["dinkes"].pk: "butuh_perbaikan"})
    pimpinan = f.pimpinan_user(inst)
    client.force_login(pimpinan)
    page = _peringatan(client, periode)
    assert "Butuh Perbaikan" in page and 'name="org_' not in page and "Simpan predikat organisasi" not in page
    url = reverse("evaluasi:periode-predikat-organisasi", args=[periode.pk])
    assert client.post(url, {f"org_{unit['dinkes'].pk}": "istimewa"}).status_code == 404
    with pytest.raises(PermissionDenied):
        predikat_organisasi_set(actor=pimpinan, periode=periode, nilai={unit["dinkes"].pk: "istimewa"})
    client.force_login(f.hr_user(f.InstansiFactory(kode="LEBONG", nama="Kabupaten Lebong")))
    assert client.post(url, {f"org_{unit['dinkes'].pk}": "istimewa"}).status_code == 404
    assert selectors.predikat_organisasi_periode(periode=periode) == {unit["dinkes"].pk: "butuh_perbaikan"}
    assert client.get(url).status_code == 405


def test_bad_input_is_refused_whole_with_the_unit_named(client, hr, periode, unit):
    lain = f.UnitKerjaFactory(instansi=f.InstansiFactory(kode="MUKOMUKO", nama="Kab Mukomuko"), nama="Dinas Lain")
    with pytest.raises(ValidationError, match="unit"):
        predikat_organisasi_set(actor=hr, periode=periode, nilai={unit["dinkes"].pk: "baik", lain.pk: "baik"})
    with pytest.raises(ValidationError):  # a sub-unit: the predikat is the OPD's
        predikat_organisasi_set(actor=hr, periode=periode, nilai={unit["bidang"].pk: "baik"})
    with pytest.raises(ValidationError, match="Dinas Pendidikan"):
        predikat_organisasi_set(actor=hr, periode=periode, nilai={unit["dinkes"].pk: "baik",
                                                                   unit["dikbud"].pk: "luar_biasa"})
    assert not PredikatOrganisasiUnit.objects.exists()  # all-or-nothing
    _ajukan(periode, unit["dikbud"], "baik")
    client.force_login(hr)
    resp = client.post(reverse("evaluasi:periode-predikat-organisasi", args=[periode.pk]),
                       {f"org_{unit['dikbud'].pk}": "luar_biasa"})
    assert resp.status_code == 200
    assert "Predikat organisasi Dinas Pendidikan" in resp.content.decode()  # the message names the unit
    assert not PredikatOrganisasiUnit.objects.exists()


def test_clearing_and_units_not_on_the_page_are_left_alone(hr, periode, unit):
    predikat_organisasi_set(actor=hr, periode=periode, nilai={unit["dinkes"].pk: "baik", unit["dikbud"].pk: "kurang"})
    assert predikat_organisasi_set(actor=hr, periode=periode, nilai={unit["dinkes"].pk: ""}) == 1
    assert selectors.predikat_organisasi_periode(periode=periode) == {unit["dikbud"].pk: "kurang"}
    assert predikat_organisasi_set(actor=hr, periode=periode, nilai={unit["dikbud"].pk: "kurang"}) == 0


def test_selector_for_the_snapshot_lists_each_opd_with_its_label(hr, periode, unit):
    predikat_organisasi_set(actor=hr, periode=periode, nilai={unit["dinkes"].pk: "istimewa",
                                                               unit["dikbud"].pk: "sangat_kurang"})
    assert selectors.predikat_organisasi_daftar(periode=periode) == [
        (unit["dinkes"].pk, "Dinas Kesehatan", "Istimewa"), (unit["dikbud"].pk, "Dinas Pendidikan", "Sangat Kurang")]
    # Another period keeps its own values.
    assert selectors.predikat_organisasi_periode(periode=PeriodeFactory(instansi=periode.instansi)) == {}
