"""Who sees and does what in evaluasi/. Builds on pembinaan.access (the one place for roles).

Individual ratings and predikat are personal data (UU 14/2008 Pasal 17 h): only HR of the instansi,
the evaluator, the evaluated employee (after submission) and, for an objection, the evaluator's own
atasan see them. Pimpinan see aggregates only.
"""

from django.db.models import Q

from pembinaan import access as base

from .models import Evaluasi, Keberatan, PeriodeEvaluasi


def can_manage(user):
    return base.peran(user).hr


def periode_scope(user):
    p = base.peran(user)
    if p.hr or p.pimpinan:
        return PeriodeEvaluasi.objects.filter(instansi=p.petugas.instansi)
    return PeriodeEvaluasi.objects.none()


def periode_manage_scope(user):
    p = base.peran(user)
    if p.hr:
        return PeriodeEvaluasi.objects.filter(instansi=p.petugas.instansi)
    return PeriodeEvaluasi.objects.none()


def evaluasi_isi_scope(user):
    """Forms ``user`` fills as the evaluator (in open periods only for writing: the service checks)."""
    p = base.peran(user)
    if p.pegawai is None:
        return Evaluasi.objects.none()
    return Evaluasi.objects.filter(penilai=p.pegawai)


def evaluasi_scope(user):
    """Evaluations ``user`` may read: HR of the instansi; the evaluator; the employee once submitted;
    the evaluator's atasan when an objection is addressed to them."""
    p = base.peran(user)
    if p.hr:
        return Evaluasi.objects.filter(periode__instansi=p.petugas.instansi)
    if p.pegawai is None:
        return Evaluasi.objects.none()
    me = p.pegawai
    return Evaluasi.objects.filter(
        Q(penilai=me) | Q(pegawai=me, status=Evaluasi.Status.DIAJUKAN) | Q(keberatan__pemutus=me)).distinct()


def keberatan_pemutus_scope(user):
    p = base.peran(user)
    if p.pegawai is None:
        return Keberatan.objects.none()
    return Keberatan.objects.filter(pemutus=p.pegawai)


def keberatan_hr_scope(user):
    """Objections of the instansi, for HR to follow up (and to name a decider where the system has none)."""
    p = base.peran(user)
    if p.hr:
        return Keberatan.objects.filter(evaluasi__periode__instansi=p.petugas.instansi)
    return Keberatan.objects.none()


def evaluasi_reopen_scope(user):
    """Forms ``user`` may reopen after submission: HR of the instansi only."""
    p = base.peran(user)
    if p.hr:
        return Evaluasi.objects.filter(periode__instansi=p.petugas.instansi)
    return Evaluasi.objects.none()


def hasil_scope(user):
    """The user's own results: their evaluations, once submitted."""
    p = base.peran(user)
    if p.pegawai is None:
        return Evaluasi.objects.none()
    return Evaluasi.objects.filter(pegawai=p.pegawai, status=Evaluasi.Status.DIAJUKAN)
