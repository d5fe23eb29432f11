"""Transparency snapshots (issue 12 part B): the build on real rows (PNS and PPPK), immutability, the publish
permission and its audit entry, the job with a real worker, the command and the six-month warning."""

import datetime
import importlib
import json

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone

from pelatihan.models import Peserta
from pelatihan.services import jp as ledger
from pembinaan.access import GRUP_PENERBIT_TRANSPARANSI
from pembinaan.models import SnapshotTransparansi
from pembinaan.models_transparansi import UNIT_LAINNYA
from pembinaan.pengungkapan import Sel, terbongkar, tidak_konsisten
from pembinaan.services import transparansi as layanan
from pembinaan.transparansi_beranda import lewat_enam_bulan
from tests import factories as f
from tests.conftest import wait_until
from tests.pelatihan.factories import ProgramFactory, SesiFactory, bentuk

S = SnapshotTransparansi.Status


def penerbit(user):
    """Give ``user`` the publish role (the group migration 0007 creates; re-created after a flush)."""
    importlib.import_module("pembinaan.migrations.0007_grup_penerbit_transparansi").seed(
        __import__("django.apps", fromlist=["apps"]).apps, None)
    user.groups.add(Group.objects.get(name=GRUP_PENERBIT_TRANSPARANSI))
    return user


def pppk(inst, unit, **kw):
    lahir = datetime.date(1991, 5, 5)
    return f.PegawaiFactory(instansi=inst, unit_kerja=unit, jenis_asn="PPPK", golongan="IX", tanggal_lahir=lahir,
                            tmt_cpns=datetime.date(2023, 3, 1), nip=f.nip_pppk(lahir, 2023), **kw)


def bangun_dunia():
    """Dinas Besar (with a sub-unit): 12 PNS (6 men, 6 women), 8 PPPK (men); 6 of its PNS and all its PPPK got
    24 JP this year from one programme. Dinas Kecil (3 men, 1 woman) and Dinas Mungil (2 men, 1 woman), all PNS:
    merged into "Perangkat daerah lainnya" (7 PNS, 2 of them women)."""
    inst = f.InstansiFactory(kode="TRANSP", nama="Pemerintah Kabupaten Transparan")
    besar = f.UnitKerjaFactory(instansi=inst, nama="Dinas Besar")
    bidang = f.UnitKerjaFactory(instansi=inst, nama="Bidang Besar", induk=besar)
    kecil = f.UnitKerjaFactory(instansi=inst, nama="Dinas Kecil")
    mungil = f.UnitKerjaFactory(instansi=inst, nama="Dinas Mungil")
    pns = [f.PegawaiFactory(instansi=inst, unit_kerja=besar if i < 6 else bidang, jenis_kelamin="L" if i < 6 else "P")
           for i in range(12)]
    p3k = [pppk(inst, besar) for _ in range(8)]
    kecil_pns = [f.PegawaiFactory(instansi=inst, unit_kerja=unit, jenis_kelamin=jk)
                 for unit, jk in ((kecil, "L"), (kecil, "L"), (kecil, "L"), (kecil, "P"),
                                  (mungil, "L"), (mungil, "L"), (mungil, "P"))]
    today = timezone.localdate()
    awal = datetime.date(today.year, 1, 1)
    program = ProgramFactory(instansi=inst, status="selesai", bentuk=bentuk("KL03"), jp=24)
    SesiFactory(program=program, tanggal=awal)
    for p in pns[:6] + p3k:
        ps = Peserta.objects.create(program=program, pegawai=p, sumber="hr", status="lulus")
        ledger.kredit_set(pegawai_id=p.pk, tanggal=awal, jp=24, keterangan="Pelatihan", peserta=ps)
    return inst, pns + p3k + kecil_pns


def sel(data, indikator, unit, kategori):
    cocok = [s for s in data["sel"] if (s["indikator"], s["unit"], s["kategori"]) == (indikator, unit, kategori)]
    assert len(cocok) == 1, (indikator, unit, kategori, cocok)
    return cocok[0]


