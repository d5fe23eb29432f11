"""Reminders and escalation of open evaluation forms, written into the outbox by one daily scan.

Beat runs ``pengingat_scan`` once a day (Asia/Jakarta). For every open period it decides today's step
from the deadline and the instansi's offsets (``PengaturanPengingat``):

- H-n for n in ``hari_sebelum`` (e.g. H-7, H-3, H-1, H-0 = the deadline day): one digest per evaluator
  listing all their forms not yet submitted (jenis ``pengingat_evaluasi``, kunci ``periode:<pk>:H-<n>``);
- after the deadline, every day: an overdue digest to the evaluator (``evaluasi_terlambat``, kunci
  ``periode:<pk>:terlambat``) and, from ``eskalasi_setelah`` days late, one escalation per recipient
  (``eskalasi_evaluasi``, kunci ``periode:<pk>:eskalasi``) to the evaluator's own atasan (their
  subordinates' overdue forms) and to the HR officers of the instansi (all overdue evaluators, and the
  forms nobody evaluates). A person who is both gets one message with both parts.

The outbox's unique key (recipient, jenis, kunci, day) makes the scan idempotent: a second run the same
day, beat firing twice, or a redelivered task writes nothing new. The scan needs PostgreSQL only: with
Redis down the rows are written and go out when the outbox sweep runs again.

Queries are fixed whatever the number of forms: periods, offsets, one aggregate of open forms per
(period, evaluator), recipients, HR officers, and the batched insert (plus two counts for the summary).
"""

from collections import defaultdict
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.postgres.aggregates import ArrayAgg
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from pembinaan import access as base
from pembinaan.models import Notifikasi
from pembinaan.services.notifikasi import notifikasi_queue_many
from pembinaan.templatetags.pembinaan_tags import label_nomor

from .. import access
from ..models import Evaluasi, PengaturanPengingat, PeriodeEvaluasi

JENIS_PENGINGAT = "pengingat_evaluasi"
JENIS_TERLAMBAT = "evaluasi_terlambat"
JENIS_ESKALASI = "eskalasi_evaluasi"
JENIS_SEMUA = (JENIS_PENGINGAT, JENIS_TERLAMBAT, JENIS_ESKALASI)
HARI_SEBELUM_BAWAAN = [7, 3, 1, 0]
ESKALASI_SETELAH_BAWAAN = 1
MAKS_BARIS = 50  # lines listed in one digest; the rest is counted ("dan 12 lainnya")


def _tautan_penilai():
    """The evaluator's list of forms (an atasan reads their lagging evaluators' forms there too)."""
    return reverse("evaluasi:penilai-list")


def _tautan_periode(periode):
    """HR's overview of the period, per unit, with the late forms counted."""
    return reverse("evaluasi:periode-overview", args=[periode.pk])


_BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]
_STATUS = dict(Evaluasi.Status.choices)


def _tgl(d: date) -> str:
    return f"{d.day} {_BULAN[d.month - 1]} {d.year}"


def _daftar(baris, total=None):
    total = len(baris) if total is None else total
    teks = "\n".join(f"- {b}" for b in baris[:MAKS_BARIS])
    if total > min(len(baris), MAKS_BARIS):
        teks += f"\n- … dan {total - min(len(baris), MAKS_BARIS)} lainnya"
    return teks


def _offsets(instansi_ids):
    """``PengaturanPengingat.untuk`` for many instansi in one query (same defaults)."""
    rows = {r.instansi_id: r for r in PengaturanPengingat.objects.filter(instansi_id__in=instansi_ids)}
    hasil = {}
    for inst in instansi_ids:
        row = rows.get(inst)
        if row is None:
            hasil[inst] = (set(HARI_SEBELUM_BAWAAN), ESKALASI_SETELAH_BAWAAN)
        else:
            hari = {int(h) for h in (row.hari_sebelum or HARI_SEBELUM_BAWAAN) if int(h) >= 0}
            hasil[inst] = (hari, row.eskalasi_setelah)
    return hasil


def _langkah(periode, offsets, today):
    """Today's step of a period: ("sebelum", n), ("terlambat", days late, escalate?) or None."""
    hari_sebelum, eskalasi_setelah = offsets
    sisa = (periode.tenggat - today).days
    if sisa >= 0:
        return ("sebelum", sisa, False) if sisa in hari_sebelum else None
    return ("terlambat", -sisa, -sisa >= max(eskalasi_setelah, 1))


