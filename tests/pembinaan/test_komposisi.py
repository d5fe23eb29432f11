"""Composition (issue 10): the records app imports no app built on it; those apps put their parts into its pages
through ``pembinaan.komposisi``, and the pages show them as before."""

import ast
from pathlib import Path

import pytest
from django.urls import reverse

from tests import factories as f

PEMBINAAN = Path(__file__).resolve().parents[2] / "pembinaan"
DI_ATAS = {"pelatihan", "evaluasi", "mentoring"}
# The project package's own files (pembinaan is also the project): the URL root includes every app.
PROYEK = {"urls.py", "celery.py", "wsgi.py", "asgi.py"}


def _impor_ke_atas(path):
    pohon = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(pohon):  # inside functions too: a deferred import is still an import
        nama = ([a.name for a in node.names] if isinstance(node, ast.Import)
                else [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else [])
        for n in nama:
            if n.split(".")[0] in DI_ATAS:
                yield f"{path.relative_to(PEMBINAAN.parent)}:{node.lineno} imports {n}"


def test_lapisan_catatan_tidak_mengimpor_aplikasi_di_atasnya():
    berkas = [p for p in PEMBINAAN.rglob("*.py")
              if "migrations" not in p.parts and "settings" not in p.parts
              and not (p.parent == PEMBINAAN and p.name in PROYEK)]
    assert len(berkas) > 20
    salah = [baris for p in berkas for baris in _impor_ke_atas(p)]
    assert not salah, "\n".join(salah)


@pytest.mark.django_db
def test_dasbor_menampilkan_panel_aplikasi_lain_berurutan(client, settings):
    settings.DASBOR_CACHE_DETIK = 0
    inst = f.InstansiFactory()
    f.PegawaiFactory(instansi=inst)
    client.force_login(f.hr_user(inst))
    page = client.get(reverse("dasbor")).content.decode()
    posisi = [page.find(f'data-testid="{nama}"') for nama in ("panel-jp", "panel-mentoring")]
    evaluasi = page.find("Tidak ada periode evaluasi yang sedang dibuka.")
    assert -1 not in (*posisi, evaluasi)
    assert posisi[0] < evaluasi < posisi[1] < page.find("Per unit kerja (OPD)")
