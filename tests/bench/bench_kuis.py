"""Issue 13 figure: a quiz burst through the real HTTP stack, and the size of a lesson page.

One online course (one text lesson, a bank of 20 questions, a quiz drawing 10), 300 learners (at every scale)
enrolled with the lesson done and a logged-in session. The gunicorn server and the HTTP
helpers are bench_checkin's. Every learner, from its own client thread at a random moment within SEBARAN_DETIK
seconds, opens the quiz page (CSRF cookie), starts an attempt (POST, redirected to the questions), reads the
questions and submits answers (POST, the timed request). One learner in ten submits twice at the same moment (a
double tap).

Reported: errors (transport errors, unexpected statuses, learners without exactly one submitted attempt),
duplicate attempts, p95 of the submit POST as the client measured it, and ``materi_bytes``: the HTML of a lesson
page (no media; the target is 300 KB).
"""

import datetime
import http.client
import random
import re
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from pelatihan.models import (
    BankSoal,
    BentukPelatihan,
    KelasDaring,
    Kuis,
    Materi,
    Mitra,
    Modul,
    PendaftaranDaring,
    PercobaanKuis,
    Peserta,
    PilihanJawaban,
    ProgramPelatihan,
    ProgresMateri,
    Soal,
)
from pembinaan.models import Instansi, Pegawai, UnitKerja
from tests import factories as f
from tests.bench.bench_checkin import CSRF_RE, LOG, _cookie, _free_port, _p, _server, _set_cookies

SEBARAN_DETIK = 60  # every learner submits within this many seconds
GANDA_SETIAP = 10  # one learner in ten submits twice at once
SOAL_BANK, SOAL_KUIS = 20, 10
LEARNERS = 300
JAWAB_RE = re.compile(r'name="soal_(\d+)" value="(\d+)"')


