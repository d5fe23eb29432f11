"""Mentoring nudges (issue 5): to both sides when an active pair has had no session for the instansi's N days, to
the instansi's HR when a pair passed its planned end; through the outbox, never twice for the same pair and day,
again after a week. Last, the same through a real Celery worker, a real Redis and a real SMTP server."""

import email
import threading
from collections import Counter
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import PasanganMentoring, PengaturanMentoring, SesiMentoring
from mentoring.services.pengingat import pengingat_scan
from mentoring.tasks import pengingat_mentoring_task
from pembinaan.models import Notifikasi
from pembinaan.tasks import outbox_send_task
from tests import factories as f
from tests import smtp
from tests.conftest import wait_until
from tests.evaluasi.test_pengingat_tahan_gangguan import redis_pribadi  # noqa: F401  (a private Redis, a fixture)
from tests.mentoring.factories import PasanganFactory, SesiMentoringFactory

PS = PasanganMentoring.Status
SS = SesiMentoring.Status
TANPA_SESI = "mentoring_tanpa_sesi"
LEWAT = "mentoring_lewat_rencana"


def _pasangan(inst, today, *, mulai_hari_lalu=40, selesai_hari_lagi=60, akun=True, **kw):
    p = PasanganFactory(instansi=inst, rencana_mulai=today - timedelta(days=mulai_hari_lalu),
                        rencana_selesai=today + timedelta(days=selesai_hari_lagi), **kw)
    if akun:
        for orang in (p.mentor, p.mentee):
            if orang.user_id is None:
                f.pegawai_user(orang)
    return p


def _sesi(p, tanggal, status=SS.DIKONFIRMASI):
    return SesiMentoringFactory(pasangan=p, tanggal=tanggal, status=status,
                                alasan_tolak="Tidak terjadi" if status == SS.DITOLAK else "")


def _rows(jenis, **kw):
    return list(Notifikasi.objects.filter(jenis=jenis, **kw).order_by("tanggal", "penerima_id"))


# ------------------------------------------------------------------------------------- no session for N days

@pytest.mark.django_db
def test_pair_without_session_nudges_mentor_and_mentee_once_a_day():
    today = timezone.localdate()
    inst = f.InstansiFactory()
    baru_mulai = _pasangan(inst, today, mulai_hari_lalu=10)  # started 10 days ago: not yet
    aktif_bertemu = _pasangan(inst, today, mulai_hari_lalu=100)
    _sesi(aktif_bertemu, today - timedelta(days=12))
    menunggu = _pasangan(inst, today, mulai_hari_lalu=100)
    _sesi(menunggu, today - timedelta(days=3), SS.MENUNGGU)  # logged, not yet confirmed: activity all the same
    sepi = _pasangan(inst, today, mulai_hari_lalu=40)  # never met
    ditolak = _pasangan(inst, today, mulai_hari_lalu=60)
    _sesi(ditolak, today - timedelta(days=2), SS.DITOLAK)  # rejected and withdrawn sessions are no activity
    _sesi(ditolak, today - timedelta(days=3), SS.DITARIK)
    _sesi(ditolak, today - timedelta(days=45))
    tanpa_akun = _pasangan(inst, today, mulai_hari_lalu=40, akun=False)
    f.pegawai_user(tanpa_akun.mentor)  # only the mentor has an account
    selesai = _pasangan(inst, today, mulai_hari_lalu=200, status=PS.SELESAI, ringkasan_penutup="Tuntas")
    usulan = _pasangan(inst, today, mulai_hari_lalu=200, status=PS.USULAN)

    hasil = pengingat_scan(today=today)

    assert hasil["tanpa_sesi"] == 3
    rows = _rows(TANPA_SESI)
    assert sorted((r.penerima_id, r.kunci) for r in rows) == sorted(
        [(sepi.mentor.user_id, f"pasangan-{sepi.pk}"), (sepi.mentee.user_id, f"pasangan-{sepi.pk}"),
         (ditolak.mentor.user_id, f"pasangan-{ditolak.pk}"), (ditolak.mentee.user_id, f"pasangan-{ditolak.pk}"),
         (tanpa_akun.mentor.user_id, f"pasangan-{tanpa_akun.pk}")])
    ke = {r.penerima_id: r for r in rows}
    assert sepi.mentee.nama in ke[sepi.mentor.user_id].isi and "40 hari" in ke[sepi.mentor.user_id].isi
    assert sepi.mentor.nama in ke[sepi.mentee.user_id].isi
    assert "45 hari" in ke[ditolak.mentor.user_id].isi  # counted from the last real session
    for r in rows:
        assert r.tanggal == today and r.instansi_id == inst.pk and r.status_email == "menunggu"
        assert r.tautan in {reverse("mentoring:pasangan-detail", args=[p.pk]) for p in (sepi, ditolak, tanpa_akun)}
    for p in (sepi, ditolak, tanpa_akun):
        p.refresh_from_db()
        assert p.diingatkan_pada == today
    for p in (baru_mulai, aktif_bertemu, menunggu, selesai, usulan):
        p.refresh_from_db()
        assert p.diingatkan_pada is None

    # The scan run again the same day (beat firing twice, a redelivered task) writes nothing new.
    jumlah = Notifikasi.objects.count()
    assert pengingat_scan(today=today) == {"tanpa_sesi": 0, "lewat_rencana": 0}
    assert Notifikasi.objects.count() == jumlah


