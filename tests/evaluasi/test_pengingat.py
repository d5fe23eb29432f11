"""The daily reminder scan: digests at H-7/H-3/H-1/H0, overdue escalation, idempotent, fixed query count."""

import datetime
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluasi.models import Evaluasi, PengaturanPengingat
from evaluasi.services.pengingat import pengingat_scan
from pembinaan.models import Notifikasi
from tests import factories as f
from tests.evaluasi.factories import PeriodeFactory

pytestmark = pytest.mark.django_db

TENGGAT = datetime.date(2026, 4, 14)


def _periode(inst=None, **kw):
    kw.setdefault("tenggat", TENGGAT)
    kw.setdefault("status", "dibuka")
    return PeriodeFactory(instansi=inst or f.InstansiFactory(), mulai=datetime.date(2026, 1, 1),
                          selesai=datetime.date(2026, 3, 31), **kw)


def _penilai(inst, *, atasan=None, akun=True):
    p = f.PegawaiFactory(instansi=inst, atasan=atasan)
    if akun:
        f.pegawai_user(p)
    return p


def _formulir(periode, penilai, n=1, status="belum"):
    forms = []
    for _ in range(n):
        staf = f.PegawaiFactory(instansi=periode.instansi, atasan=penilai)
        extra = {}
        if status == "diajukan":
            extra = dict(rating_hasil_kerja="sesuai", rating_perilaku_kerja="sesuai", predikat="baik")
        forms.append(Evaluasi.objects.create(periode=periode, pegawai=staf, penilai=penilai, status=status,
                                             penilai_nama=penilai.nama, penilai_nip=penilai.nip, **extra))
    return forms


def _rows(**kw):
    return list(Notifikasi.objects.filter(**kw).order_by("penerima_id", "jenis"))


def test_digest_only_at_h7_h3_h1_and_deadline_day():
    periode = _periode()
    penilai = _penilai(periode.instansi)
    _formulir(periode, penilai, 2)
    hari_kirim = []
    for mundur in range(10, -1, -1):
        today = TENGGAT - timedelta(days=mundur)
        if pengingat_scan(today=today)["baru"]:
            hari_kirim.append(mundur)
    assert hari_kirim == [7, 3, 1, 0]
    rows = _rows(penerima=penilai.user)
    assert [(r.tanggal, r.kunci) for r in sorted(rows, key=lambda r: r.tanggal)] == [
        (TENGGAT - timedelta(days=n), f"periode:{periode.pk}:H-{n}") for n in (7, 3, 1, 0)]
    assert {r.jenis for r in rows} == {"pengingat_evaluasi"}
    h0 = next(r for r in rows if r.tanggal == TENGGAT)
    assert "hari ini" in h0.judul and "14 April 2026" in h0.isi
    assert h0.email_tujuan == penilai.user.email and h0.status_email == "menunggu"


def test_one_digest_per_evaluator_lists_open_forms_and_leaves_out_submitted_ones():
    periode = _periode()
    a, b, selesai = (_penilai(periode.instansi) for _ in range(3))
    forms_a = _formulir(periode, a, 3) + _formulir(periode, a, 1, status="draf")
    diajukan_a = _formulir(periode, a, 1, status="diajukan")
    forms_b = _formulir(periode, b, 2)
    _formulir(periode, selesai, 2, status="diajukan")  # everything submitted: no reminder

    hasil = pengingat_scan(today=TENGGAT - timedelta(days=3))

    assert hasil["penilai"] == 2 and hasil["baru"] == 2
    rows = _rows(jenis="pengingat_evaluasi")
    assert sorted(r.penerima_id for r in rows) == sorted([a.user_id, b.user_id])
    isi_a = next(r for r in rows if r.penerima_id == a.user_id).isi
    for e in forms_a:
        assert e.pegawai.nama in isi_a and e.pegawai.nip in isi_a
    assert diajukan_a[0].pegawai.nip not in isi_a
    assert "(4)" in isi_a and "– draf" in isi_a
    isi_b = next(r for r in rows if r.penerima_id == b.user_id).isi
    assert all(e.pegawai.nip in isi_b for e in forms_b) and not any(e.pegawai.nip in isi_b for e in forms_a)
    assert next(r for r in rows if r.penerima_id == a.user_id).judul.startswith("Pengingat: 4 formulir")


def test_scan_run_twice_creates_nothing_new():
    periode = _periode()
    atasan = _penilai(periode.instansi)
    f.hr_user(periode.instansi)
    _formulir(periode, _penilai(periode.instansi, atasan=atasan), 2)
    for today in (TENGGAT - timedelta(days=1), TENGGAT + timedelta(days=2)):
        pertama = pengingat_scan(today=today)
        jumlah = Notifikasi.objects.count()
        kedua = pengingat_scan(today=today)
        assert pertama["baru"] == pertama["pesan"] > 0
        assert kedua["baru"] == 0 and kedua["pesan"] == pertama["pesan"]
        assert Notifikasi.objects.count() == jumlah


