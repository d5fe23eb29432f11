"""Forms of mentoring/: every message in Indonesian and naming the field."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from pembinaan import nip as nip_mod
from pembinaan import referensi as ref
from pembinaan.forms import DateInput
from pembinaan.models import Kompetensi, Pegawai, UnitKerja

from .models import PERNYATAAN_B18, SKALA_SETUJU, JenisMentoring, PasanganMentoring, PengaturanMentoring, SesiMentoring


def pegawai_dari_nip(value, instansi, label):
    angka = nip_mod.normalise(value or "")
    pegawai = (Pegawai.objects.select_related("jabatan", "unit_kerja", "atasan").filter(instansi=instansi, nip=angka)
               .first())
    if pegawai is None:
        raise ValidationError(f"{label}: tidak ada pegawai dengan NIP {angka or value} di {instansi.nama}.")
    return pegawai


def _cek_rencana(form, data):
    mulai, selesai = data.get("rencana_mulai"), data.get("rencana_selesai")
    if mulai and selesai and selesai < mulai:
        form.add_error("rencana_selesai", "Rencana selesai tidak boleh sebelum rencana mulai.")


class PasanganForm(forms.Form):
    nip_mentee = forms.CharField(label="NIP mentee", max_length=30)
    jenis = forms.ChoiceField(label="Jenis mentoring", choices=JenisMentoring.choices)
    nip_mentor = forms.CharField(label="NIP mentor", max_length=30, required=False,
                                 help_text="Untuk Latsar CPNS boleh dikosongkan: atasan langsung mentee menjadi "
                                           "mentor.")
    tujuan = forms.CharField(label="Tujuan pendampingan", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    rencana_mulai = forms.DateField(label="Rencana mulai", widget=DateInput())
    rencana_selesai = forms.DateField(label="Rencana selesai", widget=DateInput(), required=False,
                                      help_text="Kosongkan untuk memakai lama pendampingan bawaan instansi.")
    aktif = forms.BooleanField(label="Langsung aktifkan (mentor dan mentee diberi tahu)", required=False,
                               initial=True)
    konfirmasi = forms.BooleanField(label="Saya sudah memeriksa peringatan di atas dan tetap membuat pasangan ini",
                                    required=False)

    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.instansi = instansi
        self.fields["rencana_mulai"].initial = timezone.localdate()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Row(Column("nip_mentee"), Column("jenis")), "nip_mentor", "tujuan",
                                    Row(Column("rencana_mulai"), Column("rencana_selesai")), "aktif")

    def clean_nip_mentee(self):
        return pegawai_dari_nip(self.cleaned_data["nip_mentee"], self.instansi, "NIP mentee")

    def clean(self):
        data = super().clean()
        mentee, jenis = data.get("nip_mentee"), data.get("jenis")
        nip_mentor = (data.get("nip_mentor") or "").strip()
        if nip_mentor:
            try:
                data["mentor"] = pegawai_dari_nip(nip_mentor, self.instansi, "NIP mentor")
            except ValidationError as exc:
                self.add_error("nip_mentor", exc)
        elif isinstance(mentee, Pegawai) and jenis == JenisMentoring.LATSAR:
            if mentee.atasan is None:
                self.add_error("nip_mentor", f"{mentee.nama} belum punya atasan langsung: isi NIP mentor.")
            else:
                data["mentor"] = mentee.atasan
        elif "nip_mentor" not in self.errors:
            self.add_error("nip_mentor", "NIP mentor wajib diisi (kecuali Latsar CPNS dengan atasan langsung).")
        _cek_rencana(self, data)
        return data


class PasanganUbahForm(forms.ModelForm):
    class Meta:
        model = PasanganMentoring
        fields = ["tujuan", "rencana_mulai", "rencana_selesai"]
        widgets = {"rencana_mulai": DateInput(), "rencana_selesai": DateInput(),
                   "tujuan": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout("tujuan", Row(Column("rencana_mulai"), Column("rencana_selesai")),
                                    Submit("simpan", "Simpan"))

    def clean(self):
        data = super().clean()
        _cek_rencana(self, data)
        return data


class AlasanForm(forms.Form):
    teks = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)

    def __init__(self, *args, label, tombol, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teks"].label = label
        self.helper = FormHelper()
        self.helper.add_input(Submit("simpan", tombol))


class MassalFilterForm(forms.Form):
    jenis = forms.ChoiceField(label="Jenis mentoring", choices=JenisMentoring.choices, initial=JenisMentoring.LATSAR)
    jenis_asn = forms.ChoiceField(label="Jenis ASN mentee", required=False,
                                  choices=[("", "Bawaan (Latsar: CPNS)"), *ref.JenisAsn.choices])
    tahun_cpns = forms.IntegerField(label="Tahun TMT CPNS/PPPK", required=False, min_value=1960, max_value=2100)
    unit = forms.ModelChoiceField(label="Unit kerja (termasuk sub-unit)", queryset=UnitKerja.objects.none(),
                                  required=False, empty_label="Semua unit")

    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = UnitKerja.objects.filter(instansi=instansi).order_by("nama")
        self.fields["tahun_cpns"].initial = timezone.localdate().year
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if isinstance(field.widget, forms.Select)
                                          else "form-control")


class MassalBuatForm(forms.Form):
    jenis = forms.ChoiceField(choices=JenisMentoring.choices, widget=forms.HiddenInput)
    mentee = forms.TypedMultipleChoiceField(coerce=int, choices=[], widget=forms.MultipleHiddenInput,
                                            error_messages={"required": "Tidak ada pegawai yang dapat dipasangkan."})
    # The mentor shown on the preview for each mentee, in the same order: creation is refused if it changed.
    mentor = forms.Field(required=False, widget=forms.MultipleHiddenInput)
    tujuan = forms.CharField(label="Tujuan pendampingan", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    rencana_mulai = forms.DateField(label="Rencana mulai", widget=DateInput())
    rencana_selesai = forms.DateField(label="Rencana selesai", widget=DateInput(), required=False,
                                      help_text="Kosongkan untuk memakai lama pendampingan bawaan instansi.")

    def __init__(self, *args, mentee_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rencana_mulai"].initial = timezone.localdate()
        self.fields["mentee"].choices = [(i, i) for i in mentee_ids] if mentee_ids else []
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout("jenis", "mentee", "mentor", "tujuan",
                                    Row(Column("rencana_mulai"), Column("rencana_selesai")))

    def clean_mentor(self):
        nilai = self.cleaned_data.get("mentor") or []
        if not nilai:
            return None
        if not all(str(v).isdigit() for v in nilai):
            raise ValidationError("Data pratinjau rusak: muat ulang pratinjau.")
        return [int(v) for v in nilai]

    def clean(self):
        data = super().clean()
        mentee, mentor = data.get("mentee"), data.get("mentor")
        if mentee and mentor is not None:
            if len(mentor) != len(mentee):
                raise ValidationError("Data pratinjau rusak: muat ulang pratinjau.")
            data["mentor_pratinjau"] = dict(zip(mentee, mentor, strict=True))
        _cek_rencana(self, data)
        return data


class SesiForm(forms.ModelForm):
    class Meta:
        model = SesiMentoring
        fields = ["tanggal", "durasi_menit", "topik", "catatan", "tindak_lanjut"]
        widgets = {"tanggal": DateInput(), "catatan": forms.Textarea(attrs={"rows": 3}),
                   "tindak_lanjut": forms.Textarea(attrs={"rows": 2}),
                   "durasi_menit": forms.NumberInput(attrs={"inputmode": "numeric", "min": 5, "max": 600})}
        help_texts = {"durasi_menit": "Lama pertemuan dalam menit (5–600)."}
        error_messages = {"durasi_menit": {"min_value": "Durasi paling sedikit 5 menit.",
                                           "max_value": "Durasi paling lama 600 menit (10 jam)."}}

    def __init__(self, *args, pasangan, **kwargs):
        super().__init__(*args, **kwargs)
        self.pasangan = pasangan
        if not self.instance.pk:
            self.fields["tanggal"].initial = timezone.localdate()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("tanggal", css_class="col-12 col-sm-7"), Column("durasi_menit", css_class="col-12 col-sm-5")),
            "topik", "catatan", "tindak_lanjut", Submit("simpan", "Simpan sesi", css_class="w-100"))

    def clean_tanggal(self):
        tanggal = self.cleaned_data["tanggal"]
        if tanggal > timezone.localdate():
            raise ValidationError("Tanggal sesi tidak boleh di masa depan: catat sesi setelah terlaksana.")
        if tanggal < self.pasangan.rencana_mulai:
            raise ValidationError(f"Tanggal sesi sebelum pasangan dimulai ({self.pasangan.rencana_mulai:%d-%m-%Y}).")
        return tanggal


class UmpanBalikForm(forms.Form):
    """B.1.8: nine statements on a 1–5 agreement scale, and a comment."""

    komentar = forms.CharField(label="Komentar (opsional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kunci, teks in PERNYATAAN_B18:
            self.fields[kunci] = forms.TypedChoiceField(
                label=teks, choices=SKALA_SETUJU, coerce=int, widget=forms.RadioSelect,
                error_messages={"required": "Pilih salah satu jawaban (1–5)."})
        self.order_fields([k for k, _ in PERNYATAAN_B18] + ["komentar"])

    def pernyataan(self):
        return [self[k] for k, _ in PERNYATAAN_B18]

    def jawaban(self):
        return {k: self.cleaned_data[k] for k, _ in PERNYATAAN_B18}


class EvaluasiKompetensiForm(forms.Form):
    """B.1.9: the mentor scores competencies 1–5, each with a reason (rows left empty are ignored)."""

    tanggal = forms.DateField(label="Tanggal evaluasi", widget=DateInput())
    catatan = forms.CharField(label="Catatan umum", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    BARIS = 5

    def __init__(self, *args, kompetensi_qs, awal=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tanggal"].initial = timezone.localdate()
        awal = list(awal)
        for i in range(self.BARIS):
            self.fields[f"kompetensi_{i}"] = forms.ModelChoiceField(
                label=f"Kompetensi {i + 1}", queryset=kompetensi_qs, required=False, empty_label="—",
                initial=awal[i] if i < len(awal) else None)
            self.fields[f"skor_{i}"] = forms.TypedChoiceField(
                label="Skor", required=False, coerce=int, empty_value=None,
                choices=[("", "—"), *[(n, str(n)) for n in range(1, 6)]])
            self.fields[f"alasan_{i}"] = forms.CharField(label="Alasan", required=False, max_length=2000)

    def baris(self):
        return [(self[f"kompetensi_{i}"], self[f"skor_{i}"], self[f"alasan_{i}"]) for i in range(self.BARIS)]

    def clean_tanggal(self):
        tanggal = self.cleaned_data["tanggal"]
        if tanggal > timezone.localdate():
            raise ValidationError("Tanggal evaluasi tidak boleh di masa depan.")
        return tanggal

    def clean(self):
        data = super().clean()
        item, seen = [], set()
        for i in range(self.BARIS):
            k, s, a = data.get(f"kompetensi_{i}"), data.get(f"skor_{i}"), (data.get(f"alasan_{i}") or "").strip()
            if s is None and not a:
                continue  # empty, or only the competency chosen (rows are prefilled with the largest gaps)
            if k is None:
                self.add_error(f"kompetensi_{i}", f"Baris {i + 1}: pilih kompetensinya.")
                continue
            if k.pk in seen:
                self.add_error(f"kompetensi_{i}", f"Baris {i + 1}: {k.nama} sudah diisi di baris lain.")
            seen.add(k.pk)
            if s is None:
                self.add_error(f"skor_{i}", f"Baris {i + 1}: skor 1–5 wajib diisi.")
            if not a:
                self.add_error(f"alasan_{i}", f"Baris {i + 1}: alasan skor wajib diisi.")
            item.append((k, s, a))
        if not item and not self.errors:
            raise ValidationError("Isi paling sedikit satu kompetensi dengan skor dan alasannya.")
        data["item"] = item
        return data


class PengaturanForm(forms.ModelForm):
    class Meta:
        model = PengaturanMentoring
        fields = ["kapasitas_mentor", "menit_per_jp", "batas_jp_bulanan", "hari_tanpa_sesi", "durasi_bulan"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("simpan", "Simpan pengaturan"))


def kompetensi_untuk(instansi):
    return Kompetensi.objects.filter(Q(instansi__isnull=True) | Q(instansi=instansi)).order_by("kategori", "kode")
