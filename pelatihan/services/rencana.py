"""Writes of the plan lines of a planning cycle (issue 11, part B): lines made from the suggested grouping (many
at once), a line edited or removed, the 20 JP exemption list, and penetapan.

Before penetapan HR changes lines freely. Penetapan (the PPK or HR delegated by them, ``access.can_tetapkan_rencana``)
locks every line and records version 1; from then on every change of a line — made, edited, removed — is a
revision: it needs a reason and is written as ``RevisiRencana`` with the next version number, its author and the
values before and after. A need taken by a line moves to ``masuk_rencana``; a need no line holds any more goes
back to ``diverifikasi``.
"""

from decimal import Decimal

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from pembinaan.models import Pegawai

from .. import access
from ..models import Kebutuhan, PengecualianJP, RencanaItem, RevisiRencana, SiklusRencana
from ..selectors import rencana as sel

TAHAP_BEBAS = (SiklusRencana.Tahap.PERSIAPAN, SiklusRencana.Tahap.PENGUMPULAN, SiklusRencana.Tahap.VERIFIKASI)
TAHAP_REVISI = (SiklusRencana.Tahap.DITETAPKAN, SiklusRencana.Tahap.BERJALAN)
FIELD_ITEM = ("nama_program", "bentuk", "jalur", "penyelenggara", "triwulan", "jp", "biaya_satuan", "sumber_dana",
              "kode_sub_kegiatan", "sesuai_kurikulum", "rujukan_kurikulum", "prioritas")


def _kelola(actor, siklus):
    if not access.can_kelola_rencana(actor, siklus):
        raise PermissionDenied


def perlu_alasan(siklus):
    """After penetapan a change is a revision: it needs a reason."""
    return siklus.versi > 0


def _periksa_tahap(siklus, alasan):
    if siklus.tahap not in TAHAP_BEBAS + TAHAP_REVISI:
        raise ValidationError("Rencana siklus yang sudah dievaluasi tidak dapat diubah lagi.")
    if perlu_alasan(siklus) and not (alasan or "").strip():
        raise ValidationError({"alasan": "Rencana sudah ditetapkan: setiap perubahan adalah revisi dan wajib diberi "
                                         "alasan."})


def _uang(nilai):
    return f"{Decimal(nilai or 0):.2f}"


def potret(item):
    """The values of a line as the history shows them (JSON-safe)."""
    return {
        "nama_program": item.nama_program, "bentuk": item.bentuk.kode, "jalur": item.get_jalur_display(),
        "penyelenggara": item.penyelenggara.nama if item.penyelenggara_id else "",
        "triwulan": item.triwulan, "jp": item.jp, "biaya_satuan": _uang(item.biaya_satuan),
        "total_biaya": _uang(item.total_biaya), "sumber_dana": item.get_sumber_dana_display(),
        "kode_sub_kegiatan": item.kode_sub_kegiatan, "sesuai_kurikulum": item.sesuai_kurikulum,
        "rujukan_kurikulum": item.rujukan_kurikulum, "prioritas": item.get_prioritas_display(),
        "kompetensi": sorted(k.nama for k in item.kompetensi.all()),
        "peserta": item.kebutuhan.values("pegawai_id").distinct().count(),
        "kebutuhan": sorted(item.kebutuhan.values_list("pk", flat=True)),
    }


def _revisi(siklus, actor, alasan, item, sebelum, sesudah, *, utuh=False):
    """The next version of a set plan: the fields that changed, before and after (``utuh``: both as given)."""
    if not perlu_alasan(siklus):
        return None
    if utuh:
        beda_sebelum, beda_sesudah = sebelum, sesudah
    else:
        beda = sorted(k for k in set(sebelum) | set(sesudah) if sebelum.get(k) != sesudah.get(k))
        beda_sebelum, beda_sesudah = {k: sebelum.get(k) for k in beda}, {k: sesudah.get(k) for k in beda}
    siklus.versi += 1
    siklus.save(update_fields=["versi", "diubah"])
    if item is not None and item.pk:
        RencanaItem.objects.filter(pk=item.pk).update(versi=siklus.versi)
    return RevisiRencana.objects.create(
        siklus=siklus, item=item if item is not None and item.pk else None, versi=siklus.versi,
        alasan=alasan.strip(), penulis=actor,
        sebelum=beda_sebelum, sesudah=beda_sesudah)


