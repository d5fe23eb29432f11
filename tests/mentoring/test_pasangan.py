"""Pairs (issue 5): database constraints, the service's errors and warnings (HR confirms, the pair records them),
capacity per instansi, the Latsar default mentor, the status transitions, bulk creation and the outbox."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring import selectors
from mentoring.forms import PasanganForm
from mentoring.models import PasanganMentoring, PengaturanMentoring
from mentoring.services import pasangan as svc
from pembinaan import referensi as ref
from pembinaan.models import Notifikasi, Pegawai
from tests import factories as f
from tests.mentoring.factories import PasanganFactory

pytestmark = pytest.mark.django_db
PS = PasanganMentoring.Status


# ----------------------------------------------------------------------------------------------- data

@pytest.fixture
def o():
    """An instansi with a unit tree (Dinas → Bidang → Seksi, a sibling Bidang, another Dinas), jabatan of two
    rumpun, HR, and a baseline pair that raises no warning: a IV/a mentor with 12 more years of service in the
    mentee's own unit and field, one jenjang higher."""
    inst = f.InstansiFactory()
    dinas = f.UnitKerjaFactory(instansi=inst, nama="Dinas Pendidikan")
    bidang = f.UnitKerjaFactory(instansi=inst, nama="Bidang Guru dan Tenaga Kependidikan", induk=dinas)
    seksi = f.UnitKerjaFactory(instansi=inst, nama="Seksi Mutu Pendidik", induk=bidang)
    bidang_lain = f.UnitKerjaFactory(instansi=inst, nama="Bidang Sarana Prasarana", induk=dinas)
    dinas_lain = f.UnitKerjaFactory(instansi=inst, nama="Dinas Kesehatan")

    def jab(nama, jenjang):
        return f.JabatanFactory(instansi=inst, nama=nama, jenis="fungsional", jenjang=jenjang)

    ak_pertama = jab("Analis Kebijakan Ahli Pertama", "ahli_pertama")
    ak_muda = jab("Analis Kebijakan Ahli Muda", "ahli_muda")
    prakom_muda = jab("Pranata Komputer Ahli Muda", "ahli_muda")
    mentor = f.PegawaiFactory(instansi=inst, unit_kerja=seksi, jabatan=ak_muda, golongan="IV/a",
                              tmt_cpns=datetime.date(2004, 3, 1))
    mentee = f.PegawaiFactory(instansi=inst, unit_kerja=seksi, jabatan=ak_pertama, golongan="III/b",
                              tmt_cpns=datetime.date(2016, 3, 1))
    return SimpleNamespace(inst=inst, dinas=dinas, bidang=bidang, seksi=seksi, bidang_lain=bidang_lain,
                           dinas_lain=dinas_lain, ak_pertama=ak_pertama, ak_muda=ak_muda, prakom_muda=prakom_muda,
                           mentor=mentor, mentee=mentee, hr=f.hr_user(inst))


def _buat(o, *, mentor=None, mentee=None, jenis="umum", **kw):
    return svc.pasangan_create(actor=o.hr, instansi=o.inst, mentor=mentor or o.mentor, mentee=mentee or o.mentee,
                               jenis=jenis, **kw)


def _save(*pegawai):
    for p in pegawai:
        p.save()


# ------------------------------------------------------------------------------------- DB constraints

def _pair_row(o, **kw):
    data = dict(instansi=o.inst, mentor=o.mentor, mentee=o.mentee, jenis="umum",
                rencana_mulai=datetime.date(2026, 1, 1), rencana_selesai=datetime.date(2026, 6, 30), status=PS.AKTIF)
    return PasanganMentoring.objects.create(**(data | kw))


def _integrity_error(fn):
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        fn()
    return str(exc.value)


def test_db_refuses_a_mentor_who_is_the_mentee(o):
    pesan = _integrity_error(lambda: _pair_row(o, mentee=o.mentor))
    assert "mentoring_mentor_bukan_mentee" in pesan
    assert not PasanganMentoring.objects.exists()


@pytest.mark.parametrize("status_kedua", [PS.USULAN, PS.AKTIF])
def test_db_allows_one_open_pair_per_mentee_and_kind(o, status_kedua):
    lain = f.PegawaiFactory(instansi=o.inst, unit_kerja=o.seksi, golongan="IV/b")
    pertama = _pair_row(o)
    pesan = _integrity_error(lambda: _pair_row(o, mentor=lain, status=status_kedua))
    assert "mentoring_satu_pasangan_aktif_per_jenis" in pesan
    # Another kind is another track: allowed.
    _pair_row(o, mentor=lain, jenis="kepemimpinan", status=status_kedua)
    # Once the first pair has ended, the mentee may get a new one of the same kind.
    PasanganMentoring.objects.filter(pk=pertama.pk).update(status=PS.SELESAI, ringkasan_penutup="Tuntas")
    _pair_row(o, mentor=lain, status=status_kedua)
    kedua = PasanganMentoring.objects.get(mentee=o.mentee, jenis="umum", status=status_kedua)
    PasanganMentoring.objects.filter(pk=kedua.pk).update(status=PS.DIBATALKAN, alasan_batal="Mutasi")
    _pair_row(o, status=status_kedua)
    assert PasanganMentoring.objects.filter(mentee=o.mentee, jenis="umum").count() == 3


