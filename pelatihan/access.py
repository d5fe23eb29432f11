"""Who sees and does what in pelatihan/. Builds on pembinaan.access (the one place for roles)."""

from django.db.models import Q

from pembinaan import access as base

from .models import Kehadiran, KreditJP, LaporanBelajar, Peserta, ProgramPelatihan, SesiPelatihan

TERBUKA = [ProgramPelatihan.Status.DIBUKA, ProgramPelatihan.Status.BERJALAN, ProgramPelatihan.Status.SELESAI]


def can_manage(user):
    """HR of an instansi runs its training catalogue, participants, attendance and verification."""
    return base.peran(user).hr


def program_scope(user):
    """Programmes ``user`` may open: HR – all of the instansi; employees – published ones of their
    instansi and any they take part in."""
    p = base.peran(user)
    if base.is_superadmin(user):  # the records app's one superadmin rule
        return ProgramPelatihan.objects.all()
    if p.hr:
        return ProgramPelatihan.objects.filter(instansi=p.petugas.instansi)
    if p.pegawai is not None:
        # A subquery, not an OR across a join: with a million participation rows the join made every
        # employee page scan them all.
        mine = Peserta.objects.filter(pegawai=p.pegawai).values("program_id")
        return ProgramPelatihan.objects.filter(Q(instansi=p.pegawai.instansi, status__in=TERBUKA) | Q(pk__in=mine))
    return ProgramPelatihan.objects.none()


def program_terlihat(user, program, *, ikut):
    """``program_scope(user)`` decided for one programme in hand, without a query: ``ikut`` says whether the user has
    a participant row in it (any status), which the caller has read. The check-in link uses it: 300 people open it
    at once, and the scope built as a subquery cost more CPU than the page's other queries together. A test holds it
    equal to program_scope for every role and case."""
    p = base.peran(user)
    if base.is_superadmin(user):
        return True
    if p.hr:
        return program.instansi_id == p.petugas.instansi_id
    if p.pegawai is not None:
        return bool(ikut) or (program.instansi_id == p.pegawai.instansi_id and program.status in TERBUKA)
    return False


def program_manage_scope(user):
    p = base.peran(user)
    if p.hr:
        return ProgramPelatihan.objects.filter(instansi=p.petugas.instansi)
    return ProgramPelatihan.objects.none()


def sesi_manage_scope(user):
    return SesiPelatihan.objects.filter(program__in=program_manage_scope(user))


def peserta_scope(user):
    """Participation records: HR of the instansi; the employee their own; an atasan their staff's."""
    p = base.peran(user)
    if p.hr:
        return Peserta.objects.filter(program__instansi=p.petugas.instansi)
    if p.pegawai is not None:
        return Peserta.objects.filter(pegawai__in=base.pegawai_scope(user))
    return Peserta.objects.none()


def peserta_manage_scope(user):
    p = base.peran(user)
    if p.hr:
        return Peserta.objects.filter(program__instansi=p.petugas.instansi)
    return Peserta.objects.none()


def nominasi_pegawai_scope(user):
    """Whom ``user`` may nominate: HR anyone active in the instansi; an atasan their staff."""
    p = base.peran(user)
    if p.hr:
        return base.pegawai_scope(user).filter(status="aktif")
    if p.pegawai is not None:
        return base.pegawai_list_scope(user).filter(status="aktif")
    return base.Pegawai.objects.none()


def kehadiran_manage_scope(user):
    return Kehadiran.objects.filter(sesi__program__in=program_manage_scope(user))


def laporan_scope(user):
    """Self-reported learning: HR of the instansi; the employee their own."""
    p = base.peran(user)
    if p.hr:
        return LaporanBelajar.objects.filter(pegawai__instansi=p.petugas.instansi)
    if p.pegawai is not None:
        return LaporanBelajar.objects.filter(pegawai=p.pegawai)
    return LaporanBelajar.objects.none()


