"""The quiz engine's pages (issue 13 A): HR's question banks and the quiz of a programme; the participant's quiz
page, attempt and result. The attempt page carries the drawn questions and options only: whether an option is right
is never in any response before the attempt is submitted."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from .. import access
from ..forms.daring import BankForm, KuisForm, SoalForm, soal_awal, tambah_galat
from ..models import Kuis, Peserta, PilihanJawaban, Soal
from ..selectors import daring as sel
from ..services import kuis as svc

ANGKA = re.compile(r"[0-9]{1,18}")  # an id as posted: ASCII digits only ("²".isdigit() is True, int() refuses it)


@login_required
def bank_list(request):
    if not access.can_manage(request.user):
        raise Http404
    form = BankForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            bank = svc.bank_create(actor=request.user, nama=form.cleaned_data["nama"])
        except ValidationError as exc:
            tambah_galat(form, exc)
        else:
            messages.success(request, f"Bank soal \u201c{bank.nama}\u201d dibuat.")
            return redirect("pelatihan:bank-detail", pk=bank.pk)
    banks = access.bank_soal_scope(request.user)
    return render(request, "pelatihan/daring/bank_list.html", {
        "form": form, "banks": banks.annotate(jumlah=Count("soal")).order_by("nama")})


@login_required
def bank_detail(request, pk):
    bank = get_object_or_404(access.bank_soal_scope(request.user), pk=pk)
    form = SoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            svc.soal_add(actor=request.user, bank=bank, teks=form.cleaned_data["teks"],
                         jenis=form.cleaned_data["jenis"], pilihan=form.cleaned_data["pilihan"])
        except ValidationError as exc:
            tambah_galat(form, exc)
        else:
            messages.success(request, "Soal ditambahkan.")
            return redirect("pelatihan:bank-detail", pk=bank.pk)
    soal = list(Soal.objects.filter(bank=bank).order_by("id"))
    pilihan = {}
    for p in PilihanJawaban.objects.filter(soal__bank=bank).order_by("id"):
        pilihan.setdefault(p.soal_id, []).append(p)
    for s in soal:
        s.daftar_pilihan = pilihan.get(s.pk, [])
    return render(request, "pelatihan/daring/bank_detail.html", {"bank": bank, "soal": soal, "form": form})


@login_required
def soal_edit(request, pk):
    """HR edits a question and its options (once drawn in an attempt, only the wording; the service says so)."""
    soal = get_object_or_404(Soal.objects.filter(bank__in=access.bank_soal_scope(request.user))
                             .select_related("bank"), pk=pk)
    form = SoalForm(request.POST or None, initial=soal_awal(soal))
    if request.method == "POST" and form.is_valid():
        try:
            svc.soal_ubah(actor=request.user, soal=soal, teks=form.cleaned_data["teks"],
                          jenis=form.cleaned_data["jenis"], pilihan=form.cleaned_data["pilihan"])
        except ValidationError as exc:
            tambah_galat(form, exc)
        else:
            messages.success(request, "Soal tersimpan.")
            return redirect("pelatihan:bank-detail", pk=soal.bank_id)
    return render(request, "pelatihan/daring/soal_form.html", {"form": form, "soal": soal,
                                                               "dipakai": sel.soal_dipakai(soal)})


@login_required
def kuis_atur(request, pk):
    """HR sets a programme's quiz: an online course its course quiz; any programme its pre-/post-test."""
    program = get_object_or_404(access.program_manage_scope(request.user), pk=pk)
    kelas = hasattr(program, "kelas_daring")
    jenis_boleh = [Kuis.Jenis.KELAS] if kelas else [Kuis.Jenis.PRE_TEST, Kuis.Jenis.POST_TEST]
    form = KuisForm(request.POST or None, bank_qs=access.bank_soal_scope(request.user), jenis_boleh=jenis_boleh)
    if request.method == "POST" and form.is_valid():
        try:
            svc.kuis_save(actor=request.user, program=program,
                          data={f: form.cleaned_data[f] for f in KuisForm.Meta.fields})
        except ValidationError as exc:
            tambah_galat(form, exc)
        else:
            messages.success(request, "Kuis tersimpan.")
            return redirect("pelatihan:kuis-atur", pk=program.pk)
    return render(request, "pelatihan/daring/kuis_atur.html", {
        "program": program, "form": form, "kuis": list(Kuis.objects.filter(program=program).select_related("bank")),
        "kelas": kelas})


