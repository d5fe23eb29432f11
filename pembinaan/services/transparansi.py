"""Transparency snapshots (issue 12): build (a Celery job with progress), publish, and the monthly draft.

The builder gathers raw aggregates per OPD (the records app's own headcounts plus every app's indicators registered
through ``pembinaan.komposisi.daftar_indikator_transparansi``), merges OPDs below the threshold into "Perangkat
daerah lainnya", adds the instansi row, and sends every indicator through ``pembinaan.pengungkapan``: what lands in
``SnapshotTransparansi.data`` is exactly what the public page, its downloads and the HR preview show.

Published snapshots never change: ``transparansi_terbitkan`` only moves a built snapshot to "diterbitkan", the
builder only writes snapshots still in "draf", and a database trigger refuses any later UPDATE or DELETE.
"""

import logging

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .. import komposisi, selectors
from ..models import Instansi, SnapshotTransparansi
from ..models_transparansi import UNIT_LAINNYA
from ..transparansi_indikator import (
    HITUNGAN,
    INSTANSI,
    JUMLAH,
    MEDIAN,
    PERSEN,
    PREDIKAT,
    PREDIKAT_ORGANISASI,
    Konteks,
    tambah_angka,
    tambah_daftar,
    tambah_kontribusi,
    tambah_pasangan,
)

logger = logging.getLogger(__name__)

VERSI_METODOLOGI = "1"
S = SnapshotTransparansi.Status

_GABUNG = {HITUNGAN: tambah_angka, PREDIKAT: tambah_angka, PERSEN: tambah_pasangan, MEDIAN: tambah_daftar,
           JUMLAH: tambah_kontribusi}


def _k(nama, bawaan):
    return int(getattr(settings, nama, bawaan))


def ambang_opd():
    """An OPD with fewer active employees than this is merged into "Perangkat daerah lainnya": the evaluation
    threshold (the strictest), so every indicator of the page uses the same list of units."""
    return _k("TRANSPARANSI_K_EVALUASI", 10)


# ---------------------------------------------------------------------------- start, build

@transaction.atomic
def transparansi_mulai(*, actor, instansi, tanggal=None, antre=True):
    """A new snapshot of ``instansi`` as of ``tanggal`` (default today, Asia/Jakarta), built by the job.

    Unpublished snapshots of the same date are replaced (a rebuild). Refused when that date is already published
    (a published snapshot never changes: a new date is a new snapshot)."""
    tanggal = tanggal or timezone.localdate()
    if tanggal > timezone.localdate():
        raise ValidationError({"tanggal": "Tanggal data tidak boleh melewati hari ini."})
    terbit = SnapshotTransparansi.objects.filter(instansi=instansi, tanggal=tanggal, status=S.DITERBITKAN)
    if terbit.exists():
        raise ValidationError({"tanggal": f"Snapshot per {tanggal:%d-%m-%Y} sudah diterbitkan dan tidak dapat "
                                          "diubah. Pilih tanggal lain."})
    SnapshotTransparansi.objects.filter(instansi=instansi, tanggal=tanggal).exclude(status=S.DITERBITKAN).delete()
    snapshot = SnapshotTransparansi.objects.create(instansi=instansi, tanggal=tanggal, dibuat_oleh=actor,
                                                   versi_metodologi=VERSI_METODOLOGI)
    if antre:
        from ..tasks import transparansi_bangun_task

        transaction.on_commit(lambda: transparansi_bangun_task.delay(snapshot.pk))
    return snapshot


def _progres(snapshot_id, langkah, total, keterangan):
    """Written outside the build's work so the HR page sees it while the job runs."""
    SnapshotTransparansi.objects.filter(pk=snapshot_id, status=S.DRAF).update(
        progres=langkah, progres_total=total, progres_keterangan=keterangan[:200])


def transparansi_bangun(*, snapshot_id):
    """The job: build the snapshot's ``data``. Idempotent: only a snapshot still in "draf" is built."""
    snapshot = SnapshotTransparansi.objects.select_related("instansi").filter(pk=snapshot_id, status=S.DRAF).first()
    if snapshot is None:
        return None
    try:
        data = bangun_data(instansi=snapshot.instansi, tanggal=snapshot.tanggal,
                           progres=lambda i, n, ket: _progres(snapshot_id, i, n, ket))
    except Exception as exc:
        logger.exception("snapshot transparansi %s gagal dibangun", snapshot_id)
        SnapshotTransparansi.objects.filter(pk=snapshot_id, status=S.DRAF).update(
            status=S.GAGAL, galat=f"{type(exc).__name__}: {exc}"[:2000])
        return None
    SnapshotTransparansi.objects.filter(pk=snapshot_id, status=S.DRAF).update(
        status=S.DIBANGUN, data=data, dibangun_pada=timezone.now(), progres_keterangan="Selesai")
    return data


