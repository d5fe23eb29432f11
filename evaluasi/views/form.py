"""The supervisor's form, the employee's result and objections (keberatan). Thin: services do the writing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from pembinaan import fragmen, params

from .. import access, selectors
from ..forms import AlasanForm, EvaluasiForm, KeputusanForm, KonfirmasiAjukanForm, PemutusForm
from ..models import BERAKHLAK, Keberatan
from ..predikat import Predikat, predikat
from ..services import form as svc


def _pesan(request, exc):
    messages.error(request, " ".join(exc.messages))


def _ke_form(form, exc):
    """Field errors go next to their fields, the rest above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _catatan(ev):
    catatan = ev.catatan_perilaku or {}
    return [(nama, catatan.get(kode, "")) for kode, nama in BERAKHLAK]


@login_required
def penilai_list(request):
    """Evaluasi bawahan: the forms the user fills as the evaluator, per open period."""
    periode = selectors.formulir_penilai(access.evaluasi_isi_scope(request.user))
    return render(request, "evaluasi/penilai_list.html", {
        "daftar": fragmen.render_isi("evaluasi/_penilai_daftar.html", {"periode": periode}, _isi_penilai(periode))})


def _isi_penilai(periode):
    """Everything the list shows (templates/evaluasi/_penilai_daftar.html), the key of its cached HTML: a
    supervisor's own save changes a form's status, so the list they come back to is rendered afresh."""
    return tuple(
        (g["periode"].pk, g["periode"].nama, g["periode"].mulai, g["periode"].selesai, g["periode"].tenggat,
         tuple(sorted(g["jumlah"].items())),
         tuple((ev.pk, ev.status, ev.predikat, ev.pegawai.nama, ev.pegawai.nip, ev.pegawai.jenis_asn,
                ev.pegawai.jabatan.nama if ev.pegawai.jabatan_id else None,
                ev.pegawai.unit_kerja.nama if ev.pegawai.unit_kerja_id else None) for ev in g["evaluasi"]))
        for g in periode)


@login_required
def evaluasi_isi(request, pk):
    """The form for its evaluator while it can be filled; read-only for everyone else who may see it."""
    ev = get_object_or_404(selectors.evaluasi_halaman(access.evaluasi_scope(request.user)), pk=pk)
    penilai = access.is_penilai(request.user, ev)
    if request.method == "POST" and not penilai:
        raise Http404
    if not (penilai and svc.dapat_diisi(ev)):
        if request.method == "POST":
            messages.error(request, "Formulir ini sudah diajukan atau periodenya tidak dibuka; perubahan ditolak.")
            return redirect("evaluasi:evaluasi-isi", pk=ev.pk)
        return _lihat(request, ev, penilai=penilai)

    if request.method == "POST" and request.POST.get("aksi") == "ajukan_pasti":
        return _ajukan_pasti(request, ev)
    if request.method != "POST":
        return _tampil_isi(request, ev, EvaluasiForm(evaluasi=ev))
    return _simpan(request, ev)


def _simpan(request, ev):
    """A POST of the form: save the draft, or ("Ajukan") save it and ask for confirmation."""
    form = EvaluasiForm(request.POST, evaluasi=ev)
    ajukan = request.POST.get("aksi") == "ajukan"
    if not form.is_valid():
        return _tampil_isi(request, ev, form, status=400)
    try:
        if ajukan:  # "Ajukan" first saves the draft and asks for confirmation: submitting locks the form
            svc.evaluasi_check_submit(form.data_layanan())
        ev = svc.evaluasi_save_draft(actor=request.user, evaluasi=ev, data=form.data_layanan(),
                                     versi=form.cleaned_data["versi"])
    except svc.KonflikVersi as exc:
        # Keep what the user typed; carry the version now stored so a deliberate second save goes through.
        _pesan(request, exc)
        data = request.POST.copy()
        data["versi"] = str(exc.evaluasi.versi)
        return _tampil_isi(request, ev, EvaluasiForm(data, evaluasi=ev), tersimpan=exc.evaluasi, status=409)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        _ke_form(form, exc)
        return _tampil_isi(request, ev, form, status=400)
    if ajukan:
        return _konfirmasi(request, ev)
    messages.success(request, "Draf tersimpan.")
    return redirect("evaluasi:evaluasi-isi", pk=ev.pk)


