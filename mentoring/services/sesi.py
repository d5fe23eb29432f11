"""Sessions: log, edit, confirm, reject, withdraw; their JP in the ledger; the B.1.8 and B.1.9 forms.

JP rule (configurable per instansi, PengaturanMentoring): a confirmed session earns
floor(minutes / menit_per_jp) JP, and a mentee earns at most ``batas_jp_bulanan`` mentoring JP per calendar
month. The month is recomputed as a whole whenever one of its sessions is confirmed or withdrawn (sessions
in date order, earliest first), so withdrawing an early session lets a later one earn what it had been
capped out of. Every confirmed session has exactly one ledger row (the ledger's unique source column), also
when it earns 0 JP — the page says why.

Who may act is decided in mentoring.access. Every service takes the acting user as ``actor``. The party services
(log, correct, confirm, reject, B.1.8, B.1.9) act as the mentor or the mentee: the actor's own employee record
(``pembinaan.access.pegawai_saya``) is the party, and a user without one (HR, pimpinan, a superadmin, an account
not linked to an employee) is refused with PermissionDenied like any outsider. ``sesi_withdraw`` asks
``access.can_withdraw_sesi`` on the user, because HR of the instansi may withdraw too.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pelatihan.services import jp as ledger
from pembinaan.models import Pegawai
from pembinaan.services.notifikasi import notifikasi_queue

from .. import access
from ..models import (
    PERNYATAAN_B18,
    EvaluasiKompetensiMentee,
    ItemEvaluasiKompetensi,
    PasanganMentoring,
    PengaturanMentoring,
    SesiMentoring,
    UmpanBalikBimbingan,
)

SS = SesiMentoring.Status
PS = PasanganMentoring.Status
FIELDS = ("tanggal", "durasi_menit", "topik", "catatan", "tindak_lanjut")


def pihak_lain(pasangan, pegawai):
    return pasangan.mentee if pegawai.pk == pasangan.mentor_id else pasangan.mentor


def _cek(boleh):
    if not boleh:
        raise PermissionDenied


def _pihak(actor):
    """The acting user's employee record: the mentor or mentee they act as. No record: refused."""
    pegawai = access.pegawai_saya(actor)
    if pegawai is None:
        raise PermissionDenied
    return pegawai


def _cek_tanggal(pasangan, tanggal):
    if tanggal > timezone.localdate():
        raise ValidationError({"tanggal": "Tanggal sesi tidak boleh di masa depan: catat sesi setelah terlaksana."})
    if tanggal < pasangan.rencana_mulai:
        raise ValidationError({"tanggal": f"Tanggal sesi sebelum pasangan dimulai "
                                          f"({pasangan.rencana_mulai:%d-%m-%Y})."})


def _kabari(penerima, *, pasangan, jenis, kunci, judul, isi):
    if penerima.user_id:
        notifikasi_queue(penerima=penerima.user, jenis=jenis, kunci=kunci, judul=judul, isi=isi,
                         tautan=reverse("mentoring:pasangan-detail", args=[pasangan.pk]), instansi=pasangan.instansi)


@transaction.atomic
def sesi_create(*, actor, pasangan, data):
    """The mentor or the mentee logs a session of an active pair; the other side is asked to confirm."""
    pegawai = _pihak(actor)
    _cek(access.pihak_can_log(pegawai, pasangan))
    if pasangan.status != PS.AKTIF:
        raise ValidationError("Sesi hanya dapat dicatat pada pasangan yang aktif.")
    _cek_tanggal(pasangan, data["tanggal"])
    sesi = SesiMentoring.objects.create(pasangan=pasangan, penulis=pegawai, **{k: data[k] for k in FIELDS if k in data})
    lain = pihak_lain(pasangan, pegawai)
    _kabari(lain, pasangan=pasangan, jenis="mentoring_konfirmasi", kunci=f"sesi-{sesi.pk}",
            judul="Konfirmasi sesi mentoring",
            isi=f"{pegawai.nama} mencatat sesi mentoring {sesi.tanggal:%d-%m-%Y} ({sesi.durasi_menit} menit): "
                f"{sesi.topik}. Mohon konfirmasi.")
    return sesi


