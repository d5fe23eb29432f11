"""Realisation of the plan and its monev report (issue 11 §4): read from the JP ledger, per line, OPD, month and
quarter, with what was learnt outside the plan; the seven monev indicators; the programme ↔ plan line link."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pelatihan.models import (
    EvaluasiPascaPelatihan,
    Kebutuhan,
    Kehadiran,
    ProgramPelatihan,
    RencanaItem,
    SiklusRencana,
    jendela_bawaan,
)
from pelatihan.selectors import realisasi as sel
from pelatihan.services import jp as ledger
from pelatihan.services import program as layanan_program
from pembinaan.models import Kompetensi, ProfilKompetensi
from tests import factories as f
from tests.pelatihan import factories as pf

pytestmark = pytest.mark.django_db

HARI_SESI = timezone.localdate() - datetime.timedelta(days=3)
TAHUN = HARI_SESI.year  # the plan year: the year the sessions of the tests fall in


def siklus_untuk(inst, tahun=TAHUN, tahap=SiklusRencana.Tahap.BERJALAN):
    return SiklusRencana.objects.create(instansi=inst, tahun=tahun, tahap=tahap, versi=1, **jendela_bawaan(tahun))


def kebutuhan(siklus, pegawai, kompetensi, *, standar=3, kini=2):
    return Kebutuhan.objects.create(
        siklus=siklus, pegawai=pegawai, opd=pegawai.unit_kerja.induk or pegawai.unit_kerja, kompetensi=kompetensi,
        sumber=Kebutuhan.Sumber.KOMPETENSI, level_standar=standar, level_kini=kini,
        kesenjangan=standar - kini if kini else None, status=Kebutuhan.Status.MASUK_RENCANA)


def item(siklus, nomor, nama, kebutuhan_list, *, triwulan=1, jp=10, biaya=Decimal("1000000")):
    baris = RencanaItem.objects.create(siklus=siklus, nomor=nomor, nama_program=nama, bentuk=pf.bentuk("KL03"),
                                       triwulan=triwulan, jp=jp, biaya_satuan=biaya,
                                       total_biaya=biaya * len({k.pegawai_id for k in kebutuhan_list}))
    baris.kebutuhan.set(kebutuhan_list)
    return baris


def program_untuk(inst, baris, *, jp=10, tanggal=HARI_SESI, judul=None):
    program = pf.ProgramFactory(instansi=inst, jp=jp, rencana_item=baris, status=ProgramPelatihan.Status.BERJALAN,
                                judul=judul or f"Program {baris.nama_program if baris else 'luar'}")
    sesi = pf.SesiFactory(program=program, tanggal=tanggal)
    return program, sesi


def kredit(program, pegawai, tanggal=HARI_SESI):
    peserta = pf.PesertaFactory(program=program, pegawai=pegawai)
    ledger.kredit_set(pegawai_id=pegawai.pk, tanggal=tanggal, jp=program.jp, keterangan=program.judul,
                      peserta=peserta)
    return peserta


class Data:
    """Instansi with two OPDs (each a top-level unit with a sub-unit); in OPD Alpha a PNS and a PPPK, in OPD Beta a
    PNS and a PPPK. Line 1 (triwulan 1, 10 JP) answers the needs of alpha_pns and beta_pns; line 2 (triwulan 3,
    8 JP) answers beta_pppk's."""

    def __init__(self):
        self.inst = f.InstansiFactory(kode="MERANGIN", nama="Pemerintah Kabupaten Merangin")
        self.hr = f.hr_user(self.inst)
        self.opd = {}
        self.pg = {}
        for nama in ("Alpha", "Beta"):
            induk = f.UnitKerjaFactory(instansi=self.inst, nama=f"Dinas {nama}")
            anak = f.UnitKerjaFactory(instansi=self.inst, nama=f"Bidang {nama}", induk=induk)
            self.opd[nama.lower()] = induk
            self.pg[f"{nama.lower()}_pns"] = f.PegawaiFactory(instansi=self.inst, unit_kerja=anak, nama=f"PNS {nama}")
            lahir = datetime.date(1990, 1, 1 + len(self.pg))
            self.pg[f"{nama.lower()}_pppk"] = f.PegawaiFactory(
                instansi=self.inst, unit_kerja=anak, nama=f"PPPK {nama}", jenis_asn="PPPK", golongan="IX",
                tanggal_lahir=lahir, nip=f.nip_pppk(lahir, 2022))
        self.komp = Kompetensi.objects.filter(instansi__isnull=True).order_by("kode")[0]
        self.siklus = siklus_untuk(self.inst)
        self.k = {label: kebutuhan(self.siklus, p, self.komp) for label, p in self.pg.items()}
        self.item1 = item(self.siklus, 1, "Pelayanan Prima", [self.k["alpha_pns"], self.k["beta_pns"]])
        self.item2 = item(self.siklus, 2, "Manajemen Arsip", [self.k["beta_pppk"]], triwulan=3, jp=8)


