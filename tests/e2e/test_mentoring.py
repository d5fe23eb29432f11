"""Mentoring in the browser: HR finds a mentor from ranked suggestions and accepts one with a click; the mentor
logs a session on a phone, the mentee confirms it and sees the JP on "JP saya", withdrawing it takes the JP
back; HR creates this year's CPNS pairs in bulk; nobody outside a pair can open it (404)."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from mentoring.models import PasanganMentoring, SesiMentoring
from pelatihan.models import KreditJP
from pembinaan.models import Kompetensi, ProfilKompetensi, StandarKompetensiJabatan
from tests.e2e.conftest import login, screenshot
from tests.factories import PASSWORD, JabatanFactory, PegawaiFactory, UnitKerjaFactory, pegawai_user
from tests.mentoring.factories import PasanganFactory, SesiMentoringFactory

PONSEL = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 1}
TOPIK = "Menyusun SKP dan rencana aksi triwulan"


def _menu(page, dropdown, item):
    """``dropdown`` → ``item`` from the navigation bar (behind the toggler on a phone)."""
    toggler = page.get_by_role("button", name="Menu")
    if toggler.is_visible():
        toggler.click()
        expect(page.locator("#nav")).to_have_class(re.compile(r"\bshow\b"))
    nav = page.locator("#nav")
    nav.get_by_role("button", name=dropdown, exact=True).click()
    nav.get_by_role("link", name=item, exact=True).click()


def _tanpa_gulir_samping(page, nama):
    lebar = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert lebar[0] <= lebar[1] + 1, f"{nama}: page is {lebar[0]}px wide in a {lebar[1]}px viewport"


def _csrf(page):
    return next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")


def _kantor(instansi):
    """Two OPD; the mentee Dewi (III/a, Analis Kebijakan Ahli Pertama) in the Bappeda's planning unit."""
    bappeda = UnitKerjaFactory(instansi=instansi, nama="Badan Perencanaan Pembangunan Daerah")
    bidang = UnitKerjaFactory(instansi=instansi, nama="Bidang Perencanaan Ekonomi", induk=bappeda)
    dinkes = UnitKerjaFactory(instansi=instansi, nama="Dinas Kesehatan")
    analis = JabatanFactory(instansi=instansi, nama="Analis Kebijakan Ahli Pertama", jenis="fungsional",
                            jenjang="ahli_pertama")
    kabid = JabatanFactory(instansi=instansi, nama="Kepala Bidang Perencanaan Ekonomi", jenis="administrator")
    dewi = PegawaiFactory(instansi=instansi, unit_kerja=bidang, jabatan=analis, nama="Dewi Anggraini",
                          golongan="III/a", tmt_cpns=datetime.date(2022, 3, 1))
    return {"bappeda": bappeda, "bidang": bidang, "dinkes": dinkes, "analis": analis, "kabid": kabid, "dewi": dewi}


