"""pelatihan/ URLs: each views module lists its own patterns."""

from .views import jp, kehadiran, laporan, program, sertifikat

app_name = "pelatihan"
urlpatterns = program.urlpatterns + kehadiran.urlpatterns + sertifikat.urlpatterns + laporan.urlpatterns \
    + jp.urlpatterns

from .views import daftar  # noqa: E402  (printable and exportable lists)

urlpatterns += daftar.urlpatterns