@pytest.mark.django_db
def test_nudge_again_a_week_later_and_not_the_day_after():
    """A scan for a given day nudges, and writes the outbox row of that day; a week later it nudges again
    (the pair is still quiet), the day after not."""
    hari0 = timezone.localdate() - timedelta(days=8)
    inst = f.InstansiFactory()
    p = _pasangan(inst, hari0, mulai_hari_lalu=40)
    hari_kirim, baris_per_hari = [], []
    for n in range(9):
        today = hari0 + timedelta(days=n)
        if pengingat_scan(today=today)["tanpa_sesi"]:
            hari_kirim.append(n)
        baris_per_hari.append(len(_rows(TANPA_SESI)))
    assert hari_kirim == [0, 7]
    p.refresh_from_db()
    assert p.diingatkan_pada == hari0 + timedelta(days=7)
    rows = _rows(TANPA_SESI, penerima=p.mentor.user)
    assert [r.tanggal for r in rows] == [hari0, hari0 + timedelta(days=7)], (
        "baris outbox tidak bertanggal hari pemindaian")
    assert baris_per_hari == [2] * 7 + [4, 4]
    assert "47 hari" in rows[1].isi


@pytest.mark.django_db
def test_a_session_resets_the_clock():
    today = timezone.localdate()
    inst = f.InstansiFactory()
    p = _pasangan(inst, today - timedelta(days=7), mulai_hari_lalu=40)
    assert pengingat_scan(today=today - timedelta(days=7))["tanpa_sesi"] == 1
    _sesi(p, today - timedelta(days=1), SS.MENUNGGU)
    assert pengingat_scan(today=today)["tanpa_sesi"] == 0
    p.refresh_from_db()
    assert p.diingatkan_pada == today - timedelta(days=7)


@pytest.mark.django_db
def test_days_without_session_are_set_per_instansi():
    today = timezone.localdate()
    cepat, biasa = f.InstansiFactory(), f.InstansiFactory()
    PengaturanMentoring.objects.create(instansi=cepat, hari_tanpa_sesi=10)
    p_cepat = _pasangan(cepat, today, mulai_hari_lalu=15)
    p_biasa = _pasangan(biasa, today, mulai_hari_lalu=15)  # the default: 30 days
    p_biasa_lama = _pasangan(biasa, today, mulai_hari_lalu=31)
    assert pengingat_scan(today=today)["tanpa_sesi"] == 2
    assert {r.kunci for r in _rows(TANPA_SESI)} == {f"pasangan-{p_cepat.pk}", f"pasangan-{p_biasa_lama.pk}"}
    assert {r.instansi_id for r in _rows(TANPA_SESI, kunci=f"pasangan-{p_cepat.pk}")} == {cepat.pk}
    assert not _rows(TANPA_SESI, kunci=f"pasangan-{p_biasa.pk}")


# ------------------------------------------------------------------------------------- past the planned end

@pytest.fixture
def lewat():
    today = timezone.localdate()
    a, b = f.InstansiFactory(), f.InstansiFactory()
    hr_a = [f.hr_user(a), f.hr_user(a, username=f"hr2.{a.kode.lower()}")]
    hr_b = f.hr_user(b)
    pimpinan_a = f.pimpinan_user(a)
    kemarin = _pasangan(a, today, mulai_hari_lalu=100, selesai_hari_lagi=-1, akun=False)
    lama = _pasangan(a, today, mulai_hari_lalu=200, selesai_hari_lagi=-20, akun=False)
    _pasangan(a, today, mulai_hari_lalu=100, selesai_hari_lagi=0, akun=False)  # ends today: not past yet
    _pasangan(a, today, mulai_hari_lalu=200, selesai_hari_lagi=-20, akun=False, status=PS.SELESAI,
              ringkasan_penutup="Tuntas")
    _pasangan(a, today, mulai_hari_lalu=200, selesai_hari_lagi=-20, akun=False, status=PS.DIBATALKAN)
    milik_b = _pasangan(b, today, mulai_hari_lalu=100, selesai_hari_lagi=-3, akun=False)
    return SimpleNamespace(today=today, a=a, b=b, hr_a=hr_a, hr_b=hr_b, pimpinan_a=pimpinan_a, kemarin=kemarin,
                           lama=lama, milik_b=milik_b)


