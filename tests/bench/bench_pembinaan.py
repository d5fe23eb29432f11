"""Issue 2 figures: SIASN import at 100k rows vs an untuned django-import-export resource; the employee
list and the dashboard at 100k employees (query counts at 1k and 100k, p50/p95 over 50 requests)."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pghistory
import tablib
from django.db import transaction
from django.test import Client, override_settings
from import_export import fields, resources, widgets

from pembinaan.impor import berkas
from pembinaan.impor import pegawai as engine
from pembinaan.models import Instansi, Pegawai
from tests import factories as f
from tests.bench.siasn_file import write_xlsx

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".data" / "bench"


class UntunedPegawaiResource(resources.ModelResource):
    """What a first attempt with django-import-export looks like: defaults, row by row."""

    nip = fields.Field(attribute="nip", column_name="NIP BARU")
    nama = fields.Field(attribute="nama", column_name="NAMA")
    tanggal_lahir = fields.Field(attribute="tanggal_lahir", column_name="TANGGAL LAHIR",
                                 widget=widgets.DateWidget(format="%d-%m-%Y"))
    tmt_cpns = fields.Field(attribute="tmt_cpns", column_name="TMT CPNS", widget=widgets.DateWidget(format="%d-%m-%Y"))
    jenis_kelamin = fields.Field(attribute="jenis_kelamin", column_name="JENIS KELAMIN")
    golongan = fields.Field(attribute="golongan", column_name="GOL AKHIR NAMA")
    jenis_asn = fields.Field(attribute="jenis_asn", column_name="JENIS PEGAWAI NAMA")
    pns_id = fields.Field(attribute="pns_id", column_name="PNS ID")

    class Meta:
        model = Pegawai
        import_id_fields = ("nip",)
        fields = ("nip", "nama", "tanggal_lahir", "tmt_cpns", "jenis_kelamin", "golongan", "jenis_asn", "pns_id")

    def __init__(self, instansi):
        super().__init__()
        self.instansi = instansi

    def before_import_row(self, row, **kwargs):
        row["JENIS KELAMIN"] = {"M": "L", "F": "P"}[row["JENIS KELAMIN"]]
        row["JENIS PEGAWAI NAMA"] = "PPPK" if row["JENIS PEGAWAI NAMA"] == "PPPK" else "PNS"
        row["PNS ID"] = "U" + str(row["PNS ID"])[1:]

    def before_save_instance(self, instance, row, **kwargs):
        instance.instansi = self.instansi


def _file(n, **kwargs):
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"siasn-{n}-{kwargs.get('seed', 1)}-{kwargs.get('seq_start', 0)}.xlsx"
    if not path.exists():
        t = time.perf_counter()
        write_xlsx(path, n, **kwargs)
        print(f"  (generated {path.name} in {time.perf_counter() - t:.1f} s)")
    return path


def _import(path, instansi):
    t = time.perf_counter()
    with open(path, "rb") as fh:
        tabel = berkas.baca(fh, path.name)
    read_s = time.perf_counter() - t
    with transaction.atomic(), pghistory.context(sumber="impor"):
        hasil = engine.terapkan(tabel, instansi)
    assert hasil.ok, hasil.galat[:5]
    engine.segarkan_statistik(hasil)  # as the import page and command do after a large import
    return time.perf_counter() - t, read_s


def _impor_perintah(path, instansi):
    """What the user runs, timed from outside: ``manage.py impor_pegawai FILE --instansi KODE -v 2`` in its own
    process (Django start-up, reading, checking, writing in one transaction with the history, ANALYZE). The
    command prints its own split of the time per phase."""
    t = time.perf_counter()
    proses = subprocess.run([sys.executable, "manage.py", "impor_pegawai", str(path), "--instansi", instansi.kode,
                             "-v", "2"], cwd=ROOT, env=os.environ.copy(), capture_output=True, text=True)
    total_s = time.perf_counter() - t
    assert proses.returncode == 0, proses.stdout[-2000:] + proses.stderr[-2000:]
    waktu = re.search(r"membaca ([\d.]+) s, memeriksa ([\d.]+) s, menulis ([\d.]+) s, seluruhnya ([\d.]+) s",
                      proses.stdout)
    fase = dict(zip(("baca", "periksa", "tulis", "perintah"), map(float, waktu.groups()), strict=True))
    fase["awal"] = total_s - fase["perintah"]  # Python and Django start-up, printing, exit
    print(f"  (impor_pegawai: {total_s:.1f} s end to end; reading {fase['baca']:.1f} s, checking "
          f"{fase['periksa']:.1f} s, writing {fase['tulis']:.1f} s, inside the command {fase['perintah']:.1f} s, "
          f"start-up and exit {fase['awal']:.1f} s; checking and writing overlap: the new rows are "
          f"COPYed while the next ones are checked)")
    return total_s, fase


def run(results, *, factor, report, timed_requests, count_queries):
    n = 100_000 // factor
    label = f"{n // 1000}k"
    big = Instansi.objects.create(kode="BENCH-BESAR", nama="Pemerintah Provinsi Bench")
    small = Instansi.objects.create(kode="BENCH-KECIL", nama="Pemerintah Kabupaten Bench")

    path = _file(n)
    total_s, fase = _impor_perintah(path, big)
    report(results, "import_100k_s", total_s, f"import {label}-row SIASN XLSX: `manage.py impor_pegawai` end to end, s")
    report(results, "import_100k_baca_s", fase["baca"], "import: reading the file, s")
    report(results, "import_100k_periksa_s", fase["periksa"], "import: checking the rows, s")
    report(results, "import_100k_tulis_s", fase["tulis"], "import: writing (one transaction, history), s")
    report(results, "import_100k_awal_s", fase["awal"], "import: Python/Django start-up and exit, s")
    rate = n / total_s

    untuned_n = min(n, 10_000 // factor)
    slice_path = _file(untuned_n, seed=7, seq_start=500)
    t = time.perf_counter()
    with open(slice_path, "rb") as fh:
        dataset = tablib.Dataset().load(fh.read(), format="xlsx")
    untuned_instansi = Instansi.objects.create(kode="BENCH-UNTUNED", nama="Untuned")
    result = UntunedPegawaiResource(untuned_instansi).import_data(dataset, dry_run=False, use_transactions=True)
    untuned_s = time.perf_counter() - t
    assert not result.has_errors() and not result.has_validation_errors(), "untuned import failed"
    untuned_rate = untuned_n / untuned_s
    print(f"  untuned django-import-export: {untuned_n} rows of the same format in {untuned_s:.1f} s "
          f"({untuned_rate:.0f} rows/s) vs tuned {rate:.0f} rows/s")
    report(results, "import_speedup_vs_untuned", rate / untuned_rate, "speed-up vs untuned django-import-export")

    _import(_file(1000 // factor if factor > 1 else 1000, seed=3, seq_start=800), small)

    client = Client()
    client.force_login(f.hr_user(big, username="hr.bench"))
    small_client = Client()
    small_client.force_login(f.hr_user(small, username="hr.bench.kecil"))
    some_nip = Pegawai.objects.filter(instansi=big).values_list("nip", flat=True).first()
    unit_id = Pegawai.objects.filter(instansi=big, unit_kerja__isnull=False).values_list("unit_kerja_id",
                                                                                       flat=True).first()
    variants = ["/pegawai/", "/pegawai/?halaman=7", "/pegawai/?q=siti", "/pegawai/?q=" + some_nip[:8],
                "/pegawai/?golongan=III/a", f"/pegawai/?unit_kerja={unit_id}", "/pegawai/?urut=-golongan",
                "/pegawai/?jenis_asn=PPPK&urut=unit", "/pegawai/?jenis_jabatan=fungsional&halaman=20",
                "/pegawai/?q=Hidayat&status=aktif"]
    urls = (variants * 5)[:50]
    p50, p95 = timed_requests(client, urls)
    report(results, "pegawai_list_p50_ms", p50, f"employee list at {label}: p50 ms")
    report(results, "pegawai_list_p95_ms", p95, f"employee list at {label}: p95 ms (target <= 200)")
    report(results, "pegawai_list_queries_1k", count_queries(small_client, "/pegawai/?q=a&urut=-golongan"),
           "employee list queries at 1k")
    report(results, "pegawai_list_queries_100k", count_queries(client, "/pegawai/?q=a&urut=-golongan"),
           f"employee list queries at {label}")

    # The figures that count: every request computes the aggregates (no cache).
    p50, p95 = timed_requests(client, ["/dasbor/"] * 50, pengaturan={"DASBOR_CACHE_DETIK": 0})
    report(results, "dashboard_p50_ms", p50, f"dashboard at {label}, uncached: p50 ms")
    report(results, "dashboard_p95_ms", p95, f"dashboard at {label}, uncached: p95 ms (target <= 200)")
    with override_settings(DASBOR_CACHE_DETIK=0):
        report(results, "dashboard_queries_1k", count_queries(small_client, "/dasbor/"), "dashboard queries at 1k")
        report(results, "dashboard_queries_100k", count_queries(client, "/dasbor/"),
               f"dashboard queries at {label}")
    p50, p95 = timed_requests(client, ["/dasbor/"] * 50, pengaturan={"DASBOR_CACHE_DETIK": 60})
    report(results, "dashboard_cached_p95_ms", p95, f"dashboard at {label}, 60 s cache: p95 ms")
