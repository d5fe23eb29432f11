"""The supervisor's form, HR reopen, the employee's result and objections, against the real PostgreSQL.

Periods and evaluations come from the factories (status dibuka), not from the period service.
"""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from evaluasi.models import Evaluasi, Keberatan
from evaluasi.services import form as svc
from pembinaan.models import Kompetensi, Notifikasi
from tests import factories as f
from tests.evaluasi.factories import EvaluasiFactory, PeriodeFactory

pytestmark = pytest.mark.django_db


def _pegawai(instansi, unit, nama, atasan=None):
    p = f.PegawaiFactory(instansi=instansi, unit_kerja=unit, nama=nama, atasan=atasan)
    return p, f.pegawai_user(p)


def _evaluasi(periode, pegawai, penilai):
    return EvaluasiFactory(periode=periode, pegawai=pegawai, penilai=penilai, penilai_nama=penilai.nama,
                           penilai_nip=penilai.nip, penilai_jabatan="Kepala Bidang", penilai_unit="Bidang Umum")


@pytest.fixture
def d():
    f.ensure_reference_data()
    instansi = f.InstansiFactory(kode="EVA")
    unit = f.UnitKerjaFactory(instansi=instansi, nama="Dinas Pendidikan")
    kepala, kepala_u = _pegawai(instansi, unit, "Kepala Dinas Sutrisno")
    penilai, penilai_u = _pegawai(instansi, unit, "Kabid Ratna Sari", atasan=kepala)
    staf1, staf1_u = _pegawai(instansi, unit, "Staf Agus Salim", atasan=penilai)
    staf2, staf2_u = _pegawai(instansi, unit, "Staf Budi Hartono", atasan=penilai)
    lain, lain_u = _pegawai(instansi, unit, "Kabid Lain Wijaya", atasan=kepala)
    staf_lain, staf_lain_u = _pegawai(instansi, unit, "Staf Citra Lestari", atasan=lain)
    periode = PeriodeFactory(instansi=instansi, status="dibuka", nama="Triwulan I 2026")
    return SimpleNamespace(
        instansi=instansi, periode=periode, kepala=kepala, kepala_u=kepala_u, penilai=penilai, penilai_u=penilai_u,
        staf1=staf1, staf1_u=staf1_u, staf2=staf2, staf2_u=staf2_u, lain=lain, lain_u=lain_u,
        staf_lain=staf_lain, staf_lain_u=staf_lain_u, hr=f.hr_user(instansi),
        ev1=_evaluasi(periode, staf1, penilai), ev2=_evaluasi(periode, staf2, penilai),
        ev_lain=_evaluasi(periode, staf_lain, lain),
    )


def _isi(ev):
    return reverse("evaluasi:evaluasi-isi", args=[ev.pk])


def _post(client, user, ev, aksi="draf", versi=0, **fields):
    client.force_login(user)
    return client.post(_isi(ev), {"aksi": aksi, "versi": versi, **fields})


def _ajukan(client, d, ev, hasil="sesuai", perilaku="sesuai", **extra):
    """"Ajukan" saves the draft and asks for confirmation; "Ya, ajukan dan kunci" submits what was reviewed."""
    r = _post(client, d.penilai_u, ev, "ajukan", versi=Evaluasi.objects.get(pk=ev.pk).versi,
              rating_hasil_kerja=hasil, rating_perilaku_kerja=perilaku, **extra)
    assert r.status_code == 200 and "Ya, ajukan dan kunci" in r.content.decode(), r.content.decode()[:2000]
    assert Evaluasi.objects.get(pk=ev.pk).status == "draf"  # not locked before the confirmation
    r = client.post(_isi(ev), {"aksi": "ajukan_pasti", "versi": r.context["form"]["versi"].value()})
    assert r.status_code == 302, r.content.decode()[:2000]
    return Evaluasi.objects.get(pk=ev.pk)


