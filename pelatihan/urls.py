"""pelatihan/ URLs: each views module lists its own patterns."""

from .views import jp, kehadiran, laporan, program, sertifikat

app_name = "pelatihan"
urlpatterns = program.urlpatterns + kehadiran.urlpatterns + sertifikat.urlpatterns + laporan.urlpatterns \
    + jp.urlpatterns
