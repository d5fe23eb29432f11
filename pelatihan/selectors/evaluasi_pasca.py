"""Reads of post-training evaluations: the atasan's list, the instansi summary, participants without an atasan."""


from django.db.models import Max
from django.utils import timezone

from ..models import EvaluasiPascaPelatihan, Peserta

# ---------------------------------------------------------------------------- reads

def evaluasi_pasca_atasan(*, pegawai, today=None):
    """The atasan's forms: to fill now (due, not filled), coming (not due yet) and done. One query."""
    today = today or timezone.localdate()
    rows = list(EvaluasiPascaPelatihan.objects.filter(atasan=pegawai)
                .select_related("peserta__pegawai", "peserta__program").order_by("jatuh_tempo", "pk"))
    return {
        "perlu": [e for e in rows if e.diisi_pada is None and e.jatuh_tempo <= today],
        "nanti": [e for e in rows if e.diisi_pada is None and e.jatuh_tempo > today],
        "selesai": sorted((e for e in rows if e.diisi_pada is not None), key=lambda e: e.diisi_pada, reverse=True),
    }


def evaluasi_pasca_instansi(*, instansi):
    """Every EPP of the instansi for HR (a queryset: paginate)."""
    return (EvaluasiPascaPelatihan.objects.filter(peserta__program__instansi=instansi)
            .select_related("peserta__pegawai", "peserta__program", "atasan").order_by("-jatuh_tempo", "-pk"))


def evaluasi_pasca_tanpa_atasan(*, instansi):
    """Participants of the instansi who passed but have no EPP because they have no atasan: HR sets one
    (the daily run then schedules the EPP if its due date is still ahead)."""
    return (Peserta.objects.filter(program__instansi=instansi, status=Peserta.Status.LULUS,
                                   evaluasi_pasca__isnull=True, pegawai__atasan__isnull=True)
            .annotate(akhir=Max("program__sesi__tanggal"))
            .select_related("pegawai", "program").order_by("-akhir", "pegawai__nama"))
