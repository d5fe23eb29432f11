"""Catalogue, participants, waiting list, completion rule and the JP ledger."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from pelatihan import selectors
from pelatihan.models import JpBawaan, Kehadiran, KreditJP, Peserta, RekapJP
from pelatihan.services import jp as ledger
from pelatihan.services import program as svc
from tests import factories as f
from tests.mentoring.factories import SesiMentoringFactory
from tests.pelatihan import factories as pf

pytestmark = pytest.mark.django_db


@pytest.fixture
def inst():
    return f.InstansiFactory(kode="TEBO", nama="Pemerintah Kabupaten Tebo")


@pytest.fixture
def hr(inst):
    return f.hr_user(inst)


def test_hr_creates_programme_adds_session_and_publishes(client, inst, hr):
    mitra = pf.MitraFactory(instansi=inst, nama="BPSDM Provinsi Jambi")
    client.force_login(hr)
    data = {"judul": "Pelatihan Pelayanan Prima", "bentuk": pf.bentuk("KL03").pk, "penyelenggara": mitra.pk,
            "jp": 24, "kuota": 2, "mode": "tatap_muka", "ambang_kehadiran": 80, "nilai_lulus": 70}
    response = client.post(reverse("pelatihan:program-create"), data)
    program = inst.program_pelatihan.get()
    assert response.url == reverse("pelatihan:program-detail", args=[program.pk]) and program.status == "draft"
    # Publishing without sessions is refused with a message.
    page = client.post(reverse("pelatihan:program-publish", args=[program.pk]), follow=True)
    assert "minimal satu sesi" in page.content.decode()
    client.post(reverse("pelatihan:sesi-create", args=[program.pk]),
                {"tanggal": "2026-12-01", "jam_mulai": "08:00", "jam_selesai": "12:00", "topik": "Etika pelayanan",
                 "narasumber_baru": "Dr. Ani Wijaya, M.Si. (Universitas Jambi)"})
    sesi = program.sesi.get()
    assert (sesi.narasumber.get().nama, sesi.narasumber.get().asal) == ("Dr. Ani Wijaya, M.Si.", "Universitas Jambi")
    client.post(reverse("pelatihan:program-publish", args=[program.pk]))
    program.refresh_from_db()
    assert program.status == "dibuka"


def test_session_end_before_start_is_refused_with_typed_values_kept(client, inst, hr):
    program = pf.ProgramFactory(instansi=inst, status="draft")
    client.force_login(hr)
    page = client.post(reverse("pelatihan:sesi-create", args=[program.pk]),
                       {"tanggal": "2026-12-01", "jam_mulai": "13:00", "jam_selesai": "09:00", "topik": "Sore"})
    html = page.content.decode()
    assert "Jam selesai harus setelah jam mulai" in html and 'value="Sore"' in html
    assert not program.sesi.exists()


def test_quota_waiting_list_and_withdrawal_moves_the_queue(inst, hr):
    program = pf.ProgramFactory(instansi=inst, kuota=2)
    a, b, c = (f.PegawaiFactory(instansi=inst) for _ in range(3))
    pa = svc.peserta_add(actor=hr, program=program, pegawai=a, sumber="hr")
    svc.peserta_add(actor=hr, program=program, pegawai=b, sumber="hr")
    pc = svc.peserta_add(actor=hr, program=program, pegawai=c, sumber="hr")
    assert pc.status == Peserta.Status.DAFTAR_TUNGGU
    with pytest.raises(ValidationError, match="sudah terdaftar"):
        svc.peserta_add(actor=hr, program=program, pegawai=a, sumber="hr")
    svc.peserta_withdraw(actor=hr, peserta=pa)
    pc.refresh_from_db()
    assert pc.status == Peserta.Status.TERDAFTAR
    with pytest.raises(IntegrityError):
        Peserta.objects.create(program=program, pegawai=b, sumber="hr")


def test_self_registration_only_when_allowed_and_atasan_nominates_only_staff(client, inst):
    atasan = f.PegawaiFactory(instansi=inst)
    staf = f.PegawaiFactory(instansi=inst, atasan=atasan)
    lain = f.PegawaiFactory(instansi=inst)
    program = pf.ProgramFactory(instansi=inst, pendaftaran_mandiri=False)
    user = f.pegawai_user(staf)
    with pytest.raises(PermissionDenied):
        svc.peserta_add(actor=user, program=program, pegawai=staf, sumber="mandiri")
    program.pendaftaran_mandiri = True
    program.save()
    assert svc.peserta_add(actor=user, program=program, pegawai=staf, sumber="mandiri").status == "terdaftar"
    boss = f.pegawai_user(atasan)
    client.force_login(boss)
    client.post(reverse("pelatihan:peserta-add-many", args=[program.pk]), {"nip": lain.nip})
    assert not Peserta.objects.filter(pegawai=lain).exists()
    program2 = pf.ProgramFactory(instansi=inst)
    client.post(reverse("pelatihan:peserta-add-many", args=[program2.pk]), {"nip": staf.nip})
    assert Peserta.objects.get(program=program2, pegawai=staf).sumber == "atasan"


def _hadir(peserta, sesi_list):
    for s in sesi_list:
        Kehadiran.objects.create(peserta=peserta, sesi=s, status="hadir", cara="panitia")


def test_completion_rule_credits_jp_once_and_reverses_on_reclose(inst, hr):
    program = pf.ProgramFactory(instansi=inst, jp=24, ambang_kehadiran=80, pakai_post_test=True, nilai_lulus=70)
    hari = [datetime.date(2026, 3, d) for d in (2, 3, 4, 5, 6)]
    sesi = [pf.SesiFactory(program=program, tanggal=d) for d in hari]
    rajin = pf.PesertaFactory(program=program, nilai_pre_test=50, nilai_post_test=85)
    kurang_hadir = pf.PesertaFactory(program=program, nilai_post_test=90)
    gagal_tes = pf.PesertaFactory(program=program, nilai_post_test=60)
    _hadir(rajin, sesi[:4])          # 80 %: enough
    _hadir(kurang_hadir, sesi[:3])   # 60 %
    _hadir(gagal_tes, sesi)
    hasil = svc.program_close(actor=hr, program=program)
    assert hasil == {"peserta": 3, "lulus": 1}
    for p, status in ((rajin, "lulus"), (kurang_hadir, "tidak_lulus"), (gagal_tes, "tidak_lulus")):
        p.refresh_from_db()
        assert p.status == status
    assert rajin.persen_hadir == 80 and rajin.kenaikan == 35
    kredit = KreditJP.objects.get()
    assert (kredit.pegawai_id, kredit.jp, kredit.tanggal) == (rajin.pegawai_id, 24, datetime.date(2026, 3, 6))
    assert RekapJP.objects.get(pegawai=rajin.pegawai, tahun=2026).total == 24
    assert rajin.sertifikat.nomor
    # Closing again changes nothing; a corrected score that fails reverses the credit.
    svc.program_close(actor=hr, program=program)
    assert KreditJP.objects.count() == 1
    Peserta.objects.filter(pk=rajin.pk).update(nilai_post_test=40)
    svc.program_close(actor=hr, program=program)
    assert KreditJP.objects.count() == 0
    assert RekapJP.objects.get(pegawai=rajin.pegawai, tahun=2026).total == 0


def test_ledger_never_credits_a_source_twice():
    peserta = pf.PesertaFactory()
    for _ in range(3):
        ledger.kredit_set(pegawai_id=peserta.pegawai_id, tanggal=datetime.date(2026, 5, 1), jp=10,
                          keterangan="Pelatihan", peserta=peserta)
    assert KreditJP.objects.count() == 1 and RekapJP.objects.get().total == 10
    with pytest.raises(IntegrityError):
        KreditJP.objects.create(pegawai_id=peserta.pegawai_id, tanggal=datetime.date(2026, 5, 1), jp=1,
                                keterangan="x", peserta=peserta)


def test_ledger_row_has_exactly_one_source():
    pegawai = f.PegawaiFactory()
    with pytest.raises(IntegrityError):
        KreditJP.objects.create(pegawai=pegawai, tanggal=datetime.date(2026, 1, 1), jp=1, keterangan="tanpa sumber")


def test_jp_page_and_unit_attainment(client, inst, hr):
    unit = f.UnitKerjaFactory(instansi=inst, nama="Dinas Kesehatan")
    sub = f.UnitKerjaFactory(instansi=inst, nama="Puskesmas Muara Tebo", induk=unit)
    a = f.PegawaiFactory(instansi=inst, unit_kerja=sub)
    b = f.PegawaiFactory(instansi=inst, unit_kerja=unit)
    for i, (pegawai, jp) in enumerate(((a, 12), (a, 10), (b, 4))):
        ledger.kredit_set(pegawai_id=pegawai.pk, tanggal=datetime.date(2026, 2 + i, 10), jp=jp, keterangan="Bimtek",
                          sesi_mentoring_id=SesiMentoringFactory().pk)
    data = selectors.jp_pegawai(pegawai=a, tahun=2026)
    assert data["total"] == 22 and data["kurang"] == 0 and dict(data["bulan"])["Feb"] == 12
    rows, ringkas = selectors.capaian_unit(instansi=inst, tahun=2026, today=datetime.date(2026, 6, 30))
    row = next(r for r in rows if r["unit"] == "Dinas Kesehatan")
    assert row["pegawai"] == 2 and row["persen_capai"] == 50.0 and row["rata_jp"] == 13.0
    assert row["persen_sesuai_laju"] == 50.0  # pace at June = 10 JP: a yes, b no
    qs, laju = selectors.pegawai_tertinggal(instansi=inst, tahun=2026, today=datetime.date(2026, 6, 30))
    assert laju == 10.0 and list(qs) == [b]
    client.force_login(f.pegawai_user(a))
    page = client.get(reverse("pelatihan:jp-saya") + "?tahun=2026").content.decode()
    assert 'data-testid="total-jp">22<' in page and "Target 20 JP tahun ini sudah tercapai" in page
    client.force_login(hr)
    assert "Dinas Kesehatan" in client.get(reverse("pelatihan:jp-unit") + "?tahun=2026").content.decode()
    xlsx = client.get(reverse("pelatihan:jp-tertinggal") + "?tahun=2026&format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_pppk_above_24_jp_is_flagged_not_blocked():
    from tests.factories import nip_pppk

    lahir = datetime.date(1990, 4, 4)
    p = f.PegawaiFactory(jenis_asn="PPPK", golongan="IX", tanggal_lahir=lahir, tmt_cpns=datetime.date(2023, 3, 1),
                         nip=nip_pppk(lahir, 2023))
    ledger.kredit_set(pegawai_id=p.pk, tanggal=datetime.date(2026, 4, 1), jp=30, keterangan="Diklat",
                      sesi_mentoring_id=SesiMentoringFactory().pk)
    data = selectors.jp_pegawai(pegawai=p, tahun=2026)
    assert data["total"] == 30 and data["melebihi_batas_pppk"]


def test_employee_cannot_see_programme_of_other_instansi_or_draft(client, inst):
    me = f.PegawaiFactory(instansi=inst)
    client.force_login(f.pegawai_user(me))
    draft = pf.ProgramFactory(instansi=inst, status="draft")
    lain = pf.ProgramFactory()
    dibuka = pf.ProgramFactory(instansi=inst, status="dibuka")
    assert client.get(reverse("pelatihan:program-detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("pelatihan:program-detail", args=[lain.pk])).status_code == 404
    assert client.get(reverse("pelatihan:program-detail", args=[dibuka.pk])).status_code == 200
    assert client.get(reverse("pelatihan:program-create")).status_code == 404


def test_programme_page_reports_average_learning_gain(client, inst, hr):
    program = pf.ProgramFactory(instansi=inst)
    pf.PesertaFactory(program=program, nilai_pre_test=40, nilai_post_test=80)
    pf.PesertaFactory(program=program, nilai_pre_test=60, nilai_post_test=70)
    pf.PesertaFactory(program=program)
    client.force_login(hr)
    page = client.get(reverse("pelatihan:program-detail", args=[program.pk])).content.decode()
    assert "Rata-rata pre-test 50,0 → post-test 75,0 (kenaikan 25,0, 2 peserta dites)" in page


def test_programme_cannot_be_closed_before_its_last_session_ends(inst, hr):
    program = pf.ProgramFactory(instansi=inst)
    pf.SesiFactory(program=program, tanggal=datetime.date(2026, 3, 2))
    pf.SesiFactory(program=program, tanggal=timezone.localdate() + datetime.timedelta(days=2))
    with pytest.raises(ValidationError, match="sesi terakhir baru berakhir"):
        svc.program_close(actor=hr, program=program)
    program.refresh_from_db()
    assert program.status == "dibuka" and not KreditJP.objects.exists()


# ------------------------------------------------------------------ the programme form (issue 9)

def _data_program(**lain):
    return {"judul": "Bimtek Arsip Digital", "bentuk": pf.bentuk("KL10").pk, "jp": "", "kuota": 30,
            "mode": "tatap_muka", "ambang_kehadiran": 80, "nilai_lulus": 70, **lain}


def test_first_programme_with_a_new_penyelenggara_typed_in_the_form(client, inst, hr):
    """No Mitra yet: the penyelenggara is typed in the programme form itself and selected on save."""
    client.force_login(hr)
    page = client.get(reverse("pelatihan:program-create"))
    assert 'name="penyelenggara_baru"' in page.content.decode()
    response = client.post(reverse("pelatihan:program-create"),
                           _data_program(jp="16", penyelenggara_baru="  BPSDM  Provinsi Jambi ",
                                         jenis_penyelenggara_baru="bpsdm"))
    program = inst.program_pelatihan.get()
    assert response.url == reverse("pelatihan:program-detail", args=[program.pk])
    assert (program.penyelenggara.nama, program.penyelenggara.jenis, program.penyelenggara.instansi) == (
        "BPSDM Provinsi Jambi", "bpsdm", inst)
    # Typing the same name again (any case) reuses the Mitra instead of failing on the unique name.
    client.post(reverse("pelatihan:program-create"), _data_program(jp="16", penyelenggara_baru="bpsdm provinsi jambi"))
    assert inst.mitra.count() == 1 and inst.program_pelatihan.count() == 2


def test_programme_form_keeps_typed_values_when_penyelenggara_missing(client, inst, hr):
    client.force_login(hr)
    page = client.post(reverse("pelatihan:program-create"), _data_program(jp="16", lokasi="Aula BKPSDM"))
    html = page.content.decode()
    assert page.status_code == 200 and "Pilih penyelenggara, atau ketik nama penyelenggara baru" in html
    assert 'value="Bimtek Arsip Digital"' in html and 'value="Aula BKPSDM"' in html and 'value="16"' in html
    assert not inst.program_pelatihan.exists() and not inst.mitra.exists()


def _jp_bawaan_halaman(page):
    """The JP defaults the programme form's script reads ({bentuk id: JP})."""
    html = page.content.decode()
    awal = html.index('<script id="jp-bawaan" type="application/json">') + len(
        '<script id="jp-bawaan" type="application/json">')
    return json.loads(html[awal:html.index("</script>", awal)])


