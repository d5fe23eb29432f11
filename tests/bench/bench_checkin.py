"""Issue 3 figure: a check-in burst through the real HTTP stack.

One programme with two sessions happening now, 300 participants with accounts (300 // factor, at least
30 at small scale). A gunicorn server (the project's WSGI app, threads) runs on a free loopback port
against the bench database; each participant has a logged-in session cookie and, from its own client
thread, opens the QR link (GET: the confirm page, which sets the CSRF cookie) and confirms (POST: the
check-in). One participant in ten confirms twice at the same moment (a double tap, a second tab).

- Session 1, the reported figure: everybody arrives within SEBARAN_DETIK seconds (random moments), as a
  room of 300 scanning the screen at the start of a session.
- Session 2, the worst case: everybody at the very same moment, CLIENTS connections at a time.

Reported: errors (transport errors, non-2xx/3xx, pages that refused or did not say "already present",
participants without their row), duplicate attendance rows, and p50/p95 of the check-in POST as the
client measured it.
"""

import datetime
import http.client
import importlib
import os
import random
import re
import runpy
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from pelatihan import checkin
from pelatihan.models import BentukPelatihan, Kehadiran, Mitra, Peserta, ProgramPelatihan, SesiPelatihan
from pembinaan.models import Instansi, Pegawai, UnitKerja
from tests import factories as f