def _hitung_total(item):
    peserta = item.kebutuhan.values("pegawai_id").distinct().count()
    item.total_biaya = (item.biaya_satuan or Decimal(0)) * peserta
    RencanaItem.objects.filter(pk=item.pk).update(total_biaya=item.total_biaya)


def _status_kebutuhan(ids):
    """Needs a line holds are in the plan; needs no line holds any more are back to verified."""
    ids = list(ids)
    if not ids:
        return
    Kebutuhan.objects.filter(pk__in=ids, item_rencana__isnull=False).exclude(
        status=Kebutuhan.Status.MASUK_RENCANA).update(status=Kebutuhan.Status.MASUK_RENCANA, diubah=timezone.now())
    Kebutuhan.objects.filter(pk__in=ids, item_rencana__isnull=True, status=Kebutuhan.Status.MASUK_RENCANA).update(
        status=Kebutuhan.Status.DIVERIFIKASI, diubah=timezone.now())


def _nomor_berikut(siklus):
    return (RencanaItem.objects.filter(siklus=siklus).aggregate(n=Max("nomor"))["n"] or 0) + 1


@transaction.atomic
def item_dari_saran(*, actor, siklus, pilihan, alasan=""):
    """Make one line per chosen suggested group. ``pilihan``: [{"kunci", "nama_program", "bentuk", "jp",
    "triwulan"}] (the bentuk a BentukPelatihan). The groups are computed again here, so a line takes exactly the
    needs that are still free now. Returns the lines made."""
    siklus = SiklusRencana.objects.select_for_update().get(pk=siklus.pk)
    _kelola(actor, siklus)
    _periksa_tahap(siklus, alasan)
    saran = {g.kunci: g for g in sel.saran_pengelompokan(siklus=siklus)}
    hilang = [p["kunci"] for p in pilihan if p["kunci"] not in saran]
    if hilang:
        raise ValidationError("Sebagian kelompok sudah tidak tersedia (kebutuhannya telah masuk baris lain). "
                              "Muat ulang halaman saran lalu pilih lagi.")
    if not pilihan:
        raise ValidationError("Pilih paling sedikit satu kelompok.")
    nomor = _nomor_berikut(siklus)
    dibuat = []
    for i, p in enumerate(pilihan):
        g = saran[p["kunci"]]
        item = RencanaItem.objects.create(
            siklus=siklus, nomor=nomor + i, nama_program=p["nama_program"], bentuk=p["bentuk"],
            jalur=RencanaItem.Jalur.PELATIHAN, triwulan=p["triwulan"], jp=p["jp"], prioritas=g.prioritas,
            dibuat_oleh=actor, terkunci=perlu_alasan(siklus))
        if g.kompetensi_id:
            item.kompetensi.add(g.kompetensi_id)
        item.kebutuhan.add(*g.kebutuhan_ids)
        _status_kebutuhan(g.kebutuhan_ids)
        _hitung_total(item)
        _revisi(siklus, actor, alasan, item, {}, potret(item))
        dibuat.append(item)
    return dibuat


def _periksa_kebutuhan(siklus, item, kebutuhan_ids):
    """The needs a line may hold: needs of this cycle that it already holds, or verified ones in no line."""
    ids = set(kebutuhan_ids)
    sudah = set(item.kebutuhan.values_list("pk", flat=True)) if item is not None and item.pk else set()
    boleh = sudah | set(sel.kebutuhan_siap(siklus).filter(pk__in=ids - sudah).values_list("pk", flat=True))
    salah = ids - boleh
    if salah:
        raise ValidationError({"kebutuhan": f"{len(salah)} kebutuhan tidak dapat dimasukkan: bukan kebutuhan "
                                            "terverifikasi siklus ini yang belum masuk baris lain."})
    return ids, sudah


