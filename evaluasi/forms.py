"""Forms of evaluasi/. The predikat is never a field: the service computes it from the two ratings."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.core.exceptions import ValidationError

from pembinaan import nip as nip_mod
from pembinaan.forms import DateInput

from . import selectors
from .models import BERAKHLAK, Keberatan, PengaturanPengingat, PeriodeEvaluasi, PredikatOrganisasi
from .predikat import Rating

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
        self.fields["rekomendasi"].queryset = selectors.katalog_kompetensi(evaluasi.periode.instansi_id)
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


class PeriodeForm(forms.ModelForm):
    class Meta:
        model = PeriodeEvaluasi
        fields = ["nama", "jenis", "mulai", "selesai", "tenggat"]
        widgets = {"mulai": DateInput(), "selesai": DateInput(), "tenggat": DateInput()}
        help_texts = {"nama": "Mis. Triwulan I 2026.",
                      "tenggat": "Batas akhir penilai mengisi dan mengajukan evaluasi."}

    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.instansi = instansi
        self.helper = FormHelper()
        self.helper.layout = Layout("nama", "jenis", Row(Column("mulai"), Column("selesai"), Column("tenggat")),
                                    Submit("simpan", "Simpan sebagai draf"))

    def clean(self):
        data = super().clean()
        mulai, selesai, tenggat = data.get("mulai"), data.get("selesai"), data.get("tenggat")
        if mulai and selesai and selesai < mulai:
            self.add_error("selesai", "Tanggal selesai tidak boleh sebelum tanggal mulai.")
        if mulai and tenggat and tenggat < mulai:
            self.add_error("tenggat", "Tenggat tidak boleh sebelum tanggal mulai.")
        if mulai and data.get("jenis") and selectors.periode_sama_ada(
                instansi=self.instansi, jenis=data["jenis"], mulai=mulai):
            self.add_error("mulai", "Sudah ada periode dengan jenis dan tanggal mulai yang sama.")
        return data

    def data_layanan(self):
        """The cleaned values in the shape ``periode_create`` takes."""
        return {k: self.cleaned_data[k] for k in self.Meta.fields}


class GantiPenilaiForm(forms.Form):
    nip_penilai = forms.CharField(label="NIP / NI PPPK penilai pengganti", max_length=30)
    alasan = forms.CharField(label="Alasan", max_length=500, help_text="Mis. Plt Kepala Bidang sesuai SPT nomor …")

    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.instansi = instansi
        self.helper = FormHelper()
        self.helper.add_input(Submit("simpan", "Tetapkan penilai"))

    def clean_nip_penilai(self):
        value = nip_mod.normalise(self.cleaned_data["nip_penilai"])
        penilai = selectors.pegawai_aktif_dengan_nip(instansi=self.instansi, nip=value)
        if penilai is None:
            raise ValidationError(f"Tidak ada pegawai aktif dengan NIP / NI PPPK {value} di {self.instansi.nama}.")
        return penilai


class PengaturanPengingatForm(forms.ModelForm):
    """The reminder offsets of an instansi: days before the deadline, typed as "7, 3, 1, 0"."""

    hari_sebelum = forms.CharField(
        label="Pengingat sebelum tenggat (hari)", max_length=60,
        help_text="Pisahkan dengan koma, mis. 7, 3, 1, 0 (0 = pada hari tenggat). Penilai menerima satu ringkasan "
                  "pada setiap hari tersebut.")

    class Meta:
        model = PengaturanPengingat
        fields = ["hari_sebelum", "eskalasi_setelah"]
        labels = {"eskalasi_setelah": "Eskalasi setelah terlambat (hari)"}
        help_texts = {"eskalasi_setelah": "Sejak hari keberapa setelah tenggat atasan penilai dan BKPSDM ikut "
                                          "diberi tahu (penilai diingatkan setiap hari setelah tenggat)."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["hari_sebelum"] = ", ".join(str(h) for h in (self.instance.hari_sebelum or [7, 3, 1, 0]))
        self.helper = FormHelper()
        self.helper.add_input(Submit("simpan", "Simpan pengaturan"))

    def clean_hari_sebelum(self):
        bagian = [b.strip() for b in self.cleaned_data["hari_sebelum"].replace(";", ",").split(",") if b.strip()]
        salah = [b for b in bagian if not b.isdigit() or int(b) > 60]
        if salah:
            raise ValidationError(f"Bukan jumlah hari 0–60: {', '.join(salah)}.")
        if not bagian:
            raise ValidationError("Isi paling sedikit satu hari, mis. 0 untuk hari tenggat.")
        if len(set(bagian)) > 10:
            raise ValidationError("Paling banyak 10 hari pengingat.")
        return sorted({int(b) for b in bagian}, reverse=True)

    def clean_eskalasi_setelah(self):
        nilai = self.cleaned_data["eskalasi_setelah"]
        if not 1 <= nilai <= 30:
            raise ValidationError("Isi antara 1 dan 30 hari.")
        return nilai


class PemutusForm(forms.Form):
    nip_pemutus = forms.CharField(label="NIP / NI PPPK pemutus keberatan", max_length=30,
                                  help_text="Biasanya atasan pejabat penilai (atau Plt/Plh-nya).")

    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.instansi = instansi
        self.helper = FormHelper()
        self.helper.add_input(Submit("simpan", "Tetapkan pemutus"))

    def clean_nip_pemutus(self):
        value = nip_mod.normalise(self.cleaned_data["nip_pemutus"])
        pegawai = selectors.pegawai_dengan_nip(instansi=self.instansi, nip=value)
        if pegawai is None:
            raise ValidationError(f"Tidak ada pegawai dengan NIP / NI PPPK {value} di {self.instansi.nama}.")
        return pegawai


class PredikatOrganisasiForm(forms.Form):
    """HR records the organisational predikat of each top-level unit for a period: one select per unit, named
    ``org_<unit id>`` (the overview's what-if query parameters use the same names)."""

    def __init__(self, *args, units, awal=None, **kwargs):
        super().__init__(*args, **kwargs)
        awal = awal or {}
        for uid, nama in units.items():
            self.fields[f"org_{uid}"] = forms.ChoiceField(
                label=f"Predikat organisasi {nama}", required=False, initial=awal.get(uid, ""),
                choices=[("", "Belum ditetapkan")] + list(PredikatOrganisasi.choices))
        self.units = units

    def nilai(self):
        """{unit id: value or ""} for the units whose select was submitted (the page lists units with forms)."""
        return {uid: self.cleaned_data.get(f"org_{uid}") or "" for uid in self.units if f"org_{uid}" in self.data}
