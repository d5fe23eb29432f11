
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .. import access, komposisi, selectors, services
from ..forms import AkunUnitForm


@login_required
def beranda(request):
    """The landing page. HR and pimpinan: their dashboard (even when they are employees too: it is their daily
    work). Anyone else with an employee record: their home, phone-first: what they must do, their JP, their
    coming sessions, each part contributed by its app through ``komposisi``."""
    if access.can_view_dashboard(request.user):
        return redirect("dasbor")
    pegawai = access.pegawai_saya(request.user)
    if pegawai is not None:
        today = timezone.localdate()
        kartu = komposisi.kartu_beranda(pegawai=pegawai, user=request.user, today=today)
        return render(request, "pembinaan/beranda.html", {
            "pegawai": pegawai, "hari_ini": today, "kartu": komposisi.render(kartu),
            "tindakan": komposisi.tindakan_beranda(pegawai=pegawai, user=request.user, today=today)})
    if access.can_use_admin(request.user):
        return redirect("admin:index")
    return render(request, "pembinaan/tanpa_peran.html")


@login_required
def dasbor(request):
    if not access.can_view_dashboard(request.user):
        raise Http404
    instansi = access.instansi_saya(request.user)
    today = timezone.localdate()
    tahun = today.year
    context = _cached(f"dasbor:{instansi.pk}:{tahun}", lambda: _dasbor_data(instansi, tahun, today))
    return render(request, "pembinaan/dasbor.html", {"instansi": instansi, "tahun": tahun, "d": context["d"],
                                                     "panel": komposisi.render(context["panel"])})


def _dasbor_data(instansi, tahun, today):
    """The records app's headcounts and the panels the other apps registered (``komposisi``), as data: the
    cache keeps data, the panels are rendered per request."""
    return {"d": selectors.dashboard(instansi=instansi),
            "panel": komposisi.panel_dasbor(instansi=instansi, tahun=tahun, today=today)}


def _cached(key, compute):
    """Aggregates for a dashboard change slowly: keep them DASBOR_CACHE_DETIK seconds in Redis. If Redis is
    down the page still works, computed afresh."""
    from django.conf import settings
    from django.core.cache import cache

    seconds = getattr(settings, "DASBOR_CACHE_DETIK", 60)
    if not seconds:
        return compute()
    try:
        value = cache.get(key)
    except Exception:
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, seconds)
        except Exception:
            pass
    return value


@login_required
def organisasi(request):
    if not access.can_view_dashboard(request.user):
        raise Http404
    instansi = access.instansi_saya(request.user)
    roots, tanpa_unit = selectors.unit_tree(user=request.user, instansi=instansi)
    return render(request, "pembinaan/organisasi.html",
                  {"instansi": instansi, "roots": roots, "tanpa_unit": tanpa_unit})


@login_required
def akun_create_for_unit(request):
    if not access.can_manage_pegawai(request.user):
        raise Http404
    form = AkunUnitForm(request.POST or None, units=access.unit_scope(request.user))
    if request.method == "POST" and form.is_valid():
        dibuat, tanpa_email = services.akun_create_for_unit(
            actor=request.user, unit=form.cleaned_data["unit_kerja"],
            termasuk_subunit=form.cleaned_data["termasuk_subunit"])
        msg = f"{dibuat} akun dibuat; undangan untuk membuat kata sandi dikirim lewat e-mail."
        if tanpa_email:
            msg += (f" {tanpa_email} pegawai belum punya alamat e-mail: lengkapi e-mailnya lalu minta mereka memakai "
                    "'Lupa kata sandi'.")
        messages.success(request, msg)
        return redirect("akun-unit")
    return render(request, "pembinaan/akun_unit.html", {"form": form})


@login_required
def notifikasi_list(request):
    items = list(access.notifikasi_scope(request.user)[:100])
    services.notifikasi_mark_read(actor=request.user, ids=[n.pk for n in items if n.dibaca_pada is None])
    return render(request, "pembinaan/notifikasi.html", {"items": items})


@login_required
def outbox_gagal(request):
    if not access.can_manage_pegawai(request.user):
        raise Http404
    items = access.notifikasi_gagal_scope(request.user).select_related("penerima")[:200]
    return render(request, "pembinaan/outbox_gagal.html", {"items": items})


@login_required
@require_POST
def notifikasi_retry(request, pk):
    item = get_object_or_404(access.notifikasi_gagal_scope(request.user), pk=pk)
    services.notifikasi_retry(actor=request.user, notifikasi=item)
    messages.success(request, "E-mail dijadwalkan untuk dikirim ulang.")
    return redirect("outbox-gagal")


@never_cache
def healthz(request):
    """Database, Redis and Celery worker reachability, as JSON. 200 when all are up, 503 otherwise."""
    from django.conf import settings

    hasil = {}
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
        hasil["database"] = "ok"
    except Exception as exc:
        hasil["database"] = f"gagal: {type(exc).__name__}"
    try:
        import redis

        redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2).ping()
        hasil["redis"] = "ok"
    except Exception as exc:
        hasil["redis"] = f"gagal: {type(exc).__name__}"
    if hasil["redis"] == "ok":
        try:
            from pembinaan.celery import app

            replies = app.control.inspect(timeout=1.0).ping() or {}
            hasil["celery"] = "ok" if replies else "tidak ada worker"
            hasil["celery_workers"] = len(replies)
        except Exception as exc:
            hasil["celery"] = f"gagal: {type(exc).__name__}"
    else:
        hasil["celery"] = "tidak diperiksa (Redis mati)"
    ok = all(hasil[k] == "ok" for k in ("database", "redis", "celery"))
    hasil["status"] = "ok" if ok else "bermasalah"
    return JsonResponse(hasil, status=200 if ok else 503, json_dumps_params={"ensure_ascii": False})


