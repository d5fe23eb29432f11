"""Pairs: create (one or many), check, activate, edit, end. The only code that writes PasanganMentoring.

Every service that writes takes the acting user as ``actor`` and refuses (PermissionDenied) what
``mentoring.access`` does not allow them."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from pelatihan.services.evaluasi_pasca import tambah_bulan
from pembinaan import referensi as ref
from pembinaan.models import Pegawai
from pembinaan.selectors import peta_induk_unit
from pembinaan.services.notifikasi import notifikasi_queue_many

from .. import access, kecocokan, selectors
from ..models import JenisMentoring, PasanganMentoring, PengaturanMentoring

PS = PasanganMentoring.Status


class PerluKonfirmasi(ValidationError):
    """The pair is possible but HR has to confirm the warnings first."""

    def __init__(self, peringatan):
        super().__init__(peringatan)
        self.peringatan = list(peringatan)


def _rencana(instansi_id, mulai=None, selesai=None):
    """The planned dates, defaulting to today and the instansi's usual length; the end not before the start."""
    mulai = mulai or timezone.localdate()
    selesai = selesai or tambah_bulan(mulai, PengaturanMentoring.untuk(instansi_id).durasi_bulan)
    if selesai < mulai:
        raise ValidationError({"rencana_selesai": "Rencana selesai tidak boleh sebelum rencana mulai."})
    return mulai, selesai


def periksa(*, mentor, mentee, jenis, instansi, kecuali=None, induk=None, beban=None):
    """(errors, warnings) for a pair. Errors block; warnings need HR's confirmation."""
    errors = []
    if mentor.pk == mentee.pk:
        errors.append("Mentor dan mentee tidak boleh orang yang sama.")
    for orang, peran in ((mentor, "Mentor"), (mentee, "Mentee")):
        if orang.instansi_id != instansi.pk:
            errors.append(f"{peran} {orang.nama} bukan pegawai {instansi.nama}.")
        elif orang.status != ref.StatusPegawai.AKTIF:
            errors.append(f"{peran} {orang.nama} berstatus {orang.get_status_display().lower()}, bukan aktif.")
    terbuka = PasanganMentoring.objects.filter(mentee=mentee, jenis=jenis, status__in=[PS.USULAN, PS.AKTIF])
    if kecuali is not None:
        terbuka = terbuka.exclude(pk=kecuali.pk)
    if terbuka.exists():
        errors.append(f"{mentee.nama} sudah punya pasangan {JenisMentoring(jenis).label} yang aktif atau diusulkan.")
    if errors:
        return errors, []
    if beban is None:
        beban = selectors.beban_mentor([mentor.pk]).get(mentor.pk, 0)
        if kecuali is not None and kecuali.status == PS.AKTIF and kecuali.mentor_id == mentor.pk:
            beban -= 1
    warnings = kecocokan.peringatan(
        kecocokan.Profil.dari(mentor), kecocokan.Profil.dari(mentee), jenis=jenis, beban=beban,
        kapasitas=PengaturanMentoring.untuk(instansi.pk).kapasitas_mentor,
        induk=induk if induk is not None else peta_induk_unit(instansi.pk))
    return errors, warnings


def _notify(pasangan_list, judul, isi_fn, jenis):
    items = []
    for p in pasangan_list:
        for orang in (p.mentor, p.mentee):
            if orang.user_id:
                items.append(dict(penerima=orang.user, jenis=jenis, kunci=f"pasangan-{p.pk}", judul=judul,
                                  isi=isi_fn(p, orang), instansi_id=p.instansi_id,
                                  tautan=reverse("mentoring:pasangan-detail", args=[p.pk])))
    notifikasi_queue_many(items)


def _isi_aktif(p, orang):
    if orang.pk == p.mentor_id:
        return (f"Anda ditetapkan sebagai mentor {p.mentee.nama} ({p.get_jenis_display()}) sampai "
                f"{p.rencana_selesai:%d-%m-%Y}. Catat setiap sesi bimbingan di aplikasi.")
    return (f"{p.mentor.nama} ditetapkan sebagai mentor Anda ({p.get_jenis_display()}) sampai "
            f"{p.rencana_selesai:%d-%m-%Y}. Catat setiap sesi bimbingan di aplikasi.")


