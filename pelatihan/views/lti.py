"""LTI 1.3 platform endpoints. Launch (a participant, from the programme page): OIDC third-party login initiation to
the tool → the tool's authentication request here → the signed id_token POSTed to the tool by an auto-submitted form
(static/js/lti-kirim.js, no inline script). Public, authenticated by LTI and not by session, CSRF-exempt as the
standard requires (a tool's server posts them): the JWKS, the OAuth2 token endpoint and the scores endpoint."""

import json
from urllib.parse import urlsplit

from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pembinaan import access as base
from pembinaan import params

from .. import access
from ..forms.lti import PasangToolForm, RegistrasiForm
from ..lti import kunci, pesan
from ..models import LineItemLTI, RegistrasiLTI
from ..selectors import lti as selectors_lti
from ..services import lti as svc

SALT_HINT = "pelatihan.lti.login_hint"


def _kirim(request, aksi, data, judul):
    """The auto-submitted form to the tool; the CSP's form-action allows this one tool's origin on this response."""
    asal = "{0.scheme}://{0.netloc}".format(urlsplit(aksi))

    def halaman(request):
        return render(request, "pelatihan/lti/kirim.html", {"aksi": aksi, "data": data, "judul": judul})

    return csp_update({"form-action": [asal]})(halaman)(request)


def _iss(request):
    return request.build_absolute_uri("/").rstrip("/")


@login_required
@never_cache
def lti_mulai(request, pk):
    """Step 1: the third-party login initiation, sent to the tool's OIDC login URL."""
    item = get_object_or_404(access.lti_launch_scope(request.user).select_related("registrasi", "program"), pk=pk)
    reg = item.registrasi
    hint = signing.dumps({"u": request.user.pk, "i": item.pk}, salt=SALT_HINT)
    data = {"iss": _iss(request), "login_hint": hint, "target_link_uri": reg.url_launch, "lti_message_hint": item.pk,
            "client_id": reg.client_id, "lti_deployment_id": reg.deployment_id}
    return _kirim(request, reg.url_login, data, f"Membuka {item.program.judul}")


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def lti_auth(request):
    """Step 2: the tool's authentication request → the id_token POSTed to its redirect_uri."""
    q = request.POST if request.method == "POST" else request.GET
    try:
        hint = signing.loads(q.get("login_hint", ""), salt=SALT_HINT, max_age=600)
    except signing.BadSignature:
        return HttpResponseBadRequest("login_hint tidak sah.")
    if hint.get("u") != request.user.pk:
        return HttpResponseBadRequest("login_hint bukan untuk pengguna ini.")
    item = (access.lti_launch_scope(request.user).select_related("registrasi", "program")
            .filter(pk=hint.get("i")).first())
    if item is None:
        raise Http404
    reg = item.registrasi
    if (q.get("scope") != "openid" or q.get("response_type") != "id_token" or q.get("client_id") != reg.client_id
            or q.get("redirect_uri") != reg.url_launch or not q.get("nonce")):
        return HttpResponseBadRequest("Permintaan autentikasi LTI tidak sah (scope, response_type, client_id, "
                                      "redirect_uri atau nonce).")
    if not svc.sekali_pakai(registrasi=reg, jenis="nonce", nilai=q["nonce"]):
        return HttpResponseBadRequest("nonce sudah pernah dipakai.")
    pegawai = base.pegawai_saya(request.user)
    sub = svc.pengguna_sub(registrasi=reg, pegawai=pegawai)
    url_item = request.build_absolute_uri(reverse("pelatihan:lti-lineitem", args=[item.pk]))
    klaim = pesan.klaim_launch(
        iss=_iss(request), registrasi=reg, line_item=item, sub=sub, nonce=q["nonce"],
        nama=pegawai.nama_lengkap if reg.kirim_nama else None, email=pegawai.email if reg.kirim_email else None,
        url_lineitem=url_item, url_lineitems=request.build_absolute_uri(reverse("pelatihan:lti-lineitems",
                                                                                args=[reg.pk])),
        judul=item.program.judul)
    data = {"id_token": kunci.tanda_tangan(klaim)}
    if q.get("state"):
        data["state"] = q["state"]
    return _kirim(request, reg.url_launch, data, f"Membuka {item.program.judul}")


@require_GET
def lti_jwks(request):
    return JsonResponse(kunci.jwks())


