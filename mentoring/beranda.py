"""What mentoring/ puts on pages of pembinaan/ (registered in ``MentoringConfig.ready`` through
``pembinaan.komposisi``): on the employee's home, sessions waiting for the user's confirmation and B.1.8 forms to
fill; the dashboard's mentoring panel; on the employee page, for HR, the employee's pairs and "Cari mentor"; the
demo pairs of ``seed_demo``."""

from django.urls import reverse

from pembinaan.komposisi import (
    Tindakan,
    baris_demo,
    daftar_demo,
    daftar_kartu_pegawai,
    daftar_menu,
    daftar_panel_dasbor,
    daftar_tindakan,
    daftar_tombol_pegawai,
)
from pembinaan.menu import bila, grup

from . import access, selectors


def tindakan(*, pegawai, user, today):
    hasil = []
    scope = access.sesi_pihak_scope(user)
    for r in selectors.sesi_menunggu_saya(scope, pegawai=pegawai):
        lain = r["nama_mentee"] if r["mentor"] == pegawai.pk else r["nama_mentor"]
        hasil.append(Tindakan(f"Konfirmasi {r['jumlah']} sesi mentoring yang dicatat {lain}",
                              reverse("mentoring:pasangan-detail", args=[r["pasangan_id"]]), r["jumlah"]))
    for r in selectors.b18_belum_diisi(scope, pegawai=pegawai):
        hasil.append(Tindakan(f"Isi umpan balik bimbingan (B.1.8) untuk sesi bersama {r['nama_mentor']}",
                              reverse("mentoring:umpan-balik-save", args=[r["sesi_id"]]), r["jumlah"],
                              "Formulir sesi terlama dibuka lebih dulu." if r["jumlah"] > 1 else ""))
    return hasil


def panel_mentoring(*, instansi, tahun, today):
    return {"m": selectors.panel_dasbor(instansi=instansi, today=today)}


def _dikelola(pegawai, user):
    """HR looking at an employee of their instansi (whom they may pair with a mentor)."""
    return access.mentee_scope(user).filter(pk=pegawai.pk).exists()


def kartu_pegawai(*, pegawai, user):
    if not _dikelola(pegawai, user):
        return None
    d = selectors.pasangan_pribadi(pegawai=pegawai)
    return {"mentoring": d} if d["sebagai_mentee"] or d["sebagai_mentor"] else None


def tombol_pegawai(*, pegawai, user):
    if not _dikelola(pegawai, user):
        return []
    return [Tindakan("Cari mentor", reverse("mentoring:saran", args=[pegawai.pk]))]


def demo():
    from .demo import buat_mentoring_demo

    return baris_demo("Pasangan mentoring demo dibuat", buat_mentoring_demo())


def menu(*, user, path):
    """The app's dropdown of the navigation bar; which entries apply is ``access.menu_mentoring``."""
    m = access.menu_mentoring(user)
    return grup("Mentoring", [
        bila(m["hr"], "Pasangan mentoring", "mentoring:pasangan-list", path),
        bila(m["hr"], "Buat pasangan sekaligus", "mentoring:pasangan-bulk", path),
        bila(m["hr"], "Pengaturan mentoring", "mentoring:pengaturan-update", path),
        bila(m["sendiri"] and not m["hr"], "Mentoring saya", "mentoring:pasangan-list", path),
        bila(m["agregat"], "Ringkasan mentoring", "mentoring:overview", path),
    ])


def daftar():
    daftar_menu(30, menu)
    daftar_tindakan(30, tindakan)
    daftar_panel_dasbor(30, panel_mentoring, "mentoring/panel_dasbor.html")
    daftar_kartu_pegawai(10, kartu_pegawai, "mentoring/_kartu_pegawai.html")
    daftar_tombol_pegawai(10, tombol_pegawai)
    daftar_demo(10, demo)
