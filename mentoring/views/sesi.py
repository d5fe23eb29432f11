"""Sessions of a pair (mentor and mentee, phone-friendly): log, correct, confirm, reject, withdraw; the mentee's
B.1.8 feedback on a session and the mentor's B.1.9 competency follow-up."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from .. import access, forms, selectors
from ..models import SesiMentoring
from ..services import sesi as svc

SS = SesiMentoring.Status


def _saya(user):
    """The acting employee (the mentor or the mentee); an account without one has no session pages."""
    if not access.can_use_own_pages(user):
        raise Http404
    return access.pegawai_saya(user)


@login_required
def sesi_create(request, pk):
    me = _saya(request.user)
    pasangan = get_object_or_404(access.pasangan_pihak_scope(request.user).select_related("mentor", "mentee"), pk=pk)
    if pasangan.status != pasangan.Status.AKTIF:
        messages.error(request, "Sesi hanya dapat dicatat pada pasangan yang aktif.")
        return redirect("mentoring:pasangan-detail", pk=pk)
    form = forms.SesiForm(request.POST or None, pasangan=pasangan)
    if request.method == "POST" and form.is_valid():
        try:
            svc.sesi_create(actor=request.user, pasangan=pasangan, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            lain = svc.pihak_lain(pasangan, me)
            messages.success(request, f"Sesi tercatat. {lain.nama} diminta mengonfirmasi.")
            return redirect("mentoring:pasangan-detail", pk=pk)
    return render(request, "mentoring/sesi_form.html", {"form": form, "p": pasangan, "judul": "Catat sesi mentoring"})


@login_required
def sesi_update(request, pk):
    me = _saya(request.user)
    sesi = get_object_or_404(access.sesi_pihak_scope(request.user).select_related("pasangan__mentor",
                                                                                    "pasangan__mentee"), pk=pk)
    if not access.pihak_can_edit_sesi(me, sesi) or sesi.status != SS.MENUNGGU:
        raise Http404
    form = forms.SesiForm(request.POST or None, instance=sesi, pasangan=sesi.pasangan)
    if request.method == "POST" and form.is_valid():
        try:
            svc.sesi_update(actor=request.user, sesi=sesi, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Sesi diperbarui.")
            return redirect("mentoring:pasangan-detail", pk=sesi.pasangan_id)
    return render(request, "mentoring/sesi_form.html", {"form": form, "p": sesi.pasangan, "judul": "Ubah sesi"})


def _tanggapi(request, sesi, layanan, pesan):
    """Run the confirm or withdraw service; out of the actor's rights answers 404, a refused state a message."""
    try:
        layanan(actor=request.user, sesi=sesi)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, pesan)
    return redirect("mentoring:pasangan-detail", pk=sesi.pasangan_id)


@login_required
@require_POST
def sesi_confirm(request, pk):
    """The other side of the pair confirms a session."""
    sesi = get_object_or_404(access.sesi_pihak_scope(request.user).select_related("pasangan"), pk=pk)
    return _tanggapi(request, sesi, svc.sesi_confirm, "Sesi dikonfirmasi; JP dikreditkan kepada mentee.")


@login_required
@require_POST
def sesi_withdraw(request, pk):
    """The author withdraws a session; HR of the instansi too, for one recorded by mistake."""
    sesi = get_object_or_404(access.sesi_withdraw_scope(request.user).select_related("pasangan"), pk=pk)
    return _tanggapi(request, sesi, svc.sesi_withdraw, "Sesi ditarik; JP-nya dibatalkan bila sudah dikreditkan.")


