"""Every kind of notification the system sends, triggered through its real service or task, opened by its
recipient: the link answers 200 on the page the message is about (issue 9: evaluation reminders linked to
``/evaluasi/``, a 404, and the only test asserted the literal string).

The kinds the code can send are found by reading the source of the four apps (every module that queues into
the outbox): a ``jenis="..."`` keyword, a ``"jenis": "..."`` item, a ``JENIS_* = "..."`` constant, or a string
passed for a helper's ``jenis`` parameter. ``test_every_kind_is_covered`` fails when a kind is added without a
scenario here, and when a scenario names a kind the code no longer sends.
"""

import ast
import datetime
import importlib
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core import mail
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from evaluasi.models import Evaluasi
from evaluasi.services import form as ev_form
from evaluasi.services import pengingat as ev_pengingat
from evaluasi.services import periode as ev_periode
from mentoring.models import PasanganMentoring
from mentoring.services import pasangan as m_pasangan
from mentoring.services import pengingat as m_pengingat
from mentoring.services import sesi as m_sesi
from pelatihan.models import EvaluasiPascaPelatihan, LaporanBelajar, Peserta
from pelatihan.services import evaluasi_pasca as epp
from pelatihan.services import laporan as p_laporan
from pelatihan.services import pengingat as p_pengingat
from pelatihan.services import program as p_program
from pelatihan.services import sertifikat as p_sertifikat
from pembinaan.models import Notifikasi
from pembinaan.services import akun, outbox_send
from tests import factories as f
from tests.evaluasi.factories import PeriodeFactory
from tests.pelatihan import factories as pf

pytestmark = pytest.mark.django_db

AKAR = Path(__file__).resolve().parent.parent
APLIKASI = ("pembinaan", "pelatihan", "mentoring", "evaluasi")
AKUN = {"undangan_akun", "reset_sandi"}  # opened before logging in: the link is how the recipient gets in


# ------------------------------------------------------------------------------------- kinds in the code

