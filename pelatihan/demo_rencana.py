"""Demo data of perencanaan (issue 11) for `make run`, registered by pelatihan/beranda.py through
``pembinaan.komposisi.daftar_demo`` after the evaluations' and the training demo (their predikat, recommendations,
programmes and JP credits are needs sources and realisation): per demo instansi, the whole cycle —
- this year's plan, SET and running (berjalan, decree number, version 1): needs derived and verified, grouped into
  priced, locked lines; a programme linked to the first line held and closed, so its passes are credited in the JP
  ledger and the realisation and monev pages show figures (the training demo's unlinked programme is the learning
  outside the plan); HR's actual spend entered for that line;
- next year's cycle at stage pengumpulan with its needs derived (the unmet needs of this year's plan carried over),
  and a proposal of the demo subordinate account waiting for their atasan.
Idempotent: each cycle is made only when the instansi does not have it yet. Written through the services where the
page would use them (the derivation runs here, not as a job, so no worker is needed); the penetapan is written
directly (the demo has no PPK account and does not cover every employee's 20 JP)."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from pembinaan.demo.dasar import INSTANSI_DEMO
from pembinaan.models import Instansi, Kompetensi

from .demo import _akun_demo, _hr, _ikutkan, _program
from .models import BentukPelatihan, Kebutuhan, Kehadiran, Mitra, RencanaItem, RevisiRencana, SiklusRencana
from .selectors import rencana as sel_rencana
from .services import kebutuhan as layanan
from .services import kehadiran as layanan_kehadiran
from .services import program as layanan_program
from .services import rencana as layanan_rencana

BARIS_DEMO = 4  # plan lines of this year's demo plan (the biggest suggested groups)
PESERTA_DEMO = 8  # target participants of the first line who attend its linked programme


@transaction.atomic
def _rencana_berjalan(inst, hr, today):
    """This year's plan of ``inst``, set and running, with a linked closed programme. Returns the lines made (0 when
    the cycle exists already or nothing could be grouped)."""
    tahun = today.year
    if SiklusRencana.objects.filter(instansi=inst, tahun=tahun).exists():
        return 0
    siklus = layanan.siklus_buat(actor=hr, tahun=tahun)
    SiklusRencana.objects.filter(pk=siklus.pk).update(tahap=SiklusRencana.Tahap.PENGUMPULAN)
    siklus.refresh_from_db()
    layanan.kebutuhan_susun(siklus_id=siklus.pk)
    for opd_id in set(Kebutuhan.objects.filter(siklus=siklus).values_list("opd_id", flat=True)):
        layanan.kebutuhan_verifikasi_opd(actor=hr, siklus=siklus, opd_id=opd_id)
    SiklusRencana.objects.filter(pk=siklus.pk).update(tahap=SiklusRencana.Tahap.VERIFIKASI)
    siklus.refresh_from_db()
    saran = sel_rencana.saran_pengelompokan(siklus=siklus)[:BARIS_DEMO]
    if not saran:
        return 0
    items = layanan_rencana.item_dari_saran(actor=hr, siklus=siklus, pilihan=[
        {"kunci": g.kunci, "nama_program": g.nama_program, "bentuk": g.bentuk, "jp": g.jp, "triwulan": 1 + i % 4}
        for i, g in enumerate(saran)])
    mitra = Mitra.objects.filter(instansi=inst).order_by("pk").first()
    for i, item in enumerate(items):
        RencanaItem.objects.filter(pk=item.pk).update(
            penyelenggara=mitra, biaya_satuan=Decimal(1_500_000 + 250_000 * i), kode_sub_kegiatan="5.01.01.2.05",
            sumber_dana=RencanaItem.SumberDana.APBD_BKPSDM, sesuai_kurikulum=True)
        item.refresh_from_db()
        layanan_rencana._hitung_total(item)
    # Penetapan (as rencana_tetapkan writes it), then the plan runs.
    sekarang = timezone.now()
    SiklusRencana.objects.filter(pk=siklus.pk).update(
        tahap=SiklusRencana.Tahap.BERJALAN, versi=1, nomor_keputusan=f"800/{tahun - 1}/BKPSDM/DEMO",
        tanggal_keputusan=datetime.date(tahun - 1, 11, 15), ditetapkan_oleh=hr, ditetapkan_pada=sekarang)
    RencanaItem.objects.filter(siklus=siklus).update(terkunci=True, versi=1)
    RevisiRencana.objects.create(siklus=siklus, versi=1, alasan="Penetapan rencana (data demo)", penulis=hr,
                                 sesudah={"baris": len(items)})
    # The first line realised: a programme linked to it, held this year and closed (passes credited).
    pertama = RencanaItem.objects.get(pk=items[0].pk)
    orang = list(dict.fromkeys(k.pegawai for k in pertama.kebutuhan.select_related("pegawai").order_by("pegawai__nip")))
    hari = [max(today - datetime.timedelta(days=d), datetime.date(tahun, 1, 1)) for d in (12, 11)]
    jam = (datetime.time(8, 0), datetime.time(15, 0))
    program = _program(hr, mitra, pertama.nama_program, pertama.bentuk.kode, pertama.jp,
                       [(hari[0], *jam, "Materi inti"), (hari[1], *jam, "Praktik dan evaluasi")],
                       rencana_item=pertama)
    layanan_program.program_publish(actor=hr, program=program)
    peserta = _ikutkan(hr, program, orang[:PESERTA_DEMO])
    for p in peserta:
        for sesi in program.sesi.all():
            layanan_kehadiran.kehadiran_set(actor=hr, sesi=sesi, peserta=p, status=Kehadiran.Status.HADIR)
    layanan_program.program_close(actor=hr, program=program)
    RencanaItem.objects.filter(pk=pertama.pk).update(realisasi_biaya=pertama.biaya_satuan * len(peserta))
    return len(items)


def buat_rencana_demo(*, today=None):
    """Returns the number of needs derived (0 when every demo instansi already had its cycle)."""
    today = today or timezone.localdate()
    tahun = today.year + 1
    jumlah = 0
    for inst in Instansi.objects.filter(kode__in=[k for k, _, _ in INSTANSI_DEMO]).order_by("kode"):
        hr = _hr(inst)
        if hr is None:
            continue
        jumlah += _rencana_berjalan(inst, hr, today)
        if SiklusRencana.objects.filter(instansi=inst, tahun=tahun).exists():
            continue
        siklus = layanan.siklus_buat(actor=hr, tahun=tahun)
        # Opening the collection through the page queues the derivation job; the demo derives in this process.
        SiklusRencana.objects.filter(pk=siklus.pk).update(tahap=SiklusRencana.Tahap.PENGUMPULAN)
        siklus.refresh_from_db()
        hasil = layanan.kebutuhan_susun(siklus_id=siklus.pk)
        jumlah += sum(v["baru"] for v in hasil.values())
        akun = _akun_demo(inst)
        kompetensi = Kompetensi.objects.filter(instansi__isnull=True).order_by("kode").first()
        if len(akun) >= 2 and akun[1].atasan_id == akun[0].pk and kompetensi is not None:
            layanan.kebutuhan_usul(actor=akun[1].user, siklus=siklus, data={
                "kompetensi": kompetensi, "bentuk_usulan": BentukPelatihan.objects.filter(kode="KL10").first(),
                "alasan_usulan": "Tugas baru menuntut kompetensi ini (contoh usulan demo)."})
            jumlah += 1
    return jumlah


def demo():
    from pembinaan.komposisi import baris_demo

    return baris_demo("Kebutuhan pengembangan kompetensi demo disusun", buat_rencana_demo(),
                      "rencana tahun ini berjalan dengan realisasi; siklus tahun depan, tahap pengumpulan")
