"""The employee's home to-do for online courses (issue 13 A), registered by pelatihan/beranda.py."""

from django.urls import reverse

from pembinaan.komposisi import Tindakan

from .selectors import daring as sel


def tindakan_daring(*, pegawai, user, today):
    n = sel.kelas_berjalan(pegawai, today)
    if not n:
        return []
    return [Tindakan(f"Lanjutkan {n} kelas daring yang Anda ikuti", reverse("pelatihan:kelas-list"), n,
                     "Selesaikan materi dan kuisnya sebelum masa aksesnya berakhir.")]