def test_hr_memilih_mentor_dari_saran_dan_pasangan_tampil_bagi_keduanya(new_page, live_server, instansi, hr):
    k = _kantor(instansi)
    dewi = k["dewi"]
    komunikasi = Kompetensi.objects.get(instansi=None, kode="M3")
    keputusan = Kompetensi.objects.get(instansi=None, kode="M8")
    # The jabatan asks level 3 in both; Dewi was assessed 1 and 2: two gaps, Komunikasi the larger.
    StandarKompetensiJabatan.objects.create(jabatan=k["analis"], kompetensi=komunikasi, level=3)
    StandarKompetensiJabatan.objects.create(jabatan=k["analis"], kompetensi=keputusan, level=3)
    ProfilKompetensi.objects.create(pegawai=dewi, kompetensi=komunikasi, level=1)
    ProfilKompetensi.objects.create(pegawai=dewi, kompetensi=keputusan, level=2)
    # The best fit: same unit, more senior, strong where Dewi has her largest gap, nobody to mentor yet.
    hendra = PegawaiFactory(instansi=instansi, unit_kerja=k["bidang"], jabatan=k["kabid"], nama="Hendra Gunawan",
                            golongan="III/d")
    ProfilKompetensi.objects.create(pegawai=hendra, kompetensi=komunikasi, level=4)
    # Same unit and senior too, but already mentoring two (junior, elsewhere) and no strength on her gaps.
    rudi = PegawaiFactory(instansi=instansi, unit_kerja=k["bidang"], nama="Rudi Hartono", golongan="III/c")
    for _ in range(2):
        PasanganFactory(instansi=instansi, mentor=rudi,
                        mentee=PegawaiFactory(instansi=instansi, unit_kerja=k["dinkes"], golongan="II/a"))
    # Another OPD, but strong on the other gap: suggested with a warning.
    sri = PegawaiFactory(instansi=instansi, unit_kerja=k["dinkes"], nama="Sri Wahyuni", golongan="IV/a")
    ProfilKompetensi.objects.create(pegawai=sri, kompetensi=keputusan, level=4)
    # Never suggested: a more junior colleague and a CPNS.
    PegawaiFactory(instansi=instansi, unit_kerja=k["bidang"], nama="Yoga Pratama", golongan="II/c")
    PegawaiFactory(instansi=instansi, unit_kerja=k["bidang"], nama="Fajar Nugroho", jenis_asn="CPNS",
                   golongan="III/a")
    akun_hendra, akun_dewi = pegawai_user(hendra), pegawai_user(dewi)

    page = new_page()
    login(page, live_server, hr.username, PASSWORD)
    page.goto(dewi.get_absolute_url())
    page.get_by_role("link", name="Cari mentor").click()
    expect(page.get_by_role("heading", name="Saran mentor untuk Dewi Anggraini")).to_be_visible()
    expect(page.get_by_label("Jenis mentoring")).to_have_value("umum")  # a PNS: general development
    expect(page.get_by_text("Kesenjangan kompetensi terbesar")).to_contain_text(
        "Komunikasi (level 1, standar 3); Pengambilan Keputusan (level 2, standar 3)")
    kartu = page.get_by_test_id("saran").locator("li[data-mentor]")
    expect(kartu).to_have_count(3)
    expect(kartu.nth(0)).to_contain_text("1Hendra Gunawan")
    expect(kartu.nth(0).get_by_test_id("alasan").get_by_role("listitem")).to_have_text([
        "Satu unit kerja",
        "Lebih senior: golongan III/d, mentee III/a",
        "Kuat di Komunikasi (level 4; mentee 1, standar 3)",
        "Masih dapat membimbing 3 mentee lagi (0 dari 3)",
    ])
    expect(kartu.nth(0)).not_to_contain_text("⚠")
    expect(kartu.nth(1)).to_contain_text("Sri Wahyuni")
    expect(kartu.nth(1)).to_contain_text("Kuat di Pengambilan Keputusan (level 4; mentee 2, standar 3)")
    expect(kartu.nth(1)).to_contain_text("⚠ Mentor bekerja di perangkat daerah (OPD) lain.")
    expect(kartu.nth(2)).to_contain_text("Rudi Hartono")
    expect(kartu.nth(2)).to_contain_text("Masih dapat membimbing 1 mentee lagi (2 dari 3)")
    expect(page.get_by_test_id("saran")).not_to_contain_text("Yoga Pratama")
    expect(page.get_by_test_id("saran")).not_to_contain_text("Fajar Nugroho")
    screenshot(page, "mentoring-saran")

    with page.expect_navigation():
        kartu.nth(0).get_by_role("button", name="Jadikan mentor").click()
    expect(page.get_by_role("alert")).to_contain_text("Hendra Gunawan menjadi mentor Dewi Anggraini.")
    expect(page.get_by_test_id("status")).to_have_text("Aktif")
    expect(page.get_by_test_id("mentor")).to_contain_text("Hendra Gunawan")
    expect(page.get_by_test_id("mentee")).to_contain_text("Dewi Anggraini")
    pasangan = PasanganMentoring.objects.get(mentee=dewi)
    assert (pasangan.mentor, pasangan.jenis, pasangan.status) == (hendra, "umum", "aktif")

    # The suggestion page now points at the pair instead of offering a second one.
    page.goto(f"/mentoring/saran/{dewi.pk}/")
    expect(page.get_by_text("Dewi Anggraini sudah punya pasangan jenis ini (aktif) dengan Hendra Gunawan")
           ).to_be_visible()
    expect(page.get_by_role("button", name="Jadikan mentor")).to_have_count(0)
    # Choosing another kind reloads the suggestions at once (a static script, no inline handler).
    with page.expect_navigation():
        page.get_by_label("Jenis mentoring").select_option("kepemimpinan")
    expect(page).to_have_url(re.compile(r"\?jenis=kepemimpinan$"))
    expect(page.get_by_role("button", name="Jadikan mentor").first).to_be_visible()

    for akun, bagian, nama in ((akun_hendra, "sebagai-mentor", "Dewi Anggraini"),
                               (akun_dewi, "sebagai-mentee", "Hendra Gunawan")):
        orang = new_page()
        login(orang, live_server, akun.username, PASSWORD)  # the NIP
        _menu(orang, "Mentoring", "Mentoring saya")
        expect(orang.get_by_role("heading", name="Mentoring saya")).to_be_visible()
        expect(orang.get_by_test_id(bagian).get_by_role("link")).to_have_count(1)
        expect(orang.get_by_test_id(bagian).get_by_role("link")).to_contain_text(nama)
        expect(orang.get_by_test_id(bagian).get_by_role("link")).to_contain_text("Pengembangan kompetensi umum")
        orang.get_by_test_id(bagian).get_by_role("link", name=re.compile(nama)).click()
        expect(orang).to_have_url(re.compile(rf"/mentoring/pasangan/{pasangan.pk}/$"))
        expect(orang.get_by_role("link", name="+ Catat sesi")).to_be_visible()


