"""A web address typed without its scheme is taken as https:// (issue 10 removed the deprecated
FORMS_URLFIELD_ASSUME_HTTPS setting; the forms with an address say so themselves)."""

import warnings

import pytest
from django.conf import settings

from pembinaan.forms import TautanField


def test_setting_usang_tidak_dipakai_lagi():
    assert not settings.is_overridden("FORMS_URLFIELD_ASSUME_HTTPS")


def test_alamat_tanpa_skema_menjadi_https_tanpa_peringatan_usang():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        field = TautanField(required=False)
    assert field.clean("zoom.us/j/1") == "https://zoom.us/j/1"
    assert field.clean("http://intranet.example/kelas") == "http://intranet.example/kelas"


@pytest.mark.parametrize("nama_form", ["ProgramForm", "SesiForm"])
def test_form_pelatihan_memakai_https_untuk_tautan(nama_form):
    """The training forms' link fields (online class, session link) keep assuming https://."""
    from pelatihan import forms as pelatihan_forms

    field = getattr(pelatihan_forms, nama_form).base_fields["tautan"]
    assert field.clean("zoom.us/j/123") == "https://zoom.us/j/123"
