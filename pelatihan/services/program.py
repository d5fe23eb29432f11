"""Writes on the training catalogue: programmes, sessions, participants and completion."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from pembinaan import access as base
from pembinaan.services import notifikasi_queue

from .. import access
from ..models import Kehadiran, Mitra, Narasumber, Peserta, ProgramPelatihan, SesiPelatihan
from . import jp as ledger

S = ProgramPelatihan.Status


def _program_for_manage(actor, program):
    if not access.program_manage_scope(actor).filter(pk=program.pk).exists():
        raise PermissionDenied
    return ProgramPelatihan.objects.select_for_update().get(pk=program.pk)


@transaction.atomic
def mitra_create(*, actor, nama, jenis, kontak=""):
    """HR adds a training partner to their instansi's list; a name already there is refused (the form keeps it)."""
    if not access.can_manage(actor):
        raise PermissionDenied
    instansi = base.instansi_for_write(actor)
    if Mitra.objects.filter(instansi=instansi, nama=nama).exists():
        raise ValidationError(f"Mitra '{nama}' sudah ada.")
    return Mitra.objects.create(instansi=instansi, nama=nama, jenis=jenis, kontak=kontak)


@transaction.atomic
def program_save(*, actor, data, program=None, penyelenggara_baru="", jenis_penyelenggara_baru=""):
    """Create (``program`` None) or change a programme from plain field values (``data``: the programme's fields,
    e.g. judul, bentuk, penyelenggara, jp). ``penyelenggara_baru``: a penyelenggara typed by name, used instead of
    ``data["penyelenggara"]``: an existing Mitra of the instansi with that name (any case), else a new one."""
    if program is not None and program.pk:
        program = _program_for_manage(actor, program)
    else:
        if not access.can_manage(actor):
            raise PermissionDenied
        program = ProgramPelatihan(instansi=base.instansi_for_write(actor))
    for nama_field, nilai in data.items():
        setattr(program, nama_field, nilai)
    nama = " ".join((penyelenggara_baru or "").split())
    if nama:
        mitra = Mitra.objects.filter(instansi=program.instansi, nama__iexact=nama).first()
        if mitra is None:
            jenis = jenis_penyelenggara_baru if jenis_penyelenggara_baru in Mitra.Jenis.values else Mitra.Jenis.LAINNYA
            mitra = Mitra.objects.create(instansi=program.instansi, nama=nama, jenis=jenis)
        program.penyelenggara = mitra
    if program.penyelenggara_id is None or program.penyelenggara.instansi_id != program.instansi_id:
        raise PermissionDenied
    if program.rencana_item_id is not None:  # issue 11 §4: only a line of the instansi's set plan
        from ..selectors.realisasi import item_rencana_pilihan

        if not item_rencana_pilihan(instansi=program.instansi).filter(pk=program.rencana_item_id).exists():
            raise ValidationError({"rencana_item": "Item rencana harus dari rencana instansi ini yang sudah "
                                                   "ditetapkan."})
    program.save()
    return program


@transaction.atomic
def sesi_save(*, actor, program, data, sesi=None, narasumber=(), narasumber_baru=()):
    """Create (``sesi`` None) or change a session from plain field values (``data``: tanggal, jam_mulai,
    jam_selesai, topik, tempat, tautan). ``narasumber``: the instansi's speakers chosen; ``narasumber_baru``:
    (nama, asal) pairs of speakers typed in, added to the instansi's list when not there yet."""
    program = _program_for_manage(actor, program)
    if program.status in (S.SELESAI, S.BATAL):
        raise ValidationError("Program yang sudah selesai atau batal tidak dapat diubah sesinya.")
    sesi = SesiPelatihan() if sesi is None else SesiPelatihan.objects.get(pk=sesi.pk, program=program)
    for nama_field, nilai in data.items():
        setattr(sesi, nama_field, nilai)
    sesi.program = program
    sesi.save()
    if any(n.instansi_id != program.instansi_id for n in narasumber):
        raise PermissionDenied
    sesi.narasumber.set(narasumber)
    for nama, asal in narasumber_baru or []:
        orang, _ = Narasumber.objects.get_or_create(instansi=program.instansi, nama=nama, defaults={"asal": asal})
        sesi.narasumber.add(orang)
    return sesi


@transaction.atomic
def program_publish(*, actor, program):
    program = _program_for_manage(actor, program)
    if program.status != S.DRAFT:
        raise ValidationError("Hanya program berstatus draf yang dapat dibuka.")
    if not program.sesi.exists():
        raise ValidationError("Tambahkan minimal satu sesi sebelum membuka program.")
    program.status = S.DIBUKA
    program.save(update_fields=["status"])
    return program


