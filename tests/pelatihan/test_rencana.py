"""Issue 11 part B: plan lines from the suggested grouping, 20 JP coverage (PNS and PPPK), penetapan and revisions."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from pelatihan.models import AturanJP, Kebutuhan, PengecualianJP, RencanaItem, RevisiRencana, SiklusRencana
from pelatihan.selectors import rencana as sel
from pelatihan.services import rencana as svc
from tests import factories as f
from tests.pelatihan.factories import MitraFactory, bentuk
from tests.pelatihan.rencana_data import delegasi, kebutuhan, kompetensi, ppk_user, pppk, siklus_baru

pytestmark = pytest.mark.django_db
S = Kebutuhan.Status


@pytest.fixture
def w():
    inst = f.InstansiFactory(kode="RENC")
    opd = f.UnitKerjaFactory(instansi=inst, nama="Dinas Kesehatan")
    opd2 = f.UnitKerjaFactory(instansi=inst, nama="Dinas Pendidikan")
    siklus = siklus_baru(inst)
    layanan = kompetensi(inst, "M5X", "Pelayanan Publik Dasar", "manajerial")
    teknis = kompetensi(inst, "T1", "Pengelolaan Gizi")
    return {"inst": inst, "opd": opd, "opd2": opd2, "siklus": siklus, "layanan": layanan, "teknis": teknis,
            "hr": f.hr_user(inst), "mitra": MitraFactory(instansi=inst, nama="BPSDM Provinsi")}


def _pns(w, n, unit=None, **kw):
    return [f.PegawaiFactory(instansi=w["inst"], unit_kerja=unit or w["opd"], **kw) for _ in range(n)]


# ---------------------------------------------------------------------------- the suggested grouping

def test_saran_per_kompetensi_dan_bentuk_dengan_ukuran_kelas_minimal(w):
    s = w["siklus"]
    banyak = _pns(w, 20) + _pns(w, 1, unit=w["opd2"])
    for p in banyak:
        kebutuhan(s, p, w["layanan"])
    sedikit = _pns(w, 3)
    for p in sedikit:
        kebutuhan(s, p, w["teknis"])
    ingin = _pns(w, 1)[0]
    kebutuhan(s, ingin, w["teknis"], sumber=Kebutuhan.Sumber.USULAN, bentuk_usulan=bentuk("NKL03"))
    kebutuhan(s, sedikit[0], w["layanan"], sumber=Kebutuhan.Sumber.REKOMENDASI)  # same person, same group
    kebutuhan(s, _pns(w, 1)[0], w["layanan"], status=S.USULAN)  # not verified yet: not grouped
    latsar = _pns(w, 1, jenis_asn="CPNS")[0]
    kebutuhan(s, latsar, sumber=Kebutuhan.Sumber.WAJIB, jenis_wajib=Kebutuhan.Wajib.LATSAR)

    saran = {g.kunci: g for g in sel.saran_pengelompokan(siklus=s)}
    manajerial = saran[f"k{w['layanan'].pk}|KL02"]
    assert manajerial.jumlah_pegawai == 22 and len(manajerial.kebutuhan_ids) == 22 and not manajerial.kecil
    assert manajerial.opd == {w["opd"].pk, w["opd2"].pk}
    kecil = saran[f"k{w['teknis'].pk}|KL03"]  # 3 people for KL03 (classroom, minimum 20): distance learning
    assert kecil.kecil and kecil.bentuk.kode == "NKL04" and kecil.bentuk_asal.kode == "KL03"
    assert kecil.jumlah_pegawai == 3
    assert saran[f"k{w['teknis'].pk}|NKL03"].pegawai_ids == {ingin.pk}  # the employee's own wish kept apart
    assert saran["wlatsar|KL12"].bentuk.kode == "NKL04"  # KL12 with one CPNS: small class too
    assert len(saran) == 4

    s.ukuran_kelas_minimal = 3  # configurable per cycle
    s.save()
    saran = {g.kunci: g for g in sel.saran_pengelompokan(siklus=s)}
    assert not saran[f"k{w['teknis'].pk}|KL03"].kecil


def test_hr_membuat_banyak_baris_sekaligus_dari_saran(w, client):
    s = w["siklus"]
    a, b = _pns(w, 2), _pns(w, 2)
    for p in a:
        kebutuhan(s, p, w["layanan"])
    for p in b:
        kebutuhan(s, p, w["teknis"])
    saran = sel.saran_pengelompokan(siklus=s)
    client.force_login(w["hr"])
    url = reverse("pelatihan:rencana-kelompok", args=[s.pk])
    assert "Pelayanan Publik Dasar" in client.get(url).content.decode()
    data = {}
    for i, g in enumerate(saran):
        data |= {f"kunci_{i}": g.kunci, f"pilih_{i}": "on", f"nama_{i}": f"Program {g.judul}",
                 f"bentuk_{i}": g.bentuk.pk, f"jp_{i}": "24", f"triwulan_{i}": "2"}
    data["jp_1"] = ""  # a ticked group without JP: the row is named, nothing made
    resp = client.post(url, data)
    assert resp.status_code == 200 and "JP kelompok" in resp.content.decode()
    assert not RencanaItem.objects.exists()
    data["jp_1"] = "12"
    resp = client.post(url, data)
    assert resp.status_code == 302
    items = list(RencanaItem.objects.filter(siklus=s).order_by("nomor"))
    assert [i.nomor for i in items] == [1, 2] and {i.jp for i in items} == {24, 12}
    assert set(Kebutuhan.objects.values_list("status", flat=True)) == {S.MASUK_RENCANA}
    assert sel.saran_pengelompokan(siklus=s) == []  # nothing left to group


def test_baris_dihargai_total_dan_jejak_kebutuhan(w, client):
    s = w["siklus"]
    orang = _pns(w, 3)
    ks = [kebutuhan(s, p, w["teknis"]) for p in orang]
    kebutuhan(s, orang[0], w["teknis"], sumber=Kebutuhan.Sumber.REKOMENDASI)  # second reason, same person
    client.force_login(w["hr"])
    data = {"nama_program": "Pelatihan Gizi Masyarakat", "kompetensi": [w["teknis"].pk], "bentuk": bentuk("KL03").pk,
            "jalur": "pelatihan", "penyelenggara": w["mitra"].pk, "triwulan": "3", "jp": "30",
            "biaya_satuan": "1500000", "sumber_dana": "apbd_opd", "kode_sub_kegiatan": "5.01.01.2.05",
            "sesuai_kurikulum": "on", "rujukan_kurikulum": "Kurikulum Kemenkes 2024", "prioritas": "1",
            "kebutuhan": [k.pk for k in Kebutuhan.objects.filter(siklus=s)]}
    resp = client.post(reverse("pelatihan:rencana-item-create", args=[s.pk]), data)
    assert resp.status_code == 302, resp.content.decode()[:2000]
    item = RencanaItem.objects.get()
    assert item.total_biaya == Decimal("4500000")  # 3 distinct people × Rp 1.5 million
    assert item.kebutuhan.count() == 4
    # one reload removes one person and keeps the others
    data["kebutuhan"] = [ks[1].pk, ks[2].pk]
    assert client.post(reverse("pelatihan:rencana-item-edit", args=[item.pk]), data).status_code == 302
    item.refresh_from_db()
    assert item.total_biaya == Decimal("3000000")
    assert Kebutuhan.objects.get(pk=ks[0].pk).status == S.DIVERIFIKASI
    page = client.get(reverse("pelatihan:rencana-list", args=[s.pk])).content.decode()
    assert "Pelatihan Gizi Masyarakat" in page and "Rp 3.000.000" in page and "Dinas Kesehatan" in page


def test_baris_menolak_kebutuhan_instansi_lain_dan_mitra_lain(w, client):
    s = w["siklus"]
    lain = f.InstansiFactory(kode="LAIN")
    s_lain = siklus_baru(lain)
    asing = kebutuhan(s_lain, f.PegawaiFactory(instansi=lain), kompetensi(lain, "X", "Asing"))
    client.force_login(w["hr"])
    data = {"nama_program": "P", "bentuk": bentuk("KL03").pk, "jalur": "pelatihan", "triwulan": "1", "jp": "20",
            "biaya_satuan": "0", "sumber_dana": "apbn", "prioritas": "2", "kebutuhan": [asing.pk],
            "penyelenggara": MitraFactory(instansi=lain).pk}
    resp = client.post(reverse("pelatihan:rencana-item-create", args=[s.pk]), data)
    assert resp.status_code == 200 and not RencanaItem.objects.exists()
    # another instansi's cycle and line: 404, as missing ones
    assert client.get(reverse("pelatihan:rencana-list", args=[s_lain.pk])).status_code == 404
    item = RencanaItem.objects.create(siklus=s_lain, nama_program="Asing", bentuk=bentuk("KL03"), triwulan=1, jp=1)
    assert client.post(reverse("pelatihan:rencana-item-edit", args=[item.pk]), data).status_code == 404


# ---------------------------------------------------------------------------- 20 JP coverage, PNS and PPPK

def _baris(s, jp, *orang):
    item = RencanaItem.objects.create(siklus=s, nama_program=f"Baris {jp} JP", bentuk=bentuk("KL03"), triwulan=1,
                                      jp=jp)
    for p in orang:
        k = Kebutuhan.objects.filter(siklus=s, pegawai=p).first() or kebutuhan(s, p, sumber=Kebutuhan.Sumber.JP)
        item.kebutuhan.add(k)
    return item


def test_cakupan_20_jp_pns_dan_batas_pppk(w):
    s = w["siklus"]
    cukup, kurang, belajar, mpp, cltn = _pns(w, 5)
    belajar.status = "tugas_belajar"
    belajar.save()
    cltn.status = "cuti"
    cltn.save()
    pppk_lebih = pppk(instansi=w["inst"], unit_kerja=w["opd"])
    pppk_nol = pppk(instansi=w["inst"], unit_kerja=w["opd"])
    pensiun = f.PegawaiFactory(instansi=w["inst"], status="pensiun")  # not counted at all
    _baris(s, 12, cukup, kurang, pppk_lebih)
    _baris(s, 12, cukup, pppk_lebih)
    _baris(s, 8, pppk_lebih)
    PengecualianJP.objects.create(siklus=s, pegawai=mpp, alasan=PengecualianJP.Alasan.MPP)

    c = sel.cakupan_jp(siklus=s)
    assert c.jp[cukup.pk] == 24 and c.jp[kurang.pk] == 12 and pensiun.pk not in c.jp
    assert c.bertarget == 5  # the PNS; PPPK have no target by default
    assert c.tercakup == 1 and c.dikecualikan == 3 and [r[0] for r in c.kurang] == [kurang.pk]
    assert c.pengecualian[belajar.pk] == ("Tugas belajar", True)
    assert c.pengecualian[cltn.pk] == ("Cuti di luar tanggungan negara", True)
    assert c.pengecualian[mpp.pk] == ("Masa persiapan pensiun", False)
    assert c.melebihi == [(pppk_lebih.pk, 32, 24)]  # PPPK above the 24 JP ceiling: flagged
    assert pppk_nol.pk not in {r[0] for r in c.kurang}

    # A region that monitors 20 JP for PPPK too: the PPPK with nothing planned becomes uncovered.
    AturanJP.objects.create(instansi=w["inst"], jenis_asn="PPPK", target=20, batas=24)
    c = sel.cakupan_jp(siklus=s)
    assert {r[0] for r in c.kurang} == {kurang.pk, pppk_nol.pk}


def test_halaman_cakupan_dan_pengecualian(w, client):
    s = w["siklus"]
    (kurang,) = _pns(w, 1)
    lebih = pppk(instansi=w["inst"], unit_kerja=w["opd"], nama="Pppk Berlebih")
    _baris(s, 30, lebih)
    client.force_login(w["hr"])
    url = reverse("pelatihan:rencana-cakupan", args=[s.pk])
    page = client.get(url).content.decode()
    assert kurang.nip_tampil in page
    assert "Pppk Berlebih" in client.get(url + "?daftar=melebihi").content.decode()
    resp = client.post(url, {"nip": "199001012020011999", "alasan": "mpp", "catatan": ""})
    assert resp.status_code == 200 and "tidak ditemukan" in resp.content.decode()
    assert client.post(url, {"nip": kurang.nip, "alasan": "mpp", "catatan": "Pensiun Maret"}).status_code == 302
    assert sel.cakupan_jp(siklus=s).lengkap
    e = PengecualianJP.objects.get()
    assert client.post(reverse("pelatihan:rencana-pengecualian-delete", args=[e.pk])).status_code == 302
    assert not sel.cakupan_jp(siklus=s).lengkap
    for q in ("daftar=x", "halaman=abc"):
        assert client.get(f"{url}?{q}").status_code == 400


# ---------------------------------------------------------------------------- penetapan and revisions

def _siap_ditetapkan(w):
    s = w["siklus"]
    (a,) = _pns(w, 1)
    k = kebutuhan(s, a, w["teknis"], status=S.MASUK_RENCANA)
    item = RencanaItem.objects.create(siklus=s, nomor=1, nama_program="Bimtek Gizi", bentuk=bentuk("KL10"),
                                      triwulan=2, jp=20, biaya_satuan=Decimal(500000), total_biaya=Decimal(500000))
    item.kebutuhan.add(k)
    return s, item, a


def test_penetapan_izin_tersendiri(w, client):
    s, item, _ = _siap_ditetapkan(w)
    url = reverse("pelatihan:rencana-tetapkan", args=[s.pk])
    data = {"nomor_keputusan": "800/123/BKPSDM/2026", "tanggal_keputusan": "2026-10-20"}
    lain = f.InstansiFactory(kode="LAINPPK")
    for user in (w["hr"], f.pimpinan_user(w["inst"]), ppk_user(lain)):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, data).status_code == 404
    s.refresh_from_db()
    assert s.versi == 0 and s.tahap == "verifikasi"
    # The list offers the action only to who may take it.
    client.force_login(w["hr"])
    assert url not in client.get(reverse("pelatihan:rencana-list", args=[s.pk])).content.decode()
    ppk = ppk_user(w["inst"])
    client.force_login(ppk)
    assert url in client.get(reverse("pelatihan:rencana-list", args=[s.pk])).content.decode()
    assert client.post(url, data).status_code == 302
    s.refresh_from_db()
    item.refresh_from_db()
    assert (s.tahap, s.versi, s.nomor_keputusan, s.ditetapkan_oleh) == ("ditetapkan", 1, data["nomor_keputusan"], ppk)
    assert item.terkunci
    assert RevisiRencana.objects.get(siklus=s).versi == 1


def test_hr_yang_didelegasikan_boleh_menetapkan(w):
    s, _, _ = _siap_ditetapkan(w)
    with pytest.raises(PermissionDenied):
        svc.rencana_tetapkan(actor=w["hr"], siklus=s, nomor_keputusan="1", tanggal_keputusan=datetime.date(2026, 10, 1))
    delegasi(w["hr"])
    hr = type(w["hr"]).objects.get(pk=w["hr"].pk)  # permissions are cached on the user object
    svc.rencana_tetapkan(actor=hr, siklus=s, nomor_keputusan="1", tanggal_keputusan=datetime.date(2026, 10, 1))
    assert SiklusRencana.objects.get(pk=s.pk).versi == 1


def test_penetapan_menunggu_cakupan_lengkap(w, client):
    s, _, _ = _siap_ditetapkan(w)
    (belum,) = _pns(w, 1)
    client.force_login(ppk_user(w["inst"]))
    url = reverse("pelatihan:rencana-tetapkan", args=[s.pk])
    resp = client.post(url, {"nomor_keputusan": "800/1", "tanggal_keputusan": "2026-10-20"})
    assert resp.status_code == 200 and "1 pegawai belum mencapai target JP" in resp.content.decode()
    assert SiklusRencana.objects.get(pk=s.pk).versi == 0
    resp = client.post(url, {"nomor_keputusan": "", "tanggal_keputusan": ""})
    assert "Nomor keputusan PPK wajib diisi" in resp.content.decode()
    PengecualianJP.objects.create(siklus=s, pegawai=belum, alasan="mpp")
    assert client.post(url, {"nomor_keputusan": "800/1", "tanggal_keputusan": "2026-10-20"}).status_code == 302


def _data_item(item, **ganti):
    return {"nama_program": item.nama_program, "bentuk": item.bentuk_id, "jalur": item.jalur, "penyelenggara": "",
            "triwulan": str(item.triwulan), "jp": str(item.jp), "biaya_satuan": str(item.biaya_satuan),
            "sumber_dana": item.sumber_dana, "kode_sub_kegiatan": "", "prioritas": str(item.prioritas),
            "kebutuhan": list(item.kebutuhan.values_list("pk", flat=True)), "kompetensi": []} | ganti


def test_sesudah_penetapan_perubahan_adalah_revisi_beralasan(w, client):
    s, item, _ = _siap_ditetapkan(w)
    svc.rencana_tetapkan(actor=ppk_user(w["inst"]), siklus=s, nomor_keputusan="800/9",
                         tanggal_keputusan=datetime.date(2026, 10, 20))
    client.force_login(w["hr"])
    url = reverse("pelatihan:rencana-item-edit", args=[item.pk])
    assert "Alasan revisi" in client.get(url).content.decode()
    resp = client.post(url, _data_item(item, biaya_satuan="750000"))
    assert resp.status_code == 200 and "Alasan revisi wajib diisi" in resp.content.decode()
    item.refresh_from_db()
    assert item.biaya_satuan == Decimal(500000)
    resp = client.post(url, _data_item(item, biaya_satuan="750000", alasan="APBD Perubahan: harga satuan naik"))
    assert resp.status_code == 302
    s.refresh_from_db()
    revisi = RevisiRencana.objects.get(siklus=s, versi=2)
    assert s.versi == 2 and revisi.penulis == w["hr"] and revisi.item_id == item.pk
    assert revisi.sebelum["biaya_satuan"] == "500000.00" and revisi.sesudah["biaya_satuan"] == "750000.00"
    assert revisi.sesudah["total_biaya"] == "750000.00"
    page = client.get(reverse("pelatihan:rencana-list", args=[s.pk])).content.decode()
    assert "APBD Perubahan: harga satuan naik" in page and "Penetapan rencana" in page
    # Removing a line after penetapan is a revision too.
    hapus = reverse("pelatihan:rencana-item-delete", args=[item.pk])
    assert client.post(hapus, {}).status_code == 200 and RencanaItem.objects.filter(pk=item.pk).exists()
    assert client.post(hapus, {"alasan": "Dibatalkan"}).status_code == 302
    assert RevisiRencana.objects.get(siklus=s, versi=3).sesudah == {"dihapus": True}


def test_menu_membawa_ppk_dan_hr_ke_rencana(w, client):
    """The menu's entry opens the latest cycle's plan for its recipients (PPK and HR); others do not get it."""
    from pembinaan.menu import menu_untuk

    def tautan(user):
        return [a.url for i in menu_untuk(user) for a in (i.anak or (i,)) if a.label.startswith("Rencana pelaksanaan")]

    url = reverse("pelatihan:rencana-terkini")
    for user in (ppk_user(w["inst"]), w["hr"]):
        assert tautan(user) == [url]
        client.force_login(user)
        resp = client.get(url, follow=True)
        assert resp.redirect_chain[-1][0] == reverse("pelatihan:rencana-list", args=[w["siklus"].pk])
        assert resp.status_code == 200
    assert tautan(f.pimpinan_user(w["inst"])) == []
    assert tautan(f.pegawai_user(_pns(w, 1)[0])) == []


def test_yang_belum_tercakup_dimasukkan_ke_baris_sekaligus(w, client):
    s = w["siklus"]
    a, b = _pns(w, 2)
    ada = kebutuhan(s, b, w["teknis"])  # b has a free verified need: that one is used
    kontrak = pppk(instansi=w["inst"], unit_kerja=w["opd"])  # no target by default: not on the list
    asing = f.PegawaiFactory()
    item = RencanaItem.objects.create(siklus=s, nomor=1, nama_program="E-learning 20 JP", bentuk=bentuk("NKL03"),
                                      triwulan=1, jp=20, biaya_satuan=Decimal(100000))
    client.force_login(w["hr"])
    url = reverse("pelatihan:rencana-cakupan-tambah", args=[s.pk])
    for salah in (kontrak.pk, asing.pk):
        resp = client.post(url, {"item": item.pk, "pegawai": [a.pk, salah]}, follow=True)
        assert "bukan salah satu dari pilihan yang tersedia" in resp.content.decode()
        assert item.kebutuhan.count() == 0
    resp = client.post(url, {"item": item.pk, "pegawai": [a.pk, b.pk]}, follow=True)
    assert "2 pegawai dimasukkan" in resp.content.decode()
    assert set(item.kebutuhan.values_list("pegawai_id", flat=True)) == {a.pk, b.pk}
    assert item.kebutuhan.filter(pk=ada.pk).exists()
    baru = Kebutuhan.objects.get(pegawai=a, siklus=s)
    assert (baru.sumber, baru.status, baru.opd) == ("jp", S.MASUK_RENCANA, w["opd"])
    item.refresh_from_db()
    assert item.total_biaya == Decimal(200000)
    assert sel.cakupan_jp(siklus=s).lengkap


def _dicentang(html, pk):
    """Whether the page's "pegawai" checkbox of ``pk`` is ticked."""
    import re

    m = re.search(rf'<input[^>]*name="pegawai" value="{pk}"[^>]*>', html)
    assert m, pk
    return " checked" in m.group(0)


