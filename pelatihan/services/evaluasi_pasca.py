"""Post-training evaluation (EPP, Kirkpatrick level 3): the supervisor's form some months after completion.

- Scheduled for a participant who passed, with their atasan *at that moment* (a later move does not
  reassign it) and a due date ``EPP_BULAN`` months (default 3) after the programme's last session.
- No atasan: nothing is scheduled; ``evaluasi_pasca_tanpa_atasan`` lists these for HR. Once HR sets an
  atasan, the daily run schedules it, as long as its due date is still ahead.
- The form opens on the due date; from then on the atasan gets a reminder through the outbox, at most
  one every ``EPP_PENGINGAT_HARI`` days (default 7), until it is filled. The outbox's unique
  (recipient, kind, key, day) makes a second run on the same day queue nothing.
"""

import calendar
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from pembinaan.models import Notifikasi
from pembinaan.services.notifikasi import notifikasi_queue_many

from .. import access
from ..models import EvaluasiPascaPelatihan, Peserta, SesiPelatihan
from ..sertifikat import tanggal_id

JENIS_PENGINGAT = "epp_pengingat"


def bulan_epp():
    return getattr(settings, "EPP_BULAN", 3)


def hari_pengingat():
    return max(1, getattr(settings, "EPP_PENGINGAT_HARI", 7))


def tambah_bulan(d, n):
    """``d`` plus ``n`` calendar months, the day clamped to the month's end (30 November + 3 → 28/29 Februari)."""
    m = d.month - 1 + n
    tahun, bulan = d.year + m // 12, m % 12 + 1
    return date(tahun, bulan, min(d.day, calendar.monthrange(tahun, bulan)[1]))


def _kunci(evaluasi_id):
    return f"epp:{evaluasi_id}"


@transaction.atomic
def evaluasi_pasca_schedule(*, peserta, today=None):
    """The EPP of a participant who passed (idempotent: an existing one is returned unchanged).

    Returns None when the participant has no atasan: nothing to schedule (see ``evaluasi_pasca_tanpa_atasan``).
    """
    peserta = (Peserta.objects.select_for_update(of=("self",), no_key=True)
               .select_related("pegawai").get(pk=peserta.pk))
    if peserta.status != Peserta.Status.LULUS:
        raise ValidationError("Evaluasi pasca pelatihan hanya untuk peserta yang lulus.")
    existing = EvaluasiPascaPelatihan.objects.filter(peserta=peserta).first()
    if existing is not None:
        return existing
    if peserta.pegawai.atasan_id is None:
        return None
    selesai = (SesiPelatihan.objects.filter(program_id=peserta.program_id).aggregate(t=Max("tanggal"))["t"]
               or today or timezone.localdate())
    return EvaluasiPascaPelatihan.objects.create(peserta=peserta, atasan_id=peserta.pegawai.atasan_id,
                                                 jatuh_tempo=tambah_bulan(selesai, bulan_epp()))


@transaction.atomic
def evaluasi_pasca_submit(*, actor, evaluasi, penerapan, contoh_penerapan="", dampak="", today=None):
    """The atasan recorded on the EPP fills it in (and may correct it later); open from the due date on."""
    today = today or timezone.localdate()
    evaluasi = (EvaluasiPascaPelatihan.objects.select_for_update(of=("self",)).select_related("atasan")
                .get(pk=evaluasi.pk))
    if not access.can_fill_evaluasi_pasca(actor, evaluasi):
        raise PermissionDenied
    if today < evaluasi.jatuh_tempo:
        raise ValidationError(f"Evaluasi ini dapat diisi mulai {tanggal_id(evaluasi.jatuh_tempo)}.")
    try:
        penerapan = int(penerapan)
    except (TypeError, ValueError):
        penerapan = 0
    if not 1 <= penerapan <= 5:
        raise ValidationError("Nilai penerapan harus 1 sampai 5.")
    evaluasi.penerapan = penerapan
    evaluasi.contoh_penerapan = (contoh_penerapan or "").strip()
    evaluasi.dampak = (dampak or "").strip()
    evaluasi.diisi_pada = timezone.now()
    evaluasi.save(update_fields=["penerapan", "contoh_penerapan", "dampak", "diisi_pada"])
    return evaluasi


def evaluasi_pasca_schedule_missing(*, today=None):
    """Schedule the EPP of participants who passed, have an atasan now, and have none yet, when the due
    date would still be ahead (an atasan set after completion). Returns how many were scheduled."""
    today = today or timezone.localdate()
    batas = tambah_bulan(today, -bulan_epp())  # last session on or after this: due date not passed
    ids = list(Peserta.objects.filter(status=Peserta.Status.LULUS, evaluasi_pasca__isnull=True,
                                      pegawai__atasan__isnull=False)
               .annotate(akhir=Max("program__sesi__tanggal")).filter(akhir__gte=batas)
               .values_list("pk", flat=True))
    n = 0
    for pk in ids:
        n += evaluasi_pasca_schedule(peserta=Peserta(pk=pk), today=today) is not None
    return n


def evaluasi_pasca_remind(*, today=None):
    """Queue a reminder to the atasan of every EPP due and not filled, unless one was queued for it within
    the last ``EPP_PENGINGAT_HARI`` days. Returns how many were queued (a second run the same day: 0)."""
    today = today or timezone.localdate()
    due = list(EvaluasiPascaPelatihan.objects.filter(diisi_pada__isnull=True, jatuh_tempo__lte=today,
                                                     atasan__user__isnull=False)
               .select_related("atasan__user", "peserta__pegawai", "peserta__program__instansi"))
    if not due:
        return 0
    sejak = today - timedelta(days=hari_pengingat() - 1)
    sudah = set(Notifikasi.objects.filter(jenis=JENIS_PENGINGAT, kunci__in=[_kunci(e.pk) for e in due],
                                          tanggal__gte=sejak, tanggal__lte=today)
                .values_list("penerima_id", "kunci"))
    items = []
    for e in due:
        if (e.atasan.user_id, _kunci(e.pk)) in sudah:
            continue
        program, pegawai = e.peserta.program, e.peserta.pegawai
        items.append({
            "penerima": e.atasan.user, "jenis": JENIS_PENGINGAT, "kunci": _kunci(e.pk), "tanggal": today,
            "instansi": program.instansi,
            "judul": f"Evaluasi pasca pelatihan: {pegawai.nama}",
            "isi": (f"{pegawai.nama_lengkap} telah lulus \"{program.judul}\". Mohon isi evaluasi pasca pelatihan: "
                    f"sejauh mana hasil pelatihan diterapkan dalam pekerjaan. Jatuh tempo "
                    f"{tanggal_id(e.jatuh_tempo)}."),
            "tautan": reverse("pelatihan:evaluasi-pasca-submit", args=[e.pk]),
        })
    before = Notifikasi.objects.filter(jenis=JENIS_PENGINGAT, tanggal=today).count()
    notifikasi_queue_many(items)
    return Notifikasi.objects.filter(jenis=JENIS_PENGINGAT, tanggal=today).count() - before


def evaluasi_pasca_harian(*, today=None):
    """The daily run: schedule what became possible, then remind."""
    today = today or timezone.localdate()
    return {"dijadwalkan": evaluasi_pasca_schedule_missing(today=today),
            "pengingat": evaluasi_pasca_remind(today=today)}
