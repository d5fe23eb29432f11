"""HR exports the credited learning of a period and unit in SIASN's riwayat diklat / riwayat kursus shapes."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from pembinaan import access as base
from pembinaan import params

from .. import access, ekspor_siasn
from ..selectors.siasn import riwayat_siasn

MAKS_HARI = 366 * 5


@login_required
def riwayat_siasn_ekspor(request):
    """``?dari=&sampai=&unit=``: the page with the count; ``&format=xlsx``: the file (no-store: personal data)."""
    if not access.can_manage(request.user):
        raise Http404
    instansi = access.instansi_saya(request.user)
    hari_ini = timezone.localdate()
    dari = params.tanggal(request, "dari", default=datetime.date(hari_ini.year, 1, 1))
    sampai = params.tanggal(request, "sampai", default=hari_ini)
    if sampai < dari or (sampai - dari).days > MAKS_HARI:
        raise BadRequest("Periode tidak sah: 'sampai' harus setelah 'dari' dan paling lama lima tahun.")
    unit_id = params.id_objek(request, "unit")
    units = base.unit_scope(request.user).filter(instansi=instansi)
    unit = None
    if unit_id is not None:
        unit = units.filter(pk=unit_id).first()
        if unit is None:
            raise Http404
    fmt = params.pilihan(request, "format", {"xlsx"})
    baris = riwayat_siasn(instansi=instansi, dari=dari, sampai=sampai, unit_id=unit_id)
    if fmt == "xlsx":
        response = HttpResponse(ekspor_siasn.riwayat_xlsx(baris), content_type=ekspor_siasn.XLSX)
        response["Content-Disposition"] = (f'attachment; filename="riwayat-siasn-{dari:%Y%m%d}-{sampai:%Y%m%d}'
                                           f'{f"-unit{unit.pk}" if unit else ""}.xlsx"')
        response["Cache-Control"] = "no-store"
        return response
    struktural = sum(1 for r in baris if r.jenis_diklat_id == ekspor_siasn.JENIS_DIKLAT_STRUKTURAL)
    return render(request, "pelatihan/siasn_riwayat.html", {
        "dari": dari, "sampai": sampai, "unit": unit, "units": units.order_by("nama").only("id", "nama"),
        "jumlah_diklat": struktural, "jumlah_kursus": len(baris) - struktural})


urlpatterns = [
    path("jp/riwayat-siasn/", riwayat_siasn_ekspor, name="riwayat-siasn-ekspor"),
]