ROOT = Path(__file__).resolve().parents[2]
LOG = ROOT / ".data" / "bench" / "gunicorn-checkin.log"
SEBARAN_DETIK = 30  # session 1: every participant arrives within this many seconds
CLIENTS = 60  # session 2: concurrent connections when everybody confirms at once
GANDA_SETIAP = 10  # one participant in ten confirms twice at once
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HASIL_RE = re.compile(r'data-hasil="([a-z_]+)"')


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _data(n):
    """The instansi, a programme with a session happening now and ``n`` participants with accounts."""
    inst = Instansi.objects.create(kode="BENCH-PRESENSI", nama="Pemerintah Kabupaten Bench Presensi")
    unit = UnitKerja.objects.create(instansi=inst, nama="Badan Kepegawaian Bench")
    mitra = Mitra.objects.create(instansi=inst, nama="BPSDM Bench", jenis=Mitra.Jenis.BPSDM)
    program = ProgramPelatihan.objects.create(
        instansi=inst, judul="Pelatihan Pelayanan Publik (bench)", bentuk=BentukPelatihan.objects.get(kode="KL03"),
        penyelenggara=mitra, jp=24, kuota=n, status=ProgramPelatihan.Status.BERJALAN)
    now = timezone.localtime()
    mulai = max(now.replace(hour=0, minute=0), now - datetime.timedelta(hours=1))
    selesai = min(now.replace(hour=23, minute=59), now + datetime.timedelta(hours=1))
    sesi = [SesiPelatihan.objects.create(program=program, tanggal=now.date(), topik=topik,
                                         jam_mulai=mulai.time().replace(second=0, microsecond=0),
                                         jam_selesai=selesai.time().replace(second=0, microsecond=0))
            for topik in ("Etika pelayanan", "Standar pelayanan")]
    # NIPs of this section: born in 1961 (hardly anyone in the generated SIASN file is), checked anyway.
    nips, i = [], 0
    while len(nips) < n:
        kandidat = []
        for _ in range(n - len(nips)):
            lahir = datetime.date(1961, 1, 1) + datetime.timedelta(days=i % 365)
            kandidat.append((f.nip_pns(lahir, datetime.date(1986, 3, 1), "L", urutan=i // 365 + 1), lahir))
            i += 1
        dipakai = set(Pegawai.objects.filter(nip__in=[nip for nip, _ in kandidat]).values_list("nip", flat=True))
        nips += [(nip, lahir) for nip, lahir in kandidat if nip not in dipakai]
    sandi = make_password("Bench-Presensi-1!")  # hashed once: 300 PBKDF2 rounds would dominate the set-up
    User = get_user_model()
    users = User.objects.bulk_create([User(username=nip, password=sandi) for nip, _ in nips])
    pegawai = [f.PegawaiFactory(instansi=inst, unit_kerja=unit, nip=nip, tanggal_lahir=lahir,
                                tmt_cpns=datetime.date(1986, 3, 1), user=u)
               for (nip, lahir), u in zip(nips, users, strict=True)]
    Peserta.objects.bulk_create([Peserta(program=program, pegawai=p, sumber=Peserta.Sumber.HR) for p in pegawai])
    cookies = []
    SessionStore = importlib.import_module(settings.SESSION_ENGINE).SessionStore  # noqa: N806 (a class)
    for u in users:  # what a login leaves behind: a session (row and cache entry) and its cookie
        store = SessionStore()
        store[SESSION_KEY] = str(u.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        store[HASH_SESSION_KEY] = u.get_session_auth_hash()
        store.create()
        cookies.append(store.session_key)
    return sesi, cookies


def gunicorn_conf():
    """The settings ./gunicorn.conf.py gives the server under this environment (WEB_CONCURRENCY, GUNICORN_THREADS)."""
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def _server(port):
    """gunicorn as the README deploys it: ./gunicorn.conf.py (read from the cwd), only the address as a flag."""
    env = dict(os.environ, DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost")
    LOG.parent.mkdir(parents=True, exist_ok=True)
    log = open(LOG, "w")  # closed with the process
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}; see {LOG}")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/akun/masuk/")
            ok = c.getresponse().status == 200
            c.close()
            if ok:
                return proc, log
        except OSError:
            pass
        time.sleep(0.2)
    proc.terminate()
    raise RuntimeError(f"gunicorn did not answer within 60 s; see {LOG}")


def _set_cookies(response, jar):
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            jar[name.strip()] = rest.split(";", 1)[0]


def _cookie(jar):
    return "; ".join(f"{k}={v}" for k, v in jar.items())


class Burst:
    def __init__(self, port, sesi_id):
        self.port, self.sesi_id = port, sesi_id
        self.lock = threading.Lock()
        self.post_ms, self.get_ms, self.errors = [], [], []

    def _error(self, what):
        with self.lock:
            self.errors.append(what)

    def _post(self, path, body, jar):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            t = time.perf_counter()
            conn.request("POST", path, body=body, headers={
                "Cookie": _cookie(jar), "Content-Type": "application/x-www-form-urlencoded",
                "Host": f"127.0.0.1:{self.port}"})
            resp = conn.getresponse()
            html = resp.read().decode("utf-8", "replace")
            ms = (time.perf_counter() - t) * 1000
        finally:
            conn.close()
        with self.lock:
            self.post_ms.append(ms)
        return resp, html

    def peserta(self, session_key, ganda, tunda=0.0):
        """One participant: after ``tunda`` seconds open the QR link, confirm (twice at once for a double tap)."""
        jar = {settings.SESSION_COOKIE_NAME: session_key}
        time.sleep(tunda)
        try:
            path = checkin.tautan(self.sesi_id, checkin.kode_sekarang(self.sesi_id))
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                t = time.perf_counter()
                conn.request("GET", path, headers={"Cookie": _cookie(jar), "Host": f"127.0.0.1:{self.port}"})
                resp = conn.getresponse()
                html = resp.read().decode("utf-8", "replace")
            finally:
                conn.close()
            with self.lock:
                self.get_ms.append((time.perf_counter() - t) * 1000)
            _set_cookies(resp, jar)
            token = CSRF_RE.search(html)
            if resp.status != 200 or token is None or HASIL_RE.search(html):
                self._error(f"GET {resp.status} {HASIL_RE.search(html) and HASIL_RE.search(html).group(1)}")
                return
            body = urlencode({"csrfmiddlewaretoken": token.group(1)})
            if ganda:
                with ThreadPoolExecutor(2) as two:
                    answers = list(two.map(lambda _: self._post(path, body, jar), range(2)))
            else:
                answers = [self._post(path, body, jar)]
            for resp, html in answers:
                hasil = HASIL_RE.search(html)
                if resp.status == 302 and resp.getheader("Location", "").endswith("/pelatihan/presensi/"):
                    continue
                if resp.status == 200 and ganda and hasil and hasil.group(1) == "sudah_hadir":
                    continue
                self._error(f"POST {resp.status} {hasil and hasil.group(1)}")
        except Exception as exc:  # a transport error is an error of the burst, counted
            self._error(repr(exc))


def _warm_up(port, sesi_id, session_key):
    """Each worker loads templates and URL patterns on its first requests: do that before the clock runs."""
    path = checkin.tautan(sesi_id, checkin.kode_sekarang(sesi_id))

    def get(_):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        c.request("GET", path, headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}"})
        c.getresponse().read()
        c.close()

    with ThreadPoolExecutor(12) as pool:
        list(pool.map(get, range(60)))


def _p(values, q):
    values = sorted(values)
    return values[max(0, int(round(q * len(values))) - 1)] if values else 0.0


def _cpu_detik(pids):
    """User + system CPU seconds the processes ``pids`` have used so far (from /proc; 0 where unavailable)."""
    total = 0
    for pid in pids:
        try:
            kolom = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(kolom[11]) + int(kolom[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def _mesin():
    """(busy, steal, total) jiffies of the whole machine so far, from /proc/stat (zeros where unavailable)."""
    try:
        kolom = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0, 0, 0
    idle = kolom[3] + kolom[4]  # idle + iowait
    steal = kolom[7] if len(kolom) > 7 else 0
    return sum(kolom[:8]) - idle, steal, sum(kolom[:8])


def _pekerja(proc):
    """The gunicorn workers: children of the master process."""
    try:
        return [int(pid) for pid in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()]
    except OSError:
        return []


def _fase(port, sesi, cookies, *, tunda, workers, proc):
    burst = Burst(port, sesi.pk)
    ganda = [i % GANDA_SETIAP == 0 for i in range(len(cookies))]
    pekerja = _pekerja(proc)
    cpu_server, cpu_klien, mesin = _cpu_detik(pekerja), time.process_time(), _mesin()
    t = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(burst.peserta, cookies, ganda, tunda))
    burst.wall = time.perf_counter() - t
    # Where the time goes (issue 14 §5): the server's CPU per request, and the load generator's own, which shares
    # the machine's cores with it.
    n_req = max(1, len(burst.get_ms) + len(burst.post_ms))
    sibuk, curi, semua = (b - a for a, b in zip(mesin, _mesin(), strict=True))
    server_ms = (_cpu_detik(pekerja) - cpu_server) * 1000 / n_req
    klien_ms = (time.process_time() - cpu_klien) * 1000 / n_req
    mesin_ms = sibuk / os.sysconf("SC_CLK_TCK") * 1000 / n_req
    print(f"  CPU per request: server (gunicorn workers) {server_ms:.1f} ms, client {klien_ms:.1f} ms, "
          f"everything else (PostgreSQL, Redis, the kernel) {max(0.0, mesin_ms - server_ms - klien_ms):.1f} ms; "
          f"machine busy {100 * sibuk / max(1, semua):.0f} % of {os.cpu_count()} cores, "
          f"steal {100 * curi / max(1, semua):.0f} %")
    total = Kehadiran.objects.filter(sesi=sesi).count()
    distinct = Kehadiran.objects.filter(sesi=sesi).values("peserta_id").distinct().count()
    burst.duplicates, burst.missing = total - distinct, len(cookies) - distinct
    if burst.errors:
        print(f"  errors (first 5): {burst.errors[:5]}; server log {LOG}")
    print(f"  {sesi.topik}: {len(cookies)} participants, {len(burst.post_ms)} check-in POSTs in {burst.wall:.1f} s, "
          f"{total} attendance rows; GET p95 {_p(burst.get_ms, 0.95):.0f} ms, "
          f"POST p50 {_p(burst.post_ms, 0.5):.0f} ms, p95 {_p(burst.post_ms, 0.95):.0f} ms "
          f"(load average {os.getloadavg()[0]:.2f})")
    return burst


def run(results, *, factor, report, **_):
    n = max(30, 300 // factor)
    t = time.perf_counter()
    sesi, cookies = _data(n)
    print(f"  (check-in burst: {n} participants with sessions in {time.perf_counter() - t:.1f} s)")
    connection.close()  # the server's processes open their own
    port = _free_port()
    proc, log = _server(port)
    conf = gunicorn_conf()
    print(f"  (gunicorn from ./gunicorn.conf.py: {conf['workers']} workers x {conf['threads']} threads, "
          f"{conf['worker_class']}; load average {os.getloadavg()[0]:.2f})")
    try:
        _warm_up(port, sesi[0].pk, cookies[0])  # a GET of the confirm page writes nothing
        rnd = random.Random(3)
        tunda = [rnd.uniform(0, SEBARAN_DETIK) for _ in cookies]
        tersebar = _fase(port, sesi[0], cookies, tunda=tunda, workers=n, proc=proc)
        serentak = _fase(port, sesi[1], cookies, tunda=[0.0] * n, workers=CLIENTS, proc=proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    fase = (tersebar, serentak)
    report(results, "checkin_burst_errors", sum(len(b.errors) + b.missing for b in fase),
           "check-in burst: errors, both sessions (target 0)")
    report(results, "checkin_burst_duplicates", sum(b.duplicates for b in fase),
           "check-in burst: duplicate attendance rows (target 0)")
    report(results, "checkin_burst_p50_ms", _p(tersebar.post_ms, 0.5),
           f"check-in burst: {n} within {SEBARAN_DETIK} s, POST p50 ms")
    report(results, "checkin_burst_p95_ms", _p(tersebar.post_ms, 0.95),
           f"check-in burst: {n} within {SEBARAN_DETIK} s, POST p95 ms")
    report(results, "checkin_serentak_p95_ms", _p(serentak.post_ms, 0.95),
           f"check-in burst: {n} at the same moment ({CLIENTS} connections), POST p95 ms")
    report(results, "checkin_serentak_s", serentak.wall, f"check-in burst: {n} at the same moment, wall time s")