def bangun_data(*, instansi, tanggal, progres=None):
    """The snapshot's JSON (schema: ``pembinaan.models_transparansi``). A fixed number of set-based queries."""
    progres = progres or (lambda *a: None)
    akar, nama_opd = selectors.transparansi_peta_opd(instansi.pk)
    konteks = Konteks(instansi=instansi, tanggal=tanggal, opd_dari_unit=akar)
    fungsi = [(0, selectors.transparansi_pegawai)] + [(b.urutan, b.fungsi) for b in komposisi._INDIKATOR_TRANSPARANSI]
    total = len(fungsi) + 1
    indikator = []
    for i, (_urutan, f) in enumerate(fungsi):
        progres(i, total, f"Menghitung indikator ({f.__module__.split('.')[0]})")
        indikator.extend(f(konteks))
    progres(total - 1, total, "Menerapkan aturan pengungkapan")

    # The list of units: OPDs with enough employees by name, the rest merged (employees with no unit too).
    jumlah_pegawai = {opd: sum(sel.values()) for opd, sel in indikator[0].data.items()}
    batas = ambang_opd()
    label = _label_opd(nama_opd, {opd for opd, n in jumlah_pegawai.items() if opd is not None and n >= batas})
    unit_opd = sorted(set(label.values()) - {UNIT_LAINNYA})
    urutan_unit = [instansi.nama, *unit_opd]
    if any(label.get(opd, UNIT_LAINNYA) == UNIT_LAINNYA for ind in indikator for opd in ind.data if opd != INSTANSI):
        urutan_unit.append(UNIT_LAINNYA)

    sel, meta = [], {}
    for ind in indikator:
        opd, semua = _baris(ind, label, instansi.nama, urutan_unit)
        if not opd and not semua:
            continue
        meta[ind.kode] = ind.meta()
        sel.extend(s.ke_dict() for s in _ungkap(ind, opd, semua, instansi.nama))
    progres(total, total, "Selesai")
    return {"tanggal": tanggal.isoformat(), "instansi": {"kode": instansi.kode, "nama": instansi.nama},
            "versi_metodologi": VERSI_METODOLOGI, "indikator": meta, "unit": urutan_unit, "sel": sel}


def _label_opd(nama_opd, cukup):
    """{OPD id: the name the page shows}: its own name when it has enough employees, else the merged group.
    Two OPDs with the same name are told apart by a number."""
    label, dipakai = {}, {}
    for opd in sorted(nama_opd, key=lambda o: (nama_opd[o], o)):
        if opd not in cukup:
            label[opd] = UNIT_LAINNYA
            continue
        nama = nama_opd[opd]
        dipakai[nama] = dipakai.get(nama, 0) + 1
        label[opd] = nama if dipakai[nama] == 1 else f"{nama} ({dipakai[nama]})"
    return label


def _baris(ind, label, nama_instansi, urutan_unit):
    """(OPD rows {unit name: {kategori: raw}} in display order, the instansi row: every OPD row combined)."""
    if ind.hanya_instansi:
        return {}, ind.data.get(INSTANSI) or {}
    if ind.bentuk == PREDIKAT_ORGANISASI:
        per_unit = {label[opd]: v for opd, v in ind.data.items() if label.get(opd, UNIT_LAINNYA) != UNIT_LAINNYA}
        return {u: per_unit[u] for u in urutan_unit if u in per_unit}, {}
    gabung = _GABUNG[ind.bentuk]
    per_unit, semua = {}, {}
    for opd, nilai in ind.data.items():
        unit = per_unit.setdefault(label.get(opd, UNIT_LAINNYA), {})
        for kategori, v in nilai.items():
            unit[kategori] = gabung(unit.get(kategori), v)
            semua[kategori] = gabung(semua.get(kategori), v)
    return {u: per_unit[u] for u in urutan_unit if u in per_unit}, semua