def test_db_refuses_finished_pair_without_closing_summary_and_end_before_start(o):
    p = _pair_row(o)
    pesan = _integrity_error(lambda: PasanganMentoring.objects.filter(pk=p.pk).update(status=PS.SELESAI))
    assert "mentoring_selesai_ada_ringkasan" in pesan
    pesan = _integrity_error(lambda: PasanganMentoring.objects.filter(pk=p.pk).update(
        rencana_selesai=p.rencana_mulai - datetime.timedelta(days=1)))
    assert "mentoring_rencana_urut" in pesan
    PasanganMentoring.objects.filter(pk=p.pk).update(status=PS.SELESAI, ringkasan_penutup="Mampu menyusun kajian")
    p.refresh_from_db()
    assert p.status == PS.SELESAI


# ------------------------------------------------------------------------------------- service errors

def _hanya_galat(fn):
    """The call fails with a plain ValidationError (errors block; they are not warnings to confirm)."""
    with pytest.raises(ValidationError) as exc:
        fn()
    assert not isinstance(exc.value, svc.PerluKonfirmasi), exc.value.messages
    return exc.value.messages


def test_service_errors_are_named_in_indonesian_and_write_nothing(o):
    asing = f.PegawaiFactory(golongan="IV/c")  # another instansi
    assert _hanya_galat(lambda: _buat(o, mentor=asing)) == [f"Mentor {asing.nama} bukan pegawai {o.inst.nama}."]
    assert _hanya_galat(lambda: _buat(o, mentee=asing)) == [f"Mentee {asing.nama} bukan pegawai {o.inst.nama}."]
    assert _hanya_galat(lambda: _buat(o, mentee=o.mentor)) == ["Mentor dan mentee tidak boleh orang yang sama."]

    o.mentee.status = ref.StatusPegawai.PENSIUN
    o.mentee.golongan = "IV/e"  # also more senior than the mentor: the error wins, no warning is asked
    o.mentee.save()
    assert _hanya_galat(lambda: _buat(o)) == [f"Mentee {o.mentee.nama} berstatus pensiun, bukan aktif."]
    o.mentor.status = ref.StatusPegawai.TUGAS_BELAJAR
    o.mentor.save()
    o.mentee.status, o.mentee.golongan = ref.StatusPegawai.AKTIF, "III/b"
    o.mentee.save()
    assert _hanya_galat(lambda: _buat(o)) == [f"Mentor {o.mentor.nama} berstatus tugas belajar, bukan aktif."]
    assert not PasanganMentoring.objects.exists()


@pytest.mark.parametrize("status_awal", [True, False])
def test_service_refuses_a_second_open_pair_of_the_same_kind(o, status_awal):
    _buat(o, aktif=status_awal)
    lain = f.PegawaiFactory(instansi=o.inst, unit_kerja=o.seksi, jabatan=o.ak_muda, golongan="IV/b",
                            tmt_cpns=datetime.date(2000, 3, 1))
    assert _hanya_galat(lambda: _buat(o, mentor=lain)) == [
        f"{o.mentee.nama} sudah punya pasangan Pengembangan kompetensi umum yang aktif atau diusulkan."]
    assert PasanganMentoring.objects.filter(mentee=o.mentee).count() == 1
    # Latsar is another kind (the warnings there are confirmed)
    _buat(o, mentor=lain, jenis="latsar", konfirmasi=True)
    assert PasanganMentoring.objects.filter(mentee=o.mentee).count() == 2


# ------------------------------------------------------------------------------------------- warnings

def _sesuai(peringatan, harapan):
    """The warnings are, in order, one per expected tuple of phrases, each containing all its phrases."""
    assert len(peringatan) == len(harapan), peringatan
    for w, frasa in zip(peringatan, harapan, strict=True):
        assert all(x in w for x in frasa), (w, frasa)
    return True


def _golongan_lebih_rendah(o):
    o.mentor.golongan = "III/a"
    return "umum", [("Golongan mentor (III/a", "lebih rendah dari golongan mentee (III/b")]


def _golongan_sama_masa_kerja_pendek(o):
    o.mentor.golongan, o.mentor.tmt_cpns = "III/b", datetime.date(2018, 3, 1)
    return "umum", [("Golongan sama (III/b", "masa kerja mentor tidak lebih lama")]