def _kunci_tool(reg, token):
    """The tool's public key: the PEM of the registration, or the key of its JWKS named by the assertion's kid."""
    if reg.kunci_publik:
        return reg.kunci_publik
    import jwt

    try:
        return jwt.PyJWKClient(reg.url_jwks, timeout=5).get_signing_key_from_jwt(token).key
    except jwt.PyJWKClientError as exc:
        raise pesan.AssertionSalah(f"Kunci tool tidak dapat diambil dari JWKS-nya: {exc}") from exc


def _galat_oauth(kode, pesan_, status=400):
    return JsonResponse({"error": kode, "error_description": pesan_}, status=status)


@csrf_exempt
@require_POST
def lti_token(request):
    """OAuth2 client_credentials with a signed JWT client assertion (RFC 7523; LTI Security Framework)."""
    if request.POST.get("grant_type") != "client_credentials" or \
            request.POST.get("client_assertion_type") != pesan.ASSERTION_TYPE:
        return _galat_oauth("unsupported_grant_type", "grant_type client_credentials dengan JWT bearer assertion.")
    token = request.POST.get("client_assertion", "")
    try:
        import jwt

        client_id = jwt.decode(token, options={"verify_signature": False}).get("iss", "")
    except Exception:
        return _galat_oauth("invalid_client", "client_assertion bukan JWT.", 401)
    reg = RegistrasiLTI.objects.filter(client_id=client_id, aktif=True).first()
    if reg is None:
        svc.catat_penolakan(registrasi=None, peristiwa="token", pesan=f"client_id tidak dikenal: {client_id[:100]}")
        return _galat_oauth("invalid_client", "client_id tidak dikenal.", 401)
    aud = request.build_absolute_uri(reverse("pelatihan:lti-token"))
    try:
        klaim = pesan.periksa_assertion(token, kunci_tool=_kunci_tool(reg, token), client_id=reg.client_id,
                                        audience=aud)
    except pesan.AssertionSalah as exc:
        svc.catat_penolakan(registrasi=reg, peristiwa="token", pesan=str(exc))
        return _galat_oauth("invalid_client", str(exc), 401)
    if not svc.sekali_pakai(registrasi=reg, jenis="jti", nilai=str(klaim["jti"])):
        svc.catat_penolakan(registrasi=reg, peristiwa="token", pesan="jti dipakai ulang")
        return _galat_oauth("invalid_client", "jti sudah pernah dipakai.", 401)
    diminta = set(request.POST.get("scope", "").split())
    scopes = diminta & pesan.SCOPES
    if not scopes:
        return _galat_oauth("invalid_scope", "Tidak ada scope AGS yang diminta.")
    akses = pesan.token_akses(registrasi=reg, scopes=scopes, audience=aud, tanda_tangan=kunci.tanda_tangan)
    return JsonResponse({"access_token": akses, "token_type": "Bearer", "expires_in": pesan.UMUR_AKSES,
                         "scope": " ".join(sorted(scopes))})


def _registrasi_token(request, scope):
    auth = request.headers.get("Authorization", "")
    if not auth.startswith("Bearer "):
        return None
    import jwt

    aud = request.build_absolute_uri(reverse("pelatihan:lti-token"))
    try:
        klaim = kunci.baca_token_sendiri(auth[7:], audience=aud)
    except jwt.InvalidTokenError:
        return None
    if scope not in klaim.get("scope", "").split():
        return None
    return RegistrasiLTI.objects.filter(client_id=klaim.get("sub"), aktif=True).first()


@csrf_exempt
@require_GET
def lti_lineitem(request, pk):
    reg = _registrasi_token(request, pesan.SCOPE_LINEITEM_RO) or _registrasi_token(request, pesan.SCOPE_LINEITEM)
    item = LineItemLTI.objects.filter(pk=pk, registrasi=reg).select_related("program").first() if reg else None
    if item is None:
        return JsonResponse({"error": "Tidak ditemukan atau token tidak sah."}, status=404 if reg else 401)
    return JsonResponse(_lineitem_json(request, item), content_type="application/vnd.ims.lis.v2.lineitem+json")


def _lineitem_json(request, item):
    return {"id": request.build_absolute_uri(reverse("pelatihan:lti-lineitem", args=[item.pk])),
            "label": item.label, "scoreMaximum": float(item.skor_maks),
            "resourceLinkId": str(item.resource_link_id)}


