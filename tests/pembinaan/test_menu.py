"""The navigation bar's menu (pembinaan/menu.py): every link it gives a role opens for that role, and the
template draws the menu it is given instead of testing role flags itself."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from pembinaan.menu import menu_untuk
from tests.pembinaan import test_access_walk as walk

dunia, d = walk.dunia, walk.d
BASE_HTML = Path(__file__).resolve().parents[2] / "templates" / "base.html"
PERAN_MASUK = [p for p in walk.PERAN if p != walk.ANONIM]


def _tautan(items):
    for item in items:
        if item.dropdown:
            yield from ((f"{item.label} → {a.label}", a.url) for a in item.anak)
        else:
            yield item.label, item.url


@pytest.mark.parametrize("peran", PERAN_MASUK)
def test_setiap_tautan_menu_terbuka_untuk_penerimanya(peran, d, client):
    walk._masuk(client, d, peran)
    halaman = client.get(reverse("notifikasi"))
    assert halaman.status_code == 200
    tautan = list(_tautan(halaman.context["menu"]))
    gagal = []
    for label, url in tautan:
        assert f'href="{url}"' in halaman.content.decode(), f"{label} ({url}) is not drawn in the navbar"
        status = client.get(url).status_code
        if status != 200:
            gagal.append(f"{label} {url}: {status}")
    assert not gagal, f"menu of {peran} links to pages it cannot open:\n" + "\n".join(gagal)


@pytest.mark.parametrize(("peran", "ada", "tidak_ada"), [
    (walk.HR_A, {"Dasbor", "Pegawai", "Impor", "Pelatihan → Capaian 20 JP per unit", "Mentoring → Pasangan mentoring"},
     {"Profil saya", "Pelatihan → JP saya"}),
    (walk.PIMPINAN_A, {"Dasbor", "Organisasi", "Pelatihan → Capaian 20 JP per unit"}, {"Pegawai", "Impor"}),
    (walk.ATASAN_A, {"Bawahan saya", "Profil saya", "Pelatihan → JP saya", "Pelatihan → Evaluasi pascapelatihan",
                     "Evaluasi → Ringkasan penilaian saya"}, {"Dasbor", "Impor"}),
    (walk.PEGAWAI_A, {"Profil saya", "Pelatihan → JP saya", "Evaluasi → Hasil evaluasi saya"},
     {"Bawahan saya", "Pelatihan → Evaluasi pascapelatihan", "Dasbor"}),
])
def test_menu_memuat_halaman_peran(peran, ada, tidak_ada, d):
    """The control for the test above: each role does get its own pages (an empty menu would pass it)."""
    label = {lbl for lbl, _ in _tautan(menu_untuk(d.users[peran]))}
    assert ada <= label, ada - label
    assert not label & tidak_ada, label & tidak_ada


def test_menu_menandai_halaman_yang_dibuka(d, client):
    walk._masuk(client, d, walk.HR_A)
    teks = client.get(reverse("pelatihan:jp-unit")).content.decode()
    url = reverse("pelatihan:jp-unit")
    assert f'<a class="dropdown-item active" href="{url}" aria-current="page">' in teks
    assert teks.count('aria-current="page"') == 1


def test_templat_navigasi_tidak_menguji_peran():
    """base.html draws ``menu``; which entries a role gets is decided in pembinaan/menu.py (access predicates)."""
    assert not re.findall(r"\bperan\.\w+", BASE_HTML.read_text())


def test_menu_catatan_tidak_menamai_halaman_aplikasi_di_atasnya():
    """The records app builds no other app's entries: pelatihan, evaluasi and mentoring register their dropdowns
    through pembinaan.komposisi (daftar_menu), each from its own access module, so menu.py names none of their
    URLs and decides none of their roles (the PPK's plan permission included)."""
    import pembinaan.menu

    sumber = Path(pembinaan.menu.__file__).read_text()
    assert not re.findall(r"""["'](?:pelatihan|evaluasi|mentoring):[\w-]+""", sumber)
    assert "has_perm" not in sumber


@pytest.mark.parametrize("peran", [walk.HR_A, walk.PIMPINAN_A, walk.ATASAN_A, walk.PEGAWAI_A])
def test_dropdown_aplikasi_berurutan_pelatihan_evaluasi_mentoring(peran, d):
    label = [i.label for i in menu_untuk(d.users[peran]) if i.dropdown]
    assert label == [x for x in ("Pelatihan", "Evaluasi", "Mentoring") if x in label] and "Pelatihan" in label
