from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from .. import access, ekspor, selectors, services
from ..filters import PegawaiFilter
from ..forms import AtasanForm, PegawaiForm


def _require(check):
    """Out-of-role pages answer 404, like out-of-scope objects: nothing tells what exists."""
    if not check:
        raise Http404


@login_required
def pegawai_list(request):
    _require(access.can_view_pegawai_list(request.user))
    urut = request.GET.get("urut", "nama")
    filterset, qs = selectors.pegawai_list(user=request.user, filterset_class=PegawaiFilter, data=request.GET,
                                           urut=urut)
    page = Paginator(qs, 50).get_page(request.GET.get("halaman"))
    params = request.GET.copy()
    params.pop("halaman", None)
    sort_params = params.copy()
    sort_params.pop("urut", None)
    return render(request, "pembinaan/pegawai_list.html", {
        "filter": filterset, "pilihan": filterset.pilihan(), "page": page, "urut": urut, "params": params.urlencode(),
        "sort_params": sort_params.urlencode(), "bisa_ekspor": access.can_export(request.user),
        "bisa_kelola": access.can_manage_pegawai(request.user),
    })


@login_required
def pegawai_export(request, fmt):
    _require(access.can_export(request.user))
    _, qs = selectors.pegawai_list(user=request.user, filterset_class=PegawaiFilter, data=request.GET)
    data = ekspor.dataset(qs)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        body = ekspor.xlsx_bytes(data.headers, data)
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = ekspor.csv_bytes(data.headers, data)
        ctype = "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="pegawai-{stamp}.{fmt}"'
    return response


@login_required
def pegawai_detail(request, pk):
    pegawai = selectors.pegawai_detail(user=request.user, pk=pk)
    history = selectors.pegawai_history(pegawai=pegawai) if access.can_view_history(request.user, pegawai) else None
    bawahan = list(pegawai.bawahan.select_related("jabatan").order_by("nama")[:200])
    bisa_kelola = access.pegawai_edit_scope(request.user).filter(pk=pegawai.pk).exists()
    mentoring = None
    if bisa_kelola and access.peran(request.user).hr:
        from mentoring.selectors import pasangan_pribadi

        mentoring = pasangan_pribadi(pegawai=pegawai)
    return render(request, "pembinaan/pegawai_detail.html", {
        "pegawai": pegawai, "history": history, "bawahan": bawahan,
        "kompetensi": selectors.pegawai_kompetensi(pegawai=pegawai),
        "bisa_kelola": bisa_kelola, "mentoring": mentoring,
    })


@login_required
@require_http_methods(["GET", "POST"])
def pegawai_create(request):
    _require(access.can_manage_pegawai(request.user))
    instansi = access.instansi_for_write(request.user)
    form = PegawaiForm(request.POST or None, instansi=instansi)
    if request.method == "POST" and form.is_valid():
        pegawai = services.pegawai_save(actor=request.user, form=form)
        messages.success(request, f"Pegawai {pegawai.nama} tersimpan.")
        return redirect(pegawai)
    return render(request, "pembinaan/pegawai_form.html", {"form": form, "judul": "Tambah pegawai"})


@login_required
@require_http_methods(["GET", "POST"])
def pegawai_edit(request, pk):
    pegawai = get_object_or_404(access.pegawai_edit_scope(request.user), pk=pk)
    form = PegawaiForm(request.POST or None, instance=pegawai, instansi=pegawai.instansi)
    if request.method == "POST" and form.is_valid():
        services.pegawai_save(actor=request.user, form=form)
        messages.success(request, "Perubahan tersimpan.")
        return redirect(pegawai)
    return render(request, "pembinaan/pegawai_form.html",
                  {"form": form, "judul": f"Ubah data {pegawai.nama}", "pegawai": pegawai})


@login_required
@require_http_methods(["GET", "POST"])
def pegawai_atasan(request, pk):
    pegawai = get_object_or_404(access.pegawai_edit_scope(request.user).select_related("atasan"), pk=pk)
    initial = {"nip_atasan": pegawai.atasan.nip if pegawai.atasan else ""}
    form = AtasanForm(request.POST or None, initial=initial, instansi=pegawai.instansi)
    if request.method == "POST" and form.is_valid():
        try:
            services.pegawai_set_atasan(actor=request.user, pegawai=pegawai, atasan=form.cleaned_data["nip_atasan"])
        except ValidationError as exc:
            form.add_error("nip_atasan", exc)
        else:
            messages.success(request, "Atasan langsung tersimpan.")
            return redirect(pegawai)
    return render(request, "pembinaan/pegawai_atasan.html", {"form": form, "pegawai": pegawai})