def test_a_new_instansi_form_fills_jp_from_the_bentuk_without_hr_setting_anything(client):
    """Issue 9 follow-up: JP defaults are seeded for a brand-new instansi (the default is per bentuk, the same for
    every jenis ASN), and HR can still change or clear them."""
    baru = f.InstansiFactory()
    petugas = f.hr_user(baru)
    client.force_login(petugas)
    bawaan = _jp_bawaan_halaman(client.get(reverse("pelatihan:program-create")))
    assert bawaan[str(pf.bentuk("KL07").pk)] == 5 and bawaan[str(pf.bentuk("NKL05").pk)] == 20
    mitra = pf.MitraFactory(instansi=baru)
    client.post(reverse("pelatihan:program-create"),
                _data_program(penyelenggara=mitra.pk, bentuk=pf.bentuk("KL07").pk))
    assert baru.program_pelatihan.get().jp == 5
    # HR clears one default; a second seed (another instansi created) does not bring it back.
    client.post(reverse("pelatihan:jp-bawaan-set"), {f"b{pf.bentuk('NKL05').pk}": "7"})
    f.InstansiFactory()
    bawaan = _jp_bawaan_halaman(client.get(reverse("pelatihan:program-create")))
    assert bawaan == {str(pf.bentuk("NKL05").pk): 7}


