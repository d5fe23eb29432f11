"""Who may see and do what. The one place where access is decided (docs/architecture.md §1).

Views fetch objects only through these scopes (``get_object_or_404(pegawai_scope(user), pk=...)``),
so an object outside a user's scope answers 404 exactly like a missing one.

Roles:
- superadmin: ``is_superuser``; works through the Django admin (the one rule: ``is_superadmin`` below);
- Admin BKPSDM (HR): Group "Admin BKPSDM" + a ``Petugas`` row naming the instansi;
- Pimpinan: Group "Pimpinan" + ``Petugas``; aggregates of the instansi only;
- atasan: derived, any employee who has subordinates; sees them (direct and indirect, read-only);
- pegawai: any user linked to a ``Pegawai`` row; sees their own record.
"""

from functools import cached_property

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL

from . import baris
from .models import ImporPegawai, Instansi, Notifikasi, Pegawai, UnitKerja

GRUP_HR = "Admin BKPSDM"
GRUP_PIMPINAN = "Pimpinan"

# All subordinates of one employee, at any depth (atasan chains are short: a CTE is cheap).
_BAWAHAN_SQL = """
WITH RECURSIVE bawahan(id) AS (
    SELECT id FROM pembinaan_pegawai WHERE atasan_id = %s
    UNION
    SELECT p.id FROM pembinaan_pegawai p JOIN bawahan b ON p.atasan_id = b.id
)
SELECT id FROM bawahan
"""


class Peran:
    """The roles of one user, computed once per request (see ``peran``)."""

    def __init__(self, user, **dibaca):
        """``pegawai=``: the employee row as already read with the account (``muat_pengguna``)."""
        self.user = user
        if "pegawai" in dibaca:
            self.__dict__["pegawai"] = dibaca["pegawai"]  # the cached_property below, already answered

    @cached_property
    def petugas(self):
        if not self.user.is_authenticated:
            return None
        # Most accounts are employees: their one role query (``pegawai``) also says whether a Petugas row exists.
        pegawai = self.pegawai
        if pegawai is not None and not pegawai._ada_petugas:
            return None
        return _petugas_peran(self.user.pk)  # with the names of the user's groups (HR or pimpinan), one query

    @cached_property
    def _grup(self):
        if not self.user.is_authenticated:
            return set()
        if self.petugas is not None:
            return set(self.petugas._grup)
        return set(self.user.groups.values_list("name", flat=True))

    @cached_property
    def pegawai(self):
        """The user's employee row, read with the two other role facts a full page needs (has subordinates, has a
        Petugas row) in the same query: one round trip instead of three, each fact read once per request."""
        if not self.user.is_authenticated:
            return None
        return _pegawai_peran(self.user.pk)

    @property
    def superadmin(self):
        return self.user.is_authenticated and self.user.is_superuser

    @property
    def hr(self):
        return self.petugas is not None and GRUP_HR in self._grup

    @property
    def pimpinan(self):
        return self.petugas is not None and GRUP_PIMPINAN in self._grup

    @property
    def atasan(self):
        return self.pegawai is not None and self.pegawai._ada_bawahan

    @property
    def instansi(self):
        """The instansi this user works for (HR/pimpinan: their assignment; employee: their own)."""
        if self.petugas is not None:
            return self.petugas.instansi
        return self.pegawai.instansi if self.pegawai else None

    @property
    def lihat_dasbor(self):
        return self.hr or self.pimpinan


# The role queries (``Peran.pegawai`` with the account, ``Peran.petugas`` for HR and pimpinan) run on every page of a
# logged-in user: written by hand from the models' metadata (``pembinaan.baris``), since building the same queries
# through the ORM on every request cost more CPU than everything else in them (issue 14 §5). The results are the
# instances the ORM gives, the instansi cached as select_related does; ``""`` as SQL: read through the ORM.
_SQL = {}


