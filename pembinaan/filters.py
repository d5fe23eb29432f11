import django_filters
from django import forms
from django.db.models import Q

from . import access
from . import referensi as ref
from .models import Pegawai, UnitKerja


class PegawaiFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Cari nama atau NIP", method="cari",
                                  widget=forms.TextInput(attrs={"placeholder": "Nama atau NIP", "type": "search"}))
    unit_kerja = django_filters.ModelChoiceFilter(label="Unit kerja", queryset=UnitKerja.objects.none(),
                                                  method="filter_unit")
    golongan = django_filters.ChoiceFilter(label="Golongan", choices=ref.GOLONGAN_CHOICES)
    jenis_jabatan = django_filters.ChoiceFilter(label="Jenis jabatan", field_name="jabatan__jenis",
                                                choices=ref.JenisJabatan.choices)
    jenis_asn = django_filters.ChoiceFilter(label="Jenis ASN", choices=ref.JenisAsn.choices)
    status = django_filters.ChoiceFilter(label="Status", choices=ref.StatusPegawai.choices)

    class Meta:
        model = Pegawai
        fields = ["q", "unit_kerja", "golongan", "jenis_jabatan", "jenis_asn", "status"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["unit_kerja"].queryset = access.unit_scope(user) if user else UnitKerja.objects.none()
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
            if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
                field.choices = [("", "Semua")] + [c for c in field.choices if c[0] != ""]
        if "unit_kerja" in self.form.fields:
            self.form.fields["unit_kerja"].empty_label = "Semua"

    def pilihan(self):
        """The filter dropdowns as plain (name, label, options, selected) tuples.

        Rendered by a plain template loop: Django's Select widget renders each option through its
        own template, which costs tens of milliseconds for a few hundred units. The unit dropdown
        offers the top-level units (OPD; a unit includes its sub-units), plus the selected unit when
        it is deeper (reached from the organisation tree).
        """
        data = self.form.data if self.is_bound else {}
        units_qs = self.filters["unit_kerja"].queryset
        selected_unit = str(data.get("unit_kerja") or "")
        units = list(units_qs.filter(Q(induk__isnull=True) | Q(pk=selected_unit if selected_unit.isdigit() else None))
                     .order_by("nama").values_list("id", "nama"))
        result = [("unit_kerja", "Unit kerja", [(str(i), n) for i, n in units], selected_unit)]
        for name in ("golongan", "jenis_jabatan", "jenis_asn", "status"):
            field = self.form.fields[name]
            options = []
            for value, label in field.choices:
                if isinstance(label, (list, tuple)):
                    options += [(str(v), f"{value} {lbl}") for v, lbl in label]
                elif value != "":
                    options.append((str(value), label))
            result.append((name, field.label, options, str(data.get(name) or "")))
        return result

    def cari(self, queryset, name, value):
        value = value.strip()
        digits = value.replace(" ", "").replace(".", "")
        if digits.isdigit() and len(digits) >= 4:
            return queryset.filter(nip__startswith=digits)
        return queryset.filter(Q(nama__icontains=value))

    def filter_unit(self, queryset, name, value):
        """A unit includes its sub-units."""
        from .selectors import unit_dan_subunit

        return queryset.filter(unit_kerja_id__in=unit_dan_subunit(value.pk))
