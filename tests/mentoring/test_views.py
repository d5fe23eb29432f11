"""Mentoring pages through the test client (issue 5): form errors keep what was typed and name the field in
Indonesian, HR's warning-and-confirm flow, the employee's "Mentoring saya", B.1.8 and B.1.9, the settings page,
the dashboard panel."""

import datetime
import html
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from mentoring.models import (
    PERNYATAAN_B18,
    EvaluasiKompetensiMentee,
    PasanganMentoring,
    PengaturanMentoring,
    SesiMentoring,
    UmpanBalikBimbingan,
)
from pembinaan.models import Kompetensi
from tests import factories as f
from tests.mentoring.factories import PasanganFactory, SesiMentoringFactory

pytestmark = pytest.mark.django_db
PS = PasanganMentoring.Status
SS = SesiMentoring.Status


def _page(response):
    return html.unescape(response.content.decode())


def _galat_kolom(response, kolom):
    """The error text crispy renders under one field (``<span id="error_1_id_<kolom>" …>``)."""
    teks = response.content.decode()
    m = re.search(rf'id="error_\d+_id_{kolom}"[^>]*>(.*?)</span>', teks, re.S)
    assert m, f"tidak ada pesan galat di bawah kolom {kolom}"
    return html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).strip()


def _nilai_input(response, kolom):
    teks = response.content.decode()
    m = re.search(rf'<input[^>]*name="{kolom}"[^>]*>', teks)
    assert m, kolom
    v = re.search(r'value="([^"]*)"', m.group(0))
    return html.unescape(v.group(1)) if v else None


@pytest.fixture
def o(client):
    inst = f.InstansiFactory()
    unit = f.UnitKerjaFactory(instansi=inst, nama="Bagian Organisasi")
    mentor = f.PegawaiFactory(instansi=inst, unit_kerja=unit, golongan="IV/a", tmt_cpns=datetime.date(2003, 3, 1))
    mentee = f.PegawaiFactory(instansi=inst, unit_kerja=unit, golongan="III/b", tmt_cpns=datetime.date(2016, 3, 1))
    hr = f.hr_user(inst)
    return SimpleNamespace(inst=inst, unit=unit, mentor=mentor, mentee=mentee, hr=hr)


# ------------------------------------------------------------------------------------- HR: a new pair

def _post_pasangan(client, **data):
    awal = {"jenis": "umum", "tujuan": "Belajar menyusun analisis jabatan", "rencana_mulai": "2026-12-01",
            "aktif": "on"}
    return client.post(reverse("mentoring:pasangan-create"), awal | data)


def test_new_pair_form_errors_keep_typed_values_and_name_the_field(client, o):
    client.force_login(o.hr)
    r = _post_pasangan(client, nip_mentee=o.mentee.nip_tampil, nip_mentor="")
    assert r.status_code == 200
    assert _galat_kolom(r, "nip_mentor") == "NIP mentor wajib diisi (kecuali Latsar CPNS dengan atasan langsung)."
    assert _nilai_input(r, "nip_mentee") == o.mentee.nip_tampil
    assert "Belajar menyusun analisis jabatan" in _page(r)
    assert "Pasangan belum tersimpan" in _page(r)

    r = _post_pasangan(client, nip_mentee="199001012020011999", nip_mentor=o.mentor.nip)
    assert _galat_kolom(r, "nip_mentee") == (
        f"NIP mentee: tidak ada pegawai dengan NIP 199001012020011999 di {o.inst.nama}.")
    assert _nilai_input(r, "nip_mentor") == o.mentor.nip

    r = _post_pasangan(client, nip_mentee=o.mentee.nip, nip_mentor=o.mentor.nip, rencana_selesai="2026-11-30")
    assert _galat_kolom(r, "rencana_selesai") == "Rencana selesai tidak boleh sebelum rencana mulai."

    r = _post_pasangan(client, nip_mentee=o.mentee.nip, nip_mentor=o.mentor.nip, rencana_mulai="")
    with translation.override("id"):
        wajib = translation.gettext("This field is required.")
    assert wajib != "This field is required." and _galat_kolom(r, "rencana_mulai") == wajib  # Indonesian
    assert re.search(r'<label[^>]*for="id_rencana_mulai"[^>]*>\s*Rencana mulai', r.content.decode())
    assert not PasanganMentoring.objects.exists()


