"""Every mentoring decision in mentoring/access.py (issue 10): the pair and settings services refuse an actor
access.py does not allow; the pair page shows each person exactly the actions the predicates give them; no
mentoring template or view reads a role itself, and no template carries an inline event handler."""

import datetime
import re
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from mentoring.models import PasanganMentoring, PengaturanMentoring, SesiMentoring
from mentoring.services import pasangan as svc
from mentoring.services import pengaturan as layanan_pengaturan
from tests import factories as f
from tests.mentoring.factories import PasanganFactory, SesiMentoringFactory

pytestmark = pytest.mark.django_db
PS = PasanganMentoring.Status
SS = SesiMentoring.Status
ROOT = Path(settings.BASE_DIR)


def _mentee(inst, unit, jenis_asn):
    if jenis_asn == "PPPK":
        lahir = datetime.date(1991, 5, 5)
        return f.PegawaiFactory(instansi=inst, unit_kerja=unit, jenis_asn="PPPK", golongan="IX", tanggal_lahir=lahir,
                                tmt_cpns=datetime.date(2023, 3, 1), nip=f.nip_pppk(lahir, 2023))
    return f.PegawaiFactory(instansi=inst, unit_kerja=unit, golongan="III/b", tmt_cpns=datetime.date(2016, 3, 1))


@pytest.fixture(params=["PNS", "PPPK"])
def o(request):
    inst = f.InstansiFactory()
    unit = f.UnitKerjaFactory(instansi=inst)
    mentor = f.PegawaiFactory(instansi=inst, unit_kerja=unit, golongan="IV/a", tmt_cpns=datetime.date(2003, 3, 1))
    mentee = _mentee(inst, unit, request.param)
    lain = f.InstansiFactory()
    return SimpleNamespace(
        inst=inst, unit=unit, mentor=mentor, mentee=mentee, hr=f.hr_user(inst), hr_lain=f.hr_user(lain),
        pimpinan=f.pimpinan_user(inst), mentor_user=f.pegawai_user(mentor), mentee_user=f.pegawai_user(mentee),
        superadmin=f.user("akar", is_superuser=True, is_staff=True))


def _bukan_hr(o):
    return [o.hr_lain, o.pimpinan, o.mentor_user, o.mentee_user, o.superadmin]


# ------------------------------------------------------------------------------------------ services refuse

def test_only_hr_of_the_instansi_creates_a_pair(o):
    for actor in _bukan_hr(o):
        with pytest.raises(PermissionDenied):
            svc.pasangan_create(actor=actor, instansi=o.inst, mentor=o.mentor, mentee=o.mentee, jenis="umum",
                                konfirmasi=True)
        with pytest.raises(PermissionDenied):
            svc.pasangan_bulk_create(actor=actor, instansi=o.inst, jenis="umum", mentee_ids=[o.mentee.pk])
    assert not PasanganMentoring.objects.exists()
    p = svc.pasangan_create(actor=o.hr, instansi=o.inst, mentor=o.mentor, mentee=o.mentee, jenis="umum",
                            konfirmasi=True)
    assert p.dibuat_oleh == o.hr


def test_only_hr_of_the_instansi_changes_activates_and_ends_a_pair(o):
    today = timezone.localdate()
    usulan = PasanganFactory(instansi=o.inst, mentor=o.mentor, mentee=o.mentee, status=PS.USULAN)
    for actor in _bukan_hr(o):
        with pytest.raises(PermissionDenied):
            svc.pasangan_update(actor=actor, pasangan=usulan, tujuan="x", rencana_mulai=today,
                                rencana_selesai=today + timedelta(days=30))
        with pytest.raises(PermissionDenied):
            svc.pasangan_activate(actor=actor, pasangan=usulan, konfirmasi=True)
        with pytest.raises(PermissionDenied):
            svc.pasangan_cancel(actor=actor, pasangan=usulan, alasan="salah orang")
        with pytest.raises(PermissionDenied):
            svc.pasangan_finish(actor=actor, pasangan=usulan, ringkasan="tuntas")
    usulan.refresh_from_db()
    assert (usulan.status, usulan.tujuan) == (PS.USULAN, usulan.tujuan)
    svc.pasangan_activate(actor=o.hr, pasangan=usulan, konfirmasi=True)
    svc.pasangan_finish(actor=o.hr, pasangan=usulan, ringkasan="tuntas")
    usulan.refresh_from_db()
    assert usulan.status == PS.SELESAI


def test_only_hr_of_the_instansi_changes_the_settings(o):
    data = {"kapasitas_mentor": 5, "menit_per_jp": 60, "batas_jp_bulanan": 6, "hari_tanpa_sesi": 14,
            "durasi_bulan": 6}
    for actor in _bukan_hr(o):
        with pytest.raises(PermissionDenied):
            layanan_pengaturan.pengaturan_update(actor=actor, instansi=o.inst, data=data)
    assert not PengaturanMentoring.objects.exists()
    layanan_pengaturan.pengaturan_update(actor=o.hr, instansi=o.inst, data=data)
    assert PengaturanMentoring.untuk(o.inst.pk).menit_per_jp == 60
    layanan_pengaturan.pengaturan_update(actor=o.hr, instansi=o.inst, data=data | {"menit_per_jp": 45})
    assert PengaturanMentoring.objects.get(instansi=o.inst).menit_per_jp == 45


