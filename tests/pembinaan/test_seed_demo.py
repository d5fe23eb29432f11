"""seed_demo and pembinaan.demo: realistic, consistent, idempotent demo data and working demo logins."""

from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory

from pembinaan import nip as nip_lib
from pembinaan import referensi as ref
from pembinaan.demo import DEMO_PASSWORD, demo_logins, generate_instansi
from pembinaan.models import (
    Instansi,
    Jabatan,
    Kompetensi,
    Pegawai,
    Petugas,
    ProfilKompetensi,
    StandarKompetensiJabatan,
    UnitKerja,
)

pytestmark = pytest.mark.django_db

N = 120  # split 10,300 : 3,500 : 5,700 -> 63 + 22 + 35


def _seed():
    out = StringIO()
    call_command("seed_demo", pegawai=N, stdout=out)
    return out.getvalue()


def _snapshot():
    models = (Instansi, UnitKerja, Jabatan, Pegawai, apps.get_model("pembinaan", "PegawaiEvent"), ProfilKompetensi,
              StandarKompetensiJabatan, get_user_model(), Petugas, apps.get_model("mentoring", "PasanganMentoring"),
              apps.get_model("mentoring", "SesiMentoring"), apps.get_model("pelatihan", "KreditJP"))
    counts = {m.__name__: m.objects.count() for m in models}
    rows = list(Pegawai.objects.order_by("nip").values_list("nip", "nama", "atasan__nip", "status", "user_id"))
    accounts = list(get_user_model().objects.order_by("username").values_list("username", "password", "email"))
    return counts, rows, accounts


def test_second_run_changes_nothing_and_says_so(seeded):
    before = _snapshot()
    output = _seed()
    assert _snapshot() == before
    assert "Tidak ada perubahan" in output
    assert "dilewati" in output


def test_three_instansi_in_the_real_ratio(seeded):
    jumlah = {i.kode: (i.nama, i.pegawai.count()) for i in Instansi.objects.all()}
    assert jumlah == {
        "BENGKULU": ("Pemerintah Provinsi Bengkulu", 63),
        "TEBO": ("Pemerintah Kabupaten Tebo", 22),
        "MERANGIN": ("Pemerintah Kabupaten Merangin", 35),
    }
    assert "Akun demo" in seeded and "hr.tebo" in seeded


def test_nip_matches_birth_date_sex_and_tmt(seeded):
    pegawai = list(Pegawai.objects.all())
    assert len({p.nip for p in pegawai}) == len(pegawai) == N
    for p in pegawai:
        assert len(p.nip) == 18 and p.nip.isdigit(), p.nip
        assert p.nip[:8] == p.tanggal_lahir.strftime("%Y%m%d"), p.nip
        assert p.nip[14] == {"L": "1", "P": "2"}[p.jenis_kelamin], p.nip
        if p.jenis_asn in ref.JENIS_PNS:
            assert p.nip[8:14] == p.tmt_cpns.strftime("%Y%m"), p.nip
        else:
            assert p.nip[8:12] == str(p.tmt_cpns.year) and p.nip[12:14] == "21", p.nip
        # The project's own validator (also used by the importer) agrees.
        _, pesan = nip_lib.validate(p.nip, jenis_asn=p.jenis_asn, tanggal_lahir=p.tanggal_lahir,
                                    jenis_kelamin=p.jenis_kelamin, tmt=p.tmt_cpns, today=date.today())
        assert pesan == [], (p.nip, pesan)
        assert 1966 <= p.tanggal_lahir.year <= 2002
        assert p.tmt_cpns <= date.today()


def test_mix_of_pppk_education_and_golongan(seeded):
    pegawai = list(Pegawai.objects.all())
    pppk = [p for p in pegawai if p.jenis_asn in ref.JENIS_PPPK]
    assert 0.20 <= len(pppk) / len(pegawai) <= 0.40
    for p in pegawai:
        if p.jenis_asn in ref.JENIS_PPPK:
            assert p.golongan in ref.GOLONGAN_PPPK, (p.nip, p.golongan)
        else:
            assert p.golongan in ref.GOLONGAN_PNS_KODE, (p.nip, p.golongan)
            # Never below the starting golongan of their education (S-2/S-3 holders may have joined with an S-1).
            awal = ref.GOLONGAN_AWAL_PNS["S-1" if p.pendidikan in ("S-2", "S-3") else p.pendidikan]
            assert ref.URUTAN_GOLONGAN[p.golongan] >= ref.URUTAN_GOLONGAN[awal], (p.nip, p.golongan)
    sarjana = sum(p.pendidikan in ("S-1", "D-IV") for p in pegawai) / len(pegawai)
    assert 0.5 <= sarjana <= 0.8
    jenis = {p.jabatan.jenis for p in Pegawai.objects.select_related("jabatan")}
    assert {ref.JenisJabatan.JPT_PRATAMA, ref.JenisJabatan.ADMINISTRATOR, ref.JenisJabatan.PENGAWAS,
            ref.JenisJabatan.FUNGSIONAL, ref.JenisJabatan.PELAKSANA} <= jenis
    assert Pegawai.objects.exclude(status=ref.StatusPegawai.AKTIF).exists()


