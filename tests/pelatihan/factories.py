"""Factories for pelatihan/ tests."""

import datetime

import factory
from django.utils import timezone

from pelatihan.models import BentukPelatihan, Mitra, Peserta, ProgramPelatihan, SesiPelatihan
from tests.factories import InstansiFactory, PegawaiFactory  # noqa: F401  (re-exported for convenience)


def bentuk(kode="KL03"):
    return BentukPelatihan.objects.get(kode=kode)


class MitraFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mitra

    instansi = factory.SubFactory(InstansiFactory)
    nama = factory.Sequence(lambda n: f"BPSDM Contoh {n}")
    jenis = "bpsdm"


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramPelatihan

    instansi = factory.SubFactory(InstansiFactory)
    judul = factory.Sequence(lambda n: f"Pelatihan Pelayanan Publik {n}")
    bentuk = factory.LazyFunction(bentuk)
    penyelenggara = factory.SubFactory(MitraFactory, instansi=factory.SelfAttribute("..instansi"))
    jp = 24
    kuota = 30
    status = ProgramPelatihan.Status.DIBUKA


class SesiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SesiPelatihan

    program = factory.SubFactory(ProgramFactory)
    tanggal = factory.LazyFunction(timezone.localdate)  # the Indonesian date, not the server's
    jam_mulai = datetime.time(8, 0)
    jam_selesai = datetime.time(12, 0)
    topik = factory.Sequence(lambda n: f"Materi {n}")


class PesertaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Peserta

    program = factory.SubFactory(ProgramFactory)
    pegawai = factory.SubFactory(PegawaiFactory, instansi=factory.SelfAttribute("..program.instansi"))
    sumber = Peserta.Sumber.HR
