"""The plan's realisation and its year-end monev report (issue 11 §4): aggregates for HR and pimpinan, read from
the JP ledger without typing; HR enters the actual spend per line and the findings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from pembinaan import params

from .. import access
from ..forms.realisasi import MonevForm
from ..models import RencanaItem
from ..selectors import realisasi as sel
from ..services import realisasi as svc

BARIS_PER_HALAMAN = 50  # plan lines per page of the realisation (the totals, charts and months cover them all)


def _siklus(request, pk):
    return get_object_or_404(access.siklus_realisasi_scope(request.user).select_related("instansi"), pk=pk)


@login_required
def realisasi_list(request):
    """The cycles of the instansi, each with its realisation and monev report."""
    if not access.can_view_realisasi(request.user):
        raise Http404
    siklus = list(access.siklus_realisasi_scope(request.user).order_by("-tahun"))
    return render(request, "pelatihan/perencanaan/realisasi_list.html", {"siklus_list": siklus})


@login_required
def realisasi_detail(request, pk):
    siklus = _siklus(request, pk)
    opd = params.id_objek(request, "opd")
    data = sel.realisasi_siklus(siklus=siklus, opd_id=opd)
    page = Paginator(data["baris"], BARIS_PER_HALAMAN).get_page(params.halaman(request))
    return render(request, "pelatihan/perencanaan/realisasi_detail.html", {
        "d": data, "siklus": siklus, "page": page, "bisa_ubah": access.can_edit_monev(request.user, siklus),
        "lihat_program": access.can_view_program_realisasi(request.user, siklus)})


@login_required
def monev_detail(request, pk):
    siklus = _siklus(request, pk)
    data = sel.monev_siklus(siklus=siklus)
    return render(request, "pelatihan/perencanaan/monev_detail.html", {
        "m": data, "d": data["realisasi"], "siklus": siklus,
        "bisa_ubah": access.can_edit_monev(request.user, siklus)})


@login_required
@require_http_methods(["GET", "POST"])
def monev_ubah(request, pk):
    siklus = _siklus(request, pk)
    if not access.can_edit_monev(request.user, siklus):
        raise Http404
    items = RencanaItem.objects.filter(siklus=siklus).order_by("nomor", "id")
    form = MonevForm(request.POST or None, items=items, temuan=siklus.temuan_monev)
    if request.method == "POST" and form.is_valid():
        try:
            hasil = svc.monev_simpan(actor=request.user, siklus=siklus, biaya=form.biaya(),
                                     temuan=form.cleaned_data["temuan_monev"])
        except ValidationError as exc:
            for pesan in exc.messages:
                form.add_error(None, pesan)
        else:
            messages.success(request, f"Data monev tersimpan ({hasil['item_diubah']} realisasi biaya berubah).")
            return redirect("pelatihan:rencana-monev", pk=siklus.pk)
    return render(request, "pelatihan/perencanaan/monev_form.html", {"form": form, "siklus": siklus})


urlpatterns = [
    path("perencanaan/realisasi/", realisasi_list, name="rencana-realisasi-list"),
    path("perencanaan/<int:pk>/realisasi/", realisasi_detail, name="rencana-realisasi"),
    path("perencanaan/<int:pk>/monev/", monev_detail, name="rencana-monev"),
    path("perencanaan/<int:pk>/monev/ubah/", monev_ubah, name="rencana-monev-ubah"),
]
