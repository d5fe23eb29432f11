"""The home's to-dos of perencanaan part A (issue 11), registered by pelatihan/beranda.py through
``pembinaan.komposisi``: the atasan's proposals to decide, the employee's returned proposals, and the open
collection of needs. Three queries at most, whatever the data size."""

from django.urls import reverse

from pembinaan.komposisi import Tindakan

from . import access
from .models import Kebutuhan, SiklusRencana


def tindakan_kebutuhan(*, pegawai, user, today):
    hasil = []
    n = access.kebutuhan_putus_atasan_scope(user).filter(status=Kebutuhan.Status.USULAN).count()
    if n:
        hasil.append(Tindakan(f"Putuskan {n} usulan kebutuhan pengembangan bawahan",
                              reverse("pelatihan:kebutuhan-bawahan"), n, "Setujui, atau kembalikan dengan alasan."))
    kembali = (access.usulan_ubah_scope(user)
               .filter(status=Kebutuhan.Status.DIKEMBALIKAN, siklus__tahap=SiklusRencana.Tahap.PENGUMPULAN).count())
    if kembali:
        hasil.append(Tindakan("Perbaiki usulan kebutuhan yang dikembalikan atasan", reverse("pelatihan:kebutuhan-saya"),
                              kembali))
    siklus = access.siklus_pegawai_scope(user).filter(tahap=SiklusRencana.Tahap.PENGUMPULAN).order_by("-tahun").first()
    if siklus is not None:
        hasil.append(Tindakan(f"Periksa kebutuhan pengembangan Anda untuk rencana {siklus.tahun}",
                              f"{reverse('pelatihan:kebutuhan-saya')}?siklus={siklus.pk}", None,
                              f"Usulan dibuka sampai {siklus.pengumpulan_selesai:%d-%m-%Y}."))
    return hasil