def test_tambah_ke_baris_ditolak_mempertahankan_centang(w, client):
    """A refused "add the ticked people to a line" shows the coverage page again with the error, the ticks, the chosen
    line and the reason typed (PNS ticked; a PPPK without a target is not a valid choice), instead of a redirect that
    loses them; after a fix the same post succeeds."""
    s = w["siklus"]
    a, b, c = _pns(w, 3)
    kontrak = pppk(instansi=w["inst"], unit_kerja=w["opd"])
    item = RencanaItem.objects.create(siklus=s, nomor=1, nama_program="E-learning 20 JP", bentuk=bentuk("NKL03"),
                                      triwulan=1, jp=20, biaya_satuan=Decimal(100000))
    client.force_login(w["hr"])
    url = reverse("pelatihan:rencana-cakupan-tambah", args=[s.pk])
    resp = client.post(url, {"pegawai": [a.pk, b.pk]})  # no line chosen
    html = resp.content.decode()
    assert resp.status_code == 200 and 'data-testid="galat-tambah"' in html and "Pilih baris rencana tujuan." in html
    assert (_dicentang(html, a.pk), _dicentang(html, b.pk), _dicentang(html, c.pk)) == (True, True, False)
    resp = client.post(url, {"item": item.pk, "pegawai": [a.pk, kontrak.pk]})
    html = resp.content.decode()
    assert resp.status_code == 200 and "bukan salah satu dari pilihan yang tersedia" in html
    assert _dicentang(html, a.pk) and not _dicentang(html, b.pk)
    assert f'<option value="{item.pk}" selected>' in html  # the chosen line kept
    assert item.kebutuhan.count() == 0
    # the page still offers select-all (a static script, no inline JS) and posts to a URL opened by HR
    assert 'data-pilih-semua="pegawai"' in html and "js/rencana.js" in html and "<script>" not in html
    resp = client.post(url, {"item": item.pk, "pegawai": [a.pk]})
    assert resp.status_code == 302 and item.kebutuhan.filter(pegawai=a).exists()


