"""Evaluation periods (HR): list, create, open/close, overview per unit, forms without an evaluator,
reassignment (Plt/Plh) and the SIASN export. Pimpinan see the period list and the overview aggregates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, re_path
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from pembinaan import access as base
from pembinaan import ekspor, params
from pembinaan.pengungkapan import Ambang

from .. import access, selectors
from ..forms import GantiPenilaiForm, PengaturanPengingatForm, PeriodeForm, PredikatOrganisasiForm
from ..models import PeriodeEvaluasi, PredikatOrganisasi
from ..predikat import Predikat
from ..services import pengingat as svc_pengingat
from ..services import periode as svc
from ..services import predikat_organisasi as svc_org


def _manage_or_404(user):
    if not access.can_manage(user):
        raise Http404


def _errors(request, exc):
    messages.error(request, " ".join(exc.messages))


@login_required
def periode_list(request):
    if not access.can_view_periode(request.user):
        raise Http404
    return render(request, "evaluasi/periode_list.html", {
        "periode": access.periode_scope(request.user).order_by("-mulai", "-pk")[:200],
        "bisa_kelola": access.can_manage(request.user)})


@login_required
def periode_create(request):
    _manage_or_404(request.user)
    form = PeriodeForm(request.POST or None, instansi=base.instansi_for_write(request.user))
    if request.method == "POST" and form.is_valid():
        periode = svc.periode_create(actor=request.user, **form.data_layanan())
        messages.success(request, "Periode tersimpan sebagai draf. Buka periode untuk membuat formulir evaluasi.")
        return redirect("evaluasi:periode-detail", pk=periode.pk)
    return render(request, "evaluasi/periode_form.html", {"form": form, "judul": "Periode evaluasi baru"})


@login_required
def periode_detail(request, pk):
    periode = get_object_or_404(access.periode_scope(request.user), pk=pk)
    ringkas = selectors.overview(periode=periode)["total"] if periode.status != PeriodeEvaluasi.Status.DRAFT else None
    bisa_kelola = access.can_manage(request.user)
    pelaksana = jumlah_pelaksana = None
    if bisa_kelola and periode.status == PeriodeEvaluasi.Status.DIBUKA:
        pelaksana = selectors.penilai_pelaksana(periode=periode)
        jumlah_pelaksana = selectors.penilai_pelaksana_jumlah(periode=periode) if pelaksana else (0, 0)
    return render(request, "evaluasi/periode_detail.html", {
        "periode": periode, "ringkas": ringkas, "bisa_kelola": bisa_kelola, "pelaksana": pelaksana,
        "jumlah_pelaksana": jumlah_pelaksana})


@login_required
@require_POST
def periode_action(request, pk, aksi):
    periode = get_object_or_404(access.periode_manage_scope(request.user), pk=pk)
    try:
        if aksi == "buka":
            hasil = svc.periode_open(actor=request.user, periode=periode)
            msg = f"Periode dibuka: {hasil['jumlah']} formulir evaluasi dibuat."
            if hasil["tanpa_penilai"]:
                msg += f" {hasil['tanpa_penilai']} pegawai belum punya penilai: tetapkan penilainya."
            if hasil["penilai"]:
                msg += f" {hasil['penilai']} penilai diberi tahu (aplikasi dan e-mail)."
            messages.success(request, msg)
            n_penilai, n_formulir = selectors.penilai_pelaksana_jumlah(periode=periode)
            if n_penilai:
                messages.warning(request, f"{n_penilai} penilai berjabatan pelaksana ({n_formulir} formulir). Pejabat "
                                          "penilai kinerja paling rendah pejabat pengawas: periksa daftarnya di bawah "
                                          "dan ganti penilainya bila perlu.")
        else:
            svc.periode_close(actor=request.user, periode=periode)
            messages.success(request, "Periode ditutup. Hasilnya dapat diekspor ke format SIASN.")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("evaluasi:periode-detail", pk=periode.pk)


@login_required
def periode_overview(request, pk):
    periode = get_object_or_404(access.periode_scope(request.user).select_related("instansi"), pk=pk)
    # ?org_<unit id>=<predikat>: HR try another organisational predikat against the curve (not stored).
    coba = {}
    for key in request.GET:
        if key.startswith("org_"):
            unit_id = key[4:]
            if not unit_id.isdigit() or len(unit_id) > 18:
                raise BadRequest(f"Parameter '{key}' tidak dikenal.")
            coba[int(unit_id)] = params.pilihan(request, key, PredikatOrganisasi.values,
                                                default=PredikatOrganisasi.BAIK)
    return _overview(request, periode, coba=coba)


def _overview(request, periode, *, coba=None, form=None):
    bisa_kelola = access.can_manage(request.user)
    data = selectors.overview(periode=periode, coba=coba if bisa_kelola else None,
                              ambang=None if access.lihat_distribusi_tepat(request.user) else Ambang.dari_settings())
    if bisa_kelola and form is None:
        form = PredikatOrganisasiForm(units={u["id"]: u["nama"] for u in data["unit"] if u["id"]},
                                      awal={u["id"]: u["predikat_organisasi"] for u in data["unit"]
                                            if u["predikat_organisasi_tercatat"] or (coba and u["id"] in coba)})
    for u in data["unit"]:  # what the select shows: what HR just submitted, else what is recorded
        kunci = f"org_{u['id']}"
        u["org_terpilih"] = (form[kunci].value() or "") if form is not None and kunci in form.fields else ""
    return render(request, "evaluasi/overview.html", {
        "periode": periode, "data": data, "predikat": Predikat.choices, "ambang": Ambang.dari_settings(),
        "predikat_organisasi": PredikatOrganisasi.choices, "form_org": form, "coba": bool(coba),
        "bisa_kelola": bisa_kelola, "hari_ini": timezone.localdate()})


@login_required
@require_POST
def periode_predikat_organisasi(request, pk):
    """HR record the organisational predikat of the units (SE MenPANRB 3/2023) for the period."""
    periode = get_object_or_404(access.periode_manage_scope(request.user).select_related("instansi"), pk=pk)
    form = PredikatOrganisasiForm(request.POST, units=selectors.unit_puncak(instansi_id=periode.instansi_id))
    if form.is_valid():
        try:
            berubah = svc_org.predikat_organisasi_set(actor=request.user, periode=periode, nilai=form.nilai())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Predikat organisasi tersimpan ({berubah} unit berubah). Peringatan kurva "
                                      "distribusi kini memakai predikat yang tersimpan.")
            return redirect("evaluasi:periode-overview", pk=periode.pk)
    messages.error(request, "Predikat organisasi belum tersimpan. " + " ".join(
        f"{form.fields[nama].label if nama in form.fields else ''}: {e}".lstrip(": ")
        for nama, errs in form.errors.items() for e in errs))
    return _overview(request, periode, form=form)


@login_required
def periode_tanpa_penilai(request, pk):
    periode = get_object_or_404(access.periode_manage_scope(request.user), pk=pk)
    page = Paginator(selectors.tanpa_penilai(periode=periode), 50).get_page(params.halaman(request))
    return render(request, "evaluasi/periode_tanpa_penilai.html", {
        "periode": periode, "page": page, "form": GantiPenilaiForm(instansi=periode.instansi)})


@login_required
def evaluasi_reassign(request, pk):
    evaluasi = get_object_or_404(
        access.evaluasi_manage_scope(request.user).select_related("periode__instansi", "pegawai__unit_kerja"), pk=pk)
    form = GantiPenilaiForm(request.POST or None, instansi=evaluasi.periode.instansi)
    if request.method == "POST" and form.is_valid():
        try:
            svc.evaluasi_reassign(actor=request.user, evaluasi=evaluasi, penilai=form.cleaned_data["nip_penilai"],
                                  alasan=form.cleaned_data["alasan"])
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            penilai = form.cleaned_data["nip_penilai"]
            messages.success(request, f"Penilai {evaluasi.pegawai.nama} ditetapkan: {penilai.nama_lengkap}.")
            peringatan = selectors.peringatan_penilai(penilai)
            if peringatan:
                messages.warning(request, peringatan)
            return redirect("evaluasi:periode-detail" if peringatan else "evaluasi:periode-tanpa-penilai",
                            pk=evaluasi.periode_id)
    return render(request, "evaluasi/periode_ganti_penilai.html", {"evaluasi": evaluasi, "form": form})


@login_required
def periode_export(request, pk):
    periode = get_object_or_404(access.periode_manage_scope(request.user), pk=pk)
    if periode.status != PeriodeEvaluasi.Status.DITUTUP:
        messages.error(request, "Ekspor SIASN hanya untuk periode yang sudah ditutup.")
        return redirect("evaluasi:periode-detail", pk=periode.pk)
    headers, rows = selectors.ekspor_siasn(periode=periode)
    body = ekspor.xlsx_bytes(headers, rows, judul="Kinerja")
    response = HttpResponse(body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="kinerja-{slugify(periode.nama) or periode.pk}.xlsx"'
    return response


@login_required
def pengaturan_pengingat_update(request):
    """HR sets the instansi's reminder offsets (days before the deadline, escalation after it)."""
    _manage_or_404(request.user)
    instansi = base.instansi_for_write(request.user)
    form = PengaturanPengingatForm(request.POST or None, instance=selectors.pengaturan_pengingat(instansi=instansi))
    if request.method == "POST" and form.is_valid():
        svc_pengingat.pengaturan_pengingat_update(actor=request.user, hari_sebelum=form.cleaned_data["hari_sebelum"],
                                                  eskalasi_setelah=form.cleaned_data["eskalasi_setelah"])
        messages.success(request, "Pengaturan pengingat tersimpan; berlaku mulai pemindaian harian berikutnya.")
        return redirect("evaluasi:pengaturan-pengingat")
    return render(request, "evaluasi/pengaturan_pengingat.html", {"form": form})