@pytest.mark.django_db
def test_bangun_menghitung_pns_dan_pppk_terpisah_dan_menyembunyikan_sel_kecil():
    inst, pegawai = bangun_dunia()
    data = layanan.bangun_data(instansi=inst, tanggal=timezone.localdate())

    assert data["instansi"] == {"kode": "TRANSP", "nama": inst.nama}
    assert data["unit"] == [inst.nama, "Dinas Besar", UNIT_LAINNYA]  # small OPDs merged, sub-unit rolled up
    assert sel(data, "asn_jenis", "Dinas Besar", "PNS")["nilai"] == 12
    assert sel(data, "asn_jenis", "Dinas Besar", "PPPK")["nilai"] == 8
    assert sel(data, "asn_jenis", UNIT_LAINNYA, "PNS")["nilai"] == 7
    assert sel(data, "asn_jenis", inst.nama, "Jumlah")["nilai"] == 27
    perempuan = sel(data, "asn_jenis_kelamin", UNIT_LAINNYA, "Perempuan")
    assert perempuan["disembunyikan"] and perempuan["nilai"] is None and perempuan["tampil"] == "< 5"
    # % PNS with >= 20 JP counts PNS only: 6 of 12 in Dinas Besar, 6 of 19 in the instansi (PPPK's JP ignored).
    assert sel(data, "jp20_pns_berjalan", "Dinas Besar", "PNS ≥ 20 JP")["nilai"] == 50.0
    assert sel(data, "jp20_pns_berjalan", inst.nama, "PNS ≥ 20 JP")["nilai"] == 31.6
    assert sel(data, "jp_median_pns", "Dinas Besar", "Median JP")["nilai"] == 12
    assert sel(data, "jp20_pns_tahun_lalu", "Dinas Besar", "PNS ≥ 20 JP")["nilai"] == 0.0
    assert sel(data, "peserta_pelatihan", "Dinas Besar", bentuk("KL03").nama)["nilai"] == 14  # PNS + PPPK
    # Every published count is 0 or at least k; no employee name or NIP anywhere in the JSON.
    for s in data["sel"]:
        if s["jenis"] == "jumlah" and not s["disembunyikan"]:
            assert s["nilai"] == 0 or s["nilai"] >= 5, s
    semua = [Sel(**s) for s in data["sel"]]
    assert terbongkar(semua, instansi=inst.nama) == [] and tidak_konsisten(semua, instansi=inst.nama) == []
    teks = json.dumps(data, ensure_ascii=False)
    for p in pegawai:
        assert p.nip not in teks and p.nama not in teks
    assert set(data["indikator"]) >= {"asn_jenis", "jp20_pns_berjalan", "jp_median_pns", "peserta_pelatihan"}
    assert set(data["indikator"]["asn_jenis"]) == {"judul", "definisi", "satuan", "frekuensi", "produsen",
                                                   "kelompok"}


@pytest.mark.django_db
def test_pppk_tidak_dihitung_sebagai_pns_dan_sebaliknya():
    """An OPD of PPPK only: its PNS column is 0 and its % PNS >= 20 JP has no base (hidden), whatever its JP."""
    inst = f.InstansiFactory(kode="P3K", nama="Pemerintah Kota Paruh")
    unit = f.UnitKerjaFactory(instansi=inst, nama="Dinas PPPK")
    for _ in range(10):
        pppk(inst, unit)
    data = layanan.bangun_data(instansi=inst, tanggal=timezone.localdate())
    assert sel(data, "asn_jenis", "Dinas PPPK", "PPPK")["nilai"] == 10
    assert sel(data, "asn_jenis", "Dinas PPPK", "PNS")["nilai"] == 0
    assert not [s for s in data["sel"] if s["indikator"] == "jp20_pns_berjalan" and s["unit"] == "Dinas PPPK"]


