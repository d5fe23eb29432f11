from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from pembinaan import access as base
from pembinaan import fragmen, params
from pembinaan.impor import berkas

from .. import access, selectors
from ..forms import BatalForm, JpBawaanForm, MitraForm, NilaiForm, NominasiForm, ProgramForm, SesiForm
from ..models import Peserta, ProgramPelatihan, SesiPelatihan
from ..services import jp as jp_services
from ..services import kehadiran as layanan_kehadiran
from ..services import program as svc


def _manage_or_404(user):
    if not access.can_manage(user):
        raise Http404


SESI_FIELD = ("tanggal", "jam_mulai", "jam_selesai", "topik", "tempat", "tautan")


def _errors(request, exc):
    messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))


@login_required
def program_list(request):
    status = params.pilihan(request, "status", ProgramPelatihan.Status.values)
    me = access.pegawai_saya(request.user)
    mine = {}
    if me is not None:
        mine = dict(Peserta.objects.filter(pegawai=me).values_list("program_id", "status"))
    programs = list(selectors.program_daftar(access.program_scope(request.user), status=status))
    kartu = fragmen.render_isi("pelatihan/_program_kartu.html", {"programs": programs, "mine": mine},
                               _isi_kartu(programs, mine))
    return render(request, "pelatihan/program_list.html", {
        "kartu": kartu, "status": status, "status_choices": ProgramPelatihan.Status.choices,
        "bisa_kelola": access.can_manage(request.user),
    })


def _isi_kartu(programs, mine):
    """Everything the cards show (templates/pelatihan/_program_kartu.html), the key of their cached HTML."""
    return tuple((p.pk, p.judul, p.status, p.bentuk.nama if p.bentuk_id else None,
                  p.penyelenggara.nama if p.penyelenggara_id else None, p.mode, p.jp, p.jumlah_sesi,
                  p.jumlah_peserta, p.kuota, p.pk in mine) for p in programs)


def _program_form_page(request, form, judul):
    return render(request, "pelatihan/program_form.html", {
        "form": form, "judul": judul, "jp_bawaan": {str(k): v for k, v in form.jp_bawaan.items()}})


def _program_simpan(request, form, program=None):
    return svc.program_save(actor=request.user, program=program,
                            data={f: form.cleaned_data[f] for f in ProgramForm.Meta.fields},
                            penyelenggara_baru=form.cleaned_data.get("penyelenggara_baru", ""),
                            jenis_penyelenggara_baru=form.cleaned_data.get("jenis_penyelenggara_baru", ""))


@login_required
def program_create(request):
    _manage_or_404(request.user)
    instansi = base.instansi_for_write(request.user)
    form = ProgramForm(request.POST or None, instansi=instansi,
                       jp_bawaan=selectors.jp_bawaan_instansi(instansi=instansi))
    if request.method == "POST" and form.is_valid():
        program = _program_simpan(request, form)
        messages.success(request, "Program tersimpan sebagai draf. Tambahkan sesi, lalu buka pendaftarannya.")
        return redirect("pelatihan:program-detail", pk=program.pk)
    return _program_form_page(request, form, "Program pelatihan baru")


@login_required
def program_edit(request, pk):
    program = get_object_or_404(access.program_manage_scope(request.user), pk=pk)
    form = ProgramForm(request.POST or None, instance=program, instansi=program.instansi,
                       jp_bawaan=selectors.jp_bawaan_instansi(instansi=program.instansi))
    if request.method == "POST" and form.is_valid():
        _program_simpan(request, form, program)
        messages.success(request, "Perubahan tersimpan.")
        return redirect("pelatihan:program-detail", pk=program.pk)
    return _program_form_page(request, form, f"Ubah {program.judul}")


@login_required
def mitra_create(request):
    _manage_or_404(request.user)
    form = MitraForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mitra = svc.mitra_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, f"Mitra {mitra.nama} ditambahkan.")
    target = request.POST.get("next")
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "pelatihan:program-create"
    return redirect(target)