def _sql_pengguna():
    """The account, its employee row with the instansi, "has subordinates" and "has a Petugas row"; takes the user
    id. LEFT JOINs: an account without an employee row still comes back."""
    if "pengguna" not in _SQL:
        from .models import Petugas

        User = get_user_model()  # noqa: N806 (a class)
        if not baris.bisa_dibaca(User, Pegawai, Instansi):
            _SQL["pengguna"] = ""
        else:
            q = connection.ops.quote_name
            pk = q(User._meta.pk.column)
            _SQL["pengguna"] = (
                f"SELECT {baris.kolom('u', User)}, {baris.kolom('x', Pegawai)}, {baris.kolom('i', Instansi)}, "
                f"EXISTS (SELECT 1 FROM {q(Pegawai._meta.db_table)} b "
                f"WHERE b.{q(Pegawai.atasan.field.column)} = x.{q(Pegawai._meta.pk.column)}), "
                f"EXISTS (SELECT 1 FROM {q(Petugas._meta.db_table)} t WHERE t.{q(Petugas.user.field.column)} = u.{pk}) "
                f"FROM {q(User._meta.db_table)} u "
                f"LEFT JOIN {q(Pegawai._meta.db_table)} x ON x.{q(Pegawai.user.field.column)} = u.{pk} "
                f"LEFT JOIN {q(Instansi._meta.db_table)} i ON i.{q(Instansi._meta.pk.column)} = "
                f"x.{q(Pegawai.instansi.field.column)} WHERE u.{pk} = %s")
    return _SQL["pengguna"]


def _sql_petugas():
    """The Petugas row with its instansi and the names of the user's groups; takes the user id."""
    if "petugas" not in _SQL:
        from .models import Petugas

        if not baris.bisa_dibaca(Petugas, Instansi):
            _SQL["petugas"] = ""
        else:
            q = connection.ops.quote_name
            User = get_user_model()  # noqa: N806 (a class)
            through = User.groups.through
            anggota, grup = through._meta.get_field("user"), through._meta.get_field("group")
            Group = grup.related_model  # noqa: N806
            user = q(Petugas.user.field.column)
            _SQL["petugas"] = (
                f"SELECT {baris.kolom('x', Petugas)}, {baris.kolom('i', Instansi)}, "
                f"ARRAY (SELECT g.{q(Group._meta.get_field('name').column)} FROM {q(through._meta.db_table)} ug "
                f"JOIN {q(Group._meta.db_table)} g ON g.{q(Group._meta.pk.column)} = ug.{q(grup.column)} "
                f"WHERE ug.{q(anggota.column)} = x.{user}) "
                f"FROM {q(Petugas._meta.db_table)} x JOIN {q(Instansi._meta.db_table)} i "
                f"ON i.{q(Instansi._meta.pk.column)} = x.{q(Petugas.instansi.field.column)} "
                f"WHERE x.{user} = %s LIMIT 1")
    return _SQL["petugas"]


def _baca_pengguna(user_id):
    """(the account, its employee row with the instansi, ``_ada_bawahan`` and ``_ada_petugas``, or None) in one
    query; None when there is no such account; ``NotImplemented`` when the ORM must read."""
    sql = _sql_pengguna()
    if not sql:
        return NotImplemented
    hasil = baris.satu(sql, [user_id])
    if hasil is None:
        return None
    (user, pegawai, instansi), fakta = baris.potong(hasil, get_user_model(), Pegawai, Instansi)
    if pegawai is not None:
        Pegawai.instansi.field.set_cached_value(pegawai, instansi)
        pegawai._ada_bawahan, pegawai._ada_petugas = fakta
    return user, pegawai


def muat_pengguna(user_id):
    """The account ``user_id`` (None: no such account) with its employee row and that row's role facts (what
    ``Peran.pegawai`` reads) in the same query, for the authentication backend (``pembinaan.auth``): every
    logged-in request loads its user, and every page then asks for the roles; one round trip instead of two.
    Nothing is kept beyond the request: the facts live on this user object. ``NotImplemented`` when the ORM must
    read (a field with a database converter)."""
    try:
        user_id = get_user_model()._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    hasil = _baca_pengguna(user_id)
    if hasil is None or hasil is NotImplemented:
        return hasil
    user, pegawai = hasil
    user._peran_cache = Peran(user, pegawai=pegawai)
    return user


def _pegawai_peran(user_id):
    """The employee row of this user (None: none) with ``_ada_bawahan`` (has subordinates) and ``_ada_petugas``
    (has a Petugas row), in one query."""
    hasil = _baca_pengguna(user_id)
    if hasil is NotImplemented:
        from .models import Petugas

        return (Pegawai.objects.select_related("instansi").filter(user_id=user_id)
                .annotate(_ada_bawahan=Exists(Pegawai.objects.filter(atasan=OuterRef("pk"))),
                          _ada_petugas=Exists(Petugas.objects.filter(user=OuterRef("user_id"))))
                .first())
    return hasil[1] if hasil else None