@pytest.mark.django_db
def test_past_planned_end_one_digest_per_hr_officer_of_that_instansi(lewat):
    x = lewat
    hasil = pengingat_scan(today=x.today)
    assert hasil["lewat_rencana"] == 3
    rows = _rows(LEWAT)
    assert sorted(r.penerima_id for r in rows) == sorted([x.hr_a[0].pk, x.hr_a[1].pk, x.hr_b.pk])
    for r in rows:
        assert r.tanggal == x.today and r.tautan == reverse("mentoring:pasangan-list") + "?kondisi=lewat_rencana"
    for hr in x.hr_a:
        [r] = _rows(LEWAT, penerima=hr)
        assert r.instansi_id == x.a.pk and r.judul.startswith("2 pasangan")
        assert x.kemarin.mentee.nama in r.isi and x.lama.mentee.nama in r.isi
        assert x.milik_b.mentee.nama not in r.isi
        assert f"{x.lama.rencana_selesai:%d-%m-%Y}" in r.isi
        # the oldest first
        assert r.isi.index(x.lama.mentee.nama) < r.isi.index(x.kemarin.mentee.nama)
    [r] = _rows(LEWAT, penerima=x.hr_b)
    assert r.instansi_id == x.b.pk and r.judul.startswith("1 pasangan") and x.milik_b.mentee.nama in r.isi
    assert x.kemarin.mentee.nama not in r.isi and x.lama.mentee.nama not in r.isi
    assert not _rows(LEWAT, penerima=x.pimpinan_a)
    for p in (x.kemarin, x.lama, x.milik_b):
        p.refresh_from_db()
        assert p.hr_diingatkan_pada == x.today

    jumlah = Notifikasi.objects.count()
    assert pengingat_scan(today=x.today)["lewat_rencana"] == 0
    assert Notifikasi.objects.count() == jumlah


@pytest.mark.django_db
def test_past_planned_end_reported_again_after_a_week_and_new_ones_the_next_day(lewat):
    x = lewat
    hari0 = x.today - timedelta(days=7)  # simulate the week that ends today
    PasanganMentoring.objects.filter(pk__in=[x.kemarin.pk]).update(rencana_selesai=hari0 + timedelta(days=1))
    pengingat_scan(today=hari0)  # only "lama" (and B's) are past their end on day 0
    pengingat_scan(today=hari0 + timedelta(days=2))  # "kemarin" passed its end meanwhile: reported alone
    pengingat_scan(today=hari0 + timedelta(days=3))
    pengingat_scan(today=x.today)  # a week after day 0: "lama" again
    rows = _rows(LEWAT, penerima=x.hr_a[0])
    assert [r.tanggal for r in rows] == [hari0, hari0 + timedelta(days=2), x.today]
    lama, kemarin = x.lama.mentee.nama, x.kemarin.mentee.nama
    assert [(lama in r.isi, kemarin in r.isi) for r in rows] == [(True, False), (False, True), (True, False)]


# ------------------------------------------------------------------------------------- a real worker

@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("redis_pribadi")
def test_daily_task_through_a_real_worker_nudges_once_and_the_mail_goes_out_once(settings, celery_worker_real):
    today = timezone.localdate()
    inst = f.InstansiFactory()
    hr = f.hr_user(inst)
    sepi = _pasangan(inst, today, mulai_hari_lalu=35)
    lewat = _pasangan(inst, today, mulai_hari_lalu=90, selesai_hari_lagi=-2)
    _sesi(lewat, today - timedelta(days=4))  # met recently: only HR hears of it
    controller, server = smtp.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
        # Beat firing twice.
        pengingat_mentoring_task.delay()
        pengingat_mentoring_task.delay()
        jenis = (TANPA_SESI, LEWAT)
        assert wait_until(lambda: Notifikasi.objects.filter(jenis__in=jenis).count() == 3, timeout=30)
        outbox_send_task.delay()
        assert wait_until(
            lambda: Notifikasi.objects.filter(jenis__in=jenis, status_email="terkirim").count() == 3, timeout=30)
        assert wait_until(lambda: len(server.messages) >= 3, timeout=10)
        pengingat_mentoring_task.delay()  # a late duplicate of the day's scan
        outbox_send_task.delay()
        threading.Event().wait(1.5)  # anything still on its way would arrive now
        with server.lock:
            pesan = list(server.messages)
    finally:
        controller.stop()
    rows = list(Notifikasi.objects.filter(jenis__in=(TANPA_SESI, LEWAT)))
    assert sorted((r.penerima_id, r.jenis) for r in rows) == sorted(
        [(sepi.mentor.user_id, TANPA_SESI), (sepi.mentee.user_id, TANPA_SESI), (hr.pk, LEWAT)])
    assert all(r.status_email == "terkirim" and r.percobaan == 1 for r in rows)
    per_baris = Counter(int(email.message_from_bytes(m.content)["X-Pembinaan-Notifikasi"]) for m in pesan)
    assert per_baris == Counter({r.pk: 1 for r in rows})
    assert sorted(m.rcpt_tos[0] for m in pesan) == sorted(r.email_tujuan for r in rows)
    sepi.refresh_from_db()
    lewat.refresh_from_db()
    assert (sepi.diingatkan_pada, lewat.hr_diingatkan_pada, lewat.diingatkan_pada) == (today, today, None)