@csrf_exempt
@require_GET
def lti_lineitems(request, pk):
    reg = _registrasi_token(request, pesan.SCOPE_LINEITEM_RO) or _registrasi_token(request, pesan.SCOPE_LINEITEM)
    if reg is None or reg.pk != pk:
        return JsonResponse({"error": "Token tidak sah."}, status=401)
    items = LineItemLTI.objects.filter(Q(registrasi=reg)).order_by("pk")
    return JsonResponse([_lineitem_json(request, i) for i in items], safe=False,
                        content_type="application/vnd.ims.lis.v2.lineitemcontainer+json")


@csrf_exempt
@require_POST
def lti_skor(request, pk):
    """AGS scores: application/vnd.ims.lis.v1.score+json, bearer token with the score scope."""
    reg = _registrasi_token(request, pesan.SCOPE_SCORE)
    if reg is None:
        svc.catat_penolakan(registrasi=None, peristiwa="skor", pesan="token akses tidak sah atau tanpa scope score")
        return JsonResponse({"error": "Token akses tidak sah atau tanpa scope score."}, status=401)
    item = LineItemLTI.objects.filter(pk=pk, registrasi=reg).first()
    if item is None:
        return JsonResponse({"error": "Line item tidak ditemukan."}, status=404)
    if request.content_type != "application/vnd.ims.lis.v1.score+json":
        return JsonResponse({"error": "Content-Type harus application/vnd.ims.lis.v1.score+json."}, status=415)
    try:
        skor = pesan.baca_skor(json.loads(request.body or b"null"))
        svc.skor_terima(line_item=item, skor=skor)
    except (ValueError, pesan.SkorSalah) as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    except svc.SkorDitolak as exc:
        svc.catat_penolakan(registrasi=reg, peristiwa="skor", pesan=str(exc))
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse({}, status=200)


@login_required
def lti_tool_list(request):
    """HR: the instansi's tool registrations, and a new one."""
    if not access.can_manage(request.user):
        raise Http404
    form = RegistrasiForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            svc.registrasi_simpan(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Tool LTI tersimpan.")
            return redirect("pelatihan:lti-tool-list")
    return render(request, "pelatihan/lti/tool_list.html", {
        "form": form, "daftar": access.lti_registrasi_scope(request.user).order_by("nama"),
        "url_jwks": request.build_absolute_uri(reverse("pelatihan:lti-jwks")),
        "url_auth": request.build_absolute_uri(reverse("pelatihan:lti-auth")),
        "url_token": request.build_absolute_uri(reverse("pelatihan:lti-token")), "iss": _iss(request)})


@login_required
def lti_program(request, pk):
    """HR, per programme: attach a tool (its line item), the last score per participant, line items without a score
    for ``?hari=`` days (default 14)."""
    program = get_object_or_404(access.program_manage_scope(request.user), pk=pk)
    hari = params.angka(request, "hari", default=14, minimum=1, maksimum=365)
    form = PasangToolForm(request.POST or None, registrasi=access.lti_registrasi_scope(request.user).filter(aktif=True))
    if request.method == "POST" and form.is_valid():
        svc.line_item_pasang(actor=request.user, program=program, registrasi=form.cleaned_data["registrasi"])
        messages.success(request, "Tool LTI dipasang pada program ini.")
        return redirect("pelatihan:lti-program", pk=program.pk)
    return render(request, "pelatihan/lti/program.html", {
        "program": program, "form": form, "hari": hari,
        "items": selectors_lti.line_item_program(program=program, hari=hari),
        "skor": selectors_lti.skor_terakhir(program=program)})


urlpatterns = [
    path("lti/tool/", lti_tool_list, name="lti-tool-list"),
    path("program/<int:pk>/lti/", lti_program, name="lti-program"),
    path("lti/jwks/", lti_jwks, name="lti-jwks"),
    path("lti/auth/", lti_auth, name="lti-auth"),
    path("lti/token/", lti_token, name="lti-token"),
    path("lti/mulai/<int:pk>/", lti_mulai, name="lti-mulai"),
    path("lti/tool/<int:pk>/lineitems", lti_lineitems, name="lti-lineitems"),
    path("lti/lineitem/<int:pk>", lti_lineitem, name="lti-lineitem"),
    path("lti/lineitem/<int:pk>/scores", lti_skor, name="lti-skor"),
]
