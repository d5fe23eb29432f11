"""Reads of online courses and quizzes (issue 13 A): the course outline with a learner's progress, where to resume,
what the minimum times justify in JP, a learner's quiz standing (attempts left, cool-down end), and the funnel per
course and OPD. Every function runs a fixed number of queries whatever the size of the course or instansi."""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from pembinaan.models import UnitKerja

from ..models import (
    JawabanPercobaan,
    KelasDaring,
    Kuis,
    Materi,
    Modul,
    PendaftaranDaring,
    PercobaanKuis,
    Peserta,
    ProgresMateri,
)
from ..referensi import MENIT_PER_JP

PESERTA_KELAS = (Peserta.Status.TERDAFTAR, Peserta.Status.LULUS, Peserta.Status.TIDAK_LULUS)


def kelas_modul(kelas):
    """The modules of a course, each with its lessons in order (two queries)."""
    modul = list(Modul.objects.filter(kelas=kelas).order_by("urutan", "id"))
    per_modul = defaultdict(list)
    for m in Materi.objects.filter(modul__kelas=kelas).order_by("urutan", "id").defer("isi"):
        per_modul[m.modul_id].append(m)
    for m in modul:
        m.daftar_materi = per_modul[m.pk]
    return modul


def materi_urut(kelas):
    """Every lesson of a course in reading order (one query, no bodies)."""
    return list(Materi.objects.filter(modul__kelas=kelas).order_by("modul__urutan", "modul_id", "urutan", "id")
                .only("id", "judul", "jenis", "durasi_minimal_detik", "modul_id"))


def jp_wajar(kelas, tanpa=()):
    """(minimum minutes of all lessons, the JP they justify: ceil(minutes / 45)); ``tanpa``: lesson ids left out
    (what a deletion would leave)."""
    detik = sum(m.durasi_minimal_detik for m in materi_urut(kelas) if m.pk not in tanpa)
    menit = math.ceil(detik / 60)
    return menit, math.ceil(menit / MENIT_PER_JP)


def pendaftaran_peserta(peserta):
    return PendaftaranDaring.objects.filter(peserta=peserta).first()


def progres_per_materi(pendaftaran):
    """materi id -> ProgresMateri of one enrolment (one query)."""
    if pendaftaran is None:
        return {}
    return {p.materi_id: p for p in ProgresMateri.objects.filter(pendaftaran=pendaftaran)}


def materi_lanjut(urutan, progres, pendaftaran=None):
    """Where to resume: the last lesson opened if not finished, else the first unfinished lesson (None: all done)."""
    if pendaftaran is not None and pendaftaran.materi_terakhir_id:
        p = progres.get(pendaftaran.materi_terakhir_id)
        if p is None or p.selesai_pada is None:
            return next((m for m in urutan if m.pk == pendaftaran.materi_terakhir_id), None)
    return next((m for m in urutan if progres.get(m.pk) is None or progres[m.pk].selesai_pada is None), None)


def semua_materi_selesai(kelas, pendaftaran):
    total = Materi.objects.filter(modul__kelas=kelas).count()
    done = ProgresMateri.objects.filter(pendaftaran=pendaftaran, selesai_pada__isnull=False,
                                        materi__modul__kelas=kelas).count()
    return total > 0 and done >= total


def kuis_kelas(program):
    return Kuis.objects.filter(program=program, jenis=Kuis.Jenis.KELAS).select_related("bank").first()


@dataclass
class KeadaanKuis:
    """A participant's standing on one quiz."""

    percobaan: list = field(default_factory=list)
    berjalan: object = None  # the attempt in progress, if any
    sisa: int = 0  # attempts left
    lulus: bool = False
    nilai_terbaik: int | None = None
    jeda_sampai: datetime.datetime | None = None  # the next attempt is allowed from (when in the future)

    @property
    def boleh_mulai(self):
        return self.berjalan is None and not self.lulus and self.sisa > 0 and self.jeda_sampai is None


def keadaan_kuis(kuis, peserta, sekarang=None):
    """Attempts so far, attempts left and the cool-down, read from the stored attempts (one query)."""
    sekarang = sekarang or timezone.now()
    daftar = list(PercobaanKuis.objects.filter(kuis=kuis, peserta=peserta).order_by("nomor"))
    k = KeadaanKuis(percobaan=daftar)
    k.berjalan = next((p for p in daftar if p.status == PercobaanKuis.Status.BERJALAN), None)
    terkirim = [p for p in daftar if p.status == PercobaanKuis.Status.DIKIRIM]
    k.lulus = any(p.lulus for p in terkirim)
    k.nilai_terbaik = max((p.nilai for p in terkirim), default=None)
    k.sisa = max(kuis.maks_percobaan - len(daftar), 0)
    if terkirim and not k.lulus:
        akhir = terkirim[-1].dikirim_pada + datetime.timedelta(hours=kuis.jeda_jam)
        if akhir > sekarang:
            k.jeda_sampai = akhir
    return k