def _cek_instansi(actor, instansi):
    if not access.can_manage_instansi(actor, instansi):
        raise PermissionDenied


def _cek_pasangan(actor, pasangan):
    if not access.can_manage_pasangan(actor, pasangan):
        raise PermissionDenied


def _lock(*pegawai):
    """Lock the employees involved (serialises capacity checks and 'one open pair' checks)."""
    ids = sorted({p.pk for p in pegawai})
    list(Pegawai.objects.select_for_update().filter(pk__in=ids).values_list("pk", flat=True))


@transaction.atomic
def pasangan_create(*, actor, instansi, mentor, mentee, jenis, tujuan="", rencana_mulai=None, rencana_selesai=None,
                    aktif=True, konfirmasi=False):
    """Create one pair. Raises ValidationError on errors and PerluKonfirmasi when warnings are not yet
    confirmed (``konfirmasi=True`` records them on the pair)."""
    _cek_instansi(actor, instansi)
    _lock(mentor, mentee)
    errors, warnings = periksa(mentor=mentor, mentee=mentee, jenis=jenis, instansi=instansi)
    if errors:
        raise ValidationError(errors)
    if warnings and not konfirmasi:
        raise PerluKonfirmasi(warnings)
    mulai, selesai = _rencana(instansi.pk, rencana_mulai, rencana_selesai)
    try:
        with transaction.atomic():
            pasangan = PasanganMentoring.objects.create(
                instansi=instansi, mentor=mentor, mentee=mentee, jenis=jenis, tujuan=tujuan, rencana_mulai=mulai,
                rencana_selesai=selesai, status=PS.AKTIF if aktif else PS.USULAN, peringatan=warnings,
                dibuat_oleh=actor)
    except IntegrityError as exc:  # a concurrent request made the same pair first
        raise ValidationError(f"{mentee.nama} sudah punya pasangan {JenisMentoring(jenis).label} yang aktif.") from exc
    if aktif:
        _notify([pasangan], "Pasangan mentoring baru", _isi_aktif, "mentoring_pasangan")
    return pasangan


@transaction.atomic
def pasangan_update(*, actor, pasangan, tujuan, rencana_mulai, rencana_selesai):
    """Goals and dates can change at any time while the pair is open; the people cannot (end it and make a
    new one, so the history of who mentored whom stays true)."""
    _cek_pasangan(actor, pasangan)
    if not pasangan.terbuka:
        raise ValidationError("Pasangan yang sudah berakhir tidak dapat diubah.")
    _rencana(pasangan.instansi_id, rencana_mulai, rencana_selesai)
    pasangan.tujuan, pasangan.rencana_mulai, pasangan.rencana_selesai = tujuan, rencana_mulai, rencana_selesai
    pasangan.save(update_fields=["tujuan", "rencana_mulai", "rencana_selesai", "diubah"])
    return pasangan


@transaction.atomic
def pasangan_activate(*, actor, pasangan, konfirmasi=False):
    _cek_pasangan(actor, pasangan)
    pasangan = PasanganMentoring.objects.select_for_update(of=("self",)).select_related(
        "mentor__jabatan", "mentee__jabatan", "instansi").get(pk=pasangan.pk)
    if pasangan.status != PS.USULAN:
        raise ValidationError("Hanya pasangan berstatus usulan yang dapat diaktifkan.")
    _lock(pasangan.mentor, pasangan.mentee)
    errors, warnings = periksa(mentor=pasangan.mentor, mentee=pasangan.mentee, jenis=pasangan.jenis,
                               instansi=pasangan.instansi, kecuali=pasangan)
    if errors:
        raise ValidationError(errors)
    baru = [w for w in warnings if w not in pasangan.peringatan]
    if baru and not konfirmasi:
        raise PerluKonfirmasi(baru)
    pasangan.status = PS.AKTIF
    pasangan.peringatan = list(dict.fromkeys([*pasangan.peringatan, *warnings]))
    pasangan.save(update_fields=["status", "peringatan", "diubah"])
    _notify([pasangan], "Pasangan mentoring aktif", _isi_aktif, "mentoring_pasangan")
    return pasangan