@transaction.atomic
def sesi_update(*, actor, sesi, data):
    """The author corrects a session while it waits for confirmation."""
    pegawai = _pihak(actor)
    sesi = SesiMentoring.objects.select_for_update().select_related("pasangan").get(pk=sesi.pk)
    _cek(access.pihak_can_edit_sesi(pegawai, sesi))
    if sesi.status != SS.MENUNGGU:
        raise ValidationError("Sesi yang sudah dikonfirmasi, ditolak atau ditarik tidak dapat diubah.")
    _cek_tanggal(sesi.pasangan, data["tanggal"])
    for k in FIELDS:
        setattr(sesi, k, data[k])
    sesi.save()
    return sesi


@transaction.atomic
def sesi_confirm(*, actor, sesi):
    """The other side confirms: the session is credited to the mentee (the month recomputed)."""
    pegawai = _pihak(actor)
    sesi = SesiMentoring.objects.select_for_update().select_related("pasangan").get(pk=sesi.pk)
    pasangan = sesi.pasangan
    _cek(access.pihak_can_log(pegawai, pasangan))
    if not access.pihak_can_decide_sesi(pegawai, sesi):
        raise ValidationError("Sesi dikonfirmasi oleh pihak lain, bukan oleh pencatatnya.")
    if sesi.status != SS.MENUNGGU:
        raise ValidationError(f"Sesi ini sudah {sesi.get_status_display().lower()}.")
    if pasangan.status == PS.DIBATALKAN:
        raise ValidationError("Pasangan ini sudah dibatalkan.")
    sesi.status, sesi.diputus_oleh, sesi.diputus_pada = SS.DIKONFIRMASI, pegawai, timezone.now()
    sesi.save(update_fields=["status", "diputus_oleh", "diputus_pada", "diubah"])
    jp_bulan_hitung_ulang(mentee_id=pasangan.mentee_id, tahun=sesi.tanggal.year, bulan=sesi.tanggal.month)
    return sesi


@transaction.atomic
def sesi_reject(*, actor, sesi, alasan):
    pegawai = _pihak(actor)
    sesi = SesiMentoring.objects.select_for_update().select_related("pasangan").get(pk=sesi.pk)
    _cek(access.pihak_can_log(pegawai, sesi.pasangan))
    if not access.pihak_can_decide_sesi(pegawai, sesi):
        raise ValidationError("Pencatat sesi tidak dapat menolaknya; tarik sesi bila salah catat.")
    if sesi.status != SS.MENUNGGU:
        raise ValidationError(f"Sesi ini sudah {sesi.get_status_display().lower()}.")
    if not (alasan or "").strip():
        raise ValidationError({"alasan": "Alasan penolakan wajib diisi."})
    sesi.status, sesi.alasan_tolak = SS.DITOLAK, alasan.strip()
    sesi.diputus_oleh, sesi.diputus_pada = pegawai, timezone.now()
    sesi.save(update_fields=["status", "alasan_tolak", "diputus_oleh", "diputus_pada", "diubah"])
    _kabari(sesi.penulis, pasangan=sesi.pasangan, jenis="mentoring_ditolak", kunci=f"sesi-{sesi.pk}",
            judul="Sesi mentoring ditolak",
            isi=f"{pegawai.nama} menolak sesi {sesi.tanggal:%d-%m-%Y} ({sesi.topik}): {sesi.alasan_tolak}")
    return sesi


@transaction.atomic
def sesi_withdraw(*, actor, sesi):
    """The author (or HR of the pair's instansi, for a session recorded by mistake) withdraws a session; its JP is
    reversed. ``actor``: the acting user (access.can_withdraw_sesi)."""
    sesi = SesiMentoring.objects.select_for_update().select_related("pasangan").get(pk=sesi.pk)
    _cek(access.can_withdraw_sesi(actor, sesi))
    if sesi.status not in (SS.MENUNGGU, SS.DIKONFIRMASI):
        raise ValidationError(f"Sesi ini sudah {sesi.get_status_display().lower()}.")
    dikonfirmasi = sesi.status == SS.DIKONFIRMASI
    sesi.status, sesi.ditarik_pada = SS.DITARIK, timezone.now()
    sesi.save(update_fields=["status", "ditarik_pada", "diubah"])
    if dikonfirmasi:
        jp_bulan_hitung_ulang(mentee_id=sesi.pasangan.mentee_id, tahun=sesi.tanggal.year, bulan=sesi.tanggal.month)
    return sesi


def jp_sesi(durasi_menit, aturan):
    return durasi_menit // aturan.menit_per_jp