def test_overdue_reminds_evaluator_and_escalates_to_atasan_and_hr_once_per_day(client):
    periode = _periode()
    inst = periode.instansi
    hr = f.hr_user(inst)
    atasan = _penilai(inst)
    lambat = _penilai(inst, atasan=atasan)
    lain = _penilai(inst)  # overdue, but no atasan: HR still hears of them
    _formulir(periode, lambat, 2)
    _formulir(periode, lain, 1)
    forms_tanpa = _formulir(periode, lain, 1)
    Evaluasi.objects.filter(pk=forms_tanpa[0].pk).update(penilai=None)  # nobody evaluates this one

    for hari in (1, 2):
        today = TENGGAT + timedelta(days=hari)
        pengingat_scan(today=today)
        pengingat_scan(today=today)  # beat firing twice
        rows = _rows(tanggal=today)
        per_penerima = {(r.penerima_id, r.jenis): r for r in rows}
        assert len(per_penerima) == len(rows) == 4, [(r.penerima_id, r.jenis) for r in rows]
        assert set(per_penerima) == {(lambat.user_id, "evaluasi_terlambat"), (lain.user_id, "evaluasi_terlambat"),
                                     (atasan.user_id, "eskalasi_evaluasi"), (hr.pk, "eskalasi_evaluasi")}
        assert f"terlambat {hari} hari" in per_penerima[(lambat.user_id, "evaluasi_terlambat")].judul
        ke_atasan = per_penerima[(atasan.user_id, "eskalasi_evaluasi")].isi
        assert lambat.nama in ke_atasan and lain.nama not in ke_atasan and "2 formulir" in ke_atasan
        ke_hr = per_penerima[(hr.pk, "eskalasi_evaluasi")]
        assert lambat.nama in ke_hr.isi and lain.nama in ke_hr.isi
        assert "1 formulir belum memiliki penilai" in ke_hr.isi
        client.force_login(hr)
        halaman = client.get(ke_hr.tautan)
        assert halaman.status_code == 200 and periode.nama in halaman.content.decode()
    assert Notifikasi.objects.filter(penerima=hr).count() == 2  # one per day


def test_person_who_is_both_atasan_and_hr_gets_one_escalation():
    periode = _periode()
    inst = periode.instansi
    hr = f.hr_user(inst)
    atasan = f.PegawaiFactory(instansi=inst)
    atasan.user = hr
    atasan.save(update_fields=["user"])
    _formulir(periode, _penilai(inst, atasan=atasan), 1)
    pengingat_scan(today=TENGGAT + timedelta(days=1))
    [row] = _rows(penerima=hr)
    assert "Bawahan langsung Anda" in row.isi and "Seluruh penilai di instansi" in row.isi


def test_escalation_waits_for_the_configured_days_and_evaluator_without_account_still_escalates():
    periode = _periode()
    inst = periode.instansi
    PengaturanPengingat.objects.create(instansi=inst, hari_sebelum=[7, 3, 1, 0], eskalasi_setelah=3)
    hr = f.hr_user(inst)
    atasan = _penilai(inst)
    tanpa_akun = _penilai(inst, atasan=atasan, akun=False)
    _formulir(periode, tanpa_akun, 1)
    for hari in (1, 2):
        hasil = pengingat_scan(today=TENGGAT + timedelta(days=hari))
        assert hasil["baru"] == 0 and hasil["penilai_tanpa_akun"] == 1
    hasil = pengingat_scan(today=TENGGAT + timedelta(days=3))
    assert hasil["baru"] == 2
    assert {r.penerima_id for r in _rows()} == {hr.pk, atasan.user_id}


def test_offsets_are_configured_per_instansi():
    a = _periode(f.InstansiFactory())
    b = _periode(f.InstansiFactory())
    PengaturanPengingat.objects.create(instansi=a.instansi, hari_sebelum=[5, 2], eskalasi_setelah=1)
    pa, pb = _penilai(a.instansi), _penilai(b.instansi)
    _formulir(a, pa, 1)
    _formulir(b, pb, 1)
    hari = {}
    for mundur in range(8, -1, -1):
        pengingat_scan(today=TENGGAT - timedelta(days=mundur))
    for p in (pa, pb):
        hari[p.pk] = sorted(((TENGGAT - r.tanggal).days for r in _rows(penerima=p.user)), reverse=True)
    assert hari[pa.pk] == [5, 2]
    assert hari[pb.pk] == [7, 3, 1, 0]


def test_closed_and_draft_periods_are_left_alone():
    for status in ("draft", "ditutup"):
        periode = _periode(status=status)
        _formulir(periode, _penilai(periode.instansi), 1)
    for hari in (-7, 0, 3):
        assert pengingat_scan(today=TENGGAT + timedelta(days=hari))["periode"] == 0
    assert Notifikasi.objects.count() == 0


def _skenario(n_penilai):
    inst = f.InstansiFactory()
    periode = _periode(inst)
    f.hr_user(inst)
    f.hr_user(inst, username=f"hr2.{inst.kode.lower()}")
    for i in range(n_penilai):
        atasan = _penilai(inst) if i % 3 == 0 else None
        _formulir(periode, _penilai(inst, atasan=atasan), 2 if i % 2 else 1, status="draf" if i % 4 else "belum")
    return periode


def _queries(today):
    with CaptureQueriesContext(connection) as ctx:
        hasil = pengingat_scan(today=today)
    return len(ctx.captured_queries), hasil


def test_query_count_does_not_grow_with_evaluators():
    periode = _skenario(3)
    _periode(f.InstansiFactory(), tenggat=TENGGAT + timedelta(days=3))  # another instansi, another step
    terlambat = TENGGAT + timedelta(days=1)
    kecil, hasil_kecil = _queries(terlambat)
    kecil_h1, _ = _queries(TENGGAT - timedelta(days=1))
    Notifikasi.objects.all().delete()
    Evaluasi.objects.filter(periode=periode).delete()
    _skenario(30)
    besar, hasil_besar = _queries(terlambat)
    besar_h1, _ = _queries(TENGGAT - timedelta(days=1))
    assert hasil_kecil["penilai"] == 3 and hasil_besar["penilai"] == 30
    assert hasil_besar["eskalasi"] > hasil_kecil["eskalasi"]
    assert besar == kecil <= 10
    assert besar_h1 == kecil_h1
