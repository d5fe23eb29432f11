"""Public URLs of pelatihan that live outside its /pelatihan/ prefix and namespace.

Mounted at the site root by pembinaan/urls.py through ``include("pelatihan.urls_publik")`` (a dotted string, so
the records app imports nothing of pelatihan). No ``app_name``: the URL keeps its global name ``verifikasi``.
"""

from django.urls import path

from .views import sertifikat

urlpatterns = [
    # The QR code on a printed certificate points here; anyone may open it.
    path("verifikasi/<str:kode>/", sertifikat.verifikasi, name="verifikasi"),
]
