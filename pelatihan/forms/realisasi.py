"""The monev inputs of a plan (issue 11 §4): the actual spend per plan line and the findings."""

import re

from django import forms


class RupiahField(forms.DecimalField):
    """Rupiah as people type it: ``12500000``, ``12.500.000`` or ``12.500.000,50`` (dots group thousands, the comma
    marks decimals) or ``Rp 12.500.000``."""

    def to_python(self, value):
        if isinstance(value, str):
            teks = re.sub(r"^\s*rp\.?\s*", "", value.strip(), flags=re.IGNORECASE).replace(" ", "")
            if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d{1,2})?", teks) or re.fullmatch(r"\d+,\d{1,2}", teks):
                teks = teks.replace(".", "").replace(",", ".")
            value = teks
        return super().to_python(value)


class MonevForm(forms.Form):
    """One rupiah field per plan line (``biaya_<id>``, empty = not known yet) and the findings. The form keeps what
    was typed when a value is refused; each error names the line (number and programme)."""

    temuan_monev = forms.CharField(
        label="Temuan dan rekomendasi monev", required=False, max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Ditampilkan di laporan monev dan menjadi bahan penyusunan siklus berikutnya.")

    def __init__(self, *args, items, temuan="", **kwargs):
        super().__init__(*args, initial={"temuan_monev": temuan}, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"biaya_{item.pk}"] = RupiahField(
                label=f"{item.nomor}. {item.nama_program}", required=False, min_value=0, max_digits=16,
                decimal_places=2, initial=item.realisasi_biaya,
                error_messages={"min_value": f"Item {item.nomor} ({item.nama_program}): realisasi biaya tidak boleh "
                                             "negatif.",
                                "invalid": f"Item {item.nomor} ({item.nama_program}): isi dengan angka rupiah, "
                                           "mis. 12500000 atau 12.500.000.",
                                "max_digits": f"Item {item.nomor} ({item.nama_program}): angka terlalu besar.",
                                "max_decimal_places": f"Item {item.nomor} ({item.nama_program}): paling banyak "
                                                      "dua angka di belakang koma.",
                                "max_whole_digits": f"Item {item.nomor} ({item.nama_program}): angka terlalu besar."})

    def baris(self):
        """(item, its bound field) pairs for the table."""
        return [(item, self[f"biaya_{item.pk}"]) for item in self.items]

    def biaya(self):
        return {item.pk: self.cleaned_data.get(f"biaya_{item.pk}") for item in self.items}