def _tampil_isi(request, ev, form, *, tersimpan=None, status=200):
    hasil, perilaku = form["rating_hasil_kerja"].value(), form["rating_perilaku_kerja"].value()
    return render(request, "evaluasi/form_isi.html", {
        "ev": ev, "form": form, "pratinjau": _predikat_aman(hasil, perilaku), "tersimpan": tersimpan,
        "tersimpan_catatan": _catatan(tersimpan) if tersimpan else None,
    }, status=status)


def _konfirmasi(request, ev):
    """The confirmation step of "Ajukan" (a page, no script): what will be submitted, saved as a draft meanwhile."""
    ev = selectors.evaluasi_lengkap(ev.pk)
    return render(request, "evaluasi/form_konfirmasi.html", {
        "ev": ev, "catatan": _catatan(ev), "rekomendasi": list(ev.rekomendasi.all()),
        "form": KonfirmasiAjukanForm(initial={"versi": ev.versi})})


def _ajukan_pasti(request, ev):
    """The evaluator confirmed: submit the stored draft of the version they reviewed."""
    form = KonfirmasiAjukanForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Konfirmasi tidak lengkap; formulir belum diajukan. Tekan Ajukan sekali lagi.")
        return redirect("evaluasi:evaluasi-isi", pk=ev.pk)
    try:
        ev = svc.evaluasi_submit_draft(actor=request.user, evaluasi=ev, versi=form.cleaned_data["versi"])
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:  # changed meanwhile (KonflikVersi) or no longer complete: back to the form
        _pesan(request, exc)
        return redirect("evaluasi:evaluasi-isi", pk=ev.pk)
    messages.success(request, f"Evaluasi {ev.pegawai.nama} diajukan dengan predikat {ev.get_predikat_display()}. "
                              "Formulir kini terkunci.")
    return redirect("evaluasi:evaluasi-isi", pk=ev.pk)


def _predikat_aman(hasil, perilaku):
    try:
        value = predikat(hasil, perilaku)
    except ValueError:
        return None
    return Predikat(value) if value else None


def _lihat(request, ev, *, penilai):
    bisa_buka = access.can_reopen(request.user, ev)
    return render(request, "evaluasi/form_lihat.html", {
        "ev": ev, "catatan": _catatan(ev), "rekomendasi": list(ev.rekomendasi.all()), "penilai": penilai,
        "bisa_buka": bisa_buka, "alasan_form": AlasanForm() if bisa_buka else None,
        "tampil_hasil": access.can_view_hasil(request.user, ev),
    })


@login_required
@require_POST
def predikat_pratinjau(request, pk):
    """The predikat the matrix gives for the ratings currently chosen (htmx fragment; computed here only)."""
    get_object_or_404(access.evaluasi_isi_scope(request.user), pk=pk)
    nilai = _predikat_aman(request.POST.get("rating_hasil_kerja"), request.POST.get("rating_perilaku_kerja"))
    return render(request, "evaluasi/form_predikat.html", {"pratinjau": nilai})


@login_required
@require_POST
def evaluasi_reopen(request, pk):
    ev = get_object_or_404(access.evaluasi_reopen_scope(request.user), pk=pk)
    try:
        svc.evaluasi_reopen(actor=request.user, evaluasi=ev, alasan=request.POST.get("alasan", ""))
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        _pesan(request, exc)
    else:
        messages.success(request, "Formulir dibuka kembali sebagai draf; pejabat penilai diberi tahu.")
    return redirect("evaluasi:evaluasi-isi", pk=ev.pk)


@login_required
def hasil_list(request):
    """The employee's own submitted results."""
    rows = selectors.hasil_pegawai(access.hasil_scope(request.user))
    for ev in rows:
        ev.catatan_list = _catatan(ev)
    return render(request, "evaluasi/hasil_list.html", {"hasil": rows, "alasan_form": AlasanForm()})


@login_required
@require_POST
def keberatan_submit(request, pk):
    ev = get_object_or_404(access.hasil_scope(request.user), pk=pk)
    try:
        k = svc.keberatan_submit(actor=request.user, evaluasi=ev, alasan=request.POST.get("alasan", ""))
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        _pesan(request, exc)
    else:
        if k.pemutus_id:
            messages.success(request, "Keberatan Anda terkirim kepada atasan pejabat penilai untuk diputus.")
        else:
            messages.warning(request, "Keberatan Anda tercatat, tetapi pejabat penilai Anda belum memiliki atasan "
                                      "di sistem. Admin BKPSDM sudah diberi tahu; silakan hubungi Admin BKPSDM.")
    return redirect("evaluasi:hasil-list")


