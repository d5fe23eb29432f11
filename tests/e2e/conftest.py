"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's ``live_server``.

One Chromium for the whole run, a fresh browser context (cookies, storage) per test. ``live_server``
makes every test transactional and flushes the tables afterwards, so the roles and reference data
that migration 0002 seeds are seeded again before each test.

Chromium missing: the tests are skipped locally, but fail when ``PEMBINAAN_REQUIRE_BROWSER=1`` or
``CI=true`` (a CI run must never go green by skipping its browser tests).
"""

import importlib
import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio loop in this thread; Django would otherwise refuse ORM calls
# (factories, assertions on the database) from the test body. Only the e2e tests need this.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run",
    "--disable-gpu", "--disable-quic", "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
E2E_DIR = Path(__file__).resolve().parent
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config, items):
    # This hook sees every collected item of the session, not only ours.
    for item in items:
        if E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def _browser_required():
    return os.environ.get("PEMBINAAN_REQUIRE_BROWSER") == "1" or os.environ.get("CI", "").lower() == "true"


def _unavailable(message):
    if _browser_required():
        pytest.fail(f"{message} (PEMBINAAN_REQUIRE_BROWSER=1 or CI=true: browser tests may not be skipped)",
                    pytrace=False)
    pytest.skip(f"{message}; install Debian's chromium to run the browser tests")


@pytest.fixture(scope="session")
def playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("The Python package playwright is not installed")
    manager = sync_playwright().start()
    yield manager
    manager.stop()


@pytest.fixture(scope="session")
def browser(playwright):
    for stale in ARTIFACTS.glob("*-gagal-*.png"):  # failure screenshots of an earlier run
        stale.unlink()
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        _unavailable(f"Chromium not found at {CHROMIUM}")
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    except Exception as exc:
        _unavailable(f"Chromium at {CHROMIUM} did not start: {exc}")
    yield browser
    browser.close()


@pytest.fixture(autouse=True)
def referensi(transactional_db):
    """Reference data the migrations seed and live_server's flush removes: the groups "Admin BKPSDM" / "Pimpinan"
    (with the import/export permissions), the Kompetensi rows and the LAN bentuk pelatihan."""
    from django.apps import apps

    importlib.import_module("pembinaan.migrations.0002_referensi").seed(apps, None)
    importlib.import_module("pelatihan.migrations.0002_referensi").seed(apps, None)


def _artifact_name(nodeid, suffix=""):
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.split("::", 1)[-1]).strip("_")
    return ARTIFACTS / f"{name}{suffix}.png"


@pytest.fixture
def new_page(browser, live_server, request):
    """``new_page(**context_options)``: a page in a fresh browser context; screenshot saved if the test fails."""
    contexts = []
    pelanggaran_csp = []  # the Content-Security-Policy is on in tests too: any violation fails the test

    def make(**options):
        options = {"base_url": live_server.url, "locale": "id-ID", "timezone_id": "Asia/Jakarta", **options}
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        halaman = context.new_page()
        halaman.on("console", lambda pesan: pelanggaran_csp.append(f"{halaman.url}: {pesan.text}")
                   if "Content Security Policy" in pesan.text else None)
        return halaman

    yield make
    report = getattr(request.node, "rep_call", None)
    failed = report is None or report.failed
    for i, context in enumerate(contexts):
        if failed:
            ARTIFACTS.mkdir(exist_ok=True)
            for j, page in enumerate(context.pages):
                try:
                    page.screenshot(path=_artifact_name(request.node.nodeid, f"-gagal-{i}{j}"), full_page=True)
                except Exception as exc:  # a crashed page must not hide the real failure
                    print(f"screenshot failed: {exc}")
        context.close()
    if pelanggaran_csp:
        pytest.fail("Pelanggaran Content-Security-Policy di browser:\n" + "\n".join(pelanggaran_csp))


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def instansi():
    from tests.factories import InstansiFactory

    return InstansiFactory(kode="TEBO", nama="Pemerintah Kabupaten Tebo")


@pytest.fixture
def hr(instansi):
    """An Admin BKPSDM of ``instansi`` (username ``hr.tebo``, password ``factories.PASSWORD``)."""
    from tests.factories import hr_user

    return hr_user(instansi)


def screenshot(page, name):
    """Save a screenshot into test-artifacts/ (for looking at the pages, not for asserting)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def login(page, live_server, username, password, *, berhasil=True):
    """Sign in through the real login form. With ``berhasil`` (the default) assert that it worked."""
    from playwright.sync_api import expect

    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("NIP atau nama pengguna").fill(username)
    page.get_by_label("Sandi").fill(password)  # Django says "Sandi"; matches "Kata sandi" too
    with page.expect_navigation():
        page.get_by_role("button", name="Masuk", exact=True).click()
    if berhasil:
        expect(page.get_by_role("button", name="Keluar", include_hidden=True)).to_be_attached()
        assert "/akun/masuk/" not in page.url, f"login as {username!r} failed: still on {page.url}"
    return page
