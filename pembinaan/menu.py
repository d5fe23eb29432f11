"""The navigation bar's menu, built from the access module's predicates (a context processor).

The template only draws what it is given: a list of ``Item`` (a link, or a dropdown of links), so no role
flag is tested in a template. The URL names are reversed here; the pages themselves still decide access
(a menu entry is only a convenience, never a permission). The records app's own entries come from
``pembinaan.access``; the dropdowns of the apps built on it (Pelatihan, Evaluasi, Mentoring) are registered by each
app through ``pembinaan.komposisi.daftar_menu`` and built from that app's access module, with ``tautan``, ``bila``
and ``grup`` from here.

Grouped so that the longest menu (HR) fits on one row at 1366 px, with room left for a "Beranda" link: the
apps' pages sit in one dropdown per app, and the user's name opens a dropdown holding "Ubah kata sandi" and
"Keluar" (templates/base.html).
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import SimpleLazyObject

from . import access, komposisi


@dataclass(frozen=True)
class Item:
    label: str
    url: str = ""
    anak: tuple = ()  # a dropdown's entries (Item); empty for a plain link
    pemisah: bool = False  # in a dropdown: a divider line above this entry
    aktif: bool = False  # the current page (aria-current="page")

    @property
    def dropdown(self):
        return bool(self.anak)


# reverse() of a URL name without arguments, per URL configuration and script prefix: the same answer for the life
# of the process, while reversing costs a resolver walk per entry (a dozen per page). Roles are not in it: who sees
# which entry is decided on every request (menu_untuk), only the addresses are remembered.
_ALAMAT = {}


def _alamat(nama):
    kunci = (nama, settings.ROOT_URLCONF, get_urlconf(), get_script_prefix())
    url = _ALAMAT.get(kunci)
    if url is None:
        url = _ALAMAT[kunci] = reverse(nama)
    return url


def tautan(label, nama, path, *, pemisah=False, url=None):
    """A link to URL name ``nama`` (reversed here), marked current when it is ``path``."""
    url = url or _alamat(nama)
    return Item(label, url, pemisah=pemisah, aktif=url == path)


def grup(label, anak):
    """A dropdown of the entries that apply (None left out); none left: no dropdown."""
    anak = tuple(a for a in anak if a is not None)
    if not anak:
        return None
    pertama, *sisa = anak
    anak = (Item(pertama.label, pertama.url, aktif=pertama.aktif), *sisa)  # no divider at the top
    return Item(label, anak=anak, aktif=any(a.aktif for a in anak))


def bila(syarat, *args, **kwargs):
    """``tautan(...)`` when ``syarat`` holds, else None (left out)."""
    return tautan(*args, **kwargs) if syarat else None


def menu_untuk(user, path=""):
    """The menu items for ``user`` (top level, in order); ``path`` marks the current page."""
    if not user.is_authenticated:
        return []
    sendiri = access.can_use_own_pages(user)  # linked to an employee record (read first: it also tells the rest)
    hr = access.can_manage_pegawai(user)
    agregat = access.can_view_dashboard(user)  # HR and pimpinan: the instansi's figures
    atasan = access.can_supervise(user)
    t = path
    daftar_pegawai = "Bawahan saya" if atasan and not hr else "Pegawai"
    items = [
        bila(sendiri and not agregat, "Beranda", "beranda", t),  # HR and pimpinan land on the dashboard instead
        bila(agregat, "Dasbor", "dasbor", t),
        bila(agregat, "Organisasi", "organisasi", t),
        bila(access.can_view_pegawai_list(user), daftar_pegawai, "pegawai-list", t),
        bila(hr, "Impor", "impor-upload", t),
        bila(hr, "Akun pegawai", "akun-unit", t),
        bila(access.can_manage_transparansi(user), "Transparansi", "transparansi-kelola", t),
        *komposisi.menu_aplikasi(user=user, path=t),  # the apps' dropdowns (Pelatihan, Evaluasi, Mentoring)
    ]
    if sendiri:
        profil = access.peran(user).pegawai.get_absolute_url()
        items.append(tautan("Profil saya", None, t, url=profil))
    return [i for i in items if i is not None]


def menu(request):
    """Context processor: ``menu`` (a list of ``Item``) for the navigation bar, built when a template first uses it
    (base.html): a partial that draws no navigation bar builds none."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    path = request.path
    return {"menu": SimpleLazyObject(lambda: menu_untuk(user, path))}