def test_new_pair_with_a_warning_is_made_only_after_hr_confirms(client, o):
    o.mentor.golongan = "III/a"  # lower than the mentee
    o.mentor.save()
    f.pegawai_user(o.mentor)
    client.force_login(o.hr)
    data = dict(nip_mentee=o.mentee.nip, nip_mentor=o.mentor.nip)
    r = _post_pasangan(client, **data)
    assert r.status_code == 200 and not PasanganMentoring.objects.exists()
    [w] = r.context["peringatan"]
    assert "lebih rendah dari golongan mentee" in w
    assert 'data-testid="peringatan"' in r.content.decode() and w in _page(r)
    assert _nilai_input(r, "nip_mentor") == o.mentor.nip  # the form is shown again as typed

    r = _post_pasangan(client, konfirmasi="on", **data)
    p = PasanganMentoring.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("mentoring:pasangan-detail", args=[p.pk])
    assert (p.mentor, p.mentee, p.status, p.peringatan) == (o.mentor, o.mentee, PS.AKTIF, [w])
    assert p.tujuan == "Belajar menyusun analisis jabatan" and p.rencana_mulai == datetime.date(2026, 12, 1)
    # HR sees the confirmed warning on the pair; the mentor does not.
    assert w in _page(client.get(reverse("mentoring:pasangan-detail", args=[p.pk])))
    client.force_login(o.mentor.user)
    assert w not in _page(client.get(reverse("mentoring:pasangan-detail", args=[p.pk])))


def test_latsar_pair_without_mentor_nip_takes_the_atasan(client, o):
    cpns = f.PegawaiFactory(instansi=o.inst, unit_kerja=o.unit, jenis_asn="CPNS", golongan="III/a", atasan=o.mentor)
    client.force_login(o.hr)
    r = _post_pasangan(client, nip_mentee=cpns.nip, jenis="latsar", nip_mentor="", aktif="")
    assert r.status_code == 302
    p = PasanganMentoring.objects.get()
    assert (p.mentor, p.mentee, p.jenis, p.status, p.peringatan) == (o.mentor, cpns, "latsar", PS.USULAN, [])


def test_hr_activates_a_proposal_and_ends_a_pair_with_a_summary(client, o):
    p = PasanganFactory(instansi=o.inst, mentor=o.mentor, mentee=o.mentee, status=PS.USULAN)
    client.force_login(o.hr)
    r = client.post(reverse("mentoring:pasangan-finish", args=[p.pk]), {"teks": "  "})
    assert r.status_code == 200 and r.context["form"].errors
    r = client.post(reverse("mentoring:pasangan-activate", args=[p.pk]))
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == PS.AKTIF
    r = client.post(reverse("mentoring:pasangan-finish", args=[p.pk]), {"teks": "Mampu menyusun ANJAB"})
    assert r.status_code == 302
    p.refresh_from_db()
    assert (p.status, p.ringkasan_penutup) == (PS.SELESAI, "Mampu menyusun ANJAB")


# ------------------------------------------------------------------------------------- sessions

@pytest.fixture
def pasangan(o):
    today = timezone.localdate()
    p = PasanganFactory(instansi=o.inst, mentor=o.mentor, mentee=o.mentee, rencana_mulai=today - timedelta(days=30),
                        rencana_selesai=today + timedelta(days=60))
    f.pegawai_user(o.mentor)
    f.pegawai_user(o.mentee)
    return p


def _post_sesi(client, p, **data):
    awal = {"tanggal": f"{timezone.localdate():%Y-%m-%d}", "durasi_menit": "90", "topik": "Menyusun rencana aksi",
            "catatan": "Dibahas draf rencana aksi", "tindak_lanjut": ""}
    return client.post(reverse("mentoring:sesi-create", args=[p.pk]), awal | data)


