"""Feedback (Kirkpatrick level 1): one questionnaire per participant who attended, and its summaries.

Rules:
- only a participant with at least one session marked *hadir* may answer;
- the speakers rated are those of the sessions the participant attended (nobody rates a talk they missed);
- the answers can be changed until ``UMPAN_BALIK_HARI`` days (default 14) after the programme's last
  session, then they are closed, so the summary HR reads no longer moves; closing the programme does not
  close the questionnaire (HR often closes it the day of the last session, before people have answered);
- HR sees averages, counts and comments, never who wrote what.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
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


def _nilai(value, label):
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise ValidationError(f"Nilai {label} harus 1 sampai 5.") from None
    if not 1 <= value <= 5:
        raise ValidationError(f"Nilai {label} harus 1 sampai 5.")
    return value


@transaction.atomic
def umpan_balik_submit(*, actor, peserta, nilai_penyelenggaraan, nilai_materi, nilai_narasumber, komentar="",
                       today=None):
    """Save (or change) the participant's answers. ``nilai_narasumber``: {narasumber id: 1–5} for every
    speaker of ``umpan_balik_narasumber``. Only the participant themself may answer."""
    peserta = Peserta.objects.select_for_update().select_related("pegawai").get(pk=peserta.pk)
    if actor is None or not actor.is_authenticated or peserta.pegawai.user_id != actor.pk:
        raise PermissionDenied
    status = umpan_balik_status(peserta=peserta, today=today)
    if not status.terbuka:
        raise ValidationError(status.alasan)
    narasumber = {n.pk: n for n in umpan_balik_narasumber(peserta=peserta)}
    nilai_narasumber = {int(k): v for k, v in (nilai_narasumber or {}).items()}
    if set(nilai_narasumber) != set(narasumber):
        raise ValidationError("Beri nilai untuk setiap narasumber sesi yang Anda ikuti.")
    ub, _ = UmpanBalik.objects.update_or_create(peserta=peserta, defaults={
        "nilai_penyelenggaraan": _nilai(nilai_penyelenggaraan, "penyelenggaraan"),
        "nilai_materi": _nilai(nilai_materi, "materi"), "komentar": (komentar or "").strip()})
    ub.nilai_narasumber.all().delete()
    NilaiNarasumber.objects.bulk_create([
        NilaiNarasumber(umpan_balik=ub, narasumber_id=pk, nilai=_nilai(v, narasumber[pk].nama))
        for pk, v in sorted(nilai_narasumber.items())])
    return ub


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