def test_jp_left_empty_takes_the_bentuk_default_and_without_one_is_asked(client, inst, hr):
    JpBawaan.objects.update_or_create(instansi=inst, bentuk=pf.bentuk("KL10"), defaults={"jp": 12})
    lain = f.InstansiFactory()
    # another instansi's default
    JpBawaan.objects.update_or_create(instansi=lain, bentuk=pf.bentuk("KL03"), defaults={"jp": 40})
    mitra = pf.MitraFactory(instansi=inst)
    client.force_login(hr)
    page = client.get(reverse("pelatihan:program-create"))
    bawaan = _jp_bawaan_halaman(page)
    assert bawaan[str(pf.bentuk("KL10").pk)] == 12 and str(pf.bentuk("KL03").pk) not in bawaan
    client.post(reverse("pelatihan:program-create"), _data_program(penyelenggara=mitra.pk))
    assert inst.program_pelatihan.get().jp == 12
    page = client.post(reverse("pelatihan:program-create"),
                       _data_program(penyelenggara=mitra.pk, bentuk=pf.bentuk("KL03").pk, judul="Teknis"))
    assert "JP wajib diisi: bentuk KL03 belum punya JP bawaan" in page.content.decode()
    assert inst.program_pelatihan.count() == 1
    # A typed JP is kept as typed, default or not.
    client.post(reverse("pelatihan:program-create"), _data_program(penyelenggara=mitra.pk, jp="7", judul="Tujuh"))
    assert inst.program_pelatihan.get(judul="Tujuh").jp == 7