# ------------------------------------------------------------------------------------------ the pair page

def _tombol(client, user, p):
    client.force_login(user)
    r = client.get(reverse("mentoring:pasangan-detail", args=[p.pk]))
    assert r.status_code == 200
    teks = r.content.decode()
    hasil = {}
    for s in p.sesi.all():
        m = re.search(rf'data-sesi="{s.pk}">(.*?)</div></div>', teks, re.S)
        blok = m.group(1)
        hasil[s.topik] = {nama for nama, url in (
            ("konfirmasi", reverse("mentoring:sesi-confirm", args=[s.pk])),
            ("tolak", reverse("mentoring:sesi-reject", args=[s.pk])),
            ("ubah", reverse("mentoring:sesi-update", args=[s.pk])),
            ("tarik", reverse("mentoring:sesi-withdraw", args=[s.pk])),
            ("b18", reverse("mentoring:umpan-balik-save", args=[s.pk]))) if url in blok}
    hasil["pasangan"] = {nama for nama, url in (
        ("catat", reverse("mentoring:sesi-create", args=[p.pk])),
        ("b19", reverse("mentoring:evaluasi-kompetensi-create", args=[p.pk])),
        ("ubah", reverse("mentoring:pasangan-update", args=[p.pk])),
        ("selesai", reverse("mentoring:pasangan-finish", args=[p.pk])),
        ("batal", reverse("mentoring:pasangan-cancel", args=[p.pk]))) if url in teks}
    client.logout()
    return hasil


def test_pair_page_offers_each_person_what_access_allows(client, o):
    today = timezone.localdate()
    p = PasanganFactory(instansi=o.inst, mentor=o.mentor, mentee=o.mentee, rencana_mulai=today - timedelta(days=30))
    SesiMentoringFactory(pasangan=p, penulis=o.mentor, topik="menunggu", status=SS.MENUNGGU)
    SesiMentoringFactory(pasangan=p, penulis=o.mentee, topik="dikonfirmasi", status=SS.DIKONFIRMASI,
                         diputus_oleh=o.mentor)
    SesiMentoringFactory(pasangan=p, penulis=o.mentor, topik="ditolak", status=SS.DITOLAK, alasan_tolak="keliru")
    assert _tombol(client, o.mentor_user, p) == {
        "menunggu": {"ubah", "tarik"}, "dikonfirmasi": set(), "ditolak": set(), "pasangan": {"catat", "b19"}}
    assert _tombol(client, o.mentee_user, p) == {
        "menunggu": {"konfirmasi", "tolak"}, "dikonfirmasi": {"tarik", "b18"}, "ditolak": set(),
        "pasangan": {"catat"}}
    assert _tombol(client, o.hr, p) == {
        "menunggu": {"tarik"}, "dikonfirmasi": {"tarik"}, "ditolak": set(), "pasangan": {"ubah", "selesai", "batal"}}
    PasanganMentoring.objects.filter(pk=p.pk).update(status=PS.DIBATALKAN)
    p.refresh_from_db()
    assert _tombol(client, o.mentor_user, p)["pasangan"] == set()
    assert _tombol(client, o.hr, p)["pasangan"] == set()


def test_hr_withdraws_a_session_through_the_page_and_others_get_404(client, o):
    p = PasanganFactory(instansi=o.inst, mentor=o.mentor, mentee=o.mentee)
    sesi = SesiMentoringFactory(pasangan=p, penulis=o.mentor, status=SS.MENUNGGU)
    url = reverse("mentoring:sesi-withdraw", args=[sesi.pk])
    for user in (o.mentee_user, o.hr_lain, o.pimpinan, o.superadmin):
        client.force_login(user)
        assert client.post(url).status_code == 404
    sesi.refresh_from_db()
    assert sesi.status == SS.MENUNGGU
    client.force_login(o.hr)
    assert client.post(url).status_code == 302
    sesi.refresh_from_db()
    assert sesi.status == SS.DITARIK


# ------------------------------------------------------------------------------------------ source scans

ROLE_TEMPLATE = re.compile(r"peran_saya|\bsaya\.pk\b|\.hr\b|\bpimpinan\b|superadmin|is_superuser|is_staff|user\.groups")
ROLE_PYTHON = re.compile(r"\bperan\(|\.hr\b|\.pimpinan\b|\.superadmin\b|is_superuser|is_staff|GRUP_HR|GRUP_PIMPINAN")
INLINE = re.compile(r"\son[a-z]+\s*=", re.I)


def test_no_mentoring_template_decides_by_role_or_carries_inline_script():
    salah = []
    for path in sorted((ROOT / "templates" / "mentoring").glob("*.html")):
        for n, baris in enumerate(path.read_text().splitlines(), 1):
            if ROLE_TEMPLATE.search(baris) or INLINE.search(baris):
                salah.append(f"{path.name}:{n}")
    assert salah == []


def test_no_mentoring_module_but_access_reads_a_role():
    salah = []
    for path in sorted((ROOT / "mentoring").rglob("*.py")):
        if path.name == "access.py" or "migrations" in path.parts:
            continue
        for n, baris in enumerate(path.read_text().splitlines(), 1):
            if ROLE_PYTHON.search(baris):
                salah.append(f"{path.relative_to(ROOT)}:{n}")
    assert salah == []