def test_kelompok_punya_pilih_semua_tanpa_js_inline(w, client):
    s = w["siklus"]
    for p in _pns(w, 2):
        kebutuhan(s, p, w["layanan"])
    client.force_login(w["hr"])
    html = client.get(reverse("pelatihan:rencana-kelompok", args=[s.pk])).content.decode()
    assert 'data-pilih-semua="kelompok"' in html and 'data-pilih-anggota="kelompok"' in html
    assert "js/rencana.js" in html and "<script>" not in html and " onclick=" not in html


def test_ppk_mendelegasikan_penetapan_ke_hr_instansinya(w, client):
    s, _, _ = _siap_ditetapkan(w)
    ppk = ppk_user(w["inst"])
    hr_lain = f.hr_user(f.InstansiFactory(kode="LAINDEL"))
    url, tetapkan = reverse("pelatihan:rencana-delegasi"), reverse("pelatihan:rencana-tetapkan", args=[s.pk])
    client.force_login(w["hr"])
    assert client.get(url).status_code == 404 and client.get(tetapkan).status_code == 404
    client.force_login(ppk)
    page = client.get(url).content.decode()
    assert w["hr"].username in page and hr_lain.username not in page
    assert client.post(url, {"akun": [hr_lain.pk]}).status_code == 200  # not an HR account of this instansi
    assert client.post(url, {"akun": [w["hr"].pk]}).status_code == 302
    client.force_login(w["hr"])
    assert client.get(tetapkan).status_code == 200  # delegated: may set the plan
    assert client.get(url).status_code == 404  # but does not delegate further
    client.force_login(ppk)
    assert client.post(url, {}).status_code == 302  # taken back
    client.force_login(type(w["hr"]).objects.get(pk=w["hr"].pk))
    assert client.get(tetapkan).status_code == 404
