"""Login by NIP (employees) or username (HR), the client address for the lockout, and the links that set a password.

Set-password links (invitation and reset) are Django's HMAC tokens, so nothing is stored to check them:
the outbox row keeps no link at all, and the sweep renders a fresh token when it hands the message to the
mail server (``tautan_atur_sandi``). A token is valid until the password changes or its lifetime runs out:
``PASSWORD_RESET_TIMEOUT`` for a reset (2 hours by default), ``UNDANGAN_AKUN_TIMEOUT`` for an invitation
(3 days), each counted from the moment the e-mail was sent. The two kinds use different salts, so a reset
token cannot borrow the invitation's longer life.
"""

import ipaddress
import re
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

_NIP_TYPED = re.compile(r"^[0-9 .\u00a0-]{18,30}$")


def normalise_username(value):
    """An NIP may be typed as '19860926 201505 1 001': strip the separators, keep other usernames."""
    value = (value or "").strip()
    if _NIP_TYPED.match(value):
        digits = re.sub(r"\D", "", value)
        if len(digits) == 18:
            return digits
    return value


def axes_username(request, credentials):
    """django-axes keys lockouts on (username, IP): use the same normalised username as the login."""
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return normalise_username(raw)


# ------------------------------------------------------------------ client address (AXES_CLIENT_IP_CALLABLE)

@lru_cache(maxsize=8)
def _jaringan(entri):
    """The trusted proxies as networks; an entry that is no address is skipped (the system check names it)."""
    hasil = []
    for item in entri:
        try:
            hasil.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError:
            continue
    return tuple(hasil)


def _ip(teks):
    try:
        ip = ipaddress.ip_address(teks.strip())
    except ValueError:
        return None
    return getattr(ip, "ipv4_mapped", None) or ip


def _tepercaya(ip, jaringan):
    return ip is not None and any(ip.version == n.version and ip in n for n in jaringan)


def alamat_klien(request):
    """The address django-axes keys a lockout on.

    ``X-Forwarded-For`` is believed only when the request comes from a proxy listed in
    ``PROXY_TEPERCAYA`` (addresses or CIDR ranges; empty = the header is ignored). The header is read
    from the right: each trusted proxy appends the address it received the request from, so the first
    address from the right that is not itself a trusted proxy is the client. Whatever a client writes
    into the header itself stands further left and is never reached. A direct client (not from a
    trusted proxy) is always its own connection address.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    jaringan = _jaringan(tuple(getattr(settings, "PROXY_TEPERCAYA", ()) or ()))
    if not _tepercaya(_ip(remote), jaringan):
        return remote or None
    for bagian in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        ip = _ip(bagian)
        if ip is None:  # a proxy forwarded garbage: stop at the last address we can vouch for
            return remote
        if not _tepercaya(ip, jaringan):
            return str(ip)
    return remote


# ------------------------------------------------------------------ set-password links

class TokenBerbatas(PasswordResetTokenGenerator):
    """Django's reset token with its own salt and its own lifetime setting (seconds)."""

    def __init__(self, *, key_salt, setting):
        super().__init__()
        self.key_salt = key_salt
        self.setting = setting

    @property
    def batas_detik(self):
        return int(getattr(settings, self.setting))

    def check_token(self, user, token):
        if not (user and token):
            return False
        try:
            ts_b36, _ = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
                   for secret in [self.secret, *self.secret_fallbacks]):
            return False
        return self._num_seconds(self._now()) - ts <= self.batas_detik


class TokenAturSandi:
    """What the set-password page checks: an invitation token or a reset token, each with its lifetime."""

    def __init__(self, *generators):
        self.generators = generators

    def check_token(self, user, token):
        return any(g.check_token(user, token) for g in self.generators)


token_reset = TokenBerbatas(key_salt="pembinaan.accounts.reset_sandi", setting="PASSWORD_RESET_TIMEOUT")
token_undangan = TokenBerbatas(key_salt="pembinaan.accounts.undangan_akun", setting="UNDANGAN_AKUN_TIMEOUT")
token_atur_sandi = TokenAturSandi(token_reset, token_undangan)

# The outbox kinds whose link is a set-password link, rendered only when the e-mail is sent.
TOKEN_PER_JENIS = {"reset_sandi": token_reset, "undangan_akun": token_undangan}


def tautan_atur_sandi(user, *, jenis):
    """A fresh one-time link to set ``user``'s password (a path; the outbox prefixes SITE_URL)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = TOKEN_PER_JENIS[jenis].make_token(user)
    return reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def lama_berlaku(jenis):
    """'2 jam', '3 hari': the lifetime of a set-password link, for the message text."""
    detik = TOKEN_PER_JENIS[jenis].batas_detik
    if detik % 86400 == 0:
        return f"{detik // 86400} hari"
    if detik % 3600 == 0:
        return f"{detik // 3600} jam"
    return f"{max(1, detik // 60)} menit"
