from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .. import access, ekspor, params, services
from ..forms import ImporForm
from ..impor.berkas import BerkasTidakValid
from ..models import ImporPegawai


@login_required
def impor_create(request):
    if not access.can_import(request.user):
        raise Http404
    form = ImporForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            impor = services.impor_create(actor=request.user, berkas=form.cleaned_data["berkas"])
        except (BerkasTidakValid, ValidationError) as exc:
            form.add_error("berkas", exc.messages if isinstance(exc, ValidationError) else str(exc))
        else:
            return redirect("impor-detail", pk=impor.pk)
    riwayat = access.impor_scope(request.user).select_related("pengunggah")[:10]
    return render(request, "pembinaan/impor_upload.html", {"form": form, "riwayat": riwayat})


@login_required
def impor_detail(request, pk):
    impor = get_object_or_404(access.impor_scope(request.user), pk=pk)
    halaman = params.halaman(request)
    page = Paginator(impor.galat, 100).get_page(halaman)
    # The dry run's list of new and changed employees, 50 a page (stored capped: impor.kolom.MAKS_PERUBAHAN).
    siap = impor.status == ImporPegawai.Status.SIAP
    perubahan = Paginator(impor.ringkasan.get("perubahan") or [], 50).get_page(halaman) if siap else None
    berjalan = impor.status in (ImporPegawai.Status.MEMERIKSA, ImporPegawai.Status.MENGIMPOR)
    template = "pembinaan/_impor_status.html" if request.htmx else "pembinaan/impor_detail.html"
    return render(request, template, {
        "impor": impor, "page": page, "berjalan": berjalan, "perubahan": perubahan,
        "perubahan_terpotong": siap and len(impor.ringkasan.get("perubahan") or [])
        < impor.ringkasan.get("baru", 0) + impor.ringkasan.get("diperbarui", 0),
        "peringatan": (impor.ringkasan.get("peringatan") or [])[:100],
    })


@login_required
@require_POST
def impor_confirm(request, pk):
    impor = get_object_or_404(access.impor_scope(request.user), pk=pk)
    try:
        impor = services.impor_confirm(actor=request.user, impor=impor)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("impor-detail", pk=impor.pk)


@login_required
def impor_template(request):
    if not access.can_import(request.user):
        raise Http404
    response = HttpResponse(ekspor.templat_xlsx(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="templat-impor-pegawai.xlsx"'
    return response
