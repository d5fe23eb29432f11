"""pelatihan has one tasks module, and every beat entry of pelatihan names a task that module defines."""

import importlib

from django.conf import settings


def test_every_pelatihan_beat_entry_names_a_task_of_pelatihan_tasks():
    entri = [v["task"] for v in settings.CELERY_BEAT_SCHEDULE.values() if v["task"].startswith("pelatihan.")]
    assert len(entri) == 3
    tasks = importlib.import_module("pelatihan.tasks")
    for jalur in entri:
        modul, _, nama = jalur.rpartition(".")
        assert modul == "pelatihan.tasks", jalur
        assert getattr(tasks, nama).name == jalur