def _modul_outbox():
    for app in APLIKASI:
        for path in sorted((AKAR / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            teks = path.read_text(encoding="utf-8")
            if "notifikasi_queue" in teks and "def notifikasi_queue" not in teks:
                yield path, ast.parse(teks)


def _str(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def jenis_dalam_kode():
    """{kind: "file:line"} of every notification kind a module that queues into the outbox names."""
    hasil = {}
    for path, tree in _modul_outbox():
        rel = path.relative_to(AKAR)
        # Helpers of the module that take the kind as a parameter: position of ``jenis`` in their signature.
        posisi = {fn.name: [a.arg for a in fn.args.args].index("jenis")
                  for fn in ast.walk(tree) if isinstance(fn, ast.FunctionDef)
                  and "jenis" in [a.arg for a in fn.args.args]}
        for node in ast.walk(tree):
            ketemu = []
            if isinstance(node, ast.Call):
                ketemu += [_str(k.value) for k in node.keywords if k.arg == "jenis"]
                nama = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if nama in posisi and len(node.args) > posisi[nama]:
                    ketemu.append(_str(node.args[posisi[nama]]))
            elif isinstance(node, ast.Dict):
                ketemu += [_str(v) for k, v in zip(node.keys, node.values, strict=True) if _str(k) == "jenis"]
            elif isinstance(node, ast.Assign):
                if any(isinstance(t, ast.Name) and t.id.startswith("JENIS_") for t in node.targets):
                    ketemu.append(_str(node.value))
            for j in ketemu:
                if j:
                    hasil.setdefault(j, f"{rel}:{node.lineno}")
    return hasil


# ------------------------------------------------------------------------------------- the world

class Dunia:
    pass


@pytest.fixture
def d():
    importlib.import_module("pelatihan.migrations.0002_referensi").seed(apps, None)
    x = Dunia()
    x.today = timezone.localdate()
    x.inst = f.InstansiFactory(kode="LEBONG", nama="Pemerintah Kabupaten Lebong")
    x.hr = f.hr_user(x.inst)
    x.unit = f.UnitKerjaFactory(instansi=x.inst, nama="Dinas Kominfo")
    kabid = f.JabatanFactory(instansi=x.inst, jenis="administrator", nama="Kepala Bidang Aplikasi")
    kasi = f.JabatanFactory(instansi=x.inst, jenis="pengawas", nama="Kepala Seksi Layanan")
    x.kabid = f.PegawaiFactory(instansi=x.inst, unit_kerja=x.unit, nama="Kabid Bertingkat", jabatan=kabid,
                               golongan="IV/a")
    x.kasi = f.PegawaiFactory(instansi=x.inst, unit_kerja=x.unit, nama="Kasi Penilai", jabatan=kasi,
                              atasan=x.kabid, golongan="III/d")
    x.staf = f.PegawaiFactory(instansi=x.inst, unit_kerja=x.unit, nama="Staf Dinilai", atasan=x.kasi)
    lahir = datetime.date(1992, 5, 17)
    x.pppk = f.PegawaiFactory(instansi=x.inst, unit_kerja=x.unit, nama="Pppk Dinilai", atasan=x.kasi,
                              jenis_asn="PPPK", golongan="IX", tanggal_lahir=lahir,
                              tmt_cpns=datetime.date(2023, 3, 1), nip=f.nip_pppk(lahir, 2023))
    for p in (x.kabid, x.kasi, x.staf, x.pppk):
        f.pegawai_user(p)
    return x


def _u(pegawai):
    pegawai.refresh_from_db()
    return pegawai.user


def _periode_dibuka(d, **kw):
    periode = PeriodeFactory(instansi=d.inst, nama="Triwulan Uji Tautan", tenggat=d.today + datetime.timedelta(days=30),
                             **kw)
    ev_periode.periode_open(actor=d.hr, periode=periode)
    periode.refresh_from_db()
    return periode


def _ev(periode, pegawai):
    return Evaluasi.objects.get(periode=periode, pegawai=pegawai)


def _ajukan(d, periode, pegawai):
    ev = _ev(periode, pegawai)
    return ev_form.evaluasi_submit(actor=_u(d.kasi), evaluasi=ev, versi=ev.versi, data={
        "rating_hasil_kerja": "sesuai", "rating_perilaku_kerja": "sesuai", "catatan_perilaku": {},
        "umpan_balik": "", "rekomendasi": []})


# ------------------------------------------------------------------------------------- scenarios
# Each returns the messages it expects: (kind, recipient user, text the linked page must show). The test
# checks that exactly these (kind, recipient) pairs were queued, then opens every link as its recipient.

SKENARIO = {}


def skenario(*jenis):
    def daftar(fn):
        SKENARIO[fn.__name__] = (frozenset(jenis), fn)
        return fn
    return daftar


@skenario("periode_evaluasi_dibuka")
def evaluasi_periode_dibuka(d):
    periode = _periode_dibuka(d)
    return [("periode_evaluasi_dibuka", _u(d.kasi), (d.staf.nama, d.pppk.nama)),  # both staff's forms
            ("periode_evaluasi_dibuka", _u(d.kabid), d.kasi.nama)], periode


@skenario("pengingat_evaluasi")
def evaluasi_pengingat_h7_h3_h1_h0(d):
    periode = _periode_dibuka(d)
    for n in (7, 3, 1, 0):
        assert ev_pengingat.pengingat_scan(today=periode.tenggat - datetime.timedelta(days=n))["baru"] == 2
    keluar = []
    for _ in (7, 3, 1, 0):
        keluar += [("pengingat_evaluasi", _u(d.kasi), d.pppk.nama), ("pengingat_evaluasi", _u(d.kabid), d.kasi.nama)]
    return keluar, periode


@skenario("evaluasi_terlambat", "eskalasi_evaluasi")
def evaluasi_terlambat_dan_eskalasi(d):
    periode = _periode_dibuka(d)
    _ajukan(d, periode, d.staf)
    ev_pengingat.pengingat_scan(today=periode.tenggat + datetime.timedelta(days=1))
    return [
        ("evaluasi_terlambat", _u(d.kasi), d.pppk.nama),  # the late evaluator: their open form
        ("evaluasi_terlambat", _u(d.kabid), d.kasi.nama),
        ("eskalasi_evaluasi", _u(d.kabid), d.kasi.nama),  # the evaluator's atasan: the lagging evaluator
        ("eskalasi_evaluasi", d.hr, d.unit.nama),  # HR: the period overview per unit
    ], periode


@skenario("evaluasi_hasil")
def evaluasi_hasil(d):
    periode = _periode_dibuka(d)
    _ajukan(d, periode, d.pppk)
    return [("evaluasi_hasil", _u(d.pppk), periode.nama)], periode


@skenario("evaluasi_dibuka_kembali")
def evaluasi_dibuka_kembali(d):
    periode = _periode_dibuka(d)
    ev = _ajukan(d, periode, d.staf)
    ev_form.evaluasi_reopen(actor=d.hr, evaluasi=ev, alasan="Salah pilih rating")
    return [("evaluasi_dibuka_kembali", _u(d.kasi), d.staf.nama)], periode


@skenario("evaluasi_dialihkan")
def evaluasi_dialihkan(d):
    periode = _periode_dibuka(d)
    plt = f.PegawaiFactory(instansi=d.inst, unit_kerja=d.unit, nama="Plt Penilai")
    f.pegawai_user(plt)
    ev_periode.evaluasi_reassign(actor=d.hr, evaluasi=_ev(periode, d.pppk), penilai=plt, alasan="Plt sesuai SPT")
    return [("evaluasi_dialihkan", _u(plt), d.pppk.nama)], periode


@skenario("keberatan_baru", "keberatan_diputus")
def keberatan_ke_atasan_penilai_lalu_diputus(d):
    periode = _periode_dibuka(d)
    ev = _ajukan(d, periode, d.staf)
    k = ev_form.keberatan_submit(actor=_u(d.staf), evaluasi=ev, alasan="Capaian kerja saya melebihi target")
    keluar = [("keberatan_baru", _u(d.kabid), d.staf.nama)]
    ev_form.keberatan_decide(actor=_u(d.kabid), keberatan=k, keputusan="dikuatkan", pertimbangan="Sesuai bukti")
    keluar.append(("keberatan_diputus", _u(d.staf), periode.nama))
    return keluar, periode


def _keberatan_tanpa_pemutus(d):
    d.kasi.atasan = None
    d.kasi.save(update_fields=["atasan"])
    periode = _periode_dibuka(d)
    ev = _ajukan(d, periode, d.pppk)
    return ev_form.keberatan_submit(actor=_u(d.pppk), evaluasi=ev, alasan="Perilaku kerja dinilai tanpa bukti")


@skenario("keberatan_tanpa_pemutus")
def keberatan_tanpa_pemutus(d):
    _keberatan_tanpa_pemutus(d)
    return [("keberatan_tanpa_pemutus", d.hr, d.pppk.nama)], None


@skenario("keberatan_baru")
def keberatan_pemutus_ditetapkan_hr(d):
    k = _keberatan_tanpa_pemutus(d)
    ev_form.keberatan_assign(actor=d.hr, keberatan=k, pemutus=d.kabid)
    return [("keberatan_baru", _u(d.kabid), d.pppk.nama)], None


@skenario("pengingat_sesi")
def pelatihan_pengingat_sesi(d):
    sesi = pf.SesiFactory(program__instansi=d.inst, tanggal=d.today + datetime.timedelta(days=1))
    pf.PesertaFactory(program=sesi.program, pegawai=d.staf)
    p_pengingat.pengingat_sesi(today=d.today)
    return [("pengingat_sesi", _u(d.staf), sesi.program.judul)], None


@skenario("pengingat_jp", "ringkasan_jp_atasan")
def pelatihan_pengingat_jp(d):
    # From July on, with no JP at all, everyone is behind the pace (before July this year: last July's run).
    # Only the staff and their atasan are checked here.
    juli = datetime.date(d.today.year if d.today.month >= 7 else d.today.year - 1, 7, 15)
    p_pengingat.pengingat_jp(today=juli)
    Notifikasi.objects.filter(jenis__in=["pengingat_jp", "ringkasan_jp_atasan"]).exclude(
        penerima__in=[_u(d.staf), _u(d.kasi)]).delete()
    return [("pengingat_jp", _u(d.staf), d.staf.nama),
            ("pengingat_jp", _u(d.kasi), d.kasi.nama),
            ("ringkasan_jp_atasan", _u(d.kasi), d.staf.nama)], None


@skenario("epp_pengingat")
def pelatihan_evaluasi_pasca(d):
    peserta = pf.PesertaFactory(program__instansi=d.inst, pegawai=d.staf, status=Peserta.Status.LULUS)
    EvaluasiPascaPelatihan.objects.create(peserta=peserta, atasan=d.kasi, jatuh_tempo=d.today)
    assert epp.evaluasi_pasca_remind(today=d.today) == 1
    return [("epp_pengingat", _u(d.kasi), d.staf.nama)], None


@skenario("program_batal")
def pelatihan_program_batal(d):
    sesi = pf.SesiFactory(program__instansi=d.inst)
    pf.PesertaFactory(program=sesi.program, pegawai=d.pppk)
    p_program.program_cancel(actor=d.hr, program=sesi.program, alasan="Narasumber berhalangan")
    return [("program_batal", _u(d.pppk), sesi.program.judul)], None


@skenario("nominasi_pelatihan", "naik_daftar_tunggu")
def pelatihan_nominasi_dan_daftar_tunggu(d):
    program = pf.ProgramFactory(instansi=d.inst, kuota=1)
    pf.SesiFactory(program=program)
    pertama = p_program.peserta_add(actor=d.hr, program=program, pegawai=d.staf, sumber=Peserta.Sumber.HR)
    p_program.peserta_add(actor=d.hr, program=program, pegawai=d.pppk, sumber=Peserta.Sumber.HR)  # waiting list
    p_program.peserta_withdraw(actor=_u(d.staf), peserta=pertama)
    return [("nominasi_pelatihan", _u(d.staf), program.judul), ("nominasi_pelatihan", _u(d.pppk), program.judul),
            ("naik_daftar_tunggu", _u(d.pppk), program.judul)], None


@skenario("sertifikat_terbit")
def pelatihan_sertifikat_terbit(d):
    peserta = pf.PesertaFactory(program__instansi=d.inst, pegawai=d.pppk, status=Peserta.Status.LULUS)
    sertifikat = p_sertifikat.sertifikat_issue(peserta=peserta)
    return [("sertifikat_terbit", _u(d.pppk), (peserta.program.judul, sertifikat.nomor))], None


@skenario("kelas_daring_ditugaskan")
def pelatihan_kelas_daring_ditugaskan(d):
    """HR assigns the PNS, the supervisor their PPPK staff, to an online course: each opens the course page."""
    from pelatihan.services import daring as p_daring

    kelas = p_daring.kelas_create(actor=d.hr, data={
        "judul": "Kelas Daring Uji Tautan", "deskripsi": "", "jp": 1, "penyelenggara": pf.MitraFactory(instansi=d.inst),
        "pendaftaran_mandiri": False, "kuota": 100})
    modul = p_daring.modul_add(actor=d.hr, program=kelas.program, judul="Modul satu")
    p_daring.materi_save(actor=d.hr, modul=modul, data={"judul": "Materi satu", "jenis": "teks", "isi": "Isi",
                                                        "durasi_minimal_detik": 2700})
    p_daring.kelas_publish(actor=d.hr, program=kelas.program)
    p_daring.kelas_tugaskan(actor=d.hr, program=kelas.program, pegawai=[d.staf])
    p_daring.kelas_tugaskan(actor=_u(d.kasi), program=kelas.program, pegawai=[d.pppk])
    return [("kelas_daring_ditugaskan", _u(d.staf), "Kelas Daring Uji Tautan"),
            ("kelas_daring_ditugaskan", _u(d.pppk), "Kelas Daring Uji Tautan")], None


@skenario("laporan_belajar")
def pelatihan_laporan_diverifikasi_dan_ditolak(d):
    def laporan(judul):
        return LaporanBelajar.objects.create(
            pegawai=d.staf, bentuk=pf.bentuk("KL06"), judul=judul, penyelenggara="Universitas Bengkulu",
            tanggal_mulai=d.today - datetime.timedelta(days=3), tanggal_selesai=d.today - datetime.timedelta(days=2),
            jp=6, berkas=ContentFile(b"%PDF-1.4\n", name="sertifikat.pdf"))
    diterima, ditolak = laporan("Seminar Keamanan Siber"), laporan("Webinar Tata Naskah")
    p_laporan.laporan_verify(actor=d.hr, laporan=diterima)
    p_laporan.laporan_reject(actor=d.hr, laporan=ditolak, alasan="Sertifikat tidak terbaca")
    return [("laporan_belajar", _u(d.staf), diterima.judul), ("laporan_belajar", _u(d.staf), ditolak.judul)], None


@skenario("mentoring_pasangan", "mentoring_konfirmasi", "mentoring_ditolak")
def mentoring_pasangan_dan_sesi(d):
    p = m_pasangan.pasangan_create(actor=d.hr, instansi=d.inst, mentor=d.kasi, mentee=d.pppk, jenis="umum",
                                   konfirmasi=True, rencana_mulai=d.today - datetime.timedelta(days=30))
    sesi = m_sesi.sesi_create(actor=_u(d.kasi), pasangan=p, data={
        "tanggal": d.today, "durasi_menit": 60, "topik": "Menyusun rencana aksi", "catatan": "", "tindak_lanjut": ""})
    m_sesi.sesi_reject(actor=_u(d.pppk), sesi=sesi, alasan="Tanggalnya keliru")
    return [("mentoring_pasangan", _u(d.kasi), d.pppk.nama), ("mentoring_pasangan", _u(d.pppk), d.kasi.nama),
            ("mentoring_konfirmasi", _u(d.pppk), "Menyusun rencana aksi"),
            ("mentoring_ditolak", _u(d.kasi), "Tanggalnya keliru")], None


@skenario("mentoring_tanpa_sesi", "mentoring_lewat_rencana")
def mentoring_pengingat_dan_digest_hr(d):
    sepi = PasanganMentoring.objects.create(
        instansi=d.inst, mentor=d.kasi, mentee=d.staf, jenis="umum", status="aktif",
        rencana_mulai=d.today - datetime.timedelta(days=200), rencana_selesai=d.today - datetime.timedelta(days=1))
    m_pengingat.pengingat_scan(today=d.today)
    return [("mentoring_tanpa_sesi", _u(d.kasi), sepi.mentee.nama),
            ("mentoring_tanpa_sesi", _u(d.staf), sepi.mentor.nama),
            ("mentoring_lewat_rencana", d.hr, sepi.mentee.nama)], None


@skenario("undangan_akun")
def akun_undangan(d):
    baru = f.PegawaiFactory(instansi=d.inst, unit_kerja=d.unit, nama="Pegawai Tanpa Akun", email="baru@contoh.go.id")
    akun.akun_create_for_unit(actor=d.hr, unit=d.unit)
    return [("undangan_akun", _u(baru), "new_password1")], None


@skenario("reset_sandi")
def akun_reset_sandi(d):
    akun.password_reset_queue(user=_u(d.staf))
    return [("reset_sandi", _u(d.staf), "new_password1")], None


# ------------------------------------------------------------------------------------- tests

def test_every_kind_is_covered():
    dalam_kode = jenis_dalam_kode()
    diuji = set().union(*(jenis for jenis, _ in SKENARIO.values()))
    tanpa_skenario = {j: dalam_kode[j] for j in set(dalam_kode) - diuji}
    assert not tanpa_skenario, f"notification kinds without a link test (add a scenario): {tanpa_skenario}"
    assert not diuji - set(dalam_kode), f"scenarios for kinds the code no longer sends: {diuji - set(dalam_kode)}"


def test_the_scan_finds_the_kinds_of_each_app():
    """Guard for the scanner itself: a scanner that found nothing would make the coverage test pass vacuously."""
    ditemukan = jenis_dalam_kode()
    for contoh in ("pengingat_evaluasi", "eskalasi_evaluasi", "epp_pengingat", "laporan_belajar",
                   "mentoring_pasangan", "mentoring_tanpa_sesi", "undangan_akun", "program_batal"):
        assert contoh in ditemukan


@pytest.mark.parametrize("nama", sorted(SKENARIO))
def test_link_of_every_notification_opens_for_its_recipient(nama, d):
    jenis, fn = SKENARIO[nama]
    harapan, _ = fn(d)
    rows = list(Notifikasi.objects.filter(jenis__in=jenis).select_related("penerima").order_by("pk"))
    assert sorted((r.jenis, r.penerima_id) for r in rows) == sorted((j, u.pk) for j, u, _ in harapan)
    teks = {(j, u.pk): (t,) if isinstance(t, str) else t for j, u, t in harapan}
    for r in rows:
        tautan = _tautan(r)
        assert tautan.startswith("/"), f"{r.jenis}: no link ({tautan!r})"
        client = Client()
        if r.jenis in AKUN:
            resp = client.get(tautan, follow=True)  # Django moves the token out of the URL: one redirect
            assert len(resp.redirect_chain) <= 1
        else:
            client.force_login(r.penerima)
            resp = client.get(tautan)
        assert resp.status_code == 200, f"{r.jenis} -> {tautan}: {resp.status_code}"
        isi = resp.content.decode()
        hilang = [t for t in teks[(r.jenis, r.penerima_id)] if t not in isi]
        assert not hilang, f"{r.jenis} -> {tautan}: the page does not show {hilang}"


def _tautan(row):
    """The link as the recipient gets it: the row's, or (a set-password link, made only when the e-mail is
    sent so that the outbox table holds no token) the one in the e-mail the outbox sends."""
    if row.tautan or row.jenis not in AKUN:
        return row.tautan
    mail.outbox.clear()
    outbox_send()
    [pesan] = [m for m in mail.outbox if m.to == [row.email_tujuan]]
    [tautan] = re.findall(r"https?://\S+", pesan.body)
    return urlsplit(tautan).path
