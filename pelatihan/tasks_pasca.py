"""Celery tasks of certificates, feedback and post-training evaluation: thin adapters over one service."""

from celery import shared_task

from .services import evaluasi_pasca


@shared_task(acks_late=True, reject_on_worker_lost=True)
def evaluasi_pasca_harian_task():
    """Daily: schedule the EPP that became possible, remind atasan of due ones. Idempotent (a second run
    the same day queues nothing: the outbox is unique per recipient, kind, key and day)."""
    return evaluasi_pasca.evaluasi_pasca_harian()