@login_required
def keberatan_list(request):
    rows = selectors.keberatan_pemutus_list(access.keberatan_pemutus_scope(request.user))
    return render(request, "evaluasi/keberatan_list.html", {"keberatan": rows})


@login_required
def keberatan_detail(request, pk):
    k = get_object_or_404(access.keberatan_pemutus_scope(request.user).select_related(
        "evaluasi__periode", "evaluasi__pegawai__unit_kerja", "evaluasi__pegawai__jabatan", "evaluasi__penilai"),
        pk=pk)
    form = KeputusanForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            cd = form.cleaned_data
            try:
                svc.keberatan_decide(actor=request.user, keberatan=k, keputusan=cd["keputusan"],
                                     pertimbangan=cd["pertimbangan"], rating_hasil_kerja=cd["rating_hasil_kerja"],
                                     rating_perilaku_kerja=cd["rating_perilaku_kerja"])
            except PermissionDenied as exc:
                raise Http404 from exc
            except ValidationError as exc:
                _ke_form(form, exc)
                status = 400
            else:
                messages.success(request, "Keputusan tersimpan; pegawai diberi tahu.")
                return redirect("evaluasi:keberatan-detail", pk=k.pk)
        else:
            status = 400
    ev = k.evaluasi
    return render(request, "evaluasi/keberatan_detail.html", {
        "k": k, "ev": ev, "catatan": _catatan(ev), "form": form if k.status == Keberatan.Status.DIAJUKAN else None,
    }, status=status)


@login_required
def keberatan_hr(request):
    """HR: the instansi's objections, those without a decider first."""
    if not access.can_manage(request.user):
        raise Http404
    tanpa_pemutus = params.pilihan(request, "tanpa_pemutus", ("0", "1"), default="0") == "1"
    rows = selectors.keberatan_hr_list(access.keberatan_hr_scope(request.user), tanpa_pemutus=tanpa_pemutus)
    return render(request, "evaluasi/keberatan_hr.html", {"keberatan": rows, "tanpa_pemutus": tanpa_pemutus})


@login_required
def keberatan_assign(request, pk):
    k = get_object_or_404(access.keberatan_hr_scope(request.user).select_related(
        "evaluasi__periode__instansi", "evaluasi__pegawai", "pemutus"), pk=pk)
    if k.status != Keberatan.Status.DIAJUKAN:
        messages.error(request, "Keberatan ini sudah diputus.")
        return redirect("evaluasi:keberatan-hr")
    form = PemutusForm(request.POST or None, instansi=k.evaluasi.periode.instansi)
    if request.method == "POST" and form.is_valid():
        try:
            svc.keberatan_assign(actor=request.user, keberatan=k, pemutus=form.cleaned_data["nip_pemutus"])
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            _ke_form(form, exc)
        else:
            messages.success(request, "Pemutus keberatan ditetapkan dan diberi tahu.")
            return redirect("evaluasi:keberatan-hr")
    return render(request, "evaluasi/keberatan_pemutus.html", {"k": k, "form": form})


urlpatterns = [
    path("penilai/", penilai_list, name="penilai-list"),
    path("<int:pk>/isi/", evaluasi_isi, name="evaluasi-isi"),
    path("<int:pk>/pratinjau-predikat/", predikat_pratinjau, name="evaluasi-pratinjau"),
    path("<int:pk>/buka-kembali/", evaluasi_reopen, name="evaluasi-buka-kembali"),
    path("hasil/", hasil_list, name="hasil-list"),
    path("<int:pk>/keberatan/", keberatan_submit, name="keberatan-ajukan"),
    path("keberatan/", keberatan_list, name="keberatan-list"),
    path("keberatan/<int:pk>/", keberatan_detail, name="keberatan-detail"),
    path("keberatan/bkpsdm/", keberatan_hr, name="keberatan-hr"),
    path("keberatan/<int:pk>/pemutus/", keberatan_assign, name="keberatan-pemutus"),
]
