"""Accessibility (issue 9): axe-core on the main pages of every role, at desktop and phone sizes, and the
navigation bar's keyboard use (skip link first, visible focus) and fit at 1366 px.

axe-core comes bundled in the ``axe-playwright-python`` wheel (``axe.min.js``): nothing is fetched at run time.
Violations of impact "serious" or "critical" fail the test; the message lists each rule, its help text and
the elements it found, page by page.

The data is the access walk's world (tests/pembinaan/test_access_walk.py ``_bangun``): roles hr_a, pimpinan_a,
atasan_a and pegawai_a of instansi A, with programmes in every state, a closed programme with certificates,
evaluation forms, mentoring pairs and sessions.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import login, screenshot
from tests.factories import PASSWORD

DESKTOP = {"width": 1366, "height": 768}
PONSEL = {"width": 390, "height": 844}
UKURAN = {"desktop": DESKTOP, "ponsel": PONSEL}
DAMPAK_GAGAL = ("serious", "critical")
ATURAN_GAGAL = ("empty-table-header",)  # "minor" for axe, but named in issue 9: a header column without a name


@pytest.fixture
def dunia():
    from tests.pembinaan.test_access_walk import _bangun

    return _bangun()


def _halaman(d, peran):
    """The main pages of each app that ``peran`` uses: (label, path[, expected status; 200 if not given])."""
    pg, prog, ev, pas = d.pegawai, d.program, d.evaluasi, d.pasangan
    umum = [("beranda", reverse("beranda")), ("notifikasi", reverse("notifikasi")),
            ("program", reverse("pelatihan:program-list"))]
    if peran == "hr_a":
        return umum + [
            ("dasbor", reverse("dasbor")),
            ("pegawai", reverse("pegawai-list")),
            ("pegawai detail", reverse("pegawai-detail", args=[pg["cucu_a"].pk])),
            ("organisasi", reverse("organisasi")),
            ("impor", reverse("impor-upload")),
            ("program detail", reverse("pelatihan:program-detail", args=[prog["selesai_a"].pk])),
            ("jp unit", reverse("pelatihan:jp-unit")),
            ("jp pegawai", reverse("pelatihan:jp-pegawai", args=[pg["cucu_a"].pk])),
            ("pasangan", reverse("mentoring:pasangan-list")),
            ("pasangan detail", reverse("mentoring:pasangan-detail", args=[pas["aktif_a"].pk])),
            ("ringkasan mentoring", reverse("mentoring:overview")),
            ("periode", reverse("evaluasi:periode-list")),
            ("periode detail", reverse("evaluasi:periode-detail", args=[d.periode["p_buka_a"].pk])),
            ("evaluasi isi", reverse("evaluasi:evaluasi-isi", args=[ev["kirim_a"].pk])),
        ]
    if peran == "pimpinan_a":
        return umum + [
            ("dasbor", reverse("dasbor")),
            ("organisasi", reverse("organisasi")),
            ("jp unit", reverse("pelatihan:jp-unit")),
            ("ringkasan mentoring", reverse("mentoring:overview")),
            ("periode", reverse("evaluasi:periode-list")),
        ]
    if peran == "atasan_a":
        return umum + [
            ("profil", reverse("pegawai-detail", args=[pg["atasan_a"].pk])),
            ("bawahan", reverse("pegawai-list")),
            ("bawahan detail", reverse("pegawai-detail", args=[pg["cucu_a"].pk])),
            ("program detail", reverse("pelatihan:program-detail", args=[prog["dibuka_a"].pk])),
            ("jp saya", reverse("pelatihan:jp-saya")),
            ("mentoring saya", reverse("mentoring:pasangan-list")),
            ("pasangan detail", reverse("mentoring:pasangan-detail", args=[pas["aktif_a"].pk])),
            ("evaluasi bawahan", reverse("evaluasi:penilai-list")),
            ("evaluasi form", reverse("evaluasi:evaluasi-isi", args=[ev["isi_a"].pk])),
        ]
    if peran == "pegawai_a":
        return umum + [
            ("profil", reverse("pegawai-detail", args=[pg["cucu_a"].pk])),
            ("program detail", reverse("pelatihan:program-detail", args=[prog["selesai_a"].pk])),
            ("jp saya", reverse("pelatihan:jp-saya")),
            ("sertifikat", reverse("pelatihan:sertifikat-saya")),
            ("mentoring saya", reverse("mentoring:pasangan-list")),
            ("pasangan detail", reverse("mentoring:pasangan-detail", args=[pas["aktif_a"].pk])),
            ("hasil evaluasi", reverse("evaluasi:hasil-list")),
            ("evaluasi lihat", reverse("evaluasi:evaluasi-isi", args=[ev["kirim_a"].pk])),
            ("ubah sandi", reverse("password_change")),
            ("halaman 404", reverse("pegawai-detail", args=[pg["lain_a"].pk]), 404),
            ("halaman 400", reverse("pelatihan:jp-saya") + "?tahun=abc", 400),
        ]
    raise AssertionError(peran)


def _pelanggaran(page):
    """axe-core's serious and critical violations on the page as it stands, as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    hasil = Axe().run(page)
    baris = []
    for v in hasil.response["violations"]:
        if v["impact"] not in DAMPAK_GAGAL and v["id"] not in ATURAN_GAGAL:
            continue
        baris.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} elemen)")
        for node in v["nodes"][:5]:
            ringkas = node.get("failureSummary", "").replace("\n", " ")
            baris.append(f"      {' '.join(map(str, node['target']))}  {node['html'][:140]}  -- {ringkas[:200]}")
    return baris


