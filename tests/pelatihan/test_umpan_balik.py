"""Feedback (Kirkpatrick level 1) and post-training evaluation by the supervisor (EPP, level 3)."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from pelatihan import selectors
from pelatihan.models import EvaluasiPascaPelatihan, Kehadiran, Narasumber, NilaiNarasumber, Peserta, UmpanBalik
from pelatihan.selectors import umpan_balik_narasumber, umpan_balik_rekap_narasumber, umpan_balik_rekap_program
from pelatihan.services import evaluasi_pasca as epp
from pelatihan.services.umpan_balik import umpan_balik_submit
from pelatihan.tasks import evaluasi_pasca_harian_task
from pembinaan.models import Notifikasi
from tests import factories as f
from tests.pelatihan.factories import PesertaFactory, ProgramFactory, SesiFactory

HARI_INI = timezone.localdate()


@pytest.fixture(autouse=True)
def _bentuk(db):
    importlib.import_module("pelatihan.migrations.0002_referensi").seed(apps, None)  # flushed by transactional tests


def _hadir(peserta, sesi, status=Kehadiran.Status.HADIR):
    Kehadiran.objects.create(peserta=peserta, sesi=sesi, status=status, cara=Kehadiran.Cara.PANITIA)


@pytest.fixture
def d():
    """A programme of two sessions (speaker Ani on the first, Budi on the second) in instansi A; participants:
    penuh (both sessions), separuh (the first only), izin (excused from both), absen (no record)."""
    inst = f.InstansiFactory(kode="ALFA")
    program = ProgramFactory(instansi=inst, judul="Pelatihan Analisis Kebijakan")
    s1 = SesiFactory(program=program, tanggal=HARI_INI - datetime.timedelta(days=1), topik="Kerangka kebijakan")
    s2 = SesiFactory(program=program, tanggal=HARI_INI, topik="Analisis dampak")
    ani = Narasumber.objects.create(instansi=inst, nama="Ani Widyaiswara", asal="BPSDM")
    budi = Narasumber.objects.create(instansi=inst, nama="Budi Praktisi")
    s1.narasumber.add(ani)
    s2.narasumber.add(budi)
    peserta, users = {}, {}
    for label in ("penuh", "separuh", "izin", "absen"):
        p = PesertaFactory(program=program, pegawai=f.PegawaiFactory(instansi=inst, nama=f"Peserta {label.title()}"))
        peserta[label], users[label] = p, f.pegawai_user(p.pegawai)
    _hadir(peserta["penuh"], s1)
    _hadir(peserta["penuh"], s2)
    _hadir(peserta["separuh"], s1)
    _hadir(peserta["separuh"], s2, Kehadiran.Status.ALPA)
    _hadir(peserta["izin"], s1, Kehadiran.Status.IZIN)
    _hadir(peserta["izin"], s2, Kehadiran.Status.SAKIT)
    return {"inst": inst, "program": program, "s1": s1, "s2": s2, "ani": ani, "budi": budi, "peserta": peserta,
            "users": users, "hr": f.hr_user(inst), "hr_lain": f.hr_user(f.InstansiFactory(kode="BETA"))}


def _isi(d, label, pyl, materi, nilai, komentar="", **kw):
    return umpan_balik_submit(actor=d["users"][label], peserta=d["peserta"][label], nilai_penyelenggaraan=pyl,
                              nilai_materi=materi, nilai_narasumber=nilai, komentar=komentar, **kw)


# ------------------------------------------------------------------ who may answer
@pytest.mark.parametrize("label", ["izin", "absen"])
def test_umpan_balik_ditolak_bagi_yang_tidak_hadir(d, client, label):
    with pytest.raises(ValidationError, match="hadir"):
        _isi(d, label, 4, 4, {})
    client.force_login(d["users"][label])
    url = f"/pelatihan/umpan-balik/isi/{d['peserta'][label].pk}/"
    resp = client.get(url)
    assert resp.status_code == 403
    assert "hanya dapat diisi oleh peserta yang hadir" in resp.content.decode()
    assert client.post(url, {"nilai_penyelenggaraan": 5, "nilai_materi": 5}).status_code == 403
    assert not UmpanBalik.objects.exists()


def test_umpan_balik_hanya_oleh_pesertanya_sendiri(d, client):
    with pytest.raises(PermissionDenied):
        umpan_balik_submit(actor=d["users"]["separuh"], peserta=d["peserta"]["penuh"], nilai_penyelenggaraan=5,
                           nilai_materi=5, nilai_narasumber={d["ani"].pk: 5, d["budi"].pk: 5})
    url = f"/pelatihan/umpan-balik/isi/{d['peserta']['penuh'].pk}/"
    for u in (d["users"]["separuh"], d["hr"]):
        client.force_login(u)
        assert client.get(url).status_code == 404
        assert client.post(url, {"nilai_penyelenggaraan": 5, "nilai_materi": 5}).status_code == 404
    assert not UmpanBalik.objects.exists()


def test_narasumber_yang_dinilai_dari_sesi_yang_dihadiri(d):
    assert umpan_balik_narasumber(peserta=d["peserta"]["penuh"]) == [d["ani"], d["budi"]]
    assert umpan_balik_narasumber(peserta=d["peserta"]["separuh"]) == [d["ani"]]
    with pytest.raises(ValidationError, match="setiap narasumber"):
        _isi(d, "penuh", 4, 4, {d["ani"].pk: 5})
    with pytest.raises(ValidationError, match="setiap narasumber"):
        _isi(d, "separuh", 4, 4, {d["ani"].pk: 5, d["budi"].pk: 1})
    with pytest.raises(ValidationError, match="1 sampai 5"):
        _isi(d, "separuh", 6, 4, {d["ani"].pk: 5})
    assert not UmpanBalik.objects.exists()


def test_satu_umpan_balik_per_peserta_bisa_diubah_sampai_ditutup(d, settings):
    settings.UMPAN_BALIK_HARI = 14
    _isi(d, "separuh", 2, 3, {d["ani"].pk: 2}, "Ruangan panas")
    _isi(d, "separuh", 3, 4, {d["ani"].pk: 5}, "Ruangan sudah diperbaiki")
    ub = UmpanBalik.objects.get()
    assert (ub.nilai_penyelenggaraan, ub.nilai_materi, ub.komentar) == (3, 4, "Ruangan sudah diperbaiki")
    assert list(ub.nilai_narasumber.values_list("nilai", flat=True)) == [5]
    batas = d["s2"].tanggal + datetime.timedelta(days=14)
    _isi(d, "separuh", 4, 4, {d["ani"].pk: 4}, today=batas)  # the last day still counts
    with pytest.raises(ValidationError, match="ditutup"):
        _isi(d, "separuh", 1, 1, {d["ani"].pk: 1}, today=batas + datetime.timedelta(days=1))
    assert UmpanBalik.objects.get().nilai_penyelenggaraan == 4


def test_formulir_umpan_balik(d, client):
    client.force_login(d["users"]["penuh"])
    url = f"/pelatihan/umpan-balik/isi/{d['peserta']['penuh'].pk}/"
    teks = client.get(url).content.decode()
    assert "Ani Widyaiswara" in teks and "Budi Praktisi" in teks
    data = {"nilai_penyelenggaraan": 4, "nilai_materi": 5, f"narasumber_{d['ani'].pk}": 5, "komentar": "Bagus"}
    resp = client.post(url, data)
    assert resp.status_code == 200 and not UmpanBalik.objects.exists()  # Budi not rated: the form again
    resp = client.post(url, data | {f"narasumber_{d['budi'].pk}": 3})
    assert resp.status_code == 302
    ub = UmpanBalik.objects.get()
    assert dict(ub.nilai_narasumber.values_list("narasumber__nama", "nilai")) == {"Ani Widyaiswara": 5,
                                                                                  "Budi Praktisi": 3}
    assert 'value="5" checked' in client.get(url).content.decode()  # the saved answers are shown again
    daftar = client.get("/pelatihan/sertifikat/").content.decode()
    assert "Pelatihan Analisis Kebijakan" in daftar and "Sudah diisi" in daftar


# ------------------------------------------------------------------ summaries for HR
def test_rekap_per_program_dan_narasumber(d, client):
    _isi(d, "penuh", 4, 5, {d["ani"].pk: 5, d["budi"].pk: 3}, "Materi sangat relevan")
    _isi(d, "separuh", 2, 4, {d["ani"].pk: 4})
    r = umpan_balik_rekap_program(program=d["program"])
    assert (r["jumlah"], r["hadir"], r["persen_respons"]) == (2, 2, 100)
    assert r["aspek"] == [("Penyelenggaraan", 3.0), ("Materi", 4.5)]
    assert [(n["nama"], n["rata"], n["jumlah"]) for n in r["narasumber"]] == [("Ani Widyaiswara", 4.5, 2),
                                                                             ("Budi Praktisi", 3.0, 1)]
    assert r["komentar"] == ["Materi sangat relevan"]

    # Across programmes: Ani also spoke in a second programme and got a 1 there.
    lain = ProgramFactory(instansi=d["inst"], judul="Pelatihan Kedua")
    sesi = SesiFactory(program=lain)
    sesi.narasumber.add(d["ani"])
    p = PesertaFactory(program=lain, pegawai=d["peserta"]["penuh"].pegawai)
    _hadir(p, sesi)
    umpan_balik_submit(actor=d["users"]["penuh"], peserta=p, nilai_penyelenggaraan=3, nilai_materi=3,
                       nilai_narasumber={d["ani"].pk: 1})
    per_narasumber = {n["nama"]: n for n in umpan_balik_rekap_narasumber(instansi=d["inst"])}
    ani = per_narasumber["Ani Widyaiswara"]
    assert (ani["rata"], ani["jumlah"], ani["program"], ani["rendah"]) == (3.33, 3, 2, 1)
    assert per_narasumber["Budi Praktisi"]["rata"] == 3.0
    rincian = umpan_balik_rekap_narasumber(instansi=d["inst"], narasumber_id=d["ani"].pk)
    assert [(r["judul"], r["rata"]) for r in rincian] == [("Pelatihan Analisis Kebijakan", 4.5),
                                                          ("Pelatihan Kedua", 1.0)]

    client.force_login(d["hr"])
    teks = client.get(f"/pelatihan/umpan-balik/program/{d['program'].pk}/").content.decode()
    assert "Materi sangat relevan" in teks and "4,50" in teks
    assert "Peserta Penuh" not in teks and "Peserta Separuh" not in teks  # answers without names
    teks = client.get(f"/pelatihan/umpan-balik/?narasumber={d['ani'].pk}").content.decode()
    assert "Ani Widyaiswara" in teks and "3,33" in teks and "Pelatihan Kedua" in teks
    client.force_login(d["hr_lain"])
    assert client.get(f"/pelatihan/umpan-balik/program/{d['program'].pk}/").status_code == 404
    assert client.get(f"/pelatihan/umpan-balik/?narasumber={d['ani'].pk}").status_code == 404
    assert "Ani Widyaiswara" not in client.get("/pelatihan/umpan-balik/").content.decode()
    client.force_login(d["users"]["penuh"])
    assert client.get("/pelatihan/umpan-balik/").status_code == 404


def test_rekap_jumlah_query_tetap(d, django_assert_max_num_queries):
    for label in ("penuh", "separuh"):
        _isi(d, label, 4, 4, {n.pk: 4 for n in umpan_balik_narasumber(peserta=d["peserta"][label])}, "ok")
    with django_assert_max_num_queries(4):
        umpan_balik_rekap_program(program=d["program"])
    with django_assert_max_num_queries(1):
        umpan_balik_rekap_narasumber(instansi=d["inst"])
    assert NilaiNarasumber.objects.count() == 3


# ------------------------------------------------------------------ post-training evaluation (EPP)
@pytest.fixture
def e(db):
    """kepala <- atasan <- pegawai, who passed a programme whose last session was 30 November 2026."""
    inst = f.InstansiFactory(kode="GAMMA")
    kepala = f.PegawaiFactory(instansi=inst, nama="Kepala Bidang")
    atasan = f.PegawaiFactory(instansi=inst, nama="Atasan Langsung", atasan=kepala)
    pegawai = f.PegawaiFactory(instansi=inst, nama="Pegawai Lulus", atasan=atasan)
    program = ProgramFactory(instansi=inst, judul="Pelatihan Manajemen Risiko")
    SesiFactory(program=program, tanggal=datetime.date(2026, 11, 28))
    SesiFactory(program=program, tanggal=datetime.date(2026, 11, 30))
    peserta = PesertaFactory(program=program, pegawai=pegawai, status=Peserta.Status.LULUS)
    return {"inst": inst, "program": program, "peserta": peserta, "pegawai": pegawai, "atasan": atasan,
            "u_atasan": f.pegawai_user(atasan), "u_kepala": f.pegawai_user(kepala),
            "u_pegawai": f.pegawai_user(pegawai), "hr": f.hr_user(inst)}


def test_epp_dijadwalkan_dengan_atasan_dan_jatuh_tempo(e, settings):
    ev = epp.evaluasi_pasca_schedule(peserta=e["peserta"])
    assert ev.atasan == e["atasan"]
    assert ev.jatuh_tempo == datetime.date(2027, 2, 28)  # 30 November + 3 months, clamped to February's end
    assert epp.evaluasi_pasca_schedule(peserta=e["peserta"]).pk == ev.pk  # idempotent
    e["pegawai"].atasan = None  # a later move does not rewrite the recorded atasan
    e["pegawai"].save()
    assert EvaluasiPascaPelatihan.objects.get().atasan == e["atasan"]

    settings.EPP_BULAN = 6
    p2 = PesertaFactory(program=e["program"], pegawai=f.PegawaiFactory(instansi=e["inst"], atasan=e["atasan"]),
                        status=Peserta.Status.LULUS)
    assert epp.evaluasi_pasca_schedule(peserta=p2).jatuh_tempo == datetime.date(2027, 5, 30)
    p3 = PesertaFactory(program=e["program"], status=Peserta.Status.TIDAK_LULUS)
    with pytest.raises(ValidationError):
        epp.evaluasi_pasca_schedule(peserta=p3)


def test_epp_tanpa_atasan_dilewati_dan_tampil_untuk_hr(e, client):
    e["pegawai"].atasan = None
    e["pegawai"].save()
    assert epp.evaluasi_pasca_schedule(peserta=e["peserta"]) is None
    assert not EvaluasiPascaPelatihan.objects.exists()
    assert list(selectors.evaluasi_pasca_tanpa_atasan(instansi=e["inst"])) == [e["peserta"]]
    client.force_login(e["hr"])
    teks = client.get("/pelatihan/evaluasi-pasca/rekap/").content.decode()
    assert "belum punya atasan" in teks and "Pegawai Lulus" in teks
    # HR sets an atasan: the daily run schedules it while the due date is still ahead ...
    e["pegawai"].atasan = e["atasan"]
    e["pegawai"].save()
    assert epp.evaluasi_pasca_schedule_missing(today=datetime.date(2027, 2, 28)) == 1
    assert EvaluasiPascaPelatihan.objects.get().atasan == e["atasan"]
    assert not selectors.evaluasi_pasca_tanpa_atasan(instansi=e["inst"]).exists()


def test_epp_tidak_dijadwalkan_bila_jatuh_tempo_lewat(e):
    assert epp.evaluasi_pasca_schedule_missing(today=datetime.date(2027, 3, 1)) == 0
    assert not EvaluasiPascaPelatihan.objects.exists()


def _ev_jatuh_tempo(e, tanggal):
    return EvaluasiPascaPelatihan.objects.create(peserta=e["peserta"], atasan=e["atasan"], jatuh_tempo=tanggal)


def _pengingat():
    return list(Notifikasi.objects.filter(jenis=epp.JENIS_PENGINGAT).order_by("tanggal"))


def test_pengingat_sekali_sehari_walau_tugas_jalan_dua_kali(e):
    ev = _ev_jatuh_tempo(e, HARI_INI)
    evaluasi_pasca_harian_task()
    evaluasi_pasca_harian_task()
    (n,) = _pengingat()
    assert n.penerima == e["u_atasan"] and n.tanggal == HARI_INI
    assert n.tautan == f"/pelatihan/evaluasi-pasca/{ev.pk}/" and "Pegawai Lulus" in n.judul


def test_pengingat_mulai_jatuh_tempo_dan_berkala(e, settings):
    t0 = datetime.date(2027, 2, 28)
    ev = _ev_jatuh_tempo(e, t0)
    assert epp.evaluasi_pasca_remind(today=t0 - datetime.timedelta(days=1)) == 0
    assert epp.evaluasi_pasca_remind(today=t0) == 1
    assert epp.evaluasi_pasca_remind(today=t0) == 0
    for hari in range(1, 7):  # default: at most one every 7 days
        assert epp.evaluasi_pasca_remind(today=t0 + datetime.timedelta(days=hari)) == 0
    assert epp.evaluasi_pasca_remind(today=t0 + datetime.timedelta(days=7)) == 1
    settings.EPP_PENGINGAT_HARI = 1  # daily
    assert epp.evaluasi_pasca_remind(today=t0 + datetime.timedelta(days=8)) == 1
    assert [n.tanggal for n in _pengingat()] == [t0, t0 + datetime.timedelta(days=7), t0 + datetime.timedelta(days=8)]
    epp.evaluasi_pasca_submit(actor=e["u_atasan"], evaluasi=ev, penerapan=4, contoh_penerapan="Register risiko",
                              today=t0 + datetime.timedelta(days=9))
    assert epp.evaluasi_pasca_remind(today=t0 + datetime.timedelta(days=10)) == 0


def test_pengingat_dilewati_bila_atasan_tanpa_akun(e):
    e["u_atasan"].delete()
    _ev_jatuh_tempo(e, HARI_INI)
    assert epp.evaluasi_pasca_remind() == 0


def test_formulir_epp_hanya_untuk_atasannya(e, client):
    ev = _ev_jatuh_tempo(e, HARI_INI)
    url = f"/pelatihan/evaluasi-pasca/{ev.pk}/"
    data = {"penerapan": 4, "contoh_penerapan": "Menyusun register risiko unit", "dampak": "Temuan audit turun"}
    for u in ("u_pegawai", "u_kepala", "hr"):
        client.force_login(e[u])
        assert client.get(url).status_code == 404, u
        assert client.post(url, data).status_code == 404, u
    with pytest.raises(PermissionDenied):
        epp.evaluasi_pasca_submit(actor=e["u_kepala"], evaluasi=ev, penerapan=4)
    assert EvaluasiPascaPelatihan.objects.get().diisi_pada is None

    client.force_login(e["u_atasan"])
    assert "Pegawai Lulus" in client.get("/pelatihan/evaluasi-pasca/").content.decode()
    assert client.post(url, data | {"penerapan": 6}).status_code == 200  # the form again
    assert client.post(url, data).status_code == 302
    ev.refresh_from_db()
    assert (ev.penerapan, ev.contoh_penerapan, ev.dampak) == (4, data["contoh_penerapan"], data["dampak"])
    assert ev.diisi_pada is not None
    client.force_login(e["hr"])
    assert "Menyusun register risiko unit" in client.get("/pelatihan/evaluasi-pasca/rekap/").content.decode()


def test_formulir_epp_terbuka_mulai_jatuh_tempo(e, client):
    ev = _ev_jatuh_tempo(e, HARI_INI + datetime.timedelta(days=1))
    client.force_login(e["u_atasan"])
    url = f"/pelatihan/evaluasi-pasca/{ev.pk}/"
    assert "dapat diisi mulai" in client.get(url).content.decode()
    client.post(url, {"penerapan": 4, "contoh_penerapan": "x"})
    assert EvaluasiPascaPelatihan.objects.get().diisi_pada is None
    with pytest.raises(ValidationError, match="dapat diisi mulai"):
        epp.evaluasi_pasca_submit(actor=e["u_atasan"], evaluasi=ev, penerapan=4)
