"""System checks for deployment mistakes that nothing else would catch before a user does.

- ``pembinaan.W001``: ``SITE_URL`` still points at this machine (localhost). Certificates print a QR code
  and e-mails carry links built from it, so every printed certificate would verify against a machine
  nobody else can reach. Reported on every check run under production settings (``PRODUKSI``: migrate,
  ``check``, runserver) and by ``manage.py check --deploy`` under any settings; the web server process
  also logs it once when it starts (``peringatan_saat_mulai``), since gunicorn runs no checks.
- ``pembinaan.E002``: an entry of ``PROXY_TEPERCAYA`` is neither an address nor a CIDR range.
- ``pembinaan.E003``: a disclosure threshold (``TRANSPARANSI_K_*``, ``_N_PREDIKAT``, ``_DOMINASI_PERSEN``) below 3.
"""

import ipaddress
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

log = logging.getLogger(__name__)

_HOST_LOKAL = {"localhost", "127.0.0.1", "::1", "0.0.0.0", ""}


def _site_url_lokal():
    host = (urlsplit(settings.SITE_URL or "").hostname or "").lower()
    return host in _HOST_LOKAL or host.endswith(".localhost") or host.startswith("127.")


def _peringatan_site_url():
    if not _site_url_lokal():
        return []
    return [Warning(
        f"SITE_URL masih {settings.SITE_URL!r}: kode QR sertifikat dan tautan di e-mail akan menunjuk ke "
        "mesin ini, bukan ke alamat yang dapat dibuka pegawai.",
        hint="Isi variabel lingkungan SITE_URL dengan alamat publik aplikasi, mis. https://pembinaan.bkpsdm.go.id.",
        id="pembinaan.W001",
    )]


@register(Tags.security)
def cek_site_url_produksi(app_configs=None, **kwargs):
    return _peringatan_site_url() if getattr(settings, "PRODUKSI", False) else []


@register(Tags.security, deploy=True)
def cek_site_url_deploy(app_configs=None, **kwargs):
    # Under production settings the check above already reports it on every run.
    return [] if getattr(settings, "PRODUKSI", False) else _peringatan_site_url()


@register(Tags.security)
def cek_proxy_tepercaya(app_configs=None, **kwargs):
    salah = []
    for entri in getattr(settings, "PROXY_TEPERCAYA", ()) or ():
        try:
            ipaddress.ip_network(str(entri).strip(), strict=False)
        except ValueError:
            salah.append(entri)
    if not salah:
        return []
    return [Error(
        f"PROXY_TEPERCAYA memuat entri yang bukan alamat IP atau rentang CIDR: {', '.join(map(repr, salah))}.",
        hint="Tulis alamat proxy dipisah koma, mis. PROXY_TEPERCAYA=10.0.0.5,172.16.0.0/24.",
        id="pembinaan.E002",
    )]


def peringatan_saat_mulai():
    """Log W001 when a production process starts (gunicorn and Celery run no system checks)."""
    if getattr(settings, "PRODUKSI", False):
        for pesan in _peringatan_site_url():
            log.warning("%s (%s) %s", pesan.msg, pesan.id, pesan.hint)


@register()
def cek_ambang_pengungkapan(app_configs=None, **kwargs):
    """``pembinaan.E003``: a disclosure threshold below 3 would publish cells that identify people (issue 12)."""
    from .pengungkapan import Ambang

    return [Error(pesan, hint=f"Hapus {setting} dari lingkungan atau isi dengan angka 3 atau lebih "
                              "(bawaan: k pelatihan 5, k evaluasi 10, n predikat 20, dominasi 85).",
                  id="pembinaan.E003")
            for setting, pesan in Ambang.dari_settings().galat()]