def _periksa(page, halaman, salah, ukuran):
    for label, path, *status in halaman:
        resp = page.goto(path)
        if resp.status != (status[0] if status else 200):
            salah.append(f"{ukuran} {label} {path}: status {resp.status}")
            continue
        baris = _pelanggaran(page)
        if baris:
            salah.append(f"{ukuran} {label} {path}:\n" + "\n".join(baris))


@pytest.mark.parametrize("peran", ["hr_a", "pimpinan_a", "atasan_a", "pegawai_a"])
def test_halaman_utama_tanpa_pelanggaran_serius(peran, new_page, live_server, dunia):
    user = dunia.users[peran]
    salah = []
    for ukuran, viewport in UKURAN.items():
        page = new_page(viewport=viewport)
        login(page, live_server, user.username, PASSWORD)
        _periksa(page, _halaman(dunia, peran), salah, ukuran)
    assert not salah, f"axe-core, role {peran}:\n" + "\n".join(salah)


def test_halaman_publik_tanpa_pelanggaran_serius(new_page, live_server, dunia):
    """The login and password-reset pages and the public certificate verification (anonymous)."""
    from pelatihan.models import Sertifikat

    kode = Sertifikat.objects.get(peserta=dunia.peserta["cucu_a@selesai_a"]).kode_verifikasi
    halaman = [("login", reverse("login")), ("lupa sandi", reverse("password_reset")),
               ("lupa sandi terkirim", reverse("password_reset_done")),
               ("tautan sandi tidak sah", reverse("password_reset_confirm", args=["MQ", "bukan-token"])),
               ("verifikasi", reverse("verifikasi", args=[kode])),
               ("verifikasi tidak ada", reverse("verifikasi", args=["TIDAKADA99"]), 404)]
    salah = []
    for ukuran, viewport in UKURAN.items():
        _periksa(new_page(viewport=viewport), halaman, salah, ukuran)
    assert not salah, "axe-core, anonymous:\n" + "\n".join(salah)


