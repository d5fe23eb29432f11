"""Transparency demo (issue 12): the demo HR accounts may publish (Group "Penerbit Transparansi"), and each demo
instansi gets one snapshot built and published through the same service the HR pages and ``bangun_transparansi``
use, so ``make run`` shows /transparansi/ working. Registered through ``pembinaan.komposisi.daftar_demo`` after the
other apps' demo data (the snapshot reads every app's indicators). Idempotent: an instansi that already has a
published snapshot is left alone."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from ..access import GRUP_PENERBIT_TRANSPARANSI
from ..models import Instansi, Petugas, SnapshotTransparansi
from .dasar import GRUP_HR, INSTANSI_DEMO


def grup_penerbit():
    """The publishers' group with its permission (migration 0007 makes both; a flushed test database has neither)."""
    grup, _ = Group.objects.get_or_create(name=GRUP_PENERBIT_TRANSPARANSI)
    perm = Permission.objects.filter(content_type__app_label="pembinaan", codename="terbitkan_transparansi").first()
    if perm is not None:
        grup.permissions.add(perm)  # no-op when already there
    return grup


def buat_transparansi_demo():
    """Build and publish today's snapshot of every demo instansi without a published one, as its demo HR account.
    Returns how many were published."""
    from ..services.transparansi import transparansi_bangun_sinkron

    User = get_user_model()
    terbit = set(SnapshotTransparansi.objects.filter(status=SnapshotTransparansi.Status.DITERBITKAN)
                 .values_list("instansi_id", flat=True))
    n = 0
    for instansi in Instansi.objects.filter(kode__in=[k for k, _, _ in INSTANSI_DEMO]).order_by("kode"):
        if instansi.pk in terbit:
            continue
        hr = (User.objects.filter(pk__in=Petugas.objects.filter(instansi=instansi).values("user_id"),
                                  groups__name=GRUP_HR).filter(groups__name=GRUP_PENERBIT_TRANSPARANSI)
              .order_by("username").first())
        if hr is None:
            continue
        transparansi_bangun_sinkron(actor=hr, instansi=instansi, terbitkan=True)
        n += 1
    return n