@pytest.mark.django_db
def test_terbit_tidak_bisa_diubah_layanan_maupun_basis_data():
    inst, _ = bangun_dunia()
    hr = penerbit(f.hr_user(inst))
    snap = layanan.transparansi_bangun_sinkron(actor=hr, instansi=inst, terbitkan=True)
    assert snap.status == S.DITERBITKAN and snap.diterbitkan_oleh == hr
    with pytest.raises(ValidationError):
        layanan.transparansi_terbitkan(actor=hr, snapshot=snap)
    with pytest.raises(ValidationError):  # the same date again: refused, a new date is a new snapshot
        layanan.transparansi_mulai(actor=hr, instansi=inst, tanggal=snap.tanggal, antre=False)
    # The database refuses any change or deletion, whatever the code path.
    for ubah in (lambda: SnapshotTransparansi.objects.filter(pk=snap.pk).update(data={"sel": []}),
                 lambda: SnapshotTransparansi.objects.filter(pk=snap.pk).delete()):
        with pytest.raises(DatabaseError), transaction.atomic():
            ubah()
    snap.refresh_from_db()
    assert snap.data["sel"] and snap.status == S.DITERBITKAN
    # The audit entry: one "terbitkan" event naming who published.
    peristiwa = list(snap.peristiwa.all())
    assert [e.pgh_label for e in peristiwa] == ["terbitkan"]
    assert peristiwa[0].diterbitkan_oleh_id == hr.pk and peristiwa[0].pgh_context.metadata["user"] == hr.pk


@pytest.mark.django_db
def test_bangun_ulang_draf_mengganti_yang_belum_terbit():
    inst, _ = bangun_dunia()
    hr = f.hr_user(inst)
    pertama = layanan.transparansi_mulai(actor=hr, instansi=inst, antre=False)
    kedua = layanan.transparansi_mulai(actor=hr, instansi=inst, antre=False)
    assert list(SnapshotTransparansi.objects.filter(instansi=inst).values_list("pk", flat=True)) == [kedua.pk]
    assert pertama.pk != kedua.pk
    with pytest.raises(ValidationError):  # not built yet: nothing to publish
        layanan.transparansi_terbitkan(actor=hr, snapshot=kedua)


@pytest.mark.django_db
def test_terbitkan_butuh_izin_sendiri_lainnya_404(client):
    inst, _ = bangun_dunia()
    lain = f.InstansiFactory(kode="LAIN", nama="Pemerintah Kabupaten Lain")
    hr_biasa = f.hr_user(inst, "hr.biasa")
    hr_penerbit = penerbit(f.hr_user(inst, "hr.penerbit"))
    hr_lain = penerbit(f.hr_user(lain, "hr.lain"))
    pimpinan = f.pimpinan_user(inst)
    snap = layanan.transparansi_mulai(actor=hr_biasa, instansi=inst, antre=False)
    layanan.transparansi_bangun(snapshot_id=snap.pk)
    url = reverse("transparansi-kelola-terbitkan", args=[snap.pk])
    detail = reverse("transparansi-kelola-detail", args=[snap.pk])

    for user in (hr_biasa, hr_lain, pimpinan):
        client.force_login(user)
        assert client.post(url).status_code == 404
    snap.refresh_from_db()
    assert snap.status == S.DIBANGUN

    client.force_login(hr_biasa)  # HR without the permission previews, without a publish button
    resp = client.get(detail)
    assert resp.status_code == 200 and url not in resp.content.decode()
    for user in (hr_lain, pimpinan):
        client.force_login(user)
        assert client.get(detail).status_code == 404

    client.force_login(hr_penerbit)
    assert url in client.get(detail).content.decode()
    resp = client.post(url)
    assert resp.status_code == 302 and resp.url == detail
    snap.refresh_from_db()
    assert snap.status == S.DITERBITKAN and snap.diterbitkan_oleh == hr_penerbit


@pytest.mark.django_db
def test_form_tanggal_salah_pesan_jelas_dan_tetap_terisi(client):
    inst, _ = bangun_dunia()
    client.force_login(f.hr_user(inst))
    besok = timezone.localdate() + datetime.timedelta(days=1)
    resp = client.post(reverse("transparansi-kelola-bangun"), {"tanggal": besok.isoformat()})
    assert resp.status_code == 400
    html = resp.content.decode()
    assert "tidak boleh melewati hari ini" in html and besok.isoformat() in html
    assert not SnapshotTransparansi.objects.exists()