def _ungkap(ind, opd, instansi, nama_instansi):
    """The one place that hands raw aggregates to the disclosure module (pembinaan.pengungkapan): tables get the
    OPD rows (the module adds the instansi row and the "Jumlah" column and suppresses across both); single
    figures (percentages, medians) are protected cell by cell, the instansi's first."""
    from .. import pengungkapan as p

    ambang = p.Ambang.dari_settings()
    k = ambang.k_evaluasi if ind.k == "evaluasi" else ambang.k_pelatihan
    baris = opd if opd else {nama_instansi: instansi}
    if ind.bentuk == HITUNGAN:
        return p.tabel_jumlah(ind.kode, baris, instansi=nama_instansi, k=k, kategori=ind.kategori)
    if ind.bentuk == PREDIKAT:
        return p.tabel_jumlah(ind.kode, baris, instansi=nama_instansi, k=k, kategori=ind.kategori, homogen=True,
                              n_rincian=ambang.n_predikat)
    if ind.bentuk == JUMLAH:
        return p.tabel_total(ind.kode, baris, instansi=nama_instansi, k=k, dominasi_persen=ambang.dominasi_persen,
                             kategori=ind.kategori)
    if ind.bentuk == PREDIKAT_ORGANISASI:
        return [p.sel_predikat(ind.kode, u, kat, v) for u, nilai in opd.items() for kat, v in nilai.items()]
    semua = {nama_instansi: instansi, **opd}
    if ind.bentuk == PERSEN:
        hasil = []
        for kat in ind.kategori:
            tersembunyi = _hitungan_persen(p, ind, kat, opd, nama_instansi, k)
            hasil += [p.persen(ind.kode, u, kat, *nilai[kat], k=k, pembilang_sel=tersembunyi.get(u))
                      for u, nilai in semua.items() if kat in nilai]
        return hasil
    return [p.median(ind.kode, u, kat, nilai[kat], k=k)
            for u, nilai in semua.items() for kat in ind.kategori if kat in nilai]


def _hitungan_persen(p, ind, kategori, opd, nama_instansi, k):
    """{unit: the hidden count behind its percentage}. With the bases known (headcounts are published), each shown
    percentage gives its numerator back, and the instansi's minus the OPDs' would give a lone hidden one: so the
    numerators and their complements form a count table (the instansi row its totals) protected like any other,
    and a percentage is shown only where neither of its counts is hidden. Not published itself."""
    if not opd:
        return {}
    hitungan = {u: {"ya": v[kategori][0], "tidak": v[kategori][1] - v[kategori][0]}
                for u, v in opd.items() if kategori in v}
    tersembunyi = {}
    for sel in p.tabel_jumlah(ind.kode, hitungan, instansi=nama_instansi, k=k, kategori=["ya", "tidak"]):
        if sel.disembunyikan and sel.kategori in ("ya", "tidak"):
            tersembunyi.setdefault(sel.unit, sel)
    return tersembunyi


# ---------------------------------------------------------------------------- publish

@transaction.atomic
def transparansi_terbitkan(*, actor, snapshot):
    """Publish a built snapshot (the caller checked ``access.can_publish_transparansi``). Leaves the audit entry
    (pghistory event "terbitkan" with the actor in its context)."""
    snap = SnapshotTransparansi.objects.select_for_update().get(pk=snapshot.pk)
    if snap.status == S.DITERBITKAN:
        raise ValidationError("Snapshot ini sudah diterbitkan; snapshot yang terbit tidak dapat diubah.")
    if snap.status != S.DIBANGUN:
        raise ValidationError("Snapshot belum selesai dibangun; tunggu hingga pratinjau tersedia.")
    if SnapshotTransparansi.objects.filter(instansi_id=snap.instansi_id, tanggal=snap.tanggal,
                                           status=S.DITERBITKAN).exists():
        raise ValidationError(f"Snapshot per {snap.tanggal:%d-%m-%Y} sudah pernah diterbitkan.")
    with pghistory.context(user=actor.pk, sumber="terbitkan_transparansi"):
        snap.status = S.DITERBITKAN
        snap.diterbitkan_oleh = actor
        snap.diterbitkan_pada = timezone.now()
        snap.save(update_fields=["status", "diterbitkan_oleh", "diterbitkan_pada"])
    return snap


# ---------------------------------------------------------------------------- command and monthly draft

def transparansi_bangun_sinkron(*, actor, instansi, tanggal=None, terbitkan=False):
    """The command's path: the same start and build as the page, run in this process; publish on request."""
    snapshot = transparansi_mulai(actor=actor, instansi=instansi, tanggal=tanggal, antre=False)
    transparansi_bangun(snapshot_id=snapshot.pk)
    snapshot.refresh_from_db()
    if snapshot.status != S.DIBANGUN:
        raise ValidationError(f"Snapshot gagal dibangun: {snapshot.galat}")
    if terbitkan:
        snapshot = transparansi_terbitkan(actor=actor, snapshot=snapshot)
    return snapshot


def transparansi_draf_bulanan(*, tanggal=None):
    """The beat's monthly default: a draft of every instansi as of the 1st, left for HR to review and publish.
    Skips an instansi whose snapshot of that date already exists (idempotent)."""
    tanggal = tanggal or timezone.localdate()
    dibuat = 0
    for instansi in Instansi.objects.exclude(
            pk__in=SnapshotTransparansi.objects.filter(tanggal=tanggal).values("instansi_id")):
        transparansi_mulai(actor=None, instansi=instansi, tanggal=tanggal)
        dibuat += 1
    return dibuat
