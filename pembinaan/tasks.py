"""Celery tasks: thin adapters that take ids and call one service."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from . import services
from .models import ImporPegawai


@shared_task(acks_late=True, reject_on_worker_lost=True)
def outbox_send_task():
    """Idempotent (row locks + status), so a redelivery after a worker crash is harmless."""
    sent, failed, retried = services.outbox_send()
    return {"terkirim": sent, "gagal": failed, "dicoba_lagi": retried}


@shared_task
def impor_check_task(impor_id):
    services.impor_check(impor_id=impor_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def impor_apply_task(impor_id):
    """Idempotent: it only runs on an import in state 'mengimpor', and matching is by NIP."""
    services.impor_apply(impor_id=impor_id)


@shared_task
def impor_cleanup_task():
    """Uploaded files are personal data: delete them 30 days after the import ended."""
    batas = timezone.now() - timedelta(days=30)
    for impor in ImporPegawai.objects.filter(dibuat__lt=batas).exclude(berkas=""):
        impor.berkas.delete(save=True)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def transparansi_bangun_task(snapshot_id):
    """Idempotent: only a snapshot still in "draf" is built (issue 12)."""
    from .services.transparansi import transparansi_bangun

    transparansi_bangun(snapshot_id=snapshot_id)


@shared_task
def transparansi_draf_bulanan_task():
    """The 1st of each month: a draft snapshot of every instansi, for HR to review and publish."""
    from .services.transparansi import transparansi_draf_bulanan

    return transparansi_draf_bulanan()