def laporan_verify_scope(user):
    p = base.peran(user)
    if p.hr:
        return LaporanBelajar.objects.filter(pegawai__instansi=p.petugas.instansi)
    return LaporanBelajar.objects.none()


def kredit_scope(user):
    return KreditJP.objects.filter(pegawai__in=base.pegawai_scope(user))


# ---------------------------------------------------------------------------- feedback and post-training evaluation

def peserta_sendiri_scope(user):
    """The user's own participation records (the feedback questionnaire is theirs alone to answer)."""
    p = base.peran(user)
    if p.pegawai is not None:
        return Peserta.objects.filter(pegawai=p.pegawai)
    return Peserta.objects.none()


def evaluasi_pasca_isi_scope(user):
    """Post-training evaluations ``user`` fills in: those naming them as the atasan (recorded when scheduled;
    a later move of the employee does not hand the form to someone else)."""
    from .models import EvaluasiPascaPelatihan

    p = base.peran(user)
    if p.pegawai is not None:
        return EvaluasiPascaPelatihan.objects.filter(atasan=p.pegawai)
    return EvaluasiPascaPelatihan.objects.none()


# ---------------------------------------------------------------------------- named rules used by views, services and
# templates (issue 10: every decision here; views answer 404, services refuse, templates receive the booleans)

USUL_TERBUKA = (ProgramPelatihan.Status.DRAFT, ProgramPelatihan.Status.DIBUKA, ProgramPelatihan.Status.BERJALAN)


pegawai_saya = base.pegawai_saya  # the user's own employee record: scoping, not a role


instansi_saya = base.instansi_saya  # the instansi the user works for


def instansi_kelola(user):
    """The instansi whose catalogue, certificates and settings ``user`` runs as HR (None when not HR)."""
    p = base.peran(user)
    return p.petugas.instansi if p.hr else None


def can_view_jp_unit(user):
    """JP attainment per unit of the instansi: HR and the instansi's leadership (pimpinan)."""
    p = base.peran(user)
    return p.hr or p.pimpinan


def can_nominate(user):
    """Whether ``user`` proposes participants at all: HR of the instansi, or an atasan (their staff)."""
    p = base.peran(user)
    return p.hr or p.atasan


def can_manage_program(user, program):
    """HR of the programme's instansi: its sessions, participants, scores, attendance and closing."""
    return program_manage_scope(user).filter(pk=program.pk).exists()


def can_nominate_to(user, program, *, kelola=None):
    """Proposing participants for this programme is offered: HR of it or an atasan, while it is draft, open or
    running (the service further refuses an atasan on a draft; ``kelola``: can_manage_program if already known)."""
    if kelola is None:
        kelola = can_manage_program(user, program)
    return bool(kelola or base.peran(user).atasan) and program.status in USUL_TERBUKA


def can_self_register(user, program, pegawai=None):
    """Self-registration: the employee themselves (``pegawai``, when given, must be the acting user), on a programme
    of their own instansi that accepts it."""
    saya = pegawai_saya(user)
    return (saya is not None and (pegawai is None or pegawai.pk == saya.pk) and program.pendaftaran_mandiri
            and program.instansi_id == saya.instansi_id)


def can_withdraw_peserta(user, peserta):
    """The participant themselves, or HR of the programme."""
    saya = pegawai_saya(user)
    return (saya is not None and saya.pk == peserta.pegawai_id) or \
        peserta_manage_scope(user).filter(pk=peserta.pk).exists()


def can_fill_evaluasi_pasca(user, evaluasi):
    """The atasan recorded on the post-training evaluation (``evaluasi.atasan``), and nobody else."""
    return bool(user is not None and user.is_authenticated and evaluasi.atasan.user_id == user.pk)


def can_answer_umpan_balik(user, peserta):
    """The participant themself (the questionnaire is theirs alone to answer)."""
    return bool(user is not None and user.is_authenticated and peserta.pegawai.user_id == user.pk)