def _akhiri(pasangan, *, dari, status, kolom, teks, galat_status, galat_teks):
    pasangan = PasanganMentoring.objects.select_for_update().get(pk=pasangan.pk)
    if pasangan.status not in dari:
        raise ValidationError(galat_status)
    if not (teks or "").strip():
        raise ValidationError(galat_teks)  # plain: the caller's form names its own field
    pasangan.status, pasangan.diakhiri_pada = status, timezone.now()
    setattr(pasangan, kolom, teks.strip())
    pasangan.save(update_fields=["status", kolom, "diakhiri_pada", "diubah"])
    return pasangan


@transaction.atomic
def pasangan_finish(*, actor, pasangan, ringkasan):
    """End an active pair with its closing summary."""
    _cek_pasangan(actor, pasangan)
    return _akhiri(pasangan, dari=(PS.AKTIF,), status=PS.SELESAI, kolom="ringkasan_penutup", teks=ringkasan,
                   galat_status="Hanya pasangan aktif yang dapat diselesaikan.",
                   galat_teks="Ringkasan penutup wajib diisi.")


@transaction.atomic
def pasangan_cancel(*, actor, pasangan, alasan):
    """Cancel a proposed or active pair. Sessions already confirmed keep their JP (they happened)."""
    _cek_pasangan(actor, pasangan)
    return _akhiri(pasangan, dari=(PS.USULAN, PS.AKTIF), status=PS.DIBATALKAN, kolom="alasan_batal", teks=alasan,
                   galat_status="Pasangan ini sudah berakhir.", galat_teks="Alasan pembatalan wajib diisi.")


# ----------------------------------------------------------------------------------------- many at once

@transaction.atomic
def pasangan_bulk_create(*, actor, instansi, jenis, mentee_ids, mentor_pratinjau=None, tujuan="",
                         rencana_mulai=None, rencana_selesai=None):
    """Create the pairs HR confirmed on the preview, all or nothing: if any of them can no longer be made
    (someone paired them meanwhile, a mentee left, the atasan changed from the mentor HR saw — ``mentor_pratinjau``
    maps mentee id to that mentor id), nothing is written and the rows are named."""
    _cek_instansi(actor, instansi)
    ids = sorted(set(mentee_ids))
    qs = (Pegawai.objects.select_for_update(of=("self",)).filter(pk__in=ids, instansi=instansi)
          .select_related("jabatan", "atasan__jabatan", "unit_kerja").order_by("nama", "pk"))
    rows = selectors.pasangan_bulk_preview(instansi=instansi, jenis=jenis, mentee_qs=qs)
    hilang = set(ids) - {r.mentee.pk for r in rows}
    if mentor_pratinjau:
        for r in rows:
            if r.bisa and mentor_pratinjau.get(r.mentee.pk) != r.mentor.pk:
                r.errors.append(f"Atasan langsung berubah sejak pratinjau (kini {r.mentor.nama}).")
    salah = [f"{r.mentee.nama} ({r.mentee.nip}): {' '.join(r.errors)}" for r in rows if not r.bisa]
    if hilang or salah:
        raise ValidationError(["Tidak ada pasangan yang dibuat; data berubah sejak pratinjau.", *salah]
                              + ([f"{len(hilang)} pegawai tidak ditemukan."] if hilang else []))
    mulai, selesai = _rencana(instansi.pk, rencana_mulai, rencana_selesai)
    try:
        with transaction.atomic():
            baru = PasanganMentoring.objects.bulk_create([
                PasanganMentoring(instansi=instansi, mentor=r.mentor, mentee=r.mentee, jenis=jenis, tujuan=tujuan,
                                  rencana_mulai=mulai, rencana_selesai=selesai, status=PS.AKTIF,
                                  peringatan=r.warnings, dibuat_oleh=actor)
                for r in rows], batch_size=500)
    except IntegrityError as exc:
        raise ValidationError("Tidak ada pasangan yang dibuat: sebagian pegawai baru saja dipasangkan. "
                              "Muat ulang pratinjau.") from exc
    _notify(baru, "Pasangan mentoring baru", _isi_aktif, "mentoring_pasangan")
    return baru
