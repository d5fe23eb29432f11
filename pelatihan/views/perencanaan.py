"""Perencanaan part A (issue 11): HR's cycle pages (open, stages, derivation job with progress, verification per OPD
with the equity guard), the employee's needs and proposals (phone first), the atasan's approval of proposals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from pembinaan import params

from .. import access
from ..forms import AlasanForm
from ..forms.kebutuhan import PrioritasForm, SiklusForm, UsulanForm
from ..models import Kebutuhan, SiklusRencana, jendela_bawaan
from ..selectors import kebutuhan as sel
from ..services import kebutuhan as layanan

Tahap = SiklusRencana.Tahap
St = Kebutuhan.Status
LABEL_TAHAP_BERIKUT = {
    Tahap.PENGUMPULAN: "Buka pengumpulan kebutuhan",
    Tahap.VERIFIKASI: "Mulai verifikasi",
    Tahap.BERJALAN: "Mulai pelaksanaan",
    Tahap.DIEVALUASI: "Tandai sudah dievaluasi",
}


def _pesan(request, exc):
    if hasattr(exc, "message_dict"):
        messages.error(request, " ".join(m for ms in exc.message_dict.values() for m in ms))
    else:
        messages.error(request, " ".join(exc.messages))


def _hr(request):
    if not access.can_atur_siklus(request.user):
        raise Http404


def _pegawai(request):
    pegawai = access.pegawai_saya(request.user)
    if pegawai is None:
        raise Http404
    return pegawai


# ---------------------------------------------------------------------------- HR: cycles

@login_required
def siklus_list(request):
    _hr(request)
    return render(request, "pelatihan/perencanaan/siklus_list.html",
                  {"siklus": sel.siklus_daftar(access.siklus_atur_scope(request.user))})


@login_required
@require_http_methods(["GET", "POST"])
def siklus_create(request):
    _hr(request)
    tahun = timezone.localdate().year + 1
    form = SiklusForm(request.POST or None, initial={"tahun": tahun, **jendela_bawaan(tahun)}, tombol="Buka siklus")
    if request.method == "POST" and form.is_valid():
        try:
            siklus = layanan.siklus_buat(actor=request.user, tahun=form.cleaned_data["tahun"],
                                         data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Siklus perencanaan {siklus.tahun} dibuka pada tahap persiapan.")
            return redirect("pelatihan:siklus-detail", pk=siklus.pk)
    return render(request, "pelatihan/perencanaan/siklus_form.html", {"form": form, "siklus": None})


@login_required
@require_http_methods(["GET", "POST"])
def siklus_edit(request, pk):
    siklus = get_object_or_404(access.siklus_atur_scope(request.user), pk=pk)
    form = SiklusForm(request.POST or None, instance=siklus, baru=False)
    if request.method == "POST" and form.is_valid():
        try:
            layanan.siklus_ubah(actor=request.user, siklus=siklus, data=form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "message_dict"):
                form.add_error(None, exc)
            else:
                form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, "Jadwal dan pengaturan siklus disimpan.")
            return redirect("pelatihan:siklus-detail", pk=siklus.pk)
    return render(request, "pelatihan/perencanaan/siklus_form.html", {"form": form, "siklus": siklus})


@login_required
def siklus_detail(request, pk):
    siklus = get_object_or_404(access.siklus_atur_scope(request.user).select_related("instansi"), pk=pk)
    berjalan = siklus.status_penyusunan in (SiklusRencana.StatusPenyusunan.ANTRE,
                                            SiklusRencana.StatusPenyusunan.BERJALAN)
    konteks = {"siklus": siklus, "berjalan": berjalan, "ringkasan": sel.ringkasan_sumber(siklus)}
    if request.htmx:
        return render(request, "pelatihan/perencanaan/_penyusunan.html", konteks)
    berikut = [(t, "Kembali ke pengumpulan" if t == Tahap.PENGUMPULAN and siklus.tahap == Tahap.VERIFIKASI
                else LABEL_TAHAP_BERIKUT.get(t, Tahap(t).label))
               for t in layanan.TAHAP_BERIKUT.get(siklus.tahap, ())]
    jendela = [(Tahap(t).label, getattr(siklus, f"{a}_mulai"), getattr(siklus, f"{a}_selesai"))
               for t, a in ((Tahap.PERSIAPAN, "persiapan"), (Tahap.PENGUMPULAN, "pengumpulan"),
                            (Tahap.VERIFIKASI, "verifikasi"), (Tahap.DITETAPKAN, "penetapan"))]
    jendela[-1] = ("Penetapan", *jendela[-1][1:])
    lalu = SiklusRencana.objects.filter(instansi_id=siklus.instansi_id, tahun=siklus.tahun - 1).only(
        "pk", "tahun", "temuan_monev").first()
    konteks.update({
        "lalu": lalu, "realisasi": siklus.tahap in (Tahap.BERJALAN, Tahap.DIEVALUASI),
        "berikut": berikut, "jendela": jendela, "boleh_susun": siklus.tahap in layanan.TAHAP_SUSUN and not berjalan,
        "boleh_ubah": siklus.tahap in (Tahap.PERSIAPAN, Tahap.PENGUMPULAN, Tahap.VERIFIKASI),
        "tahap_urut": [(t, label, _urutan(t) < _urutan(siklus.tahap), t == siklus.tahap) for t, label in Tahap.choices],
    })
    return render(request, "pelatihan/perencanaan/siklus_detail.html", konteks)


def _urutan(tahap):
    return Tahap.values.index(tahap)


@login_required
@require_POST
def siklus_tahap(request, pk):
    siklus = get_object_or_404(access.siklus_atur_scope(request.user), pk=pk)
    tahap = request.POST.get("tahap", "")
    try:
        siklus = layanan.siklus_ubah_tahap(actor=request.user, siklus=siklus, tahap=tahap)
    except ValidationError as exc:
        _pesan(request, exc)
    else:
        pesan = f"Siklus {siklus.tahun} kini pada tahap \u201c{siklus.get_tahap_display()}\u201d."
        if siklus.status_penyusunan == SiklusRencana.StatusPenyusunan.ANTRE:
            pesan += " Kebutuhan setiap pegawai sedang disusun; kemajuannya tampil di bawah."
        messages.success(request, pesan)
    return redirect("pelatihan:siklus-detail", pk=siklus.pk)


@login_required
@require_POST
def siklus_susun(request, pk):
    siklus = get_object_or_404(access.siklus_atur_scope(request.user), pk=pk)
    try:
        layanan.siklus_susun(actor=request.user, siklus=siklus)
    except ValidationError as exc:
        _pesan(request, exc)
    else:
        messages.success(request, "Penyusunan ulang kebutuhan dimulai; yang sudah ada diperbarui, tidak digandakan.")
    return redirect("pelatihan:siklus-detail", pk=siklus.pk)


# ---------------------------------------------------------------------------- HR: verification per OPD

@login_required
def kebutuhan_opd(request, pk):
    siklus = get_object_or_404(access.siklus_atur_scope(request.user), pk=pk)
    return render(request, "pelatihan/perencanaan/verifikasi_opd.html",
                  {"siklus": siklus, "opd": sel.ringkasan_opd(siklus)})


def _opd(siklus, opd):
    try:
        return sel.opd_siklus(siklus, opd)
    except ObjectDoesNotExist:  # another instansi's unit, or a sub-unit
        raise Http404 from None


@login_required
def kebutuhan_verifikasi(request, pk, opd):
    siklus = get_object_or_404(access.siklus_atur_scope(request.user), pk=pk)
    unit = _opd(siklus, opd)
    tab = params.pilihan(request, "tab", sel.TAB_OPD, default="siap")
    page = Paginator(sel.kebutuhan_opd(siklus, opd, tab), 50).get_page(params.halaman(request))
    rows = sel.pasang_tautan(page.object_list, untuk_pegawai=False)
    siap = sel.kebutuhan_opd(siklus, opd, "siap").count()
    return render(request, "pelatihan/perencanaan/verifikasi.html", {
        "siklus": siklus, "unit": unit, "opd_id": opd, "tab": tab, "page": page, "rows": rows, "siap": siap,
        "ekuitas": sel.ekuitas(siklus, opd), "boleh_verifikasi": siklus.tahap in layanan.TAHAP_SUSUN,
        "tabs": [("siap", "Siap diverifikasi"), ("menunggu", "Menunggu atasan"), ("diverifikasi", "Diverifikasi"),
                 ("ditolak", "Ditolak"), ("semua", "Semua")],
    })


@login_required
@require_POST
def kebutuhan_verifikasi_opd(request, pk, opd):
    siklus = get_object_or_404(access.siklus_atur_scope(request.user), pk=pk)
    unit = _opd(siklus, opd)
    try:
        n = layanan.kebutuhan_verifikasi_opd(actor=request.user, siklus=siklus, opd_id=opd)
    except ValidationError as exc:
        _pesan(request, exc)
    else:
        messages.success(request, f"{n} kebutuhan {unit.nama if unit else 'pegawai tanpa unit kerja'} diverifikasi.")
    return redirect(reverse("pelatihan:kebutuhan-verifikasi", args=[siklus.pk, opd]) + "?tab=diverifikasi")


@login_required
@require_http_methods(["GET", "POST"])
def kebutuhan_tolak(request, pk):
    k = get_object_or_404(access.kebutuhan_verifikasi_scope(request.user)
                          .select_related("siklus", "pegawai", "kompetensi"), pk=pk)
    kembali = reverse("pelatihan:kebutuhan-verifikasi", args=[k.siklus_id, k.opd_id or 0])
    form = AlasanForm(request.POST or None, tombol="Tolak kebutuhan")
    if request.method == "POST" and form.is_valid():
        try:
            layanan.kebutuhan_tolak(actor=request.user, kebutuhan=k, alasan=form.cleaned_data["alasan"])
        except ValidationError as exc:
            _pesan(request, exc)
        else:
            messages.success(request, f"Kebutuhan {k.pegawai.nama} ditolak.")
        return redirect(kembali)
    return render(request, "pelatihan/perencanaan/kebutuhan_alasan.html", {
        "k": k, "form": form, "judul": "Tolak kebutuhan", "kembali": kembali,
        "boleh": k.status not in (St.MASUK_RENCANA, St.DITOLAK) and k.siklus.tahap in layanan.TAHAP_SUSUN})


@login_required
@require_http_methods(["GET", "POST"])
def kebutuhan_prioritas(request, pk):
    k = get_object_or_404(access.kebutuhan_verifikasi_scope(request.user)
                          .select_related("siklus", "pegawai", "kompetensi"), pk=pk)
    kembali = reverse("pelatihan:kebutuhan-verifikasi", args=[k.siklus_id, k.opd_id or 0])
    form = PrioritasForm(request.POST or None, initial={"prioritas": k.prioritas_manual, "alasan": k.alasan_prioritas})
    if request.method == "POST" and form.is_valid():
        try:
            layanan.kebutuhan_prioritas(actor=request.user, kebutuhan=k, prioritas=form.cleaned_data["prioritas"],
                                        alasan=form.cleaned_data["alasan"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Prioritas kebutuhan {k.pegawai.nama} disimpan.")
            return redirect(kembali)
    return render(request, "pelatihan/perencanaan/kebutuhan_alasan.html", {
        "k": k, "form": form, "judul": "Ubah prioritas kebutuhan", "kembali": kembali, "boleh": True,
        "catatan": f"Prioritas hasil perhitungan: {k.get_prioritas_display()}."})


# ---------------------------------------------------------------------------- the employee

@login_required
def kebutuhan_saya(request):
    pegawai = _pegawai(request)
    scope = access.siklus_pegawai_scope(request.user)
    siklus_id = params.id_objek(request, "siklus")
    siklus = get_object_or_404(scope, pk=siklus_id) if siklus_id else sel.siklus_terbaru(scope)
    rows = sel.kebutuhan_pegawai(pegawai=pegawai, siklus=siklus) if siklus else []
    return render(request, "pelatihan/perencanaan/kebutuhan_saya.html", {
        "siklus": siklus, "rows": rows, "semua_siklus": list(scope.order_by("-tahun")[:10]),
        "boleh_usul": siklus is not None and siklus.tahap == Tahap.PENGUMPULAN,
        "belum_dinilai": sum(1 for k in rows if k.belum_dinilai),
    })


@login_required
@require_http_methods(["GET", "POST"])
def kebutuhan_usul(request):
    pegawai = _pegawai(request)
    scope = access.siklus_pegawai_scope(request.user)
    siklus_id = params.id_objek(request, "siklus")
    siklus = (get_object_or_404(scope, pk=siklus_id) if siklus_id
              else sel.siklus_terbaru(scope.filter(tahap=Tahap.PENGUMPULAN)))
    form = UsulanForm(request.POST or None, instansi=pegawai.instansi)
    if siklus is None or siklus.tahap != Tahap.PENGUMPULAN:
        messages.warning(request, "Saat ini tidak ada siklus perencanaan yang menerima usulan.")
        return redirect("pelatihan:kebutuhan-saya")
    if request.method == "POST" and form.is_valid():
        try:
            k = layanan.kebutuhan_usul(actor=request.user, siklus=siklus, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, f"Usulan \u201c{k.kompetensi.nama}\u201d terkirim kepada atasan Anda.")
            return redirect(f"{reverse('pelatihan:kebutuhan-saya')}?siklus={siklus.pk}")
    return render(request, "pelatihan/perencanaan/usulan_form.html", {"form": form, "siklus": siklus, "k": None})


@login_required
@require_http_methods(["GET", "POST"])
def kebutuhan_usul_ubah(request, pk):
    _pegawai(request)
    k = get_object_or_404(access.usulan_ubah_scope(request.user).select_related("siklus", "pegawai__instansi"), pk=pk)
    form = UsulanForm(request.POST or None, instance=k, instansi=k.pegawai.instansi)
    boleh = k.status in (St.USULAN, St.DIKEMBALIKAN) and k.siklus.tahap == Tahap.PENGUMPULAN
    if request.method == "POST" and boleh and form.is_valid():
        try:
            layanan.kebutuhan_usul_ubah(actor=request.user, kebutuhan=k, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Usulan diperbarui dan dikirim lagi kepada atasan Anda.")
            return redirect(f"{reverse('pelatihan:kebutuhan-saya')}?siklus={k.siklus_id}")
    return render(request, "pelatihan/perencanaan/usulan_form.html",
                  {"form": form, "siklus": k.siklus, "k": k, "boleh": boleh})


# ---------------------------------------------------------------------------- the atasan

@login_required
def kebutuhan_bawahan(request):
    _pegawai(request)
    if not access.can_putus_usulan(request.user):
        raise Http404
    scope = access.kebutuhan_bawahan_scope(request.user)
    menunggu = sel.pasang_tautan(sel.usulan_bawahan(scope.filter(diturunkan=False, status=St.USULAN))[:100],
                                 untuk_pegawai=False)
    page = Paginator(sel.usulan_bawahan(scope.exclude(diturunkan=False, status=St.USULAN)), 50).get_page(
        params.halaman(request))
    return render(request, "pelatihan/perencanaan/kebutuhan_bawahan.html", {
        "menunggu": menunggu, "page": page, "per_pegawai": sel.per_pegawai(page.object_list)})


@login_required
@require_POST
def kebutuhan_setujui(request, pk):
    k = get_object_or_404(access.kebutuhan_putus_atasan_scope(request.user).select_related("pegawai", "kompetensi"),
                          pk=pk)
    try:
        layanan.kebutuhan_setujui(actor=request.user, kebutuhan=k)
    except ValidationError as exc:
        _pesan(request, exc)
    else:
        messages.success(request, f"Usulan {k.pegawai.nama} (\u201c{k.kompetensi.nama}\u201d) disetujui.")
    return redirect("pelatihan:kebutuhan-bawahan")


@login_required
@require_http_methods(["GET", "POST"])
def kebutuhan_kembalikan(request, pk):
    k = get_object_or_404(access.kebutuhan_putus_atasan_scope(request.user)
                          .select_related("siklus", "pegawai", "kompetensi"), pk=pk)
    kembali = reverse("pelatihan:kebutuhan-bawahan")
    form = AlasanForm(request.POST or None, tombol="Kembalikan usulan")
    if request.method == "POST" and form.is_valid():
        try:
            layanan.kebutuhan_kembalikan(actor=request.user, kebutuhan=k, alasan=form.cleaned_data["alasan"])
        except ValidationError as exc:
            _pesan(request, exc)
        else:
            messages.success(request, f"Usulan {k.pegawai.nama} dikembalikan dengan alasan.")
        return redirect(kembali)
    return render(request, "pelatihan/perencanaan/kebutuhan_alasan.html", {
        "k": k, "form": form, "judul": "Kembalikan usulan", "kembali": kembali, "boleh": k.status == St.USULAN})


urlpatterns = [
    path("perencanaan/", siklus_list, name="siklus-list"),
    path("perencanaan/baru/", siklus_create, name="siklus-create"),
    path("perencanaan/<int:pk>/", siklus_detail, name="siklus-detail"),
    path("perencanaan/<int:pk>/ubah/", siklus_edit, name="siklus-edit"),
    path("perencanaan/<int:pk>/tahap/", siklus_tahap, name="siklus-tahap"),
    path("perencanaan/<int:pk>/susun/", siklus_susun, name="siklus-susun"),
    path("perencanaan/<int:pk>/verifikasi/", kebutuhan_opd, name="kebutuhan-opd"),
    path("perencanaan/<int:pk>/verifikasi/<int:opd>/", kebutuhan_verifikasi, name="kebutuhan-verifikasi"),
    path("perencanaan/<int:pk>/verifikasi/<int:opd>/setujui/", kebutuhan_verifikasi_opd,
         name="kebutuhan-verifikasi-opd"),
    path("kebutuhan/", kebutuhan_saya, name="kebutuhan-saya"),
    path("kebutuhan/usul/", kebutuhan_usul, name="kebutuhan-usul"),
    path("kebutuhan/bawahan/", kebutuhan_bawahan, name="kebutuhan-bawahan"),
    path("kebutuhan/<int:pk>/ubah/", kebutuhan_usul_ubah, name="kebutuhan-usul-ubah"),
    path("kebutuhan/<int:pk>/setujui/", kebutuhan_setujui, name="kebutuhan-setujui"),
    path("kebutuhan/<int:pk>/kembalikan/", kebutuhan_kembalikan, name="kebutuhan-kembalikan"),
    path("kebutuhan/<int:pk>/tolak/", kebutuhan_tolak, name="kebutuhan-tolak"),
    path("kebutuhan/<int:pk>/prioritas/", kebutuhan_prioritas, name="kebutuhan-prioritas"),
]