@login_required
def program_detail(request, pk):
    program = get_object_or_404(access.program_scope(request.user).select_related("bentuk", "penyelenggara"), pk=pk)
    sesi = list(program.sesi.prefetch_related("narasumber"))
    bisa_kelola = access.can_manage_program(request.user, program)
    peserta = list(access.peserta_scope(request.user).filter(program=program)
                   .select_related("pegawai__unit_kerja", "sertifikat").order_by("status", "pegawai__nama"))
    me = access.pegawai_saya(request.user)
    saya = next((p for p in peserta if me is not None and p.pegawai_id == me.pk), None)
    bisa_usul = access.can_nominate_to(request.user, program, kelola=bisa_kelola)
    dites = [p for p in peserta if p.kenaikan is not None]
    nilai = {"n": len(dites), "pre": round(sum(p.nilai_pre_test for p in dites) / len(dites), 1),
             "post": round(sum(p.nilai_post_test for p in dites) / len(dites), 1),
             "kenaikan": round(sum(p.kenaikan for p in dites) / len(dites), 1)} if dites else None
    return render(request, "pelatihan/program_detail.html", {
        "program": program, "sesi": sesi, "peserta": peserta, "saya": saya, "bisa_kelola": bisa_kelola,
        "nilai": nilai if bisa_kelola else None,
        "bisa_usul": bisa_usul,
        "bisa_daftar": program.status == "dibuka" and (saya is None or saya.status == "mundur")
        and access.can_self_register(request.user, program),
        "nominasi_form": NominasiForm(pegawai_qs=access.nominasi_pegawai_scope(request.user),
                                      initial={"daftar_nip": request.session.pop(_kunci_gagal(program), "")}),
        "unit_nominasi": selectors.unit_nominasi(pegawai_qs=access.nominasi_pegawai_scope(request.user))
        if bisa_usul else [],
        "batal_form": BatalForm(),
        "terisi": sum(1 for p in peserta if p.status in ("terdaftar", "lulus", "tidak_lulus")),
    })


@login_required
def sesi_save(request, pk, sesi_pk=None):
    program = get_object_or_404(access.program_manage_scope(request.user), pk=pk)
    instance = get_object_or_404(SesiPelatihan, pk=sesi_pk, program=program) if sesi_pk else None
    form = SesiForm(request.POST or None, instance=instance, instansi=program.instansi)
    if request.method == "POST" and form.is_valid():
        try:
            svc.sesi_save(actor=request.user, program=program, sesi=instance,
                          data={f: form.cleaned_data[f] for f in SESI_FIELD},
                          narasumber=list(form.cleaned_data["narasumber"]),
                          narasumber_baru=form.cleaned_data["narasumber_baru"])
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "Sesi tersimpan.")
            return redirect("pelatihan:program-detail", pk=program.pk)
    return render(request, "pelatihan/sesi_form.html", {"form": form, "program": program})


def _program_status(request, pk, layanan, pesan, **data):
    """Run one status change of a programme (``layanan(actor=, program=, **data)``); ``pesan(hasil)`` is the success
    message, a refusal is shown as an error; back to the programme's page."""
    program = get_object_or_404(access.program_manage_scope(request.user), pk=pk)
    try:
        hasil = layanan(actor=request.user, program=program, **data)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, pesan(hasil))
    return redirect("pelatihan:program-detail", pk=program.pk)


@login_required
@require_POST
def program_publish(request, pk):
    return _program_status(request, pk, svc.program_publish, lambda _: "Pendaftaran dibuka.")


@login_required
@require_POST
def program_cancel(request, pk):
    return _program_status(request, pk, svc.program_cancel, lambda _: "Program dibatalkan; peserta diberi tahu.",
                           alasan=BatalForm(request.POST).data.get("alasan", ""))


@login_required
@require_POST
def program_close(request, pk):
    return _program_status(request, pk, svc.program_close,
                           lambda hasil: f"Program selesai: {hasil['lulus']} dari {hasil['peserta']} peserta lulus; "
                                         "JP dicatat dan sertifikat diterbitkan.")


def _kunci_gagal(program):
    """Session key of the NIPs that could not be added: the detail page puts them back in the paste box."""
    return f"pelatihan:nip_gagal:{program.pk}"


def _nominasi_program(request, pk):
    """The programme whose participants ``request.user`` may propose (HR of it, or an atasan), else 404."""
    program = get_object_or_404(access.program_scope(request.user), pk=pk)
    if not access.can_nominate(request.user):
        raise Http404
    return program


