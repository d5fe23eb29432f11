"""Writes on the supervisor's form and on objections (keberatan).

The predikat is only ever computed here, from the two ratings, by ``evaluasi.predikat.predikat``;
nothing a user sends can set it. Saves use optimistic locking: the form carries the ``versi`` it was
loaded with and the row is written with ``UPDATE … WHERE id = %s AND versi = %s``; when another save
came in between, nothing is written and ``KonflikVersi`` tells when the other change happened.
"""

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from pembinaan.referensi import StatusPegawai
from pembinaan.services.notifikasi import notifikasi_queue
from pembinaan.templatetags.pembinaan_tags import label_nomor

from .. import access
from ..models import BERAKHLAK, Evaluasi, Keberatan, PeriodeEvaluasi
from ..predikat import Rating, predikat
from ..selectors import katalog_kompetensi, keberatan_terbuka_ada

KODE_BERAKHLAK = [kode for kode, _ in BERAKHLAK]


class KonflikVersi(ValidationError):
    """Someone saved the form after it was loaded: nothing was written."""

    def __init__(self, evaluasi):
        self.evaluasi = evaluasi
        jam = timezone.localtime(evaluasi.diubah).strftime("%H.%M")
        super().__init__(
            f"Formulir ini baru saja diubah oleh orang lain pada {jam}; data Anda belum tersimpan, "
            "periksa perubahan lalu simpan lagi.")


def dapat_diisi(evaluasi):
    """The form is open for writing: its period is open and it was not submitted."""
    return evaluasi.periode.status == PeriodeEvaluasi.Status.DIBUKA and evaluasi.status != Evaluasi.Status.DIAJUKAN


def _rating(value):
    value = (value or "").strip()
    if value and value not in Rating.values:
        raise ValidationError("Rating tidak dikenal.")
    return value


def _catatan(data):
    catatan = data.get("catatan_perilaku") or {}
    return {kode: str(catatan[kode]).strip() for kode in KODE_BERAKHLAK if str(catatan.get(kode) or "").strip()}


def _evaluasi_for_fill(actor, evaluasi):
    if not access.evaluasi_isi_scope(actor).filter(pk=evaluasi.pk).exists():
        raise PermissionDenied
    ev = Evaluasi.objects.select_related("periode", "pegawai__user").get(pk=evaluasi.pk)
    if ev.periode.status != PeriodeEvaluasi.Status.DIBUKA:
        raise ValidationError("Periode evaluasi ini tidak sedang dibuka; formulir tidak dapat diubah.")
    if ev.status == Evaluasi.Status.DIAJUKAN:
        raise ValidationError("Formulir ini sudah diajukan dan terkunci. Minta Admin BKPSDM membukanya kembali "
                              "bila perlu diubah.")
    return ev


def evaluasi_check_submit(data):
    """What submitting needs beyond a draft: both ratings. Raises ValidationError naming the missing ones (checked
    before the confirmation step, and again when the form is submitted)."""
    errors = {}
    if not _rating(data.get("rating_hasil_kerja")):
        errors["rating_hasil_kerja"] = "Pilih rating hasil kerja sebelum mengajukan."
    if not _rating(data.get("rating_perilaku_kerja")):
        errors["rating_perilaku_kerja"] = "Pilih rating perilaku kerja sebelum mengajukan."
    if errors:
        raise ValidationError(errors)


def _write(*, actor, evaluasi, data, versi, ajukan):
    ev = _evaluasi_for_fill(actor, evaluasi)
    hasil = _rating(data.get("rating_hasil_kerja"))
    perilaku = _rating(data.get("rating_perilaku_kerja"))
    if ajukan:
        evaluasi_check_submit(data)
    rekomendasi = list(katalog_kompetensi(ev.periode.instansi_id)
                       .filter(pk__in=[getattr(k, "pk", k) for k in data.get("rekomendasi") or []])
                       .values_list("pk", flat=True))
    now = timezone.now()
    fields = {
        "status": Evaluasi.Status.DIAJUKAN if ajukan else Evaluasi.Status.DRAF,
        "rating_hasil_kerja": hasil,
        "rating_perilaku_kerja": perilaku,
        "predikat": predikat(hasil, perilaku) or "",
        "catatan_perilaku": _catatan(data),
        "umpan_balik": (data.get("umpan_balik") or "").strip(),
        "versi": F("versi") + 1,
        "diubah": now,
        "diajukan_pada": now if ajukan else None,
    }
    with pghistory.context(user=actor.pk, sumber="evaluasi_ajukan" if ajukan else "evaluasi_draf"):
        # UPDATE … WHERE id = %s AND versi = %s AND status <> 'diajukan'
        updated = (Evaluasi.objects.filter(pk=ev.pk, versi=int(versi)).exclude(status=Evaluasi.Status.DIAJUKAN)
                   .update(**fields))
    if updated != 1:
        raise KonflikVersi(Evaluasi.objects.get(pk=ev.pk))
    ev.refresh_from_db()
    ev.rekomendasi.set(rekomendasi)
    return ev