def soal_percobaan(percobaan):
    """The drawn questions of an attempt with their options in the attempt's order, WITHOUT whether an option is
    right (two queries): what the taking page and its JSON may carry."""
    from ..models import PilihanJawaban

    jawaban = list(percobaan.jawaban.select_related("soal").order_by("urutan"))
    semua = {p.pk: p for p in PilihanJawaban.objects.filter(soal_id__in=[j.soal_id for j in jawaban])
             .only("id", "teks", "soal_id")}
    out = []
    for j in jawaban:
        out.append({"id": j.soal_id, "teks": j.soal.teks, "jamak": j.soal.jenis == "jamak", "dipilih": j.dipilih,
                    "benar": j.benar if percobaan.status == PercobaanKuis.Status.DIKIRIM else None,
                    "pilihan": [{"id": pid, "teks": semua[pid].teks} for pid in j.urutan_pilihan if pid in semua]})
    return out


def kelas_saya(pegawai):
    """The employee's course enrolments with their programme (one query)."""
    return list(PendaftaranDaring.objects.filter(peserta__pegawai=pegawai, peserta__status__in=PESERTA_KELAS)
                .select_related("peserta__program").order_by("-peserta__dibuat"))


def kelas_terbuka(instansi, pegawai):
    """Open courses of the instansi accepting self-enrolment, the employee not yet in them (one query)."""
    ikut = Peserta.objects.filter(pegawai=pegawai, program=OuterRef("program"), status__in=PESERTA_KELAS)
    return list(KelasDaring.objects.filter(program__instansi=instansi, program__status="dibuka",
                                           program__pendaftaran_mandiri=True)
                .exclude(Exists(ikut)).select_related("program").order_by("program__judul"))


def corong(program):
    """The funnel of one course per OPD (top-level unit): enrolled → started → all lessons → passed. Four
    queries whatever the number of participants or units."""
    kelas = program.kelas_daring
    jumlah_materi = Materi.objects.filter(modul__kelas=kelas).count()
    baris = (PendaftaranDaring.objects.filter(peserta__program=program, peserta__status__in=PESERTA_KELAS)
             .annotate(n_selesai=Count("progres", filter=Q(progres__selesai_pada__isnull=False)))
             .values("peserta__pegawai__unit_kerja_id", "mulai_belajar", "n_selesai", "peserta__status"))
    units = list(UnitKerja.objects.filter(instansi_id=program.instansi_id).values("id", "nama", "induk_id"))
    induk = {u["id"]: u["induk_id"] for u in units}
    nama = {u["id"]: u["nama"] for u in units}

    def akar(uid):
        langkah = 0
        while uid is not None and induk.get(uid) is not None and langkah < 50:
            uid, langkah = induk[uid], langkah + 1
        return uid

    per_opd = defaultdict(lambda: [0, 0, 0, 0])
    for b in baris:
        hitung = per_opd[akar(b["peserta__pegawai__unit_kerja_id"])]
        hitung[0] += 1
        hitung[1] += b["mulai_belajar"] is not None
        hitung[2] += jumlah_materi > 0 and b["n_selesai"] >= jumlah_materi
        hitung[3] += b["peserta__status"] == Peserta.Status.LULUS
    rows = [{"opd": nama.get(k, "Tanpa unit kerja"), "terdaftar": v[0], "mulai": v[1], "semua_materi": v[2],
             "lulus": v[3], "persen_lulus": round(100 * v[3] / v[0]) if v[0] else 0}
            for k, v in per_opd.items()]
    rows.sort(key=lambda r: r["opd"])
    total = [sum(r[k] for r in rows) for k in ("terdaftar", "mulai", "semua_materi", "lulus")]
    return {"rows": rows, "total": {"terdaftar": total[0], "mulai": total[1], "semua_materi": total[2],
                                    "lulus": total[3],
                                    "persen_lulus": round(100 * total[3] / total[0]) if total[0] else 0}}


def kelas_berjalan(pegawai, today):
    """How many of the employee's courses are open to continue (enrolled, not passed, window open): one query."""
    return PendaftaranDaring.objects.filter(peserta__pegawai=pegawai, peserta__status=Peserta.Status.TERDAFTAR,
                                            buka__lte=today, tutup__gte=today, selesai_pada__isnull=True).count()


def jumlah_belajar(kelas):
    """How many participants have opened a lesson of the course (authoring locks order and deletion then)."""
    return (ProgresMateri.objects.filter(materi__modul__kelas=kelas)
            .values("pendaftaran_id").distinct().count())


def soal_dipakai(soal):
    """How many attempts drew the question (its key and options are fixed then)."""
    return JawabanPercobaan.objects.filter(soal=soal).count()