def test_session_form_errors_keep_typed_values_and_name_the_field(client, pasangan):
    p = pasangan
    client.force_login(p.mentor.user)
    besok = timezone.localdate() + timedelta(days=1)
    r = _post_sesi(client, p, tanggal=f"{besok:%Y-%m-%d}")
    assert r.status_code == 200
    assert "Tanggal sesi tidak boleh di masa depan" in _galat_kolom(r, "tanggal")
    assert _nilai_input(r, "topik") == "Menyusun rencana aksi" and _nilai_input(r, "durasi_menit") == "90"
    assert "Dibahas draf rencana aksi" in _page(r)
    assert "Sesi belum tersimpan" in _page(r)

    r = _post_sesi(client, p, durasi_menit="0", topik="Evaluasi kinerja triwulan")
    assert _galat_kolom(r, "durasi_menit") == "Durasi paling sedikit 5 menit."
    assert _nilai_input(r, "durasi_menit") == "0" and _nilai_input(r, "topik") == "Evaluasi kinerja triwulan"
    assert "Durasi (menit)" in _page(r)

    sebelum = p.rencana_mulai - timedelta(days=1)
    r = _post_sesi(client, p, tanggal=f"{sebelum:%Y-%m-%d}")
    assert "sebelum pasangan dimulai" in _galat_kolom(r, "tanggal")
    assert not SesiMentoring.objects.exists()

    r = _post_sesi(client, p)
    assert r.status_code == 302
    s = SesiMentoring.objects.get()
    assert (s.penulis, s.status, s.durasi_menit, s.topik) == (p.mentor, SS.MENUNGGU, 90, "Menyusun rencana aksi")


def test_mentoring_saya_lists_own_pairs_as_mentee_and_as_mentor(client, o):
    saya = o.mentee
    f.pegawai_user(saya)
    mentor_saya = PasanganFactory(instansi=o.inst, mentor=o.mentor, mentee=saya, jenis="latsar")
    junior = f.PegawaiFactory(instansi=o.inst, unit_kerja=o.unit, golongan="II/c", nama="Junior Bimbingan")
    bimbingan = PasanganFactory(instansi=o.inst, mentor=saya, mentee=junior)
    SesiMentoringFactory(pasangan=bimbingan, status=SS.DIKONFIRMASI, penulis=junior, tanggal=datetime.date(2026, 3, 2))
    SesiMentoringFactory(pasangan=bimbingan, tanggal=datetime.date(2026, 3, 9))
    lama = PasanganFactory(instansi=o.inst, mentor=o.mentor, mentee=saya, status=PS.SELESAI,
                           ringkasan_penutup="Tuntas")
    orang_lain = PasanganFactory(instansi=o.inst)
    client.force_login(saya.user)
    r = client.get(reverse("mentoring:pasangan-list"))
    assert r.status_code == 200
    d = r.context["d"]
    assert d["sebagai_mentee"] == [mentor_saya, lama]  # the active one first
    assert d["sebagai_mentor"] == [bimbingan]
    teks = _page(r)
    mentee_bagian = teks[teks.index('data-testid="sebagai-mentee"'):teks.index('data-testid="sebagai-mentor"')]
    mentor_bagian = teks[teks.index('data-testid="sebagai-mentor"'):]
    assert o.mentor.nama in mentee_bagian and junior.nama in mentor_bagian
    assert "1 sesi dikonfirmasi, 1 menunggu" in mentor_bagian
    assert orang_lain.mentee.nama not in teks and orang_lain.mentor.nama not in teks
    # and the employee cannot open a pair they are not in
    assert client.get(reverse("mentoring:pasangan-detail", args=[orang_lain.pk])).status_code == 404


# ------------------------------------------------------------------------------------- B.1.8 and B.1.9

def _jawaban(n=9):
    return {k: str(1 + i % 5) for i, (k, _) in enumerate(PERNYATAAN_B18[:n])}


