"""Who sees and does what in mentoring/. Builds on pembinaan.access (the one place for roles).

- HR of the instansi: every pair of the instansi (create, edit, end, bulk, suggestions, overview, export,
  settings); they may withdraw a session recorded by mistake.
- Pimpinan: the overview aggregates only (no names).
- Mentor and mentee: the pairs they are in (any status, so history stays readable) and those pairs'
  sessions and forms. Nobody else: another mentor's pair answers 404, like a missing one.
"""

from django.db.models import Q

from pembinaan import access as base

from .models import PasanganMentoring, SesiMentoring


def can_manage(user):
    return base.peran(user).hr


def can_view_overview(user):
    p = base.peran(user)
    return p.hr or p.pimpinan


def pasangan_scope(user):
    """Pairs ``user`` may read."""
    p = base.peran(user)
    if p.hr:
        return PasanganMentoring.objects.filter(instansi=p.petugas.instansi)
    if p.pegawai is None:
        return PasanganMentoring.objects.none()
    return PasanganMentoring.objects.filter(Q(mentor=p.pegawai) | Q(mentee=p.pegawai))


def pasangan_pihak_scope(user):
    """Pairs ``user`` is in as mentor or mentee (where they log and confirm sessions)."""
    p = base.peran(user)
    if p.pegawai is None:
        return PasanganMentoring.objects.none()
    return PasanganMentoring.objects.filter(Q(mentor=p.pegawai) | Q(mentee=p.pegawai))


def pasangan_manage_scope(user):
    p = base.peran(user)
    if p.hr:
        return PasanganMentoring.objects.filter(instansi=p.petugas.instansi)
    return PasanganMentoring.objects.none()


def sesi_scope(user):
    """Sessions of the pairs ``user`` may read."""
    return SesiMentoring.objects.filter(pasangan__in=pasangan_scope(user))


def sesi_pihak_scope(user):
    return SesiMentoring.objects.filter(pasangan__in=pasangan_pihak_scope(user))


def mentee_scope(user):
    """Employees HR may look for a mentor for (their instansi)."""
    scope = base.pegawai_edit_scope(user)
    return scope if base.peran(user).hr else scope.none()

