"""Reads of training feedback: whether a participant may answer, the speakers to rate, the summaries per
programme, instansi and speaker."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Avg, Count, Max, Q
from django.utils import timezone

from ..models import Kehadiran, Narasumber, NilaiNarasumber, Peserta, ProgramPelatihan, SesiPelatihan, UmpanBalik

ASPEK = [("nilai_penyelenggaraan", "Penyelenggaraan"), ("nilai_materi", "Materi")]


def hari_terbuka():
    return getattr(settings, "UMPAN_BALIK_HARI", 14)


def _sesi_hadir(peserta):
    return SesiPelatihan.objects.filter(kehadiran__peserta=peserta, kehadiran__status=Kehadiran.Status.HADIR)


@dataclass(frozen=True)
class StatusUmpanBalik:
    hadir: bool
    batas: date | None  # last day the answers may be given or changed
    terbuka: bool
    sudah: bool

    @property
    def alasan(self):
        if not self.hadir:
            return "Umpan balik hanya dapat diisi oleh peserta yang hadir paling sedikit pada satu sesi."
        if not self.terbuka:
            return "Pengisian umpan balik untuk pelatihan ini sudah ditutup."
        return ""


def umpan_balik_status(*, peserta, today=None):
    today = today or timezone.localdate()
    hadir = _sesi_hadir(peserta).exists()
    akhir = SesiPelatihan.objects.filter(program_id=peserta.program_id).aggregate(t=Max("tanggal"))["t"]
    batas = akhir + timedelta(days=hari_terbuka()) if akhir else None
    return StatusUmpanBalik(hadir=hadir, batas=batas, terbuka=hadir and batas is not None and today <= batas,
                            sudah=UmpanBalik.objects.filter(peserta=peserta).exists())


def umpan_balik_narasumber(*, peserta):
    """The speakers the participant rates: those of the sessions they attended."""
    return list(Narasumber.objects.filter(sesi__in=_sesi_hadir(peserta)).distinct().order_by("nama", "pk"))


# ---------------------------------------------------------------------------- reads

def _rata(x):
    return round(x, 2) if x is not None else None


def umpan_balik_saya(*, pegawai, today=None):
    """The participant's programmes they attended, each with whether the questionnaire is answered / open.
    One query."""
    today = today or timezone.localdate()
    rows = list(Peserta.objects.filter(pegawai=pegawai, kehadiran__status=Kehadiran.Status.HADIR)
                .annotate(akhir=Max("program__sesi__tanggal"), sudah=Count("umpan_balik", distinct=True))
                .select_related("program").order_by("-akhir", "-pk").distinct())
    hari = hari_terbuka()
    for p in rows:
        p.batas_umpan_balik = p.akhir + timedelta(days=hari) if p.akhir else None
        p.umpan_balik_terbuka = p.batas_umpan_balik is not None and today <= p.batas_umpan_balik
    return rows


def umpan_balik_rekap_program(*, program):
    """One programme: responses, participants who attended, averages per aspect and per speaker, and the
    comments (without names). Four queries whatever the number of responses."""
    ub = UmpanBalik.objects.filter(peserta__program=program)
    agg = ub.aggregate(jumlah=Count("pk"), **{f: Avg(f) for f, _ in ASPEK})
    hadir = (Peserta.objects.filter(program=program, kehadiran__status=Kehadiran.Status.HADIR)
             .values("pk").distinct().count())
    narasumber = [
        {"id": r["narasumber"], "nama": r["narasumber__nama"], "asal": r["narasumber__asal"],
         "rata": _rata(r["rata"]), "jumlah": r["jumlah"]}
        for r in (NilaiNarasumber.objects.filter(umpan_balik__peserta__program=program)
                  .values("narasumber", "narasumber__nama", "narasumber__asal")
                  .annotate(rata=Avg("nilai"), jumlah=Count("pk")).order_by("narasumber__nama", "narasumber"))
    ]
    komentar = list(ub.exclude(komentar="").order_by("-dibuat").values_list("komentar", flat=True))
    return {
        "jumlah": agg["jumlah"], "hadir": hadir,
        "persen_respons": round(100 * agg["jumlah"] / hadir) if hadir else 0,
        "aspek": [(label, _rata(agg[f])) for f, label in ASPEK],
        "narasumber": narasumber, "komentar": komentar,
    }


def umpan_balik_rekap_instansi(*, instansi):
    """Per programme of the instansi that has feedback: responses and the two averages (a queryset: paginate)."""
    return (ProgramPelatihan.objects.filter(instansi=instansi)
            .annotate(jumlah_ub=Count("peserta__umpan_balik"),
                      rata_penyelenggaraan=Avg("peserta__umpan_balik__nilai_penyelenggaraan"),
                      rata_materi=Avg("peserta__umpan_balik__nilai_materi"),
                      terakhir_ub=Max("peserta__umpan_balik__dibuat"))
            .filter(jumlah_ub__gt=0).order_by("-terakhir_ub", "-pk"))


def umpan_balik_rekap_narasumber(*, instansi, narasumber_id=None):
    """Per speaker of the instansi, across programmes: average, number of ratings and of programmes.
    With ``narasumber_id``, that speaker's rows per programme instead. One query."""
    qs = NilaiNarasumber.objects.filter(narasumber__instansi=instansi)
    if narasumber_id is not None:
        return [
            {"program_id": r["umpan_balik__peserta__program"], "judul": r["umpan_balik__peserta__program__judul"],
             "rata": _rata(r["rata"]), "jumlah": r["jumlah"]}
            for r in (qs.filter(narasumber_id=narasumber_id)
                      .values("umpan_balik__peserta__program", "umpan_balik__peserta__program__judul")
                      .annotate(rata=Avg("nilai"), jumlah=Count("pk"))
                      .order_by("umpan_balik__peserta__program__judul", "umpan_balik__peserta__program"))
        ]
    return [
        {"id": r["narasumber"], "nama": r["narasumber__nama"], "asal": r["narasumber__asal"],
         "rata": _rata(r["rata"]), "jumlah": r["jumlah"], "program": r["program"],
         "rendah": r["rendah"]}
        for r in (qs.values("narasumber", "narasumber__nama", "narasumber__asal")
                  .annotate(rata=Avg("nilai"), jumlah=Count("pk"),
                            program=Count("umpan_balik__peserta__program", distinct=True),
                            rendah=Count("pk", filter=Q(nilai__lte=2)))
                  .order_by("narasumber__nama", "narasumber"))
    ]