@transaction.atomic
def program_cancel(*, actor, program, alasan):
    program = _program_for_manage(actor, program)
    if program.status in (S.SELESAI, S.BATAL):
        raise ValidationError("Program ini sudah selesai atau batal.")
    if not (alasan or "").strip():
        raise ValidationError("Alasan pembatalan wajib diisi.")
    program.status = S.BATAL
    program.alasan_batal = alasan.strip()
    program.save(update_fields=["status", "alasan_batal"])
    for p in program.peserta.filter(status=Peserta.Status.TERDAFTAR).select_related("pegawai__user"):
        if p.pegawai.user_id:
            notifikasi_queue(penerima=p.pegawai.user, instansi=program.instansi, jenis="program_batal",
                             kunci=f"program:{program.pk}", judul=f"Pelatihan dibatalkan: {program.judul}",
                             isi=f"Pelatihan {program.judul} dibatalkan. Alasan: {program.alasan_batal}",
                             tautan=reverse("pelatihan:program-detail", args=[program.pk]))
    return program


def _terisi(program):
    return program.peserta.filter(status__in=[Peserta.Status.TERDAFTAR, Peserta.Status.LULUS,
                                              Peserta.Status.TIDAK_LULUS]).count()


@transaction.atomic
def peserta_add(*, actor, program, pegawai, sumber):
    """Nominate (HR or atasan) or self-register. Beyond the quota the participant joins the waiting list."""
    program = ProgramPelatihan.objects.select_for_update().get(pk=program.pk)
    if sumber == Peserta.Sumber.MANDIRI:
        if not access.can_self_register(actor, program, pegawai):
            raise PermissionDenied
    elif not access.nominasi_pegawai_scope(actor).filter(pk=pegawai.pk).exists() or \
            program.instansi_id != pegawai.instansi_id:
        raise PermissionDenied
    if sumber == Peserta.Sumber.HR and not access.can_manage(actor):
        raise PermissionDenied
    if program.status not in (S.DIBUKA, S.BERJALAN) and not (access.can_manage(actor) and program.status == S.DRAFT):
        raise ValidationError("Pendaftaran program ini tidak dibuka.")
    existing = Peserta.objects.filter(program=program, pegawai=pegawai).first()
    if existing and existing.status != Peserta.Status.MUNDUR:
        raise ValidationError(f"{pegawai.nama} sudah terdaftar di program ini ({existing.get_status_display()}).")
    status = Peserta.Status.TERDAFTAR if _terisi(program) < program.kuota else Peserta.Status.DAFTAR_TUNGGU
    if existing:
        existing.status, existing.sumber, existing.diusulkan_oleh = status, sumber, actor
        existing.save(update_fields=["status", "sumber", "diusulkan_oleh"])
        peserta = existing
    else:
        peserta = Peserta.objects.create(program=program, pegawai=pegawai, status=status, sumber=sumber,
                                         diusulkan_oleh=actor)
    if pegawai.user_id and sumber != Peserta.Sumber.MANDIRI:
        notifikasi_queue(penerima=pegawai.user, instansi=program.instansi, jenis="nominasi_pelatihan",
                         kunci=f"peserta:{peserta.pk}", judul=f"Anda diikutkan pada {program.judul}",
                         isi=f"Anda terdaftar sebagai peserta {program.judul}"
                             + (" (daftar tunggu)." if status == Peserta.Status.DAFTAR_TUNGGU else "."),
                         tautan=reverse("pelatihan:program-detail", args=[program.pk]))
    return peserta


@transaction.atomic
def peserta_add_many(*, actor, program, pegawai, sumber):
    """Nominate several people in one go, in the order given, each through ``peserta_add`` (its rules: scope,
    status of the programme, quota then waiting list, notification). Partial on purpose: one who cannot be
    added (already registered, out of scope) does not hold back the others, and is reported with the reason.
    Returns (added Peserta list, [(pegawai, message)])."""
    added, refused = [], []
    for orang in pegawai:
        try:
            added.append(peserta_add(actor=actor, program=program, pegawai=orang, sumber=sumber))
        except ValidationError as exc:
            refused.append((orang, " ".join(exc.messages)))
        except PermissionDenied:
            refused.append((orang, "tidak dapat Anda usulkan untuk program ini."))
    return added, refused


