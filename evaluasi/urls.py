"""evaluasi/ URLs: each views module lists its own patterns."""

from .views import form, periode

app_name = "evaluasi"
urlpatterns = periode.urlpatterns + form.urlpatterns
