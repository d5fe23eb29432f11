"""Daily mentoring nudges into the outbox (beat, Asia/Jakarta).

- To the mentor and the mentee of an active pair that has had no session (logged or confirmed) for the
  instansi's ``hari_tanpa_sesi`` days (counted from the planned start when there is none yet).
- To the instansi's HR when an active pair passed its planned end without a closing summary: one digest
  per HR officer per day listing those pairs.

A pair is nudged again at most every ULANG_HARI days (``diingatkan_pada`` / ``hr_diingatkan_pada``), and the
outbox is unique per recipient, kind, key and day, so a second run on the same day (beat firing twice, a
redelivered task) writes nothing new.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from pembinaan.models import Instansi
from pembinaan.services.notifikasi import notifikasi_queue_many

from .. import access, selectors
from ..models import PasanganMentoring

PS = PasanganMentoring.Status
ULANG_HARI = 7
DAFTAR_DIGEST = 20


def _belum_diingatkan(field, today):
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lte": today - timedelta(days=ULANG_HARI)})


def pengingat_scan(today=None):
    """Returns {"tanpa_sesi": pairs nudged, "lewat_rencana": pairs reported to HR}."""
    today = today or timezone.localdate()
    hasil = {"tanpa_sesi": 0, "lewat_rencana": 0}
    instansi_ids = (PasanganMentoring.objects.filter(status=PS.AKTIF).values_list("instansi_id", flat=True)
                    .distinct())
    for instansi in Instansi.objects.filter(pk__in=instansi_ids):
        with transaction.atomic():
            hasil["tanpa_sesi"] += _tanpa_sesi(instansi, today)
            hasil["lewat_rencana"] += _lewat_rencana(instansi, today)
    return hasil


def _tanpa_sesi(instansi, today):
    pasangan = list(selectors.tanpa_aktivitas(
        PasanganMentoring.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(instansi=instansi, rencana_mulai__lte=today).filter(_belum_diingatkan("diingatkan_pada", today)),
        selectors.batas_aktivitas(instansi.pk, today)).select_related("mentor__user", "mentee__user"))
    items = []
    for p in pasangan:
        tautan = reverse("mentoring:pasangan-detail", args=[p.pk])
        sejak = (today - p.terakhir).days
        for orang, lain, peran in ((p.mentor, p.mentee, "mentee"), (p.mentee, p.mentor, "mentor")):
            if orang.user_id is None:
                continue
            items.append(dict(
                penerima=orang.user, instansi_id=instansi.pk, jenis="mentoring_tanpa_sesi", kunci=f"pasangan-{p.pk}",
                tanggal=today,
                judul="Belum ada sesi mentoring",
                isi=(f"Sudah {sejak} hari tidak ada sesi mentoring dengan {peran} Anda, {lain.nama}. "
                     f"Jadwalkan pertemuan dan catat sesinya di aplikasi."),
                tautan=tautan))
    notifikasi_queue_many(items)
    PasanganMentoring.objects.filter(pk__in=[p.pk for p in pasangan]).update(diingatkan_pada=today)
    return len(pasangan)


def _lewat_rencana(instansi, today):
    pasangan = list(
        PasanganMentoring.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(instansi=instansi, status=PS.AKTIF, rencana_selesai__lt=today)
        .filter(_belum_diingatkan("hr_diingatkan_pada", today))
        .select_related("mentor", "mentee").order_by("rencana_selesai", "pk"))
    if not pasangan:
        return 0
    daftar = "\n".join(f"- {p.mentee.nama} (mentor {p.mentor.nama}), rencana selesai {p.rencana_selesai:%d-%m-%Y}"
                       for p in pasangan[:DAFTAR_DIGEST])
    if len(pasangan) > DAFTAR_DIGEST:
        daftar += f"\n… dan {len(pasangan) - DAFTAR_DIGEST} pasangan lain."
    tautan = reverse("mentoring:pasangan-list") + "?kondisi=lewat_rencana"
    hr = access.petugas_hr(instansi)
    notifikasi_queue_many([dict(
        penerima=u, instansi_id=instansi.pk, jenis="mentoring_lewat_rencana", kunci="pasangan-lewat-rencana",
        tanggal=today,
        judul=f"{len(pasangan)} pasangan mentoring melewati rencana selesai",
        isi=("Pasangan berikut masih aktif setelah rencana selesai dan belum punya ringkasan penutup. "
             "Selesaikan dengan ringkasan penutup atau perpanjang rencananya:\n" + daftar),
        tautan=tautan) for u in hr])
    PasanganMentoring.objects.filter(pk__in=[p.pk for p in pasangan]).update(hr_diingatkan_pada=today)
    return len(pasangan)
