"""The public transparency site (issue 12 §3): anonymous pages, downloads and an embeddable card.

What the public sees is read ONLY from the ``data`` JSON of published snapshots (``SnapshotTransparansi``
with status ``diterbitkan``), built and suppressed by the snapshot service (pembinaan/pengungkapan.py); never
from live tables. A published snapshot never changes, so what is rendered from it is cached under a key that
holds the snapshot's id: a request costs one small query (which snapshot is meant) plus, on a cache miss, one
to read its JSON.

Caching towards browsers and proxies: anonymous visitors get ``Cache-Control: public, max-age`` (the page of
an instansi without ``?tanggal`` changes when a new month is published, hence a bounded max-age). The
downloads carry no ``Content-Disposition`` header (the link in the page has a ``download`` attribute and the
URL ends in ``data.csv`` / ``data.json``), so pembinaan/middleware.py leaves them public and cacheable; for a
logged-in user that middleware still answers ``private, no-store``, as for every page.

Framing: every page keeps the site's ``X-Frame-Options: DENY`` except the embeddable card, whose framing
rule lives in one place, the decorator ``bingkai_sematkan`` below (``frame-ancestors`` from the setting
``TRANSPARANSI_SEMATKAN_ASAL``; empty = nobody may frame it).
"""

import datetime
import json
import re
from functools import wraps

from csp.constants import NONE
from csp.decorators import csp_replace
from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import path, re_path, reverse
from django.views.decorators.http import require_safe

from .. import params
from ..ekspor import csv_bytes
from ..models import SnapshotTransparansi
from ..pengungkapan import KATEGORI_TOTAL

STATUS_TERBIT = SnapshotTransparansi.Status.DITERBITKAN
VERSI_TAMPILAN = "3"  # part of every cache key: raise it when a template changes so old renderings are not served
CACHE_DETIK = 7 * 24 * 3600  # a rendering of an immutable snapshot; bounded only so the cache can be reclaimed
MAX_AGE_DETIK = 600  # browsers and proxies: "the latest" moves to a new snapshot when one is published
KOLOM_SEL = ("indikator", "unit", "kategori", "jenis", "nilai", "disembunyikan", "alasan")  # the contract's keys
KOLOM_META = ("judul_indikator", "satuan", "definisi", "frekuensi", "produsen", "tanggal", "versi_metodologi")
KARTU_MAKS = 4  # headline figures on the embeddable card
_ASAL_SAH = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")


# ------------------------------------------------------------------ framing (the one place that decides it)
def asal_sematkan():
    """The origins allowed to frame the card: well-formed ``scheme://host[:port]`` only, so a stray value in
    the setting can never add a directive to the header."""
    asal = [a.strip().rstrip("/") for a in getattr(settings, "TRANSPARANSI_SEMATKAN_ASAL", ())]
    return [a for a in asal if _ASAL_SAH.fullmatch(a)]


def bingkai_sematkan(view):
    """The card may be framed by the configured origins, and by nobody when there are none.

    Sets ``Content-Security-Policy: frame-ancestors …`` and, only when some origin is allowed, exempts the
    response from ``X-Frame-Options`` (which cannot name an origin), through django-csp's ``csp_replace``."""

    @wraps(view)
    def _view(request, *args, **kwargs):
        asal = asal_sematkan()
        # django-csp's per-view override: the site-wide policy with frame-ancestors replaced.
        response = csp_replace({"frame-ancestors": asal or [NONE]})(view)(request, *args, **kwargs)
        if asal:
            response.xframe_options_exempt = True
        return response

    return _view


# ------------------------------------------------------------------ reading published snapshots
def _terbit():
    return SnapshotTransparansi.objects.filter(status=STATUS_TERBIT)


def _terbit_instansi(kode):
    """[(id, tanggal, kunci)] of the instansi's published snapshots, newest first (one query: a month is one row).
    ``kunci`` names the snapshot in the cache: its id and the moment it was published, so a cache shared by two
    databases (test runs, a restored backup) never serves one snapshot's rendering for another."""
    return [(pk, tanggal, f"{pk}-{terbit:%Y%m%d%H%M%S%f}") for pk, tanggal, terbit in
            _terbit().filter(instansi__kode=kode).order_by("-tanggal", "-pk")
            .values_list("pk", "tanggal", "diterbitkan_pada")]


def _pilih(semua, tanggal):
    """The snapshot meant among ``semua``: the latest, or the one of ``tanggal``; None when there is none."""
    if tanggal is None:
        return semua[0] if semua else None
    return next((s for s in semua if s[1] == tanggal), None)


def _data(pk):
    return SnapshotTransparansi.objects.values_list("data", flat=True).get(pk=pk)


