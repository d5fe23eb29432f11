"""Accounts: bulk creation for a unit, invitations and password resets through the outbox."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction

from .. import access
from ..accounts import lama_berlaku
from ..models import Instansi, Pegawai, UnitKerja
from .notifikasi import notifikasi_queue_many

User = get_user_model()


@transaction.atomic
def akun_create_for_unit(*, actor, unit: UnitKerja, termasuk_subunit=True):
    """Give every active employee of ``unit`` (and its sub-units) without an account an account.

    The username is the NIP; no password is set (nobody can log in with it) until the employee
    follows the invitation link, which goes out through the outbox. Passwords are never shown
    to HR or stored anywhere readable, and neither is the link: the outbox renders it when it sends
    the e-mail (see ``pembinaan.accounts``). Returns (created, without_email).
    """
    if not access.can_manage_pegawai(actor) or not access.unit_scope(actor).filter(pk=unit.pk).exists():
        raise PermissionDenied
    unit_ids = [unit.pk]
    if termasuk_subunit:
        frontier = [unit.pk]
        while frontier:
            frontier = list(UnitKerja.objects.filter(induk_id__in=frontier).values_list("id", flat=True))
            unit_ids += frontier
    pegawai = list(
        Pegawai.objects.filter(unit_kerja_id__in=unit_ids, user__isnull=True, status="aktif")
        .select_for_update()
        .order_by("id")
    )
    taken = set(User.objects.filter(username__in=[p.nip for p in pegawai]).values_list("username", flat=True))
    pegawai = [p for p in pegawai if p.nip not in taken]
    users = []
    for p in pegawai:
        user = User(username=p.nip, email=p.email, first_name=p.nama[:150])
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users, batch_size=1000)
    for p, user in zip(pegawai, users, strict=True):
        p.user = user
    Pegawai.objects.bulk_update(pegawai, ["user"], batch_size=1000)
    berlaku = lama_berlaku("undangan_akun")
    notifikasi_queue_many(
        dict(penerima=user, instansi=unit.instansi, jenis="undangan_akun", kunci=f"user:{user.pk}",
             judul="Akun Pembinaan ASN Anda",
             isi=(f"Yth. {p.nama_lengkap},\n\nAkun Pembinaan ASN telah dibuat untuk Anda. Nama pengguna: NIP Anda "
                  f"({p.nip}). Buka tautan berikut untuk membuat kata sandi (berlaku {berlaku}; setelah itu minta "
                  f"tautan baru lewat \"Lupa kata sandi\" di halaman masuk):"))
        for p, user in zip(pegawai, users, strict=True)
    )
    return len(users), sum(1 for u in users if not u.email)


def password_reset_queue(*, user):
    """Queue a password-reset e-mail (used by the password-reset form instead of sending directly).

    The row holds no link: the outbox renders a fresh reset token when it sends the e-mail.
    """
    from django.utils import timezone

    from .notifikasi import notifikasi_queue

    pegawai = Pegawai.objects.filter(user=user).only("instansi_id").first()
    petugas = getattr(user, "petugas", None)
    instansi_id = pegawai.instansi_id if pegawai else (petugas.instansi_id if petugas else None)
    return notifikasi_queue(
        penerima=user, instansi=Instansi(pk=instansi_id) if instansi_id else None, jenis="reset_sandi",
        kunci=f"user:{user.pk}:{timezone.now():%H}",
        judul="Atur ulang kata sandi Pembinaan ASN",
        isi="Seseorang (semoga Anda) meminta pengaturan ulang kata sandi. Buka tautan berikut untuk membuat "
            f"kata sandi baru (berlaku {lama_berlaku('reset_sandi')}). Abaikan e-mail ini jika Anda tidak memintanya.",
    )