def test_speaker_with_academic_titles_stays_one_speaker(client, inst, hr):
    program = pf.ProgramFactory(instansi=inst, status="draft")
    client.force_login(hr)
    client.post(reverse("pelatihan:sesi-create", args=[program.pk]),
                {"tanggal": "2026-12-01", "jam_mulai": "08:00", "jam_selesai": "12:00", "topik": "Arsip",
                 "narasumber_baru": "Dr. Rina Kartika, M.Si.\nIr. Budi Santoso, M.T., IPM (Universitas Bengkulu)\n\n"})
    nama = dict(program.sesi.get().narasumber.values_list("nama", "asal"))
    assert nama == {"Dr. Rina Kartika, M.Si.": "", "Ir. Budi Santoso, M.T., IPM": "Universitas Bengkulu"}


def test_program_list_garbage_status_answers_400(client, inst, hr):
    client.force_login(hr)
    pf.ProgramFactory(instansi=inst, judul="Satu", status="draft")
    assert client.get(reverse("pelatihan:program-list"), {"status": "draft"}).status_code == 200
    assert client.get(reverse("pelatihan:program-list"), {"status": "x' OR 1=1"}).status_code == 400


def test_jp_default_migration_seeds_only_instansi_without_any():
    import importlib

    from django.apps import apps

    migrasi = importlib.import_module("pelatihan.migrations.0005_jp_bawaan_awal")
    kosong, diatur = f.InstansiFactory(), f.InstansiFactory()
    JpBawaan.objects.filter(instansi=kosong).delete()  # as every instansi was before the migration
    JpBawaan.objects.filter(instansi=diatur).delete()
    JpBawaan.objects.create(instansi=diatur, bentuk=pf.bentuk("KL03"), jp=9)  # HR set their own
    migrasi.isi(apps, None)
    assert JpBawaan.objects.get(instansi=kosong, bentuk=pf.bentuk("KL07")).jp == 5
    assert list(JpBawaan.objects.filter(instansi=diatur).values_list("jp", flat=True)) == [9]


