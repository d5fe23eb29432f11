"""mentoring/ URLs: each views module lists its own patterns."""

from .views import pasangan, sesi

app_name = "mentoring"
urlpatterns = pasangan.urlpatterns + sesi.urlpatterns