def can_submit_laporan(user, pegawai):
    """A self-report is submitted by the employee it is about."""
    saya = pegawai_saya(user)
    return saya is not None and pegawai is not None and saya.pk == pegawai.pk


def laporan_sendiri(user, laporan):
    """The report is the acting HR officer's own: another officer must verify it (the service says so)."""
    saya = pegawai_saya(user)
    return saya is not None and saya.pk == laporan.pegawai_id

# ---------------------------------------------------------------------------- online courses and quizzes (issue 13 A)

def kelas_scope(user):
    """Online courses ``user`` may open: the programme scope, courses only (a programme with a KelasDaring)."""
    return program_scope(user).filter(kelas_daring__isnull=False)


def kelas_manage_scope(user):
    """Courses whose modules, lessons, quizzes, enrolments and funnel ``user`` runs: HR of the instansi."""
    return program_manage_scope(user).filter(kelas_daring__isnull=False)


def pendaftaran_sendiri_scope(user):
    """The user's own course enrolments (lessons are read and quizzes taken by the participant alone)."""
    from .models import PendaftaranDaring

    saya = pegawai_saya(user)
    if saya is None:
        return PendaftaranDaring.objects.none()
    return PendaftaranDaring.objects.filter(peserta__pegawai=saya)


def materi_scope(user):
    """Lessons ``user`` may open: those of courses they are enrolled in, and HR those of their instansi's courses."""
    from .models import Materi

    if can_manage(user):
        return Materi.objects.filter(modul__kelas__program__in=kelas_manage_scope(user))
    saya = pegawai_saya(user)
    if saya is None:
        return Materi.objects.none()
    ikut = Peserta.objects.filter(pegawai=saya, pendaftaran_daring__isnull=False).values("program_id")
    return Materi.objects.filter(modul__kelas__program_id__in=ikut)


def modul_manage_scope(user):
    from .models import Modul

    return Modul.objects.filter(kelas__program__in=kelas_manage_scope(user))


def materi_manage_scope(user):
    from .models import Materi

    return Materi.objects.filter(modul__kelas__program__in=kelas_manage_scope(user))


def bank_soal_scope(user):
    """Question banks: HR of the instansi (correct answers are in them: never an employee)."""
    from .models import BankSoal

    p = base.peran(user)
    if p.hr:
        return BankSoal.objects.filter(instansi=p.petugas.instansi)
    return BankSoal.objects.none()


def kuis_peserta_scope(user):
    """Quizzes ``user`` takes: those of programmes they take part in (registered or passed)."""
    from .models import Kuis

    saya = pegawai_saya(user)
    if saya is None:
        return Kuis.objects.none()
    ikut = Peserta.objects.filter(pegawai=saya, status__in=[Peserta.Status.TERDAFTAR, Peserta.Status.LULUS,
                                                            Peserta.Status.TIDAK_LULUS]).values("program_id")
    return Kuis.objects.filter(program_id__in=ikut)


def percobaan_sendiri_scope(user):
    """Quiz attempts: the participant's own only (HR sees scores, not the attempt pages)."""
    from .models import PercobaanKuis

    saya = pegawai_saya(user)
    if saya is None:
        return PercobaanKuis.objects.none()
    return PercobaanKuis.objects.filter(peserta__pegawai=saya)


def can_enrol_to_kelas(user, program):
    """Assigning people to a course: HR of it (anyone active of the instansi) or an atasan (their staff), while
    the course is open."""
    kelola = can_manage_program(user, program)
    return bool(kelola or base.peran(user).atasan) and program.status == ProgramPelatihan.Status.DIBUKA


# ---------------------------------------------------------------------------- perencanaan: the cycle, the needs and
# their participation (issue 11 A). HR of the instansi opens and runs the cycle and verifies the needs per OPD; the
# employee reads their own needs and proposes; the direct atasan approves or returns the proposals of their staff.

def can_atur_siklus(user):
    """Opening a planning cycle, its stages and windows, the needs derivation, the verification: HR."""
    return base.peran(user).hr