def _publik(response, *, max_age=MAX_AGE_DETIK):
    response["Cache-Control"] = f"public, max-age={max_age}"
    return response


def _tidak_ada(kode, tanggal, semua):
    """404: unknown instansi (or none published), or a date without a published snapshot (the dates that exist
    are listed, each a link). The code typed is not echoed back when nothing is published under it."""
    tersedia = [{"tanggal": t, "url": _url_instansi(kode, t)} for _, t, _ in semua]
    konteks = {"tersedia": tersedia, "tanggal": tanggal,
               "url_metodologi": reverse("transparansi-metodologi"), "url_daftar": reverse("transparansi-daftar")}
    return HttpResponse(render_to_string("transparansi/tidak_ada.html", konteks), status=404)


def _tersaji(kunci, snap, buat):
    """The rendering ``kunci`` of snapshot ``snap`` from the cache, or ``buat(data)`` stored there."""
    kunci = f"transparansi:{VERSI_TAMPILAN}:{snap[2]}:{kunci}"
    isi = cache.get(kunci)
    if isi is None:
        isi = buat(_data(snap[0]))
        cache.set(kunci, isi, CACHE_DETIK)
    return isi


# ------------------------------------------------------------------ the snapshot's JSON, arranged for a page
def _tanggal(data):
    return datetime.date.fromisoformat(data["tanggal"])


def _konteks(data):
    return {"instansi": data.get("instansi", {}), "tanggal": _tanggal(data),
            "versi_metodologi": data.get("versi_metodologi", ""), "data": data}


def _url_instansi(kode, tanggal=None, nama="transparansi-instansi", **kwargs):
    url = reverse(nama, kwargs={"kode": kode, **kwargs})
    return url + (f"?tanggal={tanggal:%Y-%m-%d}" if tanggal else "")


# ------------------------------------------------------------------ pages
@require_safe
def daftar(request):
    """Every instansi with a published snapshot, with the date of its latest."""
    baris = (_terbit().values("instansi__kode", "instansi__nama").annotate(terakhir=Max("tanggal"))
             .order_by("instansi__nama"))
    instansi = [{"nama": b["instansi__nama"], "tanggal": b["terakhir"],
                 "url": reverse("transparansi-instansi", kwargs={"kode": b["instansi__kode"]})} for b in baris]
    html = render_to_string("transparansi/daftar.html", {"instansi": instansi,
                                                         "url_metodologi": reverse("transparansi-metodologi")})
    return _publik(HttpResponse(html))


@require_safe
def metodologi(request):
    """Definitions, thresholds (read from the settings), what is never published and why, the download fields."""
    indikator = _terbit().order_by("-tanggal", "-pk").values_list("data__indikator", flat=True).first()
    konteks = {
        "indikator": [{"kode": k, **v} for k, v in indikator.items()] if isinstance(indikator, dict) else [],
        "k_pelatihan": getattr(settings, "TRANSPARANSI_K_PELATIHAN", 5),
        "k_evaluasi": getattr(settings, "TRANSPARANSI_K_EVALUASI", 10),
        "n_predikat": getattr(settings, "TRANSPARANSI_N_PREDIKAT", 20),
        "dominasi": getattr(settings, "TRANSPARANSI_DOMINASI_PERSEN", 85),
        "kolom_sel": KOLOM_SEL, "kolom_meta": KOLOM_META,
        "url_daftar": reverse("transparansi-daftar"), "url_metodologi": reverse("transparansi-metodologi"),
    }
    return _publik(HttpResponse(render_to_string("transparansi/metodologi.html", konteks)))


@require_safe
def instansi(request, kode):
    """The latest published snapshot of the instansi, or the one of ``?tanggal=``; earlier ones listed."""
    tanggal = params.tanggal(request, "tanggal")
    semua = _terbit_instansi(kode)
    snap = _pilih(semua, tanggal)
    if snap is None:
        return _tidak_ada(kode, tanggal, semua)
    pk, tanggal_snap, _ = snap

    def buat(data):
        konteks = _konteks(data) | {
            "arsip": [{"tanggal": t, "url": _url_instansi(kode, t), "ini": p == pk} for p, t, _ in semua],
            "url_csv": _url_instansi(kode, tanggal, "transparansi-data", fmt="csv"),
            "url_json": _url_instansi(kode, tanggal, "transparansi-data", fmt="json"),
            "url_sematkan": _url_instansi(kode, tanggal, "transparansi-sematkan"),
            "url_metodologi": reverse("transparansi-metodologi"), "url_daftar": reverse("transparansi-daftar"),
            "nama_berkas": f"transparansi-{kode}-{tanggal_snap:%Y-%m-%d}",
        }
        return render_to_string("transparansi/instansi.html", konteks)

    # The list of snapshots is part of the page: a new publication changes it, so the newest id is in the key.
    return _publik(HttpResponse(_tersaji(f"halaman:{semua[0][2]}:{'t' if tanggal else 'x'}", snap, buat)))


