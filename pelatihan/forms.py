from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms

from pembinaan import nip as nip_mod
from pembinaan.forms import DateInput

from .models import BentukPelatihan, JpBawaan, Mitra, Narasumber, ProgramPelatihan, SesiPelatihan


class ProgramForm(forms.ModelForm):
    class Meta:
        model = ProgramPelatihan
        fields = ["judul", "bentuk", "penyelenggara", "deskripsi", "jp", "kuota", "mode", "lokasi", "tautan",
                  "pendaftaran_mandiri", "ambang_kehadiran", "pakai_post_test", "nilai_lulus"]
        widgets = {"deskripsi": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["penyelenggara"].queryset = Mitra.objects.filter(instansi=instansi)
        self.fields["jp"].help_text = "Bawaan per bentuk dapat diatur di Pengaturan JP; nilai program ini dapat diubah."
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset("Program", "judul", Row(Column("bentuk"), Column("penyelenggara")), "deskripsi"),
            Fieldset("Pelaksanaan", Row(Column("jp"), Column("kuota"), Column("mode")),
                     Row(Column("lokasi"), Column("tautan")), "pendaftaran_mandiri"),
            Fieldset("Kelulusan", Row(Column("ambang_kehadiran"), Column("pakai_post_test"), Column("nilai_lulus"))),
            Submit("simpan", "Simpan"),
        )


class MitraForm(forms.ModelForm):
    class Meta:
        model = Mitra
        fields = ["nama", "jenis", "kontak"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("simpan", "Tambah mitra"))


class SesiForm(forms.ModelForm):
    narasumber_baru = forms.CharField(label="Narasumber lain (nama, asal)", required=False,
                                      help_text="Untuk narasumber luar yang belum ada di daftar; pisahkan nama "
                                                "dan asal dengan koma.")

    class Meta:
        model = SesiPelatihan
        fields = ["tanggal", "jam_mulai", "jam_selesai", "topik", "tempat", "tautan", "narasumber"]
        widgets = {"tanggal": DateInput(), "jam_mulai": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                   "jam_selesai": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                   "narasumber": forms.CheckboxSelectMultiple}

    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.instansi = instansi
        self.fields["narasumber"].queryset = Narasumber.objects.filter(instansi=instansi)
        self.helper = FormHelper()
        self.helper.layout = Layout(Row(Column("tanggal"), Column("jam_mulai"), Column("jam_selesai")), "topik",
                                    Row(Column("tempat"), Column("tautan")), "narasumber", "narasumber_baru",
                                    Submit("simpan", "Simpan sesi"))

    def clean(self):
        data = super().clean()
        if data.get("jam_mulai") and data.get("jam_selesai") and data["jam_selesai"] <= data["jam_mulai"]:
            self.add_error("jam_selesai", "Jam selesai harus setelah jam mulai.")
        return data

    def _save_m2m(self):
        super()._save_m2m()
        baru = (self.cleaned_data.get("narasumber_baru") or "").strip()
        if baru:
            nama, _, asal = (part.strip() for part in baru.partition(","))
            narasumber, _ = Narasumber.objects.get_or_create(instansi=self.instansi, nama=nama,
                                                             defaults={"asal": asal})
            self.instance.narasumber.add(narasumber)


class NominasiForm(forms.Form):
    nip = forms.CharField(label="NIP pegawai", max_length=30)

    def __init__(self, *args, pegawai_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.pegawai_qs = pegawai_qs

    def clean_nip(self):
        nip = nip_mod.normalise(self.cleaned_data["nip"])
        pegawai = self.pegawai_qs.filter(nip=nip).first()
        if pegawai is None:
            raise forms.ValidationError(f"Tidak ada pegawai aktif dengan NIP {nip} yang dapat Anda usulkan.")
        return pegawai


class BatalForm(forms.Form):
    alasan = forms.CharField(label="Alasan pembatalan", widget=forms.Textarea(attrs={"rows": 2}))


class NilaiForm(forms.Form):
    nilai_pre_test = forms.IntegerField(label="Pre-test", min_value=0, max_value=100, required=False)
    nilai_post_test = forms.IntegerField(label="Post-test", min_value=0, max_value=100, required=False)


class JpBawaanForm(forms.Form):
    """One number per bentuk; empty = no default."""

    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, **kwargs)
        current = dict(JpBawaan.objects.filter(instansi=instansi).values_list("bentuk_id", "jp"))
        self.bentuk = list(BentukPelatihan.objects.all())
        for b in self.bentuk:
            self.fields[f"b{b.pk}"] = forms.IntegerField(label=str(b), required=False, min_value=1, max_value=200,
                                                         initial=current.get(b.pk))
        self.helper = FormHelper()
        self.helper.add_input(Submit("simpan", "Simpan JP bawaan"))