def test_sesi_di_ponsel_dikonfirmasi_jp_tercatat_lalu_ditarik(new_page, live_server, instansi):
    k = _kantor(instansi)
    dewi = k["dewi"]
    hendra = PegawaiFactory(instansi=instansi, unit_kerja=k["bidang"], jabatan=k["kabid"], nama="Hendra Gunawan",
                            golongan="III/d")
    hari_ini = timezone.localdate()
    pasangan = PasanganFactory(instansi=instansi, mentor=hendra, mentee=dewi, jenis="umum",
                               rencana_mulai=hari_ini - datetime.timedelta(days=20),
                               rencana_selesai=hari_ini + datetime.timedelta(days=70))
    akun_hendra, akun_dewi = pegawai_user(hendra), pegawai_user(dewi)

    # The mentor, on a phone, right after the meeting.
    mentor = new_page(**PONSEL)
    login(mentor, live_server, akun_hendra.username, PASSWORD)
    _menu(mentor, "Mentoring", "Mentoring saya")
    mentor.get_by_test_id("sebagai-mentor").get_by_role("link", name=re.compile("Dewi Anggraini")).click()
    mentor.get_by_role("link", name="+ Catat sesi").click()
    expect(mentor.get_by_role("heading", name="Catat sesi mentoring")).to_be_visible()
    expect(mentor.get_by_label("Tanggal")).to_have_value(f"{hari_ini:%Y-%m-%d}")
    # A wrong date first: the error names the field and what was typed stays.
    mentor.get_by_label("Tanggal").fill(f"{hari_ini + datetime.timedelta(days=1):%Y-%m-%d}")
    mentor.get_by_label("Durasi (menit)").fill("100")
    mentor.get_by_label("Topik").fill(TOPIK)
    mentor.get_by_label("Catatan").fill("Membahas indikator kinerja dan target triwulan IV.")
    with mentor.expect_navigation():
        mentor.get_by_role("button", name="Simpan sesi").click()
    expect(mentor.locator(".alert-danger")).to_contain_text("Sesi belum tersimpan")
    expect(mentor.get_by_label("Tanggal")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(mentor.get_by_text("Tanggal sesi tidak boleh di masa depan")).to_be_visible()
    expect(mentor.get_by_label("Topik")).to_have_value(TOPIK)
    expect(mentor.get_by_label("Durasi (menit)")).to_have_value("100")
    expect(mentor.get_by_label("Catatan")).to_have_value("Membahas indikator kinerja dan target triwulan IV.")
    _tanpa_gulir_samping(mentor, "sesi-form")
    screenshot(mentor, "mentoring-sesi-galat-ponsel")
    assert not SesiMentoring.objects.exists()

    mentor.get_by_label("Tanggal").fill(f"{hari_ini:%Y-%m-%d}")
    with mentor.expect_navigation():
        mentor.get_by_role("button", name="Simpan sesi").click()
    expect(mentor.get_by_role("alert")).to_have_text("Sesi tercatat. Dewi Anggraini diminta mengonfirmasi.")
    sesi = SesiMentoring.objects.get()
    kartu_mentor = mentor.locator(f"[data-sesi='{sesi.pk}']")
    expect(kartu_mentor).to_contain_text(f"{hari_ini:%d-%m-%Y} · 100 menit · {TOPIK}")
    expect(kartu_mentor).to_contain_text("Menunggu konfirmasi")
    expect(kartu_mentor.get_by_role("button", name="Konfirmasi")).to_have_count(0)  # not by its author
    _tanpa_gulir_samping(mentor, "pasangan-detail")
    screenshot(mentor, "mentoring-pasangan-ponsel")

    # The mentee confirms; the JP is credited.
    mentee = new_page()
    login(mentee, live_server, akun_dewi.username, PASSWORD)
    _menu(mentee, "Mentoring", "Mentoring saya")
    kartu_pasangan = mentee.get_by_test_id("sebagai-mentee").get_by_role("link", name=re.compile("Hendra Gunawan"))
    expect(kartu_pasangan).to_contain_text("0 sesi dikonfirmasi, 1 menunggu")
    kartu_pasangan.click()
    kartu = mentee.locator(f"[data-sesi='{sesi.pk}']")
    with mentee.expect_navigation():
        kartu.get_by_role("button", name="Konfirmasi").click()
    expect(mentee.get_by_role("alert")).to_have_text("Sesi dikonfirmasi; JP dikreditkan kepada mentee.")
    expect(kartu).to_contain_text("Dikonfirmasi")
    expect(kartu.get_by_test_id("jp-sesi")).to_have_text("2 JP")  # 100 // 45
    expect(mentee.get_by_test_id("ringkas-sesi")).to_have_text("1 sesi · 100 menit · 2 JP dikreditkan")

    _menu(mentee, "Pelatihan", "JP saya")
    expect(mentee.get_by_role("heading", name=re.compile(r"^JP saya"))).to_be_visible()
    expect(mentee.get_by_test_id("total-jp")).to_have_text("2")
    baris = mentee.get_by_test_id("kredit").locator("tbody tr")
    expect(baris).to_have_count(1)
    expect(baris).to_contain_text(f"Mentoring: {TOPIK} (100 menit, Hendra Gunawan)")
    expect(baris.locator("td[data-label='Sumber']")).to_have_text("Mentoring")
    expect(baris.locator("td[data-label='JP']")).to_have_text("2")
    screenshot(mentee, "mentoring-jp-saya")

    # B.1.8, on the mentee's phone: one statement left out keeps the other answers; then sent.
    mentee.set_viewport_size(PONSEL["viewport"])
    mentee.goto(f"/mentoring/pasangan/{pasangan.pk}/")
    kartu.get_by_role("link", name="Isi umpan balik (B.1.8)").click()
    expect(mentee.get_by_role("heading", name="Umpan balik pelaksanaan bimbingan")).to_be_visible()
    grup = mentee.get_by_role("radiogroup")
    expect(grup).to_have_count(9)
    _tanpa_gulir_samping(mentee, "umpan-balik")
    screenshot(mentee, "mentoring-umpan-balik-ponsel")
    for i in range(8):
        grup.nth(i).get_by_text("4 · Setuju", exact=True).click()
    mentee.get_by_label("Komentar (opsional)").fill("Mentor sabar dan memberi contoh nyata.")
    with mentee.expect_navigation():
        mentee.get_by_role("button", name="Kirim umpan balik").click()
    expect(mentee.locator(".alert-danger")).to_contain_text("setiap pernyataan wajib dijawab")
    expect(mentee.get_by_text("Pilih salah satu jawaban (1–5).")).to_have_count(1)
    expect(grup.nth(0).get_by_label("4 · Setuju")).to_be_checked()
    expect(mentee.get_by_label("Komentar (opsional)")).to_have_value("Mentor sabar dan memberi contoh nyata.")
    grup.nth(8).get_by_text("5 · Sangat setuju", exact=True).click()
    with mentee.expect_navigation():
        mentee.get_by_role("button", name="Kirim umpan balik").click()
    expect(mentee.get_by_role("alert")).to_have_text("Terima kasih, umpan balik tersimpan.")
    expect(kartu).to_contain_text(re.compile(r"Umpan balik mentee \(B\.1\.8\): rata-rata 4[,.]1 dari 5"))
    expect(kartu.get_by_role("link", name="Ubah umpan balik")).to_be_visible()
    mentee.set_viewport_size({"width": 1280, "height": 720})

    # The mentor withdraws the session (a JS confirmation): the JP goes away.
    mentor.reload()
    expect(kartu_mentor.get_by_test_id("jp-sesi")).to_have_text("2 JP")
    pesan = []

    def terima(dialog):
        pesan.append(dialog.message)
        dialog.accept()

    mentor.once("dialog", terima)
    with mentor.expect_navigation():
        kartu_mentor.get_by_role("button", name="Tarik sesi").click()
    assert pesan == ["Tarik sesi ini? JP yang sudah dikreditkan dibatalkan."]
    expect(mentor.get_by_role("alert")).to_have_text("Sesi ditarik; JP-nya dibatalkan bila sudah dikreditkan.")
    expect(kartu_mentor).to_contain_text("Ditarik")
    expect(kartu_mentor.get_by_test_id("jp-sesi")).to_have_count(0)
    expect(mentor.get_by_test_id("ringkas-sesi")).to_have_text("0 sesi · 0 menit · 0 JP dikreditkan")
    assert not KreditJP.objects.filter(pegawai=dewi).exists()

    _menu(mentee, "Pelatihan", "JP saya")
    expect(mentee.get_by_test_id("total-jp")).to_have_text("0")
    expect(mentee.get_by_test_id("kredit")).to_contain_text("Belum ada JP tercatat tahun ini.")
    expect(mentee.get_by_test_id("kredit")).not_to_contain_text(TOPIK)
    sesi.refresh_from_db()
    pasangan.refresh_from_db()
    assert (sesi.status, pasangan.status) == ("ditarik", "aktif")  # only the session was withdrawn


def test_pasangan_lain_tertutup_bagi_mentor_dan_pegawai_lain(new_page, live_server, instansi):
    k = _kantor(instansi)
    dewi = k["dewi"]
    hendra = PegawaiFactory(instansi=instansi, unit_kerja=k["bidang"], nama="Hendra Gunawan", golongan="III/d")
    rudi = PegawaiFactory(instansi=instansi, unit_kerja=k["dinkes"], nama="Rudi Hartono", golongan="III/d")
    sari = PegawaiFactory(instansi=instansi, unit_kerja=k["dinkes"], nama="Sari Purnamasari")
    agus = PegawaiFactory(instansi=instansi, unit_kerja=k["bidang"], nama="Agus Salim")
    milik_hendra = PasanganFactory(instansi=instansi, mentor=hendra, mentee=dewi)
    milik_rudi = PasanganFactory(instansi=instansi, mentor=rudi, mentee=sari)
    sesi_rudi = SesiMentoringFactory(pasangan=milik_rudi, topik="Pelayanan puskesmas keliling")
    akun_hendra, akun_agus = pegawai_user(hendra), pegawai_user(agus)

    page = new_page()
    login(page, live_server, akun_hendra.username, PASSWORD)
    assert page.goto(f"/mentoring/pasangan/{milik_hendra.pk}/").status == 200
    response = page.goto(f"/mentoring/pasangan/{milik_rudi.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Halaman tidak ditemukan")).to_be_visible()
    expect(page.get_by_text("Sari Purnamasari")).to_have_count(0)
    screenshot(page, "mentoring-404")
    assert page.goto(f"/mentoring/pasangan/{milik_rudi.pk}/sesi/baru/").status == 404
    assert page.goto(f"/mentoring/pasangan/{milik_rudi.pk}/evaluasi-kompetensi/").status == 404
    # Nor by a hand-made POST with a valid session and CSRF token.
    response = page.request.post(f"{live_server.url}/mentoring/sesi/{sesi_rudi.pk}/konfirmasi/",
                                 headers={"X-CSRFToken": _csrf(page)}, form={})
    assert response.status == 404
    sesi_rudi.refresh_from_db()
    assert sesi_rudi.status == "menunggu"
    assert not KreditJP.objects.filter(sesi_mentoring_id=sesi_rudi.pk).exists()

    lain = new_page()
    login(lain, live_server, akun_agus.username, PASSWORD)
    _menu(lain, "Mentoring", "Mentoring saya")
    expect(lain.get_by_test_id("sebagai-mentee")).to_contain_text("Anda belum punya mentor.")
    expect(lain.get_by_test_id("sebagai-mentor")).to_contain_text("Anda belum membimbing mentee.")
    for url in (f"/mentoring/pasangan/{milik_hendra.pk}/", f"/mentoring/pasangan/{milik_rudi.pk}/",
                f"/mentoring/saran/{dewi.pk}/", "/mentoring/pasangan/massal/", "/mentoring/ringkasan/"):
        response = lain.goto(url)
        assert response.status == 404, url
        expect(lain.get_by_text("Dewi Anggraini")).to_have_count(0)