@transaction.atomic
def item_simpan(*, actor, siklus, data, kompetensi, kebutuhan_ids, item=None, alasan=""):
    """Create or change a line: ``data`` holds FIELD_ITEM (bentuk and penyelenggara as objects), ``kompetensi`` the
    competencies, ``kebutuhan_ids`` every need the line answers (added and removed at once). After penetapan it is
    a revision (``alasan`` required)."""
    siklus = SiklusRencana.objects.select_for_update().get(pk=siklus.pk)
    _kelola(actor, siklus)
    if item is not None and item.siklus_id != siklus.pk:
        raise PermissionDenied
    _periksa_tahap(siklus, alasan)
    if data.get("penyelenggara") is not None and data["penyelenggara"].instansi_id != siklus.instansi_id:
        raise ValidationError({"penyelenggara": "Penyelenggara harus mitra instansi ini."})
    if item is not None:  # as stored (a bound ModelForm has already written the new values on the caller's copy)
        item = RencanaItem.objects.select_for_update(of=("self",)).select_related("bentuk", "penyelenggara").get(
            pk=item.pk)
    ids, sudah = _periksa_kebutuhan(siklus, item, kebutuhan_ids)
    sebelum = potret(item) if item is not None else {}
    if item is None:
        item = RencanaItem(siklus=siklus, nomor=_nomor_berikut(siklus), dibuat_oleh=actor)
    for f in FIELD_ITEM:
        setattr(item, f, data[f])
    item.terkunci = perlu_alasan(siklus)
    item.full_clean(exclude=["kompetensi", "kebutuhan", "siklus", "dibuat_oleh"])
    item.save()
    item.kompetensi.set(kompetensi)
    item.kebutuhan.set(ids)
    _status_kebutuhan(ids ^ sudah)
    _hitung_total(item)
    sesudah = potret(item)
    if sebelum != sesudah:
        _revisi(siklus, actor, alasan, item, sebelum, sesudah)
    return item


@transaction.atomic
def item_hapus(*, actor, item, alasan=""):
    """Remove a line; its needs go back to verified. After penetapan a revision with a reason."""
    siklus = SiklusRencana.objects.select_for_update().get(pk=item.siklus_id)
    _kelola(actor, siklus)
    _periksa_tahap(siklus, alasan)
    sebelum = potret(item)
    ids = list(item.kebutuhan.values_list("pk", flat=True))
    item.delete()
    _status_kebutuhan(ids)
    _revisi(siklus, actor, alasan, None, sebelum, {"dihapus": True}, utuh=True)


@transaction.atomic
def item_tambah_pegawai(*, actor, item, pegawai_ids, alasan=""):
    """Put employees into a line at once (the coverage page's "belum tercakup" list): each through a verified need
    of theirs still free, else their JP need of the cycle (made if missing: "ditambahkan untuk cakupan 20 JP").
    Returns how many employees were added."""
    from .kebutuhan import opd_pegawai

    siklus = SiklusRencana.objects.select_for_update().get(pk=item.siklus_id)
    _kelola(actor, siklus)
    _periksa_tahap(siklus, alasan)
    item = RencanaItem.objects.select_for_update(of=("self",)).select_related("bentuk", "penyelenggara").get(
        pk=item.pk)
    pegawai = list(Pegawai.objects.filter(pk__in=set(pegawai_ids), instansi_id=siklus.instansi_id))
    if len(pegawai) != len(set(pegawai_ids)):
        raise ValidationError("Sebagian pegawai yang dipilih bukan pegawai instansi ini.")
    if not pegawai:
        raise ValidationError("Pilih paling sedikit satu pegawai.")
    sebelum = potret(item)
    sudah = set(item.kebutuhan.values_list("pegawai_id", flat=True))
    bebas = {}
    for k in sel.kebutuhan_siap(siklus).filter(pegawai__in=pegawai).order_by("prioritas", "id"):
        bebas.setdefault(k.pegawai_id, k)
    tambah = []
    for p in pegawai:
        if p.pk in sudah:
            continue
        k = bebas.get(p.pk)
        if k is None:
            k, _ = Kebutuhan.objects.get_or_create(
                siklus=siklus, pegawai=p, kompetensi=None, sumber=Kebutuhan.Sumber.JP,
                defaults={"opd_id": opd_pegawai(p), "keterangan": "Ditambahkan untuk cakupan 20 JP",
                          "status": Kebutuhan.Status.MASUK_RENCANA, "diverifikasi_oleh": actor,
                          "diverifikasi_pada": timezone.now()})
        tambah.append(k.pk)
    item.kebutuhan.add(*tambah)
    Kebutuhan.objects.filter(pk__in=tambah).update(status=Kebutuhan.Status.MASUK_RENCANA, alasan_status="",
                                                   diubah=timezone.now())
    _hitung_total(item)
    _revisi(siklus, actor, alasan, item, sebelum, potret(item))
    return len(tambah)