@pytest.mark.parametrize("peran", ["hr_a", "atasan_a"])  # the longest menus
def test_navigasi_satu_baris_di_1366(peran, new_page, live_server, dunia):
    user = dunia.users[peran]
    user.first_name, user.last_name = "Raden Roro Kusumawardhani", "Puspitasari Wijayakusuma"  # the longest names
    user.save(update_fields=["first_name", "last_name"])
    page = new_page(viewport=DESKTOP)
    login(page, live_server, user.username, PASSWORD)
    page.goto(reverse("pelatihan:program-list"))
    merek = page.locator("nav .navbar-brand").bounding_box()
    item = page.locator("nav .navbar-collapse > .navbar-nav > .nav-item")
    expect(item.first).to_be_visible()
    atas = {round(item.nth(i).bounding_box()["y"]) for i in range(item.count()) if item.nth(i).is_visible()}
    # One row: every top-level item starts where the first does (a few pixels for centring) ...
    assert max(atas) - min(atas) <= 8, f"the menu wraps at 1366 px: item tops {sorted(atas)}"
    # ... and the bar is no taller than one row of items around the brand.
    tinggi = page.locator("nav.navbar").bounding_box()["height"]
    assert tinggi <= merek["height"] + 32, f"navbar {tinggi}px high, brand {merek['height']}px"
    page.get_by_role("button", name="Pelatihan", exact=True).click()
    screenshot(page, f"navigasi-1366-{peran}")


@pytest.mark.parametrize("ukuran", ["desktop", "ponsel"])
def test_tautan_lewati_adalah_yang_pertama_difokus(ukuran, new_page, live_server, dunia):
    page = new_page(viewport=UKURAN[ukuran])
    login(page, live_server, dunia.users["hr_a"].username, PASSWORD)
    page.goto(reverse("pegawai-list"))
    lewati = page.get_by_role("link", name="Lewati ke konten utama")
    assert lewati.bounding_box()["width"] <= 1  # visually hidden until focused
    page.keyboard.press("Tab")
    expect(lewati).to_be_focused()
    kotak = lewati.bounding_box()
    assert kotak["width"] > 50 and kotak["y"] >= 0, kotak  # shown once focused, at the top of the page
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}{reverse('pegawai-list')}#konten")
    expect(page.locator("main#konten")).to_be_visible()
    # The next Tab goes into the main content, not back to the navigation bar.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def _kontras(a, b):
    """WCAG contrast ratio of two "rgb(r, g, b)" / "rgba(...)" colours (alpha ignored)."""
    def luminans(warna):
        r, g, b = (int(float(x)) / 255 for x in re.findall(r"[\d.]+", warna)[:3])
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    terang, gelap = sorted((luminans(a), luminans(b)), reverse=True)
    return (terang + 0.05) / (gelap + 0.05)


def test_fokus_keyboard_terlihat_di_navigasi(new_page, live_server, dunia):
    """A keyboard user sees where they are: a solid ring of at least 2 px at 3:1 against the navbar (WCAG 1.4.11,
    2.4.7) on the brand and the menu links, only while focused."""
    page = new_page(viewport=DESKTOP)
    login(page, live_server, dunia.users["hr_a"].username, PASSWORD)
    page.goto(reverse("pelatihan:program-list"))
    latar = page.locator("nav.navbar").evaluate("e => getComputedStyle(e).backgroundColor")
    tanpa_fokus = page.locator("nav .navbar-brand").evaluate("e => getComputedStyle(e).outlineStyle")
    for _ in range(3):  # to the brand (after the skip link)
        page.keyboard.press("Tab")
        if "navbar-brand" in page.evaluate("document.activeElement.className"):
            break
    diperiksa = 0
    for _ in range(4):  # the brand and the first menu links
        gaya = page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
            return {kelas: e.className, teks: e.textContent.trim(), fokus: e.matches(':focus-visible'),
                    outline: s.outlineStyle, lebar: parseFloat(s.outlineWidth), warna: s.outlineColor}; }""")
        if "nav" not in gaya["kelas"]:
            break
        assert gaya["fokus"], gaya
        garis = gaya["outline"] not in ("none", "hidden") and gaya["lebar"] >= 2
        terlihat = garis and _kontras(gaya["warna"], latar) >= 3
        assert terlihat, f"no visible focus on navbar link {gaya['teks']!r} (navbar {latar}): {gaya}"
        diperiksa += 1
        page.keyboard.press("Tab")
    assert diperiksa >= 3
    assert tanpa_fokus == "none"  # the ring comes with the focus, it is not always on
