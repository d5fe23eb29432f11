from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from . import views
from .accounts import token_atur_sandi
from .forms import LoginForm, ResetSandiForm

auth_patterns = [
    path("masuk/", auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
         name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("sandi/ubah/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("sandi/ubah/selesai/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("sandi/lupa/", auth_views.PasswordResetView.as_view(form_class=ResetSandiForm), name="password_reset"),
    path("sandi/lupa/terkirim/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("sandi/atur/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(token_generator=token_atur_sandi),
         name="password_reset_confirm"),
    path("sandi/atur/selesai/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("akun/", include(auth_patterns)),
    path("dasbor/", views.dasbor, name="dasbor"),
    path("organisasi/", views.organisasi, name="organisasi"),
    path("pegawai/", views.pegawai_list, name="pegawai-list"),
    re_path(r"^pegawai/ekspor\.(?P<fmt>xlsx|csv)$", views.pegawai_export, name="pegawai-export"),
    path("pegawai/tambah/", views.pegawai_create, name="pegawai-create"),
    path("pegawai/<int:pk>/", views.pegawai_detail, name="pegawai-detail"),
    path("pegawai/<int:pk>/ubah/", views.pegawai_edit, name="pegawai-edit"),
    path("pegawai/<int:pk>/atasan/", views.pegawai_set_atasan, name="pegawai-atasan"),
    path("impor/", views.impor_create, name="impor-upload"),
    path("impor/templat.xlsx", views.impor_template, name="impor-template"),
    path("impor/<int:pk>/", views.impor_detail, name="impor-detail"),
    path("impor/<int:pk>/konfirmasi/", views.impor_confirm, name="impor-confirm"),
    path("akun-pegawai/", views.akun_create_for_unit, name="akun-unit"),
    path("notifikasi/", views.notifikasi_list, name="notifikasi"),
    path("notifikasi/gagal/", views.outbox_gagal, name="outbox-gagal"),
    path("notifikasi/gagal/<int:pk>/kirim-ulang/", views.notifikasi_retry, name="outbox-retry"),
    path("kelola-transparansi/", include("pembinaan.views.transparansi_hr")),  # HR: build, preview, publish (issue 12)
    path("pelatihan/", include("pelatihan.urls")),
    path("evaluasi/", include("evaluasi.urls")),
    path("mentoring/", include("mentoring.urls")),
    path("", include("pelatihan.urls_publik")),  # /verifikasi/<kode>/ (name "verifikasi"), public
    path("", include("pembinaan.views.transparansi_publik")),  # /transparansi/… public pages (issue 12)
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

handler400 = "pembinaan.galat.permintaan_buruk"  # the 400 page names the parameter (pembinaan.params)
