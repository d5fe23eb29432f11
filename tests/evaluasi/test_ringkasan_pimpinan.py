"""What pimpinan see of evaluation results (issue 12 §2): the disclosure rules of pembinaan/pengungkapan.py on
the period overview and the dashboard panel. A unit with one submitted form used to show that person's predikat
as "1 (100 %)"."""

import datetime
import re

import pytest
from django.urls import reverse

from evaluasi import selectors
from evaluasi.models import Evaluasi
from evaluasi.predikat import Predikat
from pembinaan.pengungkapan import Ambang
from tests import factories as f
from tests.evaluasi.factories import PeriodeFactory

pytestmark = pytest.mark.django_db

K = 10  # TRANSPARANSI_K_EVALUASI default


@pytest.fixture
def inst():
    return f.InstansiFactory(kode="REJANG", nama="Pemerintah Kabupaten Rejang Lebong")


@pytest.fixture
def periode(inst):
    return PeriodeFactory(instansi=inst, status="dibuka")


def _isi(periode, unit, sebaran, jenis_asn="PNS"):
    """Submitted forms in ``unit``: {predikat: how many}."""
    for predikat, n in sebaran.items():
        for _ in range(n):
            if jenis_asn == "PPPK":
                lahir = datetime.date(1990, 2, 25)
                pegawai = f.PegawaiFactory(instansi=periode.instansi, unit_kerja=unit, jenis_asn="PPPK",
                                           golongan="IX", tanggal_lahir=lahir, tmt_cpns=datetime.date(2023, 3, 1),
                                           nip=f.nip_pppk(lahir, 2023))
            else:
                pegawai = f.PegawaiFactory(instansi=periode.instansi, unit_kerja=unit)
            Evaluasi.objects.create(periode=periode, pegawai=pegawai, unit_kerja=unit, status="diajukan",
                                    rating_hasil_kerja="sesuai", rating_perilaku_kerja="sesuai", predikat=predikat)


@pytest.fixture
def unit(inst, periode):
    """Dinas Kecil: one submitted form; Dinas Besar: 31 with small cells; Dinas Seragam: 22, all Baik."""
    u = {nama: f.UnitKerjaFactory(instansi=inst, nama=nama) for nama in ("Dinas Kecil", "Dinas Besar", "Dinas Seragam")}
    _isi(periode, u["Dinas Kecil"], {Predikat.SANGAT_BAIK: 1})
    _isi(periode, u["Dinas Besar"], {Predikat.SANGAT_BAIK: 3, Predikat.BAIK: 14, Predikat.BUTUH_PERBAIKAN: 12,
                                     Predikat.KURANG: 2})
    _isi(periode, u["Dinas Seragam"], {Predikat.BAIK: 22})
    return u


def _baris(page, nama):
    """The organisational predikat and distribution cells of a unit's row."""
    awal = page.index(f'data-unit="{nama}"')
    baris = page[awal:page.index("</tr>", awal)]
    return baris[baris.index('data-kolom="predikat_organisasi"'):]


def _angka_sel(html):
    """The numbers written in the distribution cells of a piece of the page."""
    sel = re.findall(r'data-predikat="[a-z_]+">(.*?)</td>', html, re.S)
    return [int(m.group(1)) for s in sel for m in [re.match(r"\s*(\d+)\b", re.sub(r"<[^>]+>", "", s))] if m]


@pytest.mark.parametrize("jenis_asn", ["PNS", "PPPK"])
def test_pimpinan_do_not_see_the_predikat_of_the_one_person_in_a_unit(client, inst, periode, jenis_asn):
    kecil = f.UnitKerjaFactory(instansi=inst, nama="Dinas Kecil")
    _isi(periode, kecil, {Predikat.SANGAT_BAIK: 1}, jenis_asn=jenis_asn)
    besar = f.UnitKerjaFactory(instansi=inst, nama="Dinas Besar")
    _isi(periode, besar, {Predikat.BAIK: 15, Predikat.BUTUH_PERBAIKAN: 12}, jenis_asn=jenis_asn)
    url = reverse("evaluasi:periode-overview", args=[periode.pk])
    client.force_login(f.pimpinan_user(inst))
    page = client.get(url).content.decode()
    baris = _baris(page, "Dinas Kecil")
    assert "(100" not in baris and _angka_sel(baris) == []
    assert "rincian tidak ditampilkan" in baris
    assert 'data-testid="peringatan"' not in page  # the curve warning would say who got what
    # HR open individual forms anyway: the exact numbers and the warning stay theirs.
    client.force_login(f.hr_user(inst))
    page = client.get(url).content.decode()
    assert _angka_sel(_baris(page, "Dinas Kecil")) == [1, 0, 0, 0, 0]
    assert 'data-testid="peringatan"' in page and "Sangat Baik 100%" not in page
    assert "Baik seharusnya predikat terbanyak" in page


