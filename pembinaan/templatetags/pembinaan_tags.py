from django import template

from pembinaan.referensi import JENIS_PPPK

register = template.Library()


@register.simple_tag
def sort_link(field, current, params):
    """The URL query for sorting by ``field``: toggles the direction when already sorted by it."""
    urut = f"-{field}" if current == field else field
    return f"?{params}&urut={urut}" if params else f"?urut={urut}"


@register.simple_tag
def sort_arrow(field, current):
    return "▲" if current == field else "▼" if current == f"-{field}" else ""


@register.filter
def label_nomor(pegawai):
    """What an employee's 18-digit number is called: "NI PPPK" for PPPK (also paruh waktu), "NIP" otherwise
    (docs/domain.md §1.2). Takes an employee (anything with ``jenis_asn``) or the ``jenis_asn`` value itself."""
    jenis = pegawai if isinstance(pegawai, str) else getattr(pegawai, "jenis_asn", "")
    return "NI PPPK" if jenis in JENIS_PPPK else "NIP"
