from django.utils.functional import SimpleLazyObject

from . import access


def menit_kunci(request):
    """Cool-off of the login lockout, in minutes, for the lockout page."""
    from django.conf import settings

    return {"menit_kunci": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)}


def navigasi(request):
    """The unread-notification count for the navigation bar (one query). The menu itself is pembinaan.menu;
    templates get no roles (they receive booleans from the views).

    Counted when a template first uses it (base.html), once per render: a partial (an htmx fragment) that does
    not draw the navigation bar asks nothing. Counted at render time, after the view's writes, as before."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "notifikasi_belum_dibaca": SimpleLazyObject(
            lambda: access.notifikasi_scope(user).filter(dibaca_pada__isnull=True).count()),
    }
