"""HR imports a Moodle course completion report into one programme (the programme page links here)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path

from pembinaan.impor import berkas

from .. import access
from ..forms.moodle import MoodleImporForm
from ..selectors.moodle import moodle_impor_periksa
from ..services.moodle import moodle_import


@login_required
def moodle_impor(request, pk):
    """Upload: every row checked; a dry run says what would change; written only when every row is valid."""
    program = get_object_or_404(access.program_manage_scope(request.user).select_related("bentuk"), pk=pk)
    form = MoodleImporForm(request.POST or None, request.FILES or None)
    hasil = None
    if request.method == "POST" and form.is_valid():
        upload, identitas = form.cleaned_data["berkas"], form.cleaned_data["identitas"]
        try:
            tabel = berkas.baca(upload, upload.name)
        except berkas.BerkasTidakValid as exc:
            form.add_error("berkas", str(exc))
        else:
            if form.cleaned_data["periksa_saja"]:
                hasil = moodle_impor_periksa(tabel=tabel, program=program, identitas=identitas)
            else:
                hasil = moodle_import(actor=request.user, program=program, tabel=tabel, identitas=identitas)
                if hasil.ok:
                    messages.success(request, f"Penyelesaian Moodle diimpor: {hasil.baru} baru, {hasil.diubah} "
                                              f"diubah tanggalnya, {hasil.tetap} tidak berubah, {len(hasil.kosong)} "
                                              "baris tanpa tanggal selesai dilewati.")
                    return redirect("pelatihan:program-detail", pk=program.pk)
    return render(request, "pelatihan/moodle/impor.html", {"program": program, "form": form, "hasil": hasil})


urlpatterns = [
    path("program/<int:pk>/impor-moodle/", moodle_impor, name="moodle-impor"),
]
