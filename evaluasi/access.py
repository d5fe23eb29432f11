"""Who sees and does what in evaluasi/. Builds on pembinaan.access (the one place for roles).

Individual ratings and predikat are personal data (UU 14/2008 Pasal 17 h): only HR of the instansi,
the evaluator, the evaluated employee (after submission) and, for an objection, the evaluator's own
atasan see them. Pimpinan see aggregates only.

Every role decision of this app is named here, once: views fetch through the scopes (404 out of scope)
and hand templates booleans computed by the predicates; services call the same predicates and refuse
with ``PermissionDenied``. Superadmin works through the Django admin only: without an HR or pimpinan
assignment (``Petugas``) a superadmin sees no page of this app, as every other user without one.
"""

from django.db.models import Q

from pembinaan import access as base

from .models import Evaluasi, Keberatan, PeriodeEvaluasi

pegawai_saya = base.pegawai_saya  # the user's own employee record: scoping, not a role


def can_manage(user):
    """HR of an instansi: periods, reassignment, reminder settings, objections without a decider."""
    return base.peran(user).hr


def can_view_periode(user):
    """The period list and the overview aggregates: HR and pimpinan of the instansi."""
    p = base.peran(user)
    return p.hr or p.pimpinan


def can_view_penilai_ringkasan(user):
    """The evaluator's own summary page: any user linked to an employee record."""
    return pegawai_saya(user) is not None


def periode_scope(user):
    p = base.peran(user)
    if can_view_periode(user):
        return PeriodeEvaluasi.objects.filter(instansi=p.petugas.instansi)
    return PeriodeEvaluasi.objects.none()


def periode_manage_scope(user):
    p = base.peran(user)
    if can_manage(user):
        return PeriodeEvaluasi.objects.filter(instansi=p.petugas.instansi)
    return PeriodeEvaluasi.objects.none()


def evaluasi_manage_scope(user):
    """Forms whose evaluator ``user`` may change: HR of the instansi (built on ``periode_manage_scope``)."""
    return Evaluasi.objects.filter(periode__in=periode_manage_scope(user))


def evaluasi_isi_scope(user):
    """Forms ``user`` fills as the evaluator (in open periods only for writing: the service checks)."""
    me = pegawai_saya(user)
    if me is None:
        return Evaluasi.objects.none()
    return Evaluasi.objects.filter(penilai=me)


def is_penilai(user, evaluasi):
    """``user`` is the evaluator of this form (the one who may fill it while it is open)."""
    me = pegawai_saya(user)
    return me is not None and evaluasi.penilai_id == me.pk


def can_view_hasil(user, evaluasi):
    """The ratings of a form ``user`` may open are shown: once submitted, or to its evaluator, or to HR."""
    return evaluasi.status == Evaluasi.Status.DIAJUKAN or is_penilai(user, evaluasi) or can_manage(user)


def evaluasi_scope(user):
    """Evaluations ``user`` may read: HR of the instansi; the evaluator; the employee once submitted;
    the evaluator's atasan when an objection is addressed to them."""
    p = base.peran(user)
    if can_manage(user):
        return Evaluasi.objects.filter(periode__instansi=p.petugas.instansi)
    me = pegawai_saya(user)
    if me is None:
        return Evaluasi.objects.none()
    return Evaluasi.objects.filter(
        Q(penilai=me) | Q(pegawai=me, status=Evaluasi.Status.DIAJUKAN) | Q(keberatan__pemutus=me)).distinct()


def keberatan_pemutus_scope(user):
    me = pegawai_saya(user)
    if me is None:
        return Keberatan.objects.none()
    return Keberatan.objects.filter(pemutus=me)


def keberatan_hr_scope(user):
    """Objections of the instansi, for HR to follow up (and to name a decider where the system has none)."""
    p = base.peran(user)
    if can_manage(user):
        return Keberatan.objects.filter(evaluasi__periode__instansi=p.petugas.instansi)
    return Keberatan.objects.none()


def evaluasi_reopen_scope(user):
    """Forms ``user`` may reopen after submission: HR of the instansi only."""
    p = base.peran(user)
    if can_manage(user):
        return Evaluasi.objects.filter(periode__instansi=p.petugas.instansi)
    return Evaluasi.objects.none()


def can_reopen(user, evaluasi):
    """The reopen button: HR of the form's instansi, the form submitted and its period still open."""
    return (evaluasi_reopen_scope(user).filter(pk=evaluasi.pk).exists()
            and evaluasi.status == Evaluasi.Status.DIAJUKAN
            and evaluasi.periode.status == PeriodeEvaluasi.Status.DIBUKA)


def hasil_scope(user):
    """The user's own results: their evaluations, once submitted."""
    me = pegawai_saya(user)
    if me is None:
        return Evaluasi.objects.none()
    return Evaluasi.objects.filter(pegawai=me, status=Evaluasi.Status.DIAJUKAN)


def pengguna_hr(instansi_ids):
    """Active users who are HR of these instansi: who hears of what HR must follow up (objections without a
    decider, escalations)."""
    return base.petugas_hr(instansi_ids)


# ---------------------------------------------------------------- issue 12: disclosure, organisational predikat

def can_set_predikat_organisasi(user, periode):
    """Record the organisational predikat of the period's units: HR of the period's instansi."""
    return periode_manage_scope(user).filter(pk=periode.pk).exists()


def lihat_distribusi_tepat(user):
    """Exact predikat counts per unit: HR, who open individual forms anyway. Pimpinan see the distributions
    protected by the disclosure rules (pembinaan/pengungkapan.py, the evaluation threshold); so does everyone on
    the shared dashboard."""
    return can_manage(user)


# ---------------------------------------------------------------------------- the navigation menu (pembinaan.menu)

def menu_evaluasi(user):
    """Which entries of the Evaluasi menu ``user`` sees (a convenience: every page decides again): their own pages
    (linked to an employee), an atasan's summary, the period pages (HR and pimpinan), HR's."""
    p = base.peran(user)
    return {"sendiri": p.pegawai is not None, "atasan": p.atasan, "agregat": can_view_periode(user),
            "hr": can_manage(user)}
