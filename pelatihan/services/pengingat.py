"""Reminders written into the outbox (sent by the outbox sweep; never twice for one key and day)."""

from collections import defaultdict
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from pembinaan.models import Instansi
from pembinaan.services import notifikasi_queue_many

from .. import selectors
from ..models import Peserta, SesiPelatihan


def pengingat_sesi(*, today=None):
    """The day before a session, every registered participant with an account gets a reminder."""
    today = today or timezone.localdate()
    besok = today + timedelta(days=1)
    items = []
    sesi_list = SesiPelatihan.objects.filter(tanggal=besok, program__status__in=["dibuka", "berjalan"]) \
        .select_related("program")
    for sesi in sesi_list:
        peserta = Peserta.objects.filter(program=sesi.program, status=Peserta.Status.TERDAFTAR,
                                         pegawai__user__isnull=False).select_related("pegawai__user")
        tempat = sesi.tempat or sesi.tautan or sesi.program.lokasi or sesi.program.tautan
        for p in peserta:
            items.append(dict(
                penerima=p.pegawai.user, instansi_id=sesi.program.instansi_id, jenis="pengingat_sesi",
                kunci=f"sesi:{sesi.pk}", tanggal=today,
                judul=f"Besok: {sesi.program.judul}",
                isi=(f"Pengingat: sesi \"{sesi.topik}\" pada {sesi.tanggal:%d-%m-%Y} pukul "
                     f"{sesi.jam_mulai:%H.%M}–{sesi.jam_selesai:%H.%M}" + (f", {tempat}" if tempat else "") + "."),
                tautan=reverse("pelatihan:program-detail", args=[sesi.program_id])))
    notifikasi_queue_many(items)
    return len(items)


def pengingat_jp(*, today=None):
    """From July on, monthly: employees behind the pace of their own target (their jenis ASN's, as set by
    HR; none for those without a target, by default PPPK), and a summary to their supervisors."""
    today = today or timezone.localdate()
    if today.month < 7:
        return 0
    kunci = f"jp:{today:%Y-%m}"
    items = []
    for instansi in Instansi.objects.all():
        qs, _laju = selectors.pegawai_tertinggal(instansi=instansi, tahun=today.year, today=today)
        per_atasan = defaultdict(list)
        for p in qs.filter(user__isnull=False).select_related("user", "atasan__user"):
            items.append(dict(
                penerima=p.user, instansi=instansi, jenis="pengingat_jp", kunci=kunci, tanggal=today,
                judul="JP Anda tahun ini masih di bawah laju",
                isi=(f"JP Anda tahun {today.year} baru {p.jp} JP; laju menuju target {p.target_jp} JP pada bulan ini "
                     f"adalah {p.laju:g} JP. Lihat program yang dibuka atau laporkan pembelajaran mandiri Anda."),
                tautan=reverse("pelatihan:jp-saya")))
            if p.atasan_id and p.atasan.user_id:
                per_atasan[p.atasan].append(p)
        for atasan, staf in per_atasan.items():
            daftar = "\n".join(f"- {p.nama_lengkap}: {p.jp} JP (laju {p.laju:g} JP menuju target {p.target_jp} JP)"
                               for p in staf[:50])
            items.append(dict(
                penerima=atasan.user, instansi=instansi, jenis="ringkasan_jp_atasan", kunci=kunci, tanggal=today,
                judul=f"{len(staf)} bawahan Anda di bawah laju target JP",
                isi=f"Bawahan Anda yang JP-nya di bawah laju target pada {today:%m-%Y}:\n{daftar}",
                tautan=reverse("pegawai-list")))
    notifikasi_queue_many(items)
    return len(items)