def _golongan_sama_masa_kerja_sama(o):
    o.mentor.golongan, o.mentor.tmt_cpns = "III/b", o.mentee.tmt_cpns
    return "umum", [("Golongan sama (III/b", "masa kerja mentor tidak lebih lama")]


def _jenjang_lebih_rendah(o):
    o.mentor.jabatan, o.mentee.jabatan = o.ak_pertama, o.ak_muda
    return "umum", [("Jenjang jabatan mentor (Ahli Pertama) lebih rendah dari jenjang mentee (Ahli Muda)",)]


def _opd_lain(o):
    o.mentor.unit_kerja = o.dinas_lain
    return "umum", [("perangkat daerah (OPD) lain",)]


def _unit_dan_rumpun_lain(o):
    o.mentor.unit_kerja, o.mentor.jabatan = o.bidang_lain, o.prakom_muda
    return "umum", [("unit dan rumpun jabatan yang berbeda",)]


def _melebihi_kapasitas(o):
    PengaturanMentoring.objects.create(instansi=o.inst, kapasitas_mentor=2)
    for _ in range(2):
        PasanganFactory(instansi=o.inst, mentor=o.mentor)
    return "umum", [("membimbing 2 mentee aktif", "kapasitas 2")]


def _latsar_bukan_atasan(o):
    o.mentee.jenis_asn, o.mentee.golongan = "CPNS", "III/a"
    o.mentee.atasan = f.PegawaiFactory(instansi=o.inst, unit_kerja=o.seksi, golongan="IV/b")
    return "latsar", [("Latsar CPNS", "mentor semestinya atasan langsung mentee")]


def _latsar_bukan_cpns(o):
    o.mentee.atasan = o.mentor
    return "latsar", [(o.mentee.nama, "bukan CPNS")]


def _mentor_cpns(o):
    o.mentor.jenis_asn = "CPNS"
    return "umum", [(o.mentor.nama, "masih CPNS")]


@pytest.mark.parametrize("kasus", [
    _golongan_lebih_rendah, _golongan_sama_masa_kerja_pendek, _golongan_sama_masa_kerja_sama, _jenjang_lebih_rendah,
    _opd_lain, _unit_dan_rumpun_lain, _melebihi_kapasitas, _latsar_bukan_atasan, _latsar_bukan_cpns, _mentor_cpns,
], ids=lambda fn: fn.__name__.strip("_"))
def test_warning_needs_confirmation_then_is_recorded_on_the_pair(o, kasus):
    jenis, diharapkan = kasus(o)
    _save(o.mentor, o.mentee)
    with pytest.raises(svc.PerluKonfirmasi) as exc:
        _buat(o, jenis=jenis)
    assert _sesuai(exc.value.peringatan, diharapkan)
    assert not PasanganMentoring.objects.filter(mentee=o.mentee).exists()
    p = _buat(o, jenis=jenis, konfirmasi=True)
    p.refresh_from_db()
    assert p.peringatan == exc.value.peringatan and p.status == PS.AKTIF and p.mentor == o.mentor


def test_baseline_pair_needs_no_confirmation(o):
    p = _buat(o)
    assert p.peringatan == [] and p.status == PS.AKTIF


def test_latsar_with_the_atasan_as_mentor_needs_no_confirmation(o):
    o.mentee.jenis_asn, o.mentee.golongan, o.mentee.atasan = "CPNS", "III/a", o.mentor
    o.mentee.save()
    p = _buat(o, jenis="latsar")
    assert p.peringatan == []


def test_same_field_in_another_unit_or_mentor_in_the_parent_unit_is_no_warning(o):
    o.mentor.unit_kerja = o.bidang_lain  # sibling unit, same rumpun (Analis Kebijakan)
    o.mentor.save()
    assert _buat(o).peringatan == []
    lain = f.PegawaiFactory(instansi=o.inst, unit_kerja=o.bidang, jabatan=o.prakom_muda, golongan="IV/a",
                            tmt_cpns=datetime.date(2004, 3, 1))  # the mentee's parent unit, another field
    assert _buat(o, mentor=lain, jenis="kepemimpinan").peringatan == []


def test_several_warnings_are_all_shown(o):
    o.mentor.unit_kerja, o.mentor.golongan = o.dinas_lain, "III/a"
    o.mentor.save()
    with pytest.raises(svc.PerluKonfirmasi) as exc:
        _buat(o)
    assert len(exc.value.peringatan) == 2
    assert _sesuai(exc.value.peringatan, [("lebih rendah dari golongan mentee",), ("perangkat daerah (OPD) lain",)])


# ------------------------------------------------------------------------------------------- capacity