@login_required
def sesi_reject(request, pk):
    me = _saya(request.user)
    sesi = get_object_or_404(access.sesi_pihak_scope(request.user).select_related("pasangan"), pk=pk)
    if not access.pihak_can_decide_sesi(me, sesi):
        raise Http404
    if sesi.status != SS.MENUNGGU:
        messages.error(request, f"Sesi ini sudah {sesi.get_status_display().lower()}.")
        return redirect("mentoring:pasangan-detail", pk=sesi.pasangan_id)
    form = forms.AlasanForm(request.POST or None, label="Alasan penolakan", tombol="Tolak sesi")
    if request.method == "POST" and form.is_valid():
        try:
            svc.sesi_reject(actor=request.user, sesi=sesi, alasan=form.cleaned_data["teks"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Sesi ditolak; pencatat diberi tahu.")
            return redirect("mentoring:pasangan-detail", pk=sesi.pasangan_id)
    return render(request, "mentoring/sesi_tolak.html", {"form": form, "sesi": sesi})


@login_required
def umpan_balik_save(request, pk):
    """B.1.8, by the mentee, for a confirmed session."""
    me = _saya(request.user)
    sesi = get_object_or_404(access.sesi_pihak_scope(request.user).select_related("pasangan__mentor"), pk=pk)
    if not access.pihak_can_fill_b18(me, sesi):
        raise Http404
    if sesi.status != SS.DIKONFIRMASI:
        messages.error(request, "Umpan balik diisi untuk sesi yang sudah dikonfirmasi.")
        return redirect("mentoring:pasangan-detail", pk=sesi.pasangan_id)
    ada = getattr(sesi, "umpan_balik", None)
    awal = {**ada.jawaban, "komentar": ada.komentar} if ada else None
    form = forms.UmpanBalikForm(request.POST or None, initial=awal)
    if request.method == "POST" and form.is_valid():
        try:
            svc.umpan_balik_save(actor=request.user, sesi=sesi, jawaban=form.jawaban(),
                                 komentar=form.cleaned_data["komentar"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Terima kasih, umpan balik tersimpan.")
            return redirect("mentoring:pasangan-detail", pk=sesi.pasangan_id)
    belum = [i for i, f in enumerate(form.pernyataan(), 1) if f.errors] if form.is_bound else []
    return render(request, "mentoring/umpan_balik_form.html", {"form": form, "sesi": sesi, "belum_dijawab": belum})


@login_required
def evaluasi_kompetensi_create(request, pk):
    """B.1.9, by the mentor: competencies scored 1–5 with reasons, prefilled with the mentee's largest gaps."""
    me = _saya(request.user)
    pasangan = get_object_or_404(access.pasangan_pihak_scope(request.user).select_related("mentee", "instansi"),
                                 pk=pk)
    if not access.pihak_can_fill_b19(me, pasangan):
        raise Http404
    gaps = selectors.kesenjangan(mentee=pasangan.mentee, limit=forms.EvaluasiKompetensiForm.BARIS)
    form = forms.EvaluasiKompetensiForm(request.POST or None, kompetensi_qs=forms.kompetensi_untuk(pasangan.instansi),
                                        awal=[g["id"] for g in gaps])
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            svc.evaluasi_kompetensi_create(actor=request.user, pasangan=pasangan, tanggal=d["tanggal"],
                                           catatan=d["catatan"], item=d["item"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Evaluasi kompetensi (B.1.9) tersimpan.")
            return redirect("mentoring:pasangan-detail", pk=pk)
    return render(request, "mentoring/evaluasi_kompetensi_form.html", {"form": form, "p": pasangan, "gaps": gaps})


urlpatterns = [
    path("pasangan/<int:pk>/sesi/baru/", sesi_create, name="sesi-create"),
    path("pasangan/<int:pk>/evaluasi-kompetensi/", evaluasi_kompetensi_create, name="evaluasi-kompetensi-create"),
    path("sesi/<int:pk>/ubah/", sesi_update, name="sesi-update"),
    path("sesi/<int:pk>/konfirmasi/", sesi_confirm, name="sesi-confirm"),
    path("sesi/<int:pk>/tarik/", sesi_withdraw, name="sesi-withdraw"),
    path("sesi/<int:pk>/tolak/", sesi_reject, name="sesi-reject"),
    path("sesi/<int:pk>/umpan-balik/", umpan_balik_save, name="umpan-balik-save"),
]
