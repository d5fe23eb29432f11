"""Bounded parsing of values read from the URL's query string.

Every value a view reads from ``request.GET`` goes through one of these functions: a value that is
absent or empty gives the default; a value that is present but not what the page accepts (not a
number, out of range, an unknown choice) raises ``BadRequest``, which Django answers with 400.
Nothing read from a URL reaches the database or ``int()`` unbounded (``?tahun=99999999999999999999``
used to answer 500).
"""

import datetime
import re

from django.core.exceptions import BadRequest
from django.utils import timezone

TAHUN_MIN, TAHUN_MAKS = 1950, 2100
ID_MAKS = 2**63 - 1  # PostgreSQL bigint
_PANJANG_MAKS = 20  # digits; longer strings are never a number any page accepts
_ANGKA = re.compile(r"-?[0-9]+")  # ASCII digits only: str.isdigit() also passes "²" and "--1", which int() refuses


def angka(request, nama, *, default=None, minimum=None, maksimum=None):
    """An integer query parameter within [minimum, maksimum]; 400 for anything else that is not empty."""
    mentah = request.GET.get(nama, "")
    mentah = mentah.strip()
    if mentah == "":
        return default
    if len(mentah) > _PANJANG_MAKS or not _ANGKA.fullmatch(mentah):
        raise BadRequest(f"Parameter '{nama}' harus berupa angka.")
    nilai = int(mentah)
    if (minimum is not None and nilai < minimum) or (maksimum is not None and nilai > maksimum):
        raise BadRequest(f"Parameter '{nama}' di luar rentang yang diizinkan.")
    return nilai


def tahun(request, nama="tahun", *, default=None):
    """A calendar year (1950–2100); default: this year in Asia/Jakarta."""
    if default is None:
        default = timezone.localdate().year
    return angka(request, nama, default=default, minimum=TAHUN_MIN, maksimum=TAHUN_MAKS)


def id_objek(request, nama, *, default=None):
    """A primary key: a positive integer that fits PostgreSQL's bigint."""
    return angka(request, nama, default=default, minimum=1, maksimum=ID_MAKS)


def pilihan(request, nama, pilihan_sah, *, default=""):
    """One of a fixed set of strings (a sort key, a tab, a status)."""
    mentah = request.GET.get(nama, "").strip()
    if mentah == "":
        return default
    if mentah not in pilihan_sah:
        raise BadRequest(f"Nilai '{nama}' tidak dikenal.")
    return mentah


def tanggal(request, nama, *, default=None):
    """A date as YYYY-MM-DD (the value of an ``<input type="date">``)."""
    mentah = request.GET.get(nama, "").strip()
    if mentah == "":
        return default
    try:
        nilai = datetime.date.fromisoformat(mentah[:10]) if len(mentah) == 10 else None
    except ValueError:
        nilai = None
    if nilai is None or not (TAHUN_MIN <= nilai.year <= TAHUN_MAKS):
        raise BadRequest(f"Parameter '{nama}' harus tanggal dengan format TTTT-BB-HH.")
    return nilai


def teks(request, nama, *, maks=100):
    """Free text (a search box): at most ``maks`` characters kept; a control character (NUL, which PostgreSQL
    refuses in a query, included) answers 400."""
    mentah = request.GET.get(nama, "")[: maks * 4].strip()
    if not all(c.isprintable() for c in mentah):
        raise BadRequest(f"Parameter '{nama}' memuat karakter yang tidak sah.")
    return mentah[:maks].strip()


def halaman(request, nama="halaman"):
    """A page number for ``Paginator.get_page``: garbage gives 400, a number past the end the last page."""
    return angka(request, nama, default=1, minimum=1, maksimum=10**9)
