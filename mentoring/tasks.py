"""Celery tasks of mentoring/: thin adapters over one service."""

from celery import shared_task

from .services.pengingat import pengingat_scan


@shared_task(acks_late=True, reject_on_worker_lost=True)
def pengingat_mentoring_task():
    """Daily (beat, Asia/Jakarta): nudges for pairs without sessions and pairs past their planned end, into the
    outbox. Idempotent: running twice on one day writes nothing new."""
    return pengingat_scan()