def test_simpan_draf_menyimpan_isian_tanpa_mengunci(client, d):
    integritas = Kompetensi.objects.get(instansi=None, kode="M1")
    r = _post(client, d.penilai_u, d.ev1, rating_hasil_kerja="di_atas", catatan_akuntabel="Selalu tepat waktu.",
              catatan_harmonis="", umpan_balik="Dialog kinerja 12 Maret.", rekomendasi=[integritas.pk])
    assert r.status_code == 302
    ev = Evaluasi.objects.get(pk=d.ev1.pk)
    assert (ev.status, ev.versi, ev.rating_hasil_kerja, ev.predikat) == ("draf", 1, "di_atas", "")
    assert ev.catatan_perilaku == {"akuntabel": "Selalu tepat waktu."}
    assert ev.umpan_balik == "Dialog kinerja 12 Maret."
    assert list(ev.rekomendasi.all()) == [integritas]
    assert ev.diajukan_pada is None
    # Still editable: the form comes back with the saved values and both buttons.
    page = client.get(_isi(ev)).content.decode()
    assert "Selalu tepat waktu." in page and "Simpan draf" in page and 'value="1"' in page


@pytest.mark.parametrize("hasil, perilaku, harapan", [
    ("di_atas", "di_atas", "sangat_baik"),
    ("di_bawah", "sesuai", "butuh_perbaikan"),
    ("sesuai", "di_bawah", "kurang"),
])
def test_ajukan_mengunci_dengan_predikat_matriks_dan_predikat_ketikan_diabaikan(client, d, hasil, perilaku, harapan):
    ev = _ajukan(client, d, d.ev1, hasil, perilaku, predikat="sangat_baik", status="belum")
    assert (ev.status, ev.predikat) == ("diajukan", harapan)
    assert ev.diajukan_pada is not None
    assert Notifikasi.objects.filter(penerima=d.staf1_u, jenis="evaluasi_hasil").count() == 1
    # The list shows it submitted with the predikat.
    client.force_login(d.penilai_u)
    daftar = client.get(reverse("evaluasi:penilai-list")).content.decode()
    assert ev.get_predikat_display() in daftar


def test_ajukan_tanpa_rating_ditolak_dan_isian_tetap(client, d):
    r = _post(client, d.penilai_u, d.ev1, "ajukan", rating_hasil_kerja="sesuai",
              umpan_balik="Catatan panjang yang tidak boleh hilang.")
    assert r.status_code == 400
    page = r.content.decode()
    assert "Pilih rating perilaku kerja sebelum mengajukan." in page
    assert "Catatan panjang yang tidak boleh hilang." in page
    assert 'value="sesuai" class="form-check-input" id="id_rating_hasil_kerja_1" checked' in page
    ev = Evaluasi.objects.get(pk=d.ev1.pk)
    assert (ev.status, ev.versi, ev.umpan_balik) == ("belum", 0, "")


def test_dua_penyunting_yang_kedua_ditolak_tanpa_menimpa(client, d):
    client.force_login(d.penilai_u)
    for _ in range(2):  # two tabs load the form: both carry versi 0
        assert 'name="versi" value="0"' in client.get(_isi(d.ev1)).content.decode()
    assert _post(client, d.penilai_u, d.ev1, versi=0, umpan_balik="Versi tab pertama.",
                 rating_hasil_kerja="di_atas").status_code == 302
    r = _post(client, d.penilai_u, d.ev1, versi=0, umpan_balik="Versi tab kedua.", rating_hasil_kerja="di_bawah")
    assert r.status_code == 409
    page = r.content.decode()
    assert "Formulir ini baru saja diubah oleh orang lain pada" in page
    assert "data Anda belum tersimpan, periksa perubahan lalu simpan lagi" in page
    assert "Versi tab kedua." in page and "Versi tab pertama." in page  # typed kept; stored shown beside it
    ev = Evaluasi.objects.get(pk=d.ev1.pk)
    assert (ev.umpan_balik, ev.rating_hasil_kerja, ev.versi) == ("Versi tab pertama.", "di_atas", 1)
    # Having looked, the user saves deliberately with the version the page now carries.
    assert 'name="versi" value="1"' in page
    assert _post(client, d.penilai_u, d.ev1, versi=1, umpan_balik="Versi tab kedua.").status_code == 302
    assert Evaluasi.objects.get(pk=d.ev1.pk).umpan_balik == "Versi tab kedua."


def test_layanan_menolak_versi_lama(d):
    svc.evaluasi_save_draft(actor=d.penilai_u, evaluasi=d.ev1, data={"umpan_balik": "A"}, versi=0)
    with pytest.raises(svc.KonflikVersi):
        svc.evaluasi_save_draft(actor=d.penilai_u, evaluasi=d.ev1, data={"umpan_balik": "B"}, versi=0)
    assert Evaluasi.objects.get(pk=d.ev1.pk).umpan_balik == "A"


