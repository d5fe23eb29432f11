"""Printable and exportable lists of a programme for the organiser (HR): the participant list, and the
attendance sheets for the SPJ (No, Nama, NIP / NI PPPK, Unit, Tanda tangan), one per session.

``?format=cetak`` (default) is a print-friendly page; ``?format=xlsx`` a spreadsheet whose NIPs are text
cells and whose every value went through ``pembinaan.ekspor.netralkan``. Both carry personal data:
``Cache-Control: private, no-store``.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone

from pembinaan import ekspor, params

from .. import access, selectors
from ..models import Kehadiran, Peserta
from ..templatetags.pelatihan_tags import label_nomor

FORMAT = ("cetak", "xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATUS_KEHADIRAN = dict(Kehadiran.Status.choices)


def _pribadi(response):
    response["Cache-Control"] = "private, no-store"
    return response


def _xlsx(headers, rows, judul, nama):
    response = HttpResponse(ekspor.xlsx_bytes(headers, rows, judul=judul), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{nama}-{timezone.localdate():%Y%m%d}.xlsx"'
    return _pribadi(response)


def _program(request, pk):
    return get_object_or_404(access.program_manage_scope(request.user).select_related("bentuk", "penyelenggara"),
                             pk=pk)


@login_required
def peserta_daftar(request, pk):
    """Every participant of the programme with status, attendance and test scores."""
    program = _program(request, pk)
    fmt = params.pilihan(request, "format", FORMAT, default="cetak")
    peserta = selectors.peserta_program(program=program)
    if fmt == "xlsx":
        headers = ["No", "Nama", "NIP/NI PPPK", "Jenis nomor", "Unit kerja", "Status", "Sumber", "Kehadiran (%)",
                   "Pre-test", "Post-test"]
        rows = [[i, p.pegawai.nama_lengkap, p.pegawai.nip, label_nomor(p.pegawai),
                 p.pegawai.unit_kerja.nama if p.pegawai.unit_kerja_id else "", p.get_status_display(),
                 p.get_sumber_display(), p.persen_hadir, p.nilai_pre_test, p.nilai_post_test]
                for i, p in enumerate(peserta, start=1)]
        return _xlsx(headers, rows, "Peserta", f"peserta-program-{program.pk}")
    return _pribadi(render(request, "pelatihan/program_peserta_cetak.html", {
        "program": program, "peserta": peserta, "dicetak": timezone.localtime(),
        "aktif": sum(1 for p in peserta if p.status in (Peserta.Status.TERDAFTAR, Peserta.Status.LULUS,
                                                        Peserta.Status.TIDAK_LULUS))}))


@login_required
def kehadiran_daftar_program(request, pk):
    """Attendance sheets: one per session (``?sesi=<id>`` for one), active participants, a signature column;
    the XLSX has a column per session with the recorded status."""
    program = _program(request, pk)
    fmt = params.pilihan(request, "format", FORMAT, default="cetak")
    sesi_id = params.id_objek(request, "sesi")
    data = selectors.daftar_hadir_program(program=program, sesi_id=sesi_id)
    if sesi_id is not None and not data["sesi"]:
        raise Http404
    if fmt == "xlsx":
        headers = ["No", "Nama", "NIP/NI PPPK", "Jenis nomor", "Unit kerja"] + [
            f"{s.tanggal:%d-%m-%Y} {s.jam_mulai:%H.%M} {s.topik}" for s in data["sesi"]] + ["Jumlah hadir"]
        rows = []
        for i, p in enumerate(data["peserta"], start=1):
            status = [data["status"].get((p.pk, s.pk)) for s in data["sesi"]]
            rows.append([i, p.pegawai.nama_lengkap, p.pegawai.nip, label_nomor(p.pegawai),
                         p.pegawai.unit_kerja.nama if p.pegawai.unit_kerja_id else ""]
                        + [STATUS_KEHADIRAN.get(x, "") for x in status]
                        + [sum(1 for x in status if x == Kehadiran.Status.HADIR)])
        return _xlsx(headers, rows, "Daftar hadir", f"daftar-hadir-program-{program.pk}")
    return _pribadi(render(request, "pelatihan/kehadiran_cetak.html", {
        "program": program, **data, "dicetak": timezone.localtime()}))


urlpatterns = [
    path("program/<int:pk>/peserta/daftar/", peserta_daftar, name="peserta-daftar"),
    path("program/<int:pk>/daftar-hadir/", kehadiran_daftar_program, name="kehadiran-daftar-program"),
]
