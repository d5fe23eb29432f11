"""Attendance pages: the organiser's check-in screen (rotating code, QR, live list, corrections) and the
participant's check-in (typed code, or the QR link: GET asks to confirm, only POST checks in)."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from pembinaan import nip as nip_mod
from pembinaan import params

from .. import access, checkin, selectors
from ..forms import KehadiranForm, PresensiForm, TambahDiTempatForm
from ..models import Kehadiran
from ..services import kehadiran as layanan


def _require(check):
    """Out-of-role pages answer 404, like out-of-scope objects."""
    if not check:
        raise Http404


# ---------------------------------------------------------------------------- organiser (HR of the instansi)

def _sesi_kelola(request, pk):
    _require(access.can_manage(request.user))
    return get_object_or_404(access.sesi_manage_scope(request.user).select_related("program"), pk=pk)


def _kode_context(request, sesi):
    now = timezone.now()
    buka, tutup = checkin.jendela(sesi)
    ctx = {"sesi": sesi, "buka": buka, "tutup": tutup, "terbuka": buka <= now <= tutup, "belum": now < buka}
    if ctx["terbuka"]:
        kode = checkin.kode_sekarang(sesi.pk, now)
        tautan = request.build_absolute_uri(checkin.tautan(sesi.pk, kode))
        qr = segno.make(tautan, error="m").svg_inline(scale=4, border=2, omitsize=True)
        ctx.update(kode=kode, tautan=tautan, qr=mark_safe(qr), sisa=checkin.sisa_detik(now),
                   langkah=checkin.langkah_detik())
    return ctx


def _daftar_context(sesi, galat=None, sukses=None):
    galat = galat or {}
    daftar = selectors.daftar_hadir(sesi=sesi)
    daftar["baris"] = [{"peserta": p, "kehadiran": k, "galat": galat.get(p.pk)} for p, k in daftar["baris"]]
    return {"sesi": sesi, **daftar, "pilihan_status": Kehadiran.Status.choices, "sukses": sukses}


@login_required
def kehadiran_panitia(request, pk):
    sesi = _sesi_kelola(request, pk)
    return render(request, "pelatihan/kehadiran_panitia.html",
                  {**_kode_context(request, sesi), **_daftar_context(sesi),
                   "nip_di_tempat": request.session.pop(f"pelatihan:walkin:{sesi.pk}", "")})


@login_required
def kehadiran_kode(request, pk):
    sesi = _sesi_kelola(request, pk)
    layar = params.pilihan(request, "tampilan", ("layar",)) == "layar"
    return render(request, "pelatihan/_kehadiran_kode.html", {**_kode_context(request, sesi), "layar": layar})


@login_required
def kehadiran_layar(request, pk):
    """Presentation mode for the projector: the rotating code and its QR only, large; no participant list
    (names and NIPs stay on the organiser's own screen)."""
    sesi = _sesi_kelola(request, pk)
    return render(request, "pelatihan/kehadiran_layar.html", {**_kode_context(request, sesi), "layar": True})


@login_required
@require_POST
def peserta_walk_in(request, pk):
    """A walk-in: the organiser adds someone by NIP / NI PPPK (or picks them from the suggestions) to the
    programme and marks them present in this session."""
    sesi = _sesi_kelola(request, pk)
    form = TambahDiTempatForm(request.POST)
    galat = sukses = None
    pegawai = None
    if form.is_valid():
        qs = access.nominasi_pegawai_scope(request.user)
        if form.cleaned_data["pegawai"]:
            pegawai = qs.filter(pk=form.cleaned_data["pegawai"]).first()
        else:
            pegawai = qs.filter(nip=nip_mod.normalise(form.cleaned_data["nip"])).first()
        if pegawai is None:
            galat = (f"{form.cleaned_data['nip'] or 'Pegawai terpilih'}: tidak ditemukan di antara pegawai aktif "
                     "instansi Anda.")
    else:
        galat = " ".join(e for errors in form.errors.values() for e in errors)
    if pegawai is not None:
        try:
            layanan.peserta_walk_in(actor=request.user, sesi=sesi, pegawai=pegawai)
        except ValidationError as exc:
            galat = f"{pegawai.nama_lengkap}: {' '.join(exc.messages)}"
        except PermissionDenied:
            galat = f"{pegawai.nama_lengkap}: tidak dapat didaftarkan pada program ini."
        else:
            sukses = f"{pegawai.nama_lengkap} didaftarkan sebagai peserta dan tercatat hadir."
    if galat:
        messages.error(request, galat)
        if form.is_valid() and form.cleaned_data["nip"]:
            request.session[f"pelatihan:walkin:{sesi.pk}"] = form.cleaned_data["nip"]
    else:
        messages.success(request, sukses)
    return redirect("pelatihan:kehadiran-panitia", pk=sesi.pk)


@login_required
def kehadiran_list(request, pk):
    sesi = _sesi_kelola(request, pk)
    return render(request, "pelatihan/_kehadiran_daftar.html", _daftar_context(sesi))


@login_required
@require_POST
def kehadiran_set(request, pk, peserta_pk):
    sesi = _sesi_kelola(request, pk)
    peserta = get_object_or_404(access.peserta_manage_scope(request.user).select_related("pegawai")
                                .filter(program_id=sesi.program_id, status__in=selectors.PESERTA_AKTIF), pk=peserta_pk)
    form = KehadiranForm(request.POST)
    galat = sukses = None
    if form.is_valid():
        try:
            layanan.kehadiran_set(actor=request.user, sesi=sesi, peserta=peserta, **form.cleaned_data)
        except ValidationError as exc:
            galat = {peserta.pk: " ".join(exc.messages)}
        else:
            sukses = f"Kehadiran {peserta.pegawai.nama_lengkap} tersimpan."
    else:
        galat = {peserta.pk: " ".join(e for errors in form.errors.values() for e in errors)}
    if request.htmx:
        return render(request, "pelatihan/_kehadiran_daftar.html", _daftar_context(sesi, galat, sukses))
    if galat:
        messages.error(request, f"{peserta.pegawai.nama_lengkap}: {galat[peserta.pk]}")
    else:
        messages.success(request, sukses)
    return redirect("pelatihan:kehadiran-panitia", pk=sesi.pk)


# ---------------------------------------------------------------------------- participants

def _require_pegawai(request):
    _require(access.pegawai_saya(request.user) is not None)


def _status_sesi(user, sesi_list):
    """Each open session with the participant's own Kehadiran (or None): one query."""
    pegawai = access.pegawai_saya(user)
    catatan = {k.sesi_id: k for k in Kehadiran.objects.filter(sesi__in=sesi_list, peserta__pegawai=pegawai)}
    return [(s, catatan.get(s.pk)) for s in sesi_list]


@login_required
@require_http_methods(["GET", "POST"])
def kehadiran_checkin_kode(request):
    """Type the code shown in the room; the system finds which of the user's open sessions it belongs to."""
    _require_pegawai(request)
    form = PresensiForm(request.POST or None)
    hasil = None
    if request.method == "POST" and form.is_valid():
        hasil = layanan.kehadiran_checkin_kode(actor=request.user, kode=form.cleaned_data["kode"])
        if hasil.berhasil:
            messages.success(request, hasil.pesan)
            return redirect("pelatihan:kehadiran-checkin-kode")
    terbuka = selectors.sesi_presensi_terbuka(user=request.user)
    return render(request, "pelatihan/presensi.html",
                  {"form": form, "hasil": hasil, "sesi_terbuka": _status_sesi(request.user, terbuka),
                   "margin": int(checkin.margin().total_seconds() // 60)})


@login_required
@require_http_methods(["GET", "POST"])
def kehadiran_checkin(request, sesi_id, kode):
    """The QR link. GET shows the session and a confirm button (or why it would be refused); POST checks in.

    Sessions of the programmes the user may see (``access.program_terlihat``, the programme scope) open; whether
    they may check in is the service's answer, with its message. The participant's own rows are read once, for
    both (a room of 300 opens this at the same moment)."""
    _require_pegawai(request)
    baca = selectors.tautan_presensi(pegawai=access.pegawai_saya(request.user), sesi_id=sesi_id)
    _require(baca is not None)
    sesi, peserta, kehadiran = baca
    _require(access.program_terlihat(request.user, sesi.program, ikut=peserta is not None))
    dibaca = (peserta, kehadiran)
    if request.method == "POST":
        hasil = layanan.kehadiran_checkin(actor=request.user, sesi=sesi, kode=kode, dibaca=dibaca)
        if hasil.berhasil:
            messages.success(request, hasil.pesan)
            return redirect("pelatihan:kehadiran-checkin-kode")
    else:
        hasil = layanan.kehadiran_periksa(actor=request.user, sesi=sesi, kode=kode, dibaca=dibaca)
    return render(request, "pelatihan/presensi_tautan.html", {"sesi": sesi, "kode": kode, "hasil": hasil})


urlpatterns = [
    path("sesi/<int:pk>/presensi/", kehadiran_panitia, name="kehadiran-panitia"),
    path("sesi/<int:pk>/presensi/kode/", kehadiran_kode, name="kehadiran-kode"),
    path("sesi/<int:pk>/presensi/daftar/", kehadiran_list, name="kehadiran-list"),
    path("sesi/<int:pk>/presensi/peserta/<int:peserta_pk>/", kehadiran_set, name="kehadiran-set"),
    path("sesi/<int:pk>/presensi/layar/", kehadiran_layar, name="kehadiran-layar"),
    path("sesi/<int:pk>/presensi/tambah/", peserta_walk_in, name="peserta-walk-in"),
    path("presensi/", kehadiran_checkin_kode, name="kehadiran-checkin-kode"),
    path("presensi/<int:sesi_id>/<str:kode>/", kehadiran_checkin, name="kehadiran-checkin"),
]