def _petugas_peran(user_id):
    """The Petugas row of this user (None: none) with ``_grup``, the names of the user's groups, in one query."""
    from .models import Petugas

    sql = _sql_petugas()
    if not sql:
        from django.contrib.postgres.expressions import ArraySubquery

        grup = get_user_model().groups.through.objects.filter(user_id=OuterRef("user_id")).values("group__name")
        return (Petugas.objects.select_related("instansi").filter(user_id=user_id)
                .annotate(_grup=ArraySubquery(grup)).first())
    hasil = baris.satu(sql, [user_id])
    if hasil is None:
        return None
    (petugas, instansi), (grup,) = baris.potong(hasil, Petugas, Instansi)
    Petugas.instansi.field.set_cached_value(petugas, instansi)
    petugas._grup = grup
    return petugas


def peran(user):
    """Roles of ``user``, cached on the user object for the rest of the request."""
    cached = getattr(user, "_peran_cache", None)
    if cached is None:
        cached = Peran(user)
        if user.is_authenticated:
            user._peran_cache = cached
    return cached


def pegawai_saya(user):
    """The employee record of ``user`` (None when they have none): what "my" pages are about. Scoping, not a role."""
    return peran(user).pegawai


def instansi_saya(user):
    """The instansi ``user`` works for (HR/pimpinan: their assignment; employee: their own), or None."""
    return peran(user).instansi


# ---------------------------------------------------------------------------- superadmin: the one rule

def petugas_hr(instansi_ids):
    """Active accounts that are HR (Admin BKPSDM) of these instansi: who hears what HR must follow up and who acts
    as HR in the demo. The one place that says what "HR of an instansi" means for a query."""
    return (get_user_model().objects.filter(is_active=True, groups__name=GRUP_HR,
                                            petugas__instansi_id__in=list(instansi_ids)).order_by("pk"))


def is_superadmin(user):
    """The one superadmin rule, for the access module of every app.

    A superadmin (``is_superuser``) works through the Django admin: the landing page sends them there and the
    admin's export, which no instansi scopes, is theirs alone. The records app's read scopes (instansi, employees,
    units) include everything for them, so that the admin's links to a record open. Every page that needs a role
    of the instansi (HR, pimpinan, employee, atasan) answers a superadmin without that role 404, as anyone without
    it: being superadmin is never a role of an instansi."""
    return peran(user).superadmin


def can_use_admin(user):
    """The landing page sends a superadmin with no role of an instansi to the Django admin."""
    return is_superadmin(user)


def can_export_all(user):
    """The admin's employee export, across every instansi: superadmin only (HR exports from the employee list)."""
    return is_superadmin(user)


# ---------------------------------------------------------------------------- scopes (reads)

def instansi_scope(user):
    p = peran(user)
    if p.superadmin:
        return Instansi.objects.all()
    if p.instansi is not None:
        return Instansi.objects.filter(pk=p.instansi.pk)
    return Instansi.objects.none()


def pegawai_scope(user):
    """Employees ``user`` may look at."""
    p = peran(user)
    if p.superadmin:
        return Pegawai.objects.all()
    if p.hr:
        return Pegawai.objects.filter(instansi=p.petugas.instansi)
    if p.pegawai is not None:
        return Pegawai.objects.filter(Q(pk=p.pegawai.pk) | Q(pk__in=RawSQL(_BAWAHAN_SQL, [p.pegawai.pk])))
    return Pegawai.objects.none()


def pegawai_list_scope(user):
    """The employee list: HR sees the instansi; an atasan sees their staff (direct and indirect), not themself."""
    p = peran(user)
    if p.superadmin or p.hr:
        return pegawai_scope(user)
    if p.pegawai is not None:
        return Pegawai.objects.filter(pk__in=RawSQL(_BAWAHAN_SQL, [p.pegawai.pk]))
    return Pegawai.objects.none()


def pegawai_edit_scope(user):
    """Employees whose record ``user`` may change: HR of their instansi only."""
    p = peran(user)
    if p.superadmin:
        return Pegawai.objects.all()
    if p.hr:
        return Pegawai.objects.filter(instansi=p.petugas.instansi)
    return Pegawai.objects.none()


def bawahan_langsung_scope(user):
    p = peran(user)
    if p.pegawai is None:
        return Pegawai.objects.none()
    return Pegawai.objects.filter(atasan=p.pegawai)


