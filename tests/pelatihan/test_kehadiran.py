"""Self check-in with the rotating code, the organiser's corrections, and who may open which page."""

import datetime
import importlib
import threading
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from pelatihan import checkin
from pelatihan.models import Kehadiran, Peserta, ProgramPelatihan
from pelatihan.services.kehadiran import HasilPresensi, kehadiran_checkin, kehadiran_checkin_kode, kehadiran_set
from tests import factories as f
from tests.pelatihan.factories import PesertaFactory, ProgramFactory, SesiFactory

WIB = ZoneInfo("Asia/Jakarta")
# A session on 25 November 2026, 08.00–12.00 WIB; the default window is 07.30–12.30.
TANGGAL = datetime.date(2026, 11, 25)


def wib(jam, menit=0, detik=0, hari=TANGGAL):
    return datetime.datetime.combine(hari, datetime.time(jam, menit, detik), tzinfo=WIB)


def sesi_sekarang(program):
    """A session of ``program`` today whose window holds the present moment (also just after midnight)."""
    now = timezone.localtime()
    mulai = max(datetime.datetime.combine(now.date(), datetime.time(0, 0), tzinfo=now.tzinfo),
                now - datetime.timedelta(hours=1))
    selesai = min(datetime.datetime.combine(now.date(), datetime.time(23, 59), tzinfo=now.tzinfo),
                  now + datetime.timedelta(hours=1))
    return SesiFactory(program=program, tanggal=now.date(), jam_mulai=mulai.time().replace(second=0, microsecond=0),
                       jam_selesai=selesai.time().replace(second=0, microsecond=0), topik="Etika pelayanan")


@pytest.fixture
def dunia(db):
    inst = f.InstansiFactory(kode="TEBO", nama="Pemerintah Kabupaten Tebo")
    program = ProgramFactory(instansi=inst, judul="Pelayanan Prima")
    sesi = SesiFactory(program=program, tanggal=TANGGAL, jam_mulai=datetime.time(8), jam_selesai=datetime.time(12),
                       topik="Standar pelayanan")
    peserta = PesertaFactory(program=program, pegawai=f.PegawaiFactory(instansi=inst, nama="Ani Lestari"))
    user = f.pegawai_user(peserta.pegawai)
    return {"inst": inst, "program": program, "sesi": sesi, "peserta": peserta, "user": user, "hr": f.hr_user(inst)}


def _checkin(d, kode=None, now=None, user=None, sesi=None):
    sesi = sesi or d["sesi"]
    now = now or wib(8, 15)
    return kehadiran_checkin(actor=user or d["user"], sesi=sesi, kode=kode or checkin.kode_sekarang(sesi.pk, now),
                             now=now)


# ------------------------------------------------------------------ the code
def test_kode_berganti_tiap_langkah_dan_langkah_sebelumnya_masih_diterima(settings):
    settings.PRESENSI_LANGKAH_DETIK = 45
    awal = datetime.datetime.fromtimestamp(checkin.langkah(wib(9)) * 45, tz=WIB)  # the start of a step
    kode = checkin.kode_sekarang(7, awal)
    assert len(kode) == 6 and set(kode) <= set(checkin.ALFABET) and not set(kode) & set("0O1I")
    assert checkin.kode_sekarang(7, awal + datetime.timedelta(seconds=44)) == kode
    berikut = checkin.kode_sekarang(7, awal + datetime.timedelta(seconds=45))
    assert berikut != kode
    assert checkin.kode_sekarang(8, awal) != kode  # one code per session
    assert checkin.sisa_detik(awal + datetime.timedelta(seconds=40)) == 5

    assert checkin.periksa_kode(7, kode, awal + datetime.timedelta(seconds=10)) == checkin.SAH
    assert checkin.periksa_kode(7, kode, awal + datetime.timedelta(seconds=80)) == checkin.SAH  # previous step
    assert checkin.periksa_kode(7, kode, awal + datetime.timedelta(seconds=90)) == checkin.KEDALUWARSA
    assert checkin.periksa_kode(7, kode, awal + datetime.timedelta(hours=3)) == checkin.KEDALUWARSA
    assert checkin.periksa_kode(7, kode, awal - datetime.timedelta(seconds=1)) == checkin.SALAH  # never early
    assert checkin.periksa_kode(8, kode, awal) == checkin.SALAH
    assert checkin.periksa_kode(7, f" {kode[:3].lower()}-{kode[3:]} ", awal) == checkin.SAH  # as typed on a phone
    assert checkin.periksa_kode(7, "", awal) == checkin.SALAH

    settings.PRESENSI_LANGKAH_DETIK = 60
    awal60 = datetime.datetime.fromtimestamp(checkin.langkah(wib(9)) * 60, tz=WIB)
    kode60 = checkin.kode_sekarang(7, awal60)
    assert checkin.kode_sekarang(7, awal60 + datetime.timedelta(seconds=59)) == kode60
    assert checkin.periksa_kode(7, kode60, awal60 + datetime.timedelta(seconds=119)) == checkin.SAH
    assert checkin.periksa_kode(7, kode60, awal60 + datetime.timedelta(seconds=120)) == checkin.KEDALUWARSA