def test_capacity_is_configured_per_instansi(o):
    """Default 3 active mentees; an instansi that sets 1 warns at the first; proposed and ended pairs don't count."""
    assert PengaturanMentoring.untuk(o.inst.pk).kapasitas_mentor == 3
    assert PengaturanMentoring.untuk(o.inst.pk).pk is None  # defaults, nothing written

    def mentee_baru(inst, unit):
        return f.PegawaiFactory(instansi=inst, unit_kerja=unit, jabatan=None, golongan="III/a")

    # Instansi with the default: three active mentees fit, the fourth needs confirmation.
    for _ in range(3):
        _buat(o, mentee=mentee_baru(o.inst, o.seksi))
    PasanganFactory(instansi=o.inst, mentor=o.mentor, status=PS.USULAN)
    PasanganFactory(instansi=o.inst, mentor=o.mentor, status=PS.DIBATALKAN)
    with pytest.raises(svc.PerluKonfirmasi) as exc:
        _buat(o, mentee=mentee_baru(o.inst, o.seksi))
    assert _sesuai(exc.value.peringatan, [("membimbing 3 mentee aktif", "kapasitas 3")])

    # Another instansi sets 1.
    lain = f.InstansiFactory()
    PengaturanMentoring.objects.create(instansi=lain, kapasitas_mentor=1)
    unit = f.UnitKerjaFactory(instansi=lain)
    mentor = f.PegawaiFactory(instansi=lain, unit_kerja=unit, golongan="IV/a")
    hr = f.hr_user(lain)
    svc.pasangan_create(actor=hr, instansi=lain, mentor=mentor, mentee=mentee_baru(lain, unit), jenis="umum")
    with pytest.raises(svc.PerluKonfirmasi) as exc:
        svc.pasangan_create(actor=hr, instansi=lain, mentor=mentor, mentee=mentee_baru(lain, unit), jenis="umum")
    assert _sesuai(exc.value.peringatan, [("membimbing 1 mentee aktif", "kapasitas 1")])
    # The first instansi is unaffected by the other's setting.
    assert PengaturanMentoring.untuk(o.inst.pk).kapasitas_mentor == 3


# ------------------------------------------------------------------------------------------ the form

def _form(o, **data):
    return PasanganForm({"jenis": "latsar", "rencana_mulai": "2026-07-01", "aktif": "on"} | data, instansi=o.inst)


def test_latsar_form_defaults_the_mentor_to_the_atasan(o):
    cpns = f.PegawaiFactory(instansi=o.inst, unit_kerja=o.seksi, jenis_asn="CPNS", atasan=o.mentor)
    form = _form(o, nip_mentee=cpns.nip_tampil)  # NIP typed with spaces
    assert form.is_valid(), form.errors
    assert form.cleaned_data["nip_mentee"] == cpns and form.cleaned_data["mentor"] == o.mentor

    # Another mentor typed in wins over the default.
    form = _form(o, nip_mentee=cpns.nip, nip_mentor=o.mentee.nip)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["mentor"] == o.mentee


def test_form_asks_for_the_mentor_nip_when_there_is_no_default(o):
    tanpa_atasan = f.PegawaiFactory(instansi=o.inst, unit_kerja=o.seksi, jenis_asn="CPNS")
    form = _form(o, nip_mentee=tanpa_atasan.nip)
    assert not form.is_valid()
    assert form.errors["nip_mentor"] == [f"{tanpa_atasan.nama} belum punya atasan langsung: isi NIP mentor."]

    cpns = f.PegawaiFactory(instansi=o.inst, unit_kerja=o.seksi, jenis_asn="CPNS", atasan=o.mentor)
    form = _form(o, nip_mentee=cpns.nip, jenis="umum")  # the atasan default is for Latsar only
    assert not form.is_valid()
    assert form.errors["nip_mentor"] == ["NIP mentor wajib diisi (kecuali Latsar CPNS dengan atasan langsung)."]

    asing = f.PegawaiFactory()
    form = _form(o, nip_mentee=cpns.nip, nip_mentor=asing.nip)
    assert not form.is_valid()
    assert form.errors["nip_mentor"] == [f"NIP mentor: tidak ada pegawai dengan NIP {asing.nip} di {o.inst.nama}."]


# ---------------------------------------------------------------------------------------- transitions

def _akun(*pegawai):
    for p in pegawai:
        f.pegawai_user(p)


def _outbox(**kw):
    return list(Notifikasi.objects.filter(jenis="mentoring_pasangan", **kw).order_by("penerima_id"))


