"""Celery tasks of evaluasi/: thin adapters over one service."""

from celery import shared_task

from .services.pengingat import pengingat_scan


@shared_task(acks_late=True, reject_on_worker_lost=True)
def pengingat_scan_task():
    """Daily (beat, Asia/Jakarta): reminders and escalations into the outbox. Idempotent: the outbox is unique
    per recipient, kind, key and day, so a second run, beat firing twice or a redelivery writes nothing new."""
    return pengingat_scan()