def test_tautan_qr():
    assert checkin.tautan(12, "K7P2QD") == "/pelatihan/presensi/12/K7P2QD/"


# ------------------------------------------------------------------ the participant's check-in
def test_presensi_tercatat_sekali_dan_percobaan_kedua_sudah_hadir(dunia):
    d = dunia
    hasil = _checkin(d)
    assert hasil.berhasil, hasil.pesan
    assert "tercatat hadir pada 08.15" in hasil.pesan
    k = Kehadiran.objects.get()
    assert (k.peserta, k.sesi, k.status, k.cara, k.dicatat_oleh) == (d["peserta"], d["sesi"], "hadir", "mandiri",
                                                                     d["user"])
    kode = checkin.kode_sekarang(d["sesi"].pk, wib(8, 15))
    again = _checkin(d, kode=kode, now=wib(8, 15, 20))  # the same code, the same person
    assert again.jenis == HasilPresensi.SUDAH_HADIR
    assert again.pesan == "Anda sudah tercatat hadir pada 08.15."
    later = _checkin(d, kode=kode, now=wib(9, 30))  # the code has long expired: still "already present"
    assert later.pesan == "Anda sudah tercatat hadir pada 08.15."
    assert Kehadiran.objects.count() == 1
    event = Kehadiran.pgh_event_model.objects.select_related("pgh_context").get()
    assert event.pgh_context.metadata["sumber"] == "presensi_mandiri"
    assert event.pgh_context.metadata["user"] == d["user"].pk


def test_kode_salah_dan_kedaluwarsa_ditolak(dunia, settings):
    settings.PRESENSI_LANGKAH_DETIK = 45
    d = dunia
    salah = _checkin(d, kode="ZZZZZZ")
    assert (salah.jenis, salah.pesan) == (HasilPresensi.KODE_SALAH,
                                          "Kode salah. Periksa lagi kode yang tampil di layar panitia.")
    lama = checkin.kode_untuk(d["sesi"].pk, checkin.langkah(wib(8, 15)) - 2)
    basi = _checkin(d, kode=lama)
    assert basi.jenis == HasilPresensi.KODE_KEDALUWARSA
    assert basi.pesan.startswith("Kode sudah kedaluwarsa.")
    sebelumnya = checkin.kode_untuk(d["sesi"].pk, checkin.langkah(wib(8, 15)) - 1)
    assert _checkin(d, kode=sebelumnya).berhasil  # shown just before the rotation: still fine


def test_di_luar_jendela_menyebut_kapan_dibuka_atau_ditutup(dunia, settings):
    d = dunia
    terlalu_awal = _checkin(d, now=wib(7, 29))
    assert terlalu_awal.jenis == HasilPresensi.BELUM_DIBUKA
    assert terlalu_awal.pesan == "Presensi sesi ini belum dibuka. Presensi dibuka pukul 07.30."
    kemarin = _checkin(d, now=wib(10, hari=TANGGAL - datetime.timedelta(days=1)))
    assert kemarin.pesan == "Presensi sesi ini belum dibuka. Presensi dibuka 25 November 2026 pukul 07.30."
    terlambat = _checkin(d, now=wib(12, 31))
    assert (terlambat.jenis, terlambat.pesan) == (HasilPresensi.SUDAH_DITUTUP,
                                                  "Presensi sesi ini sudah ditutup pukul 12.30.")
    assert not Kehadiran.objects.exists()
    assert _checkin(d, now=wib(7, 30)).berhasil  # the edge of the window is inside

    settings.PRESENSI_MARGIN_MENIT = 10
    sesi2 = SesiFactory(program=d["program"], tanggal=TANGGAL, jam_mulai=datetime.time(13),
                        jam_selesai=datetime.time(15))
    assert _checkin(d, sesi=sesi2, now=wib(12, 45)).pesan.endswith("Presensi dibuka pukul 12.50.")
    assert _checkin(d, sesi=sesi2, now=wib(15, 11)).pesan == "Presensi sesi ini sudah ditutup pukul 15.10."
    assert _checkin(d, sesi=sesi2, now=wib(12, 55)).berhasil