@transaction.atomic
def evaluasi_save_draft(*, actor, evaluasi, data, versi):
    """Save what the evaluator typed so far (ratings may be empty); the predikat follows the ratings."""
    return _write(actor=actor, evaluasi=evaluasi, data=data, versi=versi, ajukan=False)


@transaction.atomic
def evaluasi_submit(*, actor, evaluasi, data, versi):
    """Save and lock the form; both ratings are required. The employee is told their result is ready."""
    ev = _write(actor=actor, evaluasi=evaluasi, data=data, versi=versi, ajukan=True)
    _kabari_hasil(ev)
    return ev


@transaction.atomic
def evaluasi_submit_draft(*, actor, evaluasi, versi):
    """Submit the form as it is stored (the confirmation step after "Ajukan" saved it as a draft). ``versi`` is the
    version the evaluator confirmed: a change in between is refused (``KonflikVersi``), never submitted unseen."""
    ev = _evaluasi_for_fill(actor, evaluasi)
    data = {"rating_hasil_kerja": ev.rating_hasil_kerja, "rating_perilaku_kerja": ev.rating_perilaku_kerja,
            "catatan_perilaku": ev.catatan_perilaku, "umpan_balik": ev.umpan_balik,
            "rekomendasi": list(ev.rekomendasi.values_list("pk", flat=True))}
    return evaluasi_submit(actor=actor, evaluasi=ev, data=data, versi=versi)


def _kabari_hasil(ev):
    if ev.pegawai.user_id:
        notifikasi_queue(
            penerima=ev.pegawai.user, instansi=ev.periode.instansi, jenis="evaluasi_hasil",
            kunci=f"evaluasi:{ev.pk}:v{ev.versi}", judul=f"Hasil evaluasi kinerja {ev.periode.nama} tersedia",
            isi=f"{ev.penilai_nama or 'Penilai Anda'} telah mengajukan evaluasi kinerja Anda untuk periode "
                f"{ev.periode.nama}. Predikat: {ev.get_predikat_display()}.",
            tautan=reverse("evaluasi:hasil-list"))


@transaction.atomic
def evaluasi_reopen(*, actor, evaluasi, alasan):
    """HR of the instansi sends a submitted form back to draft; the reason is recorded and audited."""
    if not access.evaluasi_reopen_scope(actor).filter(pk=evaluasi.pk).exists():
        raise PermissionDenied
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError({"alasan": "Alasan membuka kembali wajib diisi."})
    ev = Evaluasi.objects.select_for_update(of=("self",)).select_related("periode", "penilai__user").get(pk=evaluasi.pk)
    if ev.status != Evaluasi.Status.DIAJUKAN:
        raise ValidationError("Hanya formulir yang sudah diajukan yang dapat dibuka kembali.")
    if ev.periode.status != PeriodeEvaluasi.Status.DIBUKA:
        raise ValidationError("Periode evaluasi ini sudah tidak dibuka; formulir tidak dapat dibuka kembali.")
    if keberatan_terbuka_ada(ev):
        raise ValidationError("Keberatan atas hasil ini masih menunggu keputusan; formulir tidak dapat dibuka kembali.")
    with pghistory.context(user=actor.pk, sumber="evaluasi_buka_kembali", alasan=alasan):
        Evaluasi.objects.filter(pk=ev.pk).update(
            status=Evaluasi.Status.DRAF, diajukan_pada=None, alasan_dibuka_kembali=alasan, versi=F("versi") + 1,
            diubah=timezone.now())
    ev.refresh_from_db()
    if ev.penilai_id and ev.penilai.user_id:
        notifikasi_queue(
            penerima=ev.penilai.user, instansi=ev.periode.instansi, jenis="evaluasi_dibuka_kembali",
            kunci=f"evaluasi:{ev.pk}:v{ev.versi}", judul=f"Evaluasi {ev.pegawai.nama} dibuka kembali",
            isi=f"Admin BKPSDM membuka kembali evaluasi {ev.pegawai.nama} ({ev.periode.nama}). Alasan: {alasan}",
            tautan=reverse("evaluasi:evaluasi-isi", args=[ev.pk]))
    return ev


