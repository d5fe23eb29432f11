"""HR's JP rules per jenis ASN (docs/domain.md §4.1): the yearly target and the ceiling, blank for none."""

from django import forms

from pembinaan import referensi as ref

JP_MAKS = 500


def _jp(label, help_text):
    return forms.IntegerField(label=label, required=False, min_value=1, max_value=JP_MAKS, help_text=help_text,
                              error_messages={"min_value": "Isi paling sedikit 1 JP, atau kosongkan.",
                                              "max_value": f"Paling banyak {JP_MAKS} JP.",
                                              "invalid": "Isi dengan angka bulat JP."})


class AturanJPForm(forms.Form):
    """One target and one ceiling field per jenis ASN (``target_PNS``, ``batas_PNS``, …)."""

    def __init__(self, *args, aturan, **kwargs):
        super().__init__(*args, **kwargs)
        for jenis, label in ref.JenisAsn.choices:
            target, batas = aturan.get(jenis, (None, None))
            self.fields[f"target_{jenis}"] = _jp(f"Target minimal {label} (JP per tahun kalender)",
                                                 "Kosongkan bila tidak ada target.")
            pppk = jenis in ref.JENIS_PPPK
            self.fields[f"batas_{jenis}"] = _jp(
                f"Batas maksimal {label} (JP per {'tahun perjanjian kerja' if pppk else 'tahun kalender'})",
                "Kosongkan bila tidak ada batas." + (" Tahun perjanjian dihitung dari TMT PPPK." if pppk else ""))
            self.initial.setdefault(f"target_{jenis}", target)
            self.initial.setdefault(f"batas_{jenis}", batas)

    def baris(self):
        """(label, target field, ceiling field) per jenis ASN, for the template's table."""
        return [(label, self[f"target_{j}"], self[f"batas_{j}"]) for j, label in ref.JenisAsn.choices]

    def clean(self):
        data = super().clean()
        for jenis, label in ref.JenisAsn.choices:
            target, batas = data.get(f"target_{jenis}"), data.get(f"batas_{jenis}")
            if target is not None and batas is not None and batas < target:
                self.add_error(f"batas_{jenis}", f"Batas {label} ({batas} JP) tidak boleh di bawah targetnya "
                                                 f"({target} JP).")
        return data

    def aturan(self):
        return {j: (self.cleaned_data.get(f"target_{j}"), self.cleaned_data.get(f"batas_{j}"))
                for j in ref.JenisAsn.values}