@pytest.mark.django_db
def test_peringatan_enam_bulan(client, settings):
    today = datetime.date(2026, 12, 5)
    assert lewat_enam_bulan(None, today)
    assert not lewat_enam_bulan({"tanggal": datetime.date(2026, 6, 5)}, today)
    assert lewat_enam_bulan({"tanggal": datetime.date(2026, 6, 4)}, today)
    assert lewat_enam_bulan({"tanggal": datetime.date(2026, 5, 31)}, today)

    inst, _ = bangun_dunia()
    hr = penerbit(f.hr_user(inst))
    client.force_login(hr)
    assert 'data-testid="peringatan-transparansi"' in client.get(reverse("transparansi-kelola")).content.decode()
    settings.DASBOR_CACHE_DETIK = 0
    assert 'data-testid="panel-transparansi"' in client.get(reverse("dasbor")).content.decode()
    layanan.transparansi_bangun_sinkron(actor=hr, instansi=inst, terbitkan=True)
    assert 'data-testid="peringatan-transparansi"' not in client.get(reverse("transparansi-kelola")).content.decode()
    assert 'data-testid="panel-transparansi"' not in client.get(reverse("dasbor")).content.decode()


@pytest.mark.django_db
def test_perintah_bangun_dan_terbitkan():
    inst, _ = bangun_dunia()
    hr = penerbit(f.hr_user(inst))
    kemarin = timezone.localdate() - datetime.timedelta(days=1)
    call_command("bangun_transparansi", "--instansi", "transp", "--tanggal", kemarin.isoformat())
    snap = SnapshotTransparansi.objects.get(instansi=inst, tanggal=kemarin)
    assert snap.status == S.DIBANGUN and snap.data["tanggal"] == kemarin.isoformat()
    call_command("bangun_transparansi", "--instansi", "TRANSP", "--terbitkan", "--oleh", hr.username)
    terbit = SnapshotTransparansi.objects.get(instansi=inst, tanggal=timezone.localdate())
    assert terbit.status == S.DITERBITKAN and terbit.diterbitkan_oleh == hr
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("bangun_transparansi", "--instansi", "TIDAKADA")
    with pytest.raises(CommandError, match="--tanggal tidak valid"):
        call_command("bangun_transparansi", "--instansi", "TRANSP", "--tanggal", "2026-13-01")
    with pytest.raises(CommandError, match="sudah diterbitkan"):
        call_command("bangun_transparansi", "--instansi", "TRANSP", "--terbitkan", "--oleh", hr.username)
    with pytest.raises(CommandError, match="tidak berwenang"):
        call_command("bangun_transparansi", "--instansi", "TRANSP", "--tanggal", kemarin.isoformat(),
                     "--terbitkan", "--oleh", f.hr_user(inst, "hr.tanpa.izin").username)