def test_bukan_peserta_mundur_daftar_tunggu_dan_program_batal_ditolak(dunia):
    d = dunia
    orang_lain = f.pegawai_user(f.PegawaiFactory(instansi=d["inst"]))
    bukan = _checkin(d, user=orang_lain)
    assert bukan.jenis == HasilPresensi.BUKAN_PESERTA
    assert "tidak terdaftar sebagai peserta “Pelayanan Prima”" in bukan.pesan and "panitia" in bukan.pesan
    assert _checkin(d, user=d["hr"]).jenis == HasilPresensi.BUKAN_PESERTA  # HR without an employee record

    Peserta.objects.filter(pk=d["peserta"].pk).update(status=Peserta.Status.MUNDUR)
    mundur = _checkin(d)
    assert mundur.jenis == HasilPresensi.MUNDUR and "mengundurkan diri" in mundur.pesan
    Peserta.objects.filter(pk=d["peserta"].pk).update(status=Peserta.Status.DAFTAR_TUNGGU)
    tunggu = _checkin(d)
    assert tunggu.jenis == HasilPresensi.DAFTAR_TUNGGU and "daftar tunggu" in tunggu.pesan
    Peserta.objects.filter(pk=d["peserta"].pk).update(status=Peserta.Status.TERDAFTAR)
    ProgramPelatihan.objects.filter(pk=d["program"].pk).update(status=ProgramPelatihan.Status.BATAL)
    d["sesi"].refresh_from_db()
    assert _checkin(d).pesan == "Program pelatihan ini dibatalkan."
    assert not Kehadiran.objects.exists()


def test_status_dari_panitia_tidak_ditimpa_presensi_mandiri(dunia):
    d = dunia
    kehadiran_set(actor=d["hr"], sesi=d["sesi"], peserta=d["peserta"], status="izin", alasan="Surat izin dinas luar")
    hasil = _checkin(d)
    assert hasil.jenis == HasilPresensi.SUDAH_DICATAT
    assert hasil.pesan.startswith("Panitia sudah mencatat Anda izin pada sesi ini.")
    assert Kehadiran.objects.get().status == "izin"


def test_kode_saja_menemukan_sesi_yang_sedang_terbuka(dunia):
    d = dunia
    pagi = d["sesi"]
    siang = SesiFactory(program=d["program"], tanggal=TANGGAL, jam_mulai=datetime.time(12, 15),
                        jam_selesai=datetime.time(14))  # window opens 11.45: both open at 12.00
    now = wib(12)
    hasil = kehadiran_checkin_kode(actor=d["user"], kode=checkin.kode_sekarang(siang.pk, now).lower(), now=now)
    assert hasil.berhasil and hasil.sesi == siang
    assert Kehadiran.objects.get().sesi == siang
    assert kehadiran_checkin_kode(actor=d["user"], kode="ZZZZZZ", now=now).jenis == HasilPresensi.KODE_SALAH
    assert kehadiran_checkin_kode(actor=d["user"], kode=checkin.kode_sekarang(pagi.pk, now), now=now).berhasil
    tidak_ada = kehadiran_checkin_kode(actor=d["user"], kode="ABCDEF", now=wib(20))
    assert tidak_ada.pesan == "Saat ini tidak ada sesi pelatihan Anda yang membuka presensi."