# ---------------------------------------------------------------------------- keberatan

def _hr_users(instansi):
    return access.pengguna_hr([instansi.pk])


@transaction.atomic
def keberatan_submit(*, actor, evaluasi, alasan):
    """The employee objects to a submitted result. It goes to the evaluator's own atasan as they are now;
    without one, it is recorded without a pemutus and HR is told (the employee is asked to contact HR).

    Returns the Keberatan; ``keberatan.pemutus`` is None in the second case.
    """
    if not access.hasil_scope(actor).filter(pk=evaluasi.pk).exists():
        raise PermissionDenied
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError({"alasan": "Alasan keberatan wajib diisi."})
    ev = (Evaluasi.objects.select_for_update(of=("self",))
          .select_related("periode__instansi", "pegawai", "penilai__atasan__user").get(pk=evaluasi.pk))
    if Keberatan.objects.filter(evaluasi=ev).exists():
        raise ValidationError("Keberatan atas hasil ini sudah pernah diajukan.")
    pemutus = ev.penilai.atasan if ev.penilai_id else None
    if pemutus is not None and pemutus.pk == ev.pegawai_id:
        pemutus = None
    keberatan = Keberatan.objects.create(
        evaluasi=ev, alasan=alasan, pemutus=pemutus, rating_hasil_kerja_lama=ev.rating_hasil_kerja,
        rating_perilaku_kerja_lama=ev.rating_perilaku_kerja, predikat_lama=ev.predikat)
    judul = f"Keberatan atas evaluasi kinerja {ev.pegawai.nama} ({ev.periode.nama})"
    if pemutus is not None and pemutus.user_id:
        notifikasi_queue(
            penerima=pemutus.user, instansi=ev.periode.instansi, jenis="keberatan_baru",
            kunci=f"keberatan:{keberatan.pk}", judul=judul,
            isi=f"{ev.pegawai.nama} mengajukan keberatan atas hasil evaluasi dari {ev.penilai_nama}. "
                "Sebagai atasan pejabat penilai, Anda diminta memutuskannya.",
            tautan=reverse("evaluasi:keberatan-detail", args=[keberatan.pk]))
    if pemutus is None:
        for hr in _hr_users(ev.periode.instansi):
            notifikasi_queue(
                penerima=hr, instansi=ev.periode.instansi, jenis="keberatan_tanpa_pemutus",
                kunci=f"keberatan:{keberatan.pk}", judul=judul,
                isi=f"{ev.pegawai.nama} ({label_nomor(ev.pegawai)} {ev.pegawai.nip}) mengajukan keberatan, tetapi "
                    f"pejabat penilainya "
                    f"({ev.penilai_nama}) tidak memiliki atasan di sistem. Tetapkan pemutusnya di halaman "
                    "Keberatan (BKPSDM).",
                tautan=reverse("evaluasi:keberatan-hr") + "?tanpa_pemutus=1")
    return keberatan


@transaction.atomic
def keberatan_assign(*, actor, keberatan, pemutus):
    """HR names who decides an objection that is still open: where the evaluator has no atasan in the system,
    or the atasan cannot decide (leave, a Plt). The new decider is told; a previous one no longer sees it."""
    if not access.keberatan_hr_scope(actor).filter(pk=keberatan.pk).exists():
        raise PermissionDenied
    k = (Keberatan.objects.select_for_update(of=("self",))
         .select_related("evaluasi__periode__instansi", "evaluasi__pegawai").get(pk=keberatan.pk))
    ev = k.evaluasi
    if k.status != Keberatan.Status.DIAJUKAN:
        raise ValidationError("Keberatan ini sudah diputus.")
    if pemutus.instansi_id != ev.periode.instansi_id or pemutus.status != StatusPegawai.AKTIF:
        raise ValidationError({"nip_pemutus": f"{pemutus.nama} bukan pegawai aktif {ev.periode.instansi.nama}."})
    if pemutus.pk in (ev.pegawai_id, ev.penilai_id):
        raise ValidationError({"nip_pemutus": "Pemutus bukan pegawai yang dinilai dan bukan pejabat penilainya."})
    k.pemutus = pemutus
    k.save(update_fields=["pemutus"])
    if pemutus.user_id:
        notifikasi_queue(
            penerima=pemutus.user, instansi=ev.periode.instansi, jenis="keberatan_baru", kunci=f"keberatan:{k.pk}",
            judul=f"Keberatan atas evaluasi kinerja {ev.pegawai.nama} ({ev.periode.nama})",
            isi=f"BKPSDM menetapkan Anda untuk memutus keberatan {ev.pegawai.nama} atas hasil evaluasi dari "
                f"{ev.penilai_nama or 'pejabat penilai'}.",
            tautan=reverse("evaluasi:keberatan-detail", args=[k.pk]))
    return k


