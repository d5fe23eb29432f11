"""seed_demo under production settings: refused without the demo flag, allowed on a declared demo server.

Apart from tests/pembinaan/test_seed_demo.py because these need an empty database (that module seeds once for all
its tests)."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from pembinaan.demo import DEMO_PASSWORD
from pembinaan.models import Pegawai
from tests.pembinaan.prod_env import manage_prod

pytestmark = pytest.mark.django_db

N = 120


def _seed():
    out = StringIO()
    call_command("seed_demo", pegawai=N, stdout=out)
    return out.getvalue()


def test_refused_under_production_settings_without_the_demo_flag(settings):
    settings.PRODUKSI, settings.SERVER_DEMO = True, False
    with pytest.raises(CommandError, match="PEMBINAAN_SERVER_DEMO=1"):
        call_command("seed_demo", pegawai=N, stdout=StringIO())
    assert not get_user_model().objects.exists() and not Pegawai.objects.exists()


def test_a_declared_demo_server_may_seed_under_production_settings(settings):
    settings.PRODUKSI, settings.SERVER_DEMO = True, True
    _seed()
    assert authenticate(RequestFactory().post("/"), username="admin", password=DEMO_PASSWORD) is not None


def test_production_settings_module_refuses_before_touching_the_database():
    """``manage.py seed_demo`` with pembinaan.settings.prod: refused with the reason, no connection tried."""
    hasil = manage_prod("seed_demo")
    assert hasil.returncode == 1, hasil.stderr
    assert "PEMBINAAN_SERVER_DEMO=1" in hasil.stderr and "kata sandi" in hasil.stderr
    assert "OperationalError" not in hasil.stderr
    # With the flag it goes on to the database (which does not exist here): the refusal is gone.
    hasil = manage_prod("seed_demo", PEMBINAAN_SERVER_DEMO="1")
    assert hasil.returncode != 0 and "PEMBINAAN_SERVER_DEMO=1" not in hasil.stderr
