from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from pembinaan import access as base
from pembinaan import ekspor, params
from pembinaan.pengungkapan import Ambang

from .. import access, selectors
from ..forms import AturanJPForm
from ..selectors.jp import capaian_tampil
from ..services import jp as jp_services


@login_required
def jp_saya(request, pk=None):
    """An employee's JP year (their own; HR and atasan open their staff's at /jp/pegawai/<id>/)."""
    if pk is None:
        pegawai = access.pegawai_saya(request.user)
        if pegawai is None:
            raise Http404
    else:
        pegawai = get_object_or_404(base.pegawai_scope(request.user).select_related("unit_kerja"), pk=pk)
    tahun = params.tahun(request)
    today = timezone.localdate()
    data = selectors.jp_pegawai(pegawai=pegawai, tahun=tahun, today=today)
    return render(request, "pelatihan/jp_saya.html", {
        "pegawai": pegawai, "d": data, "tahun_list": range(today.year, today.year - 5, -1), "dicetak": today,
        "sendiri": pegawai == access.pegawai_saya(request.user),
    })


@login_required
def jp_unit(request):
    if not access.can_view_jp_unit(request.user):
        raise Http404
    instansi = access.instansi_saya(request.user)
    tahun = params.tahun(request)
    rows, ringkas = selectors.capaian_unit(instansi=instansi, tahun=tahun)
    bisa_kelola = access.can_manage(request.user)
    # HR read the exact figures (they open each employee's JP anyway); pimpinan read them protected (issue 12 §2).
    ambang = Ambang.dari_settings()
    rows = capaian_tampil(rows, ringkas, ambang=None if bisa_kelola else ambang)
    return render(request, "pelatihan/jp_unit.html", {"rows": rows, "r": ringkas, "tahun": tahun,
                                                      "instansi": instansi, "bisa_kelola": bisa_kelola,
                                                      "terlindung": not bisa_kelola, "k": ambang.k_pelatihan})


@login_required
def jp_tertinggal(request):
    if not access.can_manage(request.user):
        raise Http404
    instansi = access.instansi_saya(request.user)
    tahun = params.tahun(request)
    unit = params.id_objek(request, "unit")
    unit_id = unit if unit is not None and base.unit_scope(request.user).filter(pk=unit).exists() else None
    fmt = params.pilihan(request, "format", {"xlsx"})
    qs, laju = selectors.pegawai_tertinggal(instansi=instansi, tahun=tahun, unit_id=unit_id)
    if fmt == "xlsx":
        headers = ["NIP BARU", "NAMA", "JENIS ASN", "UNOR NAMA", "JABATAN NAMA", "JP TAHUN INI", "TARGET JP",
                   "LAJU SEHARUSNYA"]
        rows = ([p.nip, p.nama_lengkap, p.get_jenis_asn_display(), p.unit_kerja.nama if p.unit_kerja else "",
                 p.jabatan.nama if p.jabatan else "", p.jp, p.target_jp, p.laju]
                for p in qs.iterator(chunk_size=2000))
        response = HttpResponse(ekspor.xlsx_bytes(headers, rows, judul="Tertinggal JP"),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="pegawai-tertinggal-jp-{tahun}.xlsx"'
        return response
    page = Paginator(qs, 50).get_page(params.halaman(request))
    aturan = selectors.aturan_jp(instansi_id=instansi.pk)
    return render(request, "pelatihan/jp_tertinggal.html", {
        "page": page, "laju": laju, "tahun": tahun, "unit": unit_id or "",
        "aturan": selectors.ringkas_aturan(aturan)})


@login_required
@require_http_methods(["GET", "POST"])
def aturan_jp_set(request):
    """HR: the JP target and ceiling per jenis ASN of their instansi (docs/domain.md §4.1 defaults until changed)."""
    if not access.can_manage(request.user):
        raise Http404
    instansi = access.instansi_saya(request.user)
    form = AturanJPForm(request.POST or None, aturan=selectors.aturan_jp(instansi_id=instansi.pk))
    if request.method == "POST" and form.is_valid():
        jp_services.aturan_jp_set(actor=request.user, aturan=form.aturan())
        messages.success(request, "Target dan batas JP per jenis ASN tersimpan.")
        return redirect("pelatihan:aturan-jp-set")
    return render(request, "pelatihan/jp_aturan.html", {"form": form, "instansi": instansi})


urlpatterns = [
    path("jp/", jp_saya, name="jp-saya"),
    path("jp/pegawai/<int:pk>/", jp_saya, name="jp-pegawai"),
    path("jp/unit/", jp_unit, name="jp-unit"),
    path("jp/tertinggal/", jp_tertinggal, name="jp-tertinggal"),
    path("pengaturan-jp/aturan/", aturan_jp_set, name="aturan-jp-set"),
]
