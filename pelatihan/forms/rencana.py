"""Forms of the plan lines (issue 11, part B): the suggested groups taken as lines at once, a line with its needs,
the 20 JP exemption list, penetapan, and the reason a revision needs."""

from django import forms
from django.db.models import Q

from pembinaan.forms import DateInput
from pembinaan.models import Kompetensi, Pegawai

from ..models import BentukPelatihan, Mitra, PengecualianJP, RencanaItem

JP_MAKS = 500
TRIWULAN = [(1, "Triwulan I"), (2, "Triwulan II"), (3, "Triwulan III"), (4, "Triwulan IV")]
ALASAN_BANTUAN = "Rencana sudah ditetapkan: perubahan ini dicatat sebagai revisi dengan alasan ini."


def _alasan(wajib):
    return forms.CharField(label="Alasan revisi", required=wajib, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}), help_text=ALASAN_BANTUAN if wajib else "",
                           error_messages={"required": "Alasan revisi wajib diisi: rencana sudah ditetapkan."})


class PengelompokanForm(forms.Form):
    """One row per suggested group: take it (tick), with its programme name, bentuk, JP and quarter as suggested
    or changed. Fields are numbered like the groups (``pilih_0``, ``nama_0``, …); the group's key travels in
    ``kunci_0`` and is checked against the groups computed again by the service."""

    def __init__(self, *args, saran, perlu_alasan=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.saran = saran
        self.bentuk = {b.pk: b for b in BentukPelatihan.objects.all()}  # one query for every row's list
        pilihan_bentuk = [(pk, str(b)) for pk, b in self.bentuk.items()]
        for i, g in enumerate(saran):
            self.fields[f"kunci_{i}"] = forms.CharField(widget=forms.HiddenInput, initial=g.kunci)
            self.fields[f"pilih_{i}"] = forms.BooleanField(label=f"Ambil kelompok {g.judul}", required=False)
            self.fields[f"nama_{i}"] = forms.CharField(label=f"Nama program ({g.judul})", max_length=255,
                                                       initial=g.nama_program, required=False)
            self.fields[f"bentuk_{i}"] = forms.TypedChoiceField(label=f"Bentuk ({g.judul})", choices=pilihan_bentuk,
                                                                coerce=int, initial=g.bentuk.pk, required=False)
            self.fields[f"jp_{i}"] = forms.IntegerField(
                label=f"JP ({g.judul})", min_value=1, max_value=JP_MAKS, initial=g.jp, required=False,
                error_messages={"min_value": "Paling sedikit 1 JP.", "max_value": f"Paling banyak {JP_MAKS} JP.",
                                "invalid": "Isi dengan angka bulat JP."})
            self.fields[f"triwulan_{i}"] = forms.TypedChoiceField(label=f"Triwulan ({g.judul})", choices=TRIWULAN,
                                                                  coerce=int, initial=1, required=False)
        self.fields["alasan"] = _alasan(perlu_alasan)

    def baris(self):
        """(group, its fields) for the template's table."""
        return [(g, {k: self[f"{k}_{i}"] for k in ("kunci", "pilih", "nama", "bentuk", "jp", "triwulan")})
                for i, g in enumerate(self.saran)]

    def clean(self):
        data = super().clean()
        self.dipilih = []
        for i, g in enumerate(self.saran):
            if not data.get(f"pilih_{i}"):
                continue
            for kunci, pesan in (("nama", "Nama program"), ("bentuk", "Bentuk"), ("jp", "JP"),
                                 ("triwulan", "Triwulan")):
                if data.get(f"{kunci}_{i}") in (None, "") and f"{kunci}_{i}" not in self.errors:
                    self.add_error(f"{kunci}_{i}", f"{pesan} kelompok {g.judul} wajib diisi.")
            self.dipilih.append(i)
        if not self.dipilih and not self.errors:
            raise forms.ValidationError("Centang paling sedikit satu kelompok yang akan dijadikan baris rencana.")
        return data

    def pilihan(self):
        d = self.cleaned_data
        return [{"kunci": d[f"kunci_{i}"], "nama_program": d[f"nama_{i}"].strip(),
                 "bentuk": self.bentuk[d[f"bentuk_{i}"]],
                 "jp": d[f"jp_{i}"], "triwulan": d[f"triwulan_{i}"]} for i in self.dipilih]


class RencanaItemForm(forms.ModelForm):
    """A line: what, how, who (its needs, ticked in the lists below the form: added and removed at once) and the
    budget. The total is unit cost × distinct participants, computed on save."""

    kebutuhan = forms.TypedMultipleChoiceField(label="Kebutuhan yang dijawab", coerce=int, required=False)
    triwulan = forms.TypedChoiceField(label="Jadwal", choices=TRIWULAN, coerce=int)

    class Meta:
        model = RencanaItem
        fields = ["nama_program", "kompetensi", "bentuk", "jalur", "penyelenggara", "triwulan", "jp", "biaya_satuan",
                  "sumber_dana", "kode_sub_kegiatan", "sesuai_kurikulum", "rujukan_kurikulum", "prioritas"]
        labels = {"biaya_satuan": "Biaya satuan per peserta (Rp)", "rujukan_kurikulum": "Rujukan kurikulum"}
        help_texts = {"rujukan_kurikulum": "Kurikulum instansi pembina yang diacu, bila sesuai.",
                      "kode_sub_kegiatan": "Kode sub-kegiatan anggaran (teks, mis. 5.01.01.2.05.01)."}
        widgets = {"kompetensi": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, siklus, pilihan_kebutuhan, perlu_alasan=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kompetensi"].queryset = Kompetensi.objects.filter(
            Q(instansi__isnull=True) | Q(instansi_id=siklus.instansi_id))
        self.fields["penyelenggara"].queryset = Mitra.objects.filter(instansi_id=siklus.instansi_id)
        self.fields["penyelenggara"].empty_label = "— belum ditentukan —"
        self.fields["jp"].error_messages.update({"required": "JP wajib diisi.", "invalid": "Isi dengan angka bulat."})
        self.fields["jp"].validators.append(_maks_jp)
        self.fields["biaya_satuan"].min_value = 0
        self.fields["biaya_satuan"].widget.attrs["min"] = 0
        self.fields["kebutuhan"].choices = [(k.pk, str(k.pk)) for k in pilihan_kebutuhan]
        if self.instance.pk and not self.is_bound:
            self.initial["kebutuhan"] = list(self.instance.kebutuhan.values_list("pk", flat=True))
        self.fields["alasan"] = _alasan(perlu_alasan)

    def clean_biaya_satuan(self):
        nilai = self.cleaned_data.get("biaya_satuan")
        if nilai is not None and nilai < 0:
            raise forms.ValidationError("Biaya satuan tidak boleh negatif.")
        return nilai

    def clean(self):
        data = super().clean()
        if data.get("sesuai_kurikulum") is False and (data.get("rujukan_kurikulum") or "").strip():
            self.add_error("sesuai_kurikulum", "Ada rujukan kurikulum: centang \"sesuai kurikulum instansi pembina\" "
                                               "atau kosongkan rujukannya.")
        return data

    def data_item(self):
        return {f: self.cleaned_data[f] for f in self.Meta.fields if f != "kompetensi"}


def _maks_jp(nilai):
    if nilai is not None and nilai > JP_MAKS:
        raise forms.ValidationError(f"Paling banyak {JP_MAKS} JP.")


class HapusItemForm(forms.Form):
    def __init__(self, *args, perlu_alasan=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alasan"] = _alasan(perlu_alasan)


class PengecualianForm(forms.Form):
    """An employee put on the exemption list by NIP, with the reason."""

    nip = forms.CharField(label="NIP", max_length=30)
    alasan = forms.ChoiceField(label="Alasan", choices=PengecualianJP.Alasan.choices)
    catatan = forms.CharField(label="Catatan", max_length=500, required=False)

    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.instansi = instansi

    def clean_nip(self):
        nip = "".join(self.cleaned_data["nip"].split())
        self.pegawai = Pegawai.objects.filter(instansi=self.instansi, nip=nip).first()
        if self.pegawai is None:
            raise forms.ValidationError(f"NIP {nip} tidak ditemukan di antara pegawai instansi ini.")
        return nip


class PenetapanForm(forms.Form):
    nomor_keputusan = forms.CharField(label="Nomor keputusan PPK", max_length=100,
                                      error_messages={"required": "Nomor keputusan PPK wajib diisi."})
    tanggal_keputusan = forms.DateField(label="Tanggal keputusan", widget=DateInput(),
                                        error_messages={"required": "Tanggal keputusan wajib diisi.",
                                                        "invalid": "Tanggal keputusan tidak valid."})


class TambahKeBarisForm(forms.Form):
    """Employees of the "belum tercakup" list ticked at once and the line they join."""

    item = forms.ModelChoiceField(label="Masukkan ke baris", queryset=RencanaItem.objects.none(),
                                  empty_label="— pilih baris rencana —",
                                  error_messages={"required": "Pilih baris rencana tujuan."})
    pegawai = forms.TypedMultipleChoiceField(label="Pegawai", coerce=int,
                                             error_messages={"required": "Centang paling sedikit satu pegawai."})

    def __init__(self, *args, siklus, pilihan_pegawai, perlu_alasan=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = RencanaItem.objects.filter(siklus=siklus).select_related("bentuk").order_by(
            "nomor", "id")
        self.fields["item"].label_from_instance = lambda i: f"{i.nomor}. {i.nama_program} ({i.jp} JP)"
        self.fields["item"].widget.attrs["class"] = "form-select"
        self.fields["pegawai"].choices = [(pid, str(pid)) for pid in pilihan_pegawai]
        self.fields["alasan"] = _alasan(perlu_alasan)


class DelegasiForm(forms.Form):
    """The HR accounts of the instansi that may set the plan on the PPK's behalf."""

    akun = forms.TypedMultipleChoiceField(label="Admin BKPSDM yang diberi wewenang menetapkan", coerce=int,
                                          required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, hr, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["akun"].choices = [(u.pk, f"{u.get_full_name() or u.username} ({u.username})") for u in hr]
