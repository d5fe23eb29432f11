"""HR's forms of the LTI 1.3 platform: a tool registration, and attaching a tool to a programme."""

from django import forms

from ..models import RegistrasiLTI


class RegistrasiForm(forms.ModelForm):
    url_login = forms.URLField(label="URL OIDC login tool", max_length=500, assume_scheme="https")
    url_launch = forms.URLField(label="URL launch tool", max_length=500, assume_scheme="https")
    url_jwks = forms.URLField(label="URL JWKS tool", max_length=500, assume_scheme="https", required=False,
                              help_text="Isi URL JWKS tool atau tempel kunci publiknya (PEM) di bawah.")

    class Meta:
        model = RegistrasiLTI
        fields = ["nama", "client_id", "deployment_id", "url_login", "url_launch", "url_jwks", "kunci_publik",
                  "kirim_nama", "kirim_email", "aktif"]
        widgets = {"kunci_publik": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"url_jwks": "Isi URL JWKS tool atau tempel kunci publiknya (PEM) di bawah.",
                      "kirim_nama": "Nama pegawai ikut dikirim ke tool.",
                      "kirim_email": "E-mail pegawai ikut dikirim ke tool."}

    def clean(self):
        data = super().clean()
        if not data.get("url_jwks") and not data.get("kunci_publik"):
            raise forms.ValidationError("Isi URL JWKS tool atau kunci publiknya.")
        return data


class PasangToolForm(forms.Form):
    registrasi = forms.ModelChoiceField(label="Tool LTI", queryset=RegistrasiLTI.objects.none())

    def __init__(self, *args, registrasi, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registrasi"].queryset = registrasi