def can_putus_usulan(user):
    """The atasan's page of their staff's needs and proposals: an employee who has subordinates."""
    return base.peran(user).atasan


def siklus_atur_scope(user):
    """Cycles ``user`` runs (stages, derivation, verification per OPD): HR of the instansi."""
    from .models import SiklusRencana

    p = base.peran(user)
    if p.hr:
        return SiklusRencana.objects.filter(instansi=p.petugas.instansi)
    return SiklusRencana.objects.none()


def siklus_pegawai_scope(user):
    """Cycles an employee takes part in: those of their own instansi."""
    from .models import SiklusRencana

    saya = pegawai_saya(user)
    if saya is None:
        return SiklusRencana.objects.none()
    return SiklusRencana.objects.filter(instansi_id=saya.instansi_id)


def kebutuhan_sendiri_scope(user):
    """The employee's own needs (derived and proposed)."""
    from .models import Kebutuhan

    saya = pegawai_saya(user)
    if saya is None:
        return Kebutuhan.objects.none()
    return Kebutuhan.objects.filter(pegawai=saya)


def usulan_ubah_scope(user):
    """Proposals the employee may change: their own."""
    return kebutuhan_sendiri_scope(user).filter(diturunkan=False)


def kebutuhan_bawahan_scope(user):
    """The needs of the staff of an atasan (direct subordinates), in their own instansi."""
    from .models import Kebutuhan

    saya = pegawai_saya(user)
    if saya is None:
        return Kebutuhan.objects.none()
    return Kebutuhan.objects.filter(pegawai__atasan=saya, siklus__instansi_id=saya.instansi_id)


def kebutuhan_putus_atasan_scope(user):
    """Proposals the atasan approves or returns: those of their direct subordinates."""
    return kebutuhan_bawahan_scope(user).filter(diturunkan=False)


def kebutuhan_verifikasi_scope(user):
    """Needs HR verifies or refuses: those of cycles of the instansi."""
    from .models import Kebutuhan

    return Kebutuhan.objects.filter(siklus__in=siklus_atur_scope(user))


# ---------------------------------------------------------------------------- perencanaan: realisation and monev
# (issue 11 C). Aggregates only (no names): HR and the instansi's pimpinan read them; HR writes the actual spend and
# the monev findings.

def can_view_realisasi(user):
    """The plan's realisation and monev report (aggregates): HR and pimpinan of the instansi."""
    p = base.peran(user)
    return p.hr or p.pimpinan


def siklus_realisasi_scope(user):
    """Planning cycles whose realisation and monev report ``user`` may read: those of their instansi."""
    from .models import SiklusRencana

    if can_view_realisasi(user):
        return SiklusRencana.objects.filter(instansi=base.peran(user).petugas.instansi)
    return SiklusRencana.objects.none()


def can_edit_monev(user, siklus):
    """The actual spend per line and the monev findings: HR of the cycle's instansi."""
    p = base.peran(user)
    return p.hr and p.petugas.instansi_id == siklus.instansi_id


def can_view_program_realisasi(user, siklus):
    """Which programmes realised the plan (their titles and links): HR of the instansi, who runs the catalogue;
    pimpinan see counts and shares only."""
    return can_edit_monev(user, siklus)


# ---------------------------------------------------------------------------- perencanaan: plan lines, 20 JP coverage,
# penetapan and the export (issue 11 B). HR of the instansi builds and revises the lines; setting the plan is the
# permission pelatihan.tetapkan_rencana (Group "PPK", migration pelatihan 0008; HR delegated by the PPK holds it as a
# user permission), for an account of the cycle's own instansi. The export names people: HR and the penetap only.

def siklus_rencana_kelola_scope(user):
    """Cycles whose plan lines, exemptions and revisions ``user`` writes: HR of the instansi."""
    from .models import SiklusRencana

    p = base.peran(user)
    if p.hr:
        return SiklusRencana.objects.filter(instansi=p.petugas.instansi)
    return SiklusRencana.objects.none()


