"""Plan lines of a planning cycle (issue 11, part B): HR groups the verified needs into lines (many at once from the
suggestion), prices them, keeps the 20 JP exemption list; the PPK (or HR delegated by them) sets the plan; after
that every change asks for a revision reason; the plan downloads as XLSX (two sheets) and PDF.

Cycles and lines are fetched through the access scopes: out of scope answers 404, like a missing one.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from pembinaan import params

from .. import access
from .. import ekspor_rencana as ekspor
from ..forms.rencana import (
    DelegasiForm,
    HapusItemForm,
    PenetapanForm,
    PengecualianForm,
    PengelompokanForm,
    RencanaItemForm,
    TambahKeBarisForm,
)
from ..selectors import rencana as sel
from ..services import rencana as svc

FORMAT = ("xlsx", "pdf")
DAFTAR = ("kurang", "melebihi")
PER_HALAMAN = 50
BARIS_PER_HALAMAN = 100  # plan lines per page (the totals and the export always cover every line)


def _pribadi(response):
    response["Cache-Control"] = "private, no-store"
    return response


def _galat(request, form, exc):
    """A service refusal shown on the form (field errors where the service named a field)."""
    if hasattr(exc, "error_dict"):
        for kunci, galat in exc.error_dict.items():
            for g in galat:
                form.add_error(kunci if kunci in form.fields else None, g)
    else:
        form.add_error(None, exc)


def _siklus_kelola(request, pk):
    return get_object_or_404(access.siklus_rencana_kelola_scope(request.user).select_related("instansi"), pk=pk)


def _siklus_baca(request, pk):
    return get_object_or_404(access.siklus_rencana_baca_scope(request.user).select_related("instansi"), pk=pk)


@login_required
def rencana_terkini(request):
    """The menu's entry: the plan of the instansi's latest cycle."""
    siklus = access.siklus_rencana_baca_scope(request.user).order_by("-tahun").first()
    if siklus is None:
        if not access.can_manage(request.user):
            raise Http404
        return render(request, "pelatihan/perencanaan/rencana_kosong.html")
    return redirect("pelatihan:rencana-list", pk=siklus.pk)


@login_required
def rencana_list(request, pk):
    """The lines with their totals, the coverage in one line, penetapan and the revision history."""
    siklus = _siklus_baca(request, pk)
    items, total = sel.rencana_ringkas(siklus=siklus)
    halaman = Paginator(items, BARIS_PER_HALAMAN).get_page(params.halaman(request))
    cakupan = sel.cakupan_jp(siklus=siklus)
    return render(request, "pelatihan/perencanaan/rencana_list.html", {
        "siklus": siklus, "items": halaman.object_list, "halaman": halaman, "total": total, "cakupan": cakupan,
        "revisi": sel.riwayat_revisi(siklus=siklus), "jumlah_siap": sel.kebutuhan_siap(siklus).count(),
        "bisa_kelola": access.can_kelola_rencana(request.user, siklus),
        "bisa_tetapkan": access.can_tetapkan_rencana(request.user, siklus) and not siklus.versi,
        "bisa_delegasi": access.can_delegasi_penetapan(request.user),
        "ditetapkan": bool(siklus.versi),
    })


@login_required
@require_http_methods(["GET", "POST"])
def rencana_kelompok(request, pk):
    """The suggested grouping: tick the groups to take, adjust name, bentuk, JP and quarter, make them lines."""
    siklus = _siklus_kelola(request, pk)
    saran = sel.saran_pengelompokan(siklus=siklus)
    form = PengelompokanForm(request.POST if request.method == "POST" else None, saran=saran,
                             perlu_alasan=svc.perlu_alasan(siklus))
    if request.method == "POST" and form.is_valid():
        try:
            dibuat = svc.item_dari_saran(actor=request.user, siklus=siklus, pilihan=form.pilihan(),
                                         alasan=form.cleaned_data.get("alasan", ""))
        except ValidationError as exc:
            _galat(request, form, exc)
        else:
            messages.success(request, f"{len(dibuat)} baris rencana dibuat. Lengkapi penyelenggara dan biayanya.")
            return redirect("pelatihan:rencana-list", pk=siklus.pk)
    return render(request, "pelatihan/perencanaan/rencana_kelompok.html", {
        "siklus": siklus, "form": form, "saran": saran})


def _item_page(request, siklus, item, form, sekarang, bebas):
    return render(request, "pelatihan/perencanaan/rencana_item_form.html", {
        "siklus": siklus, "item": item, "form": form, "sekarang": sekarang, "bebas": bebas,
        "terpilih": {str(v) for v in (form["kebutuhan"].value() or [])}, "batas_bebas": len(bebas) >= 300,
        "perlu_alasan": svc.perlu_alasan(siklus)})


def _item_simpan(request, siklus, item):
    sekarang, bebas = sel.kebutuhan_item(item=item, siklus=siklus)
    form = RencanaItemForm(request.POST or None, instance=item, siklus=siklus, pilihan_kebutuhan=sekarang + bebas,
                           perlu_alasan=svc.perlu_alasan(siklus))
    if request.method == "POST" and form.is_valid():
        try:
            hasil = svc.item_simpan(actor=request.user, siklus=siklus, item=item, data=form.data_item(),
                                    kompetensi=form.cleaned_data["kompetensi"],
                                    kebutuhan_ids=form.cleaned_data["kebutuhan"],
                                    alasan=form.cleaned_data.get("alasan", ""))
        except ValidationError as exc:
            _galat(request, form, exc)
        else:
            messages.success(request, f"Baris \"{hasil.nama_program}\" tersimpan.")
            return redirect("pelatihan:rencana-list", pk=siklus.pk)
    return _item_page(request, siklus, item, form, sekarang, bebas)


@login_required
@require_http_methods(["GET", "POST"])
def rencana_item_create(request, pk):
    siklus = _siklus_kelola(request, pk)
    return _item_simpan(request, siklus, None)


@login_required
@require_http_methods(["GET", "POST"])
def rencana_item_edit(request, pk):
    item = get_object_or_404(access.rencana_item_kelola_scope(request.user).select_related("siklus__instansi"),
                             pk=pk)
    return _item_simpan(request, item.siklus, item)


@login_required
@require_http_methods(["GET", "POST"])
def rencana_item_delete(request, pk):
    item = get_object_or_404(access.rencana_item_kelola_scope(request.user).select_related("siklus__instansi"),
                             pk=pk)
    siklus = item.siklus
    form = HapusItemForm(request.POST or None, perlu_alasan=svc.perlu_alasan(siklus))
    if request.method == "POST" and form.is_valid():
        try:
            svc.item_hapus(actor=request.user, item=item, alasan=form.cleaned_data.get("alasan", ""))
        except ValidationError as exc:
            _galat(request, form, exc)
        else:
            messages.success(request, f"Baris \"{item.nama_program}\" dihapus; kebutuhannya kembali terverifikasi.")
            return redirect("pelatihan:rencana-list", pk=siklus.pk)
    return render(request, "pelatihan/perencanaan/rencana_item_hapus.html", {
        "siklus": siklus, "item": item, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def rencana_cakupan(request, pk):
    """20 JP coverage: who is below their target in the plan, PPPK above the ceiling, the exemption list."""
    siklus = _siklus_baca(request, pk)
    bisa_kelola = access.can_kelola_rencana(request.user, siklus)
    form = PengecualianForm(request.POST if request.method == "POST" else None, instansi=siklus.instansi)
    if request.method == "POST":
        if not bisa_kelola:
            raise Http404
        if form.is_valid():
            try:
                svc.pengecualian_tambah(actor=request.user, siklus=siklus, pegawai=form.pegawai,
                                        alasan=form.cleaned_data["alasan"], catatan=form.cleaned_data["catatan"])
            except ValidationError as exc:
                _galat(request, form, exc)
            else:
                messages.success(request, f"{form.pegawai.nama_lengkap} masuk daftar pengecualian 20 JP.")
                return redirect("pelatihan:rencana-cakupan", pk=siklus.pk)
    return _cakupan_halaman(request, siklus, form=form, bisa_kelola=bisa_kelola)


def _cakupan_halaman(request, siklus, *, form, bisa_kelola, cakupan=None, tambah=None):
    """The coverage page; ``tambah`` bound when "add to a line" was refused, so the ticked boxes, the chosen line and
    the reason come back with the error."""
    daftar = "kurang" if tambah is not None else params.pilihan(request, "daftar", DAFTAR, default="kurang")
    cakupan = cakupan or sel.cakupan_jp(siklus=siklus)
    if tambah is None:
        tambah = TambahKeBarisForm(siklus=siklus, pilihan_pegawai=[], perlu_alasan=svc.perlu_alasan(siklus))
    page = Paginator(cakupan.kurang if daftar == "kurang" else cakupan.melebihi, PER_HALAMAN).get_page(
        params.halaman(request))
    pegawai = sel.pegawai_baris(r[0] for r in page.object_list)
    baris = [(pegawai[pid], jp, batas) for pid, jp, batas in page.object_list if pid in pegawai]
    dicentang = set(tambah.data.getlist("pegawai")) if tambah.is_bound else set()
    return render(request, "pelatihan/perencanaan/rencana_cakupan.html", {
        "siklus": siklus, "cakupan": cakupan, "page": page, "baris": baris, "daftar": daftar, "form": form,
        "pengecualian": sel.pengecualian_siklus(siklus=siklus),
        "status_dikecualikan": sel.pegawai_status_pengecualian(siklus=siklus), "bisa_kelola": bisa_kelola,
        "tambah": tambah, "dicentang": dicentang})


@login_required
@require_POST
def rencana_cakupan_tambah(request, pk):
    """The ticked employees of the "belum tercakup" list join one line at once. A refusal shows the page again with
    the error and what was ticked (nothing is lost); success goes back to the list."""
    siklus = _siklus_kelola(request, pk)
    cakupan = sel.cakupan_jp(siklus=siklus)
    form = TambahKeBarisForm(request.POST, siklus=siklus, pilihan_pegawai=[r[0] for r in cakupan.kurang],
                             perlu_alasan=svc.perlu_alasan(siklus))
    if form.is_valid():
        try:
            n = svc.item_tambah_pegawai(actor=request.user, item=form.cleaned_data["item"],
                                        pegawai_ids=form.cleaned_data["pegawai"],
                                        alasan=form.cleaned_data.get("alasan", ""))
        except ValidationError as exc:
            _galat(request, form, exc)
        else:
            messages.success(request, f"{n} pegawai dimasukkan ke baris \"{form.cleaned_data['item'].nama_program}\".")
            return redirect("pelatihan:rencana-cakupan", pk=siklus.pk)
    pengecualian = PengecualianForm(instansi=siklus.instansi)
    return _cakupan_halaman(request, siklus, form=pengecualian, bisa_kelola=True, cakupan=cakupan, tambah=form)


@login_required
@require_POST
def rencana_pengecualian_delete(request, pk):
    obj = get_object_or_404(access.pengecualian_jp_kelola_scope(request.user).select_related("siklus", "pegawai"),
                            pk=pk)
    svc.pengecualian_hapus(actor=request.user, pengecualian=obj)
    messages.success(request, f"{obj.pegawai.nama_lengkap} dikeluarkan dari daftar pengecualian.")
    return redirect("pelatihan:rencana-cakupan", pk=obj.siklus_id)


@login_required
@require_http_methods(["GET", "POST"])
def rencana_tetapkan(request, pk):
    """Penetapan: the PPK or HR delegated by them; anyone else 404."""
    siklus = get_object_or_404(access.siklus_rencana_tetapkan_scope(request.user).select_related("instansi"), pk=pk)
    form = PenetapanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            svc.rencana_tetapkan(actor=request.user, siklus=siklus, **form.cleaned_data)
        except ValidationError as exc:
            _galat(request, form, exc)
        else:
            messages.success(request, "Rencana ditetapkan (versi 1). Baris rencana kini terkunci; perubahan "
                                      "berikutnya dicatat sebagai revisi.")
            return redirect("pelatihan:rencana-list", pk=siklus.pk)
    items, total = sel.rencana_ringkas(siklus=siklus)
    return render(request, "pelatihan/perencanaan/rencana_tetapkan.html", {
        "siklus": siklus, "form": form, "items": items, "total": total, "cakupan": sel.cakupan_jp(siklus=siklus),
        "sudah": bool(siklus.versi)})


@login_required
@require_http_methods(["GET", "POST"])
def rencana_delegasi(request):
    """The PPK delegates penetapan to HR accounts of their instansi (or takes it back); anyone else 404."""
    if not access.can_delegasi_penetapan(request.user):
        raise Http404
    hr = list(access.hr_delegasi_scope(request.user))
    form = DelegasiForm(request.POST if request.method == "POST" else None, hr=hr,
                        initial={"akun": [u.pk for u in hr if u.has_perm("pelatihan.tetapkan_rencana")]})
    if request.method == "POST" and form.is_valid():
        try:
            kini = svc.delegasi_penetapan_set(actor=request.user, user_ids=form.cleaned_data["akun"])
        except ValidationError as exc:
            _galat(request, form, exc)
        else:
            nama = ", ".join(u.username for u in kini) or "tidak ada"
            messages.success(request, f"Wewenang menetapkan rencana kini dipegang Anda dan: {nama}.")
            return redirect("pelatihan:rencana-delegasi")
    return render(request, "pelatihan/perencanaan/rencana_delegasi.html", {"form": form})


@login_required
def rencana_ekspor(request, pk):
    """``?format=xlsx`` (default): the two sheets; ``?format=pdf``: the plan on paper. Personal data: no-store."""
    siklus = _siklus_baca(request, pk)
    fmt = params.pilihan(request, "format", FORMAT, default="xlsx")
    if fmt == "pdf":
        response = HttpResponse(ekspor.rencana_pdf(siklus=siklus), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{ekspor.nama_berkas(siklus, "pdf")}"'
    else:
        response = HttpResponse(ekspor.rencana_xlsx(siklus=siklus), content_type=ekspor.XLSX)
        response["Content-Disposition"] = f'attachment; filename="{ekspor.nama_berkas(siklus, "xlsx")}"'
    return _pribadi(response)


urlpatterns = [
    path("perencanaan/rencana/", rencana_terkini, name="rencana-terkini"),
    path("perencanaan/<int:pk>/rencana/", rencana_list, name="rencana-list"),
    path("perencanaan/<int:pk>/rencana/kelompok/", rencana_kelompok, name="rencana-kelompok"),
    path("perencanaan/<int:pk>/rencana/baru/", rencana_item_create, name="rencana-item-create"),
    path("perencanaan/rencana/baris/<int:pk>/ubah/", rencana_item_edit, name="rencana-item-edit"),
    path("perencanaan/rencana/baris/<int:pk>/hapus/", rencana_item_delete, name="rencana-item-delete"),
    path("perencanaan/<int:pk>/cakupan-jp/", rencana_cakupan, name="rencana-cakupan"),
    path("perencanaan/<int:pk>/cakupan-jp/tambah/", rencana_cakupan_tambah, name="rencana-cakupan-tambah"),
    path("perencanaan/pengecualian-jp/<int:pk>/hapus/", rencana_pengecualian_delete,
         name="rencana-pengecualian-delete"),
    path("perencanaan/<int:pk>/tetapkan/", rencana_tetapkan, name="rencana-tetapkan"),
    path("perencanaan/delegasi-penetapan/", rencana_delegasi, name="rencana-delegasi"),
    path("perencanaan/<int:pk>/rencana/ekspor/", rencana_ekspor, name="rencana-ekspor"),
]
