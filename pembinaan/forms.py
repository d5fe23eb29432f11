from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError

from . import nip as nip_mod
from . import referensi as ref
from .accounts import normalise_username
from .impor.sel import kalimat
from .models import Jabatan, Pegawai, UnitKerja


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PegawaiForm(forms.ModelForm):
    nip = forms.CharField(label="NIP / NI PPPK", max_length=30,
                          help_text="18 digit; spasi dan titik boleh diketik, akan dihapus.")

    class Meta:
        model = Pegawai
        fields = ["nip", "pns_id", "gelar_depan", "nama", "gelar_belakang", "jenis_kelamin", "tempat_lahir",
                  "tanggal_lahir", "jenis_asn", "golongan", "tmt_cpns", "tmt_golongan", "pendidikan",
                  "jabatan", "unit_kerja", "status", "nik", "email", "no_hp"]
        widgets = {"tanggal_lahir": DateInput(), "tmt_cpns": DateInput(), "tmt_golongan": DateInput()}

    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.instansi = instansi
        if self.instance.pk:  # a PPPK's number is a NI PPPK, not a NIP (docs/domain.md §1.2)
            self.fields["nip"].label = "NI PPPK" if self.instance.jenis_asn in ref.JENIS_PPPK else "NIP"
        self.fields["jabatan"].queryset = Jabatan.objects.filter(instansi=instansi).order_by("nama")
        self.fields["unit_kerja"].queryset = UnitKerja.objects.filter(instansi=instansi).order_by("nama")
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset("Identitas", Row(Column("nip"), Column("jenis_asn"), Column("pns_id")),
                     Row(Column("gelar_depan", css_class="col-md-2"), Column("nama"),
                         Column("gelar_belakang", css_class="col-md-3")),
                     Row(Column("jenis_kelamin"), Column("tempat_lahir"), Column("tanggal_lahir"))),
            Fieldset("Kepegawaian", Row(Column("golongan"), Column("tmt_golongan"), Column("tmt_cpns")),
                     Row(Column("jabatan"), Column("unit_kerja")), Row(Column("pendidikan"), Column("status"))),
            Fieldset("Kontak", Row(Column("nik"), Column("email"), Column("no_hp"))),
            Submit("simpan", "Simpan"),
        )

    @property
    def peringatan_jenjang(self):
        """The jenjang/golongan warning (a warning, never an error) for the values the form shows: the record's
        when the form is opened, what was typed when it comes back with errors."""
        if self.is_bound:
            data = getattr(self, "cleaned_data", {})
            jabatan, golongan = data.get("jabatan"), data.get("golongan")
        else:
            jabatan = self.instance.jabatan if self.instance.jabatan_id else None
            golongan = self.instance.golongan
        return ref.peringatan_jenjang(jabatan.jenjang, golongan) if jabatan and golongan else ""

    def data_pegawai(self):
        """The checked values of the record's fields, for ``services.pegawai_save`` (call after is_valid)."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def clean_nama(self):
        return " ".join(self.cleaned_data["nama"].replace("\u00a0", " ").split())

    def clean_nik(self):
        nik = nip_mod.normalise(self.cleaned_data.get("nik"))
        if nik and (not nik.isdigit() or len(nik) != 16):
            raise ValidationError("NIK harus 16 digit angka.")
        return nik

    def clean(self):
        data = super().clean()
        jenis_asn = data.get("jenis_asn")
        if jenis_asn and self.cleaned_data.get("nip"):
            nip, messages = nip_mod.validate(
                data["nip"], jenis_asn=jenis_asn, tanggal_lahir=data.get("tanggal_lahir"),
                jenis_kelamin=data.get("jenis_kelamin"),
                tmt=data.get("tmt_cpns") if jenis_asn in ref.JENIS_PNS else None)
            if messages:
                self.add_error("nip", [kalimat(m) for m in messages])
            else:
                data["nip"] = nip
                self.instance.nip = nip
                clash = Pegawai.objects.filter(nip=nip).exclude(pk=self.instance.pk).first()
                if clash:
                    label = "NI PPPK" if jenis_asn in ref.JENIS_PPPK else "NIP"
                    self.add_error("nip", f"{label} ini sudah dipakai pegawai lain"
                                   + (f" ({clash.nama})." if clash.instansi_id == self.instansi.pk else "."))
        golongan = data.get("golongan")
        if golongan and jenis_asn:
            if jenis_asn in ref.JENIS_PNS and golongan not in ref.GOLONGAN_PNS_KODE:
                self.add_error("golongan", "PNS/CPNS harus memakai golongan PNS (I/a–IV/e).")
            if jenis_asn in ref.JENIS_PPPK and golongan not in ref.GOLONGAN_PPPK:
                self.add_error("golongan", "PPPK harus memakai golongan PPPK (I–XVII).")
        return data

    def validate_unique(self):
        # NIP uniqueness is checked above with a clearer message (it may belong to another instansi).
        exclude = self._get_validation_exclusions()
        exclude.add("nip")
        try:
            self.instance.validate_unique(exclude=exclude)
        except ValidationError as e:
            self._update_errors(e)


class AtasanForm(forms.Form):
    nip_atasan = forms.CharField(label="NIP / NI PPPK atasan langsung", max_length=30, required=False,
                                 help_text="Kosongkan untuk menghapus atasan.")

    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.instansi = instansi
        self.helper = FormHelper()
        self.helper.add_input(Submit("simpan", "Simpan atasan"))

    def clean_nip_atasan(self):
        value = nip_mod.normalise(self.cleaned_data["nip_atasan"])
        if not value:
            return None
        atasan = Pegawai.objects.filter(instansi=self.instansi, nip=value).first()
        if atasan is None:
            raise ValidationError(f"Tidak ada pegawai dengan NIP / NI PPPK {value} di {self.instansi.nama}.")
        return atasan


class ImporForm(forms.Form):
    berkas = forms.FileField(label="Berkas data pegawai (CSV atau XLSX)",
                             help_text="Ekspor data pegawai SIASN apa adanya, atau templat impor. Maksimum 40 MB.",
                             widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("periksa", "Unggah dan periksa"))


class AkunUnitForm(forms.Form):
    unit_kerja = forms.ModelChoiceField(label="Unit kerja", queryset=UnitKerja.objects.none())
    termasuk_subunit = forms.BooleanField(label="Termasuk semua sub-unit", required=False, initial=True)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_kerja"].queryset = units.order_by("nama")
        self.helper = FormHelper()
        self.helper.add_input(Submit("buat", "Buat akun dan kirim undangan"))


class TautanField(forms.URLField):
    """A web address: one typed without a scheme ("zoom.us/j/1") is taken as https:// (Django 6's default; the
    deprecated FORMS_URLFIELD_ASSUME_HTTPS setting did this for every form). For a model's URLField in a
    ModelForm: ``Meta.field_classes = {"tautan": TautanField}``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