def test_feedback_b18_needs_all_nine_answers(client, pasangan):
    p = pasangan
    sesi = SesiMentoringFactory(pasangan=p, tanggal=timezone.localdate(), status=SS.DIKONFIRMASI)
    url = reverse("mentoring:umpan-balik-save", args=[sesi.pk])
    client.force_login(p.mentee.user)
    kurang = _jawaban(8)
    r = client.post(url, kurang | {"komentar": "Sangat membantu"})
    assert r.status_code == 200 and not UmpanBalikBimbingan.objects.exists()
    kunci_terakhir = PERNYATAAN_B18[8][0]
    assert set(r.context["form"].errors) == {kunci_terakhir}
    assert "Pilih salah satu jawaban (1–5)." in _page(r)
    assert "Sangat membantu" in _page(r)  # the comment is kept
    assert f'value="{kurang[PERNYATAAN_B18[0][0]]}" checked' in r.content.decode()  # and the answers given

    r = client.post(url, _jawaban(9) | {kunci_terakhir: "6"})  # out of the scale
    assert r.status_code == 200 and not UmpanBalikBimbingan.objects.exists()

    r = client.post(url, _jawaban(9) | {"komentar": "Sangat membantu"})
    assert r.status_code == 302
    ub = UmpanBalikBimbingan.objects.get(sesi=sesi)
    assert ub.jawaban == {k: int(v) for k, v in _jawaban(9).items()} and ub.komentar == "Sangat membantu"

    # Only the mentee fills it, and only for a confirmed session.
    client.force_login(p.mentor.user)
    assert client.post(url, _jawaban(9)).status_code == 404
    menunggu = SesiMentoringFactory(pasangan=p, tanggal=timezone.localdate())
    client.force_login(p.mentee.user)
    r = client.post(reverse("mentoring:umpan-balik-save", args=[menunggu.pk]), _jawaban(9))
    assert r.status_code == 302 and not UmpanBalikBimbingan.objects.filter(sesi=menunggu).exists()


def test_competency_evaluation_b19_needs_a_reason_for_every_score(client, pasangan):
    p = pasangan
    k1 = Kompetensi.objects.create(instansi=p.instansi, kode="T01", nama="Penyusunan Anggaran", kategori="teknis")
    k2 = Kompetensi.objects.create(instansi=p.instansi, kode="T02", nama="Analisis Jabatan", kategori="teknis")
    url = reverse("mentoring:evaluasi-kompetensi-create", args=[p.pk])
    client.force_login(p.mentor.user)
    tanggal = f"{timezone.localdate():%Y-%m-%d}"
    data = {"tanggal": tanggal, "catatan": "Triwulan I", "kompetensi_0": k1.pk, "skor_0": "4",
            "alasan_0": "Menyusun RKA tanpa revisi", "kompetensi_1": k2.pk, "skor_1": "3", "alasan_1": ""}
    r = client.post(url, data)
    assert r.status_code == 200 and not EvaluasiKompetensiMentee.objects.exists()
    assert r.context["form"].errors == {"alasan_1": ["Baris 2: alasan skor wajib diisi."]}
    assert "Baris 2: alasan skor wajib diisi." in _page(r)
    assert _nilai_input(r, "alasan_0") == "Menyusun RKA tanpa revisi"  # what was typed stays

    r = client.post(url, data | {"alasan_1": "Belum pernah menyusun ANJAB sendiri", "skor_1": ""})
    assert r.context["form"].errors == {"skor_1": ["Baris 2: skor 1–5 wajib diisi."]}

    r = client.post(url, data | {"alasan_1": "Belum pernah menyusun ANJAB sendiri"})
    assert r.status_code == 302
    ev = EvaluasiKompetensiMentee.objects.get(pasangan=p)
    assert (ev.penilai, ev.catatan) == (p.mentor, "Triwulan I")
    assert [(i.kompetensi, i.skor, i.alasan) for i in ev.item.all()] == [
        (k1, 4, "Menyusun RKA tanpa revisi"), (k2, 3, "Belum pernah menyusun ANJAB sendiri")]

    client.force_login(p.mentee.user)  # the mentor's form, not the mentee's
    assert client.get(url).status_code == 404