@pytest.mark.django_db
def test_draf_bulanan_sekali_per_instansi(django_capture_on_commit_callbacks, monkeypatch):
    from pembinaan import tasks

    antre = []
    monkeypatch.setattr(tasks.transparansi_bangun_task, "delay", antre.append)
    inst, _ = bangun_dunia()
    pertama = datetime.date(timezone.localdate().year, timezone.localdate().month, 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert layanan.transparansi_draf_bulanan(tanggal=pertama) >= 1
    with django_capture_on_commit_callbacks(execute=True):
        assert layanan.transparansi_draf_bulanan(tanggal=pertama) == 0
    snap = SnapshotTransparansi.objects.get(instansi=inst, tanggal=pertama)
    assert snap.status == S.DRAF and snap.pk in antre


@pytest.mark.django_db(transaction=True)
def test_pekerjaan_membangun_dengan_worker_sungguhan(client, celery_worker_real):
    f.ensure_reference_data()
    inst, _ = bangun_dunia()
    client.force_login(f.hr_user(inst))
    resp = client.post(reverse("transparansi-kelola-bangun"), {"tanggal": timezone.localdate().isoformat()})
    snap = SnapshotTransparansi.objects.get(instansi=inst)
    assert resp.status_code == 302 and resp.url == reverse("transparansi-kelola-detail", args=[snap.pk])

    def selesai():
        snap.refresh_from_db()
        return snap.status != S.DRAF

    assert wait_until(selesai, timeout=60)
    assert snap.status == S.DIBANGUN and snap.progres == snap.progres_total > 0
    assert sel(snap.data, "asn_jenis", "Dinas Besar", "PNS")["nilai"] == 12
    html = client.get(reverse("transparansi-kelola-detail", args=[snap.pk])).content.decode()
    assert 'data-testid="pratinjau"' in html and "Dinas Besar" in html


@pytest.mark.django_db
def test_indikator_evaluasi_homogen_disembunyikan_dan_predikat_organisasi_terbit():
    """Evaluation-derived figures use k = 10: 20 forms of Dinas Besar, all "Baik" (homogeneous: the breakdown is
    hidden), 10 on time (50 %); the OPD's organisational predikat HR recorded is published as it is."""
    from evaluasi.models import Evaluasi, PeriodeEvaluasi, PredikatOrganisasiUnit

    inst, pegawai = bangun_dunia()
    besar = pegawai[0].unit_kerja
    today = timezone.localdate()
    periode = PeriodeEvaluasi.objects.create(
        instansi=inst, nama="Tahunan uji", jenis="tahunan", mulai=today - datetime.timedelta(days=60),
        selesai=today - datetime.timedelta(days=20), tenggat=today - datetime.timedelta(days=10), status="ditutup")
    tepat = timezone.now() - datetime.timedelta(days=15)
    for i, p in enumerate(pegawai[:20]):
        Evaluasi.objects.create(periode=periode, pegawai=p, unit_kerja=besar, status="diajukan",
                                rating_hasil_kerja="sesuai", rating_perilaku_kerja="sesuai", predikat="baik",
                                diajukan_pada=tepat if i < 10 else timezone.now())
    PredikatOrganisasiUnit.objects.create(periode=periode, unit_kerja=besar, predikat="baik")

    data = layanan.bangun_data(instansi=inst, tanggal=today)
    assert sel(data, "evaluasi_tepat_waktu", "Dinas Besar", "Tepat waktu")["nilai"] == 50.0
    baik = sel(data, "evaluasi_predikat", "Dinas Besar", "Baik")
    assert baik["disembunyikan"] and baik["alasan"] == "homogen"
    assert sel(data, "predikat_organisasi", "Dinas Besar", "Predikat organisasi")["nilai"] == "Baik"
    assert not [s for s in data["sel"] if s["indikator"] == "predikat_organisasi" and s["unit"] == UNIT_LAINNYA]


@pytest.mark.django_db
def test_daftar_snapshot_jumlah_kueri_tetap(client, django_assert_max_num_queries):
    inst = f.InstansiFactory(kode="KUERI", nama="Pemerintah Kota Kueri")
    hr = f.hr_user(inst)
    client.force_login(hr)

    def snapshot(n):
        for _ in range(n):
            tanggal = timezone.localdate() - datetime.timedelta(days=SnapshotTransparansi.objects.count() + 1)
            SnapshotTransparansi.objects.create(
                instansi=inst, tanggal=tanggal, status="diterbitkan",
                diterbitkan_oleh=hr, diterbitkan_pada=timezone.now(), data={"sel": [{"unit": "x"}] * 50})

    snapshot(2)
    with django_assert_max_num_queries(12) as sedikit:
        assert client.get(reverse("transparansi-kelola")).status_code == 200
    snapshot(20)
    with django_assert_max_num_queries(len(sedikit.captured_queries)):
        resp = client.get(reverse("transparansi-kelola"))
    assert resp.content.decode().count("/kelola-transparansi/") >= 22


@pytest.mark.django_db
def test_indikator_pelatihan_dan_mentoring():
    """Trainings held are counted for the instansi only (one programme: "< 5"); JP delivered (14 people x 24 JP)
    passes the contributor and dominance rules; mentoring pairs active on the date and confirmed sessions count
    by the mentee's OPD (a pair ended before the date does not)."""
    from tests.mentoring.factories import PasanganFactory

    inst, pegawai = bangun_dunia()
    today = timezone.localdate()
    awal = datetime.date(today.year, 1, 1)
    mentor = pegawai[-1]
    pasangan = [PasanganFactory(instansi=inst, mentor=mentor, mentee=p, rencana_mulai=awal) for p in pegawai[:6]]
    PasanganFactory(instansi=inst, mentor=mentor, mentee=pegawai[6], rencana_mulai=awal, status="selesai",
                    diakhiri_pada=timezone.now() - datetime.timedelta(days=1), ringkasan_penutup="Tuntas")
    from mentoring.models import SesiMentoring

    for p in pasangan:
        SesiMentoring.objects.create(pasangan=p, tanggal=awal, durasi_menit=60, topik="Topik", penulis=mentor,
                                     status="dikonfirmasi")
    data = layanan.bangun_data(instansi=inst, tanggal=today)
    nama_bentuk = bentuk("KL03").nama
    diselenggarakan = sel(data, "pelatihan_diselenggarakan", inst.nama, nama_bentuk)
    assert diselenggarakan["disembunyikan"] and diselenggarakan["tampil"] == "< 5"
    assert not [s for s in data["sel"] if s["indikator"] == "pelatihan_diselenggarakan" and s["unit"] != inst.nama]
    assert sel(data, "jp_diberikan", "Dinas Besar", nama_bentuk)["nilai"] == 14 * 24
    assert sel(data, "mentoring_pasangan_aktif", "Dinas Besar", "Pasangan aktif")["nilai"] == 6
    assert sel(data, "mentoring_sesi", "Dinas Besar", "Sesi")["nilai"] == 6


@pytest.mark.django_db
def test_bangun_gagal_dicatat_dan_ditampilkan(client, monkeypatch):
    inst, _ = bangun_dunia()
    hr = f.hr_user(inst)
    snap = layanan.transparansi_mulai(actor=hr, instansi=inst, antre=False)

    def rusak(konteks):
        raise RuntimeError("uji")

    monkeypatch.setattr(layanan.selectors, "transparansi_pegawai", rusak)
    assert layanan.transparansi_bangun(snapshot_id=snap.pk) is None
    snap.refresh_from_db()
    assert snap.status == S.GAGAL and "uji" in snap.galat and snap.data == {}
    client.force_login(hr)
    assert 'data-testid="gagal"' in client.get(reverse("transparansi-kelola-detail", args=[snap.pk])).content.decode()
    assert layanan.transparansi_bangun(snapshot_id=snap.pk) is None  # a failed snapshot is not rebuilt by the job


@pytest.mark.django_db
def test_persen_tidak_bisa_dibongkar_lewat_selisih_dengan_instansi():
    """Headcounts are published, so a shown percentage gives its numerator back. Dinas Sedang: 10 PNS, 2 of them
    with >= 20 JP (hidden: "< 5"). If only that one were hidden, instansi minus the other OPDs would give it back:
    a second OPD's percentage is hidden too (or the instansi's)."""
    inst, _ = bangun_dunia()
    sedang = f.UnitKerjaFactory(instansi=inst, nama="Dinas Sedang")
    awal = datetime.date(timezone.localdate().year, 1, 1)
    program = ProgramFactory(instansi=inst, status="selesai", bentuk=bentuk("KL03"), jp=24)
    SesiFactory(program=program, tanggal=awal)
    for i in range(10):
        p = f.PegawaiFactory(instansi=inst, unit_kerja=sedang)
        if i < 2:
            ps = Peserta.objects.create(program=program, pegawai=p, sumber="hr", status="lulus")
            ledger.kredit_set(pegawai_id=p.pk, tanggal=awal, jp=24, keterangan="Pelatihan", peserta=ps)
    data = layanan.bangun_data(instansi=inst, tanggal=timezone.localdate())
    kode, kat = "jp20_pns_berjalan", "PNS ≥ 20 JP"
    assert data["unit"] == [inst.nama, "Dinas Besar", "Dinas Sedang", UNIT_LAINNYA]
    assert sel(data, kode, "Dinas Sedang", kat)["disembunyikan"]
    opd_tersembunyi = [u for u in data["unit"][1:] if sel(data, kode, u, kat)["disembunyikan"]]
    assert len(opd_tersembunyi) >= 2 or sel(data, kode, inst.nama, kat)["disembunyikan"], opd_tersembunyi


@pytest.mark.django_db
def test_form_tanggal_yang_sudah_terbit_ditolak_dengan_pesan(client):
    inst, _ = bangun_dunia()
    hr = penerbit(f.hr_user(inst))
    snap = layanan.transparansi_bangun_sinkron(actor=hr, instansi=inst, terbitkan=True)
    client.force_login(hr)
    resp = client.post(reverse("transparansi-kelola-bangun"), {"tanggal": snap.tanggal.isoformat()})
    assert resp.status_code == 400 and "sudah diterbitkan dan tidak dapat diubah" in resp.content.decode()
    assert SnapshotTransparansi.objects.filter(instansi=inst).count() == 1
