"""Forms of evaluasi/. The predikat is never a field: the service computes it from the two ratings."""

from django import forms

from .models import BERAKHLAK, Keberatan
from .predikat import Rating
from .services.form import katalog_kompetensi

RADIO = forms.RadioSelect(attrs={"class": "form-check-input"})
CENTANG = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})


class EvaluasiForm(forms.Form):
    """The supervisor's form. Ratings are optional here (a draft may lack them); submit checks them."""

    rating_hasil_kerja = forms.ChoiceField(label="Rating hasil kerja", choices=Rating.choices, required=False,
                                           widget=RADIO)
    rating_perilaku_kerja = forms.ChoiceField(label="Rating perilaku kerja", choices=Rating.choices, required=False,
                                              widget=RADIO)
    umpan_balik = forms.CharField(label="Catatan umpan balik berkelanjutan", required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    rekomendasi = forms.ModelMultipleChoiceField(label="Rekomendasi pengembangan kompetensi", required=False,
                                                 queryset=None,
                                                 widget=CENTANG)
    versi = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, evaluasi, **kwargs):
        if not args and "initial" not in kwargs:
            initial = {
                "rating_hasil_kerja": evaluasi.rating_hasil_kerja,
                "rating_perilaku_kerja": evaluasi.rating_perilaku_kerja,
                "umpan_balik": evaluasi.umpan_balik,
                "rekomendasi": [k.pk for k in evaluasi.rekomendasi.all()] if evaluasi.pk else [],
                "versi": evaluasi.versi,
            }
            for kode, _ in BERAKHLAK:
                initial[f"catatan_{kode}"] = (evaluasi.catatan_perilaku or {}).get(kode, "")
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.fields["rekomendasi"].queryset = katalog_kompetensi(evaluasi.periode.instansi_id)
        for kode, nama in BERAKHLAK:
            self.fields[f"catatan_{kode}"] = forms.CharField(
                label=f"Catatan {nama}", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def perilaku_fields(self):
        return [(nama, self[f"catatan_{kode}"]) for kode, nama in BERAKHLAK]

    def data_layanan(self):
        """The cleaned values in the shape the services take."""
        cd = self.cleaned_data
        return {
            "rating_hasil_kerja": cd.get("rating_hasil_kerja", ""),
            "rating_perilaku_kerja": cd.get("rating_perilaku_kerja", ""),
            "catatan_perilaku": {kode: cd.get(f"catatan_{kode}", "") for kode, _ in BERAKHLAK},
            "umpan_balik": cd.get("umpan_balik", ""),
            "rekomendasi": list(cd.get("rekomendasi") or []),
        }


class KonfirmasiAjukanForm(forms.Form):
    """The confirmation step of "Ajukan": the version of the stored draft the evaluator has just reviewed."""

    versi = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)


class AlasanForm(forms.Form):
    alasan = forms.CharField(label="Alasan", widget=forms.Textarea(attrs={"rows": 3}))


class KeputusanForm(forms.Form):
    keputusan = forms.ChoiceField(
        label="Keputusan", widget=RADIO,
        choices=[(Keberatan.Status.DIKUATKAN, "Kuatkan hasil semula"),
                 (Keberatan.Status.DIUBAH, "Ubah rating (predikat dihitung ulang)")])
    rating_hasil_kerja = forms.ChoiceField(label="Rating hasil kerja baru", choices=Rating.choices, required=False,
                                           widget=RADIO)
    rating_perilaku_kerja = forms.ChoiceField(label="Rating perilaku kerja baru", choices=Rating.choices,
                                              required=False, widget=RADIO)
    pertimbangan = forms.CharField(label="Pertimbangan", widget=forms.Textarea(attrs={"rows": 3}))
