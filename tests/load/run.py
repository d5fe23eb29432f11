"""`make load [DURASI=5m] [PENGGUNA=300] [SCALE=full]`: a Monday morning through gunicorn on loopback with locust.

Not part of `make test`. Builds its own scratch database (``load_pembinaan`` unless PEMBINAAN_DB_NAME says
otherwise) with the bench's 100,000 employees and 1,000,000 ledger rows (``--scale small``: a tenth), starts
gunicorn (./gunicorn.conf.py, as in production) on a free loopback port, runs locust headless for
the duration, and reports per page: requests, failures, p50/p95/p99 (ms); total throughput; the gunicorn
workers' memory (RSS from /proc) at start and end. Figures are merged into bench-results.json under ``load_*``.
A measurement, not a test: nothing fails on a slow machine.
"""

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KERJA = ROOT / ".data" / "load"
TARGET_MS = {"pegawai": 300, "atasan": 300, "hr": 500}


def _detik(teks):
    m = re.fullmatch(r"(\d+)([smh]?)", teks.strip())
    if not m:
        raise argparse.ArgumentTypeError(f"durasi tidak dikenal: {teks!r} (mis. 60s, 5m)")
    return int(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[m.group(2)]


def _anak(pid):
    """The gunicorn workers: children of the master process."""
    anak = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            bagian = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(bagian[1]) == pid:
            anak.append(int(stat.parent.name))
    return sorted(anak)


def _rss_mb(pids):
    total = 0
    for pid in pids:
        try:
            for baris in Path(f"/proc/{pid}/status").read_text().splitlines():
                if baris.startswith("VmRSS:"):
                    total += int(baris.split()[1])
        except OSError:
            pass
    return total / 1024


def _penanda(scale):
    """The marker of a complete build of this scale into this database: the build's own data (sessions, ids) as
    JSON, written only once the build finished, so `--pakai-data` can measure again without loading again."""
    return KERJA / f"{os.environ['PEMBINAAN_DB_NAME']}-{scale}.dimuat.json"


def _data_lama(scale, pegawai, atasan, hr):
    """The data of an earlier complete build with at least as many accounts as this run's users, or None (build
    again: fewer accounts than users would have several users share one account)."""
    penanda = _penanda(scale)
    if not penanda.exists():
        print(f"  --pakai-data: no complete build of scale={scale} in {os.environ['PEMBINAAN_DB_NAME']}; building")
        return None
    data = json.loads(penanda.read_text(encoding="utf-8"))
    if len(data["pegawai"]) < pegawai or len(data["atasan"]) < atasan or len(data["hr"]) < hr:
        print(f"  --pakai-data: the earlier build has fewer accounts than {pegawai}/{atasan}/{hr} users; building")
        return None
    data["pegawai"], data["atasan"], data["hr"] = data["pegawai"][:pegawai], data["atasan"][:atasan], data["hr"][:hr]
    return data


PARALEL_HANGAT = 24  # at least the server's workers x threads (gunicorn.conf.py: cores x 4), so every thread serves


def _cpu_s(master):
    """User + system CPU seconds the gunicorn master and its workers used so far, recycled workers included (a
    worker that exits after max_requests is reaped by the master: its time moves to the master's cutime/cstime)."""
    def stat(pid):
        try:
            return [int(x) for x in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[11:15]]
        except OSError:
            return [0, 0, 0, 0]

    total = sum(stat(master))  # utime, stime, cutime, cstime (fields 14-17)
    total += sum(sum(stat(pid)[:2]) for pid in _anak(master))
    return total / os.sysconf("SC_CLK_TCK")


def _hangatkan(port, data, *, paralel=1, putaran=3):
    """Every page kind a few times (spread over the workers), so the start memory is that of workers that have
    imported and cached what the mix uses: growth measured after that is growth under load. With ``paralel`` > 1
    the requests go ``paralel`` at a time, so every thread of every worker has served (its database connection,
    its share of the allocator's per-thread arenas): memory a thread takes once, at its first requests, is then
    in the start figure rather than counted as growth."""
    import http.client
    from concurrent.futures import ThreadPoolExecutor

    pegawai, atasan, hr = data["pegawai"], data["atasan"], data["hr"]
    halaman = []
    for i in range(putaran):
        a = atasan[i % len(atasan)]
        halaman += [(pegawai[i % len(pegawai)], "/"), (pegawai[i % len(pegawai)], "/pelatihan/jp/"),
                    (pegawai[i % len(pegawai)], "/pelatihan/program/"), (a["sesi"], "/evaluasi/penilai/"),
                    (hr[i % len(hr)], "/dasbor/"), (hr[i % len(hr)], "/pegawai/?q=siti"),
                    (hr[i % len(hr)], f"/pegawai/ekspor.xlsx?unit_kerja={data['unit'][i % len(data['unit'])]}")]
        halaman += [(a["sesi"], f"/evaluasi/{pk}/isi/") for pk in a["formulir"][:1]]

    def buka(item):
        sesi, path = item
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        c.request("GET", path, headers={"Cookie": f"{data['cookie']}={sesi}"})
        c.getresponse().read()
        c.close()

    if paralel == 1:
        for item in halaman:
            buka(item)
        return
    with ThreadPoolExecutor(paralel) as pool:
        list(pool.map(buka, halaman * 4))


def _laporan(prefix, results, durasi):
    baris = list(csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8")))
    print(f"\n  {'halaman':<48} {'req':>6} {'gagal':>5} {'p50':>6} {'p95':>6} {'p99':>6}")
    p95_peran = {"pegawai": 0.0, "atasan": 0.0, "hr": 0.0}
    for r in baris:
        if r["Name"] == "Aggregated":
            continue
        print(f"  {r['Type'] + ' ' + r['Name']:<48} {r['Request Count']:>6} {r['Failure Count']:>5} "
              f"{r['50%']:>6} {r['95%']:>6} {r['99%']:>6}")
        peran = r["Name"].split(":", 1)[0]
        if peran in p95_peran:
            p95_peran[peran] = max(p95_peran[peran], float(r["95%"]))
    total = next(r for r in baris if r["Name"] == "Aggregated")
    results["load_failures"] = int(total["Failure Count"])
    results["load_requests"] = int(total["Request Count"])
    results["load_rps"] = round(float(total["Requests/s"]), 1)
    for peran, ms in p95_peran.items():
        results[f"load_p95_ms_{peran}"] = ms
    results["load_durasi_s"] = durasi
    print(f"  total: {total['Request Count']} requests, {total['Failure Count']} failures, {results['load_rps']} req/s")
    for peran, ms in p95_peran.items():
        print(f"  p95 of the slowest {peran} page: {ms:.0f} ms (target <= {TARGET_MS[peran]})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--durasi", type=_detik, default=300, help="e.g. 60s, 5m (default 5m)")
    parser.add_argument("--pengguna", type=int, default=300, help="simulated users (default 300)")
    parser.add_argument("--scale", choices=["full", "small"], default="full")
    parser.add_argument("--hasil", default=str(ROOT / "bench-results.json"))
    parser.add_argument("--pakai-data", action="store_true",
                        help="reuse the scratch database of an earlier complete build of this scale (no reload)")
    args = parser.parse_args()
    os.environ.setdefault("PEMBINAAN_DB_NAME", "load_pembinaan")
    sys.path.insert(0, str(ROOT))
    from tests.bench.run import setup_django

    n_pegawai = round(args.pengguna * 0.80)
    n_atasan = round(args.pengguna * 0.15)
    n_hr = max(1, args.pengguna - n_pegawai - n_atasan)
    data = _data_lama(args.scale, n_pegawai, n_atasan, n_hr) if args.pakai_data else None
    setup_django(kosongkan=data is None)
    from django.conf import settings

    from tests.bench import bench_checkin
    from tests.load import data as load_data

    factor = 1 if args.scale == "full" else 10
    print(f"Pembinaan ASN load: {args.pengguna} users for {args.durasi} s, scale={args.scale} "
          f"(load average {os.getloadavg()[0]:.1f}: other work on this machine slows every figure)")
    KERJA.mkdir(parents=True, exist_ok=True)
    if data is not None:
        print(f"  using the data an earlier build loaded (--pakai-data, {_penanda(args.scale)})")
        load_data.sesi_hari_ini(data["sesi_pelatihan"])
        load_data.sesi_segarkan(data)
    else:
        _penanda(args.scale).unlink(missing_ok=True)
        t = time.perf_counter()
        data = load_data.bangun(factor, pegawai=n_pegawai, atasan=n_atasan, hr=n_hr)
        print(f"  data ready in {time.perf_counter() - t:.0f} s")
        # Written last: the marker exists only if the whole build finished.
        load_data.simpan(data, _penanda(args.scale))
    data["presensi"] = load_data.tautan_presensi(data["sesi_pelatihan"], args.durasi + 600)
    data["cookie"] = settings.SESSION_COOKIE_NAME
    path_data = KERJA / "data.json"
    load_data.simpan(data, path_data)

    from django.db import connections

    connections.close_all()
    # gunicorn.conf.py keeps idle connections 20 s, longer than a user's longest pause (8 s), as behind a proxy.
    port = bench_checkin._free_port()
    proc, log = bench_checkin._server(port)
    results = {}
    try:
        _hangatkan(port, data)
        workers = _anak(proc.pid)
        mem_urut = _rss_mb(workers)
        _hangatkan(port, data, paralel=PARALEL_HANGAT)
        mem_awal = _rss_mb(workers)
        print(f"  gunicorn workers' memory (RSS): {mem_urut:.0f} MB after one request at a time, {mem_awal:.0f} MB "
              f"after {PARALEL_HANGAT} at a time (the start figure)")
        prefix = KERJA / "locust"
        cpu_awal = _cpu_s(proc.pid)
        subprocess.run(
            [str(Path(sys.executable).with_name("locust")), "-f", str(ROOT / "tests" / "load" / "locustfile.py"),
             "--headless", "--users", str(args.pengguna), "--spawn-rate", str(max(1, args.pengguna // 30)),
             "--run-time", f"{args.durasi}s", "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix),
             "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "10"],
            cwd=ROOT, env=dict(os.environ, LOAD_DATA=str(path_data)), check=False)
        workers_akhir = _anak(proc.pid)
        mem_akhir = _rss_mb(workers_akhir)
        cpu = _cpu_s(proc.pid) - cpu_awal
        _laporan(prefix, results, args.durasi)
        # The server's own cost, whatever else the machine runs (PostgreSQL's is not in it): what a quieter
        # machine's throughput follows from.
        results["load_cpu_ms_per_request"] = round(1000 * cpu / max(1, results["load_requests"]), 1)
        print(f"  gunicorn's CPU (master and workers): {cpu:.0f} s, {results['load_cpu_ms_per_request']} ms per "
              f"request (load average at the end: {os.getloadavg()[0]:.1f})")
        results["load_mem_start_mb"] = round(mem_awal, 1)
        results["load_mem_warm_sequential_mb"] = round(mem_urut, 1)
        results["load_mem_end_mb"] = round(mem_akhir, 1)
        results["load_mem_growth_pct"] = round(100 * (mem_akhir - mem_awal) / mem_awal, 1)
        print(f"  gunicorn workers' memory (RSS, {len(workers)} workers): {mem_awal:.0f} MB at start, "
              f"{mem_akhir:.0f} MB at end ({results['load_mem_growth_pct']:+.1f} %, target < 10 %)")
        results["load_workers_recycled"] = len(set(workers) - set(workers_akhir))
        if results["load_workers_recycled"]:
            print(f"  note: {results['load_workers_recycled']} of the {len(workers)} workers were replaced during the "
                  "run (gunicorn max_requests): the end memory is partly that of fresh workers")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
    hasil = Path(args.hasil)
    lama = json.loads(hasil.read_text()) if hasil.exists() else {}
    lama.update(results)
    hasil.write_text(json.dumps(lama, indent=2, sort_keys=True) + "\n")
    print(f"  written to {hasil}")


if __name__ == "__main__":
    main()