@transaction.atomic
def peserta_withdraw(*, actor, peserta):
    """The participant (or HR) withdraws; the first on the waiting list takes the place."""
    peserta = Peserta.objects.select_for_update(of=("self",)).select_related("program", "pegawai").get(pk=peserta.pk)
    if not access.can_withdraw_peserta(actor, peserta):
        raise PermissionDenied
    if peserta.status not in (Peserta.Status.TERDAFTAR, Peserta.Status.DAFTAR_TUNGGU):
        raise ValidationError("Peserta ini tidak dapat mengundurkan diri lagi.")
    had_place = peserta.status == Peserta.Status.TERDAFTAR
    peserta.status = Peserta.Status.MUNDUR
    peserta.save(update_fields=["status"])
    if had_place:
        nxt = (Peserta.objects.select_for_update(of=("self",))
               .filter(program=peserta.program, status=Peserta.Status.DAFTAR_TUNGGU)
               .order_by("dibuat", "id").select_related("pegawai__user").first())
        if nxt is not None:
            nxt.status = Peserta.Status.TERDAFTAR
            nxt.save(update_fields=["status"])
            if nxt.pegawai.user_id:
                notifikasi_queue(penerima=nxt.pegawai.user, instansi=peserta.program.instansi,
                                 jenis="naik_daftar_tunggu", kunci=f"peserta:{nxt.pk}",
                                 judul=f"Anda mendapat tempat di {peserta.program.judul}",
                                 isi="Seorang peserta mengundurkan diri; Anda kini terdaftar sebagai peserta.",
                                 tautan=reverse("pelatihan:program-detail", args=[peserta.program.pk]))
    return peserta


@transaction.atomic
def nilai_set(*, actor, peserta, pre=None, post=None):
    if not access.peserta_manage_scope(actor).filter(pk=peserta.pk).exists():
        raise PermissionDenied
    Peserta.objects.filter(pk=peserta.pk).update(nilai_pre_test=pre, nilai_post_test=post)


@transaction.atomic
def program_close(*, actor, program):
    """Close a programme: apply the completion rule to every participant, credit JP, issue certificates.

    Rule: attendance (hadir) of at least ``ambang_kehadiran`` % of the sessions, and — when the programme
    uses one — a post-test score of at least ``nilai_lulus``. Passing participants get one ledger credit
    (dated the last session) and a certificate; the others get none (a credit from an earlier close is
    reversed). Idempotent: closing again recomputes the same result.
    """
    program = _program_for_manage(actor, program)
    if program.status == S.BATAL:
        raise ValidationError("Program yang batal tidak dapat diselesaikan.")
    sesi = list(program.sesi.order_by("tanggal", "jam_mulai"))
    if not sesi:
        raise ValidationError("Program tanpa sesi tidak dapat diselesaikan.")
    total = len(sesi)
    last_date = sesi[-1].tanggal
    last = max(sesi, key=lambda s: (s.tanggal, s.jam_selesai))
    berakhir = timezone.make_aware(datetime.datetime.combine(last.tanggal, last.jam_selesai))
    if berakhir > timezone.now():
        raise ValidationError(f"Program belum dapat diselesaikan: sesi terakhir baru berakhir "
                              f"{timezone.localtime(berakhir):%d-%m-%Y} pukul {timezone.localtime(berakhir):%H.%M}.")
    peserta = list(
        program.peserta.filter(status__in=[Peserta.Status.TERDAFTAR, Peserta.Status.LULUS, Peserta.Status.TIDAK_LULUS])
        .annotate(hadir=Count("kehadiran", filter=Q(kehadiran__status=Kehadiran.Status.HADIR)))
    )
    from .evaluasi_pasca import evaluasi_pasca_schedule
    from .sertifikat import sertifikat_issue

    lulus = 0
    for p in peserta:
        persen = round(100 * p.hadir / total)
        passed = persen >= program.ambang_kehadiran and (
            not program.pakai_post_test or (p.nilai_post_test is not None and p.nilai_post_test >= program.nilai_lulus))
        p.persen_hadir = persen
        p.status = Peserta.Status.LULUS if passed else Peserta.Status.TIDAK_LULUS
        p.save(update_fields=["persen_hadir", "status"])
        if passed:
            lulus += 1
            ledger.kredit_set(pegawai_id=p.pegawai_id, tanggal=last_date, jp=program.jp,
                              keterangan=f"{program.bentuk.nama}: {program.judul}", peserta=p)
            sertifikat_issue(peserta=p)
            evaluasi_pasca_schedule(peserta=p)
        else:
            ledger.kredit_reverse(peserta=p)
    program.status = S.SELESAI
    program.save(update_fields=["status"])
    return {"peserta": len(peserta), "lulus": lulus}