def test_b19_rows_with_only_the_prefilled_competency_are_ignored(client, pasangan):
    p = pasangan
    k1 = Kompetensi.objects.create(instansi=p.instansi, kode="T01", nama="Penyusunan Anggaran", kategori="teknis")
    k2 = Kompetensi.objects.create(instansi=p.instansi, kode="T02", nama="Analisis Jabatan", kategori="teknis")
    client.force_login(p.mentor.user)
    r = client.post(reverse("mentoring:evaluasi-kompetensi-create", args=[p.pk]), {
        "tanggal": f"{timezone.localdate():%Y-%m-%d}", "kompetensi_0": k1.pk, "skor_0": "4", "alasan_0": "Rapi",
        "kompetensi_1": k2.pk, "skor_1": "", "alasan_1": ""})  # row 2: only the prefilled competency
    assert r.status_code == 302
    assert [(i.kompetensi, i.skor) for i in EvaluasiKompetensiMentee.objects.get(pasangan=p).item.all()] == [(k1, 4)]


# ------------------------------------------------------------------------------------- settings, dashboard

def test_settings_page_saves_and_refuses_bad_values(client, o):
    url = reverse("mentoring:pengaturan-update")
    client.force_login(o.hr)
    r = client.get(url)
    assert r.status_code == 200 and r.context["form"].initial["kapasitas_mentor"] == 3
    baru = {"kapasitas_mentor": "5", "menit_per_jp": "60", "batas_jp_bulanan": "6", "hari_tanpa_sesi": "14",
            "durasi_bulan": "6"}
    r = client.post(url, baru)
    assert r.status_code == 302
    aturan = PengaturanMentoring.untuk(o.inst.pk)
    assert (aturan.kapasitas_mentor, aturan.menit_per_jp, aturan.batas_jp_bulanan, aturan.hari_tanpa_sesi,
            aturan.durasi_bulan) == (5, 60, 6, 14, 6)
    r = client.post(url, baru | {"kapasitas_mentor": "0", "hari_tanpa_sesi": "14"})
    assert r.status_code == 200 and "kapasitas_mentor" in r.context["form"].errors
    assert "Pengaturan belum tersimpan" in _page(r)
    assert PengaturanMentoring.objects.get(instansi=o.inst).kapasitas_mentor == 5
    assert PengaturanMentoring.objects.count() == 1
    # Only HR of the instansi.
    client.force_login(f.pegawai_user(o.mentor))
    assert client.get(url).status_code == 404


def test_dashboard_shows_the_mentoring_panel(client, o):
    today = timezone.localdate()
    p = PasanganFactory(instansi=o.inst, mentor=o.mentor, mentee=o.mentee, rencana_mulai=today - timedelta(days=60),
                        rencana_selesai=today + timedelta(days=30))
    SesiMentoringFactory(pasangan=p, tanggal=today - timedelta(days=3), status=SS.DIKONFIRMASI)
    sepi = PasanganFactory(instansi=o.inst, rencana_mulai=today - timedelta(days=90),
                           rencana_selesai=today + timedelta(days=30))
    PasanganFactory(rencana_mulai=today - timedelta(days=90))  # another instansi
    client.force_login(o.hr)
    r = client.get(reverse("dasbor"))
    assert r.status_code == 200
    m = r.context["m"]
    assert (m["aktif"], m["sesi_30"], m["tanpa_aktivitas"]) == (2, 1, 1)
    teks = r.content.decode()
    panel = teks[teks.index('data-testid="panel-mentoring"'):]
    angka = re.findall(r'fs-3 fw-semibold[^"]*">([^<]+)<', panel)[:3]
    assert angka == ["2", "1", "1"]
    assert reverse("mentoring:overview") in teks
    assert sepi.mentee.nama not in teks  # the panel shows numbers, not names


