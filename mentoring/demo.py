"""Demo mentoring data for `make run`: Latsar pairs for every CPNS with their atasan, and a general pair
between the two demo employee accounts with sessions in every state. Idempotent: an instansi that already
has pairs is left alone. Written through the services, so the JP ledger and the outbox are as in real use.

Sessions are logged and confirmed by the sides of a pair signed in as themselves (the services' ``actor``), as
in real use: a Latsar pair gets sessions only when both its mentor and its mentee have an account (the demo's
CPNS usually have none, so their pairs start without sessions)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from pembinaan import referensi as ref
from pembinaan.models import Instansi, Pegawai

from . import access, selectors
from .models import JenisMentoring, PasanganMentoring
from .services import pasangan as layanan_pasangan
from .services import sesi as layanan_sesi


@transaction.atomic
def buat_mentoring_demo(kode="BENGKULU"):
    """Returns the number of pairs created (0 when the instansi already has pairs, does not exist or has no HR
    account: the pairs are made by the instansi's HR, as in real use)."""
    instansi = Instansi.objects.filter(kode=kode).first()
    if instansi is None or PasanganMentoring.objects.filter(instansi=instansi).exists():
        return 0
    hr = access.petugas_hr(instansi).first()
    if hr is None:
        return 0
    today = timezone.localdate()
    mulai = today - timedelta(days=60)
    cpns = selectors.pasangan_bulk_kandidat(instansi=instansi, jenis=JenisMentoring.LATSAR)
    rows = selectors.pasangan_bulk_preview(instansi=instansi, jenis=JenisMentoring.LATSAR, mentee_qs=cpns)
    latsar = layanan_pasangan.pasangan_bulk_create(
        actor=hr, instansi=instansi, jenis=JenisMentoring.LATSAR, mentee_ids=[r.mentee.pk for r in rows if r.bisa],
        tujuan="Pendampingan habituasi dan aktualisasi nilai dasar ASN selama Latsar CPNS.",
        rencana_mulai=mulai, rencana_selesai=today + timedelta(days=30))
    dibuat = len(latsar)
    # Two of three Latsar pairs are under way: a confirmed session and, for some, one waiting.
    for i, pasangan in enumerate(latsar):
        if i % 3 == 0 or not (pasangan.mentee.user_id and pasangan.mentor.user_id):
            continue
        s = layanan_sesi.sesi_create(actor=pasangan.mentee.user, pasangan=pasangan, data={
            "tanggal": today - timedelta(days=4 + i % 20), "durasi_menit": 60 + 15 * (i % 5),
            "topik": "Rancangan aktualisasi nilai dasar ASN", "catatan": "",
            "tindak_lanjut": "Perbaiki rancangan sesuai masukan mentor."})
        layanan_sesi.sesi_confirm(actor=pasangan.mentor.user, sesi=s)
        if i % 3 == 2:
            layanan_sesi.sesi_create(actor=pasangan.mentor.user, pasangan=pasangan, data={
                "tanggal": today - timedelta(days=1), "durasi_menit": 45, "topik": "Persiapan seminar rancangan",
                "catatan": "", "tindak_lanjut": ""})
    # The demo employee accounts (an atasan and one subordinate): a general pair with sessions to try.
    akun = Pegawai.objects.filter(instansi=instansi, user__isnull=False, status=ref.StatusPegawai.AKTIF)
    mentee = (akun.filter(atasan__in=akun).select_related("atasan__jabatan", "atasan__user", "jabatan", "unit_kerja",
                                                          "user").first())
    if mentee is not None and not PasanganMentoring.objects.filter(mentee=mentee, jenis=JenisMentoring.UMUM).exists():
        pasangan = layanan_pasangan.pasangan_create(
            actor=hr, instansi=instansi, mentor=mentee.atasan, mentee=mentee, jenis=JenisMentoring.UMUM,
            tujuan="Menguasai penyusunan rencana kerja dan laporan kinerja unit.", rencana_mulai=mulai,
            rencana_selesai=today + timedelta(days=120), konfirmasi=True)
        dibuat += 1
        sesi = [
            (mulai + timedelta(days=7), 90, "Memahami rencana strategis dinas", mentee.atasan, "konfirmasi"),
            (mulai + timedelta(days=28), 120, "Menyusun indikator kinerja seksi", mentee, "konfirmasi"),
            (today - timedelta(days=3), 60, "Membahas draf laporan triwulan", mentee.atasan, None),
        ]
        for tanggal, menit, topik, penulis, aksi in sesi:
            s = layanan_sesi.sesi_create(actor=penulis.user, pasangan=pasangan, data={
                "tanggal": tanggal, "durasi_menit": menit, "topik": topik, "catatan": "",
                "tindak_lanjut": "Pelajari contoh dokumen dan diskusikan pada sesi berikutnya."})
            if aksi:
                layanan_sesi.sesi_confirm(actor=layanan_sesi.pihak_lain(pasangan, penulis).user, sesi=s)
    return dibuat