def test_activation_notifies_mentor_and_mentee_through_the_outbox(o):
    _akun(o.mentor, o.mentee)
    p = _buat(o, aktif=False, tujuan="Menyusun kajian kebijakan")
    assert p.status == PS.USULAN and _outbox() == []  # a proposal tells nobody yet

    svc.pasangan_activate(actor=o.hr, pasangan=p)
    p.refresh_from_db()
    assert p.status == PS.AKTIF
    rows = _outbox()
    assert {r.penerima_id for r in rows} == {o.mentor.user_id, o.mentee.user_id} and len(rows) == 2
    ke = {r.penerima_id: r for r in rows}
    assert o.mentee.nama in ke[o.mentor.user_id].isi and "Anda ditetapkan sebagai mentor" in ke[o.mentor.user_id].isi
    assert o.mentor.nama in ke[o.mentee.user_id].isi and "mentor Anda" in ke[o.mentee.user_id].isi
    for r in rows:
        assert r.kunci == f"pasangan-{p.pk}" and r.tautan == reverse("mentoring:pasangan-detail", args=[p.pk])
        assert f"{p.rencana_selesai:%d-%m-%Y}" in r.isi and r.instansi_id == o.inst.pk
        assert r.email_tujuan and r.status_email == "menunggu"


def test_creating_an_active_pair_notifies_only_people_with_an_account(o):
    _akun(o.mentee)
    p = _buat(o)
    [row] = _outbox()
    assert row.penerima_id == o.mentee.user_id and row.kunci == f"pasangan-{p.pk}"


def test_activate_finish_cancel_transitions(o):
    p = _buat(o, aktif=False)
    with pytest.raises(ValidationError, match="Hanya pasangan aktif yang dapat diselesaikan"):
        svc.pasangan_finish(actor=o.hr, pasangan=p, ringkasan="Selesai")
    svc.pasangan_activate(actor=o.hr, pasangan=p)
    with pytest.raises(ValidationError, match="Hanya pasangan berstatus usulan"):
        svc.pasangan_activate(actor=o.hr, pasangan=p)
    with pytest.raises(ValidationError) as exc:
        svc.pasangan_finish(actor=o.hr, pasangan=p, ringkasan="   ")
    assert exc.value.messages == ["Ringkasan penutup wajib diisi."]
    svc.pasangan_finish(actor=o.hr, pasangan=p, ringkasan="  Mentee mampu menyusun policy brief.  ")
    p.refresh_from_db()
    assert (p.status, p.ringkasan_penutup) == (PS.SELESAI, "Mentee mampu menyusun policy brief.")
    assert p.diakhiri_pada is not None
    with pytest.raises(ValidationError, match="sudah berakhir"):
        svc.pasangan_cancel(actor=o.hr, pasangan=p, alasan="Salah input")
    with pytest.raises(ValidationError, match="tidak dapat diubah"):
        svc.pasangan_update(actor=o.hr, pasangan=p, tujuan="x", rencana_mulai=p.rencana_mulai,
                            rencana_selesai=p.rencana_selesai)

    # A proposal can be cancelled (with a reason), and then the mentee is free again.
    q = _buat(o, aktif=False)
    with pytest.raises(ValidationError) as exc:
        svc.pasangan_cancel(actor=o.hr, pasangan=q, alasan="")
    assert exc.value.messages == ["Alasan pembatalan wajib diisi."]
    svc.pasangan_cancel(actor=o.hr, pasangan=q, alasan="Mentee mutasi")
    q.refresh_from_db()
    assert (q.status, q.alasan_batal) == (PS.DIBATALKAN, "Mentee mutasi") and q.diakhiri_pada is not None
    with pytest.raises(ValidationError, match="Hanya pasangan berstatus usulan"):
        svc.pasangan_activate(actor=o.hr, pasangan=q)
    assert _buat(o).status == PS.AKTIF


def test_update_changes_goal_and_dates_and_checks_their_order(o):
    p = _buat(o)
    mulai = datetime.date(2026, 8, 1)
    with pytest.raises(ValidationError) as exc:
        svc.pasangan_update(actor=o.hr, pasangan=p, tujuan="", rencana_mulai=mulai,
                            rencana_selesai=mulai - datetime.timedelta(days=1))
    assert "rencana_selesai" in exc.value.message_dict
    svc.pasangan_update(actor=o.hr, pasangan=p, tujuan="Baru", rencana_mulai=mulai,
                        rencana_selesai=datetime.date(2026, 12, 31))
    p.refresh_from_db()
    assert (p.tujuan, p.rencana_mulai, p.rencana_selesai) == ("Baru", mulai, datetime.date(2026, 12, 31))


def test_default_planned_end_follows_the_instansi_duration(o):
    PengaturanMentoring.objects.create(instansi=o.inst, durasi_bulan=6)
    p = _buat(o, rencana_mulai=datetime.date(2026, 8, 31))
    assert p.rencana_selesai == datetime.date(2027, 2, 28)  # six months on, clamped to the month's end
    with pytest.raises(ValidationError):
        _buat(o, mentee=f.PegawaiFactory(instansi=o.inst, unit_kerja=o.seksi), rencana_mulai=datetime.date(2026, 8, 1),
              rencana_selesai=datetime.date(2026, 7, 31))