def test_bulk_page_previews_then_creates_all_pairs_in_one_step(client, o):
    bos = o.mentor
    cpns = [f.PegawaiFactory(instansi=o.inst, unit_kerja=o.unit, jenis_asn="CPNS", golongan="III/a", atasan=bos,
                             tmt_cpns=datetime.date(2025, 3, 1)) for _ in range(2)]
    tanpa_atasan = f.PegawaiFactory(instansi=o.inst, unit_kerja=o.unit, jenis_asn="CPNS", golongan="III/a",
                                    tmt_cpns=datetime.date(2025, 3, 1))
    client.force_login(o.hr)
    url = reverse("mentoring:pasangan-bulk")
    r = client.get(url, {"jenis": "latsar", "tahun_cpns": "2025"})
    assert r.status_code == 200
    assert {x.mentee for x in r.context["rows"]} == {*cpns, tanpa_atasan} and r.context["jumlah_bisa"] == 2
    teks = _page(r)
    assert "2</strong> dari 3 pegawai dapat dipasangkan" in teks and "Belum punya atasan langsung" in teks
    assert not PasanganMentoring.objects.exists()  # a preview writes nothing

    ids = r.context["buat_form"].initial["mentee"]
    assert sorted(ids) == sorted(p.pk for p in cpns)
    r = client.post(url + "?jenis=latsar&tahun_cpns=2025", {"jenis": "latsar", "mentee": ids, "tujuan": "Habituasi",
                                                             "rencana_mulai": "2026-12-01"})
    assert r.status_code == 302
    dibuat = PasanganMentoring.objects.filter(jenis="latsar")
    assert sorted(p.mentee_id for p in dibuat) == sorted(ids)
    assert {(p.mentor_id, p.status, p.tujuan) for p in dibuat} == {(bos.pk, PS.AKTIF, "Habituasi")}

    # Posting the same preview again: nothing is created, and HR is told why.
    r = client.post(url, {"jenis": "latsar", "mentee": ids, "rencana_mulai": "2026-12-01"}, follow=True)
    assert PasanganMentoring.objects.count() == 2
    assert "Tidak ada pasangan yang dibuat" in _page(r)


# ------------------------------------------------------------------ query parameters (pembinaan.params)

@pytest.mark.parametrize("query", [
    "status=x", "jenis=bukan", "kondisi=apa", "unit=abc", "unit=99999999999999999999999", "unit=-3",
    "halaman=x", "halaman=0", "halaman=99999999999999999999999", "q=ayu%00", "q=%01",
])
def test_garbage_in_the_pair_list_and_export_filters_answers_400(client, o, query):
    """A NUL in the search box reached PostgreSQL and answered 500: the box is read through params.teks."""
    client.force_login(o.hr)
    for nama in ("mentoring:pasangan-list", "mentoring:pasangan-export"):
        if nama.endswith("export") and query.startswith("halaman"):
            continue  # the export has no pages
        r = client.get(f"{reverse(nama)}?{query}")
        assert r.status_code == 400, (nama, query, r.status_code)


def test_pair_list_filters_still_work_and_a_foreign_unit_falls_back_to_all(client, o):
    lain = f.UnitKerjaFactory(nama="Unit instansi lain")
    aktif = PasanganFactory(instansi=o.inst, mentor=o.mentor, mentee=o.mentee)
    usulan = PasanganFactory(instansi=o.inst, status=PS.USULAN, jenis="latsar")
    client.force_login(o.hr)
    url = reverse("mentoring:pasangan-list")

    def pasangan(query):
        r = client.get(f"{url}?{query}")
        assert r.status_code == 200
        return {p.pk for p in r.context["page"]}

    assert pasangan("status=aktif&halaman=1") == {aktif.pk}
    assert pasangan("jenis=latsar") == {usulan.pk}
    assert pasangan(f"unit={o.unit.pk}") == {aktif.pk}
    assert pasangan(f"unit={lain.pk}") == {aktif.pk, usulan.pk}
    assert pasangan("halaman=999") == {aktif.pk, usulan.pk}  # past the end: the last page
    assert pasangan(f"q=%20{o.mentee.nama.split()[0]}%20%20") >= {aktif.pk}
    # An employee's own list ignores the HR filters, garbage or not.
    client.force_login(f.pegawai_user(o.mentee))
    assert client.get(f"{url}?status=x&halaman=x").status_code == 200


