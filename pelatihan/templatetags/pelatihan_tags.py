"""Template filters of pelatihan/ pages."""

from django import template

from pembinaan import referensi as ref

register = template.Library()


@register.filter
def label_nomor(pegawai):
    """What the 18-digit number of ``pegawai`` is called: "NI PPPK" for PPPK (full or part time), else "NIP"."""
    return "NI PPPK" if getattr(pegawai, "jenis_asn", None) in ref.JENIS_PPPK else "NIP"