def _penetap(user):
    """An account of an instansi (HR, pimpinan or PPK: a Petugas row) holding the penetapan permission."""
    p = base.peran(user)
    return p.petugas is not None and user.has_perm("pelatihan.tetapkan_rencana")


def siklus_rencana_baca_scope(user):
    """Cycles whose plan (lines, coverage, history, export) ``user`` reads: HR of the instansi and whoever may set
    its plan (the PPK or HR delegated by them)."""
    from .models import SiklusRencana

    p = base.peran(user)
    if p.hr or _penetap(user):
        return SiklusRencana.objects.filter(instansi=p.petugas.instansi)
    return SiklusRencana.objects.none()


def siklus_rencana_tetapkan_scope(user):
    """Cycles whose plan ``user`` may set: the PPK of the instansi or HR delegated by them."""
    from .models import SiklusRencana

    if _penetap(user):
        return SiklusRencana.objects.filter(instansi=base.peran(user).petugas.instansi)
    return SiklusRencana.objects.none()


def can_kelola_rencana(user, siklus):
    """Plan lines, exemptions and revisions of this cycle: HR of its instansi."""
    return siklus_rencana_kelola_scope(user).filter(pk=siklus.pk).exists()


def can_tetapkan_rencana(user, siklus):
    """Setting this cycle's plan: the PPK or delegated HR of its instansi."""
    return siklus_rencana_tetapkan_scope(user).filter(pk=siklus.pk).exists()


def rencana_item_kelola_scope(user):
    from .models import RencanaItem

    return RencanaItem.objects.filter(siklus__in=siklus_rencana_kelola_scope(user))


def pengecualian_jp_kelola_scope(user):
    from .models import PengecualianJP

    return PengecualianJP.objects.filter(siklus__in=siklus_rencana_kelola_scope(user))


GRUP_PPK = "PPK"  # the PPK's account (Group made by migration pelatihan 0008, holding the penetapan permission)


def can_delegasi_penetapan(user):
    """The PPK (an account of an instansi in Group "PPK") hands the penetapan permission to HR of their instansi;
    HR so delegated sets plans but does not delegate further."""
    p = base.peran(user)
    return p.petugas is not None and user.groups.filter(name=GRUP_PPK).exists()


def hr_delegasi_scope(user):
    """HR accounts the PPK may delegate penetapan to: the active HR of the PPK's own instansi."""
    if not can_delegasi_penetapan(user):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.none()
    return base.petugas_hr([base.peran(user).petugas.instansi_id])


# ---------------------------------------------------------------------------- the navigation menu (pembinaan.menu)

def menu_pelatihan(user):
    """Which entries of the Pelatihan menu ``user`` sees (a convenience: every page decides again): their own pages
    (linked to an employee), an atasan's, the instansi's figures (HR and pimpinan), HR's, and the plan's setter."""
    p, hr = base.peran(user), can_manage(user)
    return {"sendiri": p.pegawai is not None, "atasan": p.atasan, "agregat": p.lihat_dasbor, "hr": hr,
            "penetap": not hr and _penetap(user)}  # HR sees the plan anyway: no permission query for them


# ---------------------------------------------------------------------------- issue 13 B: LTI 1.3 platform
def lti_launch_scope(user):
    """Line items ``user`` may launch: of an active tool, of a programme they take part in (registered or passed)."""
    from .models import LineItemLTI

    p = base.peran(user)
    if p.pegawai is None:
        return LineItemLTI.objects.none()
    mine = Peserta.objects.filter(pegawai=p.pegawai, status__in=("terdaftar", "lulus")).values("program_id")
    return LineItemLTI.objects.filter(program_id__in=mine, registrasi__aktif=True)


def lti_registrasi_scope(user):
    """Tool registrations HR of the instansi manages."""
    from .models import RegistrasiLTI

    p = base.peran(user)
    if p.hr:
        return RegistrasiLTI.objects.filter(instansi=p.petugas.instansi)
    return RegistrasiLTI.objects.none()