def test_pimpinan_see_no_count_below_k_and_nothing_recoverable(client, inst, periode, unit):
    client.force_login(f.pimpinan_user(inst))
    page = client.get(reverse("evaluasi:periode-overview", args=[periode.pk])).content.decode()
    tabel = page[page.index('data-testid="overview"'):page.index("</table>")]
    assert not [n for n in _angka_sel(tabel) if 0 < n < K]
    besar = _baris(page, "Dinas Besar")
    assert 'data-predikat="sangat_baik"><span class="text-muted" title="Disembunyikan' in besar  # 3
    assert 'data-predikat="kurang"><span class="text-muted" title="Disembunyikan' in besar  # 2
    assert 12 in _angka_sel(besar)
    assert "rincian tidak ditampilkan" in _baris(page, "Dinas Seragam")  # everyone Baik
    assert 'data-testid="catatan-pengungkapan"' in page


def test_protected_overview_passes_the_crawler_checks(periode, unit):
    data = selectors.overview(periode=periode, ambang=Ambang())
    assert data["dilindungi"]
    # Rebuild what the page shows as cells and attack it: the submitted count per unit is on the page too.
    from pembinaan.pengungkapan import KATEGORI_TOTAL, Sel, terbongkar

    sel = []
    for nama, baris, jumlah in [("Kab", data["total"], data["total"]["diajukan"])] + [
            (u["nama"], u, u["diajukan"]) for u in data["unit"]]:
        for d in baris["distribusi"]:
            sel.append(Sel("p", nama, d["predikat"], "jumlah", None if d["disembunyikan"] else d["n"],
                           d["disembunyikan"], d["alasan"], d["tampil"]))
        sel.append(Sel("p", nama, KATEGORI_TOTAL, "jumlah", jumlah, False, "", str(jumlah)))
    assert terbongkar(sel) == []
    # The submitted count per unit is shown to pimpinan as it was (a process figure, not a result).
    assert not [s for s in sel if not s.disembunyikan and s.kategori != KATEGORI_TOTAL and 0 < s.nilai < K]


def test_dashboard_panel_protects_the_distribution(client, inst, periode, unit):
    # Instansi: 4 Sangat Baik, 36 Baik, 12 Butuh Perbaikan, 2 Kurang, 0 Sangat Kurang.
    client.force_login(f.pimpinan_user(inst))
    page = client.get(reverse("dasbor")).content.decode()
    panel = page[page.index('data-testid="panel-distribusi"'):]
    panel = panel[:panel.index("</ul>")]
    terlihat = dict(re.findall(r"<li>([^:<]+): (?:<span[^>]*>)?([^<(]+)", panel))
    assert terlihat["Sangat Baik"].strip() == "&lt; 10" and terlihat["Kurang/Misconduct"].strip() == "&lt; 10"
    assert terlihat["Baik"].strip() == "36" and terlihat["Sangat Kurang"].strip() == "0"
    assert not [v for v in terlihat.values() if v.strip().isdigit() and 0 < int(v) < K]


def test_pimpinan_overview_keeps_a_fixed_number_of_queries(client, inst, periode, unit,
                                                          django_assert_max_num_queries):
    client.force_login(f.pimpinan_user(inst))
    url = reverse("evaluasi:periode-overview", args=[periode.pk])
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    for i in range(5):
        _isi(periode, f.UnitKerjaFactory(instansi=inst, nama=f"Dinas Tambahan {i}"), {Predikat.BAIK: 3})
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
