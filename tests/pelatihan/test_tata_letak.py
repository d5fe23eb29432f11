"""pelatihan keeps the one layout of the four apps (issue 10): forms only in pelatihan/forms/, no model written from a
view (writes go through services). Source scans: they fail when a form class or a write appears elsewhere."""

import re
from pathlib import Path

AKAR = Path(__file__).resolve().parents[2] / "pelatihan"
KELAS_FORM = re.compile(r"^class \w+\((forms\.\w*Form|forms\.\w+Field)\b", re.M)
TULIS = re.compile(r"\.(save|delete|update_or_create|get_or_create|bulk_create|bulk_update)\(|\.objects\.create\(|"
                   r"\.objects(\.\w+\([^)]*\))*\.update\(")


def _modul(*kecuali):
    return [b for b in AKAR.rglob("*.py") if "migrations" not in b.parts and not any(k in b.parts for k in kecuali)]


def test_form_classes_live_in_pelatihan_forms_only():
    assert [str(b.relative_to(AKAR)) for b in _modul("forms") if KELAS_FORM.search(b.read_text())] == []
    assert not list(AKAR.glob("forms_*.py"))


def test_views_write_no_model():
    temuan = [f"{b.name}:{n}: {baris.strip()}" for b in (AKAR / "views").glob("*.py")
              for n, baris in enumerate(b.read_text().splitlines(), 1) if TULIS.search(baris)]
    assert temuan == []


def test_services_take_plain_data_not_forms():
    parameter_form = re.compile(r"^def \w+\(\*[^)]*\bform\b", re.M)
    assert [b.name for b in (AKAR / "services").glob("*.py") if parameter_form.search(b.read_text())] == []
