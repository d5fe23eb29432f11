"""Who sees and does what in mentoring/: every decision of this app, named once. Builds on pembinaan.access (the
one place for roles, and its one superadmin rule ``base.is_superadmin``: superadmin works through the Django admin,
so no mentoring page or scope grants anything for being superadmin; a superadmin without an HR role gets 404 here).

- HR of the instansi: every pair of the instansi (create, edit, end, bulk, suggestions, overview, export,
  settings); they may withdraw a session recorded by mistake.
- Pimpinan: the overview aggregates only (no names).
- Mentor and mentee: the pairs they are in (any status, so history stays readable) and those pairs'
  sessions and forms. Nobody else: another mentor's pair answers 404, like a missing one.

Views fetch through the scopes and answer 404 outside them; services call the ``can_*`` predicates with their
``actor`` and refuse (PermissionDenied); templates get booleans computed from them (``tindakan_pasangan``,
``tindakan_sesi``). The session predicates that take an employee (``pihak``, ``pihak_*``) serve the services
whose actor is the employee acting as mentor or mentee.
"""

from dataclasses import dataclass

from django.db.models import Q

from pembinaan import access as base

from .models import PasanganMentoring, SesiMentoring

PS = PasanganMentoring.Status
SS = SesiMentoring.Status


pegawai_saya = base.pegawai_saya  # the user's own employee record: who they are, not what they may do
instansi_saya = base.instansi_saya  # the instansi whose figures the overview shows


def _instansi_hr_id(user):
    p = base.peran(user)
    return p.petugas.instansi_id if p.hr else None


def petugas_hr(instansi):
    """Active HR accounts of ``instansi`` (recipients of the HR digest; the demo's acting HR)."""
    return base.petugas_hr([instansi.pk])


# ---------------------------------------------------------------------------- abilities (pages and services)

def can_manage(user):
    """HR pages of mentoring: pairs of their instansi, bulk, suggestions, export, settings."""
    return _instansi_hr_id(user) is not None


def can_manage_instansi(user, instansi):
    """Create pairs and change the settings of ``instansi``: its HR."""
    return instansi is not None and _instansi_hr_id(user) == instansi.pk


def can_manage_pasangan(user, pasangan):
    """Edit, activate, end a pair; withdraw any of its sessions: HR of the pair's instansi."""
    return _instansi_hr_id(user) == pasangan.instansi_id and pasangan.instansi_id is not None


def can_view_overview(user):
    p = base.peran(user)
    return p.hr or p.pimpinan


def can_use_own_pages(user):
    """'Mentoring saya': a user linked to an employee."""
    return pegawai_saya(user) is not None


# ---------------------------------------------------------------------------- the parties of a pair

def pihak(pegawai, pasangan):
    """"mentor", "mentee" or None: the side ``pegawai`` is on in ``pasangan``."""
    if pegawai is None:
        return None
    if pegawai.pk == pasangan.mentor_id:
        return "mentor"
    if pegawai.pk == pasangan.mentee_id:
        return "mentee"
    return None


def pihak_can_log(pegawai, pasangan):
    """Log a session: the mentor or the mentee."""
    return pihak(pegawai, pasangan) is not None


def pihak_can_edit_sesi(pegawai, sesi):
    """Correct a session: its author."""
    return pegawai is not None and sesi.penulis_id == pegawai.pk


def pihak_can_decide_sesi(pegawai, sesi):
    """Confirm or reject a session: the other side of the pair, never its author."""
    return pihak(pegawai, sesi.pasangan) is not None and sesi.penulis_id != pegawai.pk


def pihak_can_fill_b18(pegawai, sesi):
    """B.1.8 feedback on a session: the mentee."""
    return pihak(pegawai, sesi.pasangan) == "mentee"


def pihak_can_fill_b19(pegawai, pasangan):
    """B.1.9 competency follow-up: the mentor."""
    return pihak(pegawai, pasangan) == "mentor"


def can_withdraw_sesi(user, sesi):
    """Withdraw a session: its author, or HR of the pair's instansi (for a session recorded by mistake)."""
    return pihak_can_edit_sesi(pegawai_saya(user), sesi) or can_manage_pasangan(user, sesi.pasangan)


# ---------------------------------------------------------------------------- booleans for the pair page

