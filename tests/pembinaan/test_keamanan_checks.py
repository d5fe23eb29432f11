"""System check W001: production with SITE_URL still at localhost (certificate QR codes and e-mail links)."""

import logging

import pytest
from django.core.checks import run_checks

from pembinaan.checks import peringatan_saat_mulai
from tests.pembinaan.prod_env import manage_prod


def _ids(**kw):
    return [m.id for m in run_checks(**kw) if m.id.startswith("pembinaan.")]


@pytest.mark.parametrize("site_url", ["http://localhost:8000", "http://127.0.0.1", "https://pembinaan.localhost/", ""])
def test_production_with_local_site_url_warns_on_every_check_run(settings, site_url):
    settings.PRODUKSI, settings.SITE_URL = True, site_url
    assert _ids() == ["pembinaan.W001"]


def test_production_with_a_public_site_url_is_quiet(settings):
    settings.PRODUKSI, settings.SITE_URL = True, "https://pembinaan.bkpsdm.bengkuluprov.go.id"
    assert _ids() == [] and _ids(include_deployment_checks=True) == []


def test_outside_production_only_the_deploy_check_warns(settings):
    settings.PRODUKSI, settings.SITE_URL = False, "http://localhost:8000"
    assert _ids() == []
    assert _ids(include_deployment_checks=True) == ["pembinaan.W001"]


def test_production_process_logs_the_warning_when_it_starts(settings, caplog):
    settings.PRODUKSI, settings.SITE_URL = True, "http://localhost:8000"
    with caplog.at_level(logging.WARNING, logger="pembinaan.checks"):
        peringatan_saat_mulai()
    assert "pembinaan.W001" in caplog.text and "SITE_URL" in caplog.text


def test_manage_check_under_the_production_settings_module_reports_it():
    hasil = manage_prod("check")
    assert hasil.returncode == 0, hasil.stderr
    assert "pembinaan.W001" in hasil.stderr + hasil.stdout
    hasil = manage_prod("check", SITE_URL="https://pembinaan.bkpsdm.tebokab.go.id")
    assert "pembinaan.W001" not in hasil.stderr + hasil.stdout