def unit_scope(user):
    """Units whose tree and headcounts ``user`` may see (HR and pimpinan of the instansi)."""
    p = peran(user)
    if p.superadmin:
        return UnitKerja.objects.all()
    if p.hr or p.pimpinan:
        return UnitKerja.objects.filter(instansi=p.petugas.instansi)
    return UnitKerja.objects.none()


def impor_scope(user):
    p = peran(user)
    if p.hr:
        return ImporPegawai.objects.filter(instansi=p.petugas.instansi)
    return ImporPegawai.objects.none()


def notifikasi_scope(user):
    if not user.is_authenticated:
        return Notifikasi.objects.none()
    return Notifikasi.objects.filter(penerima=user)


def notifikasi_gagal_scope(user):
    """Failed e-mails HR must see (their instansi's)."""
    p = peran(user)
    if p.hr:
        return Notifikasi.objects.filter(instansi=p.petugas.instansi, status_email=Notifikasi.StatusEmail.GAGAL)
    return Notifikasi.objects.none()


# ---------------------------------------------------------------------------- abilities (writes)

def can_view_dashboard(user):
    return peran(user).lihat_dasbor


def can_manage_pegawai(user):
    """Create employees, edit records, assign atasan, create accounts, import and export."""
    return peran(user).hr


def can_import(user):
    return peran(user).hr and user.has_perm("pembinaan.import_pegawai")


def can_export(user):
    return peran(user).hr and user.has_perm("pembinaan.export_pegawai")


def pegawai_list_is_instansi(user):
    """The employee list is the whole instansi's (HR), not one's own staff (atasan): its title says which."""
    return peran(user).hr


def can_view_pegawai_list(user):
    """A list of employees: HR (whole instansi) and atasan (their staff)."""
    p = peran(user)
    return p.hr or p.superadmin or p.atasan


def can_use_own_pages(user):
    """Pages about oneself (own JP, attendance code, own results, own mentoring): a user linked to an employee."""
    return peran(user).pegawai is not None


def can_supervise(user):
    """Pages of an atasan about their staff (post-training evaluation, summary of ratings given)."""
    return peran(user).atasan


def can_view_history(user, pegawai):
    """Change history of a record: HR of the instansi and the person themself."""
    p = peran(user)
    if p.hr and pegawai.instansi_id == p.petugas.instansi_id:
        return True
    return p.pegawai is not None and p.pegawai.pk == pegawai.pk


def instansi_for_write(user):
    """The instansi new records created by ``user`` belong to."""
    p = peran(user)
    return p.petugas.instansi if p.hr else None


# ---------------------------------------------------------------------------- transparency snapshots (issue 12)

GRUP_PENERBIT_TRANSPARANSI = "Penerbit Transparansi"  # holds pembinaan.terbitkan_transparansi (migration 0007)

def can_manage_transparansi(user):
    """Build and preview the public transparency snapshots of the instansi: HR."""
    return peran(user).hr


def can_publish_transparansi(user):
    """Publishing is a permission of its own on top of the HR role (like import and export): an HR account
    holds ``pembinaan.terbitkan_transparansi`` directly or through a group."""
    return peran(user).hr and user.has_perm("pembinaan.terbitkan_transparansi")


def transparansi_scope(user):
    """Snapshots (any status) HR may see and preview: their instansi's."""
    from .models import SnapshotTransparansi

    p = peran(user)
    if p.hr:
        return SnapshotTransparansi.objects.filter(instansi=p.petugas.instansi)
    return SnapshotTransparansi.objects.none()


def transparansi_terbit_scope(user):
    """Snapshots ``user`` may publish: their instansi's, with the permission; none otherwise (404)."""
    from .models import SnapshotTransparansi

    if not can_publish_transparansi(user):
        return SnapshotTransparansi.objects.none()
    return transparansi_scope(user)


def penerbit_transparansi_perintah(user, instansi):
    """Who the command ``bangun_transparansi --terbitkan --oleh`` may record as publisher: a superadmin (whoever
    runs manage.py operates the server) or an HR account of that instansi holding the publish permission."""
    return is_superadmin(user) or (can_publish_transparansi(user) and instansi_saya(user) == instansi)


def penerbit_transparansi_bawaan():
    """The command's publisher when none is named: the first active superadmin (None when there is none)."""
    return get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
