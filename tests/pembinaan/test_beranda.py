"""The employee's home (issue 9): JP against the rule that applies to them, coming sessions, things to do.

Each card and to-do is contributed by its app through ``pembinaan.komposisi`` (issue 10). Every link on the
page is opened as the person it is shown to.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluasi.models import Evaluasi, Keberatan, PeriodeEvaluasi
from mentoring.models import SesiMentoring, UmpanBalikBimbingan
from pelatihan import selectors as pelatihan_selectors
from pelatihan.models import EvaluasiPascaPelatihan, Kehadiran, Peserta, ProgramPelatihan, UmpanBalik
from pelatihan.services import jp as ledger
from tests import factories as f
from tests.evaluasi.factories import EvaluasiFactory, PeriodeFactory
from tests.mentoring.factories import PasanganFactory, SesiMentoringFactory
from tests.pelatihan import factories as pf

pytestmark = pytest.mark.django_db

HARI_INI = timezone.localdate


def _pppk(**kwargs):
    lahir = datetime.date(1990, 4, 4)
    return f.PegawaiFactory(jenis_asn="PPPK", golongan="IX", tanggal_lahir=lahir, tmt_cpns=datetime.date(2023, 3, 1),
                            nip=f.nip_pppk(lahir, 2023), **kwargs)


def _halaman(client, user):
    client.force_login(user)
    response = client.get(reverse("beranda"))
    assert response.status_code == 200
    return response


def _tindakan(response):
    """(text, url) of each to-do on the page, as the user sees it."""
    return [(t.judul, t.url) for t in response.context["tindakan"]]


def _buka_semua(client, response):
    """Every to-do link answers 200 for the person it is shown to."""
    for judul, url in _tindakan(response):
        assert client.get(url).status_code == 200, f"{judul}: {url}"


def _periode_buka(inst, nama="Triwulan IV 2026", jenis="triwulanan"):
    today = HARI_INI()
    return PeriodeFactory(instansi=inst, nama=nama, jenis=jenis, status=PeriodeEvaluasi.Status.DIBUKA,
                          mulai=today - datetime.timedelta(days=60), selesai=today,
                          tenggat=today + datetime.timedelta(days=10))


def _hasil_diajukan(evaluasi, penilai, diajukan_pada=None):
    Evaluasi.objects.filter(pk=evaluasi.pk).update(
        penilai=penilai, status=Evaluasi.Status.DIAJUKAN, rating_hasil_kerja="sesuai", rating_perilaku_kerja="sesuai",
        predikat="baik", diajukan_pada=diajukan_pada or timezone.now())


# ------------------------------------------------------------------ who gets the home

def test_pegawai_tanpa_tugas_melihat_keadaan_kosong_dan_tautan_pribadi(client):
    for me in (f.PegawaiFactory(nama="Budi PNS"), _pppk(nama="Sari PPPK")):
        response = _halaman(client, f.pegawai_user(me))
        page = response.content.decode()
        assert f"Selamat datang, {me.nama}" in page
        assert response.context["tindakan"] == []
        assert "Tidak ada yang perlu Anda kerjakan saat ini." in page
        assert "Tidak ada sesi pelatihan Anda dalam 14 hari ke depan." in page
        for url in (me.get_absolute_url(), reverse("pelatihan:jp-saya"), reverse("pelatihan:sertifikat-saya")):
            assert f'href="{url}"' in page
            assert client.get(url).status_code == 200


def test_hr_dan_pimpinan_tetap_ke_dasbor_juga_bila_pegawai(client):
    inst = f.InstansiFactory()
    hr = f.hr_user(inst)
    f.PegawaiFactory(instansi=inst, user=hr)
    for user in (hr, f.pimpinan_user(inst)):
        client.force_login(user)
        assert client.get(reverse("beranda"))["Location"] == reverse("dasbor")


def test_menu_beranda_untuk_pegawai_bukan_untuk_hr(client):
    inst = f.InstansiFactory()
    link = re.compile(r'<a class="nav-link[^"]*" href="' + re.escape(reverse("beranda")) + r'"[^>]*>Beranda</a>')
    client.force_login(f.pegawai_user(f.PegawaiFactory(instansi=inst)))
    assert link.search(client.get(reverse("pelatihan:jp-saya")).content.decode())
    client.force_login(f.hr_user(inst))
    assert not link.search(client.get(reverse("dasbor")).content.decode())


# ------------------------------------------------------------------ JP card: what "JP saya" shows

@pytest.mark.parametrize("jenis", ["PNS", "PPPK"])
def test_kartu_jp_sama_dengan_halaman_jp_saya(client, jenis):
    me = f.PegawaiFactory() if jenis == "PNS" else _pppk()
    program = pf.ProgramFactory(instansi=me.instansi, status=ProgramPelatihan.Status.SELESAI)
    peserta = pf.PesertaFactory(program=program, pegawai=me, status=Peserta.Status.LULUS)
    ledger.kredit_set(pegawai_id=me.pk, tanggal=HARI_INI().replace(day=1), jp=26 if jenis == "PPPK" else 8,
                      keterangan="Pelatihan", peserta=peserta)
    user = f.pegawai_user(me)
    page = _halaman(client, user).content.decode()
    jp_saya = client.get(reverse("pelatihan:jp-saya")).content.decode()
    d = pelatihan_selectors.jp_pegawai(pegawai=me, tahun=HARI_INI().year)

    def total(html):
        return re.search(r'data-testid="total-jp">(\d+)<', html).group(1)

    assert total(page) == total(jp_saya) == str(d["total"])
    if jenis == "PNS":
        assert "dari 20 JP" in page and "Masih kurang <strong>12 JP</strong>" in page
        assert 'data-testid="batas-jp"' not in page
    else:  # no 20 JP floor, a 24 JP ceiling per contract year, flagged when passed
        assert "dari 20 JP" not in page and "Tidak ada target JP minimal untuk PPPK" in page
        assert "paling banyak <strong>24 JP</strong> per tahun perjanjian kerja" in page
        assert 'data-testid="melebihi-batas"' in page and 'data-testid="melebihi-batas"' in jp_saya


# ------------------------------------------------------------------ coming sessions

def test_sesi_mendatang_hanya_yang_diikuti_dalam_14_hari_dengan_tautan_presensi_saat_terbuka(client):
    me = f.PegawaiFactory()
    inst, today = me.instansi, HARI_INI()
    ikut = pf.ProgramFactory(instansi=inst, judul="Pelatihan Pelayanan Prima")
    pf.PesertaFactory(program=ikut, pegawai=me)
    sekarang = pf.SesiFactory(program=ikut, tanggal=today, jam_mulai=datetime.time(0, 0),
                              jam_selesai=datetime.time(23, 59), topik="Materi hari ini")
    pf.SesiFactory(program=ikut, tanggal=today + datetime.timedelta(days=3), topik="Materi lusa")
    pf.SesiFactory(program=ikut, tanggal=today + datetime.timedelta(days=20), topik="Materi bulan depan")
    pf.SesiFactory(program=ikut, tanggal=today - datetime.timedelta(days=2), topik="Materi kemarin")
    batal = pf.ProgramFactory(instansi=inst, status=ProgramPelatihan.Status.BATAL)
    pf.PesertaFactory(program=batal, pegawai=me)
    pf.SesiFactory(program=batal, tanggal=today + datetime.timedelta(days=1), topik="Materi program batal")
    mundur = pf.ProgramFactory(instansi=inst)
    pf.PesertaFactory(program=mundur, pegawai=me, status=Peserta.Status.MUNDUR)
    pf.SesiFactory(program=mundur, tanggal=today + datetime.timedelta(days=1), topik="Materi ditinggalkan")
    orang_lain = pf.ProgramFactory(instansi=inst)
    pf.PesertaFactory(program=orang_lain)
    pf.SesiFactory(program=orang_lain, tanggal=today + datetime.timedelta(days=1), topik="Materi orang lain")
    page = _halaman(client, f.pegawai_user(me)).content.decode()
    kartu = page[page.index('data-testid="kartu-sesi"'):]
    kartu = kartu[:kartu.index("</section>")]
    assert re.findall(r"Materi [a-z ]+", kartu) == ["Materi hari ini", "Materi lusa"]
    presensi = f'href="{reverse("pelatihan:kehadiran-checkin-kode")}"'
    assert kartu.count(presensi) == 1  # only the session whose check-in window is open now
    assert kartu.index(sekarang.topik) < kartu.index(presensi) < kartu.index("Materi lusa")
    assert client.get(reverse("pelatihan:kehadiran-checkin-kode")).status_code == 200


# ------------------------------------------------------------------ things to do, per app

def test_atasan_melihat_tugas_evaluasi_dan_epp_hanya_untuk_bawahannya(client):
    inst = f.InstansiFactory()
    atasan = f.PegawaiFactory(instansi=inst, nama="Atasan Satu")
    atasan_lain = f.PegawaiFactory(instansi=inst, nama="Atasan Dua")
    periode = _periode_buka(inst)
    for _ in range(2):
        EvaluasiFactory(periode=periode, pegawai=f.PegawaiFactory(instansi=inst, atasan=atasan), penilai=atasan)
    _hasil_diajukan(EvaluasiFactory(periode=periode, pegawai=f.PegawaiFactory(instansi=inst, atasan=atasan)), atasan)
    EvaluasiFactory(periode=periode, penilai=atasan_lain, pegawai=f.PegawaiFactory(instansi=inst, atasan=atasan_lain))
    EvaluasiFactory(periode=PeriodeFactory(instansi=inst, status=PeriodeEvaluasi.Status.DITUTUP), penilai=atasan,
                    pegawai=f.PegawaiFactory(instansi=inst))
    today = HARI_INI()
    program = pf.ProgramFactory(instansi=inst, status=ProgramPelatihan.Status.SELESAI)
    for pemilik, jatuh_tempo in ((atasan, today), (atasan, today + datetime.timedelta(days=5)),
                                 (atasan_lain, today - datetime.timedelta(days=1))):
        peserta = pf.PesertaFactory(program=program, status=Peserta.Status.LULUS,
                                    pegawai=f.PegawaiFactory(instansi=inst, atasan=pemilik))
        EvaluasiPascaPelatihan.objects.create(peserta=peserta, atasan=pemilik, jatuh_tempo=jatuh_tempo)
    response = _halaman(client, f.pegawai_user(atasan))
    assert _tindakan(response) == [
        ("Isi 2 formulir evaluasi kinerja bawahan: Triwulan IV 2026", reverse("evaluasi:penilai-list")),
        ("Isi evaluasi pascapelatihan untuk 1 bawahan", reverse("pelatihan:evaluasi-pasca-list")),
    ]
    assert f"Tenggat {periode.tenggat:%d-%m-%Y}" in response.content.decode()
    _buka_semua(client, response)
    lain = _halaman(client, f.pegawai_user(atasan_lain))
    assert [judul for judul, _ in _tindakan(lain)] == ["Isi 1 formulir evaluasi kinerja bawahan: Triwulan IV 2026",
                                                      "Isi evaluasi pascapelatihan untuk 1 bawahan"]


@pytest.mark.parametrize("jenis", ["PNS", "PPPK"])
def test_pegawai_melihat_hasil_baru_keberatan_dan_umpan_balik(client, jenis, settings):
    settings.BERANDA_HASIL_BARU_HARI = 30
    me = f.PegawaiFactory() if jenis == "PNS" else _pppk()
    inst = me.instansi
    penilai = f.PegawaiFactory(instansi=inst)
    _hasil_diajukan(EvaluasiFactory(periode=_periode_buka(inst), pegawai=me), penilai)
    _hasil_diajukan(EvaluasiFactory(periode=PeriodeFactory(instansi=inst), pegawai=me), penilai,
                    diajukan_pada=timezone.now() - datetime.timedelta(days=45))  # read long ago: not new
    # An objection addressed to me (I am the evaluator's atasan).
    keberatan_ev = EvaluasiFactory(periode=_periode_buka(inst, "Bulan lain", jenis="bulanan"),
                                   pegawai=f.PegawaiFactory(instansi=inst))
    _hasil_diajukan(keberatan_ev, f.PegawaiFactory(instansi=inst, atasan=me))
    Keberatan.objects.create(evaluasi=keberatan_ev, alasan="Tidak sesuai bukti", pemutus=me)
    # Feedback: one programme attended, still open; one attended but answered; one closed long ago.
    today = HARI_INI()
    for judul, tanggal, jawab in (("Terbuka", today - datetime.timedelta(days=2), False),
                                  ("Sudah dijawab", today - datetime.timedelta(days=2), True),
                                  ("Sudah tutup", today - datetime.timedelta(days=40), False)):
        program = pf.ProgramFactory(instansi=inst, judul=judul, status=ProgramPelatihan.Status.SELESAI)
        sesi = pf.SesiFactory(program=program, tanggal=tanggal)
        peserta = pf.PesertaFactory(program=program, pegawai=me, status=Peserta.Status.LULUS)
        Kehadiran.objects.create(peserta=peserta, sesi=sesi, status=Kehadiran.Status.HADIR, cara="panitia")
        if jawab:
            UmpanBalik.objects.create(peserta=peserta, nilai_penyelenggaraan=4, nilai_materi=4)
    response = _halaman(client, f.pegawai_user(me))
    assert _tindakan(response) == [
        ("Putuskan 1 keberatan atas hasil evaluasi", reverse("evaluasi:keberatan-list")),
        ("Baca hasil evaluasi kinerja Anda yang baru", reverse("evaluasi:hasil-list")),
        ("Beri umpan balik untuk 1 pelatihan yang Anda ikuti", reverse("pelatihan:sertifikat-saya")),
    ]
    _buka_semua(client, response)


@pytest.mark.parametrize("jenis", ["PNS", "PPPK"])
def test_mentoring_konfirmasi_dan_b18_hanya_milik_sendiri(client, jenis):
    mentee = f.PegawaiFactory(nama="Mentee Satu") if jenis == "PNS" else _pppk(nama="Mentee Satu")
    pasangan = PasanganFactory(instansi=mentee.instansi, mentee=mentee,
                               mentor=f.PegawaiFactory(instansi=mentee.instansi, nama="Mentor Satu", golongan="III/d"))
    SesiMentoringFactory(pasangan=pasangan)  # written by the mentor: the mentee confirms
    SesiMentoringFactory(pasangan=pasangan)
    SesiMentoringFactory(pasangan=pasangan, penulis=mentee)  # the mentor confirms this one
    konfirmasi = [SesiMentoringFactory(pasangan=pasangan, status=SesiMentoring.Status.DIKONFIRMASI) for _ in range(3)]
    UmpanBalikBimbingan.objects.create(sesi=konfirmasi[0], jawaban={})
    PasanganFactory(instansi=mentee.instansi)  # someone else's pair, with a session waiting
    SesiMentoringFactory(pasangan=PasanganFactory(instansi=mentee.instansi))
    response = _halaman(client, f.pegawai_user(mentee))
    assert _tindakan(response) == [
        ("Konfirmasi 2 sesi mentoring yang dicatat Mentor Satu",
         reverse("mentoring:pasangan-detail", args=[pasangan.pk])),
        ("Isi umpan balik bimbingan (B.1.8) untuk sesi bersama Mentor Satu",
         reverse("mentoring:umpan-balik-save", args=[konfirmasi[1].pk])),
    ]
    _buka_semua(client, response)
    mentor = _halaman(client, f.pegawai_user(pasangan.mentor))
    assert _tindakan(mentor) == [("Konfirmasi 1 sesi mentoring yang dicatat Mentee Satu",
                                  reverse("mentoring:pasangan-detail", args=[pasangan.pk]))]
    _buka_semua(client, mentor)


# ------------------------------------------------------------------ a fixed number of queries

def _isi_data(me, n):
    """``n`` of everything the home counts or lists, for ``me``."""
    inst, today = me.instansi, HARI_INI()
    periode = _periode_buka(inst, f"Periode {n}")
    program = pf.ProgramFactory(instansi=inst, status=ProgramPelatihan.Status.BERJALAN)
    pf.PesertaFactory(program=program, pegawai=me)
    for i in range(n):
        staf = f.PegawaiFactory(instansi=inst, atasan=me)
        EvaluasiFactory(periode=periode, pegawai=staf, penilai=me)
        pf.SesiFactory(program=program, tanggal=today + datetime.timedelta(days=i % 10))
        selesai = pf.ProgramFactory(instansi=inst, status=ProgramPelatihan.Status.SELESAI)
        sesi = pf.SesiFactory(program=selesai, tanggal=today - datetime.timedelta(days=1))
        ikut = pf.PesertaFactory(program=selesai, pegawai=me, status=Peserta.Status.LULUS)
        Kehadiran.objects.create(peserta=ikut, sesi=sesi, status=Kehadiran.Status.HADIR, cara="panitia")
        ledger.kredit_set(pegawai_id=me.pk, tanggal=today, jp=2, keterangan="Pelatihan", peserta=ikut)
        lulus = pf.PesertaFactory(program=selesai, pegawai=staf, status=Peserta.Status.LULUS)
        EvaluasiPascaPelatihan.objects.create(peserta=lulus, atasan=me, jatuh_tempo=today)
        pasangan = PasanganFactory(instansi=inst, mentor=f.PegawaiFactory(instansi=inst, golongan="III/d"), mentee=me,
                                   jenis=["umum", "latsar", "kepemimpinan"][i % 3],
                                   status="aktif" if i < 3 else "selesai", ringkasan_penutup="" if i < 3 else "Usai.")
        SesiMentoringFactory(pasangan=pasangan)
        SesiMentoringFactory(pasangan=pasangan, status=SesiMentoring.Status.DIKONFIRMASI)


@pytest.mark.parametrize("jenis", ["PNS", "PPPK"])
def test_jumlah_query_tetap_berapa_pun_datanya(client, django_assert_max_num_queries, jenis):
    counts = []
    for n in (1, 12):
        me = f.PegawaiFactory() if jenis == "PNS" else _pppk()
        _isi_data(me, n)
        client.force_login(f.pegawai_user(me))
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("beranda"))
        assert response.status_code == 200 and len(response.context["tindakan"]) >= 4
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(counts[1]):
        client.get(reverse("beranda"))


def test_sesi_hari_ini_yang_sudah_usai_tidak_ditampilkan(client, monkeypatch):
    me = f.PegawaiFactory()
    today = HARI_INI()
    program = pf.ProgramFactory(instansi=me.instansi)
    pf.PesertaFactory(program=program, pegawai=me)
    pf.SesiFactory(program=program, tanggal=today, jam_mulai=datetime.time(8, 0), jam_selesai=datetime.time(12, 0),
                   topik="Materi pagi")
    pf.SesiFactory(program=program, tanggal=today, jam_mulai=datetime.time(19, 0), jam_selesai=datetime.time(21, 0),
                   topik="Materi malam")
    pf.SesiFactory(program=program, tanggal=today + datetime.timedelta(days=1), topik="Materi besok")
    client.force_login(f.pegawai_user(me))
    pukul_20 = datetime.datetime.combine(today, datetime.time(20, 0), tzinfo=timezone.get_default_timezone())
    monkeypatch.setattr(timezone, "now", lambda: pukul_20)
    page = client.get(reverse("beranda")).content.decode()
    kartu = page[page.index('data-testid="kartu-sesi"'):]
    kartu = kartu[:kartu.index("</section>")]
    assert re.findall(r"Materi [a-z]+", kartu) == ["Materi malam", "Materi besok"]
    assert kartu.count(f'href="{reverse("pelatihan:kehadiran-checkin-kode")}"') == 1  # the evening session is open
