"""Forms of perencanaan part A (issue 11): the cycle (windows and settings) and the employee's proposal."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.db.models import Q

from pembinaan.forms import DateInput
from pembinaan.models import Kompetensi

from ..models import BentukPelatihan, Kebutuhan, SiklusRencana, galat_jendela

JENDELA = (("persiapan_mulai", "persiapan_selesai"), ("pengumpulan_mulai", "pengumpulan_selesai"),
           ("verifikasi_mulai", "verifikasi_selesai"), ("penetapan_mulai", "penetapan_selesai"))


class SiklusForm(forms.ModelForm):
    """HR: plan year (new cycles only), the window of each stage, the cycle's settings."""

    class Meta:
        model = SiklusRencana
        fields = ["tahun", *[f for pasangan in JENDELA for f in pasangan], "ukuran_kelas_minimal", "ambang_klasikal"]
        widgets = {f: DateInput() for pasangan in JENDELA for f in pasangan}
        help_texts = {
            "tahun": "Tahun pelaksanaan rencana (N+1). Kebutuhan disusun dari data tahun sebelumnya.",
            "ukuran_kelas_minimal": "Untuk saran pengelompokan kelas klasikal (bawaan 20 peserta).",
            "ambang_klasikal": "Peringatan pemerataan bila seseorang direncanakan ikut lebih dari sekian program "
                               "klasikal sementara rekan satu OPD belum ada (bawaan 4).",
        }

    def __init__(self, *args, baru=True, tombol="Simpan", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tahun"].min_value = 2000
        self.fields["tahun"].widget.attrs.update({"min": 2000, "max": 2100})
        self.fields["tahun"].error_messages.update({"required": "Isi tahun rencana.",
                                                    "invalid": "Tahun rencana diisi angka, mis. 2027."})
        if not baru:
            del self.fields["tahun"]
        for f in self.fields.values():
            f.error_messages.setdefault("required", "Wajib diisi.")
        self.helper = FormHelper()
        baris = [Row(Column(a, css_class="col-6 col-md-3"), Column(b, css_class="col-6 col-md-3"))
                 for a, b in JENDELA]
        self.helper.layout = Layout(*(["tahun"] if baru else []), *baris,
                                    Row(Column("ukuran_kelas_minimal", css_class="col-md-6"),
                                        Column("ambang_klasikal", css_class="col-md-6")))
        self.helper.add_input(Submit("simpan", tombol))

    def clean_tahun(self):
        tahun = self.cleaned_data["tahun"]
        if not 2000 <= tahun <= 2100:
            raise forms.ValidationError("Tahun rencana harus antara 2000 dan 2100.")
        return tahun

    def clean(self):
        data = super().clean()
        for f, pesan in galat_jendela(data).items():
            if f not in self.errors:
                self.add_error(f, pesan)
        return data

    def validate_unique(self):
        """The service says it (an Indonesian message naming the year)."""


class UsulanForm(forms.ModelForm):
    """The employee's own proposal: competency, preferred bentuk, reason."""

    class Meta:
        model = Kebutuhan
        fields = ["kompetensi", "bentuk_usulan", "alasan_usulan"]
        labels = {"kompetensi": "Kompetensi yang ingin dikembangkan", "bentuk_usulan": "Bentuk yang diinginkan",
                  "alasan_usulan": "Alasan"}
        help_texts = {"alasan_usulan": "Mengapa kompetensi ini perlu bagi pekerjaan Anda."}
        widgets = {"alasan_usulan": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kompetensi"].required = True
        self.fields["kompetensi"].queryset = Kompetensi.objects.filter(
            Q(instansi__isnull=True) | Q(instansi=instansi)).order_by("kategori", "nama")
        self.fields["kompetensi"].error_messages.update({"required": "Pilih kompetensi yang Anda usulkan.",
                                                         "invalid_choice": "Pilih kompetensi dari daftar."})
        self.fields["bentuk_usulan"].queryset = BentukPelatihan.objects.order_by("kode")
        self.fields["bentuk_usulan"].required = False
        self.fields["bentuk_usulan"].empty_label = "Tidak ada preferensi"
        self.fields["bentuk_usulan"].error_messages["invalid_choice"] = "Pilih bentuk dari daftar."
        self.fields["alasan_usulan"].required = True
        self.fields["alasan_usulan"].error_messages["required"] = "Tuliskan alasan usulan Anda."
        self.helper = FormHelper()
        self.helper.add_input(Submit("kirim", "Kirim usulan"))

    def clean_alasan_usulan(self):
        alasan = self.cleaned_data["alasan_usulan"].strip()
        if not alasan:
            raise forms.ValidationError("Tuliskan alasan usulan Anda.")
        return alasan

    def validate_unique(self):
        """The service checks one proposal per competency (with a message naming it)."""


class PrioritasForm(forms.Form):
    """HR's override of a need's computed priority, with the reason."""

    prioritas = forms.TypedChoiceField(label="Prioritas", coerce=int, empty_value=None, required=False,
                                       choices=[("", "Kembali ke prioritas hasil perhitungan"),
                                                *Kebutuhan.Prioritas.choices],
                                       error_messages={"invalid_choice": "Pilih prioritas dari daftar."})
    alasan = forms.CharField(label="Alasan perubahan", max_length=255, required=False,
                             widget=forms.TextInput(attrs={"placeholder": "mis. amanat RPJMD bidang kesehatan"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("simpan", "Simpan prioritas"))

    def clean(self):
        data = super().clean()
        if data.get("prioritas") is not None and not (data.get("alasan") or "").strip():
            self.add_error("alasan", "Tuliskan alasan perubahan prioritas.")
        return data
