"""Demo data of perencanaan part A (issue 11) for `make run`, registered by pelatihan/beranda.py through
``pembinaan.komposisi.daftar_demo`` after the evaluations' demo (their predikat and recommendations are needs
sources): per demo instansi, the cycle of next year at stage pengumpulan with its needs derived, and a proposal of
the demo subordinate account waiting for their atasan. Idempotent: an instansi that has that cycle is left alone.
Written through the services (the derivation runs here, not as a job, so no worker is needed)."""

from django.utils import timezone

from pembinaan.demo.dasar import INSTANSI_DEMO
from pembinaan.models import Instansi, Kompetensi

from .demo import _akun_demo, _hr
from .models import BentukPelatihan, SiklusRencana
from .services import kebutuhan as layanan


def buat_rencana_demo(*, today=None):
    """Returns the number of needs derived (0 when every demo instansi already had its cycle)."""
    tahun = (today or timezone.localdate()).year + 1
    jumlah = 0
    for inst in Instansi.objects.filter(kode__in=[k for k, _, _ in INSTANSI_DEMO]).order_by("kode"):
        hr = _hr(inst)
        if hr is None or SiklusRencana.objects.filter(instansi=inst, tahun=tahun).exists():
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
                      "siklus rencana tahun depan, tahap pengumpulan")
