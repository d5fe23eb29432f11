import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms

from pembinaan import nip as nip_mod
from pembinaan.forms import DateInput, TautanField

from ..models import BentukPelatihan, JpBawaan, Mitra, Narasumber, ProgramPelatihan, SesiPelatihan


class ProgramForm(forms.ModelForm):
    """The programme. The penyelenggara is picked from the instansi's Mitra or typed as a new name (created on
    save, so the list is never a dead end on first use); JP left empty takes the bentuk's default."""

    penyelenggara_baru = forms.CharField(
        label="…atau nama penyelenggara baru", max_length=200, required=False,
        help_text="Belum ada di daftar? Ketik namanya; mitra baru dibuat saat program disimpan.")
    jenis_penyelenggara_baru = forms.ChoiceField(label="Jenis penyelenggara baru", choices=Mitra.Jenis.choices,
                                                 initial=Mitra.Jenis.LAINNYA, required=False)

    class Meta:
        model = ProgramPelatihan
        fields = ["judul", "bentuk", "penyelenggara", "deskripsi", "jp", "kuota", "mode", "lokasi", "tautan",
                  "pendaftaran_mandiri", "ambang_kehadiran", "pakai_post_test", "nilai_lulus", "rencana_item"]
        widgets = {"deskripsi": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"tautan": TautanField}

    def __init__(self, *args, instansi, jp_bawaan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.jp_bawaan = jp_bawaan or {}
        self.fields["penyelenggara"].queryset = Mitra.objects.filter(instansi=instansi)
        self.fields["penyelenggara"].required = False
        self.fields["penyelenggara"].empty_label = "— pilih penyelenggara —"
        self.fields["jp"].required = False
        self.fields["jp"].help_text = ("Terisi otomatis dari JP bawaan bentuk yang dipilih (Pengaturan JP); boleh "
                                       "diubah. Bila dikosongkan, JP bawaan bentuknya yang dipakai.")
        self.fields["bentuk"].widget.attrs["data-jp-bentuk"] = "1"
        self.fields["jp"].widget.attrs["data-jp-isian"] = "1"
        _pilihan_rencana(self.fields["rencana_item"], instansi)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset("Program", "judul", Row(Column("bentuk"), Column("penyelenggara")),
                     Row(Column("penyelenggara_baru"), Column("jenis_penyelenggara_baru")), "deskripsi"),
            Fieldset("Pelaksanaan", Row(Column("jp"), Column("kuota"), Column("mode")),
                     Row(Column("lokasi"), Column("tautan")), "pendaftaran_mandiri"),
            Fieldset("Rencana pengembangan kompetensi", "rencana_item"),
            Fieldset("Kelulusan", Row(Column("ambang_kehadiran"), Column("pakai_post_test"), Column("nilai_lulus"))),
            Submit("simpan", "Simpan"),
        )

    def clean(self):
        data = super().clean()
        baru = " ".join((data.get("penyelenggara_baru") or "").split())
        data["penyelenggara_baru"] = baru
        if data.get("penyelenggara") and baru and baru.casefold() != data["penyelenggara"].nama.casefold():
            self.add_error("penyelenggara_baru", "Pilih penyelenggara dari daftar atau ketik nama baru, jangan "
                                                 "keduanya: kosongkan salah satu.")
        elif not data.get("penyelenggara") and not baru and "penyelenggara" not in self.errors:
            self.add_error("penyelenggara", "Pilih penyelenggara, atau ketik nama penyelenggara baru di bawahnya.")
        bentuk = data.get("bentuk")
        if data.get("jp") in (None, "") and bentuk is not None:
            bawaan = self.jp_bawaan.get(bentuk.pk)
            if bawaan:
                data["jp"] = bawaan
            else:
                self.add_error("jp", f"JP wajib diisi: bentuk {bentuk.kode} belum punya JP bawaan "
                                     "(dapat diatur di Pengaturan JP).")
        return data


def _pilihan_rencana(field, instansi):
    """The plan line a programme realises (issue 11 §4): the lines of the instansi's set plans."""
    from ..selectors.realisasi import item_rencana_pilihan

    field.queryset = item_rencana_pilihan(instansi=instansi)
    field.required = False
    field.label = "Item rencana yang direalisasikan"
    field.empty_label = "— di luar rencana —"
    field.label_from_instance = lambda i: (f"Rencana {i.siklus.tahun} · {i.nomor}. {i.nama_program} "
                                           f"(triwulan {i.triwulan})")
    field.help_text = ("Program yang ditautkan dihitung sebagai realisasi item itu: peserta yang lulus dan JP-nya "
                       "masuk laporan realisasi tanpa diketik ulang.")


class MitraForm(forms.ModelForm):
    class Meta:
        model = Mitra
        fields = ["nama", "jenis", "kontak"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("simpan", "Tambah mitra"))


def baris_narasumber(teks):
    """Speakers typed one per line, with an optional affiliation in brackets at the end of the line:
    ``Dr. Rina Kartika, M.Si. (Universitas Jambi)`` is one speaker (the comma is part of the academic title).
    Returns [(nama, asal)] and raises ValidationError naming the line of a name that is too long."""
    hasil = []
    for nomor, baris in enumerate((teks or "").splitlines(), start=1):
        baris = " ".join(baris.split())
        if not baris:
            continue
        nama, asal = baris, ""
        if baris.endswith(")") and "(" in baris[1:]:
            kiri, _, kanan = baris[:-1].rpartition("(")
            if kiri.strip():
                nama, asal = kiri.strip(), kanan.strip()
        if len(nama) > 200 or len(asal) > 200:
            raise forms.ValidationError(f"Baris {nomor}: nama atau asal narasumber lebih dari 200 karakter.")
        hasil.append((nama, asal))
    return hasil


