"""Forms of online courses and quizzes (issue 13 A): simple forms, not an authoring tool."""

import re

from django import forms

from pembinaan import nip as nip_mod
from pembinaan.forms import TautanField
from pembinaan.models import UnitKerja

from ..models import BankSoal, Kebutuhan, KelasDaring, Kuis, Materi, Mitra, ProgramPelatihan, Soal

BANYAK_PILIHAN = 5


class KelasForm(forms.ModelForm):
    hari_akses = forms.IntegerField(label="Lama akses (hari) sejak terdaftar", min_value=1, max_value=366, initial=30)

    class Meta:
        model = ProgramPelatihan
        fields = ["judul", "penyelenggara", "deskripsi", "jp", "kuota", "pendaftaran_mandiri"]
        widgets = {"deskripsi": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["penyelenggara"].queryset = Mitra.objects.filter(instansi=instansi)
        self.fields["kuota"].initial = 1000
        self.fields["jp"].help_text = "1 JP = 45 menit waktu belajar minimal."


class ModulForm(forms.Form):
    judul = forms.CharField(label="Judul modul", max_length=200,
                            error_messages={"required": "Judul modul wajib diisi."})


class MateriForm(forms.ModelForm):
    durasi_minimal_menit = forms.IntegerField(label="Waktu belajar minimal (menit)", min_value=0, max_value=600,
                                              initial=5)

    class Meta:
        model = Materi
        fields = ["judul", "jenis", "isi", "berkas", "url"]
        # A text box for the address: the browser's type="url" refuses "youtu.be/…" typed without https://, which
        # the field itself accepts.
        widgets = {"isi": forms.Textarea(attrs={"rows": 8}), "url": forms.TextInput(attrs={"inputmode": "url"})}
        field_classes = {"url": TautanField}
        help_texts = {"isi": "Teks materi. Untuk video: wajib teks pengganti (transkrip/ringkasan) bila tidak ada "
                             "berkas PDF pengganti.", "berkas": "PDF, maksimal 5 MB."}

    def clean_berkas(self):
        berkas = self.cleaned_data.get("berkas")
        if berkas and hasattr(berkas, "read"):
            awal = berkas.read(5)
            berkas.seek(0)
            if awal != b"%PDF-":
                raise forms.ValidationError("Berkas harus PDF.")
            if berkas.size > 5 * 1024 * 1024:
                raise forms.ValidationError("Berkas PDF maksimal 5 MB.")
        return berkas

    def clean(self):
        data = super().clean()
        jenis, isi = data.get("jenis"), (data.get("isi") or "").strip()
        berkas, url = data.get("berkas"), data.get("url")
        if jenis == Materi.Jenis.TEKS and not isi:
            self.add_error("isi", "Materi teks wajib berisi teks.")
        if jenis == Materi.Jenis.PDF and not berkas:
            self.add_error("berkas", "Materi PDF wajib diunggah berkasnya.")
        if jenis in (Materi.Jenis.VIDEO, Materi.Jenis.TAUTAN) and not url:
            self.add_error("url", "Isi tautan video / tautan luar.")
        if jenis == Materi.Jenis.VIDEO and not isi and not berkas:
            self.add_error("isi", "Video wajib punya teks pengganti atau berkas PDF pengganti.")
        return data

    def data_layanan(self):
        data = {f: self.cleaned_data[f] for f in ("judul", "jenis", "isi", "url")}
        if self.cleaned_data.get("berkas"):
            data["berkas"] = self.cleaned_data["berkas"]
        data["durasi_minimal_detik"] = self.cleaned_data["durasi_minimal_menit"] * 60
        return data


class TerbitkanForm(forms.Form):
    alasan_jp = forms.CharField(label="Alasan JP melebihi waktu belajar minimal", required=False, max_length=2000,
                                widget=forms.Textarea(attrs={"rows": 2}))


class TugaskanForm(forms.Form):
    """Assign people: a pasted list of NIPs / NI PPPK, everyone of a unit (sub-units included), and (HR, when the
    course realises a line of the training plan) everyone whose need that line answers. Every number is checked;
    an unknown one refuses the whole list, named with its line (the text stays in the form)."""

    daftar_nip = forms.CharField(label="Tempel daftar NIP / NI PPPK", required=False, max_length=50000,
                                 widget=forms.Textarea(attrs={"rows": 4, "placeholder": "Satu per baris"}))
    unit = forms.ModelChoiceField(label="…atau semua pegawai unit kerja", queryset=UnitKerja.objects.none(),
                                  required=False, empty_label="— tidak —")

    dari_rencana = forms.BooleanField(required=False)

    def __init__(self, *args, pegawai_qs, unit_qs=None, rencana=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.pegawai_qs = pegawai_qs
        self.rencana = rencana
        if unit_qs is None:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = unit_qs
        if rencana is None:
            del self.fields["dari_rencana"]
        else:
            self.fields["dari_rencana"].label = (f"…dan semua pegawai yang kebutuhannya dijawab baris rencana "
                                                 f"\u201c{rencana.nama_program}\u201d")

    def clean(self):  # noqa: C901 - one pass over the pasted lines, then the unit
        data = super().clean()
        pegawai, galat = [], []
        for baris_ke, baris in enumerate((data.get("daftar_nip") or "").splitlines(), start=1):
            for token in re.split(r"[\s,;]+", baris.strip()):
                if not token:
                    continue
                nip = nip_mod.normalise(token)
                if not (len(nip) == 18 and nip.isdigit()):
                    galat.append(f"baris {baris_ke}: \u201c{token}\u201d bukan NIP / NI PPPK (harus 18 angka)")
                    continue
                pegawai.append((baris_ke, nip))
        nips = [n for _, n in pegawai]
        ada = {p.nip: p for p in self.pegawai_qs.filter(nip__in=nips)} if nips else {}
        for baris_ke, n in pegawai:
            if n not in ada:
                galat.append(f"baris {baris_ke}: {n} tidak ditemukan di antara pegawai aktif yang dapat Anda tugaskan")
        if galat:
            raise forms.ValidationError(["Tidak ada yang ditugaskan; perbaiki dulu:"] + galat)
        hasil = list(dict.fromkeys(ada[n] for n in nips))
        unit = data.get("unit")
        if unit is not None:
            akar = [unit.pk]
            semua = list(UnitKerja.objects.filter(instansi_id=unit.instansi_id).values_list("pk", "induk_id"))
            berubah = True
            while berubah:
                berubah = False
                for pk, induk in semua:
                    if induk in akar and pk not in akar:
                        akar.append(pk)
                        berubah = True
            hasil += [p for p in self.pegawai_qs.filter(unit_kerja_id__in=akar).order_by("nama") if p not in hasil]
        if data.get("dari_rencana") and self.rencana is not None:
            dari = self.pegawai_qs.filter(pk__in=Kebutuhan.objects.filter(item_rencana=self.rencana)
                                          .values("pegawai_id")).order_by("nama")
            hasil += [p for p in dari if p not in hasil]
        if not hasil:
            raise forms.ValidationError("Tempel NIP / NI PPPK pegawai, pilih unit kerja, atau pilih baris rencana.")
        data["pegawai"] = hasil
        return data


class BankForm(forms.ModelForm):
    class Meta:
        model = BankSoal
        fields = ["nama"]


class SoalForm(forms.Form):
    """A question with up to five options, each with a "right" box; true/false takes which one is right."""

    teks = forms.CharField(label="Pertanyaan", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    jenis = forms.ChoiceField(label="Jenis soal", choices=Soal.Jenis.choices)
    benar_salah = forms.ChoiceField(label="Jawaban benar (untuk soal benar/salah)", required=False,
                                    choices=[("", "—"), ("benar", "Benar"), ("salah", "Salah")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, BANYAK_PILIHAN + 1):
            self.fields[f"pilihan_{i}"] = forms.CharField(label=f"Pilihan {i}", max_length=500, required=False)
            self.fields[f"benar_{i}"] = forms.BooleanField(label=f"Pilihan {i} benar", required=False)

    def clean(self):
        data = super().clean()
        if data.get("jenis") == Soal.Jenis.BENAR_SALAH:
            if not data.get("benar_salah"):
                self.add_error("benar_salah", "Pilih jawaban yang benar: Benar atau Salah.")
            data["pilihan"] = [(data.get("benar_salah") or "", True)]
        else:
            data["pilihan"] = [(data.get(f"pilihan_{i}") or "", bool(data.get(f"benar_{i}")))
                               for i in range(1, BANYAK_PILIHAN + 1)]
        return data


def soal_awal(soal):
    """A SoalForm's initial values from a stored question (its options in stored order)."""
    pilihan = list(soal.pilihan.order_by("id"))
    awal = {"teks": soal.teks, "jenis": soal.jenis}
    if soal.jenis == Soal.Jenis.BENAR_SALAH:
        awal["benar_salah"] = next((p.teks.lower() for p in pilihan if p.benar), "")
    for i, p in enumerate(pilihan[:BANYAK_PILIHAN], start=1):
        awal[f"pilihan_{i}"], awal[f"benar_{i}"] = p.teks, p.benar
    return awal


class GeserForm(forms.Form):
    """Move a module or lesson one place up or down."""

    arah = forms.ChoiceField(choices=[("naik", "Naik"), ("turun", "Turun")])


class KuisForm(forms.ModelForm):
    class Meta:
        model = Kuis
        fields = ["jenis", "bank", "jumlah_soal", "nilai_lulus", "maks_percobaan", "jeda_jam", "batas_menit"]

    def __init__(self, *args, bank_qs, jenis_boleh, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bank"].queryset = bank_qs
        self.fields["jenis"].choices = [(k, v) for k, v in Kuis.Jenis.choices if k in jenis_boleh]


__all__ = ["BankForm", "GeserForm", "KelasDaring", "KelasForm", "KuisForm", "MateriForm", "ModulForm", "SoalForm",
           "TerbitkanForm", "TugaskanForm", "soal_awal"]


def tambah_galat(form, exc):
    """A service's ValidationError onto the form: a message about a field of the form next to it, others on top."""
    if hasattr(exc, "error_dict"):
        for nama, galat in exc.error_dict.items():
            form.add_error(nama if nama in form.fields else None, galat)
    else:
        form.add_error(None, exc)