def test_formulir_diajukan_tidak_dapat_diubah(client, d):
    ev = _ajukan(client, d, d.ev1, "di_atas", "sesuai")
    r = _post(client, d.penilai_u, ev, "draf", versi=ev.versi, rating_hasil_kerja="di_bawah", umpan_balik="Ubah")
    assert r.status_code == 302
    after = Evaluasi.objects.get(pk=ev.pk)
    assert (after.status, after.rating_hasil_kerja, after.predikat, after.versi) == ("diajukan", "di_atas", "baik",
                                                                                        ev.versi)
    page = client.get(_isi(ev)).content.decode()
    assert "sudah diajukan" in page and "Simpan draf" not in page


def test_hr_membuka_kembali_dengan_alasan(client, d):
    ev = _ajukan(client, d, d.ev1, "sesuai", "sesuai")
    url = reverse("evaluasi:evaluasi-buka-kembali", args=[ev.pk])
    client.force_login(d.penilai_u)  # the evaluator cannot reopen their own submitted form
    assert client.post(url, {"alasan": "x"}).status_code == 404
    client.force_login(d.hr)
    assert "Buka kembali" in client.get(_isi(ev)).content.decode()
    r = client.post(url, {"alasan": "  "}, follow=True)
    assert "Alasan membuka kembali wajib diisi." in r.content.decode()
    assert Evaluasi.objects.get(pk=ev.pk).status == "diajukan"
    client.post(url, {"alasan": "Salah memilih rating hasil kerja."})
    after = Evaluasi.objects.get(pk=ev.pk)
    assert (after.status, after.diajukan_pada, after.versi) == ("draf", None, ev.versi + 1)
    assert after.alasan_dibuka_kembali == "Salah memilih rating hasil kerja."
    event = Evaluasi.pgh_event_model.objects.select_related("pgh_context").filter(pgh_obj=ev).order_by("pgh_id").last()
    assert event.status == "draf"
    assert event.pgh_context.metadata | {"url": None} == {"user": d.hr.pk, "sumber": "evaluasi_buka_kembali",
                                                          "alasan": "Salah memilih rating hasil kerja.", "url": None}
    assert Notifikasi.objects.filter(penerima=d.penilai_u, jenis="evaluasi_dibuka_kembali").exists()
    # The evaluator can change it again.
    assert _post(client, d.penilai_u, after, versi=after.versi, rating_hasil_kerja="di_atas").status_code == 302


def test_penilai_lain_mendapat_404_dan_daftar_hanya_miliknya(client, d):
    client.force_login(d.lain_u)
    assert client.get(_isi(d.ev1)).status_code == 404
    assert _post(client, d.lain_u, d.ev1, rating_hasil_kerja="di_bawah").status_code == 404
    pratinjau = reverse("evaluasi:evaluasi-pratinjau", args=[d.ev1.pk])
    assert client.post(pratinjau, {"rating_hasil_kerja": "sesuai"}).status_code == 404
    assert Evaluasi.objects.get(pk=d.ev1.pk).status == "belum"
    client.force_login(d.penilai_u)
    daftar = client.get(reverse("evaluasi:penilai-list")).content.decode()
    assert d.staf1.nama in daftar and d.staf2.nama in daftar and d.staf_lain.nama not in daftar
    # A form in a period that is not open is not in the list and cannot be written.
    ditutup = PeriodeFactory(instansi=d.instansi, status="ditutup", nama="Triwulan Lama")
    ev_lama = _evaluasi(ditutup, d.staf1, d.penilai)
    assert "Triwulan Lama" not in client.get(reverse("evaluasi:penilai-list")).content.decode()
    _post(client, d.penilai_u, ev_lama, rating_hasil_kerja="di_atas")
    assert Evaluasi.objects.get(pk=ev_lama.pk).rating_hasil_kerja == ""


