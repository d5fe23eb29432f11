"""What pelatihan/ puts on the employee's home and the HR dashboard (registered in ``PelatihanConfig.ready``
through ``pembinaan.komposisi``): the JP card, the coming sessions, the post-training evaluations and the
feedback still to give, and the dashboard's JP panel; and what a new instansi starts with (the suggested JP per
bentuk)."""

from django.urls import reverse
from django.utils import timezone

from pembinaan.komposisi import (
    Tindakan,
    baris_demo,
    daftar_beranda,
    daftar_demo,
    daftar_instansi_baru,
    daftar_menu,
    daftar_panel_dasbor,
    daftar_tindakan,
)
from pembinaan.menu import bila, grup, tautan
from pembinaan.pengungkapan import Ambang

from . import access, checkin, selectors
from .beranda_daring import tindakan_daring
from .selectors.jp import capaian_tampil
from .services import jp as layanan_jp

HARI_SESI = 14  # the home lists the sessions of the coming two weeks


def kartu_jp(*, pegawai, user, today):
    """The year's JP against the target that applies to the employee: the same selector as "JP saya"."""
    return {"d": selectors.jp_pegawai(pegawai=pegawai, tahun=today.year)}


def kartu_sesi(*, pegawai, user, today):
    """The coming sessions, each with whether check-in is open now; today's sessions whose check-in window has
    closed are over and left out."""
    now = timezone.now()
    sesi = selectors.sesi_mendatang(pegawai=pegawai, today=today, hari=HARI_SESI)
    return {"sesi": [(s, checkin.dalam_jendela(s, now)) for s in sesi if checkin.jendela(s)[1] >= now],
            "hari": HARI_SESI}


def tindakan(*, pegawai, user, today):
    hasil = []
    epp = selectors.evaluasi_pasca_jatuh_tempo(access.evaluasi_pasca_isi_scope(user), today=today)
    if epp:
        hasil.append(Tindakan(f"Isi evaluasi pascapelatihan untuk {epp} bawahan",
                              reverse("pelatihan:evaluasi-pasca-list"), epp,
                              "Penerapan hasil pelatihan dalam pekerjaan mereka."))
    ub = selectors.umpan_balik_terbuka(access.peserta_sendiri_scope(user), today=today, hari=selectors.hari_terbuka())
    if ub:
        hasil.append(Tindakan(f"Beri umpan balik untuk {ub} pelatihan yang Anda ikuti",
                              reverse("pelatihan:sertifikat-saya"), ub, "Masih dapat diisi."))
    return hasil


def panel_jp(*, instansi, tahun, today):
    # The dashboard is pimpinan's as well as HR's (one cached page): its figures are protected for both (issue 12
    # §2); HR read the exact ones on the JP page per unit. Units whose attainment is hidden are not ranked.
    rows, jp = selectors.capaian_unit(instansi=instansi, tahun=tahun, today=today)
    rows = capaian_tampil(rows, jp, ambang=Ambang.dari_settings())
    return {"jp": jp, "jp_terendah": [r for r in rows if not r["persen_capai_terlindung"]][:5], "tahun": tahun}


def demo():
    from .demo import buat_pelatihan_demo

    return baris_demo("Program pelatihan demo dibuat", buat_pelatihan_demo())


def instansi_baru(*, instansi):
    """A new instansi gets the suggested JP per bentuk, so the programme and self-report forms fill JP from the
    bentuk from the first use (HR changes them under Pengaturan JP)."""
    layanan_jp.jp_bawaan_seed(instansi=instansi)


def menu(*, user, path):
    """The app's dropdown of the navigation bar; which entries apply is ``access.menu_pelatihan``."""
    m = access.menu_pelatihan(user)
    return grup("Pelatihan", [
        tautan("Program pelatihan", "pelatihan:program-list", path),
        bila(m["sendiri"] or m["hr"], "Kelas daring", "pelatihan:kelas-list", path),
        bila(m["sendiri"], "JP saya", "pelatihan:jp-saya", path),
        bila(m["sendiri"], "Presensi (isi kode)", "pelatihan:kehadiran-checkin-kode", path),
        bila(m["sendiri"], "Laporan belajar mandiri", "pelatihan:laporan-saya", path),
        bila(m["sendiri"], "Sertifikat dan umpan balik", "pelatihan:sertifikat-saya", path),
        bila(m["sendiri"], "Kebutuhan pengembangan saya", "pelatihan:kebutuhan-saya", path),
        bila(m["atasan"], "Usulan kebutuhan bawahan", "pelatihan:kebutuhan-bawahan", path),
        bila(m["atasan"], "Evaluasi pascapelatihan", "pelatihan:evaluasi-pasca-list", path),
        bila(m["agregat"], "Capaian 20 JP per unit", "pelatihan:jp-unit", path, pemisah=True),
        bila(m["hr"], "Pegawai tertinggal JP", "pelatihan:jp-tertinggal", path),
        bila(m["hr"], "Verifikasi laporan belajar", "pelatihan:laporan-antrian", path),
        bila(m["hr"], "Umpan balik pelatihan", "pelatihan:umpan-balik-rekap", path),
        bila(m["hr"], "Evaluasi pascapelatihan (EPP)", "pelatihan:evaluasi-pasca-rekap", path),
        bila(m["hr"], "Perencanaan kebutuhan (AKP)", "pelatihan:siklus-list", path),
        bila(m["hr"] or m["penetap"], "Rencana pelaksanaan dan penetapan", "pelatihan:rencana-terkini", path),
        bila(m["agregat"], "Realisasi dan monev rencana", "pelatihan:rencana-realisasi-list", path),
    ])


def daftar():
    daftar_menu(10, menu)
    daftar_instansi_baru(10, instansi_baru)
    daftar_demo(5, demo)
    daftar_beranda(10, kartu_jp, "pelatihan/_beranda_jp.html")
    daftar_beranda(20, kartu_sesi, "pelatihan/_beranda_sesi.html")
    daftar_tindakan(20, tindakan)
    from .beranda_kebutuhan import tindakan_kebutuhan  # issue 11 A: proposals to decide, the open collection

    daftar_tindakan(30, tindakan_kebutuhan)
    from .demo_rencana import demo as demo_rencana

    daftar_demo(40, demo_rencana)  # after the evaluations' demo: their predikat are needs sources
    from .demo_daring import demo as demo_daring  # issue 13 A: a course, a learner midway, one who passed

    daftar_demo(50, demo_daring)
    daftar_tindakan(25, tindakan_daring)
    daftar_panel_dasbor(10, panel_jp, "pelatihan/_panel_dasbor_jp.html")
