"""`make run`: the whole system in one terminal.

Migrates, loads the demo data once, then runs the web server, a Celery worker and Celery beat as
child processes sharing the same PostgreSQL and Redis (the embedded ones unless DATABASE_URL /
REDIS_URL are set). Ctrl-C stops them all, and the embedded servers too; the data stays for the
next run.
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Menjalankan web, Celery worker, Celery beat, PostgreSQL dan Redis sekaligus (untuk `make run`)."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default=os.environ.get("RUN_ADDR", "127.0.0.1:8000"))
        parser.add_argument("--no-demo", action="store_true", help="Jangan memuat data demo.")

    def handle(self, *args, addr, no_demo, **options):
        call_command("migrate", interactive=False, verbosity=0)
        if not no_demo:
            call_command("seed_demo")
        # Children resolve the same servers: the given URLs, or the embedded ones this process started
        # (embedded.py reuses a running server instead of starting a second one).
        env = os.environ.copy()
        env.setdefault("DJANGO_SETTINGS_MODULE", os.environ.get("DJANGO_SETTINGS_MODULE", "pembinaan.settings.dev"))
        beat_schedule = str(settings.DATA_DIR / "celerybeat-schedule")
        commands = {
            "web": [sys.executable, "manage.py", "runserver", addr, "--noreload"],
            "worker": [sys.executable, "-m", "celery", "-A", "pembinaan", "worker", "-l", "info",
                       "--concurrency", "2", "-n", "pembinaan@%h"],
            "beat": [sys.executable, "-m", "celery", "-A", "pembinaan", "beat", "-l", "info", "-s", beat_schedule],
        }
        procs = {name: subprocess.Popen(cmd, env=env, cwd=settings.BASE_DIR) for name, cmd in commands.items()}
        time.sleep(2)
        self._banner(addr)
        try:
            self._tunggu(procs)
        finally:
            self._hentikan(procs)
            self.stdout.write("Semua layanan dihentikan. Data tetap tersimpan untuk `make run` berikutnya.")

    def _tunggu(self, procs):
        """Until Ctrl-C / SIGTERM, or until one child stops (then everything stops)."""
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        while not stopping:
            for name, proc in procs.items():
                if proc.poll() is not None:
                    self.stderr.write(f"Proses {name} berhenti (kode {proc.returncode}); menghentikan semuanya.")
                    stopping = True
            time.sleep(0.5)

    def _hentikan(self, procs):
        """Stop the children, then the embedded servers this process may have started."""
        for proc in procs.values():
            if proc.poll() is None:
                proc.terminate()
        for proc in procs.values():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        if not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL"):
            from django.db import connections

            from pembinaan import embedded

            connections.close_all()
            if not os.environ.get("REDIS_URL"):
                embedded.stop_redis()
            if not os.environ.get("DATABASE_URL"):
                embedded.stop_postgres()

    def _banner(self, addr):
        from pembinaan.demo import demo_logins

        url = f"http://{addr}/"
        lines = ["", "=" * 72, f"  Pembinaan ASN berjalan di {url}", f"  Kesehatan sistem: {url}healthz", "",
                 "  Akun demo (kata sandi semua: Demo-2026!):"]
        for login in demo_logins():
            lines.append(f"    {login['peran']:<22} {login['username']:<20} {login.get('keterangan', '')}")
        lines += ["", "  Tekan Ctrl-C untuk menghentikan semuanya.", "=" * 72, ""]
        self.stdout.write("\n".join(lines))