@pytest.fixture
def d():
    return Data()


def _opd(data, nama):
    return next(o for o in data["per_opd"] if o["label"] == nama)


# ---------------------------------------------------------------------------- realisation

def test_program_tertaut_yang_ditutup_mengkredit_jp_dan_realisasi_bergerak(d):
    """A programme linked to line 1, closed through the service: its passes are credited and the line, its OPDs, the
    month and the quarter move; a participant who is not a target counts in JP, not in targets trained."""
    program, sesi = program_untuk(d.inst, d.item1)
    sebelum = sel.realisasi_siklus(siklus=d.siklus)
    baris = {b["id"]: b for b in sebelum["baris"]}
    assert (baris[d.item1.pk]["target"], baris[d.item1.pk]["terlatih"], baris[d.item1.pk]["jp_kredit"]) == (2, 0, 0)
    assert baris[d.item1.pk]["jp_rencana"] == 20 and sebelum["r"]["jp_rencana"] == 20 + 8
    for label in ("alpha_pns", "alpha_pppk"):  # alpha_pppk is not a target of the line
        peserta = pf.PesertaFactory(program=program, pegawai=d.pg[label])
        Kehadiran.objects.create(peserta=peserta, sesi=sesi, status="hadir", cara="panitia")
    layanan_program.program_close(actor=d.hr, program=program)

    sesudah = sel.realisasi_siklus(siklus=d.siklus)
    baris = {b["id"]: b for b in sesudah["baris"]}
    b1 = baris[d.item1.pk]
    assert (b1["target"], b1["terlatih"], b1["jp_kredit"]) == (2, 1, 20)
    assert b1["status"] == f"Selesai ({sel.BULAN[HARI_SESI.month - 1]})"  # the month it finished
    assert baris[d.item2.pk]["status"] == "Belum dimulai"
    assert sesudah["r"]["selesai"] == 1 and sesudah["r"]["persen_selesai"] == 50.0
    alpha, beta = _opd(sesudah, "Dinas Alpha"), _opd(sesudah, "Dinas Beta")
    assert (alpha["target"], alpha["terlatih"], alpha["jp_kredit"]) == (1, 1, 20)
    assert (beta["target"], beta["terlatih"], beta["jp_kredit"], beta["jp_rencana"]) == (2, 0, 0, 18)
    bulan = sesudah["bulan"][HARI_SESI.month - 1]
    assert (bulan["jp_kredit"], bulan["terlatih"], bulan["dimulai"], bulan["selesai"]) == (20, 1, 1, 1)
    tw = sesudah["triwulan"][(HARI_SESI.month - 1) // 3]
    assert tw["realisasi"] == 20


def test_saring_opd_hanya_orang_opd_itu(d):
    program, _ = program_untuk(d.inst, d.item1)
    kredit(program, d.pg["alpha_pns"])
    kredit(program, d.pg["beta_pns"])
    data = sel.realisasi_siklus(siklus=d.siklus, opd_id=d.opd["alpha"].pk)
    assert [b["id"] for b in data["baris"]] == [d.item1.pk]  # line 2 has no one in Alpha
    assert (data["r"]["target"], data["r"]["terlatih"], data["r"]["jp_kredit"]) == (1, 1, 10)
    assert [o["label"] for o in data["per_opd"]] == ["Dinas Alpha"]


def test_pembelajaran_di_luar_rencana_dengan_porsinya(d):
    dalam, _ = program_untuk(d.inst, d.item1, jp=10)
    kredit(dalam, d.pg["alpha_pns"])
    luar, _ = program_untuk(d.inst, None, jp=30, judul="Bimtek Di Luar Rencana")
    kredit(luar, d.pg["beta_pppk"])
    data = sel.realisasi_siklus(siklus=d.siklus)
    assert data["r"]["jp_total"] == 40 and data["r"]["jp_kredit"] == 10
    assert [(p["judul"], p["jp"], p["persen"]) for p in data["luar"]["program"]] == [
        ("Bimtek Di Luar Rencana", 30, 75.0)]
    assert data["luar"]["persen"] == 75.0


def test_halaman_realisasi_dan_grafik(client, d):
    program, _ = program_untuk(d.inst, d.item1)
    kredit(program, d.pg["alpha_pns"])
    client.force_login(d.hr)
    html = client.get(reverse("pelatihan:rencana-realisasi", args=[d.siklus.pk])).content.decode()
    assert html.count("<svg class=\"grafik\"") == 2  # per OPD and per quarter, drawn on the server
    assert "<script" not in html.split('id="konten"')[-1].split("</main>")[0]  # the page itself needs no script
    tabel_opd = re.search(r'data-testid="tabel-opd">(.*?)</table>', html, re.S).group(1)
    assert re.search(r"Dinas Alpha</th><td[^>]*>1</td><td[^>]*>1</td><td[^>]*>10</td><td[^>]*>10</td>", tabel_opd)
    assert "PNS Alpha" not in html  # aggregates: no names


def test_buku_jp_dijumlah_per_opd_di_database(d):
    """The ledger read is grouped in the database by line × OPD × month and by programme outside the plan, not by
    unit: employees of two sub-units of one OPD (a PNS and a PPPK) give one row each, and the page's figures stay."""
    kedua = f.UnitKerjaFactory(instansi=d.inst, nama="Bidang Alpha Dua", induk=d.opd["alpha"])
    lain = f.PegawaiFactory(instansi=d.inst, unit_kerja=kedua, nama="PNS Alpha Dua")
    item1_k = kebutuhan(d.siklus, lain, d.komp)
    d.item1.kebutuhan.add(item1_k)
    program, _ = program_untuk(d.inst, d.item1)
    luar, _ = program_untuk(d.inst, None, jp=4, judul="Bimtek Luar")
    for p in (d.pg["alpha_pns"], d.pg["alpha_pppk"], lain):
        kredit(program, p)
        kredit(luar, p)
    from pelatihan.selectors.realisasi import _akar, _baca
    from pembinaan.models import UnitKerja

    akar = _akar(dict(UnitKerja.objects.filter(instansi=d.inst).values_list("id", "induk_id")))
    for opd_id in (None, d.opd["alpha"].pk):
        units = [u for u, a in akar.items() if a == opd_id]
        data = _baca(d.siklus, akar=akar, opd_id=opd_id, unit_ids=units)
        assert data["kredit"] == [(d.item1.pk, d.opd["alpha"].pk, HARI_SESI.month, 30, 3)]
        assert data["luar"] == [(luar.pk, "Bimtek Luar", 12, 3)]
    r = sel.realisasi_siklus(siklus=d.siklus, opd_id=d.opd["alpha"].pk)
    assert (r["r"]["target"], r["r"]["terlatih"], r["r"]["jp_kredit"], r["luar"]["jp_program"]) == (2, 2, 30, 12)


def test_parameter_opd_sampah_400(client, d):
    client.force_login(d.hr)
    assert client.get(reverse("pelatihan:rencana-realisasi", args=[d.siklus.pk]) + "?opd=abc").status_code == 400


def _tambah_data(data, n):
    """n more employees, needs, lines, linked programmes and credits."""
    for i in range(n):
        p = f.PegawaiFactory(instansi=data.inst, unit_kerja=data.opd["alpha" if i % 2 else "beta"])
        k = kebutuhan(data.siklus, p, data.komp)
        baris = item(data.siklus, 10 + i, f"Item tambahan {i}", [k], triwulan=1 + i % 4)
        program, _ = program_untuk(data.inst, baris)
        kredit(program, p)
        luar, _ = program_untuk(data.inst, None, judul=f"Luar {i}")
        kredit(luar, p)


def test_jumlah_query_tetap_berapa_pun_datanya(client, d, django_assert_max_num_queries):
    client.force_login(d.hr)
    url = reverse("pelatihan:rencana-realisasi", args=[d.siklus.pk])
    program, _ = program_untuk(d.inst, d.item1)
    kredit(program, d.pg["alpha_pns"])
    client.get(url)
    with CaptureQueriesContext(connection) as kecil:
        assert client.get(url).status_code == 200
    _tambah_data(d, 12)
    with django_assert_max_num_queries(len(kecil.captured_queries)):
        assert client.get(url).status_code == 200
    monev = reverse("pelatihan:rencana-monev", args=[d.siklus.pk])
    with CaptureQueriesContext(connection) as monev_besar:
        client.get(monev)
    _tambah_data(d, 5)
    with django_assert_max_num_queries(len(monev_besar.captured_queries)):
        assert client.get(monev).status_code == 200


# ---------------------------------------------------------------------------- monev

def _indikator(m, kode):
    return next(i for i in m["indikator"] if i["kode"] == kode)


def test_pns_20_jp_tidak_menghitung_pppk(d):
    """The 20 JP indicator counts PNS only: a PPPK with 30 JP does not raise it, one with 0 JP does not lower it."""
    luar, _ = program_untuk(d.inst, None, jp=20)
    kredit(luar, d.pg["alpha_pns"])
    besar, _ = program_untuk(d.inst, None, jp=30)
    kredit(besar, d.pg["alpha_pppk"])
    i = _indikator(sel.monev_siklus(siklus=d.siklus), "pns20")
    assert (i["bagian"], i["dari"], i["persen"]) == (1, 2, 50.0)


def test_indikator_monev(d):
    program, _ = program_untuk(d.inst, d.item1)
    p1 = kredit(program, d.pg["alpha_pns"])
    p1.nilai_pre_test, p1.nilai_post_test = 50, 80
    p1.save()
    p2 = pf.PesertaFactory(program=program, pegawai=d.pg["beta_pns"], nilai_pre_test=60, nilai_post_test=70)
    EvaluasiPascaPelatihan.objects.create(peserta=p1, atasan=d.pg["beta_pns"], jatuh_tempo=HARI_SESI, penerapan=4,
                                          diisi_pada=timezone.now())
    EvaluasiPascaPelatihan.objects.create(peserta=p2, atasan=d.pg["alpha_pns"], jatuh_tempo=HARI_SESI, penerapan=2,
                                          diisi_pada=timezone.now())
    RencanaItem.objects.filter(pk=d.item1.pk).update(realisasi_biaya=Decimal("1500000"))
    # Re-assessed at the standard after the need was recorded: closed. Assessed before it: not closed.
    besok = timezone.localdate() + datetime.timedelta(days=1)
    ProfilKompetensi.objects.create(pegawai=d.pg["alpha_pns"], kompetensi=d.komp, level=3, tanggal_asesmen=besok)
    ProfilKompetensi.objects.create(pegawai=d.pg["beta_pns"], kompetensi=d.komp, level=4,
                                    tanggal_asesmen=datetime.date(2000, 1, 1))
    ProfilKompetensi.objects.create(pegawai=d.pg["alpha_pppk"], kompetensi=d.komp, level=2, tanggal_asesmen=besok)
    m = sel.monev_siklus(siklus=d.siklus)
    assert _indikator(m, "item")["bagian"] == 0  # the programme is still running
    anggaran = _indikator(m, "anggaran")
    assert (anggaran["bagian"], anggaran["dari"], anggaran["persen"]) == (Decimal("1500000"), Decimal("3000000"),
                                                                          50.0)
    assert "1 item belum diisi" in anggaran["catatan"]
    assert (_indikator(m, "peserta")["bagian"], _indikator(m, "peserta")["dari"]) == (1, 3)
    assert _indikator(m, "kenaikan")["nilai"] == 20.0  # (30 + 10) / 2
    assert (_indikator(m, "penerapan")["bagian"], _indikator(m, "penerapan")["dari"]) == (1, 2)
    gap = _indikator(m, "kesenjangan")
    assert (gap["bagian"], gap["dari"]) == (1, 4)


def test_kebutuhan_lanjutan(d):
    """Unmet needs for the next cycle: not trained; trained but not re-assessed at the standard. Met: trained and
    re-assessed at the standard. Refused needs are not carried over."""
    program, _ = program_untuk(d.inst, d.item1)
    kredit(program, d.pg["alpha_pns"])
    kredit(program, d.pg["beta_pns"])
    ProfilKompetensi.objects.create(pegawai=d.pg["alpha_pns"], kompetensi=d.komp, level=3,
                                    tanggal_asesmen=timezone.localdate() + datetime.timedelta(days=1))
    Kebutuhan.objects.filter(pk=d.k["beta_pppk"].pk).update(status=Kebutuhan.Status.DITOLAK, alasan_status="x")
    hasil = {r["kebutuhan_id"]: r["alasan"] for r in sel.kebutuhan_lanjutan(siklus=d.siklus)}
    assert d.k["alpha_pns"].pk not in hasil  # met
    assert d.k["beta_pppk"].pk not in hasil  # refused
    assert hasil[d.k["beta_pns"].pk].startswith("Sudah dilatih")
    assert hasil[d.k["alpha_pppk"].pk].startswith("Belum mengikuti")


def test_jumlah_lanjutan_satu_per_pasangan_dan_kesenjangan_satu_query(d):
    """The monev's count of needs carried over equals the list the next cycle takes (one per employee × competency):
    a PPPK with two unmet needs of the same competency (two sources) counts once, a trained PNS not re-assessed
    counts, a met PNS does not; the gap-closure figures come from the same query."""
    program, _ = program_untuk(d.inst, d.item1)
    kredit(program, d.pg["alpha_pns"])
    kredit(program, d.pg["beta_pns"])
    ProfilKompetensi.objects.create(pegawai=d.pg["alpha_pns"], kompetensi=d.komp, level=3,
                                    tanggal_asesmen=timezone.localdate() + datetime.timedelta(days=1))
    Kebutuhan.objects.create(siklus=d.siklus, pegawai=d.pg["alpha_pppk"], opd=d.opd["alpha"], kompetensi=d.komp,
                             sumber=Kebutuhan.Sumber.REKOMENDASI, status=Kebutuhan.Status.DIVERIFIKASI)
    daftar = sel.kebutuhan_lanjutan(siklus=d.siklus)
    assert {r["pegawai_id"] for r in daftar} == {d.pg[x].pk for x in ("beta_pns", "alpha_pppk", "beta_pppk")}
    assert sel.jumlah_kebutuhan_lanjutan(siklus=d.siklus) == len(daftar) == 3
    m = sel.monev_siklus(siklus=d.siklus)
    assert m["lanjutan"] == 3
    gap = _indikator(m, "kesenjangan")
    assert (gap["bagian"], gap["dari"]) == (1, 4)


def test_penyusunan_siklus_berikutnya_membawa_kebutuhan_yang_belum_terpenuhi(d):
    """The needs derivation of the next cycle calls the realisation's rule (services.realisasi.kebutuhan_lanjutan)."""
    from pelatihan.services import kebutuhan as layanan_kebutuhan

    program, _ = program_untuk(d.inst, d.item1)
    kredit(program, d.pg["alpha_pns"])
    kredit(program, d.pg["beta_pns"])
    ProfilKompetensi.objects.create(pegawai=d.pg["alpha_pns"], kompetensi=d.komp, level=3,
                                    tanggal_asesmen=timezone.localdate() + datetime.timedelta(days=1))
    baru = siklus_untuk(d.inst, tahun=TAHUN + 1, tahap=SiklusRencana.Tahap.PENGUMPULAN)
    hasil = layanan_kebutuhan._lanjutan(baru)
    dibawa = {r["pegawai_id"]: r for rows in hasil.values() for r in rows}
    assert d.pg["alpha_pns"].pk not in dibawa
    assert "belum dinilai ulang" in dibawa[d.pg["beta_pns"].pk]["keterangan"]


def test_hr_mengisi_biaya_dan_temuan(client, d):
    client.force_login(d.hr)
    url = reverse("pelatihan:rencana-monev-ubah", args=[d.siklus.pk])
    r = client.post(url, {f"biaya_{d.item1.pk}": "1.250.000", f"biaya_{d.item2.pk}": "",
                          "temuan_monev": "Kelas daring lebih diminati."})
    assert r.status_code == 302 and r.url == reverse("pelatihan:rencana-monev", args=[d.siklus.pk])
    d.item1.refresh_from_db()
    d.siklus.refresh_from_db()
    assert d.item1.realisasi_biaya == Decimal("1250000") and d.siklus.temuan_monev == "Kelas daring lebih diminati."
    html = client.get(r.url).content.decode()
    assert "Kelas daring lebih diminati." in html


def test_biaya_salah_menyebut_barisnya_dan_tidak_menyimpan_apa_pun(client, d):
    client.force_login(d.hr)
    url = reverse("pelatihan:rencana-monev-ubah", args=[d.siklus.pk])
    r = client.post(url, {f"biaya_{d.item1.pk}": "900000", f"biaya_{d.item2.pk}": "sejuta",
                          "temuan_monev": "Catatan"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "Item 2 (Manajemen Arsip)" in html and 'value="sejuta"' in html and 'value="900000"' in html
    d.item1.refresh_from_db()
    d.siklus.refresh_from_db()
    assert d.item1.realisasi_biaya is None and d.siklus.temuan_monev == ""


# ---------------------------------------------------------------------------- who sees what

def test_akses(client, d):
    lain = f.InstansiFactory(kode="BUNGO")
    pegawai = f.pegawai_user(d.pg["alpha_pns"])
    pimpinan = f.pimpinan_user(d.inst)
    realisasi = reverse("pelatihan:rencana-realisasi", args=[d.siklus.pk])
    ubah = reverse("pelatihan:rencana-monev-ubah", args=[d.siklus.pk])
    client.force_login(pimpinan)
    assert client.get(realisasi).status_code == 200
    assert client.get(reverse("pelatihan:rencana-monev", args=[d.siklus.pk])).status_code == 200
    assert client.get(ubah).status_code == 404
    client.force_login(pegawai)
    assert client.get(realisasi).status_code == 404
    client.force_login(f.hr_user(lain))
    assert client.get(realisasi).status_code == 404
    assert client.get(ubah).status_code == 404


# ---------------------------------------------------------------------------- programme ↔ plan line

def test_program_ditautkan_ke_item_rencana_yang_ditetapkan(client, d):
    belum = siklus_untuk(d.inst, tahun=TAHUN + 1, tahap=SiklusRencana.Tahap.VERIFIKASI)
    item_belum = item(belum, 1, "Belum Ditetapkan", [])
    lain = f.InstansiFactory(kode="BUNGO")
    item_lain = item(siklus_untuk(lain), 1, "Punya Instansi Lain", [])
    mitra = pf.MitraFactory(instansi=d.inst)
    client.force_login(d.hr)
    form = client.get(reverse("pelatihan:program-create")).content.decode()
    assert "Pelayanan Prima" in form and "Belum Ditetapkan" not in form and "Punya Instansi Lain" not in form
    data = {"judul": "Pelayanan Prima Angkatan I", "bentuk": pf.bentuk("KL03").pk, "penyelenggara": mitra.pk,
            "jp": 10, "kuota": 30, "mode": "tatap_muka", "ambang_kehadiran": 80, "nilai_lulus": 70}
    for tolak in (item_belum, item_lain):
        r = client.post(reverse("pelatihan:program-create"), {**data, "rencana_item": tolak.pk})
        assert r.status_code == 200 and "rencana_item" in r.context["form"].errors
    r = client.post(reverse("pelatihan:program-create"), {**data, "rencana_item": d.item1.pk})
    assert r.status_code == 302
    assert ProgramPelatihan.objects.get(judul="Pelayanan Prima Angkatan I").rencana_item == d.item1


def test_layanan_menolak_item_rencana_yang_belum_ditetapkan(d):
    from django.core.exceptions import ValidationError

    belum = item(siklus_untuk(d.inst, tahun=TAHUN + 1, tahap=SiklusRencana.Tahap.VERIFIKASI), 1, "Belum", [])
    mitra = pf.MitraFactory(instansi=d.inst)
    with pytest.raises(ValidationError) as e:
        layanan_program.program_save(actor=d.hr, data={"judul": "X", "bentuk": pf.bentuk("KL03"),
                                                       "penyelenggara": mitra, "jp": 4, "rencana_item": belum})
    assert "rencana_item" in e.value.message_dict


# ---------------------------------------------------------------------------- the chart

def test_grafik_batang_sebanding_dan_aman():
    """Bars in proportion to the largest value; labels escaped (an OPD name is data); numbers in Indonesian."""
    from pelatihan.templatetags.grafik import RUANG_BATANG, grafik_batang

    svg = grafik_batang([{"label": "Dinas <b>A</b>", "rencana": 1200, "realisasi": 600},
                         {"label": "Dinas B", "rencana": 300, "realisasi": None}], judul="Per OPD", satuan="JP")
    lebar = [float(w) for w in re.findall(r'<rect x="0" y="\d+" width="([\d.]+)%"', svg)]
    assert lebar == [RUANG_BATANG, RUANG_BATANG / 2, RUANG_BATANG / 4, 0.0]
    assert "<b>" not in svg and "Dinas &lt;b&gt;A&lt;/b&gt;" in svg
    assert "1.200 JP" in svg and "<script" not in svg
    assert 'aria-label="Per OPD (angkanya ada di tabel di sampingnya)"' in svg


def test_item_per_halaman_dan_ringkasan_tetap_semua(client, d):
    """The per-line table pages by 50; the totals above it count every line."""
    for i in range(55):
        item(d.siklus, 100 + i, f"Item halaman {i:02d}", [])
    client.force_login(d.hr)
    url = reverse("pelatihan:rencana-realisasi", args=[d.siklus.pk])
    pertama = client.get(url)
    kedua = client.get(url + "?halaman=2").content.decode()
    assert len(pertama.context["page"].object_list) == 50 and pertama.context["d"]["r"]["item"] == 57
    tabel = kedua.split('id="judul-item"')[1].split("</table>")[0]
    assert "Item halaman 54" in tabel and "Pelayanan Prima" not in tabel
    assert client.get(url + "?halaman=x").status_code == 400


def test_jumlah_lanjutan_sama_dengan_daftarnya(d):
    """The monev page's count of needs carried over is the length of the list the next cycle takes."""
    program, _ = program_untuk(d.inst, d.item1)
    kredit(program, d.pg["alpha_pns"])
    kebutuhan(siklus_untuk(d.inst, tahun=TAHUN - 1), d.pg["alpha_pns"], d.komp)  # another cycle: not counted
    ProfilKompetensi.objects.create(pegawai=d.pg["alpha_pns"], kompetensi=d.komp, level=3,
                                    tanggal_asesmen=timezone.localdate() + datetime.timedelta(days=1))
    daftar = sel.kebutuhan_lanjutan(siklus=d.siklus)
    assert len(daftar) == 3 and sel.monev_siklus(siklus=d.siklus)["lanjutan"] == 3
