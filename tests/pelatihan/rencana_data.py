"""Data for the plan-line tests (issue 11 B): a cycle at the verification stage with verified needs of PNS and
PPPK employees, and the accounts (HR, PPK, HR delegated by the PPK)."""

import datetime
import importlib

from django.apps import apps
from django.contrib.auth.models import Group, Permission

from pelatihan.models import Kebutuhan, SiklusRencana, jendela_bawaan
from pembinaan.models import Kompetensi, Petugas
from tests import factories as f

TAHUN = 2027


def seed_ppk():
    """Group "PPK" with pelatihan.tetapkan_rencana (migration 0008; transactional tests flush it)."""
    importlib.import_module("pelatihan.migrations.0008_rencana_revisi_ppk").grup_ppk(apps, None)


def ppk_user(instansi, username=None):
    """The PPK's account: a Petugas of the instansi in Group "PPK"."""
    seed_ppk()
    u = f.user(username or f"ppk.{instansi.kode.lower()}")
    u.groups.add(Group.objects.get(name="PPK"))
    Petugas.objects.create(user=u, instansi=instansi)
    return u


def delegasi(user):
    """HR given the penetapan permission by the PPK (a user permission)."""
    user.user_permissions.add(Permission.objects.get(content_type__app_label="pelatihan",
                                                     codename="tetapkan_rencana"))
    return user


def pppk(**kw):
    lahir = datetime.date(1991, 4, 4)
    return f.PegawaiFactory(jenis_asn="PPPK", golongan="IX", tanggal_lahir=lahir, nip=f.nip_pppk(lahir, 2023),
                            tmt_cpns=datetime.date(2023, 3, 1), **kw)


def siklus_baru(instansi, tahun=TAHUN, tahap=SiklusRencana.Tahap.VERIFIKASI, **kw):
    return SiklusRencana.objects.create(instansi=instansi, tahun=tahun, tahap=tahap, **jendela_bawaan(tahun), **kw)


def kompetensi(instansi, kode, nama, kategori="teknis"):
    return Kompetensi.objects.create(instansi=instansi, kode=kode, nama=nama, kategori=kategori)


def kebutuhan(siklus, pegawai, kompetensi=None, *, sumber=Kebutuhan.Sumber.KOMPETENSI,
              status=Kebutuhan.Status.DIVERIFIKASI, **kw):
    if kompetensi is not None and sumber == Kebutuhan.Sumber.KOMPETENSI:
        kw.setdefault("level_standar", 3)
        kw.setdefault("level_kini", 2)
        kw.setdefault("kesenjangan", 1)
    return Kebutuhan.objects.create(siklus=siklus, pegawai=pegawai, kompetensi=kompetensi, sumber=sumber,
                                    status=status, opd=pegawai.unit_kerja, alasan_status="Uji"
                                    if status in (Kebutuhan.Status.DITOLAK, Kebutuhan.Status.DIKEMBALIKAN) else "",
                                    **kw)
