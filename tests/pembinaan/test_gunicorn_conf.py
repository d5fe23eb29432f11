"""./gunicorn.conf.py (issue 14 §5): the one server configuration the README, the production stack test, the check-in
bench and the load run start gunicorn with. Read here the way gunicorn reads it (its own command-line application,
in the repository root, with only the address as a flag)."""

import gc
import multiprocessing
from pathlib import Path

import pytest
from gunicorn.app.wsgiapp import WSGIApplication

RAIZ = Path(__file__).resolve().parents[2]


@pytest.fixture
def muat(monkeypatch):
    def muat(**lingkungan):
        for nama in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_CMD_ARGS", "GUNICORN_KEEPALIVE"):
            monkeypatch.delenv(nama, raising=False)
        for nama, nilai in lingkungan.items():
            monkeypatch.setenv(nama, nilai)
        monkeypatch.chdir(RAIZ)
        monkeypatch.setattr("sys.argv", ["gunicorn", "--bind", "127.0.0.1:0"])
        return WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]").cfg

    return muat


def test_bawaan_thread_per_proses_dan_aplikasi_dimuat_sekali(muat):
    cfg = muat()
    assert cfg.wsgi_app == "pembinaan.wsgi:application"
    assert cfg.worker_class_str == "gthread" and cfg.threads == 4
    assert cfg.workers == max(2, multiprocessing.cpu_count())
    assert cfg.preload_app is True
    assert cfg.max_requests == 0  # no recycling by default (it resets keep-alive connections)
    assert cfg.keepalive == 20 and cfg.timeout == 60
    assert cfg.address == [("127.0.0.1", 0)]  # the flag still says where to listen


def test_lingkungan_mengatur_ukuran(muat):
    cfg = muat(WEB_CONCURRENCY="7", GUNICORN_THREADS="3")
    assert (cfg.workers, cfg.threads) == (7, 3)
    cfg = muat(GUNICORN_MAX_REQUESTS="2000")
    assert (cfg.max_requests, cfg.max_requests_jitter) == (2000, 200)
    cfg = muat(GUNICORN_CMD_ARGS="--workers 2 --threads 8")  # flags still win over the file
    assert (cfg.workers, cfg.threads) == (2, 8)


def test_objek_aplikasi_dibekukan_sebelum_fork(muat):
    cfg = muat()
    try:
        cfg.when_ready(None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