def test_mitra_and_jp_defaults_are_written_by_services_that_refuse_non_hr(inst, hr):
    pegawai = f.pegawai_user(f.PegawaiFactory(instansi=inst))
    with pytest.raises(PermissionDenied):
        svc.mitra_create(actor=pegawai, nama="BPSDM", jenis="bpsdm")
    with pytest.raises(PermissionDenied):
        ledger.jp_bawaan_set(actor=pegawai, nilai={pf.bentuk("KL07").pk: 9})
    svc.mitra_create(actor=hr, nama="BPSDM", jenis="bpsdm")
    with pytest.raises(ValidationError, match="sudah ada"):
        svc.mitra_create(actor=hr, nama="BPSDM", jenis="bpsdm")
    ledger.jp_bawaan_set(actor=hr, nilai={pf.bentuk("KL07").pk: 9, pf.bentuk("NKL05").pk: None})
    bawaan = dict(JpBawaan.objects.filter(instansi=inst).values_list("bentuk__kode", "jp"))
    assert bawaan["KL07"] == 9 and "NKL05" not in bawaan


def test_programme_and_session_services_take_plain_data(inst, hr):
    """No Django form in the service's signature: a programme and a session are written from plain values, a new
    speaker typed by name joins the instansi's list, and another HR's programme is refused."""
    mitra = pf.MitraFactory(instansi=inst)
    program = svc.program_save(actor=hr, data={"judul": "Bimtek Data", "bentuk": pf.bentuk("KL03"),
                                               "penyelenggara": mitra, "jp": 12, "kuota": 20})
    assert (program.instansi, program.jp, program.status) == (inst, 12, "draft")
    program = svc.program_save(actor=hr, program=program, data={"jp": 16}, penyelenggara_baru="LAN RI")
    assert (program.jp, program.penyelenggara.nama, program.penyelenggara.instansi) == (16, "LAN RI", inst)
    sesi = svc.sesi_save(actor=hr, program=program, narasumber_baru=[("Dr. Rina", "Universitas Jambi")],
                         data={"tanggal": datetime.date(2026, 12, 1), "jam_mulai": datetime.time(8),
                               "jam_selesai": datetime.time(12), "topik": "Data"})
    assert list(sesi.narasumber.values_list("nama", "asal", "instansi")) == [("Dr. Rina", "Universitas Jambi", inst.pk)]
    with pytest.raises(PermissionDenied):
        svc.program_save(actor=f.hr_user(f.InstansiFactory()), program=program, data={"jp": 1})


def test_hr_edits_a_programme_and_a_session_through_the_forms(client, inst, hr):
    mitra = pf.MitraFactory(instansi=inst)
    program = pf.ProgramFactory(instansi=inst, penyelenggara=mitra, status="draft")
    sesi = pf.SesiFactory(program=program, topik="Lama")
    client.force_login(hr)
    resp = client.post(reverse("pelatihan:program-edit", args=[program.pk]),
                       _data_program(penyelenggara=mitra.pk, judul="Judul baru", jp="9"))
    assert resp.status_code == 302
    program.refresh_from_db()
    assert (program.judul, program.jp) == ("Judul baru", 9)
    resp = client.post(reverse("pelatihan:sesi-edit", args=[program.pk, sesi.pk]),
                       {"tanggal": "2026-12-02", "jam_mulai": "09:00", "jam_selesai": "11:00", "topik": "Baru",
                        "narasumber_baru": "Budi (LAN)"})
    assert resp.status_code == 302
    sesi.refresh_from_db()
    assert (sesi.topik, sesi.jam_mulai, list(sesi.narasumber.values_list("nama", flat=True))) == \
        ("Baru", datetime.time(9), ["Budi"])
    assert program.sesi.count() == 1
