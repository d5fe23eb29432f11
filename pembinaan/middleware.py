"""Responses that hold personal data are never kept by a browser cache or a shared proxy.

Every response to a logged-in user, and every file download (a ``Content-Disposition`` header: exports,
certificates, reports, the import template) whoever asked for it, gets ``Cache-Control: private,
no-store``: the back button on a shared office computer after logout, or a caching proxy between the
offices and the server, would otherwise show someone else's records.

Left alone: pages for anonymous visitors without an attachment (the login page, the public certificate
verification page keep whatever their view sets), and static files, which WhiteNoise (in production)
or runserver (in development) answers before this middleware is reached.
"""

import logging
import re
import time
import uuid

from django.conf import settings
from django.utils.cache import patch_cache_control


class CachePribadiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if response.has_header("Content-Disposition") or (user is not None and user.is_authenticated):
            patch_cache_control(response, private=True, no_store=True)
        return response


# ------------------------------------------------------------------ one JSON line per request (issue 14)
log_permintaan = logging.getLogger("pembinaan.permintaan")

_ID_SAH = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# URL parts that are secrets: a set-password link's token, a session's check-in code, a certificate's code.
_ARGUMEN_RAHASIA = {"token", "uidb64"}
_RUTE_KODE_RAHASIA = {"kehadiran-checkin", "verifikasi"}


def id_permintaan(request):
    """The request id: an incoming ``X-Request-ID`` only from a trusted proxy (``PROXY_TEPERCAYA``), and only
    when it is a plain token; otherwise a fresh one, so a client can neither choose nor forge another's id."""
    from .accounts import _ip, _jaringan, _tepercaya

    masuk = request.META.get("HTTP_X_REQUEST_ID", "").strip()
    if masuk and _ID_SAH.fullmatch(masuk):
        jaringan = _jaringan(tuple(getattr(settings, "PROXY_TEPERCAYA", ()) or ()))
        if _tepercaya(_ip(request.META.get("REMOTE_ADDR", "")), jaringan):
            return masuk
    return uuid.uuid4().hex


def jalur_aman(request):
    """The path without the query string, with secret URL parts replaced by ``***``."""
    jalur = request.path
    cocok = getattr(request, "resolver_match", None)
    if cocok is None:
        return jalur
    rahasia = set(_ARGUMEN_RAHASIA)
    if cocok.url_name in _RUTE_KODE_RAHASIA:
        rahasia.add("kode")
    for nama, nilai in cocok.kwargs.items():
        if nama in rahasia and nilai:
            jalur = jalur.replace(f"/{nilai}/", "/***/")
    return jalur


class LogPermintaanMiddleware:
    """Writes one record per request to the ``pembinaan.permintaan`` logger (JSON under settings.prod):
    request id, user id, method, path (no query string, secrets masked), status, duration in ms. Never the
    password, the session or the CSRF token: none of the request's body, cookies or headers is logged.
    The id is answered in ``X-Request-ID`` so a user's report can be matched to the line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        mulai = time.perf_counter()
        request.id_permintaan = id_permintaan(request)
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            response["X-Request-ID"] = request.id_permintaan
            return response
        finally:
            user = getattr(request, "user", None)
            log_permintaan.info("permintaan", extra={
                "request_id": request.id_permintaan,
                "user_id": user.pk if user is not None and user.is_authenticated else None,
                "method": request.method,
                "path": jalur_aman(request),
                "status": status,
                "duration_ms": round((time.perf_counter() - mulai) * 1000, 1),
            })