@login_required
@require_POST
def peserta_add_many(request, pk):
    """Add participants picked in the search or a unit list, pasted as a list of NIPs, or typed as one NIP.

    Partial: everyone who can be added is added in one go (through the nomination service and its quota /
    waiting-list rules); each number or person that cannot is named with the reason, and the numbers are put
    back into the paste box for correction."""
    program = get_object_or_404(access.program_scope(request.user), pk=pk)
    form = NominasiForm(request.POST, pegawai_qs=access.nominasi_pegawai_scope(request.user))
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("pelatihan:program-detail", pk=program.pk)
    sumber = Peserta.Sumber.HR if access.can_manage(request.user) else Peserta.Sumber.ATASAN
    added, refused = svc.peserta_add_many(actor=request.user, program=program, pegawai=form.cleaned_data["daftar"],
                                          sumber=sumber)
    if added:
        tunggu = sum(1 for p in added if p.status == Peserta.Status.DAFTAR_TUNGGU)
        if len(added) == 1:
            messages.success(request, f"{added[0].pegawai.nama}: {added[0].get_status_display()}.")
        else:
            messages.success(request, f"{len(added)} peserta ditambahkan"
                                      + (f" ({tunggu} di antaranya masuk daftar tunggu karena kuota penuh)." if tunggu
                                         else "."))
    gagal = [f"{nip}: {alasan}" if nip else alasan for nip, alasan in form.tidak_dikenal]
    gagal += [f"{orang.nip} ({orang.nama}): {alasan}" for orang, alasan in refused]
    if gagal:
        messages.error(request, "Tidak ditambahkan — " + "; ".join(gagal))
        kembali = [nip for nip, _ in form.tidak_dikenal if nip] + [orang.nip for orang, _ in refused]
        request.session[_kunci_gagal(program)] = "\n".join(kembali)
    return redirect("pelatihan:program-detail", pk=program.pk)


@login_required
def peserta_search(request, pk):
    """htmx: suggestions while typing a name or NIP (whom the user may nominate), fixed number of queries.
    ``untuk=hadir``: each suggestion is a button that adds the person on the spot to session ``sesi``."""
    program = _nominasi_program(request, pk)
    untuk = params.pilihan(request, "untuk", ("pilih", "hadir"), default="pilih")
    sesi = None
    if untuk == "hadir":
        sesi = get_object_or_404(access.sesi_manage_scope(request.user).filter(program=program),
                                 pk=params.id_objek(request, "sesi", default=0) or 0)
    q = (request.GET.get("q") or request.GET.get("nip") or "")[:100]  # free text, bounded
    hasil = selectors.pegawai_nominasi_cari(pegawai_qs=access.nominasi_pegawai_scope(request.user), program=program,
                                            q=q)
    return render(request, "pelatihan/_peserta_saran.html",
                  {"program": program, "hasil": hasil, "q": q.strip(), "untuk": untuk, "sesi": sesi})


@login_required
def peserta_unit(request, pk):
    """htmx: the people of one unit as checkboxes (with "pilih semua")."""
    program = _nominasi_program(request, pk)
    unit_id = params.id_objek(request, "unit")
    hasil = []
    if unit_id is not None:
        hasil = selectors.pegawai_nominasi_unit(pegawai_qs=access.nominasi_pegawai_scope(request.user),
                                                program=program, unit_id=unit_id)
    return render(request, "pelatihan/_peserta_unit.html", {"program": program, "hasil": hasil,
                                                             "pilih_unit": unit_id is not None})


@login_required
@require_POST
def peserta_add(request, pk):
    program = get_object_or_404(access.program_scope(request.user), pk=pk)
    me = access.pegawai_saya(request.user)
    if me is None:
        raise Http404
    try:
        peserta = svc.peserta_add(actor=request.user, program=program, pegawai=me, sumber=Peserta.Sumber.MANDIRI)
    except PermissionDenied:
        messages.error(request, "Program ini tidak menerima pendaftaran mandiri.")
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"Pendaftaran tercatat: {peserta.get_status_display()}.")
    return redirect("pelatihan:program-detail", pk=program.pk)


@login_required
@require_POST
def peserta_withdraw(request, pk):
    peserta = get_object_or_404(access.peserta_scope(request.user), pk=pk)
    try:
        svc.peserta_withdraw(actor=request.user, peserta=peserta)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, "Pengunduran diri tercatat.")
    return redirect("pelatihan:program-detail", pk=peserta.program_id)


