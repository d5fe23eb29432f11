"""The navigation bar's menu, built from the access module's predicates (a context processor).

The template only draws what it is given: a list of ``Item`` (a link, or a dropdown of links), so no role
flag is tested in a template. The URL names are reversed here; the pages themselves still decide access
(a menu entry is only a convenience, never a permission).

Grouped so that the longest menu (HR) fits on one row at 1366 px, with room left for a "Beranda" link: the
apps' pages sit in one dropdown per app, and the user's name opens a dropdown holding "Ubah kata sandi" and
"Keluar" (templates/base.html).
"""

from dataclasses import dataclass

from django.urls import reverse

from . import access


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


def _tautan(label, nama, path, *, pemisah=False, url=None):
    url = url or reverse(nama)
    return Item(label, url, pemisah=pemisah, aktif=url == path)


def _grup(label, anak):
    """A dropdown of the entries that apply (None left out); none left: no dropdown."""
    anak = tuple(a for a in anak if a is not None)
    if not anak:
        return None
    pertama, *sisa = anak
    anak = (Item(pertama.label, pertama.url, aktif=pertama.aktif), *sisa)  # no divider at the top
    return Item(label, anak=anak, aktif=any(a.aktif for a in anak))


def _bila(syarat, *args, **kwargs):
    return _tautan(*args, **kwargs) if syarat else None


def menu_untuk(user, path=""):
    """The menu items for ``user`` (top level, in order); ``path`` marks the current page."""
    if not user.is_authenticated:
        return []
    hr = access.can_manage_pegawai(user)
    agregat = access.can_view_dashboard(user)  # HR and pimpinan: the instansi's figures
    sendiri = access.can_use_own_pages(user)  # linked to an employee record
    atasan = access.can_supervise(user)
    penetap = access.peran(user).petugas is not None and user.has_perm("pelatihan.tetapkan_rencana")  # PPK (issue 11)
    t = path
    daftar_pegawai = "Bawahan saya" if atasan and not hr else "Pegawai"
    items = [
        _bila(sendiri and not agregat, "Beranda", "beranda", t),  # HR and pimpinan land on the dashboard instead
        _bila(agregat, "Dasbor", "dasbor", t),
        _bila(agregat, "Organisasi", "organisasi", t),
        _bila(access.can_view_pegawai_list(user), daftar_pegawai, "pegawai-list", t),
        _bila(hr, "Impor", "impor-upload", t),
        _bila(hr, "Akun pegawai", "akun-unit", t),
        _bila(access.can_manage_transparansi(user), "Transparansi", "transparansi-kelola", t),
        _grup("Pelatihan", [
            _tautan("Program pelatihan", "pelatihan:program-list", t),
            _bila(sendiri or hr, "Kelas daring", "pelatihan:kelas-list", t),
            _bila(sendiri, "JP saya", "pelatihan:jp-saya", t),
            _bila(sendiri, "Presensi (isi kode)", "pelatihan:kehadiran-checkin-kode", t),
            _bila(sendiri, "Laporan belajar mandiri", "pelatihan:laporan-saya", t),
            _bila(sendiri, "Sertifikat dan umpan balik", "pelatihan:sertifikat-saya", t),
            _bila(sendiri, "Kebutuhan pengembangan saya", "pelatihan:kebutuhan-saya", t),
            _bila(atasan, "Usulan kebutuhan bawahan", "pelatihan:kebutuhan-bawahan", t),
            _bila(atasan, "Evaluasi pascapelatihan", "pelatihan:evaluasi-pasca-list", t),
            _bila(agregat, "Capaian 20 JP per unit", "pelatihan:jp-unit", t, pemisah=True),
            _bila(hr, "Pegawai tertinggal JP", "pelatihan:jp-tertinggal", t),
            _bila(hr, "Verifikasi laporan belajar", "pelatihan:laporan-antrian", t),
            _bila(hr, "Umpan balik pelatihan", "pelatihan:umpan-balik-rekap", t),
            _bila(hr, "Evaluasi pascapelatihan (EPP)", "pelatihan:evaluasi-pasca-rekap", t),
            _bila(hr, "Perencanaan kebutuhan (AKP)", "pelatihan:siklus-list", t),
            _bila(hr or penetap, "Rencana pelaksanaan dan penetapan", "pelatihan:rencana-terkini", t),
            _bila(agregat, "Realisasi dan monev rencana", "pelatihan:rencana-realisasi-list", t),
        ]),
        _grup("Evaluasi", [
            _bila(sendiri, "Evaluasi bawahan", "evaluasi:penilai-list", t),
            _bila(sendiri, "Keberatan yang harus diputus", "evaluasi:keberatan-list", t),
            _bila(sendiri, "Hasil evaluasi saya", "evaluasi:hasil-list", t),
            _bila(agregat, "Periode evaluasi kinerja", "evaluasi:periode-list", t, pemisah=True),
            _bila(hr, "Keberatan (BKPSDM)", "evaluasi:keberatan-hr", t),
            _bila(hr, "Pengaturan pengingat", "evaluasi:pengaturan-pengingat", t),
            _bila(atasan, "Ringkasan penilaian saya", "evaluasi:penilai-ringkasan", t),
        ]),
        _grup("Mentoring", [
            _bila(hr, "Pasangan mentoring", "mentoring:pasangan-list", t),
            _bila(hr, "Buat pasangan sekaligus", "mentoring:pasangan-bulk", t),
            _bila(hr, "Pengaturan mentoring", "mentoring:pengaturan", t),
            _bila(sendiri and not hr, "Mentoring saya", "mentoring:pasangan-list", t),
            _bila(agregat, "Ringkasan mentoring", "mentoring:overview", t),
        ]),
    ]
    if sendiri:
        profil = access.peran(user).pegawai.get_absolute_url()
        items.append(_tautan("Profil saya", None, t, url=profil))
    return [i for i in items if i is not None]


def menu(request):
    """Context processor: ``menu`` (a list of ``Item``) for the navigation bar."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"menu": menu_untuk(user, request.path)}
