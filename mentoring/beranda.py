"""What mentoring/ puts on the employee's home and the HR dashboard (registered in ``MentoringConfig.ready``
through ``pembinaan.komposisi``): sessions waiting for the user's confirmation, B.1.8 forms to fill; the
dashboard's mentoring panel."""

from django.urls import reverse

from pembinaan.komposisi import Tindakan, daftar_panel_dasbor, daftar_tindakan

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
                              reverse("mentoring:umpan-balik", args=[r["sesi_id"]]), r["jumlah"],
                              "Formulir sesi terlama dibuka lebih dulu." if r["jumlah"] > 1 else ""))
    return hasil


def panel_mentoring(*, instansi, tahun, today):
    return {"m": selectors.panel_dasbor(instansi=instansi, today=today)}


def daftar():
    daftar_tindakan(30, tindakan)
    daftar_panel_dasbor(30, panel_mentoring, "mentoring/panel_dasbor.html")
