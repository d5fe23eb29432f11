"""HR's side of the public transparency page (issue 12): build a snapshot (a job with progress), preview exactly
what will go public, publish (a permission of its own). Thin: access decides, the service writes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from .. import access, selectors
from ..forms import SnapshotTransparansiForm
from ..models import SnapshotTransparansi
from ..services import transparansi as layanan
from ..transparansi_beranda import lewat_enam_bulan


def _daftar_konteks(request, form):
    instansi = access.instansi_saya(request.user)
    today = timezone.localdate()
    terakhir = selectors.transparansi_terakhir_terbit(instansi_id=instansi.pk)
    return {"instansi": instansi, "form": form, "snapshot": selectors.transparansi_snapshot_list(instansi=instansi),
            "terakhir": terakhir, "peringatan": lewat_enam_bulan(terakhir, today),
            "boleh_terbit": access.can_publish_transparansi(request.user)}


@login_required
def transparansi_kelola(request):
    if not access.can_manage_transparansi(request.user):
        raise Http404
    form = SnapshotTransparansiForm(initial={"tanggal": timezone.localdate()})
    return render(request, "pembinaan/transparansi_hr/daftar.html", _daftar_konteks(request, form))


@login_required
@require_POST
def transparansi_bangun(request):
    if not access.can_manage_transparansi(request.user):
        raise Http404
    form = SnapshotTransparansiForm(request.POST)
    if form.is_valid():
        try:
            snapshot = layanan.transparansi_mulai(actor=request.user, instansi=access.instansi_saya(request.user),
                                                  tanggal=form.cleaned_data["tanggal"])
        except ValidationError as exc:
            for pesan in (exc.message_dict.get("tanggal", exc.messages) if hasattr(exc, "error_dict")
                          else exc.messages):
                form.add_error("tanggal", pesan)
        else:
            messages.success(request, "Pembangunan snapshot dimulai.")
            return redirect("transparansi-kelola-detail", pk=snapshot.pk)
    return render(request, "pembinaan/transparansi_hr/daftar.html", _daftar_konteks(request, form), status=400)


def _url_publik(snapshot):
    """The public page of a published snapshot (engineer 12C's site); "" before that site is installed."""
    if snapshot.status != SnapshotTransparansi.Status.DITERBITKAN:
        return ""
    try:
        url = reverse("transparansi-instansi", args=[snapshot.instansi.kode])
    except NoReverseMatch:
        return ""
    return f"{url}?tanggal={snapshot.tanggal:%Y-%m-%d}"


@login_required
def transparansi_detail(request, pk):
    snapshot = get_object_or_404(access.transparansi_scope(request.user).select_related("instansi"), pk=pk)
    konteks = {"s": snapshot, "berjalan": snapshot.status == SnapshotTransparansi.Status.DRAF,
               "boleh_terbit": (snapshot.status == SnapshotTransparansi.Status.DIBANGUN
                                and access.can_publish_transparansi(request.user)),
               "tanpa_izin_terbit": not access.can_publish_transparansi(request.user),
               "terbit": snapshot.status == SnapshotTransparansi.Status.DITERBITKAN,
               "url_publik": _url_publik(snapshot)}
    template = ("pembinaan/transparansi_hr/_status.html" if request.htmx
                else "pembinaan/transparansi_hr/detail.html")
    return render(request, template, konteks)


@login_required
@require_POST
def transparansi_terbitkan(request, pk):
    snapshot = get_object_or_404(access.transparansi_terbit_scope(request.user), pk=pk)
    try:
        layanan.transparansi_terbitkan(actor=request.user, snapshot=snapshot)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Snapshot per {snapshot.tanggal:%d-%m-%Y} diterbitkan dan kini dapat dibuka "
                                  "publik.")
    return redirect("transparansi-kelola-detail", pk=snapshot.pk)


urlpatterns = [
    path("", transparansi_kelola, name="transparansi-kelola"),
    path("bangun/", transparansi_bangun, name="transparansi-kelola-bangun"),
    path("<int:pk>/", transparansi_detail, name="transparansi-kelola-detail"),
    path("<int:pk>/terbitkan/", transparansi_terbitkan, name="transparansi-kelola-terbitkan"),
]
