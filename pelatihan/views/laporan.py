"""Self-reported learning: the employee's reports and form, HR's verification queue, the certificate file."""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pembinaan import params

from .. import access, selectors
from ..berkas import EKSTENSI, jenis_berkas
from ..forms import AlasanForm, LaporanForm, VerifikasiForm
from ..models import BentukPelatihan, LaporanBelajar
from ..services import laporan as services

Status = LaporanBelajar.Status
TAB = {"menunggu": Status.DIAJUKAN, "diverifikasi": Status.DIVERIFIKASI, "ditolak": Status.DITOLAK}


def _pegawai(request):
    """The employee behind the user; pages for employees answer 404 to anyone else."""
    pegawai = access.pegawai_saya(request.user)
    if pegawai is None:
        raise Http404
    return pegawai


def _require_manage(request):
    if not access.can_manage(request.user):
        raise Http404


@login_required
def laporan_saya(request):
    pegawai = _pegawai(request)
    qs = access.laporan_scope(request.user).filter(pegawai=pegawai).select_related("bentuk", "kredit")
    page = Paginator(qs.order_by("-dibuat", "-pk"), 50).get_page(params.halaman(request))
    return render(request, "pelatihan/laporan_saya.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def laporan_submit(request):
    pegawai = _pegawai(request)
    form = LaporanForm(request.POST or None, request.FILES or None, pegawai=pegawai)
    if request.method == "POST" and form.is_valid():
        laporan = services.laporan_submit(actor=request.user, pegawai=pegawai,
                                          data={f: form.cleaned_data[f] for f in LaporanForm.Meta.fields})
        messages.success(request, f"Laporan \u201c{laporan.judul}\u201d terkirim dan menunggu verifikasi "
                                  "Admin BKPSDM.")
        return redirect("pelatihan:laporan-saya")
    return render(request, "pelatihan/laporan_form.html", {"form": form})


@login_required
@require_GET
def laporan_jp_bawaan(request):
    """htmx: the JP field again, filled with the instansi's default for the chosen bentuk (if it has one)."""
    pegawai = _pegawai(request)
    bentuk_id = params.id_objek(request, "bentuk")
    bentuk = BentukPelatihan.objects.filter(pk=bentuk_id).first() if bentuk_id else None
    jp = params.angka(request, "jp", minimum=0, maksimum=999)
    menit = params.angka(request, "menit", minimum=0, maksimum=10**7)
    bawaan = selectors.jp_bawaan(instansi=pegawai.instansi, bentuk=bentuk)
    form = LaporanForm(initial={"jp": bawaan if bawaan is not None else jp}, pegawai=pegawai)
    form.atur_bantuan_jp(bentuk, menit=menit)
    return HttpResponse(as_crispy_field(form["jp"]))


@login_required
def laporan_berkas(request, pk):
    """The certificate, to the employee and HR of the instansi only, with the type its content has."""
    laporan = get_object_or_404(access.laporan_scope(request.user), pk=pk)
    try:
        berkas = laporan.berkas.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    mime = jenis_berkas(berkas)
    if mime is None:  # cannot happen for files saved through the form; never let a browser guess
        berkas.close()
        raise Http404
    nama = f"sertifikat-{laporan.pk}.{EKSTENSI[mime]}"
    response = FileResponse(berkas, content_type=mime)
    response["Content-Disposition"] = f'inline; filename="{nama}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def laporan_antrian(request):
    """HR: pending reports oldest first; the decided ones newest first."""
    _require_manage(request)
    tab = params.pilihan(request, "status", TAB, default="menunggu")
    qs = (access.laporan_verify_scope(request.user).filter(status=TAB[tab])
          .select_related("pegawai__unit_kerja", "bentuk", "diverifikasi_oleh"))
    qs = qs.order_by("dibuat", "pk") if tab == "menunggu" else qs.order_by("-diverifikasi_pada", "-pk")
    page = Paginator(qs, 50).get_page(params.halaman(request))
    menunggu = access.laporan_verify_scope(request.user).filter(status=Status.DIAJUKAN).count()
    return render(request, "pelatihan/laporan_antrian.html",
                  {"page": page, "tab": tab, "menunggu": menunggu})


def _kembali(tab="menunggu"):
    return redirect(f"{reverse('pelatihan:laporan-antrian')}?status={tab}")


@login_required
@require_POST
def laporan_verify(request, pk):
    laporan = get_object_or_404(access.laporan_verify_scope(request.user), pk=pk)
    form = VerifikasiForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Laporan “{laporan.judul}” belum diverifikasi: "
                                + " ".join(form.errors["jp"]) + f" (diisi: “{request.POST.get('jp', '')[:10]}”)")
        return _kembali()
    try:
        laporan = services.laporan_verify(actor=request.user, laporan=laporan, jp=form.cleaned_data["jp"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Laporan \u201c{laporan.judul}\u201d ({laporan.pegawai.nama}) diverifikasi; "
                                  f"{laporan.jp} JP dicatat.")
    return _kembali()


def _keputusan(request, pk, *, status, tombol, judul, layanan, berhasil, tab):
    laporan = get_object_or_404(access.laporan_verify_scope(request.user)
                                .select_related("pegawai__unit_kerja", "bentuk"), pk=pk)
    form = AlasanForm(request.POST or None, tombol=tombol)
    if request.method == "POST" and form.is_valid():
        try:
            layanan(actor=request.user, laporan=laporan, alasan=form.cleaned_data["alasan"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return _kembali(tab)
        messages.success(request, berhasil.format(judul=laporan.judul, nama=laporan.pegawai.nama))
        return _kembali(tab)
    return render(request, "pelatihan/laporan_alasan.html", {
        "laporan": laporan, "form": form, "judul": judul, "boleh": laporan.status == status,
    })


@login_required
@require_http_methods(["GET", "POST"])
def laporan_reject(request, pk):
    return _keputusan(request, pk, status=Status.DIAJUKAN, tombol="Tolak laporan", judul="Tolak laporan belajar",
                      layanan=services.laporan_reject, tab="menunggu",
                      berhasil="Laporan \u201c{judul}\u201d ({nama}) ditolak; alasannya dikirim kepada pegawai.")


@login_required
@require_http_methods(["GET", "POST"])
def laporan_revoke(request, pk):
    return _keputusan(request, pk, status=Status.DIVERIFIKASI, tombol="Cabut verifikasi",
                      judul="Cabut verifikasi laporan belajar", layanan=services.laporan_revoke, tab="diverifikasi",
                      berhasil="Verifikasi laporan \u201c{judul}\u201d ({nama}) dicabut; JP-nya dibatalkan.")


urlpatterns = [
    path("laporan/", laporan_saya, name="laporan-saya"),
    path("laporan/baru/", laporan_submit, name="laporan-submit"),
    path("laporan/jp-bawaan/", laporan_jp_bawaan, name="laporan-jp-bawaan"),
    path("laporan/verifikasi/", laporan_antrian, name="laporan-antrian"),
    path("laporan/<int:pk>/berkas/", laporan_berkas, name="laporan-berkas"),
    path("laporan/<int:pk>/verifikasi/", laporan_verify, name="laporan-verify"),
    path("laporan/<int:pk>/tolak/", laporan_reject, name="laporan-reject"),
    path("laporan/<int:pk>/cabut/", laporan_revoke, name="laporan-revoke"),
]