def test_pratinjau_predikat_dihitung_server(client, d):
    client.force_login(d.penilai_u)
    url = reverse("evaluasi:evaluasi-pratinjau", args=[d.ev1.pk])
    assert "Butuh Perbaikan" in client.post(url, {"rating_hasil_kerja": "di_bawah",
                                                  "rating_perilaku_kerja": "di_atas"}).content.decode()
    assert "Pilih kedua rating" in client.post(url, {"rating_hasil_kerja": "di_bawah"}).content.decode()
    assert "Pilih kedua rating" in client.post(url, {"rating_hasil_kerja": "luar_biasa",
                                                     "rating_perilaku_kerja": "di_atas"}).content.decode()


def test_pegawai_hanya_melihat_hasil_sendiri_yang_diajukan(client, d):
    _post(client, d.penilai_u, d.ev1, umpan_balik="Draf rahasia.", rating_hasil_kerja="di_atas")
    client.force_login(d.staf1_u)
    assert "Draf rahasia." not in client.get(reverse("evaluasi:hasil-list")).content.decode()
    assert client.get(_isi(d.ev1)).status_code == 404
    _ajukan(client, d, d.ev2, "di_atas", "di_atas", umpan_balik="Untuk Budi.")
    ev = _ajukan(client, d, d.ev1, "di_atas", "di_atas", umpan_balik="Untuk Agus.")
    client.force_login(d.staf1_u)
    page = client.get(reverse("evaluasi:hasil-list")).content.decode()
    assert "Untuk Agus." in page and "Sangat Baik" in page and d.penilai.nama in page and d.penilai.nip in page
    assert "Untuk Budi." not in page
    assert client.get(_isi(d.ev2)).status_code == 404
    assert client.get(_isi(ev)).status_code == 200  # read-only
    assert "Simpan draf" not in client.get(_isi(ev)).content.decode()


def test_keberatan_ke_atasan_penilai_yang_mengubah_rating(client, d):
    ev = _ajukan(client, d, d.ev1, "sesuai", "di_bawah")
    assert ev.predikat == "kurang"
    url = reverse("evaluasi:keberatan-ajukan", args=[ev.pk])
    client.force_login(d.staf2_u)  # not their result
    assert client.post(url, {"alasan": "x"}).status_code == 404
    client.force_login(d.staf1_u)
    assert "Alasan keberatan wajib diisi." in client.post(url, {"alasan": ""}, follow=True).content.decode()
    assert not Keberatan.objects.exists()
    client.post(url, {"alasan": "Bukti kehadiran dan kerja sama tidak dipertimbangkan."})
    k = Keberatan.objects.get()
    assert k.pemutus == d.kepala and k.status == "diajukan"
    assert Notifikasi.objects.filter(penerima=d.kepala_u, jenis="keberatan_baru").count() == 1
    detail = reverse("evaluasi:keberatan-detail", args=[k.pk])
    for other in (d.penilai_u, d.lain_u, d.staf1_u):
        client.force_login(other)
        assert client.get(detail).status_code == 404
        assert client.post(detail, {"keputusan": "dikuatkan", "pertimbangan": "x"}).status_code == 404

    client.force_login(d.kepala_u)
    assert d.staf1.nama in client.get(reverse("evaluasi:keberatan-list")).content.decode()
    r = client.post(detail, {"keputusan": "diubah", "rating_hasil_kerja": "sesuai", "pertimbangan": "Ada bukti."})
    assert r.status_code == 400 and "Pilih rating perilaku kerja yang baru." in r.content.decode()
    r = client.post(detail, {"keputusan": "diubah", "rating_hasil_kerja": "sesuai", "rating_perilaku_kerja": "di_atas",
                             "pertimbangan": "Bukti kerja sama lintas bidang sah.", "predikat": "sangat_baik"})
    assert r.status_code == 302
    ev.refresh_from_db()
    k.refresh_from_db()
    assert (ev.rating_hasil_kerja, ev.rating_perilaku_kerja, ev.predikat) == ("sesuai", "di_atas", "baik")
    assert (k.status, k.rating_hasil_kerja_lama, k.rating_perilaku_kerja_lama, k.predikat_lama) == (
        "diubah", "sesuai", "di_bawah", "kurang")
    assert k.diputus_oleh == d.kepala_u and k.pertimbangan == "Bukti kerja sama lintas bidang sah."
    assert Notifikasi.objects.filter(penerima=d.staf1_u, jenis="keberatan_diputus").count() == 1
    # Decided once: a second decision is refused.
    r = client.post(detail, {"keputusan": "dikuatkan", "pertimbangan": "Lagi."})
    assert Keberatan.objects.get().status == "diubah"
    client.force_login(d.staf1_u)
    page = client.get(reverse("evaluasi:hasil-list")).content.decode()
    assert "Hasil diubah" in page and "Baik" in page and "Kurang/Misconduct" in page


