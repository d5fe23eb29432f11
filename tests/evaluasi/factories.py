import datetime

import factory

from evaluasi.models import Evaluasi, PeriodeEvaluasi
from tests.factories import InstansiFactory, PegawaiFactory


class PeriodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeriodeEvaluasi

    instansi = factory.SubFactory(InstansiFactory)
    nama = factory.Sequence(lambda n: f"Triwulan {n}")
    jenis = "triwulanan"
    mulai = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=100 * n))
    selesai = factory.LazyAttribute(lambda o: o.mulai + datetime.timedelta(days=89))
    tenggat = factory.LazyAttribute(lambda o: o.selesai + datetime.timedelta(days=14))


class EvaluasiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluasi

    periode = factory.SubFactory(PeriodeFactory)
    pegawai = factory.SubFactory(PegawaiFactory, instansi=factory.SelfAttribute("..periode.instansi"))
