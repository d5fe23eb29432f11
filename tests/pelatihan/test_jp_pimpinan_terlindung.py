"""Pimpinan's JP attainment views follow the disclosure rules (issue 12 §2, pembinaan/pengungkapan.py, k = 5 for
training figures): the JP page per unit and the dashboard's JP panel ("Unit dengan capaian terendah") no longer show
the percentage or mean JP of a unit of fewer than 5 people, nor one that would give it back by subtraction from the
instansi's; HR still read the exact figures on the page per unit. For PNS and for PPPK (when HR gave PPPK a target)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from pelatihan.models import AturanJP
from pelatihan.services import jp as ledger
from tests import factories as f
from tests.mentoring.factories import SesiMentoringFactory
from tests.pelatihan.rencana_data import pppk

pytestmark = pytest.mark.django_db

PERSEN = re.compile(r"\d+[,.]\d\s*%")


def _pegawai(inst, unit, jenis):
    if jenis == "PPPK":
        return pppk(instansi=inst, unit_kerja=unit)
    return f.PegawaiFactory(instansi=inst, unit_kerja=unit)


class Data:
    """Dinas A: 10 PNS, 5 at 20 JP. Dinas B: 12 PNS, 6 at 20 JP. Dinas C: 2 employees of ``jenis`` (PPPK with a
    20 JP target set by HR), one at 20 JP: 50 % of a base of 2. Dinas D: 16 PNS, 8 at 20 JP. The instansi: 20 of
    40, 50 %."""

    def __init__(self, jenis):
        self.inst = f.InstansiFactory(kode="LINDUNG", nama="Pemerintah Kabupaten Lindung")
        if jenis == "PPPK":
            AturanJP.objects.create(instansi=self.inst, jenis_asn="PPPK", target=20, batas=24)
        hari = timezone.localdate()
        for nama, n, capai, jenis_unit in (("A", 10, 5, "PNS"), ("B", 12, 6, "PNS"), ("C", 2, 1, jenis),
                                           ("D", 16, 8, "PNS")):
            unit = f.UnitKerjaFactory(instansi=self.inst, nama=f"Dinas {nama}")
            for i in range(n):
                pg = _pegawai(self.inst, unit, jenis_unit)
                if i < capai:
                    ledger.kredit_set(pegawai_id=pg.pk, tanggal=hari, jp=20, keterangan="Bimtek",
                                      sesi_mentoring_id=SesiMentoringFactory().pk)
        self.hr = f.hr_user(self.inst)
        self.pimpinan = f.pimpinan_user(self.inst)


@pytest.fixture(params=["PNS", "PPPK"])
def d(request):
    return Data(request.param)


def _baris(html, unit):
    awal = html.index(f">{unit}<")
    return html[awal:html.index("</tr>", awal)]


def _unit_tampil(html):
    return [u for u in ("Dinas A", "Dinas B", "Dinas C", "Dinas D") if PERSEN.search(_baris(html, u))]


def test_pimpinan_tidak_melihat_persen_unit_kecil_di_halaman_per_unit(client, d):
    client.force_login(d.pimpinan)
    r = client.get(reverse("pelatihan:jp-unit"))
    assert r.status_code == 200
    html = r.content.decode()
    kecil = _baris(html, "Dinas C")
    assert not PERSEN.search(kecil), kecil  # was "50.0%" (one of two people)
    assert "—" in kecil or "&lt; 5" in kecil
    # More units hide with it, else the instansi's 50,0 % of 40 and the other units would give C back.
    tampil = _unit_tampil(html)
    assert 0 < len(tampil) < 3
    assert "50,0 % dari yang bertarget" in html  # the instansi's 20 of 40 stays
    assert 'data-testid="catatan-pengungkapan"' in html
    # Hidden units come after the shown ones (their place in an order by attainment would tell it).
    assert all(html.index(">Dinas C<") > html.index(f">{u}<") for u in tampil)


def test_hr_tetap_melihat_angka_tepat(client, d):
    client.force_login(d.hr)
    html = client.get(reverse("pelatihan:jp-unit")).content.decode()
    assert "50,0 %" in _baris(html, "Dinas C")
    assert 'data-testid="catatan-pengungkapan"' not in html


def test_panel_dasbor_tidak_mengurutkan_unit_kecil(client, d, settings):
    settings.DASBOR_CACHE_DETIK = 0
    client.force_login(d.pimpinan)
    r = client.get(reverse("dasbor"))
    assert r.status_code == 200
    html = r.content.decode()
    panel = html[html.index('data-testid="panel-jp"'):]
    terendah = panel[panel.index("Unit dengan capaian terendah"):panel.index("</ul>")]
    assert "Dinas C" not in terendah  # was "Dinas C: 50.0%"
    # Only the units whose attainment pimpinan may read are ranked (none hidden with C either).
    tampil = _unit_tampil(client.get(reverse("pelatihan:jp-unit")).content.decode())
    assert [u for u in ("Dinas A", "Dinas B", "Dinas C", "Dinas D") if f"{u}:" in terendah] == tampil
    assert "50,0 %" in panel
