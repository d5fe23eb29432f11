"""Transparency snapshots: what the public page of an instansi shows, frozen as of a date (issue 12).

A snapshot is built by a job (``pembinaan.services.transparansi``), previewed by HR, then published. The public
pages (``/transparansi/…``), their CSV/JSON downloads and the embeddable card read ONLY ``data`` of a published
snapshot, never the live tables. A published snapshot never changes: the service refuses, and a database trigger
refuses any UPDATE or DELETE of a row whose status is ``diterbitkan`` (``snapshot_terbit_tetap``), so no code path
can bypass it. Publishing leaves an audit entry through django-pghistory (``SnapshotTransparansiEvent``, label
``terbitkan``, with the acting user in its context).

``data`` (JSON), the contract between the builder and the public pages::

    {
      "tanggal": "YYYY-MM-DD",                 # the as-of date
      "instansi": {"kode": "...", "nama": "..."},
      "versi_metodologi": "1",
      "indikator": {                           # every indicator present in "sel", by its code
        "<kode>": {"judul": "...", "definisi": "...", "satuan": "...", "frekuensi": "...",
                   "produsen": "...", "kelompok": "..."},
      },
      "unit": ["<nama instansi>", "<OPD>", ..., "Perangkat daerah lainnya"],
                                               # display order: the instansi first, OPDs by name, the merged
                                               # group of small OPDs last (only when present)
      "sel": [                                 # pembinaan.pengungkapan.Sel.ke_dict(), disclosure rules applied
        {"indikator": "<kode>", "unit": "<a name from 'unit'>", "kategori": "...",
         "jenis": "jumlah" | "persen" | "median" | "rata_rata" | "predikat",
         "nilai": 12 | 45.5 | "Baik" | null,   # null when suppressed
         "disembunyikan": false, "alasan": "", "tampil": "12"},
      ]
    }

No name, NIP or other per-person value ever enters ``data``: only aggregates that went through the disclosure
module. ``progres``/``progres_total`` report the build job's progress to the HR page.
"""

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q

__all__ = ["SnapshotTransparansi", "UNIT_LAINNYA"]  # the event model is reached as SnapshotTransparansi.pgh_event_model

UNIT_LAINNYA = "Perangkat daerah lainnya"


@pghistory.track(
    pghistory.UpdateEvent("terbitkan", condition=pgtrigger.Q(old__status__df="diterbitkan",
                                                               new__status="diterbitkan")),
    fields=["instansi", "tanggal", "status", "versi_metodologi", "diterbitkan_oleh", "diterbitkan_pada"],
    model_name="SnapshotTransparansiEvent",
    obj_field=pghistory.ObjForeignKey(related_name="peristiwa"),
)
class SnapshotTransparansi(models.Model):
    class Status(models.TextChoices):
        DRAF = "draf", "Sedang dibangun"
        DIBANGUN = "dibangun", "Siap ditinjau"
        DITERBITKAN = "diterbitkan", "Diterbitkan"
        GAGAL = "gagal", "Gagal dibangun"

    instansi = models.ForeignKey("pembinaan.Instansi", on_delete=models.PROTECT, related_name="+")
    tanggal = models.DateField("data per tanggal")
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.DRAF)
    progres = models.PositiveSmallIntegerField("langkah selesai", default=0)
    progres_total = models.PositiveSmallIntegerField("jumlah langkah", default=0)
    progres_keterangan = models.CharField("langkah berjalan", max_length=200, blank=True)
    galat = models.TextField("galat", blank=True)
    versi_metodologi = models.CharField("versi metodologi", max_length=10, default="1")
    data = models.JSONField("isi", default=dict, blank=True)
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    dibuat_pada = models.DateTimeField("dibuat", auto_now_add=True)
    dibangun_pada = models.DateTimeField("selesai dibangun", null=True, blank=True)
    diterbitkan_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="+")
    diterbitkan_pada = models.DateTimeField("diterbitkan", null=True, blank=True)

    class Meta:
        verbose_name = "snapshot transparansi"
        verbose_name_plural = "snapshot transparansi"
        ordering = ["-tanggal", "-dibuat_pada"]
        permissions = [("terbitkan_transparansi", "Dapat menerbitkan snapshot transparansi")]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "tanggal"], condition=Q(status="diterbitkan"),
                                    name="snapshot_terbit_unik_per_tanggal"),
            models.CheckConstraint(
                condition=~Q(status="diterbitkan")
                | Q(diterbitkan_pada__isnull=False, diterbitkan_oleh__isnull=False),
                name="snapshot_terbit_bertanda"),
        ]
        indexes = [models.Index(fields=["instansi", "status", "-tanggal"], name="snapshot_instansi_status")]
        triggers = [
            # Published means frozen, whatever code runs (the service also refuses, with a message).
            pgtrigger.Protect(name="snapshot_terbit_tetap", operation=pgtrigger.Update | pgtrigger.Delete,
                              condition=pgtrigger.Q(old__status="diterbitkan")),
        ]

    def __str__(self):
        return f"Transparansi {self.instansi_id} per {self.tanggal} ({self.get_status_display()})"

    @property
    def persen(self):
        return int(100 * self.progres / self.progres_total) if self.progres_total else 0

    @property
    def sedang_berjalan(self):
        return self.status == self.Status.DRAF
