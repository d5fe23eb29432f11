"""Issue 11 part A: the needs derivation (every source, PNS and PPPK), its uniqueness, reruns and the command."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from evaluasi.models import Evaluasi, PeriodeEvaluasi
from pelatihan.models import (
    AturanJP,
    EvaluasiPascaPelatihan,
    Kebutuhan,
    KompetensiProgram,
    KreditJP,
    LaporanBelajar,
    Peserta,
    RekapJP,
    RencanaItem,
    SiklusRencana,
    jendela_bawaan,
)
from pelatihan.services.kebutuhan import kebutuhan_susun, siklus_pastikan
from pembinaan.models import Kompetensi, ProfilKompetensi, StandarKompetensiJabatan
from tests import factories as f
from tests.pelatihan.factories import PesertaFactory, ProgramFactory, bentuk

pytestmark = pytest.mark.django_db

TAHUN = 2027  # plan year; the data of 2026 count
S = Kebutuhan.Sumber


def pppk(**kw):
    lahir = datetime.date(1990, 5, 5)
    return f.PegawaiFactory(jenis_asn="PPPK", golongan="IX", tanggal_lahir=lahir,
                            nip=f.nip_pppk(lahir, 2023), tmt_cpns=datetime.date(2023, 3, 1), **kw)


@pytest.fixture
def dunia():
    inst = f.InstansiFactory(kode="AKP")
    opd = f.UnitKerjaFactory(instansi=inst, nama="Dinas Kesehatan")
    bidang = f.UnitKerjaFactory(instansi=inst, nama="Bidang Pelayanan", induk=opd)
    jab = f.JabatanFactory(instansi=inst, nama="Analis Kebijakan", jenis="pelaksana")
    k = [Kompetensi.objects.create(instansi=inst, kode=f"AKP{i}", nama=f"Kompetensi AKP {i}", kategori="teknis")
         for i in range(1, 4)]
    StandarKompetensiJabatan.objects.create(jabatan=jab, kompetensi=k[0], level=3)
    StandarKompetensiJabatan.objects.create(jabatan=jab, kompetensi=k[1], level=2)
    pns = f.PegawaiFactory(instansi=inst, unit_kerja=bidang, jabatan=jab, nama="Pns Kurang")
    kontrak = pppk(instansi=inst, unit_kerja=bidang, jabatan=jab, nama="Pppk Kurang")
    siklus = SiklusRencana.objects.create(instansi=inst, tahun=TAHUN, tahap="pengumpulan", **jendela_bawaan(TAHUN))
    return {"inst": inst, "opd": opd, "bidang": bidang, "jab": jab, "k": k, "pns": pns, "pppk": kontrak,
            "siklus": siklus}


def susun(d):
    return kebutuhan_susun(siklus_id=d["siklus"].pk)


def kebutuhan(d, pegawai, sumber):
    return {(k.kompetensi_id, k.level_standar, k.level_kini, k.kesenjangan): k
            for k in Kebutuhan.objects.filter(siklus=d["siklus"], pegawai=pegawai, sumber=sumber)}


# ------------------------------------------------------------------ competency gap
def test_kesenjangan_kompetensi_dan_belum_dinilai_pns_dan_pppk(dunia):
    d = dunia
    k1, k2, _ = d["k"]
    ProfilKompetensi.objects.create(pegawai=d["pns"], kompetensi=k1, level=1)  # gap 2; k2 never assessed
    ProfilKompetensi.objects.create(pegawai=d["pppk"], kompetensi=k1, level=3)  # meets the standard
    ProfilKompetensi.objects.create(pegawai=d["pppk"], kompetensi=k2, level=1)  # gap 1
    susun(d)
    pns = kebutuhan(d, d["pns"], S.KOMPETENSI)
    assert set(pns) == {(k1.pk, 3, 1, 2), (k2.pk, 2, None, None)}
    belum = pns[(k2.pk, 2, None, None)]
    assert belum.belum_dinilai and belum.kesenjangan is None  # never a silent 0
    assert pns[(k1.pk, 3, 1, 2)].prioritas == Kebutuhan.Prioritas.TINGGI
    assert set(kebutuhan(d, d["pppk"], S.KOMPETENSI)) == {(k2.pk, 2, 1, 1)}  # the same rule for PPPK
    k = Kebutuhan.objects.filter(pegawai=d["pns"], sumber=S.KOMPETENSI).first()
    assert k.opd_id == d["opd"].pk and k.diturunkan and k.status == Kebutuhan.Status.USULAN  # the OPD: top unit
    assert (k.rujukan_jenis, k.rujukan_id) == (Kebutuhan.Rujukan.PEGAWAI, d["pns"].pk)


def test_tanpa_jabatan_tidak_ada_kesenjangan_kompetensi(dunia):
    d = dunia
    d["pns"].jabatan = None
    d["pns"].save()
    susun(d)
    assert not kebutuhan(d, d["pns"], S.KOMPETENSI)


# ------------------------------------------------------------------ JP shortfall: PNS only (docs/domain.md §4.1)
def test_kekurangan_jp_hanya_pns(dunia):
    d = dunia
    RekapJP.objects.create(pegawai=d["pns"], tahun=TAHUN - 1, total=8)
    RekapJP.objects.create(pegawai=d["pns"], tahun=TAHUN, total=40)  # the plan year does not count
    susun(d)
    [jp] = Kebutuhan.objects.filter(siklus=d["siklus"], pegawai=d["pns"], sumber=S.JP)
    assert jp.kompetensi_id is None and "8 dari target 20" in jp.keterangan
    assert not Kebutuhan.objects.filter(pegawai=d["pppk"], sumber=S.JP).exists()  # PPPK: no 20 JP target


def test_kekurangan_jp_mengikuti_aturan_instansi(dunia):
    d = dunia
    AturanJP.objects.create(instansi=d["inst"], jenis_asn="PPPK", target=10, batas=24)  # HR monitors PPPK too
    RekapJP.objects.create(pegawai=d["pns"], tahun=TAHUN - 1, total=20)  # target met
    susun(d)
    assert not Kebutuhan.objects.filter(pegawai=d["pns"], sumber=S.JP).exists()
    assert Kebutuhan.objects.get(pegawai=d["pppk"], sumber=S.JP).prioritas == Kebutuhan.Prioritas.TINGGI  # 0 JP


# ------------------------------------------------------------------ mandatory programmes
def test_latsar_untuk_cpns_yang_belum(dunia):
    d = dunia
    cpns = f.PegawaiFactory(instansi=d["inst"], unit_kerja=d["bidang"], jenis_asn="CPNS")
    sudah = f.PegawaiFactory(instansi=d["inst"], unit_kerja=d["bidang"], jenis_asn="CPNS")
    latsar = ProgramFactory(instansi=d["inst"], judul="Latsar CPNS Angkatan II", status="selesai")
    PesertaFactory(program=latsar, pegawai=sudah, status=Peserta.Status.LULUS)
    susun(d)
    w = Kebutuhan.objects.get(pegawai=cpns, sumber=S.WAJIB)
    assert w.jenis_wajib == Kebutuhan.Wajib.LATSAR and w.prioritas == Kebutuhan.Prioritas.TINGGI
    assert not Kebutuhan.objects.filter(pegawai=sudah, sumber=S.WAJIB).exists()
    assert not Kebutuhan.objects.filter(pegawai__in=[d["pns"], d["pppk"]], sumber=S.WAJIB).exists()


def test_pelatihan_kepemimpinan_untuk_pengawas_dan_administrator(dunia):
    d = dunia
    pengawas = f.PegawaiFactory(instansi=d["inst"], unit_kerja=d["bidang"],
                                jabatan=f.JabatanFactory(instansi=d["inst"], jenis="pengawas"))
    admin = f.PegawaiFactory(instansi=d["inst"], unit_kerja=d["bidang"],
                             jabatan=f.JabatanFactory(instansi=d["inst"], jenis="administrator"))
    admin_sudah = f.PegawaiFactory(instansi=d["inst"], unit_kerja=d["bidang"], jabatan=admin.jabatan)
    LaporanBelajar.objects.create(
        pegawai=admin_sudah, bentuk=bentuk("KL01"), judul="Pelatihan Kepemimpinan Administrator (PKA)",
        penyelenggara="BPSDM", tanggal_mulai=datetime.date(2026, 2, 1), tanggal_selesai=datetime.date(2026, 5, 1),
        jp=300, berkas="x.pdf", status=LaporanBelajar.Status.DIVERIFIKASI)
    # a PKP does not count for an administrator
    PesertaFactory(program=ProgramFactory(instansi=d["inst"], judul="PKP Angkatan I"), pegawai=admin,
                   status=Peserta.Status.LULUS)
    susun(d)
    assert Kebutuhan.objects.get(pegawai=pengawas, sumber=S.WAJIB).jenis_wajib == Kebutuhan.Wajib.PKP
    assert Kebutuhan.objects.get(pegawai=admin, sumber=S.WAJIB).jenis_wajib == Kebutuhan.Wajib.PKA
    assert not Kebutuhan.objects.filter(pegawai=admin_sudah, sumber=S.WAJIB).exists()


# ------------------------------------------------------------------ performance (registered by evaluasi/)
def _evaluasi(d, pegawai, predikat, rating, *, jenis="tahunan", mulai=datetime.date(2026, 1, 1), rekomendasi=()):
    periode, _ = PeriodeEvaluasi.objects.get_or_create(
        instansi=d["inst"], jenis=jenis, mulai=mulai,
        defaults={"nama": f"Evaluasi {jenis} {mulai.year}", "selesai": mulai.replace(month=12, day=31),
                  "tenggat": mulai.replace(month=12, day=31), "status": "ditutup"})
    ev = Evaluasi.objects.create(periode=periode, pegawai=pegawai, status="diajukan", rating_hasil_kerja=rating[0],
                                 rating_perilaku_kerja=rating[1], predikat=predikat, diajukan_pada=timezone.now())
    ev.rekomendasi.set(rekomendasi)
    return ev


def test_kesenjangan_kinerja_dan_rekomendasi_penilai_pns_dan_pppk(dunia):
    d = dunia
    k3 = d["k"][2]
    ev_pns = _evaluasi(d, d["pns"], "butuh_perbaikan", ("di_bawah", "sesuai"), rekomendasi=[k3])
    ev_pppk = _evaluasi(d, d["pppk"], "sangat_kurang", ("di_bawah", "di_bawah"))
    baik = f.PegawaiFactory(instansi=d["inst"], unit_kerja=d["bidang"])
    _evaluasi(d, baik, "baik", ("sesuai", "sesuai"))
    lama = f.PegawaiFactory(instansi=d["inst"], unit_kerja=d["bidang"])
    _evaluasi(d, lama, "kurang", ("sesuai", "di_bawah"), mulai=datetime.date(2022, 1, 1))  # too old
    susun(d)
    kinerja = Kebutuhan.objects.get(pegawai=d["pns"], sumber=S.KINERJA)
    assert (kinerja.rujukan_jenis, kinerja.rujukan_id, kinerja.kompetensi_id) == ("evaluasi", ev_pns.pk, None)
    assert "Butuh Perbaikan" in kinerja.keterangan
    k = Kebutuhan.objects.get(pegawai=d["pppk"], sumber=S.KINERJA)
    assert k.rujukan_id == ev_pppk.pk and k.prioritas == Kebutuhan.Prioritas.TINGGI
    assert not Kebutuhan.objects.filter(pegawai__in=[baik, lama], sumber=S.KINERJA).exists()
    rek = Kebutuhan.objects.get(pegawai=d["pns"], sumber=S.REKOMENDASI)
    assert (rek.kompetensi_id, rek.rujukan_id) == (k3.pk, ev_pns.pk)


# ------------------------------------------------------------------ post-training evaluation: not applied
def test_evaluasi_pasca_tidak_diterapkan(dunia):
    d = dunia
    k1, k2, _ = d["k"]
    program = ProgramFactory(instansi=d["inst"], judul="Bimtek Analisis", status="selesai")
    KompetensiProgram.objects.create(program=program, kompetensi=k1, level_target=3)
    KompetensiProgram.objects.create(program=program, kompetensi=k2, level_target=3)
    atasan = f.PegawaiFactory(instansi=d["inst"], unit_kerja=d["bidang"])
    diisi = timezone.make_aware(datetime.datetime(2026, 6, 1, 10))
    for pegawai, nilai in ((d["pns"], 2), (d["pppk"], 4)):
        peserta = PesertaFactory(program=program, pegawai=pegawai, status=Peserta.Status.LULUS)
        EvaluasiPascaPelatihan.objects.create(peserta=peserta, atasan=atasan, jatuh_tempo=datetime.date(2026, 5, 1),
                                              penerapan=nilai, diisi_pada=diisi)
    susun(d)
    pasca = Kebutuhan.objects.filter(pegawai=d["pns"], sumber=S.PASCA)
    assert {k.kompetensi_id for k in pasca} == {k1.pk, k2.pk}
    assert all(k.rujukan_jenis == "evaluasi_pasca" for k in pasca)
    assert not Kebutuhan.objects.filter(pegawai=d["pppk"], sumber=S.PASCA).exists()  # applied (4 of 5)


# ------------------------------------------------------------------ unmet needs of the previous cycle
def test_kebutuhan_lanjutan_dari_siklus_sebelumnya(dunia):
    d = dunia
    k1, k2, k3 = d["k"]
    lalu = SiklusRencana.objects.create(instansi=d["inst"], tahun=TAHUN - 1, tahap="dievaluasi",
                                        **jendela_bawaan(TAHUN - 1))
    belum = Kebutuhan.objects.create(siklus=lalu, pegawai=d["pns"], kompetensi=k3, sumber=S.REKOMENDASI,
                                     status=Kebutuhan.Status.MASUK_RENCANA)
    terpenuhi = Kebutuhan.objects.create(siklus=lalu, pegawai=d["pppk"], kompetensi=k3, sumber=S.REKOMENDASI,
                                         status=Kebutuhan.Status.MASUK_RENCANA)
    item = RencanaItem.objects.create(siklus=lalu, nama_program="Bimtek K3", bentuk=bentuk(), triwulan=2, jp=24)
    item.kebutuhan.set([belum, terpenuhi])
    program = ProgramFactory(instansi=d["inst"], rencana_item=item, status="selesai")
    lulus = PesertaFactory(program=program, pegawai=d["pppk"], status=Peserta.Status.LULUS)
    KreditJP.objects.create(pegawai=d["pppk"], tanggal=datetime.date(2026, 5, 1), jp=24, keterangan=program.judul,
                            peserta=lulus)  # trained: JP credited by the programme of the line
    PesertaFactory(program=program, pegawai=d["pns"], status=Peserta.Status.TIDAK_LULUS)
    Kebutuhan.objects.create(siklus=lalu, pegawai=d["pns"], kompetensi=k2, sumber=S.KOMPETENSI,
                             status=Kebutuhan.Status.DITOLAK, alasan_status="Tidak relevan")
    susun(d)
    [lanjut] = Kebutuhan.objects.filter(siklus=d["siklus"], sumber=S.LANJUTAN)
    assert (lanjut.pegawai_id, lanjut.kompetensi_id, lanjut.rujukan_id) == (d["pns"].pk, k3.pk, belum.pk)
    assert lanjut.rujukan_jenis == Kebutuhan.Rujukan.KEBUTUHAN and lanjut.keterangan


# ------------------------------------------------------------------ one row per (cycle, employee, competency, source)
def test_basis_data_menolak_kebutuhan_ganda_juga_tanpa_kompetensi(dunia):
    d = dunia
    Kebutuhan.objects.create(siklus=d["siklus"], pegawai=d["pns"], sumber=S.JP)
    with pytest.raises(IntegrityError), transaction.atomic():
        Kebutuhan.objects.create(siklus=d["siklus"], pegawai=d["pns"], sumber=S.JP)  # NULL competency: still one
    k1 = d["k"][0]
    Kebutuhan.objects.create(siklus=d["siklus"], pegawai=d["pns"], kompetensi=k1, sumber=S.KOMPETENSI)
    with pytest.raises(IntegrityError), transaction.atomic():
        Kebutuhan.objects.create(siklus=d["siklus"], pegawai=d["pns"], kompetensi=k1, sumber=S.KOMPETENSI)
    Kebutuhan.objects.create(siklus=d["siklus"], pegawai=d["pns"], kompetensi=k1, sumber=S.REKOMENDASI)  # other


def test_susun_ulang_tidak_membuat_baris_baru_dan_memperbarui_yang_berubah(dunia):
    d = dunia
    k1, k2, _ = d["k"]
    ProfilKompetensi.objects.create(pegawai=d["pns"], kompetensi=k1, level=1)
    RekapJP.objects.create(pegawai=d["pns"], tahun=TAHUN - 1, total=8)
    pertama = susun(d)
    jumlah = Kebutuhan.objects.filter(siklus=d["siklus"]).count()
    assert pertama[S.KOMPETENSI]["baru"] == 4 and pertama[S.JP]["baru"] == 1
    kedua = susun(d)
    assert sum(v["baru"] for v in kedua.values()) == 0
    assert sum(v["diperbarui"] + v["dihapus"] for v in kedua.values()) == 0
    assert Kebutuhan.objects.filter(siklus=d["siklus"]).count() == jumlah
    # the assessment moved: the row is updated in place; the PPPK's k2 gets assessed at the standard: removed
    gap = Kebutuhan.objects.get(pegawai=d["pns"], kompetensi=k1, sumber=S.KOMPETENSI)
    ProfilKompetensi.objects.filter(pegawai=d["pns"], kompetensi=k1).update(level=2)
    ProfilKompetensi.objects.create(pegawai=d["pppk"], kompetensi=k2, level=2)
    # someone acted on the PNS's k2 need: it stays even when it no longer derives
    Kebutuhan.objects.filter(pegawai=d["pns"], kompetensi=k2).update(status=Kebutuhan.Status.DIVERIFIKASI)
    ProfilKompetensi.objects.create(pegawai=d["pns"], kompetensi=k2, level=5)
    ketiga = susun(d)
    assert ketiga[S.KOMPETENSI] == {"baru": 0, "diperbarui": 1, "dihapus": 1, "total": 3}
    gap.refresh_from_db()
    assert (gap.level_kini, gap.kesenjangan, gap.prioritas) == (2, 1, Kebutuhan.Prioritas.SEDANG)
    assert Kebutuhan.objects.filter(pegawai=d["pns"], kompetensi=k2, status="diverifikasi").exists()


def test_pegawai_tidak_aktif_tidak_diturunkan(dunia):
    d = dunia
    susun(d)
    assert Kebutuhan.objects.filter(pegawai=d["pppk"]).exists()
    d["pppk"].status = "pensiun"
    d["pppk"].save()
    hasil = susun(d)
    assert not Kebutuhan.objects.filter(pegawai=d["pppk"]).exists()
    assert hasil[S.KOMPETENSI]["dihapus"] == 2
    d["siklus"].refresh_from_db()
    assert d["siklus"].status_penyusunan == "selesai" and d["siklus"].pegawai_total == 1


def test_perintah_susun_kebutuhan_dua_kali(dunia):
    d = dunia
    RekapJP.objects.create(pegawai=d["pns"], tahun=TAHUN - 1, total=8)
    out = io.StringIO()
    call_command("susun_kebutuhan", instansi="akp", tahun=TAHUN, stdout=out)
    teks = out.getvalue()
    assert "Kekurangan JP" in teks and "Kesenjangan kompetensi jabatan" in teks
    baris = {b.split("  ")[0]: b.split() for b in teks.splitlines()}
    assert baris["Jumlah"][1] == "5"  # 4 competency needs (2 people x 2), 1 JP
    out = io.StringIO()
    call_command("susun_kebutuhan", instansi="AKP", tahun=TAHUN, stdout=out)
    baris = {b.split("  ")[0]: b.split() for b in out.getvalue().splitlines()}
    assert baris["Jumlah"][1:] == ["0", "0", "0", "5"]


def test_perintah_membuat_siklus_bila_belum_ada(dunia):
    d = dunia
    out = io.StringIO()
    call_command("susun_kebutuhan", instansi="AKP", tahun=TAHUN + 1, stdout=out)
    siklus = SiklusRencana.objects.get(instansi=d["inst"], tahun=TAHUN + 1)
    assert siklus.tahap == "pengumpulan" and siklus.pengumpulan_mulai == datetime.date(TAHUN, 8, 15)
    assert "dibuat" in out.getvalue()
    assert siklus_pastikan(instansi=d["inst"], tahun=TAHUN + 1) == (siklus, False)