def test_supervisors_form_a_tree_led_by_unit_heads(seeded):
    pegawai = {p.pk: p for p in Pegawai.objects.select_related("jabatan", "unit_kerja")}
    punya_bawahan = {p.atasan_id for p in pegawai.values() if p.atasan_id}
    for p in pegawai.values():
        assert p.atasan_id != p.pk
        if p.jabatan.jenis in ref.JENIS_MANAJERIAL:
            assert p.pk in punya_bawahan, f"{p.jabatan} tanpa bawahan"
        if p.atasan_id:
            assert pegawai[p.atasan_id].instansi_id == p.instansi_id
    # No cycles: every chain ends at the one employee per instansi without atasan (the Sekda).
    for p in pegawai.values():
        seen, x = set(), p
        while x.atasan_id:
            assert x.pk not in seen, f"siklus atasan di {p.nip}"
            seen.add(x.pk)
            x = pegawai[x.atasan_id]
    puncak = [p for p in pegawai.values() if p.atasan_id is None]
    assert sorted(p.jabatan.nama for p in puncak) == ["Sekretaris Daerah"] * 3
    # Staff report to the head of their own unit; the head to the head of the parent unit.
    kepala = {}
    for p in pegawai.values():
        if p.atasan_id is None or pegawai[p.atasan_id].unit_kerja_id != p.unit_kerja_id:
            assert p.unit_kerja_id not in kepala, f"dua kepala di {p.unit_kerja}"
            kepala[p.unit_kerja_id] = p
    assert set(kepala) == set(UnitKerja.objects.values_list("pk", flat=True))
    for p in kepala.values():
        induk = p.unit_kerja.induk_id
        if induk is not None:
            assert p.atasan_id == kepala[induk].pk


def test_competency_standards_and_profiles(seeded):
    jumlah_kompetensi = Kompetensi.objects.filter(instansi__isnull=True).count()
    assert jumlah_kompetensi == 9
    assert StandarKompetensiJabatan.objects.count() == Jabatan.objects.count() * jumlah_kompetensi
    level = dict(StandarKompetensiJabatan.objects.values_list("jabatan__jenis", "level").distinct())
    assert level[ref.JenisJabatan.JPT_PRATAMA] == 4
    assert level[ref.JenisJabatan.ADMINISTRATOR] == 3
    assert level[ref.JenisJabatan.PENGAWAS] == 2
    dinilai = ProfilKompetensi.objects.values("pegawai").distinct().count()
    assert 0.3 <= dinilai / N <= 0.7
    assert ProfilKompetensi.objects.count() == dinilai * jumlah_kompetensi


def test_demo_logins_authenticate(seeded):
    logins = demo_logins()
    peran = sorted(r["peran"] for r in logins)
    assert peran == sorted(["Superadmin", "Admin BKPSDM", "Admin BKPSDM", "Admin BKPSDM", "Pimpinan", "Atasan",
                            "Pegawai"])
    for r in logins:
        assert r["password"] == DEMO_PASSWORD and r["keterangan"]
        # django-axes needs the request: authenticate like the login view does.
        user = authenticate(RequestFactory().post("/"), username=r["username"], password=DEMO_PASSWORD)
        assert user is not None and user.username == r["username"]
    assert get_user_model().objects.get(username="admin").is_superuser
    hr = Petugas.objects.select_related("user", "instansi").get(user__username="hr.tebo")
    assert hr.instansi.kode == "TEBO" and hr.user.groups.filter(name="Admin BKPSDM").exists()
    assert Petugas.objects.get(user__username="pimpinan.bengkulu").user.groups.filter(name="Pimpinan").exists()

    # Employee accounts: username = NIP, e-mail set, a head of a bidang and one of their own subordinates.
    atasan = Pegawai.objects.get(user__username=next(r["username"] for r in logins if r["peran"] == "Atasan"))
    bawahan = Pegawai.objects.get(user__username=next(r["username"] for r in logins if r["peran"] == "Pegawai"))
    for p in (atasan, bawahan):
        assert p.instansi.kode == "BENGKULU" and p.user.username == p.nip and p.email and p.user.email
    assert atasan.jabatan.jenis == ref.JenisJabatan.ADMINISTRATOR and atasan.unit_kerja.nama.startswith("Bidang")
    assert bawahan.atasan == atasan and not bawahan.bawahan.exists()


