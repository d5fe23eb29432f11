"""Forms of certificates (HR's signatory: name, jabatan and optional NIP printed on every PDF), of the feedback
questionnaire and of the post-training evaluation."""

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


# ---------------------------------------------------------------------------- feedback and post-training evaluation

SKALA = [(i, str(i)) for i in range(1, 6)]


def _nilai(label, help_text=""):
    return forms.TypedChoiceField(label=label, choices=SKALA, coerce=int, widget=forms.RadioSelect,
                                  help_text=help_text)


class UmpanBalikForm(forms.Form):
    nilai_penyelenggaraan = _nilai("Penyelenggaraan", "Tempat, jadwal, layanan panitia, sarana.")
    nilai_materi = _nilai("Materi", "Relevan dengan pekerjaan, jelas, mutakhir.")
    komentar = forms.CharField(label="Komentar dan saran", required=False, max_length=4000,
                               widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}))

    def __init__(self, *args, narasumber=(), disabled=False, **kwargs):
        super().__init__(*args, **kwargs)
        for n in narasumber:
            self.fields[f"narasumber_{n.pk}"] = _nilai(n.nama, n.asal)
        if disabled:
            for f in self.fields.values():
                f.disabled = True

    def skala(self):
        return [self[name] for name in self.fields if name != "komentar"]

    def nilai_narasumber(self):
        return {int(k.removeprefix("narasumber_")): v for k, v in self.cleaned_data.items()
                if k.startswith("narasumber_")}


class EvaluasiPascaForm(forms.Form):
    penerapan = _nilai("Penerapan hasil pelatihan dalam pekerjaan",
                       "1 = belum diterapkan sama sekali, 5 = diterapkan sepenuhnya dan ditularkan ke rekan kerja.")
    contoh_penerapan = forms.CharField(label="Contoh penerapan", max_length=4000,
                                       widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}))
    dampak = forms.CharField(label="Dampak pada kinerja pegawai / unit", required=False, max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}))
