"""Charts and tables of a transparency snapshot (issue 12 §3), rendered on the server.

Charts are inline SVG (no script, no CDN): each is labelled, points at the table holding its numbers
(``aria-describedby``), and draws a suppressed value as an empty dashed bar labelled with what the table shows
("< 5"), never as a bar of some length. Everything here reads only a snapshot's ``data`` dict.

``{% transparansi_isi data %}`` renders the whole content of a snapshot (the public page uses it, and so can
HR's preview, which then shows exactly what will go public).
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from pembinaan.pengungkapan import CATATAN_TANDA, KATEGORI_TOTAL, TANDA_MEMUAT

register = template.Library()


def _e(nilai):
    return escape(str(nilai), quote=True)

JENIS_GRAFIK = {"jumlah", "persen", "median", "rata_rata"}  # a predikat is a word: table only
# Each bar under its label (a phone shows the full name and a readable bar): sizes in the viewBox's units.
LEBAR, TINGGI_BARIS, LEBAR_NILAI, HURUF = 360, 34, 70, 13
LABEL_MAKS = 52  # characters of a label before it is shortened (the table holds the full name)


def _pendek(teks):
    teks = str(teks)
    return teks if len(teks) <= LABEL_MAKS else teks[: LABEL_MAKS - 1] + "…"


def grafik_svg(batang, *, judul, id_tabel, skala_maks=None):
    """A horizontal bar chart, one labelled bar per item. ``batang``: [(label, cell dict)] with ``nilai`` (None
    when suppressed), ``tampil`` and ``disembunyikan``."""
    angka = [s["nilai"] for _, s in batang if isinstance(s.get("nilai"), int | float) and not s.get("disembunyikan")]
    maks = skala_maks or max(angka, default=0) or 1
    ruang = LEBAR - LEBAR_NILAI
    tinggi = TINGGI_BARIS * len(batang) + 4
    baris = []
    for i, (label, s) in enumerate(batang):
        y = 2 + i * TINGGI_BARIS
        y_bar = y + HURUF + 4
        nilai = s.get("nilai")
        tampil = s.get("tampil") or ("—" if nilai is None else str(nilai))
        if s.get("disembunyikan") or not isinstance(nilai, int | float):
            bar = (f'<rect x="0.5" y="{y_bar}" width="18" height="11" fill="none" stroke="#5c636a" '
                   'stroke-dasharray="3 2"/>')
            x_nilai = 24
        else:
            w = max(1, round(ruang * min(nilai, maks) / maks)) if nilai > 0 else 0
            bar = f'<rect x="0" y="{y_bar}" width="{w}" height="11" fill="#1f5f8b"/>'
            x_nilai = w + 5
        baris.append(
            f'<g><title>{_e(label)}: {_e(tampil)}</title><text x="0" y="{y + HURUF}" font-size="{HURUF}" '
            f'fill="#212529">{_e(_pendek(label))}</text>{bar}<text x="{x_nilai}" y="{y_bar + 10}" '
            f'font-size="{HURUF - 1}" fill="#212529">{_e(tampil)}</text></g>')
    return mark_safe(  # noqa: S308 - every value interpolated went through _e() or is a number computed here
        f'<svg class="grafik-transparansi" role="img" viewBox="0 0 {LEBAR} {tinggi}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" aria-label="Grafik: {_e(judul)}" aria-describedby="{_e(id_tabel)}" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(baris)}</svg>')


def _grafik(kode, meta, kategori, unit, petak):
    """The categories of the first unit (the instansi) when there are several, else one bar per unit."""
    if len(kategori) > 1:  # the row total ("Jumlah") would dwarf the bars it adds up
        pertama = unit[0] if unit else ""
        batang = [(k, petak.get((pertama, k))) for k in kategori if k != KATEGORI_TOTAL]
        judul = f"{meta.get('judul', kode)} — {pertama}"
    else:
        batang = [(u, petak.get((u, kategori[0]))) for u in unit]
        judul = meta.get("judul", kode)
    batang = [(label, s) for label, s in batang if s is not None]
    if not batang or any(s.get("jenis") not in JENIS_GRAFIK for _, s in batang):
        return ""
    if any(s.get("nilai") is not None and not isinstance(s["nilai"], int | float) for _, s in batang):
        return ""
    persen = all(s.get("jenis") == "persen" for _, s in batang)
    return grafik_svg(batang, judul=judul, id_tabel=f"tabel-{kode}", skala_maks=100 if persen else None)


def susun(data):
    """A snapshot's cells grouped for a page: per indicator (by its group) a table of units × categories and a
    chart; every reason given ("kurang dari 5", …) becomes a numbered note shared by the cells that give it."""
    indikator = data.get("indikator") or {}
    urutan_unit = {u: i for i, u in enumerate(data.get("unit") or [])}
    per_indikator = {}
    for sel in data.get("sel") or []:
        per_indikator.setdefault(sel["indikator"], []).append(sel)
    kelompok, catatan, bertanda = {}, {}, False
    for kode in list(indikator) + [k for k in per_indikator if k not in indikator]:
        sel_semua = per_indikator.get(kode)
        if not sel_semua:
            continue
        meta = indikator.get(kode) or {}
        kategori = list(dict.fromkeys(s["kategori"] for s in sel_semua))
        unit = sorted(dict.fromkeys(s["unit"] for s in sel_semua), key=lambda u: urutan_unit.get(u, len(urutan_unit)))
        petak = {(s["unit"], s["kategori"]): s for s in sel_semua}
        baris = []
        for u in unit:
            isi = []
            for k in kategori:
                s = petak.get((u, k))
                if s is not None and s.get("alasan"):
                    s = s | {"catatan": catatan.setdefault(s["alasan"], len(catatan) + 1)}
                bertanda = bertanda or (s is not None and str(s.get("tampil", "")).endswith(TANDA_MEMUAT))
                isi.append(s)
            baris.append({"unit": u, "sel": isi})
        kelompok.setdefault(meta.get("kelompok") or "Lainnya", []).append({
            "kode": kode, "judul": meta.get("judul", kode), "definisi": meta.get("definisi", ""),
            "satuan": meta.get("satuan", ""), "kategori": kategori, "baris": baris, "isi_tabel": _isi_tabel(baris),
            "grafik": _grafik(kode, meta, kategori, unit, petak)})
    return {"kelompok": [{"judul": k, "indikator": v} for k, v in kelompok.items()],
            "catatan": [{"nomor": n, "alasan": a} for a, n in catatan.items()],
            "catatan_tanda": CATATAN_TANDA if bertanda else ""}


def _isi_sel(s):
    if s is None:
        return ('<td class="angka"><span aria-hidden="true">·</span>'
                '<span class="visually-hidden">tidak ada data</span></td>')
    catatan = ""
    if s.get("catatan"):
        n, alasan = s["catatan"], _e(s["alasan"])
        catatan = f'<sup><a href="#catatan-{n}" title="{alasan}" aria-label="catatan {n}: {alasan}">{n}</a></sup>'
    kelas = "angka disembunyikan" if s.get("disembunyikan") else "angka"
    return f'<td class="{kelas}">{_e(s.get("tampil", ""))}{catatan}</td>'


def _isi_tabel(baris):
    """The rows of an indicator's table, built here with the standard library's escaping: a page holds thousands
    of cells, which the template language (or format_html, cell by cell) takes most of a second to write."""
    return mark_safe("\n".join(  # noqa: S308 - every value interpolated above and here went through _e()
        f'<tr><th scope="row" class="fw-normal">{_e(b["unit"])}</th>{"".join(_isi_sel(x) for x in b["sel"])}</tr>'
        for b in baris))


@register.inclusion_tag("transparansi/_isi.html")
def transparansi_isi(data):
    """The content of a snapshot: every indicator's chart and table, and the notes on hidden values."""
    return susun(data or {})
