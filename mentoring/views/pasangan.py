"""Pairs: HR creates (one, many, or from a suggestion), edits, activates, ends; mentors and mentees see theirs.
Suggestions, the overview, the export and the settings are HR pages (the overview also for pimpinan)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pembinaan import access as base
from pembinaan import ekspor, params

from .. import access, forms, selectors
from ..models import JenisMentoring, PasanganMentoring, PengaturanMentoring
from ..services import pasangan as svc
from ..services import pengaturan as layanan_pengaturan

PS = PasanganMentoring.Status


def _hr_or_404(user):
    if not access.can_manage(user):
        raise Http404


def _instansi(user):
    return base.instansi_for_write(user)


def _pesan_galat(request, exc):
    for m in exc.messages:
        messages.error(request, m)


KONDISI = ("tanpa_aktivitas", "lewat_rencana")
Q_MAKS = 100  # characters of the search box that are looked for


def _filter_args(request, instansi):
    """The pair list's filters from the query string (pembinaan.params: a value that is not one the page offers
    answers 400); a unit of another instansi is ignored, like no unit."""
    unit = selectors.unit_milik(instansi=instansi, unit_id=params.id_objek(request, "unit"))
    return {"status": params.pilihan(request, "status", PS.values), "jenis": params.pilihan(request, "jenis",
                                                                                             JenisMentoring.values),
            "q": " ".join(params.teks(request, "q", maks=4 * Q_MAKS).split())[:Q_MAKS], "unit_id": unit,
            "kondisi": params.pilihan(request, "kondisi", KONDISI), "instansi_id": instansi.pk}


@login_required
def pasangan_list(request):
    """HR: every pair of the instansi, filtered and paginated. Mentors and mentees: their own pairs."""
    if access.can_manage(request.user):
        instansi = _instansi(request.user)
        args = _filter_args(request, instansi)
        qs = selectors.filter_pasangan(access.pasangan_manage_scope(request.user), **args)
        page = Paginator(selectors.pasangan_annotated(qs).order_by("-rencana_mulai", "-pk"), 50).get_page(
            params.halaman(request))
        query = request.GET.copy()
        query.pop("halaman", None)
        return render(request, "mentoring/pasangan_list.html", {
            "page": page, "f": args, "status_pilihan": PS.choices, "jenis_pilihan": JenisMentoring.choices,
            "unit_pilihan": selectors.unit_pilihan(instansi=instansi),
            "query": query.urlencode(), "hari_ini": timezone.localdate(),
            "batas": selectors.batas_aktivitas(instansi.pk)})
    if not access.can_use_own_pages(request.user):
        raise Http404
    pegawai = access.pegawai_saya(request.user)
    return render(request, "mentoring/pasangan_saya.html", {"d": selectors.pasangan_pribadi(pegawai=pegawai),
                                                           "pegawai": pegawai})


@login_required
def pasangan_export(request):
    _hr_or_404(request.user)
    instansi = _instansi(request.user)
    qs = selectors.filter_pasangan(access.pasangan_manage_scope(request.user), **_filter_args(request, instansi))
    headers, rows = selectors.ekspor_pasangan(qs)
    response = HttpResponse(ekspor.xlsx_bytes(headers, rows, judul="Mentoring"),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="pasangan-mentoring-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


def _form_create(request, instansi):
    awal = {}
    mentee_pk, jenis = params.id_objek(request, "mentee"), params.pilihan(request, "jenis", JenisMentoring.values)
    if mentee_pk is not None:
        mentee = access.mentee_scope(request.user).filter(pk=mentee_pk).first()
        if mentee:  # outside HR's instansi: nothing prefilled, as if no mentee was given
            awal["nip_mentee"] = mentee.nip
    if jenis:
        awal["jenis"] = jenis
    return forms.PasanganForm(request.POST or None, instansi=instansi, initial=awal)


@login_required
def pasangan_create(request):
    _hr_or_404(request.user)
    instansi = _instansi(request.user)
    form = _form_create(request, instansi)
    peringatan = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            pasangan = svc.pasangan_create(
                actor=request.user, instansi=instansi, mentor=d["mentor"], mentee=d["nip_mentee"], jenis=d["jenis"],
                tujuan=d["tujuan"], rencana_mulai=d["rencana_mulai"], rencana_selesai=d["rencana_selesai"],
                aktif=d["aktif"], konfirmasi=d["konfirmasi"])
        except svc.PerluKonfirmasi as exc:
            peringatan = exc.peringatan
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Pasangan {pasangan.mentor.nama} → {pasangan.mentee.nama} "
                                      f"{'aktif' if pasangan.status == PS.AKTIF else 'tersimpan sebagai usulan'}.")
            return redirect("mentoring:pasangan-detail", pk=pasangan.pk)
    return render(request, "mentoring/pasangan_form.html", {"form": form, "peringatan": peringatan,
                                                           "judul": "Pasangan mentoring baru"})


@login_required
def pasangan_detail(request, pk):
    pasangan = get_object_or_404(access.pasangan_scope(request.user).select_related(
        "mentor__jabatan", "mentor__unit_kerja", "mentee__jabatan", "mentee__unit_kerja"), pk=pk)
    d = selectors.pasangan_detail(pasangan=pasangan)
    return render(request, "mentoring/pasangan_detail.html", {
        "p": pasangan, "d": d, "bisa": access.tindakan_pasangan(request.user, pasangan),
        "sesi_list": [(s, access.tindakan_sesi(request.user, s)) for s in d["sesi"]],
        "aturan": PengaturanMentoring.untuk(pasangan.instansi_id)})


@login_required
def pasangan_update(request, pk):
    pasangan = get_object_or_404(access.pasangan_manage_scope(request.user).select_related("mentor", "mentee"), pk=pk)
    if not pasangan.terbuka:
        messages.error(request, "Pasangan yang sudah berakhir tidak dapat diubah.")
        return redirect("mentoring:pasangan-detail", pk=pk)
    form = forms.PasanganUbahForm(request.POST or None, instance=pasangan)
    if request.method == "POST" and form.is_valid():
        try:
            d = form.cleaned_data
            svc.pasangan_update(actor=request.user, pasangan=pasangan, tujuan=d["tujuan"],
                                rencana_mulai=d["rencana_mulai"], rencana_selesai=d["rencana_selesai"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Perubahan tersimpan.")
            return redirect("mentoring:pasangan-detail", pk=pk)
    return render(request, "mentoring/pasangan_ubah.html", {"form": form, "p": pasangan})


@login_required
@require_POST
def pasangan_activate(request, pk):
    pasangan = get_object_or_404(access.pasangan_manage_scope(request.user).select_related("mentor", "mentee"), pk=pk)
    try:
        svc.pasangan_activate(actor=request.user, pasangan=pasangan, konfirmasi=request.POST.get("konfirmasi") == "1")
    except svc.PerluKonfirmasi as exc:
        return render(request, "mentoring/pasangan_aktifkan.html", {"p": pasangan, "peringatan": exc.peringatan})
    except ValidationError as exc:
        _pesan_galat(request, exc)
    else:
        messages.success(request, "Pasangan diaktifkan; mentor dan mentee diberi tahu.")
    return redirect("mentoring:pasangan-detail", pk=pk)


def _akhiri(request, pk, *, selesai):
    """The form that ends a pair: its closing summary (finish) or the reason (cancel)."""
    pasangan = get_object_or_404(access.pasangan_manage_scope(request.user).select_related("mentor", "mentee"), pk=pk)
    form = forms.AlasanForm(request.POST or None,
                            label="Ringkasan penutup (hasil pendampingan, capaian, tindak lanjut)" if selesai
                            else "Alasan pembatalan",
                            tombol="Selesaikan pasangan" if selesai else "Batalkan pasangan")
    if request.method == "POST" and form.is_valid():
        try:
            if selesai:
                svc.pasangan_finish(actor=request.user, pasangan=pasangan, ringkasan=form.cleaned_data["teks"])
            else:
                svc.pasangan_cancel(actor=request.user, pasangan=pasangan, alasan=form.cleaned_data["teks"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Pasangan diselesaikan." if selesai else "Pasangan dibatalkan.")
            return redirect("mentoring:pasangan-detail", pk=pk)
    return render(request, "mentoring/pasangan_akhiri.html", {"form": form, "p": pasangan, "selesai": selesai})


@login_required
def pasangan_finish(request, pk):
    """End an active pair with its closing summary."""
    return _akhiri(request, pk, selesai=True)


@login_required
def pasangan_cancel(request, pk):
    """Cancel a proposed or active pair, with the reason."""
    return _akhiri(request, pk, selesai=False)


@login_required
def pasangan_bulk(request):
    """Many pairs at once: HR filters (e.g. this year's CPNS), previews mentee → atasan with errors and
    warnings, then confirms; all pairs are created in one transaction or none."""
    _hr_or_404(request.user)
    instansi = _instansi(request.user)
    if request.method == "POST":
        form = forms.MassalBuatForm(request.POST, mentee_ids=request.POST.getlist("mentee"))
        if form.is_valid():
            d = form.cleaned_data
            try:
                baru = svc.pasangan_bulk_create(actor=request.user, instansi=instansi, jenis=d["jenis"],
                                                mentee_ids=d["mentee"], mentor_pratinjau=d.get("mentor_pratinjau"),
                                                tujuan=d["tujuan"], rencana_mulai=d["rencana_mulai"],
                                                rencana_selesai=d["rencana_selesai"])
            except ValidationError as exc:
                _pesan_galat(request, exc)
            else:
                messages.success(request, f"{len(baru)} pasangan mentoring dibuat dan diaktifkan.")
                return redirect(f"{request.path}?dibuat=1")
        else:
            for field, errs in form.errors.items():
                for e in errs:
                    messages.error(request, e if field == "__all__" else f"{form.fields[field].label or field}: {e}")
        return redirect(request.get_full_path())
    filter_form = forms.MassalFilterForm(request.GET or None, instansi=instansi)
    rows, buat_form = None, None
    if filter_form.is_bound and filter_form.data.get("jenis") and filter_form.is_valid():
        d = filter_form.cleaned_data
        qs = selectors.pasangan_bulk_kandidat(instansi=instansi, jenis=d["jenis"], tahun_cpns=d["tahun_cpns"],
                                              unit_id=d["unit"].pk if d["unit"] else None, jenis_asn=d["jenis_asn"])
        try:
            rows = selectors.pasangan_bulk_preview(instansi=instansi, jenis=d["jenis"], mentee_qs=qs)
        except ValidationError as exc:
            _pesan_galat(request, exc)
        else:
            bisa = [r for r in rows if r.bisa]
            ids = [r.mentee.pk for r in bisa]
            buat_form = forms.MassalBuatForm(
                initial={"jenis": d["jenis"], "mentee": ids, "mentor": [r.mentor.pk for r in bisa]}, mentee_ids=ids)
    return render(request, "mentoring/massal.html", {
        "filter_form": filter_form, "rows": rows, "buat_form": buat_form,
        "jumlah_bisa": sum(1 for r in rows if r.bisa) if rows else 0})


@login_required
def saran(request, pk):
    """Ranked mentor suggestions for one mentee, with reasons; HR accepts one with a click."""
    _hr_or_404(request.user)
    mentee = get_object_or_404(access.mentee_scope(request.user).select_related("jabatan", "unit_kerja", "atasan"),
                               pk=pk)
    jenis = params.pilihan(request, "jenis", JenisMentoring.values,
                           default=JenisMentoring.LATSAR if mentee.jenis_asn == "CPNS" else JenisMentoring.UMUM)
    terbuka = selectors.pasangan_terbuka(mentee=mentee, jenis=jenis)
    data = None if terbuka else selectors.saran_mentor(mentee=mentee, jenis=jenis)
    return render(request, "mentoring/saran.html", {
        "mentee": mentee, "jenis": jenis, "jenis_pilihan": JenisMentoring.choices, "terbuka": terbuka, "d": data})


@login_required
@require_POST
def saran_accept(request, pk):
    _hr_or_404(request.user)
    mentee = get_object_or_404(access.mentee_scope(request.user).select_related("jabatan", "atasan"), pk=pk)
    mentor = access.mentee_scope(request.user).select_related("jabatan").filter(
        pk=request.POST.get("mentor") if (request.POST.get("mentor") or "").isdigit() else None).first()
    jenis = request.POST.get("jenis")
    if mentor is None or jenis not in JenisMentoring.values:
        raise Http404
    try:
        # HR saw the reasons and warnings next to the button: accepting is the confirmation.
        pasangan = svc.pasangan_create(actor=request.user, instansi=_instansi(request.user), mentor=mentor,
                                       mentee=mentee, jenis=jenis, tujuan="", konfirmasi=True)
    except ValidationError as exc:
        _pesan_galat(request, exc)
        return redirect(f"{reverse('mentoring:saran', args=[pk])}?jenis={jenis}")
    messages.success(request, f"{mentor.nama} menjadi mentor {mentee.nama}. Lengkapi tujuan pendampingan bila perlu.")
    return redirect("mentoring:pasangan-detail", pk=pasangan.pk)


@login_required
def overview(request):
    if not access.can_view_overview(request.user):
        raise Http404
    instansi = access.instansi_saya(request.user)
    hr = access.can_manage(request.user)
    data = selectors.overview(instansi=instansi)
    return render(request, "mentoring/ringkasan.html", {
        "d": data, "bisa_kelola": hr,
        "b18": selectors.umpan_balik_ringkas(instansi=instansi),
        "mentor_penuh": data["mentor_penuh"][:50] if hr else None})


@login_required
def pengaturan_update(request):
    _hr_or_404(request.user)
    instansi = _instansi(request.user)
    form = forms.PengaturanForm(request.POST or None, instance=PengaturanMentoring.untuk(instansi.pk))
    if request.method == "POST" and form.is_valid():
        try:
            layanan_pengaturan.pengaturan_update(actor=request.user, instansi=instansi, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
            return render(request, "mentoring/pengaturan.html", {"form": form})
        messages.success(request, "Pengaturan mentoring tersimpan. JP sesi yang dikonfirmasi berikutnya memakai "
                                  "aturan baru; kredit yang sudah tercatat tidak berubah.")
        return redirect("mentoring:pengaturan-update")
    return render(request, "mentoring/pengaturan.html", {"form": form})


urlpatterns = [
    path("pasangan/", pasangan_list, name="pasangan-list"),
    path("pasangan/ekspor.xlsx", pasangan_export, name="pasangan-export"),
    path("pasangan/baru/", pasangan_create, name="pasangan-create"),
    path("pasangan/massal/", pasangan_bulk, name="pasangan-bulk"),
    path("pasangan/<int:pk>/", pasangan_detail, name="pasangan-detail"),
    path("pasangan/<int:pk>/ubah/", pasangan_update, name="pasangan-update"),
    path("pasangan/<int:pk>/aktifkan/", pasangan_activate, name="pasangan-activate"),
    path("pasangan/<int:pk>/selesai/", pasangan_finish, name="pasangan-finish"),
    path("pasangan/<int:pk>/batal/", pasangan_cancel, name="pasangan-cancel"),
    path("saran/<int:pk>/", saran, name="saran"),
    path("saran/<int:pk>/terima/", saran_accept, name="saran-accept"),
    path("ringkasan/", overview, name="overview"),
    path("pengaturan/", pengaturan_update, name="pengaturan-update"),
]
