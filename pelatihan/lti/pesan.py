"""The LTI 1.3 messages: the id_token of a resource link launch, the check of a tool's client assertion, and the
scores payload (application/vnd.ims.lis.v1.score+json)."""

import time
import uuid
from decimal import Decimal, InvalidOperation

import jwt
from django.utils.dateparse import parse_datetime

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
SCOPE_LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
SCOPE_LINEITEM_RO = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"
SCOPE_RESULT = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly"
SCOPE_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
SCOPES = {SCOPE_LINEITEM, SCOPE_LINEITEM_RO, SCOPE_RESULT, SCOPE_SCORE}
UMUR_ID_TOKEN = 300  # seconds: at most 5 minutes
UMUR_AKSES = 3600
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ROLE_LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"


def klaim_launch(*, iss, registrasi, line_item, sub, nonce, nama=None, email=None, url_lineitem, url_lineitems,
                 judul):
    now = int(time.time())
    klaim = {
        "iss": iss, "aud": registrasi.client_id, "sub": str(sub), "iat": now, "exp": now + UMUR_ID_TOKEN,
        "nonce": nonce, "azp": registrasi.client_id,
        LTI + "message_type": "LtiResourceLinkRequest", LTI + "version": "1.3.0",
        LTI + "deployment_id": registrasi.deployment_id, LTI + "target_link_uri": registrasi.url_launch,
        LTI + "resource_link": {"id": str(line_item.resource_link_id), "title": judul},
        LTI + "roles": [ROLE_LEARNER],
        LTI + "context": {"id": f"program-{line_item.program_id}", "title": judul},
        AGS: {"scope": sorted(SCOPES), "lineitem": url_lineitem, "lineitems": url_lineitems},
    }
    if nama is not None:
        klaim["name"] = nama
    if email:
        klaim["email"] = email
    return klaim


class AssertionSalah(ValueError):
    pass


def periksa_assertion(token, *, kunci_tool, client_id, audience):
    """The tool's signed client assertion (RFC 7523): RS256 by the tool's key, iss = sub = client_id, aud = our
    token endpoint, not expired. Returns its claims (the caller makes jti single-use)."""
    try:
        klaim = jwt.decode(token, kunci_tool, algorithms=["RS256"], audience=audience,
                           options={"require": ["iss", "sub", "aud", "exp", "jti"]})
    except jwt.InvalidTokenError as exc:
        raise AssertionSalah(f"client_assertion tidak sah: {exc}") from exc
    if klaim["iss"] != client_id or klaim["sub"] != client_id:
        raise AssertionSalah("client_assertion: iss/sub bukan client_id tool.")
    return klaim


def token_akses(*, registrasi, scopes, audience, tanda_tangan):
    now = int(time.time())
    return tanda_tangan({"iss": audience, "aud": audience, "sub": registrasi.client_id, "iat": now,
                         "exp": now + UMUR_AKSES, "scope": " ".join(sorted(scopes)), "jti": str(uuid.uuid4())})


class SkorSalah(ValueError):
    pass


def baca_skor(data):
    """The score payload → dict; SkorSalah with the reason when a required field is missing or wrong."""
    if not isinstance(data, dict):
        raise SkorSalah("Isi bukan objek JSON.")
    for kunci in ("userId", "activityProgress", "gradingProgress", "timestamp"):
        if not data.get(kunci):
            raise SkorSalah(f"'{kunci}' wajib.")
    ts = parse_datetime(str(data["timestamp"]))
    if ts is None or ts.tzinfo is None:
        raise SkorSalah("'timestamp' harus ISO 8601 dengan zona waktu.")
    skor = maks = None
    try:
        if data.get("scoreGiven") is not None:
            skor = Decimal(str(data["scoreGiven"]))
            maks = Decimal(str(data.get("scoreMaximum")))
            if maks <= 0 or skor < 0:
                raise SkorSalah("scoreGiven harus ≥ 0 dan scoreMaximum > 0.")
    except (InvalidOperation, TypeError) as exc:
        raise SkorSalah("scoreGiven/scoreMaximum bukan angka.") from exc
    return {"sub": str(data["userId"]), "skor": skor, "maks": maks, "activity": str(data["activityProgress"]),
            "grading": str(data["gradingProgress"]), "timestamp": ts}