@transaction.atomic
def jp_bulan_hitung_ulang(*, mentee_id, tahun, bulan):
    """Bring the ledger in line with the mentee's confirmed sessions of one month (idempotent).

    The mentee's row is locked first, so two confirmations for the same mentee never allocate the monthly
    cap twice."""
    mentee = Pegawai.objects.select_for_update().get(pk=mentee_id)
    aturan = PengaturanMentoring.untuk(mentee.instansi_id)
    awal = date(tahun, bulan, 1)
    akhir = date(tahun + bulan // 12, bulan % 12 + 1, 1)
    sesi_bulan = list(SesiMentoring.objects.filter(pasangan__mentee_id=mentee_id, tanggal__gte=awal,
                                                   tanggal__lt=akhir).select_related("pasangan")
                      .order_by("tanggal", "id"))
    sisa = aturan.batas_jp_bulanan
    for sesi in sesi_bulan:
        if sesi.status != SS.DIKONFIRMASI:
            ledger.kredit_reverse(sesi_mentoring=sesi)
            continue
        penuh = jp_sesi(sesi.durasi_menit, aturan)
        jp = min(penuh, sisa)
        sisa -= jp
        ket = f"Mentoring: {sesi.topik} ({sesi.durasi_menit} menit, {sesi.pasangan.mentor.nama})"
        if jp < penuh:
            ket = f"{ket} – batas {aturan.batas_jp_bulanan} JP mentoring per bulan"
        ledger.kredit_set(pegawai_id=mentee_id, tanggal=sesi.tanggal, jp=jp, keterangan=ket, sesi_mentoring=sesi)


# ------------------------------------------------------------------------------------------ B.1.8 / B.1.9

@transaction.atomic
def umpan_balik_save(*, actor, sesi, jawaban, komentar=""):
    """B.1.8: the mentee's feedback on a confirmed session (one per session; it can be revised)."""
    pegawai = _pihak(actor)
    _cek(access.pihak_can_fill_b18(pegawai, sesi))
    if sesi.status != SS.DIKONFIRMASI:
        raise ValidationError("Umpan balik diisi untuk sesi yang sudah dikonfirmasi.")
    kunci = [k for k, _ in PERNYATAAN_B18]
    if set(jawaban) != set(kunci) or any(jawaban[k] not in (1, 2, 3, 4, 5) for k in kunci):
        raise ValidationError("Setiap pernyataan wajib dijawab dengan skala 1–5.")
    obj, _ = UmpanBalikBimbingan.objects.update_or_create(
        sesi=sesi, defaults={"jawaban": {k: jawaban[k] for k in kunci}, "komentar": komentar.strip()})
    return obj


@transaction.atomic
def evaluasi_kompetensi_create(*, actor, pasangan, tanggal, catatan, item):
    """B.1.9: the mentor scores the mentee's competencies 1–5, each with a reason.

    ``item``: [(Kompetensi, skor, alasan)], at least one, each competency once."""
    pegawai = _pihak(actor)
    _cek(access.pihak_can_fill_b19(pegawai, pasangan))
    if pasangan.status == PS.DIBATALKAN or pasangan.status == PS.USULAN:
        raise ValidationError("Evaluasi kompetensi diisi untuk pasangan yang aktif atau selesai.")
    if tanggal > timezone.localdate():
        raise ValidationError({"tanggal": "Tanggal evaluasi tidak boleh di masa depan."})
    if not item:
        raise ValidationError("Isi paling sedikit satu kompetensi.")
    seen = set()
    for kompetensi, skor, alasan in item:
        if kompetensi.pk in seen:
            raise ValidationError(f"Kompetensi {kompetensi.nama} diisi lebih dari sekali.")
        seen.add(kompetensi.pk)
        if skor not in (1, 2, 3, 4, 5) or not (alasan or "").strip():
            raise ValidationError(f"{kompetensi.nama}: skor 1–5 dan alasannya wajib diisi.")
    ev = EvaluasiKompetensiMentee.objects.create(pasangan=pasangan, penilai=pegawai, tanggal=tanggal,
                                                 catatan=(catatan or "").strip())
    ItemEvaluasiKompetensi.objects.bulk_create([
        ItemEvaluasiKompetensi(evaluasi=ev, kompetensi=k, skor=s, alasan=a.strip()) for k, s, a in item])
    return ev
