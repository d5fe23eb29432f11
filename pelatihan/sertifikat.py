"""Certificate rendering: the A4 landscape PDF and the QR of its public verification address.

Pure rendering, no database: ``pelatihan.services.sertifikat`` gathers the data into ``DataSertifikat``.
The PDF uses fpdf2's core Helvetica (Windows-1252), which covers every letter of Indonesian names;
anything outside it is transliterated (``Ŝ`` → ``S``) or replaced, never an error.
"""

import io
import unicodedata
from dataclasses import dataclass
from datetime import date

import segno
from django.conf import settings
from fpdf import FPDF
from fpdf.enums import XPos, YPos

BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
         "November", "Desember"]
ENCODING = "windows-1252"
# Latin letters that have no Unicode decomposition to strip an accent from.
_GANTI = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H", "ı": "i", "ŧ": "t", "Ŧ": "T",
                        "ŋ": "n", "Ŋ": "N", "ĸ": "k", "ŀ": "l", "Ŀ": "L"})


def tanggal_id(d):
    """25 November 2026."""
    return f"{d.day} {BULAN[d.month - 1]} {d.year}"


def rentang_tanggal(mulai, selesai):
    """3 November 2026 / 3–5 November 2026 / 28 Oktober – 2 November 2026 / 30 Desember 2026 – 2 Januari 2027."""
    if mulai is None:
        return ""
    if selesai is None or selesai == mulai:
        return tanggal_id(mulai)
    if (mulai.year, mulai.month) == (selesai.year, selesai.month):
        return f"{mulai.day}–{tanggal_id(selesai)}"
    if mulai.year == selesai.year:
        return f"{mulai.day} {BULAN[mulai.month - 1]} – {tanggal_id(selesai)}"
    return f"{tanggal_id(mulai)} – {tanggal_id(selesai)}"


def verifikasi_path(kode):
    """The public address printed on paper: fixed by the spec, never derived from a URLconf that may change."""
    return f"/verifikasi/{kode}/"


def verifikasi_url(kode):
    return settings.SITE_URL.rstrip("/") + verifikasi_path(kode)


def qr_png(data, *, scale=10, border=4):
    """A QR code (model 2, error correction M) as PNG bytes, made in memory."""
    buf = io.BytesIO()
    segno.make_qr(data, error="m").save(buf, kind="png", scale=scale, border=border)
    return buf.getvalue()


def teks_pdf(text):
    """``text`` made safe for a core PDF font: kept if Windows-1252 has it, else stripped of its accents,
    else ``?``. Control and format characters (zero-width joiners, …) are dropped."""
    out = []
    for ch in unicodedata.normalize("NFC", str(text)).translate(_GANTI):
        if unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\n":
            continue
        try:
            ch.encode(ENCODING)
        except UnicodeEncodeError:
            pass
        else:
            out.append(ch)
            continue
        dasar = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        try:
            dasar.encode(ENCODING)
        except UnicodeEncodeError:
            dasar = "?"
        out.append(dasar)
    return "".join(out)


@dataclass(frozen=True)
class DataSertifikat:
    nomor: str
    kode_verifikasi: str
    instansi: str
    nama: str  # with academic titles
    label_nip: str  # "NIP" or "NI PPPK"
    nip: str
    judul: str
    bentuk: str
    mulai: date | None
    selesai: date | None
    jp: int
    penyelenggara: str
    diterbitkan: date
    # The signatory HR named for the instansi; empty: the certificate carries the instansi's name only.
    ttd_nama: str = ""
    ttd_jabatan: str = ""
    ttd_nip: str = ""


def nip_tampil(nip):
    """An 18-digit PNS NIP in its usual groups (birth date, TMT, sex, number): 19800101 200501 1 001."""
    n = "".join(ch for ch in str(nip) if ch.isdigit())
    return f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}" if len(n) == 18 else str(nip)


