"""Demo training data for `make run` (registered in pembinaan.komposisi by pelatihan.beranda.daftar).

For each demo instansi: its JP defaults and rules, two partners (mitra), two speakers, and a programme in every
state: a draft; an open one with self-registration; one with a session today whose check-in window is open now
(so a tester can try the code); a finished one with passing participants, certificates, JP credits and feedback;
a cancelled one with its reason. In the instansi with the demo employee accounts, the atasan and their staff take
part (their home shows the sessions) and a self-report waits for HR's verification. Idempotent: an instansi that
already has programmes is left alone. Written through the services where one exists (publishing, participants,
attendance, closing, certificates, feedback, rules), so the ledger and the outbox are as in real use.
"""

import datetime
import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from pembinaan import access as base
from pembinaan import referensi as ref
from pembinaan.demo.dasar import DEMO_EMAIL_DOMAIN, INSTANSI_DEMO
from pembinaan.models import Instansi, Pegawai

from . import selectors
from .models import BentukPelatihan, Kehadiran, LaporanBelajar, Narasumber, Peserta, ProgramPelatihan
from .referensi import ATURAN_JP_BAWAAN
from .services import jp as layanan_jp
from .services import kehadiran as layanan_kehadiran
from .services import program as layanan_program
from .services import umpan_balik as layanan_umpan_balik

# A minimal valid one-page PDF: the self-report's attached certificate.
PDF_CONTOH = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
              b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
              b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
              b"trailer<</Root 1 0 R>>\n%%EOF\n")


def _hr(instansi):
    return base.petugas_hr([instansi.pk]).first()


def _akun_demo(instansi):
    """The demo employee accounts of the instansi (an atasan and their subordinate), atasan first; [] if none."""
    akun = list(Pegawai.objects.filter(instansi=instansi, user__email__endswith=f"@{DEMO_EMAIL_DOMAIN}",
                                       status=ref.StatusPegawai.AKTIF).select_related("user").order_by("nip"))
    return sorted(akun, key=lambda p: p.atasan_id in {a.pk for a in akun})


def _peserta_lain(instansi, kecuali, n):
    return list(Pegawai.objects.filter(instansi=instansi, status=ref.StatusPegawai.AKTIF)
                .exclude(pk__in=[p.pk for p in kecuali]).order_by("nip")[:n])


def _program(hr, mitra, judul, bentuk, jp, sesi, narasumber=(), **lain):
    """A draft programme with its sessions: (date, start, end, topic), written by the instansi's HR."""
    program = layanan_program.program_save(actor=hr, data={
        "judul": judul, "bentuk": BentukPelatihan.objects.get(kode=bentuk), "penyelenggara": mitra, "jp": jp,
        "kuota": lain.pop("kuota", 30), "lokasi": lain.pop("lokasi", "Aula BKPSDM"), **lain})
    for tanggal, mulai, selesai, topik in sesi:
        layanan_program.sesi_save(actor=hr, program=program, narasumber=narasumber, data={
            "tanggal": tanggal, "jam_mulai": mulai, "jam_selesai": selesai, "topik": topik,
            "tempat": program.lokasi})
    return program


def _ikutkan(hr, program, orang):
    return [layanan_program.peserta_add(actor=hr, program=program, pegawai=p, sumber=Peserta.Sumber.HR)
            for p in orang]


def _jam_hari_ini(now):
    """A session of today around ``now`` (local time) whose check-in window is open now."""
    lokal = timezone.localtime(now)
    awal = max(lokal - datetime.timedelta(minutes=30), lokal.replace(hour=0, minute=0, second=0, microsecond=0))
    akhir = min(lokal + datetime.timedelta(hours=2), lokal.replace(hour=23, minute=59, second=0, microsecond=0))
    return awal.time().replace(second=0, microsecond=0), akhir.time().replace(second=0, microsecond=0)