def pengingat_scan(*, today=None):
    """Write today's reminders and escalations of every open period into the outbox. Idempotent.

    Returns a summary: periods with a step today, evaluators reminded, escalation recipients, digests
    offered to the outbox, new rows actually written, and evaluators without an active account.
    """
    today = today or timezone.localdate()
    ringkasan = dict(tanggal=today.isoformat(), periode=0, penilai=0, eskalasi=0, pesan=0, baru=0,
                     penilai_tanpa_akun=0, formulir_tanpa_penilai=0)
    periode, langkah = _periode_hari_ini(today)
    ringkasan["periode"] = len(periode)
    if not periode:
        return ringkasan
    kelompok = _kelompok(periode)
    if not kelompok:
        return ringkasan
    users, hr = _penerima(kelompok, periode, langkah)
    items, eskalasi, terlambat, tanpa_penilai = _pesan_penilai_semua(kelompok, periode, langkah, users, ringkasan,
                                                                     today)
    _eskalasi_hr(eskalasi, terlambat, periode, langkah, hr)
    for (pk, _uid), bagian in eskalasi.items():
        items.append(_pesan_eskalasi(periode[pk], bagian, langkah[pk][1], tanpa_penilai[pk], today))
    ringkasan["eskalasi"] = len(eskalasi)
    ringkasan["pesan"] = len(items)

    hari_ini = Notifikasi.objects.filter(jenis__in=JENIS_SEMUA, tanggal=today)
    with transaction.atomic():
        sebelum = hari_ini.count()
        notifikasi_queue_many(items)
        ringkasan["baru"] = hari_ini.count() - sebelum
    return ringkasan


def _periode_hari_ini(today):
    """The open periods with a step today ({pk: periode}) and each one's step ({pk: step})."""
    periode = list(PeriodeEvaluasi.objects.filter(status=PeriodeEvaluasi.Status.DIBUKA))
    if not periode:
        return {}, {}
    offsets = _offsets({p.instansi_id for p in periode})
    langkah = {p.pk: s for p in periode if (s := _langkah(p, offsets[p.instansi_id], today)) is not None}
    return {p.pk: p for p in periode if p.pk in langkah}, langkah


def _kelompok(periode):
    """One row per (period, evaluator) with their open forms, aggregated in SQL. Forms without an
    evaluator form one group (penilai NULL): HR hears of them in the escalation."""
    return list(
        Evaluasi.objects.filter(periode_id__in=list(periode), status__in=[Evaluasi.Status.BELUM, Evaluasi.Status.DRAF])
        .values("periode_id", "penilai_id", "penilai__nama", "penilai__user_id", "penilai__atasan_id",
                "penilai__atasan__user_id")
        .annotate(jumlah=Count("id"), draf=Count("id", filter=Q(status=Evaluasi.Status.DRAF)),
                  nama=ArrayAgg("pegawai__nama", order_by=("pegawai__nama", "pegawai_id")),
                  nip=ArrayAgg("pegawai__nip", order_by=("pegawai__nama", "pegawai_id")),
                  jenis_asn=ArrayAgg("pegawai__jenis_asn", order_by=("pegawai__nama", "pegawai_id")),
                  status=ArrayAgg("status", order_by=("pegawai__nama", "pegawai_id")))
        .order_by("periode_id", "penilai__nama", "penilai_id")
    )


def _penerima(kelompok, periode, langkah):
    """The active accounts of the evaluators and (escalating periods) of their atasan, and HR per instansi."""
    user_ids = {k["penilai__user_id"] for k in kelompok} | {
        k["penilai__atasan__user_id"] for k in kelompok if langkah[k["periode_id"]][2]}
    users = get_user_model().objects.filter(pk__in=user_ids - {None}, is_active=True).only("id", "email").in_bulk()
    inst_eskalasi = {periode[pk].instansi_id for pk, s in langkah.items() if s[2]}
    hr = defaultdict(list)
    if inst_eskalasi:
        for u in (access.pengguna_hr(inst_eskalasi)
                  .only("id", "email").annotate(_instansi_id=F("petugas__instansi_id")).distinct()):
            hr[u._instansi_id].append(u)
    return users, hr


def _pesan_penilai_semua(kelompok, periode, langkah, users, ringkasan, today):
    """The evaluators' digests; the escalation parts per (period, recipient): {"bawahan": [...], "hr": [...]},
    merged later into one message per recipient; the late groups per period. Counts go into ``ringkasan``."""
    items = []
    eskalasi = defaultdict(lambda: {"bawahan": [], "hr": None})
    terlambat = defaultdict(list)
    tanpa_penilai = defaultdict(int)
    for k in kelompok:
        p = periode[k["periode_id"]]
        jenis_langkah, n, eskalasi_hari_ini = langkah[p.pk]
        if k["penilai_id"] is None:
            tanpa_penilai[p.pk] += k["jumlah"]
            ringkasan["formulir_tanpa_penilai"] += k["jumlah"]
            continue
        baris = [f"{nama} ({label_nomor(jenis)} {nip}) – {_STATUS[st].lower()}"
                 for nama, nip, jenis, st in zip(k["nama"], k["nip"], k["jenis_asn"], k["status"], strict=True)]
        penilai = users.get(k["penilai__user_id"])
        if penilai is None:
            ringkasan["penilai_tanpa_akun"] += 1
        else:
            ringkasan["penilai"] += 1
            items.append(_pesan_penilai(p, penilai, jenis_langkah, n, k, baris, today))
        if jenis_langkah == "terlambat":
            terlambat[p.pk].append(k)
            atasan = users.get(k["penilai__atasan__user_id"])
            if eskalasi_hari_ini and atasan is not None:
                eskalasi[(p.pk, atasan.pk)]["bawahan"].append(k)
                eskalasi[(p.pk, atasan.pk)]["user"] = atasan
    return items, eskalasi, terlambat, tanpa_penilai