class _Pdf(FPDF):
    def __init__(self):
        super().__init__(orientation="L", unit="mm", format="A4")
        self.core_fonts_encoding = ENCODING
        self.set_auto_page_break(False)
        self.set_margins(25, 20, 25)

    def baris(self, text, *, size, style="", h=None, warna=(33, 37, 41)):
        self.set_font("Helvetica", style=style, size=size)
        self.set_text_color(*warna)
        self.multi_cell(0, h or size * 0.5, teks_pdf(text), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def render_pdf(data, *, compress=True):
    """The certificate as PDF bytes (A4 landscape)."""
    pdf = _Pdf()
    pdf.compress = compress
    pdf.set_title(teks_pdf(f"Sertifikat {data.nomor}"))
    pdf.set_author(teks_pdf(data.instansi))
    pdf.set_creator("Pembinaan ASN")
    pdf.add_page()
    w, h = pdf.w, pdf.h

    # Frame.
    pdf.set_draw_color(13, 71, 161)
    pdf.set_line_width(1.6)
    pdf.rect(8, 8, w - 16, h - 16)
    pdf.set_line_width(0.4)
    pdf.rect(12, 12, w - 24, h - 24)

    pdf.set_y(22)
    pdf.baris(data.instansi.upper(), size=14, style="B", warna=(13, 71, 161))
    pdf.ln(6)
    pdf.baris("SERTIFIKAT", size=36, style="B", h=16, warna=(13, 71, 161))
    pdf.baris(f"Nomor: {data.nomor}", size=12)
    pdf.ln(7)
    pdf.baris("diberikan kepada", size=12, warna=(90, 90, 90))
    pdf.ln(2)
    pdf.baris(data.nama, size=22, style="B", h=10)
    pdf.baris(f"{data.label_nip} {data.nip}", size=12)
    pdf.ln(6)
    pdf.baris("yang telah mengikuti dan dinyatakan lulus", size=12, warna=(90, 90, 90))
    pdf.ln(2)
    pdf.baris(data.judul, size=17, style="B", h=8)
    pdf.ln(2)
    tanggal = rentang_tanggal(data.mulai, data.selesai)
    pdf.baris(f"{data.bentuk}" + (f", pada {tanggal}" if tanggal else "") + f", sebanyak {data.jp} JP",
              size=12, h=6)
    pdf.baris(f"diselenggarakan oleh {data.penyelenggara}", size=12, h=6)

    # Verification QR (also a clickable link) at the bottom left, issue date at the bottom right.
    url = verifikasi_url(data.kode_verifikasi)
    sisi = 30
    y_qr = h - 20 - sisi
    pdf.image(io.BytesIO(qr_png(url)), x=22, y=y_qr, w=sisi, h=sisi, link=url)
    pdf.set_xy(22 + sisi + 3, y_qr + 8)
    pdf.set_font("Helvetica", size=8)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(80, 4, teks_pdf(f"Pindai kode QR untuk memeriksa keaslian sertifikat ini.\n"
                                   f"Kode verifikasi: {data.kode_verifikasi}\n{url}"),
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _tanda_tangan(pdf, data, x=w - 22 - 100, y=y_qr - 8, lebar=100)
    return bytes(pdf.output())


def _tanda_tangan(pdf, data, *, x, y, lebar):
    """Bottom right: the issue date, then the signatory's jabatan, room to sign, name and NIP; without a
    signatory on record, the instansi's name alone (no blank signature line that looks unfinished)."""
    pdf.set_text_color(33, 37, 41)
    pdf.set_font("Helvetica", size=11)
    if not data.ttd_nama:
        pdf.set_xy(x, y + 20)
        pdf.multi_cell(lebar, 5.5, teks_pdf(f"Diterbitkan {tanggal_id(data.diterbitkan)}\n{data.instansi}"),
                       align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        return
    pdf.set_xy(x, y)
    pdf.multi_cell(lebar, 5, teks_pdf(f"Diterbitkan {tanggal_id(data.diterbitkan)}\n{data.ttd_jabatan}"),
                   align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_xy(x, pdf.get_y() + 16)  # room for the signature and the stamp
    pdf.set_font("Helvetica", style="BU", size=11)
    pdf.multi_cell(lebar, 5.5, teks_pdf(data.ttd_nama), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if data.ttd_nip:
        pdf.set_x(x)
        pdf.set_font("Helvetica", size=10)
        pdf.multi_cell(lebar, 5, teks_pdf(f"NIP {data.ttd_nip}"), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