@transaction.atomic
def buat_pelatihan_demo_instansi(instansi, *, now=None):
    """Returns the number of programmes created (0: the instansi already has some, or has no HR account)."""
    if ProgramPelatihan.objects.filter(instansi=instansi).exists():
        return 0
    hr = _hr(instansi)
    if hr is None:
        return 0
    now = now or timezone.now()
    today = timezone.localdate(now)
    layanan_jp.jp_bawaan_seed(instansi=instansi)
    layanan_jp.aturan_jp_set(actor=hr, aturan=ATURAN_JP_BAWAAN)
    bpsdm = layanan_program.mitra_create(actor=hr, nama="BPSDM Provinsi", jenis="bpsdm", kontak="bpsdm@demo.example")
    lan = layanan_program.mitra_create(actor=hr, nama="Lembaga Administrasi Negara", jenis="lainnya")
    pembicara = [Narasumber.objects.create(instansi=instansi, nama="Dr. Rina Kartika, M.Si.",
                                           asal="Universitas Bengkulu"),
                 Narasumber.objects.create(instansi=instansi, nama="Budi Santoso, S.Sos., M.AP.", asal="LAN RI")]
    akun = _akun_demo(instansi)
    lain = _peserta_lain(instansi, akun, 6)
    jam = (datetime.time(8, 0), datetime.time(12, 0))

    # Draft: still being prepared by HR.
    _program(hr, bpsdm, "Bimtek Penyusunan SKP Berbasis Kinerja", "KL07", 8,
             [(today + datetime.timedelta(days=40), *jam, "Penyusunan SKP")], pembicara[:1])
    # Open with self-registration: employees may sign up themselves.
    seminar = _program(hr, lan, "Seminar Pelayanan Publik Digital", "NKL01", 2,
                       [(today + datetime.timedelta(days=10), *jam, "Transformasi layanan digital")], pembicara[1:],
                       pendaftaran_mandiri=True, kuota=50)
    layanan_program.program_publish(actor=hr, program=seminar)
    _ikutkan(hr, seminar, akun[:1])
    # A session today with check-in open now; the demo accounts take part (their home lists it).
    hari_ini = _program(hr, bpsdm, "Pelatihan Manajemen Arsip Elektronik", "KL03", 16,
                        [(today, *_jam_hari_ini(now), "Pengelolaan arsip dinamis"),
                         (today + datetime.timedelta(days=1), *jam, "Aplikasi SRIKANDI")], pembicara)
    layanan_program.program_publish(actor=hr, program=hari_ini)
    _ikutkan(hr, hari_ini, akun + lain[:3])
    # Finished: attendance taken, closed (pass, certificates, JP credits), feedback given.
    selesai = _program(hr, bpsdm, "Pelatihan Kepemimpinan Pengawas", "KL03", 24,
                       [(today - datetime.timedelta(days=4), *jam, "Kepemimpinan situasional"),
                        (today - datetime.timedelta(days=3), *jam, "Coaching dan mentoring")], pembicara)
    layanan_program.program_publish(actor=hr, program=selesai)
    peserta = _ikutkan(hr, selesai, akun + lain)
    for i, p in enumerate(peserta):
        for s in selesai.sesi.all():
            hadir = i != len(peserta) - 1 or s.tanggal != today - datetime.timedelta(days=3)  # one missed a day
            layanan_kehadiran.kehadiran_set(actor=hr, sesi=s, peserta=p,
                                            status=Kehadiran.Status.HADIR if hadir else Kehadiran.Status.IZIN)
    layanan_program.program_close(actor=hr, program=selesai)
    for p in peserta[:3]:
        p.refresh_from_db()
        if p.pegawai.user_id and p.status == Peserta.Status.LULUS:
            layanan_umpan_balik.umpan_balik_submit(
                actor=p.pegawai.user, peserta=p, nilai_penyelenggaraan=4, nilai_materi=5,
                nilai_narasumber={n.pk: 5 for n in selectors.umpan_balik_narasumber(peserta=p)},
                komentar="Materi sangat relevan dengan pekerjaan.", today=today)
    # Cancelled, with its reason.
    batal = _program(hr, lan, "Workshop Analisis Jabatan", "KL06", 4,
                     [(today + datetime.timedelta(days=20), *jam, "Analisis jabatan")])
    layanan_program.program_publish(actor=hr, program=batal)
    layanan_program.program_cancel(actor=hr, program=batal,
                                   alasan="Narasumber berhalangan; dijadwalkan ulang pada triwulan berikutnya.")
    # A self-report of the demo employee waiting for HR's verification.
    if akun:
        pegawai = akun[-1]
        LaporanBelajar.objects.create(
            pegawai=pegawai, bentuk=BentukPelatihan.objects.get(kode="NKL05"), judul="Kursus daring Excel untuk ASN",
            penyelenggara="Pusdiklat daring", tanggal_mulai=today - datetime.timedelta(days=14),
            tanggal_selesai=today - datetime.timedelta(days=7), jp=10, menit=480,
            berkas=ContentFile(PDF_CONTOH, name=f"{uuid.uuid4().hex}.pdf"))
    return ProgramPelatihan.objects.filter(instansi=instansi).count()


def buat_pelatihan_demo(*, now=None):
    """Every demo instansi; returns the number of programmes created."""
    return sum(buat_pelatihan_demo_instansi(i, now=now)
               for i in Instansi.objects.filter(kode__in=[k for k, _, _ in INSTANSI_DEMO]).order_by("kode"))
