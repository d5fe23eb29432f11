"""Every permission decision of pelatihan lives in pelatihan/access.py: no view, service, selector, form, task or
template of pelatihan reads a role (issue 10). A source scan: it fails when one does."""

import re
from pathlib import Path

AKAR = Path(__file__).resolve().parents[2]
PERAN_PY = re.compile(r"\bperan\(|\.(hr|pimpinan|superadmin|is_superuser|is_staff)\b|\bperan\(\w+\)\.atasan")
PERAN_HTML = re.compile(r"\bperan\.|\buser\.(is_superuser|is_staff)\b|\.(hr|pimpinan|superadmin)\b")


def _temuan(berkas, pola):
    return [f"{b.relative_to(AKAR)}:{n}: {baris.strip()}" for b in berkas
            for n, baris in enumerate(b.read_text(encoding="utf-8").splitlines(), 1) if pola.search(baris)]


def test_no_pelatihan_module_outside_access_reads_a_role():
    berkas = [b for b in (AKAR / "pelatihan").rglob("*.py")
              if b.name != "access.py" and "migrations" not in b.parts]
    assert _temuan(berkas, PERAN_PY) == []


def test_no_pelatihan_template_reads_a_role():
    assert _temuan(sorted((AKAR / "templates" / "pelatihan").rglob("*.html")), PERAN_HTML) == []
