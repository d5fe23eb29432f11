"""Reads of programmes, their participants and sessions (home cards, nomination, lists)."""

from datetime import timedelta

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from pembinaan.models import UnitKerja

from ..models import JpBawaan, Peserta, SesiPelatihan

BATAS_DAFTAR_PROGRAM = 200  # the programme list shows the newest 200


def _jumlah(qs):
    """The number of rows of ``qs`` (filtered on the outer programme) as a correlated subquery, 0 when none."""
    return Coalesce(Subquery(qs.order_by().values("program_id").annotate(n=Count("*")).values("n"),
                             output_field=IntegerField()), 0)


def program_daftar(qs, *, status=""):
    """The programme list: the newest ``BATAS_DAFTAR_PROGRAM`` programmes of ``qs`` (a scope) with their number
    of sessions and of active participants. The counts are correlated subqueries, which PostgreSQL evaluates
    after ORDER BY ... LIMIT, for the shown programmes only: a GROUP BY over joins counted the participants of
    every programme of the instansi first (a million rows at the bench's size) to show 200. One query."""
    if status:
        qs = qs.filter(status=status)
    return (qs.select_related("bentuk", "penyelenggara")
            .annotate(jumlah_sesi=_jumlah(SesiPelatihan.objects.filter(program=OuterRef("pk"))),
                      jumlah_peserta=_jumlah(Peserta.objects.filter(program=OuterRef("pk"),
                                                                    status__in=PESERTA_AKTIF)))
            .order_by("-dibuat")[:BATAS_DAFTAR_PROGRAM])


def sesi_mendatang(*, pegawai, today, hari=14, batas=10):
    """Sessions from ``today`` to ``hari`` days ahead of the programmes ``pegawai`` takes part in (not those
    they withdrew from or wait for; drafts and cancelled programmes left out), the first ``batas``. One query."""

    from ..models import Peserta, ProgramPelatihan, SesiPelatihan

    aktif = [Peserta.Status.TERDAFTAR, Peserta.Status.LULUS, Peserta.Status.TIDAK_LULUS]
    return list(SesiPelatihan.objects
                .filter(program__peserta__pegawai=pegawai, program__peserta__status__in=aktif,
                        tanggal__range=(today, today + timedelta(days=hari)))
                .exclude(program__status__in=[ProgramPelatihan.Status.DRAFT, ProgramPelatihan.Status.BATAL])
                .select_related("program").order_by("tanggal", "jam_mulai", "pk")[:batas])


def evaluasi_pasca_jatuh_tempo(qs, *, today):
    """How many of the post-training evaluations in ``qs`` (an atasan's, from ``evaluasi_pasca_isi_scope``) are
    due and not filled. One query."""
    return qs.filter(diisi_pada__isnull=True, jatuh_tempo__lte=today).count()


def umpan_balik_terbuka(qs, *, today, hari):
    """How many participations in ``qs`` (the employee's own, from ``peserta_sendiri_scope``) may still be given
    feedback and have none: attended at least one session, within ``hari`` days of the programme's last session
    (the rule of ``services.umpan_balik``). One query."""

    from django.db.models import Exists, OuterRef, Subquery

    from ..models import Kehadiran, SesiPelatihan

    hadir = Kehadiran.objects.filter(peserta=OuterRef("pk"), status=Kehadiran.Status.HADIR)
    akhir = (SesiPelatihan.objects.filter(program_id=OuterRef("program_id")).order_by("-tanggal")
             .values("tanggal")[:1])
    return (qs.filter(Exists(hadir), umpan_balik__isnull=True).annotate(akhir=Subquery(akhir))
            .filter(akhir__gte=today - timedelta(days=hari)).count())


# ---------------------------------------------------------------------------- participants and attendance sheets

PESERTA_AKTIF = ("terdaftar", "lulus", "tidak_lulus")
BATAS_SARAN = 10


def jp_bawaan(*, instansi, bentuk):
    """The instansi's default JP for a bentuk (set by its HR), or None."""
    if instansi is None or bentuk is None:
        return None
    return JpBawaan.objects.filter(instansi=instansi, bentuk=bentuk).values_list("jp", flat=True).first()


def jp_bawaan_instansi(*, instansi):
    """{bentuk id: default JP} of one instansi (the programme form fills JP from it)."""
    from ..models import JpBawaan

    return dict(JpBawaan.objects.filter(instansi=instansi).values_list("bentuk_id", "jp"))


def _dengan_status(pegawai, program):
    """[(pegawai, Peserta or None)] for one programme: one query for the participation rows."""
    from ..models import Peserta

    ada = {p.pegawai_id: p for p in Peserta.objects.filter(program=program, pegawai__in=[g.pk for g in pegawai])}
    return [(g, ada.get(g.pk)) for g in pegawai]


def pegawai_nominasi_cari(*, pegawai_qs, program, q):
    """Suggestions while typing: up to BATAS_SARAN people of ``pegawai_qs`` whose name holds ``q`` or whose
    NIP starts with its digits, each with their participation in ``program``. Two queries."""
    q = " ".join((q or "").split())[:100]
    digits = "".join(ch for ch in q if ch.isdigit())
    if len(q) < 2:
        return []
    cond = Q(nama__icontains=q)
    if digits and len(digits) == len(q.replace(" ", "").replace(".", "")):
        cond = Q(nip__startswith=digits)
    pegawai = list(pegawai_qs.filter(cond).select_related("unit_kerja").order_by("nama", "pk")[:BATAS_SARAN])
    return _dengan_status(pegawai, program)


def unit_nominasi(*, pegawai_qs):
    """The units in which ``pegawai_qs`` has anyone (HR: every staffed unit; an atasan: their staff's)."""
    return list(UnitKerja.objects.filter(pk__in=pegawai_qs.values("unit_kerja_id")).order_by("nama", "pk"))


def pegawai_nominasi_unit(*, pegawai_qs, program, unit_id):
    """Everyone of ``pegawai_qs`` in the unit (not its sub-units), with their participation. Two queries."""
    pegawai = list(pegawai_qs.filter(unit_kerja_id=unit_id).select_related("unit_kerja").order_by("nama", "pk"))
    return _dengan_status(pegawai, program)


def peserta_program(*, program):
    """Every participation record of the programme (any status) for the list and its exports. One query."""
    from ..models import Peserta

    return list(Peserta.objects.filter(program=program).select_related("pegawai__unit_kerja")
                .order_by("pegawai__nama", "pk"))


def daftar_hadir_program(*, program, sesi_id=None):
    """The attendance sheets: the sessions (one, or all), the active participants, and {(peserta, sesi): status}.
    Three queries whatever the size."""
    from ..models import Kehadiran, Peserta

    sesi = list(program.sesi.order_by("tanggal", "jam_mulai", "pk"))
    if sesi_id is not None:
        sesi = [s for s in sesi if s.pk == sesi_id]
    peserta = list(Peserta.objects.filter(program=program, status__in=PESERTA_AKTIF)
                   .select_related("pegawai__unit_kerja").order_by("pegawai__nama", "pk"))
    catatan = Kehadiran.objects.filter(sesi__in=[s.pk for s in sesi]).values("peserta_id", "sesi_id", "status")
    status = {(k["peserta_id"], k["sesi_id"]): k["status"] for k in catatan}
    return {"sesi": sesi, "peserta": peserta, "status": status}
