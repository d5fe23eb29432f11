"""HR's certificate signatory: name, jabatan and (optional) NIP printed on every certificate PDF."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError


class PenandatanganForm(forms.Form):
    nama = forms.CharField(label="Nama penandatangan (dengan gelar)", max_length=200,
                           error_messages={"required": "Nama penandatangan wajib diisi."},
                           help_text="Mis. Dr. H. Ahmad Fauzi, S.E., M.Si.")
    jabatan = forms.CharField(label="Jabatan", max_length=200,
                              error_messages={"required": "Jabatan penandatangan wajib diisi."},
                              help_text="Mis. Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia")
    nip = forms.CharField(label="NIP", max_length=30, required=False,
                          help_text="18 angka; boleh dengan spasi. Kosongkan bila penandatangan bukan PNS.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("simpan", "Simpan"))

    def clean_nama(self):
        return " ".join(self.cleaned_data["nama"].split())

    def clean_jabatan(self):
        return " ".join(self.cleaned_data["jabatan"].split())

    def clean_nip(self):
        mentah = self.cleaned_data["nip"]
        nip = "".join(mentah.split())
        if nip and (len(nip) != 18 or not nip.isdigit()):
            raise ValidationError(f"NIP penandatangan harus 18 angka; yang diisi: \u201c{mentah.strip()}\u201d.")
        return nip
