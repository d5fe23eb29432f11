"""Self check-in codes: short, rotating, computed, never stored.

The code shown in the room is HMAC-SHA256(key, "<sesi_id>:<time step>") written as six characters of an
alphabet without look-alikes (no 0/O, 1/I). The key is derived from SECRET_KEY, so every web process
computes the same code and nothing is written anywhere. A code is accepted during its own step and the
next one (a code read just before it rotated still works); an older code of the same session is
"kedaluwarsa", anything else "salah".

The check-in window of a session runs from ``PRESENSI_MARGIN_MENIT`` minutes before its start to as many
minutes after its end, on the session date in Asia/Jakarta.
"""

import datetime
import hashlib
import hmac
import math
import time

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

ALFABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 characters: 5 bits each, no 0/O/1/I
PANJANG = 6
LANGKAH_DETIK = 45
MARGIN_MENIT = 30
# How far back a code is still recognised as "expired" rather than "wrong" (in time, not steps).
KENALI_KEDALUWARSA_JAM = 12

SAH, KEDALUWARSA, SALAH = "sah", "kedaluwarsa", "salah"


def langkah_detik():
    return int(getattr(settings, "PRESENSI_LANGKAH_DETIK", LANGKAH_DETIK))


def margin():
    return datetime.timedelta(minutes=int(getattr(settings, "PRESENSI_MARGIN_MENIT", MARGIN_MENIT)))


def _detik(now):
    return now.timestamp() if now is not None else time.time()


def langkah(now=None):
    """The time step ``now`` (an aware datetime; default: the current time) falls in."""
    return int(_detik(now) // langkah_detik())


def sisa_detik(now=None):
    """Seconds until the code rotates."""
    step = langkah_detik()
    return max(1, math.ceil(step - _detik(now) % step))


def _kunci():
    return hmac.new(settings.SECRET_KEY.encode(), b"pembinaan.pelatihan.presensi", hashlib.sha256).digest()


def _kode(kunci, sesi_id, step):
    digest = hmac.new(kunci, f"{sesi_id}:{step}".encode(), hashlib.sha256).digest()
    n = int.from_bytes(digest[:8], "big")
    return "".join(ALFABET[(n >> (5 * i)) & 31] for i in range(PANJANG))


def kode_untuk(sesi_id, step):
    """The code of session ``sesi_id`` during time step ``step``."""
    return _kode(_kunci(), sesi_id, step)


def kode_sekarang(sesi_id, now=None):
    return kode_untuk(sesi_id, langkah(now))


def normalisasi(kode):
    """What the participant typed, as a code: spaces and dashes dropped, upper case."""
    return "".join(ch for ch in (kode or "").upper() if ch not in " -\t\u00a0")


def periksa_kode(sesi_id, kode, now=None):
    """``SAH`` for the current or the previous step, ``KEDALUWARSA`` for an older step of this
    session (up to KENALI_KEDALUWARSA_JAM hours back), ``SALAH`` otherwise."""
    kode = normalisasi(kode)
    if len(kode) != PANJANG or any(ch not in ALFABET for ch in kode):
        return SALAH
    kunci = _kunci()
    sekarang = langkah(now)

    def cocok(step):
        return hmac.compare_digest(kode, _kode(kunci, sesi_id, step))

    if cocok(sekarang) or cocok(sekarang - 1):
        return SAH
    mundur = KENALI_KEDALUWARSA_JAM * 3600 // langkah_detik()
    if any(cocok(sekarang - k) for k in range(2, mundur + 1)):
        return KEDALUWARSA
    return SALAH


def tautan(sesi_id, kode):
    """The path the QR code points to (the view makes it absolute)."""
    return reverse("pelatihan:kehadiran-checkin", kwargs={"sesi_id": sesi_id, "kode": kode})


def jendela(sesi):
    """(buka, tutup): aware datetimes between which participants may check themselves in."""
    tz = timezone.get_default_timezone()  # Asia/Jakarta
    mulai = datetime.datetime.combine(sesi.tanggal, sesi.jam_mulai, tzinfo=tz)
    selesai = datetime.datetime.combine(sesi.tanggal, sesi.jam_selesai, tzinfo=tz)
    return mulai - margin(), selesai + margin()


def dalam_jendela(sesi, now=None):
    buka, tutup = jendela(sesi)
    return buka <= (now or timezone.now()) <= tutup