@transaction.atomic
def keberatan_decide(*, actor, keberatan, keputusan, pertimbangan, rating_hasil_kerja="",
                     rating_perilaku_kerja=""):
    """The evaluator's atasan confirms the result (``dikuatkan``) or changes the ratings (``diubah``): the
    predikat is recomputed by the matrix, the old values stay on the Keberatan. The employee is told."""
    if not access.keberatan_pemutus_scope(actor).filter(pk=keberatan.pk).exists():
        raise PermissionDenied
    k = Keberatan.objects.select_for_update().get(pk=keberatan.pk)
    if k.status != Keberatan.Status.DIAJUKAN:
        raise ValidationError("Keberatan ini sudah diputus.")
    pertimbangan = (pertimbangan or "").strip()
    errors = {}
    if not pertimbangan:
        errors["pertimbangan"] = "Pertimbangan keputusan wajib diisi."
    if keputusan not in (Keberatan.Status.DIKUATKAN, Keberatan.Status.DIUBAH):
        errors["keputusan"] = "Pilih keputusan: hasil dikuatkan atau diubah."
    hasil = perilaku = ""
    if keputusan == Keberatan.Status.DIUBAH:
        hasil, perilaku = _rating(rating_hasil_kerja), _rating(rating_perilaku_kerja)
        if not hasil:
            errors["rating_hasil_kerja"] = "Pilih rating hasil kerja yang baru."
        if not perilaku:
            errors["rating_perilaku_kerja"] = "Pilih rating perilaku kerja yang baru."
    if errors:
        raise ValidationError(errors)
    ev = Evaluasi.objects.select_for_update(of=("self",)).select_related("periode__instansi", "pegawai__user").get(
        pk=k.evaluasi_id)
    k.rating_hasil_kerja_lama = ev.rating_hasil_kerja
    k.rating_perilaku_kerja_lama = ev.rating_perilaku_kerja
    k.predikat_lama = ev.predikat
    k.status = keputusan
    k.pertimbangan = pertimbangan
    k.diputus_pada = timezone.now()
    k.diputus_oleh = actor
    k.save()
    if keputusan == Keberatan.Status.DIUBAH:
        with pghistory.context(user=actor.pk, sumber="keberatan_diubah", keberatan=k.pk):
            Evaluasi.objects.filter(pk=ev.pk).update(
                rating_hasil_kerja=hasil, rating_perilaku_kerja=perilaku, predikat=predikat(hasil, perilaku),
                versi=F("versi") + 1, diubah=timezone.now())
        ev.refresh_from_db()
    if ev.pegawai.user_id:
        if keputusan == Keberatan.Status.DIUBAH:
            isi = (f"Keberatan Anda dikabulkan: hasil evaluasi {ev.periode.nama} diubah menjadi predikat "
                   f"{ev.get_predikat_display()}. Pertimbangan: {pertimbangan}")
        else:
            isi = f"Keberatan Anda tidak dikabulkan: hasil evaluasi {ev.periode.nama} dikuatkan. " \
                  f"Pertimbangan: {pertimbangan}"
        notifikasi_queue(
            penerima=ev.pegawai.user, instansi=ev.periode.instansi, jenis="keberatan_diputus",
            kunci=f"keberatan:{k.pk}", judul=f"Keputusan atas keberatan Anda ({ev.periode.nama})", isi=isi,
            tautan=reverse("evaluasi:hasil-list"))
    return k
