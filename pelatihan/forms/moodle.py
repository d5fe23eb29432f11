"""The upload form of a Moodle course completion report."""

from django import forms

from ..impor_moodle import IDENTITAS

MAKS_BERKAS = 5 * 1024 * 1024


class MoodleImporForm(forms.Form):
    berkas = forms.FileField(label="Laporan penyelesaian kursus (CSV atau XLSX dari Moodle)",
                             widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".csv,.xlsx"}))
    identitas = forms.ChoiceField(
        label="Kolom identitas", initial="nip", widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        choices=[("nip", f"{IDENTITAS['nip']}: berisi NIP pegawai"),
                 ("email", f"{IDENTITAS['email']}: e-mail pegawai yang tercatat di sini")])
    periksa_saja = forms.BooleanField(label="Periksa saja, jangan simpan", required=False,
                                      widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        if berkas.size > MAKS_BERKAS:
            raise forms.ValidationError("Berkas lebih dari 5 MB.")
        return berkas
