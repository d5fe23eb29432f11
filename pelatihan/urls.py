"""pelatihan/ URLs: each views module lists its own patterns (names kebab-case ``<entity>-<action>``, paths in
Indonesian); the public certificate check lives in pelatihan/urls_publik.py."""

from .views import daftar, daring, jp, kehadiran, kuis, laporan, program, sertifikat

app_name = "pelatihan"
urlpatterns = (program.urlpatterns + kehadiran.urlpatterns + sertifikat.urlpatterns + laporan.urlpatterns
               + jp.urlpatterns + daftar.urlpatterns + daring.urlpatterns + kuis.urlpatterns)

from .views import realisasi  # noqa: E402  (issue 11 C: the plan's realisation and monev)

urlpatterns += realisasi.urlpatterns

from .views import rencana  # noqa: E402  (issue 11 B: plan lines, 20 JP coverage, penetapan, export)

urlpatterns += rencana.urlpatterns

from .views import perencanaan  # noqa: E402  (issue 11 A: the cycle, the needs, participation and verification)

urlpatterns += perencanaan.urlpatterns

from .views import impor_moodle  # noqa: E402  (issue 13 B: Moodle completion import)

urlpatterns += impor_moodle.urlpatterns

from .views import siasn  # noqa: E402  (issue 13 B: SIASN training-history export)

urlpatterns += siasn.urlpatterns

from .views import lti  # noqa: E402  (issue 13 B: LTI 1.3 platform, Assignment and Grade Services)

urlpatterns += lti.urlpatterns