# ------------------------------------------------------------------ concurrency (own connections per thread)
@pytest.mark.django_db(transaction=True)
def test_presensi_serentak_hanya_satu_baris():
    importlib.import_module("pelatihan.migrations.0002_referensi").seed(apps, None)  # flushed by other tests
    inst = f.InstansiFactory()
    program = ProgramFactory(instansi=inst)
    sesi = SesiFactory(program=program, tanggal=TANGGAL, jam_mulai=datetime.time(8), jam_selesai=datetime.time(12))
    users = []
    for _ in range(4):
        p = PesertaFactory(program=program, pegawai=f.PegawaiFactory(instansi=inst))
        users.append(f.pegawai_user(p.pegawai))
    now = wib(8, 5)
    kode = checkin.kode_sekarang(sesi.pk, now)
    per_user = 6
    barrier = threading.Barrier(len(users) * per_user)
    hasil, galat = [], []

    def coba(user_pk):
        from django.contrib.auth import get_user_model
        from django.db import connection

        try:
            user = get_user_model().objects.get(pk=user_pk)  # a fresh object: peran is cached per user object
            barrier.wait(timeout=20)
            hasil.append((user_pk, kehadiran_checkin(actor=user, sesi=sesi, kode=kode, now=now).jenis))
        except Exception as exc:  # any error is a failure of the test, reported below
            galat.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=coba, args=(u.pk,)) for u in users for _ in range(per_user)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not galat, galat
    assert len(hasil) == len(users) * per_user
    for u in users:
        jenis = sorted(j for pk, j in hasil if pk == u.pk)
        assert jenis == [HasilPresensi.BERHASIL] + [HasilPresensi.SUDAH_HADIR] * (per_user - 1)
    assert Kehadiran.objects.filter(sesi=sesi).count() == len(users)
    assert Kehadiran.pgh_event_model.objects.count() == len(users)


# ------------------------------------------------------------------ the organiser's marks and corrections
def test_koreksi_panitia_wajib_alasan_dan_tercatat_di_jejak_audit(dunia):
    d = dunia
    assert _checkin(d).berhasil
    with pytest.raises(ValidationError, match="Alasan wajib diisi"):
        kehadiran_set(actor=d["hr"], sesi=d["sesi"], peserta=d["peserta"], status="sakit", alasan="   ")
    assert Kehadiran.objects.get().status == "hadir"
    k = kehadiran_set(actor=d["hr"], sesi=d["sesi"], peserta=d["peserta"], status="sakit",
                      alasan="Surat keterangan dokter")
    assert (k.status, k.cara, k.alasan, k.dicatat_oleh) == ("sakit", "panitia", "Surat keterangan dokter", d["hr"])
    event = Kehadiran.pgh_event_model.objects.select_related("pgh_context").order_by("pgh_id").last()
    assert event.status == "sakit"
    assert event.pgh_context.metadata == {"user": d["hr"].pk, "sumber": "koreksi_kehadiran",
                                          "alasan": "Surat keterangan dokter"}
    # The same status again changes nothing and needs no reason.
    kehadiran_set(actor=d["hr"], sesi=d["sesi"], peserta=d["peserta"], status="sakit", alasan="")
    assert Kehadiran.pgh_event_model.objects.count() == 2

    # A first mark (nobody recorded yet) needs no reason.
    lain = PesertaFactory(program=d["program"], pegawai=f.PegawaiFactory(instansi=d["inst"]))
    assert kehadiran_set(actor=d["hr"], sesi=d["sesi"], peserta=lain, status="alpa", alasan="").status == "alpa"


def test_koreksi_hanya_oleh_hr_instansinya(dunia):
    d = dunia
    for actor in (d["user"], f.hr_user(f.InstansiFactory(kode="LAIN"), username="hr.lain")):
        with pytest.raises(PermissionDenied):
            kehadiran_set(actor=actor, sesi=d["sesi"], peserta=d["peserta"], status="hadir", alasan="")
    mundur = PesertaFactory(program=d["program"], pegawai=f.PegawaiFactory(instansi=d["inst"]), status="mundur")
    with pytest.raises(ValidationError, match="bukan peserta aktif"):
        kehadiran_set(actor=d["hr"], sesi=d["sesi"], peserta=mundur, status="hadir", alasan="")
    assert not Kehadiran.objects.exists()