def test_activation_asks_again_only_for_warnings_that_are_new(o):
    PengaturanMentoring.objects.create(instansi=o.inst, kapasitas_mentor=1)
    o.mentor.golongan = "III/a"
    o.mentor.save()
    p = _buat(o, aktif=False, konfirmasi=True)
    [w_golongan] = p.peringatan
    # Meanwhile the mentor got an active mentee: at capacity now.
    PasanganFactory(instansi=o.inst, mentor=o.mentor)
    with pytest.raises(svc.PerluKonfirmasi) as exc:
        svc.pasangan_activate(actor=o.hr, pasangan=p)
    [w_kapasitas] = exc.value.peringatan
    assert _sesuai([w_kapasitas], [("membimbing 1 mentee aktif", "kapasitas 1")])
    p.refresh_from_db()
    assert p.status == PS.USULAN
    svc.pasangan_activate(actor=o.hr, pasangan=p, konfirmasi=True)
    p.refresh_from_db()
    assert p.status == PS.AKTIF
    assert p.peringatan == [w_golongan, w_kapasitas]


def test_activation_is_refused_when_the_mentee_became_inactive(o):
    p = _buat(o, aktif=False)
    o.mentee.status = ref.StatusPegawai.MUTASI
    o.mentee.save()
    assert _hanya_galat(lambda: svc.pasangan_activate(actor=o.hr, pasangan=p)) == [
        f"Mentee {o.mentee.nama} berstatus mutasi keluar, bukan aktif."]
    p.refresh_from_db()
    assert p.status == PS.USULAN


# --------------------------------------------------------------------------------------- many at once

@pytest.fixture
def massal(o):
    """CPNS for a bulk Latsar creation (capacity 2), named so the preview order is known."""
    PengaturanMentoring.objects.create(instansi=o.inst, kapasitas_mentor=2)
    bos = o.mentor
    tidak_aktif = f.PegawaiFactory(instansi=o.inst, unit_kerja=o.seksi, golongan="IV/b", status="pensiun")
    junior = f.PegawaiFactory(instansi=o.inst, unit_kerja=o.seksi, golongan="II/a")

    def cpns(nama, atasan):
        return f.PegawaiFactory(instansi=o.inst, unit_kerja=o.seksi, jenis_asn="CPNS", golongan="III/a", nama=nama,
                                atasan=atasan, tmt_cpns=datetime.date(2025, 3, 1))

    m = SimpleNamespace(
        satu=cpns("Mentee 01", bos), dua=cpns("Mentee 02", bos), tiga=cpns("Mentee 03", bos),
        tanpa_atasan=cpns("Mentee 04", None), sudah=cpns("Mentee 05", bos),
        atasan_pensiun=cpns("Mentee 06", tidak_aktif),
        atasan_junior=cpns("Mentee 07", junior), bos=bos, junior=junior, tidak_aktif=tidak_aktif)
    PasanganFactory(instansi=o.inst, mentee=m.sudah, mentor=junior, jenis="latsar", status=PS.USULAN)
    return m


def _preview(o, jenis="latsar", **kw):
    qs = selectors.pasangan_bulk_kandidat(instansi=o.inst, jenis=jenis, **kw)
    return selectors.pasangan_bulk_preview(instansi=o.inst, jenis=jenis, mentee_qs=qs)


def test_bulk_preview_rows_errors_and_warnings(o, massal):
    m = massal
    rows = _preview(o)
    assert [r.mentee for r in rows] == [m.satu, m.dua, m.tiga, m.tanpa_atasan, m.sudah, m.atasan_pensiun,
                                        m.atasan_junior]  # CPNS only (the PNS atasan are not candidates)
    per = {r.mentee.pk: r for r in rows}
    for x in (m.satu, m.dua):
        assert per[x.pk].bisa and per[x.pk].mentor == m.bos and per[x.pk].warnings == []
    # the third CPNS of the same atasan: the two rows before it count towards the capacity (2)
    assert per[m.tiga.pk].bisa
    assert _sesuai(per[m.tiga.pk].warnings, [("membimbing 2 mentee aktif", "kapasitas 2")])
    assert not per[m.tanpa_atasan.pk].bisa and per[m.tanpa_atasan.pk].mentor is None
    assert per[m.tanpa_atasan.pk].errors == [
        "Belum punya atasan langsung: tetapkan atasan atau buat pasangan satu per satu."]
    assert per[m.sudah.pk].errors == ["Sudah punya pasangan jenis ini yang aktif atau diusulkan."]
    assert per[m.atasan_pensiun.pk].errors == [f"Atasan {m.tidak_aktif.nama} tidak aktif di {o.inst.nama}."]
    r7 = per[m.atasan_junior.pk]
    assert r7.bisa and _sesuai(r7.warnings, [("Golongan mentor (II/a", "lebih rendah dari golongan mentee (III/a")])
    # Another kind: the Latsar proposal of Mentee 05 is no obstacle.
    umum = {r.mentee.pk: r for r in _preview(o, jenis="umum", jenis_asn="CPNS")}
    assert umum[m.sudah.pk].bisa and umum[m.sudah.pk].mentor == m.bos


