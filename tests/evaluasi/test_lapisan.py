"""The layout of evaluasi/ holds: role decisions only in evaluasi/access.py, forms only in forms.py, no model
writes in views, no one-letter aliases for status enums. A source scan: it fails on the first file that bends it."""

import ast
import re
from pathlib import Path

import pytest

AKAR = Path(__file__).resolve().parents[2]
APP = AKAR / "evaluasi"
TEMPLATES = AKAR / "templates" / "evaluasi"

# Reading a role attribute (or the roles object) to decide what someone may do or see.
PERAN = re.compile(r"\bperan\(|\.hr\b|\.pimpinan\b|\.superadmin\b|is_superuser|is_staff|GRUP_HR|GRUP_PIMPINAN"
                   r"|\.lihat_dasbor\b|\.pegawai is None")
PERAN_TEMPLATE = re.compile(r"{%\s*(?:if|elif|with)\b[^%]*(?<![-\w'\"])"
                            r"(hr|pimpinan|superadmin|is_superuser|is_staff|peran)\b")


def _modul_di_luar_access():
    return [p for p in sorted(APP.rglob("*.py"))
            if p.name != "access.py" and "migrations" not in p.parts and p.name != "admin.py"]


@pytest.mark.parametrize("path", _modul_di_luar_access(), ids=lambda p: str(p.relative_to(AKAR)))
def test_no_role_flag_outside_access(path):
    hits = [f"{path.relative_to(AKAR)}:{i}: {baris.strip()}"
            for i, baris in enumerate(path.read_text().splitlines(), 1) if PERAN.search(baris)]
    assert hits == []


@pytest.mark.parametrize("path", sorted(TEMPLATES.glob("*.html")), ids=lambda p: p.name)
def test_templates_get_booleans_not_roles(path):
    teks = path.read_text()
    assert PERAN_TEMPLATE.findall(teks) == []
    assert re.findall(r"\son[a-z]+=", teks) == []  # no inline event handlers: the CSP will not allow them


def _kelas_form(path):
    pohon = ast.parse(path.read_text())
    return [n.name for n in ast.walk(pohon) if isinstance(n, ast.ClassDef)
            and any(isinstance(b, ast.Attribute) and b.attr in ("Form", "ModelForm") for b in n.bases)]


def test_forms_live_in_forms_py():
    assert {str(p.relative_to(AKAR)): _kelas_form(p) for p in _modul_di_luar_access()
            if p.name != "forms.py" and _kelas_form(p)} == {}


@pytest.mark.parametrize("path", sorted((APP / "views").glob("*.py")), ids=lambda p: p.name)
def test_views_write_nothing_themselves(path):
    teks = path.read_text()
    assert re.findall(r"\.save\(|\.objects\.(create|update|delete|get_or_create|update_or_create)\b|\.delete\(",
                      teks) == []
    assert re.findall(r"\bobjects\.", teks) == []  # reads go through selectors and access scopes


@pytest.mark.parametrize("path", _modul_di_luar_access(), ids=lambda p: str(p.relative_to(AKAR)))
def test_no_single_letter_alias_for_an_enum(path):
    assert re.findall(r"^[A-Z]{1,2} = \w+(\.\w+)*$", path.read_text(), flags=re.M) == []


def test_services_take_the_actor_as_actor():
    for path in sorted((APP / "services").glob("*.py")):
        for n in ast.walk(ast.parse(path.read_text())):
            if isinstance(n, ast.FunctionDef) and not n.name.startswith("_"):
                nama = [a.arg for a in n.args.args + n.args.kwonlyargs]
                assert not {"user", "pengguna", "oleh"} & set(nama), f"{path.name}:{n.name} {nama}"
