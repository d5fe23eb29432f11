"""The records app's own dashboard part for transparency (issue 12): the UU KIP Pasal 9 six-month warning, registered
through ``pembinaan.komposisi`` in ``PembinaanConfig.ready`` like the other apps' panels."""

from . import selectors
from .komposisi import baris_demo, daftar_demo, daftar_panel_dasbor

BULAN_PERINGATAN = 6  # UU KIP Pasal 9(3): at least every six months


def lewat_enam_bulan(terakhir, today):
    """True when there is no published snapshot or the latest is older than six months (by its as-of date)."""
    if terakhir is None:
        return True
    bulan = (today.year - terakhir["tanggal"].year) * 12 + today.month - terakhir["tanggal"].month
    return bulan > BULAN_PERINGATAN or (bulan == BULAN_PERINGATAN and today.day > terakhir["tanggal"].day)


def panel_transparansi(*, instansi, tahun, today):
    """Shown only when the instansi's public page is overdue (one query); picklable for the dashboard cache."""
    terakhir = selectors.transparansi_terakhir_terbit(instansi_id=instansi.pk)
    if not lewat_enam_bulan(terakhir, today):
        return None
    return {"terakhir": terakhir["tanggal"] if terakhir else None}


def demo():
    from .demo.transparansi import buat_transparansi_demo

    return baris_demo("Snapshot transparansi demo diterbitkan", buat_transparansi_demo(), "satu per instansi")


def daftar():
    daftar_panel_dasbor(5, panel_transparansi, "pembinaan/transparansi_hr/_panel_dasbor.html")
    daftar_demo(90, demo)  # after every app's demo data: the snapshot reads all their indicators