def test_bulk_candidates_follow_the_filters(o, massal):
    m = massal
    lama = f.PegawaiFactory(instansi=o.inst, unit_kerja=o.bidang, jenis_asn="CPNS", atasan=m.bos,
                            tmt_cpns=datetime.date(2024, 3, 1))
    f.PegawaiFactory(instansi=o.inst, unit_kerja=o.seksi, jenis_asn="CPNS", atasan=m.bos, status="cuti")
    assert lama in [r.mentee for r in _preview(o)]
    assert [r.mentee for r in _preview(o, tahun_cpns=2024)] == [lama]
    di_bidang = {r.mentee for r in _preview(o, unit_id=o.bidang.pk)}  # Bidang with its Seksi
    assert di_bidang == {lama, m.satu, m.dua, m.tiga, m.tanpa_atasan, m.sudah, m.atasan_pensiun, m.atasan_junior}
    assert {r.mentee for r in _preview(o, unit_id=o.bidang_lain.pk)} == set()


def test_bulk_create_makes_every_possible_pair_with_its_warnings_and_notifies(o, massal):
    m = massal
    _akun(m.bos, m.satu)
    per_pratinjau = {r.mentee.pk: r for r in _preview(o)}
    bisa = [pk for pk, r in per_pratinjau.items() if r.bisa]
    baru = svc.pasangan_bulk_create(actor=o.hr, instansi=o.inst, jenis="latsar", mentee_ids=bisa,
                                    tujuan="Habituasi", rencana_mulai=datetime.date(2026, 7, 1))
    assert sorted(p.mentee_id for p in baru) == sorted(bisa) == sorted(
        x.pk for x in (m.satu, m.dua, m.tiga, m.atasan_junior))
    dibuat = {p.mentee_id: p for p in PasanganMentoring.objects.filter(jenis="latsar", status=PS.AKTIF)}
    assert set(dibuat) == set(bisa)
    assert dibuat[m.atasan_junior.pk].mentor == m.junior and dibuat[m.satu.pk].mentor == m.bos
    assert dibuat[m.tiga.pk].peringatan == per_pratinjau[m.tiga.pk].warnings != []
    assert dibuat[m.atasan_junior.pk].peringatan == per_pratinjau[m.atasan_junior.pk].warnings != []
    assert dibuat[m.satu.pk].peringatan == [] and dibuat[m.satu.pk].tujuan == "Habituasi"
    assert dibuat[m.satu.pk].rencana_selesai == datetime.date(2026, 10, 1)  # the default three months
    assert dibuat[m.satu.pk].dibuat_oleh == o.hr
    # Outbox: the atasan once per new mentee (3), Mentee 01 once; the others have no account.
    rows = _outbox()
    assert sorted((r.penerima_id, r.kunci) for r in rows) == sorted(
        [(m.bos.user_id, f"pasangan-{dibuat[x.pk].pk}") for x in (m.satu, m.dua, m.tiga)]
        + [(m.satu.user_id, f"pasangan-{dibuat[m.satu.pk].pk}")])


def test_bulk_create_refuses_when_the_atasan_changed_since_the_preview(o, massal):
    m = massal
    rows = [r for r in _preview(o) if r.bisa]
    dilihat = {r.mentee.pk: r.mentor.pk for r in rows}
    baru_atasan = f.PegawaiFactory(instansi=o.inst, unit_kerja=o.bidang, golongan="IV/a", nama="Atasan Baru")
    Pegawai.objects.filter(pk=m.satu.pk).update(atasan=baru_atasan)
    sebelum = PasanganMentoring.objects.count()
    with pytest.raises(ValidationError) as exc:
        svc.pasangan_bulk_create(actor=o.hr, instansi=o.inst, jenis="latsar", mentee_ids=list(dilihat),
                                 mentor_pratinjau=dilihat)
    assert f"{m.satu.nama} ({m.satu.nip}): Atasan langsung berubah sejak pratinjau (kini Atasan Baru)." in (
        exc.value.messages)
    assert PasanganMentoring.objects.count() == sebelum


def _gagal_massal(o, ids):
    sebelum = PasanganMentoring.objects.count()
    with pytest.raises(ValidationError) as exc:
        svc.pasangan_bulk_create(actor=o.hr, instansi=o.inst, jenis="latsar", mentee_ids=ids)
    assert PasanganMentoring.objects.count() == sebelum, "sebagian pasangan tetap dibuat"
    return exc.value.messages