# ------------------------------------------------------------------ pages
def test_layar_panitia_hanya_untuk_hr_instansinya(dunia, client):
    d = dunia
    sesi = sesi_sekarang(d["program"])
    urls = [reverse(n, args=[sesi.pk]) for n in ("pelatihan:kehadiran-panitia", "pelatihan:kehadiran-kode",
                                                 "pelatihan:kehadiran-list")]
    client.force_login(d["hr"])
    page = client.get(urls[0]).content.decode()
    assert checkin.kode_sekarang(sesi.pk) in page or checkin.kode_untuk(sesi.pk, checkin.langkah() - 1) in page
    assert "<svg" in page and "Ani Lestari" in page
    assert client.get(urls[1]).status_code == 200 and client.get(urls[2]).status_code == 200

    for other in (d["user"], f.hr_user(f.InstansiFactory(kode="LAIN"), username="hr.lain"),
                  f.pimpinan_user(d["inst"])):
        client.force_login(other)
        for url in urls:
            assert client.get(url).status_code == 404, (other, url)
        ubah = reverse("pelatihan:kehadiran-set", args=[sesi.pk, d["peserta"].pk])
        assert client.post(ubah, {"status": "hadir"}).status_code == 404
    assert not Kehadiran.objects.exists()
    client.logout()
    assert client.get(urls[0])["Location"].startswith(reverse("login"))


def test_layar_panitia_di_luar_jendela_tanpa_kode(dunia, client):
    client.force_login(dunia["hr"])
    page = client.get(reverse("pelatihan:kehadiran-panitia", args=[dunia["sesi"].pk])).content.decode()
    assert 'data-testid="kode"' not in page and 'data-testid="qr"' not in page
    assert "Presensi mandiri sudah ditutup" in page or "Presensi mandiri belum dibuka" in page


def test_koreksi_lewat_layar_panitia(dunia, client):
    d = dunia
    sesi = sesi_sekarang(d["program"])
    client.force_login(d["hr"])
    url = reverse("pelatihan:kehadiran-set", args=[sesi.pk, d["peserta"].pk])
    resp = client.post(url, {"status": "hadir", "alasan": ""}, HTTP_HX_REQUEST="true")
    assert resp.status_code == 200 and "Kehadiran Ani Lestari tersimpan." in resp.content.decode()
    resp = client.post(url, {"status": "izin", "alasan": ""}, HTTP_HX_REQUEST="true")
    assert "Alasan wajib diisi" in resp.content.decode()
    assert Kehadiran.objects.get().status == "hadir"
    resp = client.post(url, {"status": "izin", "alasan": "Tugas mendadak dari pimpinan"})
    assert resp.status_code == 302
    assert Kehadiran.objects.get().status == "izin"
    lain = ProgramFactory(instansi=d["inst"])
    luar = PesertaFactory(program=lain, pegawai=f.PegawaiFactory(instansi=d["inst"]))
    assert client.post(reverse("pelatihan:kehadiran-set", args=[sesi.pk, luar.pk]),
                       {"status": "hadir"}).status_code == 404  # a participant of another programme


def test_daftar_hadir_jumlah_query_tetap(dunia, client, django_assert_max_num_queries):
    d = dunia
    client.force_login(d["hr"])
    url = reverse("pelatihan:kehadiran-list", args=[d["sesi"].pk])
    client.get(url)
    with django_assert_max_num_queries(12) as sedikit:
        client.get(url)
    for _ in range(15):
        p = PesertaFactory(program=d["program"], pegawai=f.PegawaiFactory(instansi=d["inst"]))
        Kehadiran.objects.create(peserta=p, sesi=d["sesi"], status="hadir", cara="mandiri", dicatat_oleh=d["hr"])
    with django_assert_max_num_queries(len(sedikit.captured_queries)):
        page = client.get(url).content.decode()
    assert "15</strong> dari 16 peserta hadir" in page


