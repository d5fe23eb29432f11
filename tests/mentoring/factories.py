import datetime

import factory

from mentoring.models import PasanganMentoring, SesiMentoring
from pembinaan.models import Pegawai
from tests.factories import InstansiFactory, PegawaiFactory, pegawai_user


def akun(pegawai):
    """The employee's account (made on first use): the ``actor`` of the services a mentor or mentee calls. A fresh
    user object each time, so its roles are read anew."""
    ada = Pegawai.objects.select_related("user").get(pk=pegawai.pk).user
    return ada or pegawai_user(pegawai)


class PasanganFactory(factory.django.DjangoModelFactory):
    """An active pair; mentor and mentee in one instansi (the mentor III/d, the mentee III/a)."""

    class Meta:
        model = PasanganMentoring

    instansi = factory.SubFactory(InstansiFactory)
    mentor = factory.SubFactory(PegawaiFactory, instansi=factory.SelfAttribute("..instansi"), golongan="III/d")
    mentee = factory.SubFactory(PegawaiFactory, instansi=factory.SelfAttribute("..instansi"))
    jenis = "umum"
    rencana_mulai = datetime.date(2026, 1, 1)
    rencana_selesai = datetime.date(2026, 12, 31)
    status = PasanganMentoring.Status.AKTIF


class SesiMentoringFactory(factory.django.DjangoModelFactory):
    """A session written by the mentor, waiting for the mentee's confirmation."""

    class Meta:
        model = SesiMentoring

    pasangan = factory.SubFactory(PasanganFactory)
    tanggal = datetime.date(2026, 3, 2)
    durasi_menit = 90
    topik = factory.Sequence(lambda n: f"Topik {n}")
    penulis = factory.SelfAttribute("pasangan.mentor")
