from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path

from pembinaan import access as base
from pembinaan import ekspor

from .. import access, selectors


def _tahun(request):
    try:
        return int(request.GET.get("tahun", date.today().year))
    except ValueError:
        return date.today().year


@login_required
def jp_saya(request, pk=None):
    """An employee's JP year (their own; HR and atasan may open their staff's with ?pegawai=)."""
    if pk is None:
        pegawai = base.peran(request.user).pegawai
        if pegawai is None:
            raise Http404
    else:
        pegawai = get_object_or_404(base.pegawai_scope(request.user), pk=pk)
    tahun = _tahun(request)
    data = selectors.jp_pegawai(pegawai=pegawai, tahun=tahun)
    this_year = date.today().year
    return render(request, "pelatihan/jp_saya.html", {"pegawai": pegawai, "d": data,
                                                      "tahun_list": range(this_year, this_year - 5, -1)})


@login_required
def jp_unit(request):
    if not access.can_manage(request.user) and not base.peran(request.user).pimpinan:
        raise Http404
    instansi = base.peran(request.user).instansi
    tahun = _tahun(request)
    rows, ringkas = selectors.capaian_unit(instansi=instansi, tahun=tahun)
    return render(request, "pelatihan/jp_unit.html", {"rows": rows, "r": ringkas, "tahun": tahun,
                                                      "instansi": instansi})


@login_required
def jp_tertinggal(request):
    if not access.can_manage(request.user):
        raise Http404
    instansi = base.peran(request.user).instansi
    tahun = _tahun(request)
    unit = request.GET.get("unit") or None
    unit_id = int(unit) if unit and unit.isdigit() and base.unit_scope(request.user).filter(pk=unit).exists() else None
    qs, laju = selectors.pegawai_tertinggal(instansi=instansi, tahun=tahun, unit_id=unit_id)
    if request.GET.get("format") == "xlsx":
        headers = ["NIP BARU", "NAMA", "UNOR NAMA", "JABATAN NAMA", "JP TAHUN INI", "LAJU SEHARUSNYA"]
        rows = ([p.nip, p.nama_lengkap, p.unit_kerja.nama if p.unit_kerja else "", p.jabatan.nama if p.jabatan else "",
                 p.jp, laju] for p in qs.iterator(chunk_size=2000))
        response = HttpResponse(ekspor.xlsx_bytes(headers, rows, judul="Tertinggal JP"),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="pegawai-tertinggal-jp-{tahun}.xlsx"'
        return response
    page = Paginator(qs, 50).get_page(request.GET.get("halaman"))
    return render(request, "pelatihan/jp_tertinggal.html", {"page": page, "laju": laju, "tahun": tahun,
                                                            "unit": unit_id or ""})


urlpatterns = [
    path("jp/", jp_saya, name="jp-saya"),
    path("jp/pegawai/<int:pk>/", jp_saya, name="jp-pegawai"),
    path("jp/unit/", jp_unit, name="jp-unit"),
    path("jp/tertinggal/", jp_tertinggal, name="jp-tertinggal"),
]
