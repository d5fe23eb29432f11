"""Online courses (issue 13 A): the learner's pages (catalogue, course, lesson with server-counted time, heartbeats)
and HR's (new course, modules and lessons, publishing with the JP check, assigning people, the funnel). Thin: access
decides, services write, selectors read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from pembinaan import access as base

from .. import access
from ..forms.daring import GeserForm, KelasForm, MateriForm, ModulForm, TerbitkanForm, TugaskanForm, tambah_galat
from ..models import Kuis, Peserta
from ..selectors import daring as sel
from ..services import daring as svc


def _pesan_galat(request, exc):
    messages.error(request, " ".join(exc.messages))


def _peserta_saya(user, program):
    saya = access.pegawai_saya(user)
    if saya is None:
        return None
    return (Peserta.objects.filter(program=program, pegawai=saya, status__in=sel.PESERTA_KELAS)
            .select_related("pendaftaran_daring").first())


@login_required
def kelas_list(request):
    """My courses and quizzes (pre-/post-tests of my classroom programmes), open courses to enrol in; HR: the
    instansi's courses."""
    saya = access.pegawai_saya(request.user)
    kelola = access.can_manage(request.user)
    if saya is None and not kelola:
        raise Http404
    konteks = {"kelola": kelola}
    if kelola:
        konteks["kelas_instansi"] = list(access.kelas_manage_scope(request.user).order_by("-dibuat"))
    if saya is not None:
        konteks["kelas_saya"] = sel.kelas_saya(saya)
        konteks["kelas_terbuka"] = sel.kelas_terbuka(saya.instansi_id, saya)
        konteks["tes_saya"] = list(access.kuis_peserta_scope(request.user)
                                   .exclude(jenis=Kuis.Jenis.KELAS).select_related("program")
                                   .order_by("program__judul", "jenis"))
    return render(request, "pelatihan/daring/kelas_list.html", konteks)


@login_required
def kelas_detail(request, pk):
    program = get_object_or_404(access.kelas_scope(request.user).select_related("kelas_daring", "penyelenggara"),
                                pk=pk)
    kelas = program.kelas_daring
    peserta = _peserta_saya(request.user, program)
    pendaftaran = getattr(peserta, "pendaftaran_daring", None) if peserta else None
    progres = sel.progres_per_materi(pendaftaran)
    modul = sel.kelas_modul(kelas)
    urutan = [m for md in modul for m in md.daftar_materi]
    lanjut = sel.materi_lanjut(urutan, progres, pendaftaran) if pendaftaran else None
    for m in urutan:
        p = progres.get(m.pk)
        m.selesai = bool(p and p.selesai_pada)
        m.dibuka = p is not None
    kuis = sel.kuis_kelas(program)
    keadaan = sel.keadaan_kuis(kuis, peserta) if kuis and peserta else None
    return render(request, "pelatihan/daring/kelas_detail.html", {
        "program": program, "kelas": kelas, "modul": modul, "peserta": peserta, "pendaftaran": pendaftaran,
        "lanjut": lanjut, "kuis": kuis, "keadaan": keadaan,
        "jumlah_materi": len(urutan), "jumlah_selesai": sum(m.selesai for m in urutan),
        "boleh_daftar": peserta is None and program.status == "dibuka"
        and access.can_self_register(request.user, program),
        "kelola": access.can_manage_program(request.user, program),
        "boleh_tugaskan": access.can_enrol_to_kelas(request.user, program),
        "akses_habis": pendaftaran is not None and not (pendaftaran.buka <= timezone.localdate() <= pendaftaran.tutup),
    })


@login_required
@require_POST
def kelas_daftar(request, pk):
    program = get_object_or_404(access.kelas_scope(request.user), pk=pk)
    try:
        svc.kelas_daftar_mandiri(actor=request.user, program=program)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        _pesan_galat(request, exc)
    else:
        messages.success(request, "Anda terdaftar di kelas ini. Selamat belajar!")
    return redirect("pelatihan:kelas-detail", pk=program.pk)


def _materi_dan_kelas(request, pk):
    materi = get_object_or_404(access.materi_scope(request.user).select_related("modul__kelas__program"), pk=pk)
    return materi, materi.modul.kelas.program


