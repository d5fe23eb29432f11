"""Import fixes of issue 9: kind of employee without a status column, SIASN 'Rangkap', jenjang/golongan warnings,
and the dry run's list of who is new and what changes (page and management command)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pembinaan import services
from pembinaan.impor import kolom
from pembinaan.models import ImporPegawai, Jabatan, Pegawai
from tests import factories as f
from tests.pembinaan import siasn
from tests.pembinaan.siasn import BARIS, pegawai, pppk
from tests.pembinaan.test_impor import impor, periksa

pytestmark = pytest.mark.django_db

TANPA_STATUS = ["NIP BARU", "NAMA", "TANGGAL LAHIR", "JENIS KELAMIN", "TMT CPNS", "GOL AKHIR NAMA"]


@pytest.fixture
def inst():
    return f.InstansiFactory(kode=siasn.INSTANSI_KODE, nama=siasn.INSTANSI_NAMA)


def _galat(hasil, baris, kolom):
    return " ".join(g.pesan for g in hasil.galat if g.baris == baris and g.kolom == kolom)


# ---------------------------------------------------------------------------------------------------------------
# No status column: the kind comes from the NIP, and a number that is neither a PNS NIP nor a NI PPPK is reported.

@pytest.mark.parametrize("jenis", ["csv", "xlsx"])
def test_tanpa_kolom_status_nip_pns_dengan_bulan_13_dilaporkan_bukan_dianggap_pppk(inst, jenis):
    salah = pegawai(1, nip_baru="198609262015131001", tanggal_lahir="26-09-1986", tmt_cpns="",
                    jenis_kelamin="M", gol_akhir_nama="III/a")
    rows = [salah, pegawai(2), pppk(3)]
    hasil = periksa(inst, rows, jenis, header=TANPA_STATUS)
    assert not hasil.ok
    pesan = _galat(hasil, BARIS[0], "NIP BARU")
    assert "tidak dapat ditentukan" in pesan and "(13)" in pesan
    assert {g.baris for g in hasil.galat} == {BARIS[0]}  # the PNS and the PPPK rows pass
    assert not Pegawai.objects.exists()


def test_tanpa_kolom_status_pns_dan_pppk_dikenali_dari_nip(inst):
    rows = [pegawai(2), pppk(3), pppk(4, nip_baru=siasn.nip_pppk(siasn.lahir(4), 2025, "F", 5, kontrak="24"),
                                      gol_akhir_nama="V")]
    hasil = impor(inst, rows, header=TANPA_STATUS)
    assert hasil.ok, [g.as_dict() for g in hasil.galat]
    jenis = dict(Pegawai.objects.values_list("nip", "jenis_asn"))
    assert jenis == {rows[0]["NIP BARU"]: "PNS", rows[1]["NIP BARU"]: "PPPK", rows[2]["NIP BARU"]: "PPPK"}


def test_dengan_kolom_status_bulan_13_tetap_ditolak_sebagai_nip_pns(inst):
    rows = [pegawai(1, nip_baru="198609262015131001", tanggal_lahir="26-09-1986", tmt_cpns="", jenis_kelamin="M")]
    hasil = periksa(inst, rows)
    assert "Bulan TMT CPNS" in _galat(hasil, BARIS[0], "NIP BARU")


# ---------------------------------------------------------------------------------------------------------------
# SIASN jenis jabatan 3 "Rangkap".

def test_jabatan_rangkap_diterima_struktural_bila_dikenali_selain_itu_fungsional(inst):
    rows = [
        pegawai(1, jenis_jabatan_id="3", jenis_jabatan_nama="Rangkap", jabatan_nama="Dokter Ahli Muda"),
        pegawai(2, jenis_jabatan_id="3", jenis_jabatan_nama="Rangkap", jabatan_nama="Kepala Seksi Pelayanan Medis"),
        pegawai(3, jenis_jabatan_id="3", jenis_jabatan_nama="", jabatan_nama="Guru Ahli Pertama"),
        pegawai(4, jenis_jabatan_id="3", jenis_jabatan_nama="Rangkap", jabatan_nama="Kepala Puskesmas",
                eselon="IV.a"),
    ]
    hasil = impor(inst, rows, header=siasn.HEADER_SIASN)
    assert hasil.ok, [g.as_dict() for g in hasil.galat]
    jabatan = {j.nama: (j.jenis, j.jenjang) for j in Jabatan.objects.all()}
    assert jabatan == {
        "Dokter Ahli Muda": ("fungsional", "ahli_muda"),
        "Kepala Seksi Pelayanan Medis": ("pengawas", ""),
        "Guru Ahli Pertama": ("fungsional", "ahli_pertama"),
        "Kepala Puskesmas": ("pengawas", ""),
    }
    assert Pegawai.objects.count() == 4


# ---------------------------------------------------------------------------------------------------------------
# Jenjang of a jabatan fungsional against the golongan range: a warning, never a rejection.

def test_jenjang_di_luar_rentang_golongan_diperingatkan_untuk_pns_dan_pppk(inst):
    rows = [
        pegawai(1, jenis_jabatan_nama="Jabatan Fungsional Tertentu", jabatan_nama="Analis Kebijakan Ahli Utama",
                gol_akhir_nama="II/a", gol_akhir_id="21"),
        pppk(2, jenis_jabatan_nama="Jabatan Fungsional Tertentu", jabatan_nama="Guru Ahli Utama"),  # IX
        pegawai(3, jenis_jabatan_nama="Jabatan Fungsional Tertentu", jabatan_nama="Analis Kebijakan Ahli Pertama"),
        pppk(4, jenis_jabatan_nama="Jabatan Fungsional Tertentu", jabatan_nama="Guru Ahli Pertama"),
    ]
    hasil = impor(inst, rows)
    assert hasil.ok and hasil.baru == 4
    peringatan = {g.baris: g.pesan for g in hasil.peringatan}
    assert set(peringatan) == {BARIS[0], BARIS[1]}
    assert "II/a" in peringatan[BARIS[0]] and "IV/d–IV/e" in peringatan[BARIS[0]]
    assert "IX" in peringatan[BARIS[1]] and "XVI–XVII" in peringatan[BARIS[1]]
    assert {g.kolom for g in hasil.peringatan} == {"JABATAN NAMA"}


def test_peringatan_jenjang_tampil_di_laporan_uji_coba(client, inst):
    hr = f.hr_user(inst)
    rows = [pegawai(1, jenis_jabatan_nama="Jabatan Fungsional Tertentu", jabatan_nama="Analis Kebijakan Ahli Utama",
                    gol_akhir_nama="II/a", gol_akhir_id="21")]
    imp = services.impor_create(actor=hr, berkas=SimpleUploadedFile("pegawai.csv", siasn.csv_bytes(rows)))
    assert imp.status == ImporPegawai.Status.SIAP
    client.force_login(hr)
    page = client.get(reverse("impor-detail", args=[imp.pk])).content.decode()
    assert "1 peringatan" in page and f"Baris {BARIS[0]}" in page and "Ahli Utama" in page


# ---------------------------------------------------------------------------------------------------------------
# The dry run lists who is new and what changes.

def _pertama(inst, rows):
    assert impor(inst, rows).ok


def test_uji_coba_menampilkan_pegawai_baru_dan_nilai_lama_baru_setiap_kolom(client, inst):
    rows = [pegawai(1), pegawai(2), pppk(3)]
    _pertama(inst, rows)
    rows[0] = {**rows[0], "GOL AKHIR NAMA": "III/b", "GOL AKHIR ID": "32", "UNOR ID": "U-BARU",
               "UNOR NAMA": "Bidang Pelatihan"}
    rows[2] = {**rows[2], "NAMA": "Sinta Novita Rahmadani"}
    rows.append(pegawai(4, nama="Budi Baru"))
    hr = f.hr_user(inst)
    imp = services.impor_create(actor=hr, berkas=SimpleUploadedFile("pegawai.csv", siasn.csv_bytes(rows)))
    assert imp.status == ImporPegawai.Status.SIAP, imp.galat
    assert (imp.ringkasan["baru"], imp.ringkasan["diperbarui"], imp.ringkasan["tidak_berubah"]) == (1, 2, 1)

    client.force_login(hr)
    page = client.get(reverse("impor-detail", args=[imp.pk])).content.decode()
    tabel = page[page.index('data-testid="perubahan"'):]
    tabel = tabel[:tabel.index("</table>")]
    # the changed PNS: golongan III/a → III/b and the unit (a unit the file creates)
    assert rows[0]["NIP BARU"] in tabel and "Pegawai Nomor 1" in tabel
    assert "<td>Golongan</td><td>III/a</td><td>III/b</td>" in tabel
    assert f"<td>Unit kerja</td><td>{siasn.UNOR_NAMA}</td><td>Bidang Pelatihan (unit baru)</td>" in tabel
    # the changed PPPK is labelled by its kind, with its old and new name
    assert "NI PPPK</span> " + rows[2]["NIP BARU"] in tabel
    assert "<td>Nama</td><td>Pegawai Nomor 3</td><td>Sinta Novita Rahmadani</td>" in tabel
    # the new employee, and nothing of the unchanged one
    assert rows[3]["NIP BARU"] in tabel and "Budi Baru" in tabel and "Pegawai baru" in tabel
    assert rows[1]["NIP BARU"] not in tabel


def test_uji_coba_jumlah_kueri_tetap_walau_banyak_yang_berubah(inst):
    sedikit = [pegawai(n) for n in range(1, 4)]
    banyak = [pegawai(n) for n in range(10, 110)]
    _pertama(inst, sedikit + banyak)

    def kueri(rows):
        ubah = [{**r, "GOL AKHIR NAMA": "III/b", "GOL AKHIR ID": "32", "NAMA": r["NAMA"] + " X"} for r in rows]
        with CaptureQueriesContext(connection) as ctx:
            hasil = periksa(inst, ubah)
        assert hasil.diperbarui == len(rows) and len(hasil.perubahan) == len(rows)
        return len(ctx)

    assert kueri(banyak) == kueri(sedikit)


def test_daftar_perubahan_dibatasi_dan_dipaginasi(client, inst, monkeypatch):
    rows = [pegawai(n) for n in range(1, 8)]
    _pertama(inst, rows)
    monkeypatch.setattr(kolom, "MAKS_PERUBAHAN", 60)
    ubah = [{**r, "NAMA": r["NAMA"] + " Baru"} for r in rows] + [pegawai(n) for n in range(100, 160)]
    hr = f.hr_user(inst)
    imp = services.impor_create(actor=hr, berkas=SimpleUploadedFile("pegawai.csv", siasn.csv_bytes(ubah)))
    assert imp.ringkasan["baru"] == 60 and imp.ringkasan["diperbarui"] == 7
    assert len(imp.ringkasan["perubahan"]) == 60
    client.force_login(hr)
    url = reverse("impor-detail", args=[imp.pk])
    page = client.get(url).content.decode()
    assert "Ditampilkan 60 pegawai pertama dari 67" in page and "1 / 2" in page
    kedua = client.get(url, {"halaman": 2}).content.decode()
    assert "2 / 2" in kedua and pegawai(152)["NIP BARU"] in kedua
    assert client.get(url, {"halaman": "abc"}).status_code == 400


def test_perintah_uji_coba_mencetak_perubahan(inst, tmp_path):
    rows = [pegawai(1), pppk(2)]
    _pertama(inst, rows)
    rows[1] = {**rows[1], "GOL AKHIR NAMA": "X"}
    rows.append(pegawai(3, nama="Budi Baru"))
    path = tmp_path / "pegawai.csv"
    path.write_bytes(siasn.csv_bytes(rows))
    out = io.StringIO()
    call_command("impor_pegawai", str(path), "--instansi", "TEBO", "--dry-run", stdout=out)
    text = out.getvalue()
    assert f"Diperbarui: NI PPPK {rows[1]['NIP BARU']} Pegawai Nomor 2" in text
    assert "    Golongan: IX → X" in text
    assert f"Baru: NIP {rows[2]['NIP BARU']} Budi Baru" in text
    assert rows[0]["NIP BARU"] not in text
    assert Pegawai.objects.get(nip=rows[1]["NIP BARU"]).golongan == "IX"


def test_laporan_impor_menyebut_ni_pppk_untuk_pppk_dan_nip_untuk_pns(inst):
    rows = [pppk(1), pppk(2, nip_baru=pppk(1)["NIP BARU"], tanggal_lahir=pppk(1)["TANGGAL LAHIR"],
                            jenis_kelamin=pppk(1)["JENIS KELAMIN"]),
            pegawai(3), pegawai(4, nip_baru=pegawai(3)["NIP BARU"], tanggal_lahir=pegawai(3)["TANGGAL LAHIR"],
                                tmt_cpns=pegawai(3)["TMT CPNS"], jenis_kelamin=pegawai(3)["JENIS KELAMIN"])]
    hasil = periksa(inst, rows)
    assert _galat(hasil, BARIS[1], "NIP BARU").startswith(f"NI PPPK {rows[0]['NIP BARU']} muncul dua kali")
    assert _galat(hasil, BARIS[3], "NIP BARU").startswith(f"NIP {rows[2]['NIP BARU']} muncul dua kali")