# ------------------------------------------------------------------ login and password reset
class LoginForm(AuthenticationForm):
    username = forms.CharField(label="NIP atau nama pengguna", max_length=150,
                               widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username",
                                                             "inputmode": "text"}))
    password = forms.CharField(label="Kata sandi", strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    error_messages = {
        "invalid_login": "NIP/nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil pada kata sandi.",
        "inactive": "Akun ini tidak aktif. Hubungi admin BKPSDM.",
    }

    def clean_username(self):
        return normalise_username(self.cleaned_data.get("username"))


class ResetSandiForm(PasswordResetForm):
    """Django's reset form, but the message goes through the outbox like every other e-mail."""

    email = forms.EmailField(label="E-mail", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    def save(self, *args, **kwargs):
        from .services import password_reset_queue

        for user in self.get_users(self.cleaned_data["email"]):
            password_reset_queue(user=user)


    def get_users(self, email):
        """Active accounts with this address, including invited ones that never set a password.

        Django leaves out accounts without a usable password; here that is exactly an employee whose
        invitation ran out before they used it, and "Lupa kata sandi" is how they get a new link.
        """
        User = get_user_model()
        field = User.get_email_field_name()
        for user in User._default_manager.filter(**{f"{field}__iexact": email, "is_active": True}):
            if (getattr(user, field) or "").casefold() == email.casefold():
                yield user


class SnapshotTransparansiForm(forms.Form):
    """Build a transparency snapshot (issue 12): the as-of date, today by default (Asia/Jakarta)."""

    tanggal = forms.DateField(label="Data per tanggal", widget=DateInput(),
                              error_messages={"invalid": "Tanggal data tidak valid; gunakan format tanggal."})

    def clean_tanggal(self):
        from django.utils import timezone

        tanggal = self.cleaned_data["tanggal"]
        if tanggal > timezone.localdate():
            raise ValidationError("Tanggal data tidak boleh melewati hari ini.")
        return tanggal
