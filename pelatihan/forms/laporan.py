"""Forms of self-reported learning: the employee's report and HR's reason for a refusal or a revocation."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Layout, Row, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone

from pembinaan.forms import DateInput

from ..berkas import periksa_berkas
from ..models import BentukPelatihan, LaporanBelajar
from ..referensi import JP_LAPORAN_MAKS as JP_MAKS
from ..referensi import JP_LAPORAN_MIN as JP_MIN
from ..referensi import MENIT_PER_JP
from ..selectors.program import jp_bawaan

MENIT_MIN, MENIT_MAKS = 1, 60 * 24 * 366
BANTUAN_JP = "Jumlah JP sesuai sertifikat (1 JP = 45 menit), 1–200."


def saran_jp(menit):
    """JP suggested by the minutes of learning: minutes ÷ 45, rounded down (a hint; HR credits the JP)."""
    return None if menit is None else menit // MENIT_PER_JP


class LaporanForm(forms.ModelForm):
    jp = forms.IntegerField(label="JP", min_value=JP_MIN, max_value=JP_MAKS, required=False, help_text=BANTUAN_JP)
    menit = forms.IntegerField(
        label="Lama belajar (menit)", min_value=MENIT_MIN, max_value=MENIT_MAKS,
        help_text="Jumlah menit belajar yang sebenarnya (mis. 3 jam = 180 menit).",
        error_messages={"required": "Isi lama belajar dalam menit.",
                        "invalid": "Lama belajar diisi angka bulat menit.",
                        "min_value": "Lama belajar paling sedikit 1 menit.",
                        "max_value": f"Lama belajar paling banyak {MENIT_MAKS} menit."})
    berkas = forms.FileField(
        label="Sertifikat", help_text="PDF, JPG atau PNG, paling besar 5 MB.",
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}))

    class Meta:
        model = LaporanBelajar
        fields = ["bentuk", "judul", "penyelenggara", "tanggal_mulai", "tanggal_selesai", "menit", "jp", "berkas"]
        labels = {"bentuk": "Bentuk pengembangan kompetensi", "judul": "Nama kegiatan",
                  "penyelenggara": "Penyelenggara", "tanggal_mulai": "Tanggal mulai",
                  "tanggal_selesai": "Tanggal selesai"}
        help_texts = {"judul": "Seperti tertulis pada sertifikat.",
                      "penyelenggara": "Lembaga yang menerbitkan sertifikat."}
        widgets = {"tanggal_mulai": DateInput(), "tanggal_selesai": DateInput()}

    def __init__(self, *args, pegawai, **kwargs):
        super().__init__(*args, **kwargs)
        self.pegawai = pegawai
        self.mime = None
        bentuk = self.fields["bentuk"]
        bentuk.queryset = BentukPelatihan.objects.order_by("kode")
        bentuk.empty_label = "— pilih bentuk —"
        # Choosing a bentuk fills in the instansi's default JP (htmx swaps the JP field).
        bentuk.widget.attrs.update({
            "hx-get": reverse_lazy("pelatihan:laporan-jp-bawaan"), "hx-trigger": "change",
            "hx-target": "#div_id_jp", "hx-swap": "outerHTML", "hx-include": "#id_jp, #id_menit",
        })
        # Typing the minutes refreshes the JP hint (minutes ÷ 45) the same way.
        self.fields["menit"].widget.attrs.update({
            "hx-get": reverse_lazy("pelatihan:laporan-jp-bawaan"), "hx-trigger": "change",
            "hx-target": "#div_id_jp", "hx-swap": "outerHTML", "hx-include": "#id_jp, #id_bentuk",
        })
        if self.is_bound:
            self.atur_bantuan_jp(self._bentuk_terpilih(), menit=self._menit_terisi())
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "bentuk", "judul", "penyelenggara",
            Row(Column("tanggal_mulai", css_class="col-sm-6"), Column("tanggal_selesai", css_class="col-sm-6")),
            Row(Column("menit", css_class="col-sm-6 col-lg-4"), Column("jp", css_class="col-sm-6 col-lg-4")),
            "berkas",
            HTML('<p class="small text-muted">Laporan diperiksa Admin BKPSDM. JP dicatat setelah laporan '
                 'diverifikasi.</p>'),
            Submit("kirim", "Kirim laporan"),
        )

    def _bentuk_terpilih(self):
        try:
            return BentukPelatihan.objects.filter(pk=int(self.data.get("bentuk") or 0)).first()
        except (TypeError, ValueError):
            return None

    def _menit_terisi(self):
        mentah = str(self.data.get("menit") or "").strip()
        return int(mentah) if mentah.isdigit() and len(mentah) <= 7 else None

    def atur_bantuan_jp(self, bentuk, *, menit=None):
        """Say what the default JP is for ``bentuk`` and what ``menit`` minutes amount to; return the default."""
        bawaan = jp_bawaan(instansi=self.pegawai.instansi, bentuk=bentuk)
        if bentuk is None:
            bantuan = BANTUAN_JP
        elif bawaan is None:
            bantuan = f"{BANTUAN_JP} Belum ada JP bawaan untuk {bentuk.nama}: isi sesuai sertifikat."
        else:
            bantuan = (f"{BANTUAN_JP} JP bawaan BKPSDM untuk {bentuk.nama}: {bawaan} JP; "
                       "ubah bila sertifikat menyebut lain, kosongkan untuk memakai JP bawaan.")
        if menit:
            bantuan += f" Saran dari lama belajar: {menit} menit ÷ 45 = {saran_jp(menit)} JP (dibulatkan ke bawah)."
        self.fields["jp"].help_text = bantuan
        return bawaan

    def clean_judul(self):
        return " ".join(self.cleaned_data["judul"].split())

    def clean_penyelenggara(self):
        return " ".join(self.cleaned_data["penyelenggara"].split())

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        self.mime = periksa_berkas(berkas)
        return berkas

    def clean(self):
        data = super().clean()
        mulai, selesai = data.get("tanggal_mulai"), data.get("tanggal_selesai")
        hari_ini = timezone.localdate()
        if selesai and selesai > hari_ini:
            self.add_error("tanggal_selesai", "Tanggal selesai tidak boleh di masa depan: laporkan setelah kegiatan "
                                              "selesai.")
        if mulai and selesai and selesai < mulai:
            self.add_error("tanggal_selesai", "Tanggal selesai tidak boleh sebelum tanggal mulai.")
        bentuk = data.get("bentuk")
        if data.get("jp") is None and bentuk is not None and "jp" not in self.errors:
            bawaan = jp_bawaan(instansi=self.pegawai.instansi, bentuk=bentuk)
            if bawaan is None:
                self.add_error("jp", f"Isi JP: belum ada JP bawaan untuk {bentuk.nama}.")
            else:
                data["jp"] = bawaan
        if data.get("judul") and mulai:
            sama = (LaporanBelajar.objects.filter(pegawai=self.pegawai, judul__iexact=data["judul"],
                                                  tanggal_mulai=mulai)
                    .exclude(status=LaporanBelajar.Status.DITOLAK).first())
            if sama is not None:
                raise ValidationError(
                    f"Kegiatan \u201c{sama.judul}\u201d mulai {mulai:%d-%m-%Y} sudah Anda laporkan (status: "
                    f"{sama.get_status_display().lower()}); satu kegiatan hanya dilaporkan sekali.")
        return data


class VerifikasiForm(forms.Form):
    """HR's verification: the JP to credit (the employee's figure unless HR changes it)."""

    jp = forms.IntegerField(label="JP dicatat", min_value=JP_MIN, max_value=JP_MAKS, required=False,
                            error_messages={"min_value": f"JP yang dicatat paling sedikit {JP_MIN}.",
                                            "max_value": f"JP yang dicatat paling banyak {JP_MAKS}.",
                                            "invalid": "JP yang dicatat diisi angka bulat."})


class AlasanForm(forms.Form):
    alasan = forms.CharField(label="Alasan", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="Dikirim kepada pegawai.")

    def __init__(self, *args, tombol, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alasan"].error_messages["required"] = "Alasan wajib diisi."
        self.helper = FormHelper()
        self.helper.add_input(Submit("kirim", tombol, css_class="btn-danger"))

    def clean_alasan(self):
        alasan = self.cleaned_data["alasan"].strip()
        if not alasan:
            raise ValidationError("Alasan wajib diisi.")
        return alasan