@login_required
def materi_detail(request, pk):
    materi, program = _materi_dan_kelas(request, pk)
    peserta = _peserta_saya(request.user, program)
    pendaftaran = getattr(peserta, "pendaftaran_daring", None) if peserta else None
    urutan = sel.materi_urut(materi.modul.kelas)
    posisi = next(i for i, m in enumerate(urutan) if m.pk == materi.pk)
    progres = sel.progres_per_materi(pendaftaran).get(materi.pk) if pendaftaran else None
    return render(request, "pelatihan/daring/materi_detail.html", {
        "materi": materi, "program": program, "nomor": posisi + 1, "jumlah": len(urutan),
        "sebelumnya": urutan[posisi - 1] if posisi else None,
        "belajar": pendaftaran is not None,  # the learner's page: heartbeats and the "next" action
        "selesai": bool(progres and progres.selesai_pada),
        "sisa_detik": svc.sisa_detik(progres, materi),
        "detak_detik": svc.DETAK_DETIK,
    })


@login_required
@require_POST
def materi_detak(request, pk):
    """Heartbeat (JSON): the page sends it every DETAK_DETIK seconds while visible; ``awal=1`` when opened or shown
    again (no time credited)."""
    materi, _ = _materi_dan_kelas(request, pk)
    try:
        progres = svc.materi_detak(actor=request.user, materi=materi, awal=request.POST.get("awal") == "1")
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        return JsonResponse({"galat": " ".join(exc.messages)}, status=409)
    return JsonResponse({"detik": progres.detik, "sisa": svc.sisa_detik(progres, materi)})


@login_required
@require_POST
def materi_selesai(request, pk):
    """"Lanjut": refused by the server until the minimum time is met; then the next lesson (or the course page)."""
    materi, program = _materi_dan_kelas(request, pk)
    try:
        svc.materi_selesai(actor=request.user, materi=materi)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        _pesan_galat(request, exc)
        return redirect("pelatihan:materi-detail", pk=materi.pk)
    urutan = sel.materi_urut(materi.modul.kelas)
    posisi = next(i for i, m in enumerate(urutan) if m.pk == materi.pk)
    if posisi + 1 < len(urutan):
        return redirect("pelatihan:materi-detail", pk=urutan[posisi + 1].pk)
    messages.success(request, "Semua materi selesai.")
    return redirect("pelatihan:kelas-detail", pk=program.pk)


@login_required
def materi_berkas(request, pk):
    materi, _ = _materi_dan_kelas(request, pk)
    if not materi.berkas:
        raise Http404
    try:
        berkas = materi.berkas.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(berkas, content_type="application/pdf", filename=f"materi-{materi.pk}.pdf")


# ---------------------------------------------------------------------------- HR / author pages

def _kelas_kelola(request, pk):
    return get_object_or_404(access.kelas_manage_scope(request.user).select_related("kelas_daring"), pk=pk)


@login_required
def kelas_create(request):
    if not access.can_manage(request.user):
        raise Http404
    instansi = access.instansi_kelola(request.user)
    form = KelasForm(request.POST or None, instansi=instansi)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in KelasForm.Meta.fields}
        kelas = svc.kelas_create(actor=request.user, data=data, hari_akses=form.cleaned_data["hari_akses"])
        messages.success(request, "Kelas dibuat sebagai draf. Tambahkan modul dan materinya.")
        return redirect("pelatihan:kelas-kelola", pk=kelas.program_id)
    return render(request, "pelatihan/daring/kelas_form.html", {"form": form})


@login_required
def kelas_kelola(request, pk):
    program = _kelas_kelola(request, pk)
    kelas = program.kelas_daring
    menit, wajar = sel.jp_wajar(kelas)
    return render(request, "pelatihan/daring/kelas_kelola.html", {
        "program": program, "kelas": kelas, "modul": sel.kelas_modul(kelas), "modul_form": ModulForm(),
        "terbit_form": TerbitkanForm(), "menit": menit, "jp_wajar": wajar, "jp_lebih": program.jp > wajar,
        "draf": program.status == "draft", "kuis": sel.kuis_kelas(program),
        "jumlah_belajar": sel.jumlah_belajar(kelas)})


@login_required
@require_POST
def modul_create(request, pk):
    program = _kelas_kelola(request, pk)
    form = ModulForm(request.POST)
    if form.is_valid():
        svc.modul_add(actor=request.user, program=program, judul=form.cleaned_data["judul"])
        messages.success(request, "Modul ditambahkan.")
    else:
        messages.error(request, "Judul modul wajib diisi.")
    return redirect("pelatihan:kelas-kelola", pk=program.pk)