def test_keberatan_dikuatkan(client, d):
    ev = _ajukan(client, d, d.ev1, "di_bawah", "di_bawah")
    k = svc.keberatan_submit(actor=d.staf1_u, evaluasi=ev, alasan="Tidak setuju.")
    svc.keberatan_decide(actor=d.kepala_u, keberatan=k, keputusan="dikuatkan", pertimbangan="Sesuai bukti.")
    ev.refresh_from_db()
    assert (Keberatan.objects.get().status, ev.predikat) == ("dikuatkan", "sangat_kurang")


def test_keberatan_tanpa_atasan_penilai_diteruskan_ke_hr(client, d):
    d.penilai.atasan = None
    d.penilai.save(update_fields=["atasan"])
    ev = _ajukan(client, d, d.ev1)
    client.force_login(d.staf1_u)
    r = client.post(reverse("evaluasi:keberatan-ajukan", args=[ev.pk]), {"alasan": "Tidak setuju."}, follow=True)
    assert "silakan hubungi Admin BKPSDM" in r.content.decode()
    assert Keberatan.objects.get().pemutus is None
    assert Notifikasi.objects.filter(penerima=d.hr, jenis="keberatan_tanpa_pemutus").count() == 1


def test_hr_menetapkan_pemutus_keberatan_tanpa_atasan_penilai(client, d):
    d.penilai.atasan = None
    d.penilai.save(update_fields=["atasan"])
    ev = _ajukan(client, d, d.ev1, "di_bawah", "sesuai")
    k = svc.keberatan_submit(actor=d.staf1_u, evaluasi=ev, alasan="Tidak setuju.")
    notif = Notifikasi.objects.get(penerima=d.hr, jenis="keberatan_tanpa_pemutus")
    assert notif.tautan == reverse("evaluasi:keberatan-hr") + "?tanpa_pemutus=1"
    client.force_login(d.hr)
    page = client.get(notif.tautan).content.decode()
    assert "Staf Agus Salim" in page and "Tetapkan pemutus" in page
    url = reverse("evaluasi:keberatan-pemutus", args=[k.pk])
    # the evaluated employee or the evaluator cannot decide; a NIP of another instansi is unknown here
    r = client.post(url, {"nip_pemutus": d.penilai.nip})
    assert r.status_code == 200 and r.context["form"].errors == {
        "nip_pemutus": ["Pemutus bukan pegawai yang dinilai dan bukan pejabat penilainya."]}
    lain_instansi = f.PegawaiFactory()
    r = client.post(url, {"nip_pemutus": lain_instansi.nip})
    assert f"Tidak ada pegawai dengan NIP / NI PPPK {lain_instansi.nip}" in r.context["form"].errors["nip_pemutus"][0]
    assert Keberatan.objects.get(pk=k.pk).pemutus is None
    r = client.post(url, {"nip_pemutus": d.kepala.nip})
    assert r.status_code == 302 and Keberatan.objects.get(pk=k.pk).pemutus == d.kepala
    assert Notifikasi.objects.filter(penerima=d.kepala_u, jenis="keberatan_baru").count() == 1
    # the decider now finds it and decides; after that HR can no longer change the decider
    client.force_login(d.kepala_u)
    assert client.get(reverse("evaluasi:keberatan-detail", args=[k.pk])).status_code == 200
    svc.keberatan_decide(actor=d.kepala_u, keberatan=k, keputusan="dikuatkan", pertimbangan="Sesuai bukti.")
    client.force_login(d.hr)
    r = client.get(url, follow=True)
    assert "Keberatan ini sudah diputus." in r.content.decode()
    # HR of another instansi sees nothing of it
    client.force_login(f.hr_user(f.InstansiFactory(kode="LAIN", nama="Kabupaten Lain")))
    assert client.get(url).status_code == 404
    assert "Staf Agus Salim" not in client.get(reverse("evaluasi:keberatan-hr")).content.decode()
