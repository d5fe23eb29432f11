"""Certificates (the employee's list, the PDF, the public verification page), feedback and post-training
evaluation. Thin: objects come only through pelatihan.access scopes (404 out of scope), services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from pembinaan import params

from .. import access, selectors
from ..forms import EvaluasiPascaForm, PenandatanganForm, UmpanBalikForm
from ..models import Narasumber, Peserta, UmpanBalik
from ..services import evaluasi_pasca as epp
from ..services import sertifikat as sert
from ..services import umpan_balik as ub


def _require(check):
    if not check:
        raise Http404


# ---------------------------------------------------------------------------- certificates

@login_required
@require_GET
def sertifikat_saya(request):
    pegawai = access.pegawai_saya(request.user)
    _require(pegawai is not None)
    return render(request, "pelatihan/sertifikat_saya.html", {
        "sertifikat": selectors.sertifikat_saya(pegawai=pegawai),
        "umpan_balik": selectors.umpan_balik_saya(pegawai=pegawai),
    })


@login_required
@require_GET
def sertifikat_unduh(request, pk):
    """The holder, their atasan chain and HR of the instansi (``peserta_scope``); anyone else: 404."""
    peserta = get_object_or_404(access.peserta_scope(request.user)
                                .filter(status=Peserta.Status.LULUS, sertifikat__isnull=False)
                                .select_related("sertifikat"), pk=pk)
    sertifikat = peserta.sertifikat
    response = HttpResponse(selectors.sertifikat_pdf(sertifikat=sertifikat), content_type="application/pdf")
    nama = sertifikat.nomor.replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="sertifikat-{nama}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def sertifikat_program_zip(request, pk):
    """HR: every certificate of a programme as one ZIP of PDFs (generated in memory, nothing stored)."""
    program = get_object_or_404(access.program_manage_scope(request.user), pk=pk)
    isi = selectors.sertifikat_program_zip(program=program)
    if isi is None:
        messages.info(request, f"Belum ada sertifikat untuk {program.judul}: sertifikat terbit bagi peserta yang "
                               "lulus saat program diselesaikan.")
        return redirect("pelatihan:program-detail", pk=program.pk)
    response = HttpResponse(isi, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="sertifikat-program-{program.pk}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def penandatangan_set(request):
    """HR: who signs the instansi's certificates (name, jabatan, NIP printed on the PDF)."""
    _require(access.can_manage(request.user))
    instansi = access.instansi_kelola(request.user)
    ada = selectors.penandatangan(instansi_id=instansi.pk)
    if request.method == "POST" and "hapus" in request.POST:
        sert.penandatangan_hapus(actor=request.user)
        messages.success(request, "Penandatangan dihapus; sertifikat kini hanya mencantumkan nama instansi.")
        return redirect("pelatihan:penandatangan-set")
    initial = {"nama": ada.nama, "jabatan": ada.jabatan, "nip": ada.nip} if ada else {}
    form = PenandatanganForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        sert.penandatangan_set(actor=request.user, **form.cleaned_data)
        messages.success(request, "Penandatangan sertifikat tersimpan; berlaku untuk setiap sertifikat yang diunduh.")
        return redirect("pelatihan:penandatangan-set")
    return render(request, "pelatihan/sertifikat_penandatangan.html",
                  {"form": form, "ada": ada, "instansi": instansi})


@require_GET
def verifikasi(request, kode):
    """Public (no login): holder, programme, dates, JP and issuer of a certificate; nothing more."""
    data = selectors.sertifikat_verifikasi(kode=kode)
    if data is None:
        response = render(request, "pelatihan/verifikasi_tidak_ditemukan.html", {"kode": kode[:20]}, status=404)
    else:
        response = render(request, "pelatihan/verifikasi.html", {"s": data})
    response["X-Robots-Tag"] = "noindex, nofollow"  # names of holders are not for search engines
    return response


# ---------------------------------------------------------------------------- feedback