@login_required
def materi_create(request, pk):
    modul = get_object_or_404(access.modul_manage_scope(request.user).select_related("kelas__program"), pk=pk)
    form = MateriForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            svc.materi_save(actor=request.user, modul=modul, data=form.data_layanan())
        except ValidationError as exc:
            tambah_galat(form, exc)
        else:
            messages.success(request, "Materi tersimpan.")
            return redirect("pelatihan:kelas-kelola", pk=modul.kelas.program_id)
    return render(request, "pelatihan/daring/materi_form.html", {"form": form, "modul": modul})


@login_required
def materi_edit(request, pk):
    """HR changes a lesson (its minimum time too); a new PDF replaces the old one, none chosen keeps it."""
    materi = get_object_or_404(access.materi_manage_scope(request.user).select_related("modul__kelas__program"),
                               pk=pk)
    form = MateriForm(request.POST or None, request.FILES or None, instance=materi,
                      initial={"durasi_minimal_menit": materi.durasi_minimal_detik // 60})
    if request.method == "POST" and form.is_valid():
        try:
            svc.materi_save(actor=request.user, modul=materi.modul, materi=materi, data=form.data_layanan())
        except ValidationError as exc:
            tambah_galat(form, exc)
        else:
            messages.success(request, "Materi tersimpan.")
            return redirect("pelatihan:kelas-kelola", pk=materi.modul.kelas.program_id)
    return render(request, "pelatihan/daring/materi_form.html", {"form": form, "modul": materi.modul,
                                                                 "materi": materi})


@login_required
@require_POST
def kelas_terbitkan(request, pk):
    program = _kelas_kelola(request, pk)
    form = TerbitkanForm(request.POST)
    form.is_valid()
    try:
        svc.kelas_publish(actor=request.user, program=program, alasan_jp=form.cleaned_data.get("alasan_jp", ""))
    except ValidationError as exc:
        _pesan_galat(request, exc)
    else:
        messages.success(request, "Kelas diterbitkan: pegawai dapat mendaftar / ditugaskan.")
    return redirect("pelatihan:kelas-kelola", pk=program.pk)


@login_required
def kelas_tugaskan(request, pk):
    """HR: a pasted NIP list or a whole unit; a supervisor: their staff by NIP."""
    program = get_object_or_404(access.kelas_scope(request.user), pk=pk)
    if not access.can_enrol_to_kelas(request.user, program):
        raise Http404
    hr = access.can_manage_program(request.user, program)
    unit_qs = base.unit_scope(request.user).filter(instansi_id=program.instansi_id) if hr else None
    rencana = program.rencana_item if hr and program.rencana_item_id else None
    form = TugaskanForm(request.POST or None, pegawai_qs=access.nominasi_pegawai_scope(request.user),
                        unit_qs=unit_qs, rencana=rencana)
    if request.method == "POST" and form.is_valid():
        baru, lama, ditolak = svc.kelas_tugaskan(actor=request.user, program=program,
                                                 pegawai=form.cleaned_data["pegawai"])
        messages.success(request, f"{len(baru)} pegawai ditugaskan; {len(lama)} sudah terdaftar sebelumnya.")
        for orang, alasan in ditolak:
            messages.error(request, f"{orang.nama} ({orang.nip}): {alasan}")
        return redirect("pelatihan:kelas-detail", pk=program.pk)
    return render(request, "pelatihan/daring/kelas_tugaskan.html", {"form": form, "program": program})


@login_required
def kelas_corong(request, pk):
    program = _kelas_kelola(request, pk)
    return render(request, "pelatihan/daring/kelas_corong.html", {"program": program, "corong": sel.corong(program)})


# ------------------------------------------------------------ authoring: rename, reorder, delete

def _modul_kelola(request, pk):
    return get_object_or_404(access.modul_manage_scope(request.user).select_related("kelas__program"), pk=pk)


def _materi_kelola(request, pk):
    return get_object_or_404(access.materi_manage_scope(request.user).select_related("modul__kelas__program"),
                             pk=pk)


@login_required
def modul_edit(request, pk):
    """HR renames a module (allowed whatever the learners' progress)."""
    modul = _modul_kelola(request, pk)
    form = ModulForm(request.POST or None, initial={"judul": modul.judul})
    if request.method == "POST" and form.is_valid():
        try:
            svc.modul_rename(actor=request.user, modul=modul, judul=form.cleaned_data["judul"])
        except ValidationError as exc:
            tambah_galat(form, exc)
        else:
            messages.success(request, "Judul modul tersimpan.")
            return redirect("pelatihan:kelas-kelola", pk=modul.kelas.program_id)
    return render(request, "pelatihan/daring/modul_form.html", {"form": form, "modul": modul})


def _tulis_lalu_kembali(request, program_id, tulis, berhasil):
    try:
        tulis()
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        _pesan_galat(request, exc)
    else:
        messages.success(request, berhasil)
    return redirect("pelatihan:kelas-kelola", pk=program_id)


@login_required
@require_POST
def modul_geser(request, pk):
    modul = _modul_kelola(request, pk)
    form = GeserForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Arah tidak dikenal: pilih naik atau turun.")
    return _tulis_lalu_kembali(
        request, modul.kelas.program_id,
        lambda: svc.modul_geser(actor=request.user, modul=modul, arah=form.cleaned_data["arah"]),
        f"Urutan modul \u201c{modul.judul}\u201d diubah.")


@login_required
@require_POST
def modul_hapus(request, pk):
    modul = _modul_kelola(request, pk)
    return _tulis_lalu_kembali(request, modul.kelas.program_id,
                               lambda: svc.modul_hapus(actor=request.user, modul=modul),
                               f"Modul \u201c{modul.judul}\u201d beserta materinya dihapus.")


@login_required
@require_POST
def materi_geser(request, pk):
    materi = _materi_kelola(request, pk)
    form = GeserForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Arah tidak dikenal: pilih naik atau turun.")
    return _tulis_lalu_kembali(
        request, materi.modul.kelas.program_id,
        lambda: svc.materi_geser(actor=request.user, materi=materi, arah=form.cleaned_data["arah"]),
        f"Urutan materi \u201c{materi.judul}\u201d diubah.")


@login_required
@require_POST
def materi_hapus(request, pk):
    materi = _materi_kelola(request, pk)
    return _tulis_lalu_kembali(request, materi.modul.kelas.program_id,
                               lambda: svc.materi_hapus(actor=request.user, materi=materi),
                               f"Materi \u201c{materi.judul}\u201d dihapus.")


urlpatterns = [
    path("daring/", kelas_list, name="kelas-list"),
    path("daring/baru/", kelas_create, name="kelas-create"),
    path("daring/<int:pk>/", kelas_detail, name="kelas-detail"),
    path("daring/<int:pk>/daftar/", kelas_daftar, name="kelas-daftar"),
    path("daring/<int:pk>/kelola/", kelas_kelola, name="kelas-kelola"),
    path("daring/<int:pk>/modul/", modul_create, name="modul-create"),
    path("daring/<int:pk>/terbitkan/", kelas_terbitkan, name="kelas-terbitkan"),
    path("daring/<int:pk>/tugaskan/", kelas_tugaskan, name="kelas-tugaskan"),
    path("daring/<int:pk>/corong/", kelas_corong, name="kelas-corong"),
    path("daring/modul/<int:pk>/materi/", materi_create, name="materi-create"),
    path("daring/materi/<int:pk>/", materi_detail, name="materi-detail"),
    path("daring/materi/<int:pk>/detak/", materi_detak, name="materi-detak"),
    path("daring/materi/<int:pk>/selesai/", materi_selesai, name="materi-selesai"),
    path("daring/materi/<int:pk>/berkas/", materi_berkas, name="materi-berkas"),
    path("daring/materi/<int:pk>/ubah/", materi_edit, name="materi-edit"),
    path("daring/modul/<int:pk>/ubah/", modul_edit, name="modul-edit"),
    path("daring/modul/<int:pk>/geser/", modul_geser, name="modul-geser"),
    path("daring/modul/<int:pk>/hapus/", modul_hapus, name="modul-delete"),
    path("daring/materi/<int:pk>/geser/", materi_geser, name="materi-geser"),
    path("daring/materi/<int:pk>/hapus/", materi_hapus, name="materi-delete"),
]
