"""Demo evaluation data for `make run`, in every demo instansi that has an HR account.

- a closed quarterly period (the previous quarter's evaluation): forms submitted with a spread of predikat, so
  the results, the overview with its curve check and the SIASN export have content; the demo employee account
  has a result to read; one objection waits for the demo atasan account to decide it;
- an open quarterly period whose deadline is ten days ahead, with forms in every state (belum diisi, draf,
  diajukan); the demo atasan account evaluates their direct subordinates (one submitted, one draft, the rest
  to fill) through the services, as in real use;
- an open monthly period whose deadline has passed, with every form submitted but one evaluator's, so the
  late list and the escalation show.

Periods are created, opened and closed by the instansi's HR through the services. Filling thousands of forms
is done with one UPDATE per rating pair (the predikat still from ``predikat``; the database constraint checks
that a submitted form carries it). Idempotent: an instansi that already has evaluation periods is left alone.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Mod
from django.utils import timezone

from pembinaan.models import Instansi, Pegawai

from . import access
from .models import Evaluasi, Keberatan, PeriodeEvaluasi
from .predikat import Rating, predikat
from .services import form as layanan_form
from .services import periode as layanan_periode

KODE_DEMO = ("BENGKULU", "TEBO", "MERANGIN")
_ROMAWI = ("I", "II", "III", "IV")
_BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")

# (hasil kerja, perilaku kerja) and weight: mostly Baik, some Sangat Baik, a few below expectation.
SEBARAN = [
    ((Rating.SESUAI, Rating.SESUAI), 10),
    ((Rating.DI_ATAS, Rating.SESUAI), 3),
    ((Rating.DI_ATAS, Rating.DI_ATAS), 3),
    ((Rating.DI_BAWAH, Rating.SESUAI), 2),
    ((Rating.SESUAI, Rating.DI_BAWAH), 1),
    ((Rating.DI_BAWAH, Rating.DI_BAWAH), 1),
]


def _isi_massal(qs, *, ajukan, sekarang):
    """Give every form of ``qs`` a rating pair from SEBARAN (by its id) and, with ``ajukan``, submit it."""
    total = sum(bobot for _, bobot in SEBARAN)
    qs = qs.annotate(_sisa=Mod(F("pk"), total))
    awal = 0
    for (hasil, perilaku), bobot in SEBARAN:
        qs.filter(_sisa__gte=awal, _sisa__lt=awal + bobot).update(
            status=Evaluasi.Status.DIAJUKAN if ajukan else Evaluasi.Status.DRAF, rating_hasil_kerja=hasil,
            rating_perilaku_kerja=perilaku, predikat=predikat(hasil, perilaku),
            umpan_balik="Pertahankan capaian dan tingkatkan kolaborasi antarunit.", versi=F("versi") + 1,
            diubah=sekarang, diajukan_pada=sekarang if ajukan else None)
        awal += bobot


def _awal_triwulan(d):
    return d.replace(month=3 * ((d.month - 1) // 3) + 1, day=1)


def _akhir_triwulan(awal):
    return (awal + timedelta(days=95)).replace(day=1) - timedelta(days=1)


def _nama_triwulan(awal):
    return f"Triwulan {_ROMAWI[(awal.month - 1) // 3]} {awal.year}"


def _periode(hr, *, nama, jenis, mulai, selesai, tenggat):
    data = dict(nama=nama, jenis=jenis, mulai=mulai, selesai=selesai, tenggat=tenggat)
    periode = layanan_periode.periode_create(actor=hr, **data)
    layanan_periode.periode_open(actor=hr, periode=periode)
    return periode


def _akun_demo(instansi):
    """The demo atasan and employee accounts of the instansi (an atasan and one direct subordinate), or Nones."""
    akun = Pegawai.objects.filter(instansi=instansi, user__isnull=False).select_related("user")
    bawahan = akun.filter(atasan__in=akun).select_related("atasan__user").order_by("pk").first()
    return (bawahan.atasan, bawahan) if bawahan is not None else (None, None)


def _periode_ditutup(hr, instansi, today, sekarang, atasan):
    mulai = _awal_triwulan(_awal_triwulan(today) - timedelta(days=1))
    selesai = _akhir_triwulan(mulai)
    periode = _periode(hr, nama=_nama_triwulan(mulai), jenis=PeriodeEvaluasi.Jenis.TRIWULANAN, mulai=mulai,
                       selesai=selesai, tenggat=selesai + timedelta(days=14))
    _isi_massal(Evaluasi.objects.filter(periode=periode, penilai__isnull=False), ajukan=True, sekarang=sekarang)
    layanan_periode.periode_close(actor=hr, periode=periode)
    # One objection waiting for the demo atasan: a result given by one of their direct subordinates.
    ev = (Evaluasi.objects.filter(periode=periode, status=Evaluasi.Status.DIAJUKAN, penilai__atasan=atasan)
          .exclude(pegawai=atasan).order_by("pk").first()) if atasan is not None else None
    if ev is not None:
        Keberatan.objects.create(
            evaluasi=ev, pemutus=atasan, alasan="Capaian sasaran kinerja saya melebihi target triwulan ini; mohon "
                                                "rating hasil kerja ditinjau kembali.",
            rating_hasil_kerja_lama=ev.rating_hasil_kerja, rating_perilaku_kerja_lama=ev.rating_perilaku_kerja,
            predikat_lama=ev.predikat)
    return periode


def _periode_dibuka(hr, instansi, today, sekarang, atasan):
    mulai = _awal_triwulan(today)
    periode = _periode(hr, nama=_nama_triwulan(mulai), jenis=PeriodeEvaluasi.Jenis.TRIWULANAN, mulai=mulai,
                       selesai=_akhir_triwulan(mulai), tenggat=today + timedelta(days=10))
    milik_atasan = Evaluasi.objects.filter(periode=periode, penilai=atasan) if atasan is not None else None
    lain = Evaluasi.objects.filter(periode=periode, penilai__isnull=False)
    if milik_atasan is not None:
        lain = lain.exclude(penilai=atasan)
    # Others: a third still untouched, a third drafts, a third submitted.
    lain = lain.annotate(_tiga=Mod(F("pk"), 3))
    _isi_massal(lain.filter(_tiga=1), ajukan=False, sekarang=sekarang)
    _isi_massal(lain.filter(_tiga=2), ajukan=True, sekarang=sekarang)
    if milik_atasan is not None and atasan.user_id:
        forms = list(milik_atasan.select_related("periode").order_by("pk")[:2])
        data = {"rating_hasil_kerja": Rating.SESUAI, "rating_perilaku_kerja": Rating.SESUAI,
                "catatan_perilaku": {}, "umpan_balik": "Laporan tepat waktu; tingkatkan ketelitian data.",
                "rekomendasi": []}
        if forms:
            layanan_form.evaluasi_submit(actor=atasan.user, evaluasi=forms[0], data=data, versi=forms[0].versi)
        if len(forms) > 1:
            layanan_form.evaluasi_save_draft(actor=atasan.user, evaluasi=forms[1],
                                             data=data | {"rating_perilaku_kerja": ""}, versi=forms[1].versi)
    return periode


def _periode_terlambat(hr, instansi, today, sekarang, atasan):
    selesai = today.replace(day=1) - timedelta(days=1)
    mulai = selesai.replace(day=1)
    periode = _periode(hr, nama=f"{_BULAN[mulai.month - 1]} {mulai.year}", jenis=PeriodeEvaluasi.Jenis.BULANAN,
                       mulai=mulai, selesai=selesai, tenggat=today - timedelta(days=3))
    semua = Evaluasi.objects.filter(periode=periode, penilai__isnull=False)
    terlambat = (semua.exclude(penilai=atasan) if atasan is not None else semua).order_by("penilai_id").first()
    if terlambat is not None:
        semua = semua.exclude(penilai_id=terlambat.penilai_id)
    _isi_massal(semua, ajukan=True, sekarang=sekarang)
    return periode


@transaction.atomic
def buat_evaluasi_demo(kode_instansi=KODE_DEMO):
    """Returns the number of periods created (0 when every demo instansi has its demo periods already, or
    none has an HR account: the periods are made by the instansi's HR, as in real use)."""
    today, sekarang = timezone.localdate(), timezone.now()
    dibuat = 0
    for instansi in Instansi.objects.filter(kode__in=kode_instansi).order_by("kode"):
        if PeriodeEvaluasi.objects.filter(instansi=instansi).exists():
            continue
        hr = access.pengguna_hr([instansi.pk]).order_by("pk").first()
        if hr is None:
            continue
        atasan, _pegawai = _akun_demo(instansi)
        for langkah in (_periode_ditutup, _periode_dibuka, _periode_terlambat):
            langkah(hr, instansi, today, sekarang, atasan)
            dibuat += 1
    return dibuat
