"""Sessions and their JP: confirmed by the other side, minutes / 45 rounded down, capped per month, one ledger
row per session, reversed on withdrawal, the month recomputed so a withdrawn early session frees the cap."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mentoring.models import PengaturanMentoring, SesiMentoring
from mentoring.services import sesi as svc
from pelatihan.models import KreditJP, RekapJP
from tests import factories as f
from tests.mentoring.factories import PasanganFactory, SesiMentoringFactory, akun

pytestmark = pytest.mark.django_db
SS = SesiMentoring.Status


def _jp(mentee):
    topik = dict(SesiMentoring.objects.values_list("id", "topik"))
    return sorted((topik[s], jp) for s, jp in KreditJP.objects.filter(pegawai=mentee)
                  .values_list("sesi_mentoring_id", "jp"))


def _rekap(mentee, tahun=2026):
    row = RekapJP.objects.filter(pegawai=mentee, tahun=tahun).first()
    return row.total if row else 0


def _log(pasangan, penulis, **kw):
    data = {"tanggal": datetime.date(2026, 3, 2), "durasi_menit": 90, "topik": "Topik", "catatan": "",
            "tindak_lanjut": ""} | kw
    return svc.sesi_create(actor=akun(penulis), pasangan=pasangan, data=data)


def _pasangan(jenis_asn):
    """An active pair whose mentee is a PNS or a PPPK."""
    if jenis_asn == "PNS":
        return PasanganFactory()
    lahir = datetime.date(1991, 5, 5)
    return PasanganFactory(mentee__jenis_asn="PPPK", mentee__golongan="IX", mentee__tanggal_lahir=lahir,
                           mentee__tmt_cpns=datetime.date(2023, 3, 1), mentee__nip=f.nip_pppk(lahir, 2023))


def test_confirmed_session_earns_minutes_over_45_rounded_down():
    p = PasanganFactory()
    sesi = _log(p, p.mentor, durasi_menit=100, topik="Menyusun SKP")
    assert _jp(p.mentee) == []  # nothing before confirmation
    svc.sesi_confirm(actor=akun(p.mentee), sesi=sesi)
    assert _jp(p.mentee) == [("Menyusun SKP", 2)]  # 100 // 45
    assert _rekap(p.mentee) == 2
    k = KreditJP.objects.get(sesi_mentoring_id=sesi.pk)
    assert k.tanggal == datetime.date(2026, 3, 2) and "100 menit" in k.keterangan


def test_only_the_other_side_confirms():
    p = PasanganFactory()
    sesi = _log(p, p.mentee)
    with pytest.raises(ValidationError, match="pihak lain"):
        svc.sesi_confirm(actor=akun(p.mentee), sesi=sesi)
    outsider = PasanganFactory(instansi=p.instansi).mentor
    with pytest.raises(PermissionDenied):
        svc.sesi_confirm(actor=akun(outsider), sesi=sesi)
    svc.sesi_confirm(actor=akun(p.mentor), sesi=sesi)
    sesi.refresh_from_db()
    assert sesi.status == SS.DIKONFIRMASI and sesi.diputus_oleh == p.mentor
    with pytest.raises(ValidationError, match="sudah dikonfirmasi"):
        svc.sesi_confirm(actor=akun(p.mentor), sesi=sesi)
    assert KreditJP.objects.filter(sesi_mentoring_id=sesi.pk).count() == 1


def test_monthly_cap_and_recompute_on_withdrawal():
    p = PasanganFactory()
    PengaturanMentoring.objects.create(instansi=p.instansi, batas_jp_bulanan=4)
    a = _log(p, p.mentor, tanggal=datetime.date(2026, 3, 2), durasi_menit=135, topik="A")  # 3 JP
    b = _log(p, p.mentor, tanggal=datetime.date(2026, 3, 9), durasi_menit=135, topik="B")  # 3 JP, capped to 1
    c = _log(p, p.mentor, tanggal=datetime.date(2026, 4, 1), durasi_menit=90, topik="C")  # April: 2 JP
    for s in (b, a, c):  # confirmation order does not matter: the month is allocated in date order
        svc.sesi_confirm(actor=akun(p.mentee), sesi=s)
    assert _jp(p.mentee) == [("A", 3), ("B", 1), ("C", 2)]
    assert _rekap(p.mentee) == 6
    assert "batas 4 JP" in KreditJP.objects.get(sesi_mentoring_id=b.pk).keterangan
    svc.sesi_withdraw(sesi=a, actor=akun(p.mentor))
    assert _jp(p.mentee) == [("B", 3), ("C", 2)]  # B now earns its full 3 JP
    assert _rekap(p.mentee) == 5
    assert not KreditJP.objects.filter(sesi_mentoring_id=a.pk).exists()


def test_cap_counts_all_pairs_of_the_mentee():
    p1 = PasanganFactory(jenis="latsar")
    p2 = PasanganFactory(instansi=p1.instansi, mentee=p1.mentee, jenis="umum")
    s1 = _log(p1, p1.mentor, durasi_menit=180, topik="X")  # 4 JP
    s2 = _log(p2, p2.mentor, durasi_menit=90, topik="Y")  # 2 JP, but the cap (4) is used up
    svc.sesi_confirm(actor=akun(p1.mentee), sesi=s1)
    svc.sesi_confirm(actor=akun(p1.mentee), sesi=s2)
    assert _jp(p1.mentee) == [("X", 4), ("Y", 0)]  # one ledger row per session, also at 0 JP


def test_short_session_earns_zero_but_is_recorded():
    p = PasanganFactory()
    sesi = _log(p, p.mentor, durasi_menit=30)
    svc.sesi_confirm(actor=akun(p.mentee), sesi=sesi)
    assert KreditJP.objects.get(sesi_mentoring_id=sesi.pk).jp == 0


@pytest.mark.parametrize("jenis_asn", ["PNS", "PPPK"])
def test_withdraw_only_by_author_or_hr_of_the_instansi_and_not_twice(jenis_asn):
    """Who may withdraw is decided on the acting user (access.can_withdraw_sesi), not asserted by the caller:
    the mentee (not the author), HR of another instansi and pimpinan are refused; HR of the pair's instansi may."""
    p = _pasangan(jenis_asn)
    sesi = _log(p, p.mentor)
    svc.sesi_confirm(actor=akun(p.mentee), sesi=sesi)
    lain = f.InstansiFactory()
    for orang in (akun(p.mentee), f.hr_user(lain), f.pimpinan_user(p.instansi)):
        with pytest.raises(PermissionDenied):
            svc.sesi_withdraw(sesi=sesi, actor=orang)
    assert _jp(p.mentee) != []
    svc.sesi_withdraw(sesi=sesi, actor=f.hr_user(p.instansi))
    assert _jp(p.mentee) == [] and _rekap(p.mentee) == 0
    with pytest.raises(ValidationError, match="ditarik"):
        svc.sesi_withdraw(sesi=sesi, actor=akun(p.mentor))