# ---------------------------------------------------------------------------- the 20 JP exemption list

@transaction.atomic
def pengecualian_tambah(*, actor, siklus, pegawai, alasan, catatan=""):
    """Put an employee of the cycle's instansi on its exemption list (or change their reason)."""
    _kelola(actor, siklus)
    if pegawai.instansi_id != siklus.instansi_id:
        raise ValidationError({"nip": "Pegawai tersebut bukan pegawai instansi ini."})
    obj, _ = PengecualianJP.objects.update_or_create(
        siklus=siklus, pegawai=pegawai, defaults={"alasan": alasan, "catatan": catatan, "dibuat_oleh": actor})
    return obj


@transaction.atomic
def pengecualian_hapus(*, actor, pengecualian):
    _kelola(actor, pengecualian.siklus)
    pengecualian.delete()


# ---------------------------------------------------------------------------- penetapan

@transaction.atomic
def delegasi_penetapan_set(*, actor, user_ids):
    """The PPK gives the penetapan permission to exactly these HR accounts of their instansi (and takes it from the
    other HR accounts there). Returns the accounts that hold it now."""
    if not access.can_delegasi_penetapan(actor):
        raise PermissionDenied
    izin = Permission.objects.get(content_type__app_label="pelatihan", codename="tetapkan_rencana")
    hr = list(access.hr_delegasi_scope(actor))
    pilih = set(user_ids)
    if pilih - {u.pk for u in hr}:
        raise ValidationError("Penetapan hanya dapat didelegasikan kepada Admin BKPSDM instansi ini.")
    for u in hr:
        if u.pk in pilih:
            u.user_permissions.add(izin)
        else:
            u.user_permissions.remove(izin)
    return [u for u in hr if u.pk in pilih]


@transaction.atomic
def rencana_tetapkan(*, actor, siklus, nomor_keputusan, tanggal_keputusan):
    """The PPK (or HR delegated by them) sets the plan: at the verification stage, with at least one line and
    every employee with a JP target covered or exempt. Lines lock; the cycle is set at version 1."""
    siklus = SiklusRencana.objects.select_for_update().get(pk=siklus.pk)
    if not access.can_tetapkan_rencana(actor, siklus):
        raise PermissionDenied
    if siklus.tahap != SiklusRencana.Tahap.VERIFIKASI or siklus.versi:
        raise ValidationError("Rencana hanya dapat ditetapkan sekali, pada tahap verifikasi; perubahan sesudahnya "
                              "dilakukan sebagai revisi.")
    items, total = sel.rencana_ringkas(siklus=siklus)
    if not items:
        raise ValidationError("Rencana belum memiliki baris: kelompokkan kebutuhan menjadi baris rencana dahulu.")
    cakupan = sel.cakupan_jp(siklus=siklus)
    if not cakupan.lengkap:
        raise ValidationError(f"{cakupan.belum} pegawai belum mencapai target JP dalam rencana dan tidak ada di daftar "
                              "pengecualian. Lengkapi baris rencana atau daftar pengecualian dahulu.")
    siklus.tahap = SiklusRencana.Tahap.DITETAPKAN
    siklus.versi = 1
    siklus.nomor_keputusan = nomor_keputusan.strip()
    siklus.tanggal_keputusan = tanggal_keputusan
    siklus.ditetapkan_oleh = actor
    siklus.ditetapkan_pada = timezone.now()
    siklus.save()
    RencanaItem.objects.filter(siklus=siklus).update(terkunci=True, versi=1)
    ringkas = {"baris": total["baris"], "jp": total["jp"], "peserta": total["peserta"],
               "total_biaya": str(total["biaya"]), "nomor_keputusan": siklus.nomor_keputusan,
               "tanggal_keputusan": tanggal_keputusan.isoformat()}
    RevisiRencana.objects.create(siklus=siklus, versi=1, alasan="Penetapan rencana", penulis=actor, sesudah=ringkas)
    return siklus
