"""Issue 11 part A through the pages: HR's cycle (the derivation job with the real worker, stage changes, windows),
the employee's needs and proposals, the atasan's decisions, HR's verification per OPD and the equity guard."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from pelatihan.models import (
    EvaluasiPascaPelatihan,
    Kebutuhan,
    RekapJP,
    RencanaItem,
    SiklusRencana,
    jendela_bawaan,
)
from pelatihan.services import kebutuhan as layanan
from pembinaan.models import Kompetensi, ProfilKompetensi, StandarKompetensiJabatan
from tests import factories as f
from tests.conftest import wait_until
from tests.pelatihan.factories import PesertaFactory, ProgramFactory, bentuk
from tests.pelatihan.test_kebutuhan import _evaluasi, pppk

TAHUN = 2027
S, St = Kebutuhan.Sumber, Kebutuhan.Status


def _dunia(tahap="pengumpulan"):
    inst = f.InstansiFactory(kode="PRN")
    opd = f.UnitKerjaFactory(instansi=inst, nama="Dinas Pendidikan")
    opd2 = f.UnitKerjaFactory(instansi=inst, nama="Dinas Sosial")
    bidang = f.UnitKerjaFactory(instansi=inst, nama="Bidang SD", induk=opd)
    jab = f.JabatanFactory(instansi=inst, nama="Pengelola Data", jenis="pelaksana")
    k = Kompetensi.objects.create(instansi=inst, kode="PRN1", nama="Analisis Data Pendidikan", kategori="teknis")
    StandarKompetensiJabatan.objects.create(jabatan=jab, kompetensi=k, level=3)
    kepala = f.PegawaiFactory(instansi=inst, unit_kerja=opd, nama="Kepala Dinas")
    pns = f.PegawaiFactory(instansi=inst, unit_kerja=bidang, jabatan=jab, atasan=kepala, nama="Pegawai Pns")
    kontrak = pppk(instansi=inst, unit_kerja=bidang, jabatan=jab, atasan=kepala, nama="Pegawai Pppk")
    sendiri = f.PegawaiFactory(instansi=inst, unit_kerja=opd2, nama="Tanpa Atasan")
    siklus = SiklusRencana.objects.create(instansi=inst, tahun=TAHUN, tahap=tahap, **jendela_bawaan(TAHUN))
    return {"inst": inst, "opd": opd, "opd2": opd2, "bidang": bidang, "jab": jab, "k": k, "kepala": kepala,
            "pns": pns, "pppk": kontrak, "sendiri": sendiri, "siklus": siklus,
            "hr": f.hr_user(inst), "u_kepala": f.pegawai_user(kepala), "u_pns": f.pegawai_user(pns),
            "u_pppk": f.pegawai_user(kontrak), "u_sendiri": f.pegawai_user(sendiri)}


@pytest.fixture
def dunia(db):
    return _dunia()


def _usul(d, user, kompetensi=None, alasan="Perlu untuk tugas baru"):
    return layanan.kebutuhan_usul(actor=user, siklus=d["siklus"], data={
        "kompetensi": kompetensi or d["k"], "bentuk_usulan": bentuk("KL10"), "alasan_usulan": alasan})


# ------------------------------------------------------------------ the cycle
@pytest.mark.django_db(transaction=True)
def test_hr_membuka_siklus_lalu_pengumpulan_menjalankan_penyusunan_di_worker(celery_worker_real, client):
    d = _dunia(tahap="persiapan")
    SiklusRencana.objects.all().delete()
    RekapJP.objects.create(pegawai=d["pns"], tahun=TAHUN - 1, total=6)
    client.force_login(d["hr"])
    r = client.post(reverse("pelatihan:siklus-create"), {"tahun": TAHUN, **{
        k: v.isoformat() for k, v in jendela_bawaan(TAHUN).items()}, "ukuran_kelas_minimal": 20, "ambang_klasikal": 4})
    siklus = SiklusRencana.objects.get(instansi=d["inst"], tahun=TAHUN)
    assert r.status_code == 302 and r["Location"] == reverse("pelatihan:siklus-detail", args=[siklus.pk])
    assert siklus.tahap == "persiapan" and siklus.status_penyusunan == "belum"
    r = client.post(reverse("pelatihan:siklus-tahap", args=[siklus.pk]), {"tahap": "pengumpulan"})
    assert r.status_code == 302
    assert wait_until(lambda: SiklusRencana.objects.get(pk=siklus.pk).status_penyusunan == "selesai", timeout=60)
    siklus.refresh_from_db()
    assert siklus.tahap == "pengumpulan" and siklus.pegawai_total == 4 == siklus.pegawai_diproses
    assert Kebutuhan.objects.filter(siklus=siklus, sumber=S.JP).count() == 3  # the PNS ones (the PPPK: no target)
    assert Kebutuhan.objects.filter(siklus=siklus, sumber=S.KOMPETENSI, level_kini__isnull=True).count() == 2
    halaman = client.get(reverse("pelatihan:siklus-detail", args=[siklus.pk])).content.decode()
    assert "Selesai" in halaman and "belum dinilai" in halaman
    # the page's htmx poll answers the progress partial alone
    parsial = client.get(reverse("pelatihan:siklus-detail", args=[siklus.pk]), HTTP_HX_REQUEST="true")
    assert b'id="penyusunan"' in parsial.content and b"<html" not in parsial.content
    # "susun ulang": a second job, nothing new
    client.post(reverse("pelatihan:siklus-susun", args=[siklus.pk]))
    assert wait_until(lambda: SiklusRencana.objects.get(pk=siklus.pk).status_penyusunan == "selesai"
                      and SiklusRencana.objects.get(pk=siklus.pk).penyusunan_selesai > siklus.penyusunan_selesai,
                      timeout=60)
    siklus.refresh_from_db()
    assert sum(v["baru"] for v in siklus.ringkasan_penyusunan.values()) == 0
    assert Kebutuhan.objects.filter(siklus=siklus).count() == 5


def test_jendela_tidak_urut_pesan_menyebut_kolom_dan_isian_tetap(dunia, client):
    client.force_login(dunia["hr"])
    data = {"tahun": 2030, **{k: v.isoformat() for k, v in jendela_bawaan(2030).items()},
            "ukuran_kelas_minimal": 20, "ambang_klasikal": 4}
    data["verifikasi_mulai"] = "2029-09-01"  # before the collection ends
    r = client.post(reverse("pelatihan:siklus-create"), data)
    assert r.status_code == 200
    assert r.context["form"].errors["verifikasi_mulai"] == [
        "Tanggal \u201cverifikasi mulai\u201d harus sesudah \u201cpengumpulan selesai\u201d (15-09-2029)."]
    assert 'value="2029-09-01"' in r.content.decode()
    assert not SiklusRencana.objects.filter(tahun=2030).exists()


def test_halaman_siklus_menampilkan_temuan_monev_siklus_sebelumnya(dunia, client):
    d = dunia
    SiklusRencana.objects.create(instansi=d["inst"], tahun=TAHUN - 1, tahap="dievaluasi", **jendela_bawaan(TAHUN - 1),
                                 temuan_monev="Kelas daring kurang diminati di OPD pendidikan")
    client.force_login(d["hr"])
    teks = client.get(reverse("pelatihan:siklus-detail", args=[d["siklus"].pk])).content.decode()
    assert "Temuan monev rencana 2026" in teks and "Kelas daring kurang diminati di OPD pendidikan" in teks


def test_tahun_yang_sudah_ada_ditolak_dengan_pesan(dunia, client):
    client.force_login(dunia["hr"])
    data = {"tahun": TAHUN, **{k: v.isoformat() for k, v in jendela_bawaan(TAHUN).items()},
            "ukuran_kelas_minimal": 20, "ambang_klasikal": 4}
    r = client.post(reverse("pelatihan:siklus-create"), data)
    assert r.status_code == 200 and "Siklus perencanaan tahun 2027 sudah ada." in r.content.decode()


def test_tahap_ditetapkan_bukan_lewat_halaman_ini(dunia):
    d = dunia
    layanan.siklus_ubah_tahap(actor=d["hr"], siklus=d["siklus"], tahap="verifikasi")
    with pytest.raises(ValidationError, match="tidak dapat dipindah"):
        layanan.siklus_ubah_tahap(actor=d["hr"], siklus=d["siklus"], tahap="ditetapkan")  # penetapan: its own right
    with pytest.raises(PermissionDenied):
        layanan.siklus_ubah_tahap(actor=d["u_kepala"], siklus=d["siklus"], tahap="pengumpulan")


# ------------------------------------------------------------------ employee -> atasan -> HR (PNS and PPPK)
@pytest.mark.parametrize("siapa", ["pns", "pppk"])
def test_usulan_disetujui_atasan_lalu_diverifikasi_bkpsdm(dunia, client, siapa):
    d = dunia
    layanan.kebutuhan_susun(siklus_id=d["siklus"].pk)
    client.force_login(d[f"u_{siapa}"])
    halaman = client.get(reverse("pelatihan:kebutuhan-saya")).content.decode()
    assert "Analisis Data Pendidikan" in halaman and "Belum dinilai" in halaman
    assert ("Kekurangan JP" in halaman) == (siapa == "pns")  # JP shortfall: PNS only
    k2 = Kompetensi.objects.create(instansi=d["inst"], kode="PRN2", nama="Statistik Terapan", kategori="teknis")
    r = client.post(reverse("pelatihan:kebutuhan-usul") + f"?siklus={d['siklus'].pk}",
                    {"kompetensi": k2.pk, "bentuk_usulan": bentuk("KL10").pk, "alasan_usulan": "Laporan bulanan"})
    assert r.status_code == 302
    usul = Kebutuhan.objects.get(pegawai=d[siapa], sumber=S.USULAN)
    assert (usul.status, usul.kompetensi, usul.opd_id, usul.diturunkan) == (St.USULAN, k2, d["opd"].pk, False)
    assert "Statistik Terapan" in client.get(reverse("pelatihan:kebutuhan-saya")).content.decode()
    # the atasan approves it from their page
    client.force_login(d["u_kepala"])
    assert "Laporan bulanan" in client.get(reverse("pelatihan:kebutuhan-bawahan")).content.decode()
    assert client.post(reverse("pelatihan:kebutuhan-setujui", args=[usul.pk])).status_code == 302
    usul.refresh_from_db()
    assert usul.status == St.DISETUJUI and usul.disetujui_oleh == d["u_kepala"]
    # HR verifies the OPD: the proposal and the derived needs of the OPD
    client.force_login(d["hr"])
    url = reverse("pelatihan:kebutuhan-verifikasi", args=[d["siklus"].pk, d["opd"].pk])
    assert "Statistik Terapan" in client.get(url).content.decode()
    r = client.post(reverse("pelatihan:kebutuhan-verifikasi-opd", args=[d["siklus"].pk, d["opd"].pk]))
    assert r.status_code == 302
    usul.refresh_from_db()
    assert usul.status == St.DIVERIFIKASI and usul.diverifikasi_oleh == d["hr"]
    assert not Kebutuhan.objects.filter(siklus=d["siklus"], opd=d["opd"], diturunkan=True, status=St.USULAN).exists()


def test_kembalikan_perlu_alasan_dan_pegawai_memperbaiki(dunia, client):
    d = dunia
    usul = _usul(d, d["u_pns"])
    client.force_login(d["u_kepala"])
    url = reverse("pelatihan:kebutuhan-kembalikan", args=[usul.pk])
    r = client.post(url, {"alasan": "  "})
    assert r.status_code == 200 and "Alasan wajib diisi." in r.content.decode()
    usul.refresh_from_db()
    assert usul.status == St.USULAN
    client.post(url, {"alasan": "Pilih kompetensi yang sesuai tugas"})
    usul.refresh_from_db()
    assert (usul.status, usul.alasan_status) == (St.DIKEMBALIKAN, "Pilih kompetensi yang sesuai tugas")
    client.force_login(d["u_pns"])
    assert "Pilih kompetensi yang sesuai tugas" in client.get(reverse("pelatihan:kebutuhan-saya")).content.decode()
    r = client.post(reverse("pelatihan:kebutuhan-usul-ubah", args=[usul.pk]),
                    {"kompetensi": d["k"].pk, "alasan_usulan": "Sudah disesuaikan"})
    assert r.status_code == 302
    usul.refresh_from_db()
    assert (usul.status, usul.alasan_status, usul.alasan_usulan) == (St.USULAN, "", "Sudah disesuaikan")


def test_usulan_tanpa_alasan_pesan_dan_isian_tetap(dunia, client):
    client.force_login(dunia["u_pns"])
    r = client.post(reverse("pelatihan:kebutuhan-usul"), {"kompetensi": dunia["k"].pk, "alasan_usulan": ""})
    assert r.status_code == 200 and "Tuliskan alasan usulan Anda." in r.content.decode()
    assert r.context["form"]["kompetensi"].value() == str(dunia["k"].pk)
    assert not Kebutuhan.objects.filter(sumber=S.USULAN).exists()


def test_usulan_ganda_dan_di_luar_pengumpulan_ditolak(dunia):
    d = dunia
    _usul(d, d["u_pns"])
    with pytest.raises(ValidationError, match="sudah mengusulkan kompetensi"):
        _usul(d, d["u_pns"])
    d["siklus"].tahap = "verifikasi"
    d["siklus"].save()
    with pytest.raises(ValidationError, match="tahap pengumpulan"):
        _usul(d, d["u_pppk"])


def test_hanya_atasan_langsung_yang_memutus(dunia, client):
    d = dunia
    usul = _usul(d, d["u_pns"])
    with pytest.raises(PermissionDenied):
        layanan.kebutuhan_setujui(actor=d["u_pppk"], kebutuhan=usul)  # a colleague
    with pytest.raises(PermissionDenied):
        layanan.kebutuhan_setujui(actor=d["hr"], kebutuhan=usul)  # HR verifies, it does not approve
    client.force_login(d["u_sendiri"])
    assert client.post(reverse("pelatihan:kebutuhan-setujui", args=[usul.pk])).status_code == 404
    usul.refresh_from_db()
    assert usul.status == St.USULAN


def test_verifikasi_opd_hanya_yang_siap(dunia):
    d = dunia
    layanan.kebutuhan_susun(siklus_id=d["siklus"].pk)
    menunggu = _usul(d, d["u_pns"])  # its atasan has not decided
    tanpa_atasan = _usul(d, d["u_sendiri"])  # nobody could approve it: HR may verify
    n = layanan.kebutuhan_verifikasi_opd(actor=d["hr"], siklus=d["siklus"], opd_id=d["opd"].pk)
    menunggu.refresh_from_db()
    assert menunggu.status == St.USULAN and n == Kebutuhan.objects.filter(opd=d["opd"], status=St.DIVERIFIKASI).count()
    layanan.kebutuhan_verifikasi_opd(actor=d["hr"], siklus=d["siklus"], opd_id=d["opd2"].pk)
    tanpa_atasan.refresh_from_db()
    assert tanpa_atasan.status == St.DIVERIFIKASI
    with pytest.raises(PermissionDenied):
        layanan.kebutuhan_verifikasi_opd(actor=d["u_kepala"], siklus=d["siklus"], opd_id=d["opd"].pk)


def test_hr_menolak_dengan_alasan(dunia, client):
    d = dunia
    layanan.kebutuhan_susun(siklus_id=d["siklus"].pk)
    k = Kebutuhan.objects.filter(pegawai=d["pppk"]).first()
    client.force_login(d["hr"])
    url = reverse("pelatihan:kebutuhan-tolak", args=[k.pk])
    assert "Alasan wajib diisi." in client.post(url, {"alasan": ""}).content.decode()
    r = client.post(url, {"alasan": "Sudah diikutkan diklat provinsi"})
    assert r.status_code == 302 and r["Location"] == reverse("pelatihan:kebutuhan-verifikasi",
                                                             args=[d["siklus"].pk, d["opd"].pk])
    k.refresh_from_db()
    assert (k.status, k.alasan_status) == (St.DITOLAK, "Sudah diikutkan diklat provinsi")
    client.force_login(d["u_pppk"])
    assert "Sudah diikutkan diklat provinsi" in client.get(reverse("pelatihan:kebutuhan-saya")).content.decode()


def test_hr_mengubah_prioritas_dengan_alasan_dan_penyusunan_ulang_tidak_menimpanya(dunia, client):
    d = dunia
    layanan.kebutuhan_susun(siklus_id=d["siklus"].pk)
    k = Kebutuhan.objects.get(pegawai=d["pppk"], sumber=S.KOMPETENSI)
    client.force_login(d["hr"])
    url = reverse("pelatihan:kebutuhan-prioritas", args=[k.pk])
    r = client.post(url, {"prioritas": "1", "alasan": ""})
    assert r.status_code == 200 and "Tuliskan alasan perubahan prioritas." in r.content.decode()
    client.post(url, {"prioritas": "1", "alasan": "Layanan dasar prioritas daerah"})
    layanan.kebutuhan_susun(siklus_id=d["siklus"].pk)
    k.refresh_from_db()
    assert (k.prioritas_efektif, k.prioritas, k.alasan_prioritas) == (1, 2, "Layanan dasar prioritas daerah")
    teks = client.get(reverse("pelatihan:kebutuhan-verifikasi", args=[d["siklus"].pk, d["opd"].pk])).content.decode()
    assert "diubah: Layanan dasar prioritas daerah" in teks
    client.post(url, {"prioritas": "", "alasan": ""})  # back to the computed priority
    k.refresh_from_db()
    assert (k.prioritas_manual, k.prioritas_efektif) == (None, 2)
    with pytest.raises(PermissionDenied):
        layanan.kebutuhan_prioritas(actor=d["u_kepala"], kebutuhan=k, prioritas=1, alasan="x")


# ------------------------------------------------------------------ the home's to-dos
def test_tindakan_beranda_atasan_dan_pegawai(dunia, client):
    d = dunia
    usul = _usul(d, d["u_pns"])
    client.force_login(d["u_kepala"])
    tindakan = {t.judul: t for t in client.get(reverse("beranda")).context["tindakan"]}
    t = tindakan["Putuskan 1 usulan kebutuhan pengembangan bawahan"]
    assert client.get(t.url).status_code == 200 and "Perlu untuk tugas baru" in client.get(t.url).content.decode()
    layanan.kebutuhan_kembalikan(actor=d["u_kepala"], kebutuhan=usul, alasan="Kurang jelas")
    client.force_login(d["u_pns"])
    tindakan = {t.judul: t for t in client.get(reverse("beranda")).context["tindakan"]}
    t = tindakan["Perbaiki usulan kebutuhan yang dikembalikan atasan"]
    assert "Kurang jelas" in client.get(t.url).content.decode()
    t = tindakan["Periksa kebutuhan pengembangan Anda untuk rencana 2027"]
    assert client.get(t.url).status_code == 200
    d["siklus"].tahap = "verifikasi"
    d["siklus"].save()
    assert not [t for t in client.get(reverse("beranda")).context["tindakan"] if "kebutuhan" in t.judul]


# ------------------------------------------------------------------ links to the source records open for the employee
def test_tautan_sumber_terbuka_untuk_pegawainya(dunia, client):
    d = dunia
    ProfilKompetensi.objects.create(pegawai=d["pns"], kompetensi=d["k"], level=1)
    _evaluasi(d, d["pns"], "kurang", ("sesuai", "di_bawah"), rekomendasi=[d["k"]])
    program = ProgramFactory(instansi=d["inst"], judul="Bimtek Data", status="selesai")
    peserta = PesertaFactory(program=program, pegawai=d["pns"], status="lulus")
    EvaluasiPascaPelatihan.objects.create(peserta=peserta, atasan=d["kepala"], jatuh_tempo=datetime.date(2026, 5, 1),
                                          penerapan=1, diisi_pada=timezone.make_aware(datetime.datetime(2026, 6, 1)))
    lalu = SiklusRencana.objects.create(instansi=d["inst"], tahun=TAHUN - 1, tahap="dievaluasi",
                                        **jendela_bawaan(TAHUN - 1))
    Kebutuhan.objects.create(siklus=lalu, pegawai=d["pns"], kompetensi=d["k"], sumber=S.REKOMENDASI,
                             status=St.DIVERIFIKASI)
    layanan.kebutuhan_susun(siklus_id=d["siklus"].pk)
    client.force_login(d["u_pns"])
    r = client.get(reverse("pelatihan:kebutuhan-saya"))
    tautan = {k.sumber: k.tautan for k in r.context["rows"]}
    assert set(tautan) == {S.KOMPETENSI, S.KINERJA, S.REKOMENDASI, S.JP, S.PASCA, S.LANJUTAN}
    assert tautan[S.PASCA] == reverse("pelatihan:program-detail", args=[program.pk])
    assert tautan[S.KOMPETENSI] == reverse("pegawai-detail", args=[d["pns"].pk])
    assert tautan[S.LANJUTAN] == f"{reverse('pelatihan:kebutuhan-saya')}?siklus={lalu.pk}"
    for sumber, url in tautan.items():
        assert url and client.get(url).status_code == 200, (sumber, url)
        assert f'href="{url}"'.replace("&", "&amp;") in r.content.decode()
    # HR's verification page: the links HR opens too; not the employee's own results page nor their old cycle
    client.force_login(d["hr"])
    r = client.get(reverse("pelatihan:kebutuhan-verifikasi", args=[d["siklus"].pk, d["opd"].pk]) + "?tab=semua")
    hr = {k.sumber: k.tautan for k in r.context["rows"] if k.pegawai_id == d["pns"].pk}
    assert hr[S.KINERJA] == hr[S.REKOMENDASI] == hr[S.LANJUTAN] == ""
    for sumber in (S.KOMPETENSI, S.JP, S.PASCA):
        assert hr[sumber] == tautan[sumber] and client.get(hr[sumber]).status_code == 200, sumber


# ------------------------------------------------------------------ the equity guard
def test_penjaga_pemerataan(dunia, client):
    d = dunia
    layanan.kebutuhan_susun(siklus_id=d["siklus"].pk)
    RekapJP.objects.create(pegawai=d["pppk"], tahun=TAHUN - 2, total=12)  # learnt in the last two years
    k = Kebutuhan.objects.filter(pegawai=d["pns"]).first()
    for i in range(5):  # five classroom lines for one person, while colleagues of the OPD have none
        item = RencanaItem.objects.create(siklus=d["siklus"], nama_program=f"Kelas {i}", bentuk=bentuk("KL03"),
                                          triwulan=1, jp=10)
        item.kebutuhan.add(k)
    daring = RencanaItem.objects.create(siklus=d["siklus"], nama_program="E-learning", bentuk=bentuk("NKL03"),
                                        triwulan=1, jp=10)
    daring.kebutuhan.add(k)  # not classroom: does not count
    client.force_login(d["hr"])
    r = client.get(reverse("pelatihan:kebutuhan-verifikasi", args=[d["siklus"].pk, d["opd"].pk]))
    e = r.context["ekuitas"]
    assert e["berlebih"] == [("Pegawai Pns", 5)] and e["tanpa_klasikal"] == 2
    assert {p.nama for p in e["nol"]} == {"Kepala Dinas", "Pegawai Pns"}  # not the PPPK (12 JP in N-1)
    teks = r.content.decode()
    assert "lebih dari 4 program klasikal" in teks and "Pegawai Pns: 5 program klasikal" in teks
    d["siklus"].ambang_klasikal = 5
    d["siklus"].save()
    assert client.get(r.request["PATH_INFO"]).context["ekuitas"]["berlebih"] == []


# ------------------------------------------------------------------ a fixed number of queries whatever the data size
def _banyak(d, n):
    for i in range(n):
        p = f.PegawaiFactory(instansi=d["inst"], unit_kerja=d["bidang"], jabatan=d["jab"], atasan=d["kepala"])
        Kebutuhan.objects.create(siklus=d["siklus"], pegawai=p, kompetensi=d["k"], sumber=S.USULAN,
                                 opd=d["opd"], alasan_usulan=f"Alasan {i}")
    layanan.kebutuhan_susun(siklus_id=d["siklus"].pk)


@pytest.mark.parametrize("n", [2, 25])
def test_halaman_jumlah_query_tetap(dunia, client, django_assert_max_num_queries, n):
    d = dunia
    _banyak(d, n)
    halaman = [(d["hr"], reverse("pelatihan:kebutuhan-verifikasi", args=[d["siklus"].pk, d["opd"].pk]) + "?tab=semua"),
               (d["hr"], reverse("pelatihan:kebutuhan-opd", args=[d["siklus"].pk])),
               (d["hr"], reverse("pelatihan:siklus-detail", args=[d["siklus"].pk])),
               (d["u_kepala"], reverse("pelatihan:kebutuhan-bawahan")),
               (d["u_pns"], reverse("pelatihan:kebutuhan-saya"))]
    for user, url in halaman:
        client.force_login(user)
        with django_assert_max_num_queries(22):
            assert client.get(url).status_code == 200, url
