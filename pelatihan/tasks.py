"""Celery beat jobs of pelatihan/: thin adapters over services (static schedule in settings)."""

from celery import shared_task

from .services import evaluasi_pasca, pengingat


@shared_task
def pengingat_sesi_task():
    return pengingat.pengingat_sesi()


@shared_task
def pengingat_jp_task():
    return pengingat.pengingat_jp()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def evaluasi_pasca_harian_task():
    """Daily: schedule the EPP that became possible, remind atasan of due ones. Idempotent (a second run
    the same day queues nothing: the outbox is unique per recipient, kind, key and day)."""
    return evaluasi_pasca.evaluasi_pasca_harian()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def kebutuhan_susun_task(siklus_id):
    """Derive the needs of a planning cycle (issue 11). Idempotent: a redelivery creates nothing new."""
    from .services.kebutuhan import kebutuhan_susun

    return kebutuhan_susun(siklus_id=siklus_id)
