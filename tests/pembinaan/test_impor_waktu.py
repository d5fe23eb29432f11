"""``manage.py impor_pegawai -v 2`` reports where the time went (reading / checking / writing): what the bench
reads for the import figure (issue 14, section 5). PNS and PPPK rows both go through the timed path."""

import io
import re

import pytest
from django.core.management import call_command

from pembinaan.models import Pegawai
from tests import factories as f
from tests.pembinaan import siasn
from tests.pembinaan.siasn import pegawai, pppk

pytestmark = pytest.mark.django_db

POLA = re.compile(r"Waktu: membaca ([\d.]+) s, memeriksa ([\d.]+) s, menulis ([\d.]+) s, seluruhnya ([\d.]+) s")


@pytest.fixture
def berkas(tmp_path):
    f.InstansiFactory(kode=siasn.INSTANSI_KODE, nama=siasn.INSTANSI_NAMA)
    data, nama = siasn.berkas([pegawai(1), pppk(2)], "xlsx")
    path = tmp_path / nama
    path.write_bytes(data)
    return str(path)


def test_verbose_import_prints_time_per_phase(berkas):
    out = io.StringIO()
    call_command("impor_pegawai", berkas, "--instansi", siasn.INSTANSI_KODE, "-v", "2", stdout=out)
    baca, periksa, tulis, total = map(float, POLA.search(out.getvalue()).groups())
    # Two rows: a phase can round to 0.0 s on a quiet machine; each is printed and they fit in the total.
    assert min(baca, periksa, tulis) >= 0 and total > 0
    assert baca + periksa + tulis <= total + 0.05  # each figure is rounded to 0.01 s
    assert Pegawai.objects.count() == 2


def test_verbose_dry_run_times_checking_and_writes_nothing(berkas):
    out = io.StringIO()
    call_command("impor_pegawai", berkas, "--instansi", siasn.INSTANSI_KODE, "--dry-run", "-v", "2", stdout=out)
    _, periksa, tulis, _ = map(float, POLA.search(out.getvalue()).groups())
    assert periksa >= 0 and tulis == 0  # checked (possibly in under 0.01 s for two rows), nothing written
    assert Pegawai.objects.count() == 0


def test_default_verbosity_prints_no_timing(berkas):
    out = io.StringIO()
    call_command("impor_pegawai", berkas, "--instansi", siasn.INSTANSI_KODE, stdout=out)
    assert "Waktu:" not in out.getvalue() and "Baru: 2" in out.getvalue()