@login_required
def nilai_set(request, pk):
    peserta = get_object_or_404(access.peserta_manage_scope(request.user).select_related("pegawai", "program"), pk=pk)
    form = NilaiForm(request.POST or None, initial={"nilai_pre_test": peserta.nilai_pre_test,
                                                    "nilai_post_test": peserta.nilai_post_test})
    if request.method == "POST" and form.is_valid():
        svc.nilai_set(actor=request.user, peserta=peserta, pre=form.cleaned_data["nilai_pre_test"],
                      post=form.cleaned_data["nilai_post_test"])
        messages.success(request, "Nilai tersimpan.")
        return redirect("pelatihan:program-detail", pk=peserta.program_id)
    return render(request, "pelatihan/peserta_nilai.html", {"form": form, "peserta": peserta})


@login_required
def kehadiran_import(request, pk):
    """Upload an attendance sheet: checked row by row; written only when every row is valid."""
    program = get_object_or_404(access.program_manage_scope(request.user), pk=pk)
    hasil = None
    if request.method == "POST" and request.FILES.get("berkas"):
        upload = request.FILES["berkas"]
        try:
            if upload.size > 5 * 1024 * 1024:
                raise berkas.BerkasTidakValid("Daftar hadir lebih dari 5 MB.")
            tabel = berkas.baca(upload, upload.name)
        except berkas.BerkasTidakValid as exc:
            messages.error(request, str(exc))
        else:
            if request.POST.get("periksa_saja"):
                hasil = selectors.kehadiran_impor_periksa(tabel=tabel, program=program)
            else:
                hasil = layanan_kehadiran.kehadiran_import(actor=request.user, program=program, tabel=tabel)
                if hasil.ok:
                    messages.success(request, f"Daftar hadir diimpor: {hasil.baru} baru, {hasil.diubah} diubah, "
                                              f"{hasil.tetap} tidak berubah.")
                    return redirect("pelatihan:program-detail", pk=program.pk)
    return render(request, "pelatihan/kehadiran_impor.html", {"program": program, "hasil": hasil})


@login_required
def jp_bawaan_set(request):
    _manage_or_404(request.user)
    instansi = base.instansi_for_write(request.user)
    form = JpBawaanForm(request.POST or None, instansi=instansi)
    if request.method == "POST" and form.is_valid():
        jp_services.jp_bawaan_set(actor=request.user,
                                  nilai={b.pk: form.cleaned_data.get(f"b{b.pk}") for b in form.bentuk})
        messages.success(request, "JP bawaan tersimpan.")
        return redirect("pelatihan:jp-bawaan-set")
    return render(request, "pelatihan/jp_bawaan.html", {"form": form})


urlpatterns = [
    path("program/", program_list, name="program-list"),
    path("program/baru/", program_create, name="program-create"),
    path("program/<int:pk>/", program_detail, name="program-detail"),
    path("program/<int:pk>/ubah/", program_edit, name="program-edit"),
    path("program/<int:pk>/sesi/baru/", sesi_save, name="sesi-create"),
    path("program/<int:pk>/sesi/<int:sesi_pk>/ubah/", sesi_save, name="sesi-edit"),
    path("program/<int:pk>/buka/", program_publish, name="program-publish"),
    path("program/<int:pk>/batal/", program_cancel, name="program-cancel"),
    path("program/<int:pk>/selesai/", program_close, name="program-close"),
    path("program/<int:pk>/peserta/usul/", peserta_add_many, name="peserta-add-many"),
    path("program/<int:pk>/peserta/cari/", peserta_search, name="peserta-search"),
    path("program/<int:pk>/peserta/unit/", peserta_unit, name="peserta-unit"),
    path("program/<int:pk>/daftar/", peserta_add, name="peserta-add"),
    path("peserta/<int:pk>/mundur/", peserta_withdraw, name="peserta-withdraw"),
    path("peserta/<int:pk>/nilai/", nilai_set, name="nilai-set"),
    path("program/<int:pk>/impor-kehadiran/", kehadiran_import, name="kehadiran-import"),
    path("mitra/baru/", mitra_create, name="mitra-create"),
    path("pengaturan-jp/", jp_bawaan_set, name="jp-bawaan-set"),
]