class SesiForm(forms.ModelForm):
    narasumber_baru = forms.CharField(
        label="Narasumber lain", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Untuk narasumber yang belum ada di daftar: satu narasumber per baris, asal lembaga boleh "
                  "ditulis dalam kurung di akhir baris, mis. Dr. Rina Kartika, M.Si. (Universitas Jambi). "
                  "Koma di dalam nama dan gelar tetap menjadi bagian nama.")

    class Meta:
        model = SesiPelatihan
        fields = ["tanggal", "jam_mulai", "jam_selesai", "topik", "tempat", "tautan", "narasumber"]
        field_classes = {"tautan": TautanField}
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

    def clean_narasumber_baru(self):
        return baris_narasumber(self.cleaned_data.get("narasumber_baru"))

    def clean(self):
        data = super().clean()
        if data.get("jam_mulai") and data.get("jam_selesai") and data["jam_selesai"] <= data["jam_mulai"]:
            self.add_error("jam_selesai", "Jam selesai harus setelah jam mulai.")
        return data


def _pisah_nip(teks):
    """The numbers in a pasted list: one per line or separated by commas, semicolons or spaces. A number copied
    as printed (``19940517 202221 1 001``) stays one number: a line or comma-separated part whose digits, spaces
    and dots together make 18 digits (or a multiple of 18) is read as that many numbers."""
    hasil = []
    for bagian in re.split(r"[\n\r,;]+", teks or ""):
        rapat = nip_mod.normalise(bagian)
        if rapat and rapat.isdigit() and len(rapat) % 18 == 0:
            hasil += [rapat[i:i + 18] for i in range(0, len(rapat), 18)]
        else:
            hasil += [n for n in (nip_mod.normalise(t) for t in bagian.split()) if n]
    return hasil


class PilihanIdField(forms.MultipleChoiceField):
    """Ids of records picked in the page. Choices are not enumerated (an instansi has thousands of employees):
    the caller checks every id against the user's scope. Anything but a positive bigint is refused."""

    def valid_value(self, value):
        return str(value).isdigit() and 0 < int(value) < 2**63

    def clean(self, value):
        return [int(v) for v in super().clean(value)]


class NominasiForm(forms.Form):
    """Adding participants: people picked from the search or a unit's list (``pegawai``, ids), a pasted list of
    NIPs / NI PPPK (``daftar_nip``: one per line or separated by spaces, commas or semicolons), or one ``nip``.
    Only people in ``pegawai_qs`` (whom the user may nominate) are found; ``tidak_dikenal`` lists the
    typed numbers that are not, each with its reason, in the order typed."""

    nip = forms.CharField(label="NIP / NI PPPK pegawai", max_length=30, required=False)
    daftar_nip = forms.CharField(
        label="Tempel daftar NIP / NI PPPK", required=False, max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control form-control-sm",
                                     "placeholder": "Satu per baris, atau dipisah spasi / koma"}))
    pegawai = PilihanIdField(required=False)

    def __init__(self, *args, pegawai_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.pegawai_qs = pegawai_qs
        self.tidak_dikenal = []

    def clean(self):
        data = super().clean()
        teks = " ".join(filter(None, [data.get("nip") or "", data.get("daftar_nip") or ""]))
        nips = []
        for token in _pisah_nip(teks):
            if token not in nips:
                nips.append(token)
        ids = data.get("pegawai") or []
        if not nips and not ids:
            raise forms.ValidationError("Pilih pegawai, atau ketik / tempel NIP atau NI PPPK-nya.")
        sah = [n for n in nips if len(n) == 18 and n.isdigit()]
        for n in nips:
            if n not in sah:
                self.tidak_dikenal.append((n, "bukan NIP / NI PPPK (harus 18 angka)"))
        found = {p.nip: p for p in self.pegawai_qs.filter(nip__in=sah)} if sah else {}
        by_id = {p.pk: p for p in self.pegawai_qs.filter(pk__in=ids)} if ids else {}
        for n in sah:
            if n not in found:
                self.tidak_dikenal.append((n, "tidak ditemukan di antara pegawai aktif yang dapat Anda usulkan"))
        pilihan = [by_id[i] for i in dict.fromkeys(ids) if i in by_id]
        if len(by_id) < len(set(ids)):
            self.tidak_dikenal.append(("", f"{len(set(ids)) - len(by_id)} pegawai terpilih tidak dapat Anda usulkan"))
        for p in found.values():
            if p not in pilihan:
                pilihan.append(p)
        data["daftar"] = pilihan
        return data


class TambahDiTempatForm(forms.Form):
    nip = forms.CharField(label="NIP / NI PPPK", max_length=30, required=False)
    pegawai = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)

    def clean(self):
        data = super().clean()
        if not data.get("nip") and not data.get("pegawai"):
            raise forms.ValidationError("Ketik NIP / NI PPPK atau nama pegawai yang hadir, lalu pilih dari saran.")
        return data


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
