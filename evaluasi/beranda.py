"""What evaluasi/ puts on the employee's home and the HR dashboard (registered in ``EvaluasiConfig.ready``
through ``pembinaan.komposisi``): forms to fill per open period, objections to decide, results newly
available; the dashboard's evaluation panel."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from pembinaan.komposisi import Tindakan, baris_demo, daftar_demo, daftar_menu, daftar_panel_dasbor, daftar_tindakan
from pembinaan.menu import bila, grup
from pembinaan.pengungkapan import Ambang

from . import access, selectors


def hari_hasil_baru():
    """A submitted result counts as new on the home for this many days (default 30)."""
    return getattr(settings, "BERANDA_HASIL_BARU_HARI", 30)


def tindakan(*, pegawai, user, today):
    hasil = []
    for r in selectors.formulir_terbuka_per_periode(access.evaluasi_isi_scope(user)):
        hasil.append(Tindakan(f"Isi {r['jumlah']} formulir evaluasi kinerja bawahan: {r['periode__nama']}",
                              reverse("evaluasi:penilai-list"), r["jumlah"],
                              f"Tenggat {r['periode__tenggat']:%d-%m-%Y}"))
    keberatan = selectors.keberatan_menunggu(access.keberatan_pemutus_scope(user))
    if keberatan:
        hasil.append(Tindakan(f"Putuskan {keberatan} keberatan atas hasil evaluasi",
                              reverse("evaluasi:keberatan-list"), keberatan))
    sejak = timezone.now() - timedelta(days=hari_hasil_baru())
    baru = selectors.hasil_baru(access.hasil_scope(user), sejak=sejak)
    if baru:
        hasil.append(Tindakan("Baca hasil evaluasi kinerja Anda yang baru" if baru == 1
                              else f"Baca {baru} hasil evaluasi kinerja Anda yang baru",
                              reverse("evaluasi:hasil-list"), baru))
    return hasil


def panel_evaluasi(*, instansi, tahun, today):
    # The dashboard is pimpinan's as well as HR's (one cached page): the distribution is protected for both;
    # HR read exact numbers on the period overview.
    return {"ev": selectors.evaluasi_ringkas(instansi=instansi, today=today, ambang=Ambang.dari_settings())}


def demo():
    from .demo import buat_evaluasi_demo

    return baris_demo("Periode evaluasi demo dibuat", buat_evaluasi_demo(), "ditutup, dibuka, terlambat per instansi")


def menu(*, user, path):
    """The app's dropdown of the navigation bar; which entries apply is ``access.menu_evaluasi``."""
    m = access.menu_evaluasi(user)
    return grup("Evaluasi", [
        bila(m["sendiri"], "Evaluasi bawahan", "evaluasi:penilai-list", path),
        bila(m["sendiri"], "Keberatan yang harus diputus", "evaluasi:keberatan-list", path),
        bila(m["sendiri"], "Hasil evaluasi saya", "evaluasi:hasil-list", path),
        bila(m["agregat"], "Periode evaluasi kinerja", "evaluasi:periode-list", path, pemisah=True),
        bila(m["hr"], "Keberatan (BKPSDM)", "evaluasi:keberatan-hr", path),
        bila(m["hr"], "Pengaturan pengingat", "evaluasi:pengaturan-pengingat", path),
        bila(m["atasan"], "Ringkasan penilaian saya", "evaluasi:penilai-ringkasan", path),
    ])


def daftar():
    daftar_menu(20, menu)
    daftar_tindakan(10, tindakan)
    daftar_panel_dasbor(20, panel_evaluasi, "evaluasi/overview_panel.html")
    daftar_demo(30, demo)
    from .kebutuhan import daftar as daftar_kebutuhan  # issue 11: the performance sources of the needs derivation

    daftar_kebutuhan()
