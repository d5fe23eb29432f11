"""Forms of check-in and the organiser's attendance list."""

from django import forms

from ..models import Kehadiran


class PresensiForm(forms.Form):
    kode = forms.CharField(
        label="Kode presensi", max_length=12,
        widget=forms.TextInput(attrs={
            "class": "form-control form-control-lg text-center kode-presensi", "autocomplete": "off",
            "autocapitalize": "characters", "spellcheck": "false", "inputmode": "text", "autofocus": True,
            "placeholder": "mis. K7P2QD", "aria-describedby": "kode-bantuan"}))


class KehadiranForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=Kehadiran.Status.choices,
                               widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    alasan = forms.CharField(label="Alasan", max_length=255, required=False,
                             widget=forms.TextInput(attrs={"class": "form-control form-control-sm",
                                                           "placeholder": "Alasan (wajib bila mengubah)"}))
