"""factory_boy factories. NIPs are built from the same fields they encode, so they are valid."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from pembinaan import komposisi
from pembinaan.models import Instansi, Jabatan, Pegawai, Petugas, UnitKerja

PASSWORD = "Rahasia-123!"


class InstansiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instansi
        django_get_or_create = ("kode",)

    kode = factory.Sequence(lambda n: f"INST{n}")
    nama = factory.Sequence(lambda n: f"Pemerintah Kabupaten Contoh {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """A new instansi starts with what the apps set up in ``instansi_create`` (pelatihan: the JP per bentuk)."""
        baru = not model_class.objects.filter(kode=kwargs["kode"]).exists()
        obj = super()._create(model_class, *args, **kwargs)
        if baru:
            komposisi.instansi_baru(obj)
        return obj


class UnitKerjaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitKerja

    instansi = factory.SubFactory(InstansiFactory)
    nama = factory.Sequence(lambda n: f"Dinas Contoh {n}")


class JabatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jabatan

    instansi = factory.SubFactory(InstansiFactory)
    nama = factory.Sequence(lambda n: f"Pengadministrasi Perkantoran {n}")
    jenis = "pelaksana"


_seq = iter(range(1, 10**6))


def nip_pns(tanggal_lahir, tmt, jenis_kelamin="L", urutan=None):
    urutan = urutan if urutan is not None else next(_seq) % 999 + 1
    return f"{tanggal_lahir:%Y%m%d}{tmt:%Y%m}{1 if jenis_kelamin == 'L' else 2}{urutan:03d}"


def nip_pppk(tanggal_lahir, tahun, jenis_kelamin="L", urutan=None):
    urutan = urutan if urutan is not None else next(_seq) % 999 + 1
    return f"{tanggal_lahir:%Y%m%d}{tahun}21{1 if jenis_kelamin == 'L' else 2}{urutan:03d}"


class PegawaiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pegawai

    instansi = factory.SubFactory(InstansiFactory)
    nama = factory.Faker("name", locale="id_ID")
    jenis_kelamin = "L"
    tanggal_lahir = factory.Sequence(lambda n: datetime.date(1970 + n % 30, 1 + n % 12, 1 + n % 28))
    tmt_cpns = factory.LazyAttribute(lambda o: datetime.date(o.tanggal_lahir.year + 25, 3, 1))
    jenis_asn = "PNS"
    golongan = "III/a"
    nip = factory.LazyAttribute(lambda o: nip_pns(o.tanggal_lahir, o.tmt_cpns, o.jenis_kelamin))
    unit_kerja = factory.SubFactory(UnitKerjaFactory, instansi=factory.SelfAttribute("..instansi"))


def user(username, *, email="", password=PASSWORD, **kwargs):
    return get_user_model().objects.create_user(username=username, email=email, password=password, **kwargs)


def ensure_reference_data():
    """Groups, permissions and the competency catalogue come from a data migration; transactional
    tests (live_server, real workers) flush them, so re-create them (idempotent)."""
    import importlib

    from django.apps import apps

    importlib.import_module("pembinaan.migrations.0002_referensi").seed(apps, None)


def hr_user(instansi, username=None):
    ensure_reference_data()
    u = user(username or f"hr.{instansi.kode.lower()}", email=f"hr@{instansi.kode.lower()}.go.id")
    u.groups.add(Group.objects.get(name="Admin BKPSDM"))
    Petugas.objects.create(user=u, instansi=instansi)
    return u


def pimpinan_user(instansi, username=None):
    ensure_reference_data()
    u = user(username or f"pimpinan.{instansi.kode.lower()}")
    u.groups.add(Group.objects.get(name="Pimpinan"))
    Petugas.objects.create(user=u, instansi=instansi)
    return u


def pegawai_user(pegawai):
    u = user(pegawai.nip, email=pegawai.email or f"{pegawai.nip}@contoh.go.id")
    pegawai.user = u
    pegawai.save(update_fields=["user"])
    return u