def test_reject_needs_a_reason_and_earns_nothing():
    p = PasanganFactory()
    sesi = _log(p, p.mentor)
    with pytest.raises(ValidationError):
        svc.sesi_reject(actor=akun(p.mentee), sesi=sesi, alasan="  ")
    svc.sesi_reject(actor=akun(p.mentee), sesi=sesi, alasan="Pertemuan tidak terjadi")
    sesi.refresh_from_db()
    assert sesi.status == SS.DITOLAK and _jp(p.mentee) == []


def test_session_dates_and_pair_state_are_checked():
    p = PasanganFactory(rencana_mulai=datetime.date(2026, 2, 1))
    with pytest.raises(ValidationError, match="masa depan"):
        _log(p, p.mentor, tanggal=datetime.date.today() + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="sebelum pasangan dimulai"):
        _log(p, p.mentor, tanggal=datetime.date(2026, 1, 31))
    p.status = p.Status.SELESAI
    p.ringkasan_penutup = "Selesai"
    p.save()
    with pytest.raises(ValidationError, match="aktif"):
        _log(p, p.mentor)


def test_only_mentor_or_mentee_log_and_author_edits_while_waiting():
    p = PasanganFactory()
    other = PasanganFactory(instansi=p.instansi).mentee
    with pytest.raises(PermissionDenied):
        _log(p, other)
    sesi = SesiMentoringFactory(pasangan=p)
    data = {"tanggal": datetime.date(2026, 3, 3), "durasi_menit": 60, "topik": "Diubah", "catatan": "",
            "tindak_lanjut": ""}
    with pytest.raises(PermissionDenied):
        svc.sesi_update(actor=akun(p.mentee), sesi=sesi, data=data)
    svc.sesi_update(actor=akun(p.mentor), sesi=sesi, data=data)
    sesi.refresh_from_db()
    assert sesi.topik == "Diubah"


@pytest.mark.parametrize("jenis_asn", ["PNS", "PPPK"])
def test_party_services_act_as_the_actors_own_employee_record_and_refuse_an_account_without_one(jenis_asn):
    """The acting user is the party: the mentee's own account confirms; HR of the pair's instansi, pimpinan and an
    account linked to no employee have no side in the pair and are refused (PermissionDenied), nothing written."""
    p = _pasangan(jenis_asn)
    sesi = _log(p, p.mentor)
    assert sesi.penulis == p.mentor
    tanpa_pegawai = (f.hr_user(p.instansi), f.pimpinan_user(p.instansi), f.user("tanpa.pegawai"))
    for orang in tanpa_pegawai:
        with pytest.raises(PermissionDenied):
            svc.sesi_confirm(actor=orang, sesi=sesi)
        with pytest.raises(PermissionDenied):
            svc.sesi_create(actor=orang, pasangan=p, data={"tanggal": datetime.date(2026, 3, 2), "durasi_menit": 60,
                                                          "topik": "X", "catatan": "", "tindak_lanjut": ""})
    sesi.refresh_from_db()
    assert sesi.status == SS.MENUNGGU and SesiMentoring.objects.filter(pasangan=p).count() == 1
    svc.sesi_confirm(actor=akun(p.mentee), sesi=sesi)
    sesi.refresh_from_db()
    assert sesi.status == SS.DIKONFIRMASI and sesi.diputus_oleh == p.mentee and _jp(p.mentee) != []
