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

LEBAR = 640  # viewBox width; the SVG scales to its container (width 100%)
KIRI = 190  # room for the row labels
KANAN = 70  # room for the value after the bar
TINGGI_BARIS = 34
BATANG = 12
WARNA = {"rencana": "#9aa5b1", "realisasi": "#0d6efd"}  # grey plan, blue realisation (contrast ≥ 3:1 on white)
PANJANG_LABEL = 28


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
    baris = list(baris or [])
    maks = max([_angka(b.get("rencana")) for b in baris] + [_angka(b.get("realisasi")) for b in baris] + [0]) or 1
    skala = (LEBAR - KIRI - KANAN) / maks
    atas = 28  # the legend
    tinggi = atas + TINGGI_BARIS * max(len(baris), 1) + 8
    akhiran = f" {satuan}" if satuan else ""
    bagian = [format_html(
        '<g font-size="12"><rect x="{}" y="6" width="12" height="12" fill="{}"></rect>'
        '<text x="{}" y="16">{}</text><rect x="{}" y="6" width="12" height="12" fill="{}"></rect>'
        '<text x="{}" y="16">{}</text></g>',
        KIRI, WARNA["rencana"], KIRI + 18, label_rencana, KIRI + 140, WARNA["realisasi"], KIRI + 158, label_realisasi)]
    if not baris:
        bagian.append(format_html('<text x="{}" y="{}" font-size="12" fill="#6c757d">Belum ada data.</text>',
                                  KIRI, atas + 18))
    for i, b in enumerate(baris):
        y = atas + i * TINGGI_BARIS
        rencana, realisasi = _angka(b.get("rencana")), _angka(b.get("realisasi"))
        bagian.append(format_html(
            '<g font-size="12"><text x="{}" y="{}" text-anchor="end">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
            '<text x="{}" y="{}" fill="#495057">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
            '<text x="{}" y="{}">{}</text></g>',
            KIRI - 8, y + BATANG + 4, _pendek(b.get("label", "")),
            KIRI, y + 2, f"{rencana * skala:.1f}", BATANG, WARNA["rencana"],
            KIRI + rencana * skala + 4, y + BATANG, _teks_angka(rencana) + akhiran,
            KIRI, y + 2 + BATANG + 2, f"{realisasi * skala:.1f}", BATANG, WARNA["realisasi"],
            KIRI + realisasi * skala + 4, y + 2 * BATANG + 2, _teks_angka(realisasi) + akhiran))
    return format_html(
        '<svg class="grafik" role="img" aria-label="{}" viewBox="0 0 {} {}" width="100%" '
        'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif">'
        '<title>{}</title>{}</svg>',
        f"{judul} (angkanya ada di tabel di sampingnya)" if judul else "Grafik (angkanya ada di tabel)",
        LEBAR, tinggi, judul, mark_safe("".join(bagian)))  # noqa: S308 - every part built by format_html
