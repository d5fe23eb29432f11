from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from .. import access, ekspor, komposisi, params, selectors, services
from .. import referensi as ref
from ..filters import PegawaiFilter
from ..forms import AtasanForm, PegawaiForm


def _require(check):
    """Out-of-role pages answer 404, like out-of-scope objects: nothing tells what exists."""
    if not check:
        raise Http404


@login_required
def pegawai_list(request):
    _require(access.can_view_pegawai_list(request.user))
    urut = params.pilihan(request, "urut", selectors.URUTAN, default="nama")
    filterset, qs = _daftar(request, urut=urut)
    page = Paginator(qs, 50).get_page(params.halaman(request))
    query = request.GET.copy()
    query.pop("halaman", None)
    sort_params = query.copy()
    sort_params.pop("urut", None)
    return render(request, "pembinaan/pegawai_list.html", {
        "filter": filterset, "pilihan": filterset.pilihan(), "page": page, "urut": urut, "params": query.urlencode(),
        "sort_params": sort_params.urlencode(), "bisa_ekspor": access.can_export(request.user),
        "bisa_kelola": access.can_manage_pegawai(request.user),
        "daftar_instansi": access.pegawai_list_is_instansi(request.user),
    })


def _daftar(request, urut="nama"):
    """The filtered list. A value no page offers (a unit id that is not a number, an unknown golongan or status)
    answers 400; a well-formed unit outside the user's scope (an old link, another instansi) is ignored, as
    django-filter drops an invalid choice, and the list stays within the scope."""
    params.id_objek(request, "unit_kerja")
    filterset, qs = selectors.pegawai_list(user=request.user, filterset_class=PegawaiFilter, data=request.GET,
                                           urut=urut)
    salah = [filterset.form.fields[n].label for n in filterset.errors if n != "unit_kerja"]
    if salah:
        raise BadRequest(f"Nilai filter tidak dikenal: {', '.join(salah)}.")
    return filterset, qs


@login_required
def pegawai_export(request, fmt):
    _require(access.can_export(request.user))
    _, qs = _daftar(request)
    rows = ekspor.baris_pegawai(qs)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        body = ekspor.xlsx_bytes(ekspor.HEADER_EKSPOR, rows)
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = ekspor.csv_bytes(ekspor.HEADER_EKSPOR, rows)
        ctype = "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="pegawai-{stamp}.{fmt}"'
    return response


@login_required
def pegawai_detail(request, pk):
    pegawai = selectors.pegawai_detail(user=request.user, pk=pk)
    history = selectors.pegawai_history(pegawai=pegawai) if access.can_view_history(request.user, pegawai) else None
    bawahan = list(pegawai.bawahan.select_related("jabatan").order_by("nama")[:200])
    bisa_kelola = access.pegawai_edit_scope(request.user).filter(pk=pegawai.pk).exists()
    # What the apps built on this one add (pembinaan.komposisi): for HR, the mentoring pairs and "Cari mentor".
    kartu = komposisi.render(komposisi.kartu_pegawai(pegawai=pegawai, user=request.user))
    tombol = komposisi.tombol_pegawai(pegawai=pegawai, user=request.user)
    # Shown to whoever can correct the record (after every save, until golongan or jabatan fits).
    peringatan_jenjang = ref.peringatan_jenjang(pegawai.jabatan.jenjang, pegawai.golongan) \
        if bisa_kelola and pegawai.jabatan else ""
    return render(request, "pembinaan/pegawai_detail.html", {
        "pegawai": pegawai, "history": history, "bawahan": bawahan, "peringatan_jenjang": peringatan_jenjang,
        "kompetensi": selectors.pegawai_kompetensi(pegawai=pegawai),
        "bisa_kelola": bisa_kelola, "kartu": kartu, "tombol": tombol,
    })


@login_required
@require_http_methods(["GET", "POST"])
def pegawai_create(request):
    _require(access.can_manage_pegawai(request.user))
    instansi = access.instansi_for_write(request.user)
    form = PegawaiForm(request.POST or None, instansi=instansi)
    if request.method == "POST" and form.is_valid():
        pegawai = services.pegawai_save(actor=request.user, data=form.data_pegawai())
        messages.success(request, f"Pegawai {pegawai.nama} tersimpan.")
        return redirect(pegawai)
    return render(request, "pembinaan/pegawai_form.html", {"form": form, "judul": "Tambah pegawai"})


@login_required
@require_http_methods(["GET", "POST"])
def pegawai_edit(request, pk):
    pegawai = get_object_or_404(access.pegawai_edit_scope(request.user), pk=pk)
    form = PegawaiForm(request.POST or None, instance=pegawai, instansi=pegawai.instansi)
    if request.method == "POST" and form.is_valid():
        services.pegawai_save(actor=request.user, pegawai=pegawai, data=form.data_pegawai())
        messages.success(request, "Perubahan tersimpan.")
        return redirect(pegawai)
    return render(request, "pembinaan/pegawai_form.html",
                  {"form": form, "judul": f"Ubah data {pegawai.nama}", "pegawai": pegawai})


@login_required
@require_http_methods(["GET", "POST"])
def pegawai_set_atasan(request, pk):
    pegawai = get_object_or_404(access.pegawai_edit_scope(request.user).select_related("atasan"), pk=pk)
    initial = {"nip_atasan": pegawai.atasan.nip if pegawai.atasan else ""}
    form = AtasanForm(request.POST or None, initial=initial, instansi=pegawai.instansi)
    if request.method == "POST" and form.is_valid():
        try:
            services.pegawai_set_atasan(actor=request.user, pegawai=pegawai, atasan=form.cleaned_data["nip_atasan"])
        except ValidationError as exc:
            form.add_error("nip_atasan", exc)
        else:
            messages.success(request, "Atasan langsung tersimpan.")
            return redirect(pegawai)
    return render(request, "pembinaan/pegawai_atasan.html", {"form": form, "pegawai": pegawai})
