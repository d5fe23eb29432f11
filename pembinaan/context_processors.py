from . import access


def menit_kunci(request):
    """Cool-off of the login lockout, in minutes, for the lockout page."""
    from django.conf import settings

    return {"menit_kunci": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)}


def navigasi(request):
    """Roles for the navigation bar and the unread-notification count (one query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    p = access.peran(user)
    return {
        "peran": p,
        "notifikasi_belum_dibaca": access.notifikasi_scope(user).filter(dibaca_pada__isnull=True).count(),
    }