@login_required
@require_http_methods(["GET", "POST"])
def umpan_balik_submit(request, pk):
    peserta = get_object_or_404(access.peserta_sendiri_scope(request.user).select_related("program"), pk=pk)
    status = selectors.umpan_balik_status(peserta=peserta)
    if not status.hadir:
        return render(request, "pelatihan/umpan_balik_ditolak.html",
                      {"peserta": peserta, "alasan": status.alasan}, status=403)
    narasumber = selectors.umpan_balik_narasumber(peserta=peserta)
    lama = UmpanBalik.objects.filter(peserta=peserta).prefetch_related("nilai_narasumber").first()
    initial = {}
    if lama is not None:
        initial = {"nilai_penyelenggaraan": lama.nilai_penyelenggaraan, "nilai_materi": lama.nilai_materi,
                   "komentar": lama.komentar}
        initial |= {f"narasumber_{n.narasumber_id}": n.nilai for n in lama.nilai_narasumber.all()}
    form = UmpanBalikForm(request.POST or None, initial=initial, narasumber=narasumber,
                          disabled=not status.terbuka)
    if request.method == "POST" and status.terbuka and form.is_valid():
        try:
            ub.umpan_balik_submit(
                actor=request.user, peserta=peserta, nilai_penyelenggaraan=form.cleaned_data["nilai_penyelenggaraan"],
                nilai_materi=form.cleaned_data["nilai_materi"], nilai_narasumber=form.nilai_narasumber(),
                komentar=form.cleaned_data["komentar"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Terima kasih, umpan balik untuk {peserta.program.judul} tersimpan.")
            return redirect("pelatihan:sertifikat-saya")
    return render(request, "pelatihan/umpan_balik_form.html",
                  {"form": form, "peserta": peserta, "status": status, "lama": lama})


@login_required
@require_GET
def umpan_balik_rekap(request):
    """HR: feedback per programme, and per speaker across programmes (with one speaker's breakdown)."""
    _require(access.can_manage(request.user))
    instansi = access.instansi_kelola(request.user)
    page = Paginator(selectors.umpan_balik_rekap_instansi(instansi=instansi), 50).get_page(params.halaman(request))
    dipilih = rincian = None
    pk = params.id_objek(request, "narasumber")
    if pk is not None:
        dipilih = get_object_or_404(Narasumber.objects.filter(instansi=instansi), pk=pk)
        rincian = selectors.umpan_balik_rekap_narasumber(instansi=instansi, narasumber_id=dipilih.pk)
    return render(request, "pelatihan/umpan_balik_rekap.html", {
        "page": page, "narasumber": selectors.umpan_balik_rekap_narasumber(instansi=instansi),
        "dipilih": dipilih, "rincian": rincian,
    })


@login_required
@require_GET
def umpan_balik_program(request, pk):
    program = get_object_or_404(access.program_manage_scope(request.user), pk=pk)
    return render(request, "pelatihan/umpan_balik_program.html",
                  {"program": program, "r": selectors.umpan_balik_rekap_program(program=program)})


# ---------------------------------------------------------------------------- post-training evaluation

@login_required
@require_GET
def evaluasi_pasca_list(request):
    """The atasan's forms (any employee: someone who was an atasan may still have forms to fill)."""
    pegawai = access.pegawai_saya(request.user)
    _require(pegawai is not None)
    return render(request, "pelatihan/evaluasi_pasca_list.html",
                  {"d": selectors.evaluasi_pasca_atasan(pegawai=pegawai), "hari_ini": timezone.localdate()})


@login_required
@require_http_methods(["GET", "POST"])
def evaluasi_pasca_submit(request, pk):
    evaluasi = get_object_or_404(access.evaluasi_pasca_isi_scope(request.user)
                                 .select_related("peserta__pegawai", "peserta__program__penyelenggara"), pk=pk)
    terbuka = timezone.localdate() >= evaluasi.jatuh_tempo
    initial = {"penerapan": evaluasi.penerapan, "contoh_penerapan": evaluasi.contoh_penerapan,
               "dampak": evaluasi.dampak} if evaluasi.diisi_pada else {}
    form = EvaluasiPascaForm(request.POST or None, initial=initial)
    if request.method == "POST" and terbuka and form.is_valid():
        try:
            epp.evaluasi_pasca_submit(actor=request.user, evaluasi=evaluasi, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Evaluasi pasca pelatihan {evaluasi.peserta.pegawai.nama} tersimpan.")
            return redirect("pelatihan:evaluasi-pasca-list")
    return render(request, "pelatihan/evaluasi_pasca_form.html",
                  {"form": form, "e": evaluasi, "terbuka": terbuka})


@login_required
@require_GET
def evaluasi_pasca_rekap(request):
    """HR: every EPP of the instansi, and who passed but has no atasan (so no EPP)."""
    _require(access.can_manage(request.user))
    instansi = access.instansi_kelola(request.user)
    page = Paginator(selectors.evaluasi_pasca_instansi(instansi=instansi), 50).get_page(params.halaman(request))
    tanpa_atasan = selectors.evaluasi_pasca_tanpa_atasan(instansi=instansi)
    return render(request, "pelatihan/evaluasi_pasca_rekap.html", {
        "page": page, "tanpa_atasan": tanpa_atasan[:200], "jumlah_tanpa_atasan": tanpa_atasan.count(),
        "hari_ini": timezone.localdate(),
    })


urlpatterns = [
    path("sertifikat/", sertifikat_saya, name="sertifikat-saya"),
    path("sertifikat/<int:pk>.pdf", sertifikat_unduh, name="sertifikat-pdf"),
    path("sertifikat/penandatangan/", penandatangan_set, name="penandatangan-set"),
    path("program/<int:pk>/sertifikat.zip", sertifikat_program_zip, name="program-sertifikat-zip"),
    path("umpan-balik/", umpan_balik_rekap, name="umpan-balik-rekap"),
    path("umpan-balik/program/<int:pk>/", umpan_balik_program, name="umpan-balik-program"),
    path("umpan-balik/isi/<int:pk>/", umpan_balik_submit, name="umpan-balik-submit"),
    path("evaluasi-pasca/", evaluasi_pasca_list, name="evaluasi-pasca-list"),
    path("evaluasi-pasca/rekap/", evaluasi_pasca_rekap, name="evaluasi-pasca-rekap"),
    path("evaluasi-pasca/<int:pk>/", evaluasi_pasca_submit, name="evaluasi-pasca-submit"),
]