def _data(n):
    """The instansi, a published course with one lesson and its quiz, ``n`` learners enrolled (lesson done) with
    sessions. Returns (kuis, materi, session keys)."""
    inst = Instansi.objects.create(kode="BENCH-KUIS", nama="Pemerintah Kabupaten Bench Kuis")
    unit = UnitKerja.objects.create(instansi=inst, nama="Badan Kepegawaian Bench Kuis")
    mitra = Mitra.objects.create(instansi=inst, nama="BKPSDM Bench Kuis", jenis=Mitra.Jenis.INTERNAL)
    program = ProgramPelatihan.objects.create(
        instansi=inst, judul="Memahami BerAKHLAK (bench)", bentuk=BentukPelatihan.objects.get(kode="NKL03"),
        penyelenggara=mitra, jp=2, kuota=n, mode=ProgramPelatihan.Mode.DARING, status=ProgramPelatihan.Status.DIBUKA)
    kelas = KelasDaring.objects.create(program=program)
    modul = Modul.objects.create(kelas=kelas, judul="Nilai dasar ASN")
    paragraf = ("ASN yang berorientasi pelayanan memahami dan memenuhi kebutuhan masyarakat, ramah, cekatan, "
                "solutif dan dapat diandalkan, serta terus melakukan perbaikan tiada henti. ")
    materi = Materi.objects.create(modul=modul, judul="Berorientasi pelayanan", jenis=Materi.Jenis.TEKS,
                                   isi=paragraf * 60, durasi_minimal_detik=45 * 60)
    bank = BankSoal.objects.create(instansi=inst, nama="Bank BerAKHLAK (bench)")
    for i in range(SOAL_BANK):
        soal = Soal.objects.create(bank=bank, teks=f"Pertanyaan nilai dasar nomor {i + 1}?", jenis=Soal.Jenis.TUNGGAL)
        PilihanJawaban.objects.bulk_create([PilihanJawaban(soal=soal, teks=f"Pilihan {k}", benar=k == 1)
                                            for k in range(1, 5)])
    kuis = Kuis.objects.create(program=program, jenis=Kuis.Jenis.KELAS, bank=bank, jumlah_soal=SOAL_KUIS,
                               nilai_lulus=60)
    nips, i = [], 0
    while len(nips) < n:  # born in 1962: another year than the check-in burst's
        kandidat = []
        for _ in range(n - len(nips)):
            lahir = datetime.date(1962, 1, 1) + datetime.timedelta(days=i % 365)
            kandidat.append((f.nip_pns(lahir, datetime.date(1987, 3, 1), "P", urutan=i // 365 + 1), lahir))
            i += 1
        dipakai = set(Pegawai.objects.filter(nip__in=[nip for nip, _ in kandidat]).values_list("nip", flat=True))
        nips += [(nip, lahir) for nip, lahir in kandidat if nip not in dipakai]
    sandi = make_password("Bench-Kuis-1!")
    User = get_user_model()
    users = User.objects.bulk_create([User(username=nip, password=sandi) for nip, _ in nips])
    pegawai = [f.PegawaiFactory(instansi=inst, unit_kerja=unit, nip=nip, tanggal_lahir=lahir, jenis_kelamin="P",
                                tmt_cpns=datetime.date(1987, 3, 1), user=u)
               for (nip, lahir), u in zip(nips, users, strict=True)]
    peserta = Peserta.objects.bulk_create([Peserta(program=program, pegawai=p, sumber=Peserta.Sumber.MANDIRI)
                                           for p in pegawai])
    hari_ini, sekarang = timezone.localdate(), timezone.now()
    daftar = PendaftaranDaring.objects.bulk_create([
        PendaftaranDaring(peserta=p, buka=hari_ini, tutup=hari_ini + datetime.timedelta(days=30),
                          materi_terakhir=materi, mulai_belajar=sekarang) for p in peserta])
    ProgresMateri.objects.bulk_create([ProgresMateri(pendaftaran=d, materi=materi, detik=materi.durasi_minimal_detik,
                                                     selesai_pada=sekarang) for d in daftar])
    cookies = []
    for u in users:
        store = SessionStore()
        store[SESSION_KEY] = str(u.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        store[HASH_SESSION_KEY] = u.get_session_auth_hash()
        store.create()
        cookies.append(store.session_key)
    return kuis, materi, cookies


class Burst:
    def __init__(self, port, kuis):
        self.port, self.kuis = port, kuis
        self.lock = threading.Lock()
        self.kirim_ms, self.errors = [], []

    def _error(self, what):
        with self.lock:
            self.errors.append(what)

    def _req(self, method, path, jar, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": _cookie(jar), "Host": f"127.0.0.1:{self.port}"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            t = time.perf_counter()
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            html = resp.read().decode("utf-8", "replace")
            ms = (time.perf_counter() - t) * 1000
        finally:
            conn.close()
        _set_cookies(resp, jar)
        return resp, html, ms

    def _kirim(self, path, body, jar):
        resp, html, ms = self._req("POST", path, dict(jar), body)
        with self.lock:
            self.kirim_ms.append(ms)
        return resp

    def peserta(self, session_key, ganda, tunda, rnd_seed):
        jar = {settings.SESSION_COOKIE_NAME: session_key}
        time.sleep(tunda)
        try:
            resp, html, _ = self._req("GET", reverse("pelatihan:kuis-detail", args=[self.kuis.pk]), jar)
            token = CSRF_RE.search(html)
            if resp.status != 200 or token is None:
                self._error(f"GET kuis {resp.status}")
                return
            resp, _, _ = self._req("POST", reverse("pelatihan:kuis-mulai", args=[self.kuis.pk]), jar,
                                   urlencode({"csrfmiddlewaretoken": token.group(1)}))
            lokasi = resp.getheader("Location", "")
            if resp.status != 302 or "/kuis/percobaan/" not in lokasi:
                self._error(f"POST mulai {resp.status} {lokasi}")
                return
            resp, html, _ = self._req("GET", lokasi, jar)
            token = CSRF_RE.search(html)
            if resp.status != 200 or token is None:
                self._error(f"GET soal {resp.status}")
                return
            rnd = random.Random(rnd_seed)
            per_soal = {}
            for soal, pilihan in JAWAB_RE.findall(html):
                per_soal.setdefault(soal, []).append(pilihan)
            if len(per_soal) != SOAL_KUIS:
                self._error(f"{len(per_soal)} soal")
            jawaban = [("csrfmiddlewaretoken", token.group(1))] + [(f"soal_{s}", rnd.choice(p))
                                                                   for s, p in per_soal.items()]
            body = urlencode(jawaban)
            if ganda:
                with ThreadPoolExecutor(2) as two:
                    answers = list(two.map(lambda _: self._kirim(lokasi, body, jar), range(2)))
            else:
                answers = [self._kirim(lokasi, body, jar)]
            for resp in answers:
                if resp.status != 302 or not resp.getheader("Location", "").endswith("/hasil/"):
                    self._error(f"POST kirim {resp.status}")
        except Exception as exc:  # a transport error is an error of the burst, counted
            self._error(repr(exc))


def _materi_bytes(port, materi, session_key):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", reverse("pelatihan:materi-detail", args=[materi.pk]),
                 headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}"})
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    if resp.status != 200:
        raise RuntimeError(f"lesson page answered {resp.status}")
    return len(body)


def _warm_up(port, kuis, cookies):
    def get(key):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        c.request("GET", reverse("pelatihan:kuis-detail", args=[kuis.pk]),
                  headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={key}"})
        c.getresponse().read()
        c.close()

    with ThreadPoolExecutor(12) as pool:
        list(pool.map(get, (cookies * 10)[:60]))


def run(results, *, factor, report, **_):
    n = LEARNERS  # the figure is defined for 300 learners: the same at every scale (the set-up takes seconds)
    t = time.perf_counter()
    kuis, materi, cookies = _data(n)
    print(f"  (quiz burst: {n} learners with sessions in {time.perf_counter() - t:.1f} s)")
    connection.close()  # the server's processes open their own
    port = _free_port()
    proc, log = _server(port)
    try:
        _warm_up(port, kuis, cookies)
        ukuran = _materi_bytes(port, materi, cookies[0])
        burst = Burst(port, kuis)
        rnd = random.Random(13)
        tunda = [rnd.uniform(0, SEBARAN_DETIK) for _ in cookies]
        ganda = [i % GANDA_SETIAP == 0 for i in range(n)]
        mulai = time.perf_counter()
        with ThreadPoolExecutor(n) as pool:
            list(pool.map(burst.peserta, cookies, ganda, tunda, range(n)))
        dinding = time.perf_counter() - mulai
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    semua = PercobaanKuis.objects.filter(kuis=kuis)
    total = semua.count()
    peserta = semua.values("peserta_id").distinct().count()
    terkirim = semua.filter(status=PercobaanKuis.Status.DIKIRIM).values("peserta_id").distinct().count()
    duplikat = total - peserta
    hilang = n - terkirim
    if burst.errors:
        print(f"  errors (first 5): {burst.errors[:5]}; server log {LOG}")
    print(f"  {n} learners, {len(burst.kirim_ms)} submit POSTs in {dinding:.1f} s, {total} attempts "
          f"({terkirim} submitted); submit p50 {_p(burst.kirim_ms, 0.5):.0f} ms, p95 {_p(burst.kirim_ms, 0.95):.0f} ms;"
          f" lesson page {ukuran} bytes")
    report(results, "kuis_burst_errors", len(burst.errors) + hilang, "quiz burst: errors (target 0)")
    report(results, "kuis_burst_duplicates", duplikat, "quiz burst: duplicate attempts (target 0)")
    report(results, "kuis_burst_p95_ms", _p(burst.kirim_ms, 0.95),
           f"quiz burst: {n} within {SEBARAN_DETIK} s, submit POST p95 ms (target <= 300)")
    report(results, "materi_bytes", ukuran, "lesson page HTML bytes without media (target <= 300 KB)")