def test_generator_is_deterministic_per_seed():
    def sekali(seed):
        with transaction.atomic():
            instansi = generate_instansi(kode="UJI", nama="Pemerintah Kabupaten Uji", jumlah_pegawai=40, seed=seed)
            data = list(instansi.pegawai.order_by("nip").values_list(
                "nip", "nama", "gelar_belakang", "golongan", "jabatan__nama", "unit_kerja__nama", "atasan__nip"))
            transaction.set_rollback(True)
        return data

    assert sekali(1) == sekali(1)
    assert sekali(1) != sekali(2)


def test_every_employee_has_its_creation_in_the_history(seeded):
    event = apps.get_model("pembinaan", "PegawaiEvent")
    dibuat = event.objects.filter(pgh_label="insert")
    assert dibuat.count() == N
    assert set(dibuat.values_list("pgh_obj_id", flat=True)) == set(Pegawai.objects.values_list("pk", flat=True))
    p = Pegawai.objects.order_by("pk").last()
    assert dibuat.get(pgh_obj_id=p.pk).nip == p.nip


def test_existing_instansi_with_employees_is_left_alone(seeded):
    instansi = Instansi.objects.get(kode="TEBO")
    before = instansi.pegawai.count()
    assert generate_instansi(kode="TEBO", nama="Pemerintah Kabupaten Tebo", jumlah_pegawai=500) == instansi
    assert instansi.pegawai.count() == before


def test_mentoring_demo_pairs_every_cpns_with_their_atasan_and_gives_the_demo_accounts_a_pair(seeded):
    from mentoring.models import PasanganMentoring
    from pelatihan.models import KreditJP

    bengkulu = Instansi.objects.get(kode="BENGKULU")
    cpns = Pegawai.objects.filter(instansi=bengkulu, jenis_asn="CPNS", status="aktif", atasan__isnull=False)
    latsar = PasanganMentoring.objects.filter(instansi=bengkulu, jenis="latsar", status="aktif")
    assert cpns.exists()
    assert sorted(latsar.values_list("mentee_id", "mentor_id")) == sorted(cpns.values_list("id", "atasan_id"))
    demo = PasanganMentoring.objects.get(instansi=bengkulu, jenis="umum", mentee__user__isnull=False,
                                         mentor__user__isnull=False)
    assert demo.mentor_id == demo.mentee.atasan_id
    assert list(demo.sesi.order_by("tanggal").values_list("status", flat=True)) == [
        "dikonfirmasi", "dikonfirmasi", "menunggu"]
    # 90 and 120 minutes: 2 + 2 JP (the default monthly cap of 4 JP is not reached within one month)
    assert sorted(KreditJP.objects.filter(pegawai=demo.mentee, sesi_mentoring_id__isnull=False)
                  .values_list("jp", flat=True)) == [2, 2]  # the mentoring credits (pelatihan's demo adds training)
    assert "Pasangan mentoring demo dibuat" in seeded


def test_transparansi_demo_terbit_satu_per_instansi_dan_hr_boleh_menerbitkan(seeded, client):
    """make run shows the transparency page working (issue 12): each demo instansi has one published snapshot,
    built by the service as its demo HR account, who may publish; a rerun publishes nothing new."""
    from django.urls import reverse

    from pembinaan import access
    from pembinaan.models import SnapshotTransparansi

    terbit = SnapshotTransparansi.objects.filter(status=SnapshotTransparansi.Status.DITERBITKAN)
    assert sorted(terbit.values_list("instansi__kode", flat=True)) == ["BENGKULU", "MERANGIN", "TEBO"]
    assert "Snapshot transparansi demo diterbitkan: 3" in seeded
    for kode in ("bengkulu", "tebo", "merangin"):
        hr = get_user_model().objects.get(username=f"hr.{kode}")
        assert access.can_publish_transparansi(hr)
        assert terbit.get(instansi__kode=kode.upper()).diterbitkan_oleh == hr
    assert not access.can_publish_transparansi(get_user_model().objects.get(username="pimpinan.bengkulu"))
    r = client.get(reverse("transparansi-instansi", args=["TEBO"]))
    assert r.status_code == 200 and "Pemerintah Kabupaten Tebo" in r.content.decode()
    _seed()
    assert terbit.count() == 3
