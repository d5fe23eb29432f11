"""Server time and queries of every page of `make load`'s mix, in-process (no gunicorn, no locust), against the
scratch database of an earlier complete `tests.load.run` build (its marker holds the sessions the load uses):

    PEMBINAAN_DB_NAME=load_x .venv/bin/python -m tests.load.profil [--kali 20] [--profil "JP saya"]

Per page: the median and the worst of ``--kali`` requests (ms, the page rendered by Django's test client through
the whole middleware stack, as the load's users: same sessions), the median CPU time of this process (ms: Python's
share, steadier than the wall time on a busy machine; PostgreSQL's is not in it) and the queries of one request.
``--profil NAME``
adds cProfile's top functions (cumulative) for the pages whose name contains NAME. A measurement, not a test.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VERSI_RE = re.compile(r'name="versi" value="(\d+)"')


def _halaman(data):
    pegawai, atasan, hr = data["pegawai"][0], data["atasan"][0], data["hr"][0]
    unit = data["unit"][0]
    form = (atasan["formulir"] or [None])[0]
    hasil = [
        ("pegawai: beranda", pegawai, "GET", "/"),
        ("pegawai: JP saya", pegawai, "GET", f"/pelatihan/jp/?tahun={data['tahun']}"),
        ("pegawai: daftar program", pegawai, "GET", "/pelatihan/program/"),
        ("atasan: daftar staf", atasan["sesi"], "GET", "/evaluasi/penilai/"),
        ("atasan: beranda", atasan["sesi"], "GET", "/"),
    ]
    if form:
        hasil += [("atasan: formulir evaluasi", atasan["sesi"], "GET", f"/evaluasi/{form}/isi/"),
                  ("atasan: simpan draf evaluasi", atasan["sesi"], "POST", f"/evaluasi/{form}/isi/")]
    for q in ["?q=siti", "?golongan=III/a", f"?unit_kerja={unit}", "?jenis_asn=PPPK&urut=unit",
              "?q=Hidayat&status=aktif", "?halaman=5"]:
        hasil.append((f"hr: daftar pegawai {q}", hr, "GET", "/pegawai/" + q))
    hasil += [("hr: dasbor", hr, "GET", "/dasbor/"),
              ("hr: ekspor XLSX (satu unit)", hr, "GET", f"/pegawai/ekspor.xlsx?unit_kerja={unit}")]
    return hasil


def _minta(client, metode, url):
    if metode == "GET":
        return client.get(url)
    r = client.get(url)
    versi = VERSI_RE.search(r.content.decode())
    return client.post(url, {"versi": versi.group(1) if versi else "0", "rating_hasil_kerja": "sesuai",
                             "rating_perilaku_kerja": "sesuai", "umpan_balik": "Catatan Senin pagi.",
                             "aksi": "simpan"})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kali", type=int, default=20)
    parser.add_argument("--profil", default="")
    parser.add_argument("--scale", choices=["full", "small"], default="full")
    parser.add_argument("--hanya", default="", help="only the pages whose name contains this")
    args = parser.parse_args()
    os.environ.setdefault("PEMBINAAN_DB_NAME", "load_pembinaan")
    sys.path.insert(0, str(ROOT))
    from tests.bench.run import setup_django
    from tests.load.run import _penanda

    penanda = _penanda(args.scale)
    if not penanda.exists():
        sys.exit(f"no complete build in {os.environ['PEMBINAAN_DB_NAME']} ({penanda}): run tests.load.run first")
    data = json.loads(penanda.read_text(encoding="utf-8"))
    setup_django(kosongkan=False)
    import logging

    logging.getLogger("pembinaan.permintaan").setLevel(logging.WARNING)  # one line per request otherwise
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    print(f"{'halaman':<44} {'median':>8} {'maks':>8} {'cpu':>8} {'query':>6}  (uptime: {os.getloadavg()[0]:.2f})")
    for nama, sesi, metode, url in _halaman(data):
        if args.hanya and args.hanya not in nama:
            continue
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = sesi
        r = _minta(client, metode, url)  # warm
        ok = r.status_code in (200, 302)
        with CaptureQueriesContext(connection) as q:
            _minta(client, metode, url)
        n_query = len(q.captured_queries) - (0 if metode == "GET" else 0)
        waktu, cpu = [], []
        for _ in range(args.kali):
            t, c = time.perf_counter(), time.process_time()
            _minta(client, metode, url)
            waktu.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
        print(f"{nama:<44} {statistics.median(waktu):8.1f} {max(waktu):8.1f} {statistics.median(cpu):8.1f} {n_query:>6}"
              f"{'' if ok else f'  status {r.status_code}'}")
        if args.profil and args.profil in nama:
            prof = cProfile.Profile()
            prof.enable()
            for _ in range(5):
                _minta(client, metode, url)
            prof.disable()
            out = io.StringIO()
            pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(35)
            print(out.getvalue())
            for sql in sorted(q.captured_queries, key=lambda x: -float(x["time"]))[:8]:
                print(f"    {float(sql['time']) * 1000:7.1f} ms  {sql['sql'][:300]}")


if __name__ == "__main__":
    main()