def test_bulk_create_is_all_or_nothing_when_someone_was_paired_meanwhile(o, massal):
    m = massal
    bisa = [r.mentee.pk for r in _preview(o) if r.bisa]
    svc.pasangan_create(actor=o.hr, instansi=o.inst, mentor=m.bos, mentee=m.dua, jenis="latsar")
    pesan = _gagal_massal(o, bisa)
    assert pesan[0] == "Tidak ada pasangan yang dibuat; data berubah sejak pratinjau."
    assert pesan[1:] == [f"{m.dua.nama} ({m.dua.nip}): Sudah punya pasangan jenis ini yang aktif atau diusulkan."]
    assert not PasanganMentoring.objects.filter(mentee=m.satu).exists()


def test_bulk_create_is_all_or_nothing_when_an_atasan_was_removed_or_a_mentee_is_unknown(o, massal):
    m = massal
    bisa = [r.mentee.pk for r in _preview(o) if r.bisa]
    m.satu.atasan = None
    m.satu.save()
    pesan = _gagal_massal(o, bisa)
    assert f"{m.satu.nama} ({m.satu.nip}): Belum punya atasan langsung" in pesan[1]
    m.satu.atasan = m.bos
    m.satu.save()
    asing = f.PegawaiFactory(jenis_asn="CPNS", atasan=None)
    pesan = _gagal_massal(o, [*bisa, asing.pk])
    assert pesan == ["Tidak ada pasangan yang dibuat; data berubah sejak pratinjau.", "1 pegawai tidak ditemukan."]


def test_bulk_create_is_all_or_nothing_when_a_mentee_is_no_longer_active(o, massal):
    """A CPNS who left (mutasi) after the preview must not get a pair: the service refuses a pair with an
    inactive mentee one at a time, and the bulk preview only lists active employees."""
    m = massal
    bisa = [r.mentee.pk for r in _preview(o) if r.bisa]
    m.dua.status = ref.StatusPegawai.MUTASI
    m.dua.save()
    pesan = _gagal_massal(o, bisa)
    assert any(m.dua.nip in p for p in pesan), pesan
    assert not PasanganMentoring.objects.filter(mentee=m.dua).exists()


def _massal_org(o, n):
    """``n`` CPNS of varied state: most with an active atasan (a few atasan, some near capacity), some without,
    some already paired, some with an inactive atasan."""
    atasan = [f.PegawaiFactory(instansi=o.inst, unit_kerja=u, golongan=g)
              for u, g in ((o.seksi, "IV/a"), (o.bidang_lain, "III/c"), (o.dinas_lain, "IV/b"))]
    pensiun = f.PegawaiFactory(instansi=o.inst, unit_kerja=o.seksi, golongan="IV/a", status="pensiun")
    for i in range(n):
        a = None if i % 7 == 3 else pensiun if i % 11 == 5 else atasan[i % 3]
        p = f.PegawaiFactory(instansi=o.inst, unit_kerja=(o.seksi, o.bidang, o.dinas_lain)[i % 3], jenis_asn="CPNS",
                             golongan="III/a", atasan=a)
        if i % 5 == 1:
            PasanganFactory(instansi=o.inst, mentee=p, mentor=atasan[0], jenis="latsar")


def _queries_preview(o):
    with CaptureQueriesContext(connection) as ctx:
        rows = _preview(o)
    return len(ctx.captured_queries), rows


def test_bulk_preview_needs_the_same_few_queries_for_5_and_50_mentees(o):
    _massal_org(o, 5)
    kecil, rows_kecil = _queries_preview(o)
    _massal_org(o, 45)
    besar, rows_besar = _queries_preview(o)
    assert len(rows_kecil) == 5 and len(rows_besar) == 50
    assert any(r.errors for r in rows_besar) and any(r.warnings for r in rows_besar)
    assert besar == kecil <= 6


def test_unknown_jabatan_is_never_the_same_field():
    from mentoring import kecocokan

    induk = {1: None, 2: 1, 3: 1}  # one OPD (1) with two sections (2, 3)

    def orang(pk, unit, jabatan):
        return kecocokan.Profil(pk, f"P{pk}", "PNS", "III/c", None, "", jabatan, unit, None)

    tanpa = kecocokan.peringatan(orang(1, 2, ""), orang(2, 3, ""), jenis="umum", beban=0, kapasitas=3, induk=induk)
    assert tanpa == ["Mentor bekerja di unit dan rumpun jabatan yang berbeda dari mentee."]
    sama = kecocokan.peringatan(orang(1, 2, "Analis Kebijakan Ahli Madya"), orang(2, 3, "Analis Kebijakan Ahli Muda"),
                                jenis="umum", beban=0, kapasitas=3, induk=induk)
    assert sama == []
