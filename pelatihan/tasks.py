"""Celery beat jobs of pelatihan/: thin adapters over services (static schedule in settings)."""

from celery import shared_task

from .services import pengingat
from .tasks_pasca import evaluasi_pasca_harian_task  # noqa: F401  (registered with the worker)


@shared_task
def pengingat_sesi_task():
    return pengingat.pengingat_sesi()


@shared_task
def pengingat_jp_task():
    return pengingat.pengingat_jp()