def _peserta(request, kuis):
    saya = access.pegawai_saya(request.user)
    return Peserta.objects.filter(program_id=kuis.program_id, pegawai=saya).first()


@login_required
def kuis_detail(request, pk):
    kuis = get_object_or_404(access.kuis_peserta_scope(request.user).select_related("program"), pk=pk)
    keadaan = sel.keadaan_kuis(kuis, _peserta(request, kuis))
    return render(request, "pelatihan/daring/kuis_detail.html", {"kuis": kuis, "keadaan": keadaan})


@login_required
@require_POST
def kuis_mulai(request, pk):
    kuis = get_object_or_404(access.kuis_peserta_scope(request.user).select_related("program"), pk=pk)
    try:
        percobaan = svc.percobaan_mulai(actor=request.user, kuis=kuis)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("pelatihan:kuis-detail", pk=kuis.pk)
    return redirect("pelatihan:percobaan-isi", pk=percobaan.pk)


@login_required
@require_http_methods(["GET", "POST"])
def percobaan_isi(request, pk):
    """GET: the drawn questions (no right answers); POST: submit (once; a second submit shows the same result)."""
    percobaan = get_object_or_404(access.percobaan_sendiri_scope(request.user).select_related("kuis__program"),
                                  pk=pk)
    if request.method == "POST":
        jawaban = {}
        for kunci in request.POST:
            if ANGKA.fullmatch(kunci.removeprefix("soal_")) and kunci.startswith("soal_"):
                jawaban[int(kunci[5:])] = [int(v) for v in request.POST.getlist(kunci) if ANGKA.fullmatch(v)]
        try:
            svc.percobaan_kirim(actor=request.user, percobaan=percobaan, jawaban=jawaban)
        except PermissionDenied:
            raise Http404 from None
        return redirect("pelatihan:percobaan-hasil", pk=percobaan.pk)
    if percobaan.status != percobaan.Status.BERJALAN:
        return redirect("pelatihan:percobaan-hasil", pk=percobaan.pk)
    return render(request, "pelatihan/daring/percobaan_isi.html", {
        "percobaan": percobaan, "kuis": percobaan.kuis, "soal": sel.soal_percobaan(percobaan)})


@login_required
def percobaan_hasil(request, pk):
    percobaan = get_object_or_404(access.percobaan_sendiri_scope(request.user).select_related("kuis__program"),
                                  pk=pk)
    if percobaan.status == percobaan.Status.BERJALAN:
        return redirect("pelatihan:percobaan-isi", pk=percobaan.pk)
    kuis = percobaan.kuis
    keadaan = sel.keadaan_kuis(kuis, percobaan.peserta)
    kelas = kuis.jenis == Kuis.Jenis.KELAS
    return render(request, "pelatihan/daring/percobaan_hasil.html", {
        "percobaan": percobaan, "kuis": kuis, "keadaan": keadaan, "kelas": kelas,
        "soal": sel.soal_percobaan(percobaan), "sekarang": timezone.now()})


urlpatterns = [
    path("kuis/bank/", bank_list, name="bank-list"),
    path("kuis/bank/<int:pk>/", bank_detail, name="bank-detail"),
    path("kuis/soal/<int:pk>/ubah/", soal_edit, name="soal-edit"),
    path("program/<int:pk>/kuis/", kuis_atur, name="kuis-atur"),
    path("kuis/<int:pk>/", kuis_detail, name="kuis-detail"),
    path("kuis/<int:pk>/mulai/", kuis_mulai, name="kuis-mulai"),
    path("kuis/percobaan/<int:pk>/", percobaan_isi, name="percobaan-isi"),
    path("kuis/percobaan/<int:pk>/hasil/", percobaan_hasil, name="percobaan-hasil"),
]
