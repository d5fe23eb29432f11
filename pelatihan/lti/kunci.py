"""The platform's RS256 key pair. The private key comes from the file named by the ``LTI_KUNCI_PRIVAT_FILE`` setting
(or environment variable); without one, a development key is generated on first use into DATA_DIR (``.data/``,
never committed). The public half is published as a JWKS."""

import functools
import hashlib
import json
import os
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings


def _berkas():
    nama = getattr(settings, "LTI_KUNCI_PRIVAT_FILE", None) or os.environ.get("LTI_KUNCI_PRIVAT_FILE")
    return Path(nama) if nama else Path(settings.DATA_DIR) / "lti-platform-dev.pem", bool(nama)


@functools.cache
def kunci_privat():
    berkas, dari_setelan = _berkas()
    if not berkas.exists():
        if dari_setelan:
            raise FileNotFoundError(f"LTI_KUNCI_PRIVAT_FILE {berkas} tidak ada.")
        berkas.parent.mkdir(parents=True, exist_ok=True)
        kunci = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = kunci.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption())
        fd = os.open(berkas, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(pem)
    return serialization.load_pem_private_key(berkas.read_bytes(), password=None)


def kid():
    publik = kunci_privat().public_key().public_bytes(serialization.Encoding.DER,
                                                      serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(publik).hexdigest()[:16]


def jwks():
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(kunci_privat().public_key()))
    return {"keys": [jwk | {"kid": kid(), "alg": "RS256", "use": "sig"}]}


def tanda_tangan(klaim):
    return jwt.encode(klaim, kunci_privat(), algorithm="RS256", headers={"kid": kid()})


def baca_token_sendiri(token, *, audience):
    return jwt.decode(token, kunci_privat().public_key(), algorithms=["RS256"], audience=audience)