def test_hr_membuat_pasangan_cpns_tahun_ini_sekaligus(new_page, live_server, instansi, hr):
    k = _kantor(instansi)
    tahun = timezone.localdate().year
    tmt = datetime.date(tahun, 1, 2)
    hendra = PegawaiFactory(instansi=instansi, unit_kerja=k["bidang"], nama="Hendra Gunawan", golongan="III/d")
    wati = PegawaiFactory(instansi=instansi, unit_kerja=k["dinkes"], nama="Wati Susilawati", golongan="II/c")
    ayu = PegawaiFactory(instansi=instansi, unit_kerja=k["bidang"], nama="Ayu Lestari", jenis_asn="CPNS",
                         tmt_cpns=tmt, atasan=hendra)
    bima = PegawaiFactory(instansi=instansi, unit_kerja=k["bidang"], nama="Bima Saputra", jenis_asn="CPNS",
                          tmt_cpns=tmt, atasan=hendra)
    dimas = PegawaiFactory(instansi=instansi, unit_kerja=k["dinkes"], nama="Dimas Prakoso", jenis_asn="CPNS",
                           tmt_cpns=tmt, atasan=wati)
    PegawaiFactory(instansi=instansi, unit_kerja=k["dinkes"], nama="Candra Wijaya", jenis_asn="CPNS", tmt_cpns=tmt)
    PegawaiFactory(instansi=instansi, unit_kerja=k["bidang"], nama="Eko Kurniawan", jenis_asn="CPNS",
                   tmt_cpns=datetime.date(tahun - 1, 3, 1), atasan=hendra)  # last year's intake

    page = new_page()
    login(page, live_server, hr.username, PASSWORD)
    _menu(page, "Mentoring", "Buat pasangan sekaligus")
    expect(page.get_by_role("heading", name="Buat pasangan sekaligus")).to_be_visible()
    expect(page.get_by_label("Jenis mentoring")).to_have_value("latsar")
    expect(page.get_by_label("Tahun TMT CPNS/PPPK")).to_have_value(str(tahun))
    page.get_by_role("button", name="Tampilkan pratinjau").click()
    expect(page.get_by_test_id("ringkas-massal")).to_have_text("3 dari 4 pegawai dapat dipasangkan.")
    baris = page.get_by_test_id("pratinjau").locator("tbody tr")
    expect(baris).to_have_count(4)
    expect(baris.nth(0)).to_contain_text("Ayu Lestari")
    expect(baris.nth(0)).to_contain_text("Hendra Gunawan")
    expect(baris.nth(0).locator("td[data-label='Catatan']")).to_have_text("Siap")
    expect(baris.nth(2)).to_contain_text("Candra Wijaya")
    expect(baris.nth(2)).to_contain_text("Tidak dibuat: Belum punya atasan langsung")
    expect(baris.nth(3)).to_contain_text("Dimas Prakoso")
    expect(baris.nth(3)).to_contain_text("⚠ Golongan mentor (II/c) lebih rendah dari golongan mentee")
    expect(page.get_by_test_id("pratinjau")).not_to_contain_text("Eko Kurniawan")
    screenshot(page, "mentoring-massal-pratinjau")

    with page.expect_navigation():
        page.get_by_role("button", name="Buat 3 pasangan").click()
    expect(page.get_by_role("alert")).to_have_text("3 pasangan mentoring dibuat dan diaktifkan.")
    dibuat = {p.mentee: p for p in PasanganMentoring.objects.select_related("mentor", "mentee")}
    assert {m: (p.mentor, p.jenis, p.status) for m, p in dibuat.items()} == {
        ayu: (hendra, "latsar", "aktif"), bima: (hendra, "latsar", "aktif"), dimas: (wati, "latsar", "aktif")}
    assert dibuat[dimas].peringatan and not dibuat[ayu].peringatan

    _menu(page, "Mentoring", "Pasangan mentoring")
    daftar = page.get_by_test_id("pasangan")
    for nama in ("Ayu Lestari", "Bima Saputra", "Dimas Prakoso"):
        expect(daftar.get_by_role("link", name=nama)).to_be_visible()
    expect(daftar).not_to_contain_text("Candra Wijaya")
