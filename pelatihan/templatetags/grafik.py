"""Charts drawn on the server as inline SVG: no script, no CDN (issue 11 §4). Each chart is a picture of a table
that the page shows beside it, so the SVG itself is ``aria-hidden`` apart from its title (screen readers read the
table).

``{% grafik_batang baris judul=... label_rencana=... label_realisasi=... satuan=... %}`` draws, per row, a pair of
horizontal bars (planned, realised). ``baris``: an iterable of dicts with ``label``, ``rencana`` and ``realisasi``
(numbers, None = 0).
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

RUANG_BATANG = 78  # % of the width the longest bar takes (the rest holds its value)
TINGGI_BARIS = 50  # px: the label line, then the two bars
BATANG = 11
WARNA = {"rencana": "#8a96a3", "realisasi": "#0d6efd"}  # grey plan, blue realisation (contrast >= 3:1 on white)
PANJANG_LABEL = 60


def _angka(x):
    try:
        return max(float(x or 0), 0.0)
    except (TypeError, ValueError):
        return 0.0


def _teks_angka(x):
    """A number as written in Indonesian: thousands with a dot, at most one decimal with a comma."""
    x = round(_angka(x), 1)
    bulat, pecahan = divmod(x, 1)
    teks = f"{int(bulat):,}".replace(",", ".")
    return teks if not round(pecahan, 1) else f"{teks},{round(pecahan * 10):.0f}"


def _pendek(label):
    label = str(label)
    return label if len(label) <= PANJANG_LABEL else label[:PANJANG_LABEL - 1] + "…"


@register.simple_tag
def grafik_batang(baris, judul="", label_rencana="Rencana", label_realisasi="Realisasi", satuan=""):
    """Sized in real pixels, bars in percent of the width (no viewBox): the text stays legible from a 360 px phone
    to a wide screen; each row's label sits above its two bars."""
    baris = list(baris or [])
    maks = max([_angka(b.get("rencana")) for b in baris] + [_angka(b.get("realisasi")) for b in baris] + [0]) or 1
    atas = 24  # the legend
    tinggi = atas + TINGGI_BARIS * max(len(baris), 1)
    akhiran = f" {satuan}" if satuan else ""
    bagian = [format_html(
        '<g font-size="12"><rect x="0" y="4" width="12" height="12" fill="{}"></rect><text x="18" y="14">{}</text>'
        '<rect x="110" y="4" width="12" height="12" fill="{}"></rect><text x="128" y="14">{}</text></g>',
        WARNA["rencana"], label_rencana, WARNA["realisasi"], label_realisasi)]
    if not baris:
        bagian.append(format_html('<text x="0" y="{}" font-size="13" fill="#6c757d">Belum ada data.</text>', atas + 18))
    for i, b in enumerate(baris):
        y = atas + i * TINGGI_BARIS
        rencana, realisasi = _angka(b.get("rencana")), _angka(b.get("realisasi"))
        lebar_rencana, lebar_realisasi = RUANG_BATANG * rencana / maks, RUANG_BATANG * realisasi / maks
        bagian.append(format_html(
            '<g><text x="0" y="{}" font-size="13">{}</text>'
            '<rect x="0" y="{}" width="{}%" height="{}" fill="{}"></rect>'
            '<text x="{}%" dx="4" y="{}" font-size="11" fill="#495057">{}</text>'
            '<rect x="0" y="{}" width="{}%" height="{}" fill="{}"></rect>'
            '<text x="{}%" dx="4" y="{}" font-size="11">{}</text></g>',
            y + 14, _pendek(b.get("label", "")),
            y + 19, f"{lebar_rencana:.2f}", BATANG, WARNA["rencana"],
            f"{lebar_rencana:.2f}", y + 19 + BATANG - 1, _teks_angka(rencana) + akhiran,
            y + 19 + BATANG + 2, f"{lebar_realisasi:.2f}", BATANG, WARNA["realisasi"],
            f"{lebar_realisasi:.2f}", y + 19 + 2 * BATANG + 1, _teks_angka(realisasi) + akhiran))
    return format_html(
        '<svg class="grafik" role="img" aria-label="{}" width="100%" height="{}" '
        'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" fill="#212529">'
        '<title>{}</title>{}</svg>',
        f"{judul} (angkanya ada di tabel di sampingnya)" if judul else "Grafik (angkanya ada di tabel)",
        tinggi, judul, mark_safe("".join(bagian)))  # noqa: S308 - every part built by format_html