@require_safe
def unduh(request, kode, fmt):
    """The snapshot's cells as CSV or JSON, with Satu Data-style metadata; the same suppression as the page."""
    tanggal = params.tanggal(request, "tanggal")
    semua = _terbit_instansi(kode)
    snap = _pilih(semua, tanggal)
    if snap is None:
        return _tidak_ada(kode, tanggal, semua)
    if fmt == "json":
        response = HttpResponse(_tersaji("json", snap, _json_bytes), content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(_tersaji("csv", snap, _csv_bytes), content_type="text/csv; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return _publik(response)


def _metadata(data):
    return {
        "judul": f"Transparansi pembinaan ASN — {data.get('instansi', {}).get('nama', '')}",
        "instansi": data.get("instansi", {}),
        "tanggal": data.get("tanggal"),
        "versi_metodologi": data.get("versi_metodologi", ""),
        "frekuensi": "bulanan",
        "metodologi": settings.SITE_URL.rstrip("/") + reverse("transparansi-metodologi"),
        "indikator": data.get("indikator", {}),
        "unit": data.get("unit", []),
    }


def _json_bytes(data):
    isi = _metadata(data) | {"sel": [{k: s.get(k) for k in KOLOM_SEL} for s in data.get("sel", [])]}
    return json.dumps(isi, ensure_ascii=False, indent=1).encode("utf-8")


def _nilai_csv(nilai):
    if nilai is None:
        return ""
    if isinstance(nilai, bool):
        return "true" if nilai else "false"
    return nilai


def _csv_bytes(data):
    indikator = data.get("indikator", {})
    baris = []
    for s in data.get("sel", []):
        meta = indikator.get(s["indikator"], {})
        baris.append([_nilai_csv(s.get(k)) for k in KOLOM_SEL] + [
            meta.get("judul", ""), meta.get("satuan", ""), meta.get("definisi", ""), meta.get("frekuensi", ""),
            meta.get("produsen", ""), data.get("tanggal", ""), data.get("versi_metodologi", "")])
    return csv_bytes(list(KOLOM_SEL + KOLOM_META), baris)


@require_safe
@bingkai_sematkan
def sematkan(request, kode):
    """A small card for the government's own website: the instansi's headline figures and a link to the page."""
    tanggal = params.tanggal(request, "tanggal")
    semua = _terbit_instansi(kode)
    snap = _pilih(semua, tanggal)
    if snap is None:
        return _tidak_ada(kode, tanggal, semua)

    def buat(data):
        return render_to_string("transparansi/sematkan.html", _konteks(data) | {
            "angka": _angka_utama(data), "url_halaman": _url_instansi(kode, tanggal)})

    return _publik(HttpResponse(_tersaji(f"sematkan:{'t' if tanggal else 'x'}", snap, buat)))


def _angka_utama(data):
    """The card's figures: per indicator the instansi's total ("Jumlah") or its only category, the first
    ``KARTU_MAKS`` distinct ones (headcount by kind and by sex share one total: shown once)."""
    instansi = (data.get("unit") or [""])[0]
    indikator = data.get("indikator", {})
    per_indikator = {}
    for s in data.get("sel", []):
        if s["unit"] == instansi:
            per_indikator.setdefault(s["indikator"], []).append(s)
    angka, dilihat = [], set()
    for kode, sel in per_indikator.items():
        s = next((x for x in sel if x["kategori"] == KATEGORI_TOTAL), sel[0] if len(sel) == 1 else None)
        meta = indikator.get(kode, {})
        total = s is not None and s["kategori"] == KATEGORI_TOTAL and (s.get("tampil"), meta.get("satuan"))
        if s is None or s.get("jenis") == "predikat" or (total and total in dilihat):
            continue
        dilihat.add(total)
        tampil = s.get("tampil", "")
        angka.append({"judul": meta.get("judul", kode), "tampil": tampil, "alasan": s.get("alasan", ""),
                      "satuan": "" if tampil.endswith("%") else meta.get("satuan", "")})
        if len(angka) >= KARTU_MAKS:
            break
    return angka


urlpatterns = [
    path("transparansi/", daftar, name="transparansi-daftar"),
    path("transparansi/metodologi/", metodologi, name="transparansi-metodologi"),
    path("transparansi/<slug:kode>/", instansi, name="transparansi-instansi"),
    re_path(r"^transparansi/(?P<kode>[-\w]+)/data\.(?P<fmt>csv|json)$", unduh, name="transparansi-data"),
    path("transparansi/<slug:kode>/sematkan/", sematkan, name="transparansi-sematkan"),
]