@pytest.mark.parametrize(("nama", "query"), [
    ("mentoring:pasangan-create", "mentee=abc"), ("mentoring:pasangan-create", "mentee=99999999999999999999999"),
    ("mentoring:pasangan-create", "jenis=bukan"), ("mentoring:saran", "jenis=bukan"),
])
def test_garbage_in_create_and_suggestion_parameters_answers_400(client, o, nama, query):
    client.force_login(o.hr)
    url = reverse(nama, args=[o.mentee.pk]) if nama == "mentoring:saran" else reverse(nama)
    assert client.get(f"{url}?{query}").status_code == 400


def test_create_prefills_a_mentee_in_scope_only_and_suggestions_keep_the_kind(client, o):
    client.force_login(o.hr)
    url = reverse("mentoring:pasangan-create")
    assert _nilai_input(client.get(f"{url}?mentee={o.mentee.pk}&jenis=latsar"), "nip_mentee") == o.mentee.nip
    luar = f.PegawaiFactory()
    assert not _nilai_input(client.get(f"{url}?mentee={luar.pk}"), "nip_mentee")
    r = client.get(f"{reverse('mentoring:saran', args=[o.mentee.pk])}?jenis=kepemimpinan")
    assert r.status_code == 200 and r.context["jenis"] == "kepemimpinan"
    assert client.get(reverse("mentoring:saran", args=[o.mentee.pk])).context["jenis"] == "umum"


@pytest.mark.parametrize("query", ["jenis=bukan", "unit=abc", "unit=99999999999999999999999", "tahun_cpns=x",
                                   "jenis=latsar&unit=-1"])
def test_bulk_preview_with_garbage_filters_shows_the_form_errors_not_a_500(client, o, query):
    client.force_login(o.hr)
    r = client.get(f"{reverse('mentoring:pasangan-bulk')}?{query}")
    assert r.status_code == 200
    assert r.context["rows"] is None and r.context["filter_form"].errors


def test_employee_page_shows_hr_the_pairs_and_cari_mentor_and_nobody_else(client, o):
    """The card and the button come from mentoring through pembinaan.komposisi (the records app imports nothing
    from mentoring); what HR sees is what the page showed before."""
    pasangan = PasanganFactory(instansi=o.inst, mentor=o.mentor, mentee=o.mentee)
    atasan = f.PegawaiFactory(instansi=o.inst)
    o.mentee.atasan = atasan
    o.mentee.save(update_fields=["atasan"])
    url = reverse("pegawai-detail", args=[o.mentee.pk])
    saran = reverse("mentoring:saran", args=[o.mentee.pk])
    detail = reverse("mentoring:pasangan-detail", args=[pasangan.pk])

    client.force_login(o.hr)
    teks = _page(client.get(url))
    assert 'data-testid="mentoring-pegawai"' in teks and f"Mentee dari {o.mentor.nama}" in teks
    assert f'href="{saran}">Cari mentor</a>' in teks and f'href="{detail}"' in teks
    assert client.get(saran).status_code == 200 and client.get(detail).status_code == 200
    tanpa = f.PegawaiFactory(instansi=o.inst)  # no pair yet: the button, no card
    teks = _page(client.get(reverse("pegawai-detail", args=[tanpa.pk])))
    assert "Cari mentor" in teks and 'data-testid="mentoring-pegawai"' not in teks

    for user in (f.pegawai_user(o.mentee), f.pegawai_user(atasan)):
        client.force_login(user)
        r = client.get(url)
        assert r.status_code == 200
        assert "Cari mentor" not in _page(r) and 'data-testid="mentoring-pegawai"' not in _page(r)