def test_tautan_qr_get_hanya_konfirmasi_post_mencatat(dunia, client):
    d = dunia
    sesi = sesi_sekarang(d["program"])
    kode = checkin.kode_sekarang(sesi.pk)
    url = reverse("pelatihan:kehadiran-checkin", args=[sesi.pk, kode])
    client.force_login(d["user"])
    page = client.get(url).content.decode()
    assert "Ya, saya hadir" in page
    assert not Kehadiran.objects.exists()  # never on GET
    resp = client.post(url)
    assert resp.status_code == 302 and resp["Location"] == reverse("pelatihan:kehadiran-checkin-kode")
    assert Kehadiran.objects.get().cara == "mandiri"
    assert "Presensi berhasil" in client.get(resp["Location"]).content.decode()
    page = client.get(url).content.decode()
    assert "Anda sudah tercatat hadir pada" in page and "Ya, saya hadir" not in page
    resp = client.post(url)
    assert resp.status_code == 200 and 'data-hasil="sudah_hadir"' in resp.content.decode()
    basi = reverse("pelatihan:kehadiran-checkin", args=[sesi.pk, checkin.kode_untuk(sesi.pk, checkin.langkah() - 3)])
    Kehadiran.objects.all().delete()
    assert "Kode sudah kedaluwarsa" in client.post(basi).content.decode()
    assert not Kehadiran.objects.exists()


def test_tautan_qr_sesi_instansi_lain_404(dunia, client):
    d = dunia
    lain = f.InstansiFactory(kode="LAIN")
    sesi = sesi_sekarang(ProgramFactory(instansi=lain))
    client.force_login(d["user"])
    url = reverse("pelatihan:kehadiran-checkin", args=[sesi.pk, checkin.kode_sekarang(sesi.pk)])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    client.force_login(d["hr"])  # no employee record: the participant pages are not for this account
    assert client.get(reverse("pelatihan:kehadiran-checkin-kode")).status_code == 404
    assert not Kehadiran.objects.exists()


def test_halaman_ketik_kode(dunia, client):
    d = dunia
    sesi = sesi_sekarang(d["program"])
    client.force_login(d["user"])
    url = reverse("pelatihan:kehadiran-checkin-kode")
    page = client.get(url).content.decode()
    assert "Etika pelayanan" in page and "Belum presensi" in page
    resp = client.post(url, {"kode": "ZZZZZZ"})
    assert "Kode salah" in resp.content.decode() and not Kehadiran.objects.exists()
    resp = client.post(url, {"kode": checkin.kode_sekarang(sesi.pk)}, follow=True)
    assert "Presensi berhasil" in resp.content.decode()
    resp = client.post(url, {"kode": checkin.kode_sekarang(sesi.pk)})
    assert "Anda sudah tercatat hadir pada" in resp.content.decode()
    assert Kehadiran.objects.count() == 1


# ------------------------------------------------------------------ walk-ins and the projector (issue 9)
def test_walk_in_yang_mengetik_kode_diberi_tahu_bukan_peserta_dan_minta_panitia(dunia):
    """Typing the room's code without being registered used to answer "no session open"."""
    d = dunia
    datang = f.pegawai_user(f.PegawaiFactory(instansi=d["inst"], nama="Budi Datang"))
    now = wib(8, 15)
    hasil = kehadiran_checkin_kode(actor=datang, kode=checkin.kode_sekarang(d["sesi"].pk, now), now=now)
    assert hasil.jenis == HasilPresensi.BUKAN_PESERTA and hasil.sesi == d["sesi"]
    assert "“Pelayanan Prima”" in hasil.pesan and "panitia dapat mendaftarkan Anda" in hasil.pesan
    # A wrong code, or the code of another instansi's room, still says there is no session of theirs.
    assert kehadiran_checkin_kode(actor=datang, kode="ZZZZZZ", now=now).jenis == HasilPresensi.TIDAK_ADA_SESI
    luar = SesiFactory(program=ProgramFactory(), tanggal=TANGGAL, jam_mulai=datetime.time(8),
                       jam_selesai=datetime.time(12))
    assert kehadiran_checkin_kode(actor=datang, kode=checkin.kode_sekarang(luar.pk, now),
                                  now=now).jenis == HasilPresensi.TIDAK_ADA_SESI
    assert not Kehadiran.objects.exists()


