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

    def cari(self, queryset, name, value):
        value = value.strip()
        digits = value.replace(" ", "").replace(".", "")
        if digits.isdigit() and len(digits) >= 4:
            return queryset.filter(nip__startswith=digits)
        return queryset.filter(Q(nama__icontains=value))

    def filter_unit(self, queryset, name, value):
        """A unit includes its sub-units (one recursive subquery)."""
        from django.db.models.expressions import RawSQL

        sql = ("WITH RECURSIVE t(id) AS (SELECT %s::bigint UNION SELECT u.id FROM pembinaan_unitkerja u "
               "JOIN t ON u.induk_id = t.id) SELECT id FROM t")
        return queryset.filter(unit_kerja_id__in=RawSQL(sql, [value.pk]))
