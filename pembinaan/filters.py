import django_filters
from django import forms
from django.db.models import Q

from . import access
from . import referensi as ref
from .models import Pegawai, UnitKerja

SEMUA_STATUS = "semua"
MAKS_KATA = 8  # words of a name search; each is one trigram-indexed condition
INDEN = "\u00a0\u00a0\u00a0"  # a tree level in the unit dropdown (plain spaces collapse inside <option>)


class PegawaiFilter(django_filters.FilterSet):
    """The employee list's filters. Without a status the list shows active employees (``status=semua`` for all);
    a unit includes its sub-units; a name search matches every typed word, in any order."""

    q = django_filters.CharFilter(label="Cari nama atau NIP", method="cari",
                                  widget=forms.TextInput(attrs={"placeholder": "Nama atau NIP", "type": "search"}))
    unit_kerja = django_filters.ModelChoiceFilter(label="Unit kerja", queryset=UnitKerja.objects.none(),
                                                  method="filter_unit")
    golongan = django_filters.ChoiceFilter(label="Golongan", choices=ref.GOLONGAN_CHOICES)
    jenis_jabatan = django_filters.ChoiceFilter(label="Jenis jabatan", field_name="jabatan__jenis",
                                                choices=ref.JenisJabatan.choices)
    jenis_asn = django_filters.ChoiceFilter(label="Jenis ASN", choices=ref.JenisAsn.choices)
    status = django_filters.ChoiceFilter(label="Status", method="filter_status",
                                         choices=[(SEMUA_STATUS, "Semua status")] + ref.StatusPegawai.choices)

    class Meta:
        model = Pegawai
        fields = ["q", "unit_kerja", "golongan", "jenis_jabatan", "jenis_asn", "status"]

    def __init__(self, data=None, *args, user=None, **kwargs):
        data = data.copy() if data is not None else {}
        if not (data.get("status") or "").strip():
            data["status"] = ref.StatusPegawai.AKTIF
        super().__init__(data, *args, **kwargs)
        self.filters["unit_kerja"].queryset = access.unit_scope(user) if user else UnitKerja.objects.none()
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
            if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
                field.choices = [("", "Semua")] + [c for c in field.choices if c[0] != ""]
        if "unit_kerja" in self.form.fields:
            self.form.fields["unit_kerja"].empty_label = "Semua"

    def pilihan(self):
        """The filter dropdowns as plain (name, label, options, selected, empty option label) tuples.

        Rendered by a plain template loop: Django's Select widget renders each option through its
        own template, which costs tens of milliseconds for a few hundred units. The unit dropdown
        offers the whole tree in tree order, each name indented by its depth (one query).
        """
        data = self.form.data
        units = list(self.filters["unit_kerja"].queryset.values_list("id", "nama", "induk_id"))
        result = [("unit_kerja", "Unit kerja", pohon_unit(units), str(data.get("unit_kerja") or ""), "Semua unit")]
        for name in ("golongan", "jenis_jabatan", "jenis_asn", "status"):
            field = self.form.fields[name]
            options = []
            for value, label in field.choices:
                if isinstance(label, (list, tuple)):
                    options += [(str(v), f"{value} {lbl}") for v, lbl in label]
                elif value != "":
                    options.append((str(value), label))
            kosong = "" if name == "status" else "Semua"
            result.append((name, field.label, options, str(data.get(name) or ""), kosong))
        return result

    def cari(self, queryset, name, value):
        """Digits (spaces and dots allowed) search the NIP by its start; words search the name, every word in any
        order ("Sinta Rahmadani" finds "Sinta Novita Rahmadani"): one ``icontains`` per word, each served by the
        trigram index on UPPER(nama)."""
        value = value.strip()
        digits = value.replace(" ", "").replace(".", "")
        if digits.isdigit() and len(digits) >= 4:
            return queryset.filter(nip__startswith=digits[:18])
        kondisi = Q()
        for kata in value.split()[:MAKS_KATA]:
            kondisi &= Q(nama__icontains=kata[:100])
        return queryset.filter(kondisi)

    def filter_unit(self, queryset, name, value):
        """A unit includes its sub-units."""
        from .selectors import unit_dan_subunit

        return queryset.filter(unit_kerja_id__in=unit_dan_subunit(value.pk))

    def filter_status(self, queryset, name, value):
        return queryset if value == SEMUA_STATUS else queryset.filter(status=value)


def pohon_unit(units):
    """[(id, indented name)] in tree order from (id, nama, induk_id) rows; a unit whose parent is out of the rows
    is a root."""
    ids = {u[0] for u in units}
    anak = {}
    for uid, nama, induk in sorted(units, key=lambda u: (u[1].lower(), u[0])):
        anak.setdefault(induk if induk in ids else None, []).append((uid, nama))
    hasil, tumpukan = [], [(u, 0) for u in reversed(anak.get(None, []))]
    while tumpukan:
        (uid, nama), depth = tumpukan.pop()
        hasil.append((str(uid), INDEN * depth + nama))
        tumpukan.extend((c, depth + 1) for c in reversed(anak.get(uid, [])))
    return hasil