def _eskalasi_hr(eskalasi, terlambat, periode, langkah, hr):
    """HR of the instansi get the list of every late evaluator of an escalating period."""
    for pk, daftar in terlambat.items():
        if not langkah[pk][2]:
            continue
        for u in hr[periode[pk].instansi_id]:
            eskalasi[(pk, u.pk)]["hr"] = daftar
            eskalasi[(pk, u.pk)]["user"] = u


def _pesan_penilai(p, penilai, jenis_langkah, n, k, baris, today):
    jumlah = k["jumlah"]
    if jenis_langkah == "sebelum":
        kapan = "hari ini" if n == 0 else ("besok" if n == 1 else f"{n} hari lagi")
        judul = (f"Tenggat evaluasi {p.nama} {kapan}: {jumlah} formulir belum diajukan" if n <= 1 else
                 f"Pengingat: {jumlah} formulir evaluasi {p.nama} belum diajukan")
        isi = (f"Tenggat pengisian evaluasi kinerja {p.nama} adalah {_tgl(p.tenggat)} ({kapan}). "
               f"Formulir bawahan Anda yang belum diajukan ({jumlah}):\n{_daftar(baris, jumlah)}\n\n"
               "Mohon isi dan ajukan sebelum tenggat.")
        return dict(penerima=penilai, instansi_id=p.instansi_id, jenis=JENIS_PENGINGAT,
                    kunci=f"periode:{p.pk}:H-{n}", tanggal=today, judul=judul, isi=isi, tautan=_tautan_penilai())
    judul = f"Evaluasi {p.nama} terlambat {n} hari: {jumlah} formulir belum diajukan"
    isi = (f"Tenggat pengisian evaluasi kinerja {p.nama} telah lewat pada {_tgl(p.tenggat)} ({n} hari yang lalu). "
           f"Formulir bawahan Anda yang belum diajukan ({jumlah}):\n{_daftar(baris, jumlah)}\n\n"
           "Mohon segera isi dan ajukan. Keterlambatan ini juga diberitahukan kepada atasan Anda dan "
           "pengelola kepegawaian.")
    return dict(penerima=penilai, instansi_id=p.instansi_id, jenis=JENIS_TERLAMBAT, kunci=f"periode:{p.pk}:terlambat",
                tanggal=today, judul=judul, isi=isi, tautan=_tautan_penilai())


def _baris_penilai(k):
    draf = f", {k['draf']} draf" if k["draf"] else ""
    return f"{k['penilai__nama']}: {k['jumlah']} formulir belum diajukan{draf}"


def _pesan_eskalasi(p, bagian, n, tanpa_penilai, today):
    bagian_isi = []
    total_formulir = 0
    if bagian["bawahan"]:
        jumlah = sum(k["jumlah"] for k in bagian["bawahan"])
        total_formulir = jumlah
        bagian_isi.append(f"Bawahan langsung Anda yang belum menyelesaikan penilaian ({len(bagian['bawahan'])} "
                          f"penilai, {jumlah} formulir):\n" + _daftar([_baris_penilai(k) for k in bagian["bawahan"]]))
    if bagian["hr"] is not None:
        jumlah = sum(k["jumlah"] for k in bagian["hr"])
        total_formulir = max(total_formulir, jumlah)
        teks = (f"Seluruh penilai di instansi yang terlambat ({len(bagian['hr'])} penilai, {jumlah} formulir):\n"
                + _daftar([_baris_penilai(k) for k in bagian["hr"]]))
        if tanpa_penilai:
            teks += f"\n\n{tanpa_penilai} formulir belum memiliki penilai; tetapkan penilainya."
        bagian_isi.append(teks)
    judul = f"Eskalasi: evaluasi {p.nama} terlambat {n} hari ({total_formulir} formulir)"
    isi = (f"Tenggat pengisian evaluasi kinerja {p.nama} telah lewat pada {_tgl(p.tenggat)}.\n\n"
           + "\n\n".join(bagian_isi) + "\n\nMohon tindak lanjuti agar penilaian segera diselesaikan.")
    tautan = _tautan_periode(p) if bagian["hr"] is not None else _tautan_penilai()
    return dict(penerima=bagian["user"], instansi_id=p.instansi_id, jenis=JENIS_ESKALASI,
                kunci=f"periode:{p.pk}:eskalasi", tanggal=today, judul=judul, isi=isi, tautan=tautan)


@transaction.atomic
def pengaturan_pengingat_update(*, actor, hari_sebelum, eskalasi_setelah):
    """HR stores the reminder offsets of their instansi (days before the deadline, escalation days after it)."""
    if not access.can_manage(actor):
        raise PermissionDenied
    instansi = base.instansi_for_write(actor)
    row, _ = PengaturanPengingat.objects.update_or_create(
        instansi=instansi, defaults={"hari_sebelum": list(hari_sebelum), "eskalasi_setelah": eskalasi_setelah})
    return row