@dataclass(frozen=True)
class TindakanPasangan:
    kelola: bool  # HR: the HR breadcrumb and buttons
    anda_mentor: bool
    anda_mentee: bool
    catat_sesi: bool
    b19: bool
    aktifkan: bool
    ubah: bool
    selesaikan: bool
    batalkan: bool


def tindakan_pasangan(user, pasangan):
    """What ``user`` may do on the pair's page now (who they are, combined with the pair's status)."""
    saya = pihak(pegawai_saya(user), pasangan)
    kelola = can_manage_pasangan(user, pasangan)
    terbuka = pasangan.status in (PS.USULAN, PS.AKTIF)
    return TindakanPasangan(
        kelola=kelola, anda_mentor=saya == "mentor", anda_mentee=saya == "mentee",
        catat_sesi=saya is not None and pasangan.status == PS.AKTIF,
        b19=saya == "mentor" and pasangan.status in (PS.AKTIF, PS.SELESAI),
        aktifkan=kelola and pasangan.status == PS.USULAN, ubah=kelola and terbuka,
        selesaikan=kelola and pasangan.status == PS.AKTIF, batalkan=kelola and terbuka)


@dataclass(frozen=True)
class TindakanSesi:
    konfirmasi: bool  # also reject
    ubah: bool
    tarik: bool
    b18: bool


def tindakan_sesi(user, sesi):
    """What ``user`` may do on one session of the pair's page (``sesi.pasangan`` already loaded)."""
    saya = pegawai_saya(user)
    menunggu = sesi.status == SS.MENUNGGU
    return TindakanSesi(
        konfirmasi=menunggu and pihak_can_decide_sesi(saya, sesi),
        ubah=menunggu and pihak_can_log(saya, sesi.pasangan) and pihak_can_edit_sesi(saya, sesi),
        tarik=sesi.status in (SS.MENUNGGU, SS.DIKONFIRMASI) and can_withdraw_sesi(user, sesi),
        b18=sesi.status == SS.DIKONFIRMASI and pihak_can_fill_b18(saya, sesi))


# ---------------------------------------------------------------------------- scopes (reads)

def _pihak_q(pegawai):
    return Q(mentor=pegawai) | Q(mentee=pegawai)


def pasangan_scope(user):
    """Pairs ``user`` may read."""
    instansi_id = _instansi_hr_id(user)
    if instansi_id is not None:
        return PasanganMentoring.objects.filter(instansi_id=instansi_id)
    return pasangan_pihak_scope(user)


def pasangan_pihak_scope(user):
    """Pairs ``user`` is in as mentor or mentee (where they log and confirm sessions)."""
    pegawai = pegawai_saya(user)
    if pegawai is None:
        return PasanganMentoring.objects.none()
    return PasanganMentoring.objects.filter(_pihak_q(pegawai))


def pasangan_manage_scope(user):
    instansi_id = _instansi_hr_id(user)
    if instansi_id is not None:
        return PasanganMentoring.objects.filter(instansi_id=instansi_id)
    return PasanganMentoring.objects.none()


def sesi_scope(user):
    """Sessions of the pairs ``user`` may read."""
    return SesiMentoring.objects.filter(pasangan__in=pasangan_scope(user))


def sesi_pihak_scope(user):
    return SesiMentoring.objects.filter(pasangan__in=pasangan_pihak_scope(user))


def sesi_withdraw_scope(user):
    """Sessions ``user`` may ask to withdraw: HR those of the instansi's pairs, others those of their own pairs
    (the service then asks ``can_withdraw_sesi``)."""
    return sesi_scope(user) if can_manage(user) else sesi_pihak_scope(user)


def mentee_scope(user):
    """Employees HR may look for a mentor for (their instansi)."""
    scope = base.pegawai_edit_scope(user)
    return scope if can_manage(user) else scope.none()


# ---------------------------------------------------------------------------- the navigation menu (pembinaan.menu)

def menu_mentoring(user):
    """Which entries of the Mentoring menu ``user`` sees (a convenience: every page decides again): HR's pages, the
    pairs of a mentor or mentee, the overview (HR and pimpinan)."""
    return {"hr": can_manage(user), "sendiri": can_use_own_pages(user), "agregat": can_view_overview(user)}