@login_required
def penilai_ringkasan(request):
    if not access.can_view_penilai_ringkasan(request.user):
        raise Http404
    return render(request, "evaluasi/overview_penilai.html", {
        "ringkas": selectors.penilai_ringkas(penilai=access.pegawai_saya(request.user)),
        "hari_ini": timezone.localdate()})


urlpatterns = [
    path("periode/", periode_list, name="periode-list"),
    path("periode/baru/", periode_create, name="periode-create"),
    path("periode/<int:pk>/", periode_detail, name="periode-detail"),
    re_path(r"^periode/(?P<pk>\d+)/(?P<aksi>buka|tutup)/$", periode_action, name="periode-action"),
    path("periode/<int:pk>/ringkasan/", periode_overview, name="periode-overview"),
    path("periode/<int:pk>/predikat-organisasi/", periode_predikat_organisasi, name="periode-predikat-organisasi"),
    path("periode/<int:pk>/tanpa-penilai/", periode_tanpa_penilai, name="periode-tanpa-penilai"),
    path("periode/<int:pk>/ekspor-siasn.xlsx", periode_export, name="periode-export"),
    path("formulir/<int:pk>/ganti-penilai/", evaluasi_reassign, name="evaluasi-reassign"),
    path("ringkasan-penilai/", penilai_ringkasan, name="penilai-ringkasan"),
    path("pengaturan-pengingat/", pengaturan_pengingat_update, name="pengaturan-pengingat"),
]
