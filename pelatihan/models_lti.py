"""LTI 1.3 with Assignment and Grade Services, this system as the platform (issue 13 part B).

A tool registration per external learning platform; one opaque ``sub`` per employee and registration (never the
NIP); the nonces and client-assertion ids seen (single use, enforced by the database); a line item per programme and
registration; every score the tool posts (the last one per participant is what HR sees, a lower score after a credit
is held for review).
"""

import uuid

from django.conf import settings
from django.db import models

from pembinaan.models import Instansi, Pegawai

__all__ = ["RegistrasiLTI", "PenggunaLTI", "NonceLTI", "LineItemLTI", "SkorLTI", "LogLTI"]


class RegistrasiLTI(models.Model):
    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="registrasi_lti")
    nama = models.CharField("nama tool", max_length=200)
    client_id = models.CharField(max_length=255, unique=True)
    deployment_id = models.CharField("deployment ID", max_length=255)
    url_login = models.URLField("URL OIDC login tool", max_length=500)
    url_launch = models.URLField("URL launch tool", max_length=500)
    url_jwks = models.URLField("URL JWKS tool", max_length=500, blank=True)
    kunci_publik = models.TextField("kunci publik tool (PEM)", blank=True)
    kirim_nama = models.BooleanField("boleh mengirim nama", default=False)
    kirim_email = models.BooleanField("boleh mengirim e-mail", default=False)
    aktif = models.BooleanField(default=True)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "registrasi tool LTI"
        verbose_name_plural = "registrasi tool LTI"
        constraints = [models.CheckConstraint(condition=~models.Q(url_jwks="", kunci_publik=""),
                                              name="lti_kunci_tool_ada")]

    def __str__(self):
        return self.nama


class PenggunaLTI(models.Model):
    """The opaque, stable ``sub`` of one employee towards one tool."""

    registrasi = models.ForeignKey(RegistrasiLTI, on_delete=models.CASCADE, related_name="pengguna")
    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="+")
    sub = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registrasi", "pegawai"], name="lti_pengguna_unik")]


class NonceLTI(models.Model):
    """A value that may be used once: the nonce of an authentication request, the jti of a client assertion."""

    class Jenis(models.TextChoices):
        NONCE = "nonce", "nonce"
        JTI = "jti", "jti"

    registrasi = models.ForeignKey(RegistrasiLTI, on_delete=models.CASCADE, related_name="+")
    jenis = models.CharField(max_length=5, choices=Jenis.choices)
    nilai = models.CharField(max_length=255)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registrasi", "jenis", "nilai"], name="lti_nonce_sekali")]


class LineItemLTI(models.Model):
    registrasi = models.ForeignKey(RegistrasiLTI, on_delete=models.PROTECT, related_name="line_item")
    program = models.ForeignKey("pelatihan.ProgramPelatihan", on_delete=models.CASCADE, related_name="line_item_lti")
    label = models.CharField(max_length=255)
    skor_maks = models.DecimalField(max_digits=9, decimal_places=2, default=100)
    resource_link_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registrasi", "program"], name="lti_lineitem_unik")]


class SkorLTI(models.Model):
    class Status(models.TextChoices):
        DITERIMA = "diterima", "Diterima"
        KREDIT = "kredit", "Lulus, JP dikreditkan"
        DITAHAN = "ditahan", "Ditahan untuk ditinjau HR"

    line_item = models.ForeignKey(LineItemLTI, on_delete=models.CASCADE, related_name="skor")
    pengguna = models.ForeignKey(PenggunaLTI, on_delete=models.CASCADE, related_name="skor")
    skor = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    skor_maks = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    activity_progress = models.CharField(max_length=20)
    grading_progress = models.CharField(max_length=20)
    timestamp = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DITERIMA)
    ditinjau_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["line_item", "pengguna", "-timestamp"])]


class LogLTI(models.Model):
    """A refused LTI request (unknown sub, bad token, bad assertion): what and why, never a secret."""

    registrasi = models.ForeignKey(RegistrasiLTI, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    peristiwa = models.CharField(max_length=40)
    pesan = models.CharField(max_length=500)
    dibuat = models.DateTimeField(auto_now_add=True)
