"""Issue 4 figures: the daily reminder scan over 20,000 open evaluations, and sending 10,000 reminder e-mails
from the outbox to a loopback SMTP server (aiosmtpd) with the real ``outbox_send`` in batches.

Data: a new instansi of ~20,600 generated employees (``generate_instansi`` sets the atasan links), accounts for
every atasan (the evaluators), two HR officers, and an open period whose deadline was yesterday with one open
form per employee with an atasan (penilai = atasan), bulk-created. Yesterday's deadline is the heaviest day:
a digest to every evaluator plus the escalations to their atasan and to HR.
"""

import datetime
import json
import subprocess
import sys
import time
from pathlib import Path

import pgtrigger
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from evaluasi.models import Evaluasi, PeriodeEvaluasi
from evaluasi.services.pengingat import JENIS_SEMUA, pengingat_scan
from pembinaan.access import GRUP_HR
from pembinaan.demo import generate_instansi
from pembinaan.models import Notifikasi, Pegawai, Petugas
from pembinaan.services.notifikasi import notifikasi_queue_many, outbox_send
from tests.factories import ensure_reference_data

KODE = "BENCH-PENGINGAT"
ROOT = Path(__file__).resolve().parents[2]


def _data(n_forms):
    inst = generate_instansi(kode=KODE, nama="Pemerintah Kabupaten Bench Pengingat",
                             jumlah_pegawai=max(10, round(n_forms / 0.97)))
    User = get_user_model()
    staf = list(Pegawai.objects.filter(instansi=inst, status="aktif", atasan__isnull=False)
                .values_list("id", "atasan_id", "atasan__nama", "atasan__nip")[:n_forms])
    penilai = {a: nip for _, a, _, nip in staf}
    # Accounts for every evaluator (and for the atasan of evaluators, who receive the escalation).
    atasan_penilai = dict(Pegawai.objects.filter(pk__in=penilai, atasan__isnull=False).values_list("atasan_id",
                                                                                                   "atasan__nip"))
    akun = {**penilai, **atasan_penilai}
    users = User.objects.bulk_create(
        [User(username=nip, email=f"{nip}@bench.go.id", password="!") for nip in akun.values()], batch_size=1000)
    by_nip = {u.username: u.pk for u in users}
    rows = [Pegawai(pk=pk, user_id=by_nip[nip]) for pk, nip in akun.items()]
    Pegawai.objects.bulk_update(rows, ["user_id"], batch_size=1000)
    ensure_reference_data()
    hr_group = Group.objects.get(name=GRUP_HR)
    for i in range(2):
        u = User.objects.create(username=f"hr{i}.bench-pengingat", email=f"hr{i}@bench-pengingat.go.id", password="!")
        u.groups.add(hr_group)
        Petugas.objects.create(user=u, instansi=inst)
    today = timezone.localdate()
    periode = PeriodeEvaluasi.objects.create(
        instansi=inst, nama="Triwulan bench", jenis="triwulanan", mulai=today - datetime.timedelta(days=100),
        selesai=today - datetime.timedelta(days=10), tenggat=today - datetime.timedelta(days=1), status="dibuka",
        dibuka_pada=timezone.now())
    with transaction.atomic(), pgtrigger.ignore("evaluasi.Evaluasi:insert_insert"):
        Evaluasi.objects.bulk_create(
            [Evaluasi(periode=periode, pegawai_id=pid, penilai_id=aid, penilai_nama=nama, penilai_nip=nip,
                      status="draf" if pid % 5 == 0 else "belum") for pid, aid, nama, nip in staf], batch_size=2000)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    return periode, len(staf), len(penilai)


_SERVER = """
import json, logging, sys
logging.getLogger("mail.log").setLevel(logging.WARNING)
from tests import smtp
controller, handler = smtp.start()
print(controller.port, flush=True)
sys.stdin.read()
controller.stop()
print(json.dumps([len(handler.messages), handler.connections]), flush=True)
"""


class _SmtpProses:
    """The loopback aiosmtpd server (tests/smtp.py) in its own process: in this one, its event-loop thread
    and the sender would take turns on the GIL (5 ms switch interval) and the figure would measure that."""

    def __init__(self):
        self.proc = subprocess.Popen([sys.executable, "-c", _SERVER], cwd=ROOT, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        self.port = int(self.proc.stdout.readline())

    def stop(self):
        out, _ = self.proc.communicate("", timeout=30)
        return json.loads(out.strip().splitlines()[-1])


def _send_all(n_target, report, results, factor):
    """Queue reminder rows up to ``n_target`` pending e-mails, then send them all with ``outbox_send``."""
    pending = Notifikasi.objects.filter(status_email="menunggu")
    kurang = n_target - pending.count()
    if kurang > 0:
        # Accounts without an e-mail address queue nothing to send (status "tanpa email"): only those with one.
        users = list(get_user_model().objects.filter(username__regex=r"^[0-9]{18}$").exclude(email="")
                     .only("id", "email"))
        notifikasi_queue_many([
            dict(penerima=users[i % len(users)], jenis="pengingat_evaluasi", kunci=f"bench:{i}",
                 judul="Pengingat evaluasi (bench)", isi="Formulir evaluasi bawahan Anda belum diajukan.",
                 tautan="/evaluasi/") for i in range(kurang)])
    n = pending.count()
    server = _SmtpProses()
    batches = sent = 0
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1",
                               EMAIL_PORT=server.port, EMAIL_USE_TLS=False):
            t = time.perf_counter()
            while True:
                s, failed, retried = outbox_send()
                if s + failed + retried == 0:
                    break
                sent += s
                batches += 1
            elapsed = time.perf_counter() - t
    finally:
        received, connections = server.stop()
    print(f"  ({sent} of {n} pending e-mails sent in {batches} batches, {received} received by the "
          f"server)")
    assert sent == received == n, (sent, received, n)  # every pending e-mail, each exactly once
    report(results, "smtp_10k_per_s", sent / elapsed, f"SMTP {sent} e-mails: messages per second")
    report(results, "smtp_10k_s", elapsed, "SMTP: total time (s)")
    report(results, "smtp_10k_connections", connections, "SMTP: connections used")


def run(results, *, factor, report, **_):
    t = time.perf_counter()
    periode, n_forms, n_penilai = _data(20_000 // factor)
    print(f"  (data: {n_forms} open forms, {n_penilai} evaluators, built in {time.perf_counter() - t:.1f} s)")
    with CaptureQueriesContext(connection) as ctx:
        t = time.perf_counter()
        hasil = pengingat_scan()
        elapsed = time.perf_counter() - t
    print(f"  (scan: {hasil})")
    report(results, "reminder_scan_20k_s", elapsed, f"Daily reminder scan, {n_forms} open forms (s)")
    report(results, "reminder_scan_queries", len(ctx.captured_queries), "Daily reminder scan: queries")
    t = time.perf_counter()
    again = pengingat_scan()
    report(results, "reminder_scan_again_s", time.perf_counter() - t, "The same scan again (writes nothing) (s)")
    assert again["baru"] == 0, again
    assert Notifikasi.objects.filter(jenis__in=JENIS_SEMUA).count() == hasil["baru"]
    _send_all(10_000 // factor, report, results, factor)