@pytest.mark.parametrize("jenis", ["PNS", "PPPK"])
def test_panitia_mendaftarkan_walk_in_dan_mencatat_hadir(dunia, client, jenis):
    d = dunia
    sesi = sesi_sekarang(d["program"])
    if jenis == "PPPK":
        lahir = datetime.date(1995, 2, 3)
        orang = f.PegawaiFactory(instansi=d["inst"], nama="Budi Datang", jenis_asn="PPPK", golongan="IX",
                                 tanggal_lahir=lahir, tmt_cpns=datetime.date(2023, 1, 1), nip=f.nip_pppk(lahir, 2023))
    else:
        orang = f.PegawaiFactory(instansi=d["inst"], nama="Budi Datang")
    user = f.pegawai_user(orang)
    client.force_login(d["hr"])
    # Found by name in the suggestions of the attendance screen, with a button that adds and marks present.
    saran = client.get(reverse("pelatihan:peserta-search", args=[d["program"].pk]),
                       {"untuk": "hadir", "sesi": sesi.pk, "nip": "budi"}).content.decode()
    assert f'name="pegawai" value="{orang.pk}" form="form-di-tempat"' in saran
    url = reverse("pelatihan:peserta-walk-in", args=[sesi.pk])
    page = client.post(url, {"nip": orang.nip_tampil}, follow=True).content.decode()
    assert "Budi Datang didaftarkan sebagai peserta dan tercatat hadir." in page
    peserta = Peserta.objects.get(program=d["program"], pegawai=orang)
    k = Kehadiran.objects.get(peserta=peserta, sesi=sesi)
    assert (peserta.status, peserta.sumber, k.status, k.cara) == ("terdaftar", "hr", "hadir", "panitia")
    label = "NI PPPK" if jenis == "PPPK" else "NIP"
    assert f'{label} <span class="nip">{orang.nip_tampil}</span>' in page
    # Their own check-in now says they are already present.
    assert kehadiran_checkin(actor=user, sesi=sesi, kode=checkin.kode_sekarang(sesi.pk)).jenis == \
        HasilPresensi.SUDAH_HADIR


def test_walk_in_kuota_penuh_atau_instansi_lain_tidak_menulis_apa_pun(dunia, client):
    d = dunia
    sesi = sesi_sekarang(d["program"])
    ProgramPelatihan.objects.filter(pk=d["program"].pk).update(kuota=1)  # Ani holds the only place
    orang = f.PegawaiFactory(instansi=d["inst"], nama="Budi Datang")
    luar = f.PegawaiFactory(nama="Orang Luar")
    client.force_login(d["hr"])
    url = reverse("pelatihan:peserta-walk-in", args=[sesi.pk])
    page = client.post(url, {"pegawai": orang.pk}, follow=True).content.decode()
    assert "Kuota program ini (1 peserta) sudah penuh" in page
    page = client.post(url, {"nip": luar.nip}, follow=True).content.decode()
    assert f"{luar.nip}: tidak ditemukan di antara pegawai aktif instansi Anda." in page
    assert f'value="{luar.nip}"' in page  # what was typed stays in the box
    assert "Orang Luar" not in page
    assert client.post(url, {"pegawai": "x"}, follow=True).status_code == 200
    assert Peserta.objects.count() == 1 and not Kehadiran.objects.exists()
    client.force_login(d["user"])
    assert client.post(url, {"nip": orang.nip}).status_code == 404


def test_mode_layar_hanya_kode_dan_qr_tanpa_nama_dan_nip(dunia, client):
    d = dunia
    sesi = sesi_sekarang(d["program"])
    client.force_login(d["hr"])
    panitia = client.get(reverse("pelatihan:kehadiran-panitia", args=[sesi.pk])).content.decode()
    assert reverse("pelatihan:kehadiran-layar", args=[sesi.pk]) in panitia
    page = client.get(reverse("pelatihan:kehadiran-layar", args=[sesi.pk])).content.decode()
    kode = {checkin.kode_sekarang(sesi.pk), checkin.kode_untuk(sesi.pk, checkin.langkah() - 1)}
    assert any(k in page for k in kode) and "<svg" in page
    assert "Ani Lestari" not in page and d["peserta"].pegawai.nip not in page
    assert d["peserta"].pegawai.nip_tampil not in page
    assert f'{reverse("pelatihan:kehadiran-kode", args=[sesi.pk])}?tampilan=layar' in page  # rotates as the code
    fragmen = client.get(reverse("pelatihan:kehadiran-kode", args=[sesi.pk]), {"tampilan": "layar"})
    assert "clamp(4rem" in fragmen.content.decode()
    assert client.get(reverse("pelatihan:kehadiran-kode", args=[sesi.pk]), {"tampilan": "x"}).status_code == 400
    client.force_login(d["user"])
    assert client.get(reverse("pelatihan:kehadiran-layar", args=[sesi.pk])).status_code == 404
