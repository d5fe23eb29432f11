"""Perencanaan (issue 11), part A: the yearly cycle, the needs derivation, and the participation of employees,
supervisors and HR. Every write here; who may do what is decided in pelatihan/access.py.

The derivation (``kebutuhan_susun``) reads, for every active employee of the instansi, the data the system already
holds and writes one ``Kebutuhan`` per (cycle, employee, competency, source):

- ``kompetensi``: the standard of the current jabatan (StandarKompetensiJabatan) against the assessed level
  (ProfilKompetensi): gap = standard − assessed, only gap > 0; never assessed → a "belum dinilai" need (level_kini and
  kesenjangan NULL), never a silent 0. An employee without a jabatan has no standard, so no such need;
- ``kinerja`` / ``rekomendasi``: from evaluasi/, through ``pembinaan.komposisi.sumber_kebutuhan``
  (evaluasi/kebutuhan.py);
- ``jp``: the JP of year N (the year before the plan year) below the target of the employee's jenis ASN (HR's
  AturanJP over the docs/domain.md §4.1 defaults: PNS and CPNS 20 JP; PPPK no target, so never a JP shortfall);
- ``wajib``: Latsar for a CPNS without it; leadership training for a pengawas (PKP) or administrator (PKA) without it.
  "Without it" = no passed participation in a programme, and no verified self-report, whose title names it (see
  ``POLA_WAJIB``): the system has no other record of these courses;
- ``pasca``: post-training evaluations filled in years N-1..N where the supervisor rated the application 1 or 2 of 5
  (not applied), one need per competency of that programme (none: one need without a competency);
- ``lanjutan``: needs of the previous cycle (plan year N) left unmet (see ``_lanjutan``).

Set-based: employees are taken in slices of ``UKURAN_POTONGAN``; per slice every source is a fixed number of queries,
the existing derived rows are read once, new rows are written with COPY, changed rows with one bulk UPDATE. Each
slice commits on its own and moves the progress shown on the cycle page. Rerunning creates nothing new (the DB's
unique constraint, and the comparison with what exists) and updates only what changed; a derived need that no longer
applies is removed while nobody has acted on it yet (status usulan), and kept once someone has.
"""

import datetime
import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from pembinaan import komposisi
from pembinaan import referensi as ref
from pembinaan.bulk import copy_rows
from pembinaan.models import Pegawai, ProfilKompetensi, StandarKompetensiJabatan, UnitKerja

from .. import access
from ..models import (
    EvaluasiPascaPelatihan,
    Kebutuhan,
    KompetensiProgram,
    LaporanBelajar,
    Peserta,
    RekapJP,
    SiklusRencana,
    galat_jendela,
    jendela_bawaan,
)
from ..selectors.jp import aturan_jp

log = logging.getLogger(__name__)

UKURAN_POTONGAN = 2000
S = Kebutuhan.Sumber
P = Kebutuhan.Prioritas
St = Kebutuhan.Status
Tahap = SiklusRencana.Tahap
Penyusunan = SiklusRencana.StatusPenyusunan

# The fields the derivation owns on a derived row (compared on a rerun; everything else belongs to people).
DIBANDINGKAN = ("opd_id", "level_standar", "level_kini", "kesenjangan", "keterangan", "prioritas", "rujukan_jenis",
                "rujukan_id", "jenis_wajib")

# Course titles that count as having done a mandatory programme (case-insensitive, PostgreSQL regex).
POLA_WAJIB = {
    Kebutuhan.Wajib.LATSAR: r"latsar|pelatihan dasar|diklat prajabatan",
    Kebutuhan.Wajib.PKP: r"\mpkp\M|kepemimpinan pengawas|pim (tingkat |tk\.? ?)?iv\M",
    Kebutuhan.Wajib.PKA: r"\mpka\M|kepemimpinan administrator|pim (tingkat |tk\.? ?)?iii\M",
}
_POLA_PY = {k: re.compile(v.replace(r"\m", r"\b").replace(r"\M", r"\b"), re.I) for k, v in POLA_WAJIB.items()}
WAJIB_JABATAN = {ref.JenisJabatan.PENGAWAS: Kebutuhan.Wajib.PKP, ref.JenisJabatan.ADMINISTRATOR: Kebutuhan.Wajib.PKA}
PENERAPAN_RENDAH = 2  # post-training evaluation: application rated 1–2 of 5 = not applied

# Stage changes HR makes here; "ditetapkan" is the penetapan (a permission of its own, in the plan-line services).
TAHAP_BERIKUT = {
    Tahap.PERSIAPAN: (Tahap.PENGUMPULAN,),
    Tahap.PENGUMPULAN: (Tahap.VERIFIKASI,),
    Tahap.VERIFIKASI: (Tahap.PENGUMPULAN,),
    Tahap.DITETAPKAN: (Tahap.BERJALAN,),
    Tahap.BERJALAN: (Tahap.DIEVALUASI,),
    Tahap.DIEVALUASI: (),
}
TAHAP_SUSUN = (Tahap.PENGUMPULAN, Tahap.VERIFIKASI)  # when the needs may be derived again
MACET = datetime.timedelta(minutes=30)  # a derivation "running" longer than this is taken as crashed


# ---------------------------------------------------------------------------- the cycle

def _instansi_hr(actor):
    instansi = access.instansi_kelola(actor)
    if instansi is None or not access.can_atur_siklus(actor):
        raise PermissionDenied
    return instansi


def _cek_jendela(data):
    galat = galat_jendela(data)
    if galat:
        raise ValidationError(galat)


SIKLUS_FIELDS = ("persiapan_mulai", "persiapan_selesai", "pengumpulan_mulai", "pengumpulan_selesai",
                 "verifikasi_mulai", "verifikasi_selesai", "penetapan_mulai", "penetapan_selesai",
                 "ukuran_kelas_minimal", "ambang_klasikal")


@transaction.atomic
def siklus_buat(*, actor, tahun, data=None):
    """HR opens the cycle of plan year ``tahun`` for their instansi (stage persiapan). ``data``: windows and
    settings (missing ones take the defaults: August–October of the year before, classes of 20, 4 programmes)."""
    instansi = _instansi_hr(actor)
    nilai = {**jendela_bawaan(tahun), "ukuran_kelas_minimal": 20, "ambang_klasikal": 4}
    nilai.update({k: v for k, v in (data or {}).items() if k in SIKLUS_FIELDS and v is not None})
    _cek_jendela(nilai)
    if SiklusRencana.objects.filter(instansi=instansi, tahun=tahun).exists():
        raise ValidationError({"tahun": f"Siklus perencanaan tahun {tahun} sudah ada."})
    return SiklusRencana.objects.create(instansi=instansi, tahun=tahun, dibuka_oleh=actor, **nilai)


@transaction.atomic
def siklus_ubah(*, actor, siklus, data):
    """HR changes the windows and settings of a cycle that is not set yet."""
    siklus = _kunci_siklus(actor, siklus)
    if siklus.tahap not in (Tahap.PERSIAPAN, Tahap.PENGUMPULAN, Tahap.VERIFIKASI):
        raise ValidationError("Jadwal dan pengaturan siklus yang sudah ditetapkan tidak dapat diubah.")
    nilai = {f: getattr(siklus, f) for f in SIKLUS_FIELDS}
    nilai.update({k: v for k, v in data.items() if k in SIKLUS_FIELDS and v is not None})
    _cek_jendela(nilai)
    for k, v in nilai.items():
        setattr(siklus, k, v)
    siklus.save(update_fields=[*SIKLUS_FIELDS, "diubah"])
    return siklus


@transaction.atomic
def siklus_pastikan(*, instansi, tahun):
    """The cycle of plan year ``tahun`` for the command line (the operator of the server, no HR account): the one
    that exists, or a new one with the defaults at stage pengumpulan. Returns (siklus, created)."""
    return SiklusRencana.objects.get_or_create(instansi=instansi, tahun=tahun,
                                               defaults={**jendela_bawaan(tahun), "tahap": Tahap.PENGUMPULAN})


def _kunci_siklus(actor, siklus):
    try:
        return access.siklus_atur_scope(actor).select_for_update().get(pk=siklus.pk)
    except SiklusRencana.DoesNotExist:
        raise PermissionDenied from None


@transaction.atomic
def siklus_ubah_tahap(*, actor, siklus, tahap):
    """HR moves the cycle to the next stage (or back from verifikasi to pengumpulan). Opening the collection
    (persiapan → pengumpulan) starts the needs derivation."""
    siklus = _kunci_siklus(actor, siklus)
    if tahap not in TAHAP_BERIKUT.get(siklus.tahap, ()):
        raise ValidationError(f"Siklus pada tahap \u201c{siklus.get_tahap_display()}\u201d tidak dapat dipindah ke "
                              f"tahap \u201c{Tahap(tahap).label if tahap in Tahap.values else tahap}\u201d.")
    mulai_susun = siklus.tahap == Tahap.PERSIAPAN and tahap == Tahap.PENGUMPULAN
    siklus.tahap = tahap
    siklus.save(update_fields=["tahap", "diubah"])
    if mulai_susun:
        _antrekan(siklus)
    return siklus


def _antrekan(siklus):
    """Queue the derivation job (after commit). A job already queued or running is not queued twice."""
    now = timezone.now()
    berjalan = (siklus.status_penyusunan in (Penyusunan.ANTRE, Penyusunan.BERJALAN)
                and siklus.penyusunan_mulai and now - siklus.penyusunan_mulai < MACET)
    if berjalan:
        raise ValidationError("Penyusunan kebutuhan sedang berjalan; tunggu sampai selesai.")
    siklus.status_penyusunan = Penyusunan.ANTRE
    siklus.penyusunan_mulai = now
    siklus.penyusunan_selesai = None
    siklus.pegawai_diproses = 0
    siklus.galat_penyusunan = ""
    siklus.save(update_fields=["status_penyusunan", "penyusunan_mulai", "penyusunan_selesai", "pegawai_diproses",
                               "galat_penyusunan"])
    from ..tasks import kebutuhan_susun_task

    pk = siklus.pk
    transaction.on_commit(lambda: kebutuhan_susun_task.delay(pk))


@transaction.atomic
def siklus_susun(*, actor, siklus):
    """HR derives the needs again (during collection and verification): a Celery job with progress."""
    siklus = _kunci_siklus(actor, siklus)
    if siklus.tahap not in TAHAP_SUSUN:
        raise ValidationError("Kebutuhan hanya dapat disusun pada tahap pengumpulan atau verifikasi.")
    _antrekan(siklus)
    return siklus


# ---------------------------------------------------------------------------- the derivation

@dataclass
class _Konteks:
    siklus: SiklusRencana
    tahun: int  # N: the year whose data count
    standar: dict  # jabatan_id -> [(kompetensi_id, level)]
    target_jp: dict  # jenis ASN -> target (only those with one)
    akar: dict  # unit_id -> top-level unit id (OPD)
    lanjutan: dict = field(default_factory=dict)  # pegawai_id -> [row]


def _akar_unit(instansi_id):
    """unit id -> its top-level unit (the OPD), one query."""
    induk = dict(UnitKerja.objects.filter(instansi_id=instansi_id).values_list("id", "induk_id"))
    akar = {}
    for uid in induk:
        jalan, u = [], uid
        while induk.get(u) is not None and u not in akar:
            jalan.append(u)
            u = induk[u]
        r = akar.get(u, u)
        for j in jalan:
            akar[j] = r
        akar[uid] = r
    return akar


def opd_pegawai(pegawai):
    """The top-level unit of an employee (the OPD a proposal is verified in)."""
    if pegawai.unit_kerja_id is None:
        return None
    return _akar_unit(pegawai.instansi_id).get(pegawai.unit_kerja_id)


def _baris(p, sumber, *, kompetensi_id=None, prioritas=P.SEDANG, keterangan="", rujukan_jenis="", rujukan_id=None,
           level_standar=None, level_kini=None, kesenjangan=None, jenis_wajib=""):
    return {"pegawai_id": p, "kompetensi_id": kompetensi_id, "sumber": sumber, "prioritas": int(prioritas),
            "keterangan": keterangan[:255], "rujukan_jenis": rujukan_jenis, "rujukan_id": rujukan_id,
            "level_standar": level_standar, "level_kini": level_kini, "kesenjangan": kesenjangan,
            "jenis_wajib": jenis_wajib}


def _sumber_kompetensi(ctx, pegawai):
    ids = [p["id"] for p in pegawai if p["jabatan_id"] in ctx.standar]
    profil = defaultdict(dict)
    for pid, kid, level in ProfilKompetensi.objects.filter(pegawai_id__in=ids).values_list(
            "pegawai_id", "kompetensi_id", "level"):
        profil[pid][kid] = level
    for p in pegawai:
        for kid, standar in ctx.standar.get(p["jabatan_id"], ()):
            kini = profil[p["id"]].get(kid)
            if kini is None:
                yield _baris(p["id"], S.KOMPETENSI, kompetensi_id=kid, level_standar=standar,
                             keterangan=f"Belum dinilai (standar level {standar})",
                             rujukan_jenis=Kebutuhan.Rujukan.PEGAWAI, rujukan_id=p["id"])
            elif standar > kini:
                gap = standar - kini
                yield _baris(p["id"], S.KOMPETENSI, kompetensi_id=kid, level_standar=standar, level_kini=kini,
                             kesenjangan=gap, prioritas=P.TINGGI if gap >= 2 else P.SEDANG,
                             keterangan=f"Level {kini} dari standar {standar}",
                             rujukan_jenis=Kebutuhan.Rujukan.PEGAWAI, rujukan_id=p["id"])


def _sumber_jp(ctx, pegawai):
    ids = [p["id"] for p in pegawai if p["jenis_asn"] in ctx.target_jp]
    jp = dict(RekapJP.objects.filter(pegawai_id__in=ids, tahun=ctx.tahun).values_list("pegawai_id", "total"))
    for p in pegawai:
        target = ctx.target_jp.get(p["jenis_asn"])
        if target is None:
            continue
        n = jp.get(p["id"], 0)
        if n < target:
            yield _baris(p["id"], S.JP, prioritas=P.TINGGI if n == 0 else P.SEDANG,
                         keterangan=f"JP {ctx.tahun}: {n} dari target {target}",
                         rujukan_jenis=Kebutuhan.Rujukan.PEGAWAI, rujukan_id=p["id"])


def _wajib_untuk(p):
    if p["jenis_asn"] == ref.JenisAsn.CPNS:
        return Kebutuhan.Wajib.LATSAR
    return WAJIB_JABATAN.get(p["jabatan__jenis"])


def _sumber_wajib(ctx, pegawai):
    perlu = {p["id"]: w for p in pegawai if (w := _wajib_untuk(p))}
    if not perlu:
        return
    pola = "|".join(f"({POLA_WAJIB[w]})" for w in set(perlu.values()))
    judul = list(Peserta.objects.filter(pegawai_id__in=perlu, status=Peserta.Status.LULUS,
                                        program__judul__iregex=pola).values_list("pegawai_id", "program__judul"))
    judul += list(LaporanBelajar.objects.filter(pegawai_id__in=perlu, status=LaporanBelajar.Status.DIVERIFIKASI,
                                                judul__iregex=pola).values_list("pegawai_id", "judul"))
    sudah = {pid for pid, j in judul if _POLA_PY[perlu[pid]].search(j)}
    for pid, w in perlu.items():
        if pid not in sudah:
            yield _baris(pid, S.WAJIB, prioritas=P.TINGGI, jenis_wajib=w,
                         keterangan=f"{Kebutuhan.Wajib(w).label} belum diikuti",
                         rujukan_jenis=Kebutuhan.Rujukan.PEGAWAI, rujukan_id=pid)


def _sumber_pasca(ctx, pegawai):
    ids = [p["id"] for p in pegawai]
    dari, sampai = datetime.date(ctx.tahun - 1, 1, 1), datetime.date(ctx.tahun, 12, 31)
    epp = list(EvaluasiPascaPelatihan.objects.filter(
        peserta__pegawai_id__in=ids, penerapan__lte=PENERAPAN_RENDAH, diisi_pada__isnull=False,
        diisi_pada__date__gte=dari, diisi_pada__date__lte=sampai,
    ).order_by("diisi_pada", "pk").values("id", "peserta__pegawai_id", "peserta__program_id", "peserta__program__judul",
                                          "penerapan"))
    kompetensi = defaultdict(list)
    for prog, kid in KompetensiProgram.objects.filter(program_id__in={e["peserta__program_id"] for e in epp}) \
            .values_list("program_id", "kompetensi_id"):
        kompetensi[prog].append(kid)
    for e in epp:  # oldest first: the latest evaluation of a competency wins
        for kid in kompetensi.get(e["peserta__program_id"]) or [None]:
            yield _baris(e["peserta__pegawai_id"], S.PASCA, kompetensi_id=kid,
                         keterangan=f"Hasil \u201c{e['peserta__program__judul']}\u201d belum diterapkan "
                                    f"(penerapan {e['penerapan']} dari 5)",
                         rujukan_jenis=Kebutuhan.Rujukan.EVALUASI_PASCA, rujukan_id=e["id"])


def _sumber_terdaftar(ctx, pegawai):
    """The sources other apps registered (evaluasi: performance gap, recommended competencies)."""
    for r in komposisi.sumber_kebutuhan(instansi_id=ctx.siklus.instansi_id, tahun=ctx.tahun,
                                        pegawai_ids=[p["id"] for p in pegawai]):
        yield _baris(r["pegawai_id"], r["sumber"], kompetensi_id=r.get("kompetensi_id"),
                     prioritas=r.get("prioritas", P.SEDANG), keterangan=r.get("keterangan", ""),
                     rujukan_jenis=r.get("rujukan_jenis", ""), rujukan_id=r.get("rujukan_id"))


def _sumber_lanjutan(ctx, pegawai):
    for p in pegawai:
        yield from ctx.lanjutan.get(p["id"], ())


SUMBER = (_sumber_kompetensi, _sumber_terdaftar, _sumber_jp, _sumber_wajib, _sumber_pasca, _sumber_lanjutan)


def _lanjutan(siklus):
    """Unmet needs of the previous cycle (plan year N), carried into this one: pegawai_id -> [row]. Realisation
    (the monev part) may define ``pelatihan.services.realisasi.kebutuhan_lanjutan(siklus)``; until it does, a need
    with a competency that was verified or taken into the plan, whose employee passed no programme linked to a line
    holding it, is unmet. One query."""
    lalu = SiklusRencana.objects.filter(instansi_id=siklus.instansi_id, tahun=siklus.tahun - 1).first()
    hasil = defaultdict(list)
    if lalu is None:
        return hasil
    try:
        from .realisasi import kebutuhan_lanjutan
    except ImportError:
        kebutuhan_lanjutan = None
    if kebutuhan_lanjutan is not None:
        baris = [{"id": r.get("sumber_ref_id"), "pegawai_id": r["pegawai_id"], "kompetensi_id": r.get("kompetensi_id"),
                  "alasan": r.get("alasan", "")} for r in kebutuhan_lanjutan(lalu)]
    else:
        lulus = Peserta.objects.filter(pegawai_id=OuterRef("pegawai_id"), status=Peserta.Status.LULUS,
                                       program__rencana_item__kebutuhan=OuterRef("pk"))
        baris = [{**r, "alasan": ""} for r in Kebutuhan.objects.filter(
            siklus=lalu, status__in=[St.DIVERIFIKASI, St.MASUK_RENCANA], kompetensi__isnull=False,
        ).exclude(Exists(lulus)).order_by("pk").values("id", "pegawai_id", "kompetensi_id")]
    for r in baris:
        hasil[r["pegawai_id"]].append(_baris(
            r["pegawai_id"], S.LANJUTAN, kompetensi_id=r["kompetensi_id"],
            keterangan=r["alasan"] or f"Belum terpenuhi pada rencana {lalu.tahun}",
            rujukan_jenis=Kebutuhan.Rujukan.KEBUTUHAN if r["id"] else "", rujukan_id=r["id"]))
    return hasil


def _konteks(siklus):
    standar = defaultdict(list)
    for jab, kid, level in StandarKompetensiJabatan.objects.filter(jabatan__instansi_id=siklus.instansi_id) \
            .order_by("jabatan_id", "kompetensi_id").values_list("jabatan_id", "kompetensi_id", "level"):
        standar[jab].append((kid, level))
    aturan = aturan_jp(instansi_id=siklus.instansi_id)
    return _Konteks(siklus=siklus, tahun=siklus.tahun_data, standar=dict(standar),
                    target_jp={j: t for j, (t, _b) in aturan.items() if t}, akar=_akar_unit(siklus.instansi_id),
                    lanjutan=_lanjutan(siklus))


def _tambah(hitung, sumber, kunci, n=1):
    hitung.setdefault(sumber, {"baru": 0, "diperbarui": 0, "dihapus": 0})[kunci] += n


def _potongan(ctx, pegawai, hitung, now):
    """Derive and write the needs of one slice of employees (one transaction)."""
    ingin = {}
    opd = {p["id"]: ctx.akar.get(p["unit_kerja_id"]) for p in pegawai}
    for sumber in SUMBER:
        for r in sumber(ctx, pegawai):
            r["opd_id"] = opd.get(r["pegawai_id"])
            ingin[(r["pegawai_id"], r["kompetensi_id"], r["sumber"])] = r
    ada = {(e["pegawai_id"], e["kompetensi_id"], e["sumber"]): e
           for e in Kebutuhan.objects.filter(siklus=ctx.siklus, pegawai_id__in=list(opd), diturunkan=True)
           .values("id", "pegawai_id", "kompetensi_id", "sumber", "status", *DIBANDINGKAN)}
    baru, ubah, hapus = [], [], []
    for kunci, r in ingin.items():
        e = ada.get(kunci)
        if e is None:
            baru.append({**r, "siklus_id": ctx.siklus.pk, "diturunkan": True, "status": St.USULAN,
                         "alasan_status": "", "alasan_usulan": "", "alasan_prioritas": "", "dibuat": now,
                         "diubah": now})
            _tambah(hitung, r["sumber"], "baru")
        elif any(e[f] != r[f] for f in DIBANDINGKAN):
            ubah.append(Kebutuhan(pk=e["id"], diubah=now, **{f: r[f] for f in DIBANDINGKAN}))
            _tambah(hitung, r["sumber"], "diperbarui")
    for kunci, e in ada.items():
        if kunci not in ingin and e["status"] == St.USULAN:
            hapus.append(e["id"])
            _tambah(hitung, e["sumber"], "dihapus")
    with transaction.atomic():
        copy_rows(Kebutuhan, baru)
        if ubah:
            Kebutuhan.objects.bulk_update(ubah, [*DIBANDINGKAN, "diubah"], batch_size=2000)
        if hapus:
            Kebutuhan.objects.filter(pk__in=hapus).delete()


def kebutuhan_susun(*, siklus_id):
    """Derive (or refresh) the needs of a cycle for every active employee. Returns the summary
    {sumber: {"baru", "diperbarui", "dihapus", "total"}}, also kept on the cycle. Safe to run again."""
    siklus = SiklusRencana.objects.select_related("instansi").get(pk=siklus_id)
    pegawai = list(Pegawai.objects.filter(instansi_id=siklus.instansi_id, status=ref.StatusPegawai.AKTIF)
                   .order_by("pk").values("id", "jenis_asn", "jabatan_id", "jabatan__jenis", "unit_kerja_id"))
    now = timezone.now()
    SiklusRencana.objects.filter(pk=siklus.pk).update(
        status_penyusunan=Penyusunan.BERJALAN, pegawai_total=len(pegawai), pegawai_diproses=0,
        penyusunan_mulai=now, penyusunan_selesai=None, galat_penyusunan="")
    hitung = {}
    try:
        ctx = _konteks(siklus)
        for i in range(0, len(pegawai), UKURAN_POTONGAN):
            bagian = pegawai[i:i + UKURAN_POTONGAN]
            _potongan(ctx, bagian, hitung, now)
            SiklusRencana.objects.filter(pk=siklus.pk).update(pegawai_diproses=i + len(bagian))
        # Employees no longer active: their derived needs nobody acted on go.
        lama = (Kebutuhan.objects.filter(siklus=siklus, diturunkan=True, status=St.USULAN)
                .exclude(pegawai__status=ref.StatusPegawai.AKTIF))
        for r in lama.values("sumber").annotate(n=Count("id")):
            _tambah(hitung, r["sumber"], "dihapus", r["n"])
        lama.delete()
        for r in Kebutuhan.objects.filter(siklus=siklus).values("sumber").annotate(n=Count("id")):
            hitung.setdefault(r["sumber"], {"baru": 0, "diperbarui": 0, "dihapus": 0})["total"] = r["n"]
        for v in hitung.values():
            v.setdefault("total", 0)
    except Exception as exc:
        log.exception("Penyusunan kebutuhan siklus %s gagal", siklus.pk)
        SiklusRencana.objects.filter(pk=siklus.pk).update(
            status_penyusunan=Penyusunan.GAGAL, penyusunan_selesai=timezone.now(),
            galat_penyusunan=f"{type(exc).__name__}: {exc}"[:2000])
        raise
    SiklusRencana.objects.filter(pk=siklus.pk).update(
        status_penyusunan=Penyusunan.SELESAI, pegawai_diproses=len(pegawai), penyusunan_selesai=timezone.now(),
        ringkasan_penyusunan=hitung)
    return hitung


# ---------------------------------------------------------------------------- participation

USULAN_FIELDS = ("kompetensi", "bentuk_usulan", "alasan_usulan")


def _siklus_pengumpulan(siklus):
    if siklus.tahap != Tahap.PENGUMPULAN:
        raise ValidationError(f"Usulan hanya dapat diajukan pada tahap pengumpulan kebutuhan (siklus {siklus.tahun} "
                              f"sedang pada tahap \u201c{siklus.get_tahap_display()}\u201d).")


@transaction.atomic
def kebutuhan_usul(*, actor, siklus, data):
    """The employee proposes a need of their own: competency, preferred bentuk, reason."""
    pegawai = access.pegawai_saya(actor)
    if pegawai is None or not access.siklus_pegawai_scope(actor).filter(pk=siklus.pk).exists():
        raise PermissionDenied
    _siklus_pengumpulan(siklus)
    alasan = (data.get("alasan_usulan") or "").strip()
    if not alasan:
        raise ValidationError({"alasan_usulan": "Tuliskan alasan usulan Anda."})
    if Kebutuhan.objects.filter(siklus=siklus, pegawai=pegawai, kompetensi=data["kompetensi"],
                                sumber=S.USULAN).exists():
        raise ValidationError({"kompetensi": f"Anda sudah mengusulkan kompetensi \u201c{data['kompetensi'].nama}\u201d "
                                             "pada siklus ini; ubah usulan yang ada."})
    return Kebutuhan.objects.create(
        siklus=siklus, pegawai=pegawai, opd_id=opd_pegawai(pegawai), kompetensi=data["kompetensi"], sumber=S.USULAN,
        bentuk_usulan=data.get("bentuk_usulan"), alasan_usulan=alasan, diusulkan_oleh=actor,
        status=St.USULAN, prioritas=P.SEDANG)


@transaction.atomic
def kebutuhan_usul_ubah(*, actor, kebutuhan, data):
    """The employee changes their own proposal while it waits or after it was returned (it waits again)."""
    try:
        k = access.usulan_ubah_scope(actor).select_for_update().get(pk=kebutuhan.pk)
    except Kebutuhan.DoesNotExist:
        raise PermissionDenied from None
    _siklus_pengumpulan(k.siklus)
    if k.status not in (St.USULAN, St.DIKEMBALIKAN):
        raise ValidationError("Usulan yang sudah disetujui atau diverifikasi tidak dapat diubah.")
    alasan = (data.get("alasan_usulan") or "").strip()
    if not alasan:
        raise ValidationError({"alasan_usulan": "Tuliskan alasan usulan Anda."})
    if (data["kompetensi"].pk != k.kompetensi_id and Kebutuhan.objects.filter(
            siklus=k.siklus, pegawai=k.pegawai, kompetensi=data["kompetensi"], sumber=S.USULAN).exists()):
        raise ValidationError({"kompetensi": f"Anda sudah mengusulkan kompetensi \u201c{data['kompetensi'].nama}\u201d "
                                             "pada siklus ini."})
    k.kompetensi, k.bentuk_usulan, k.alasan_usulan = data["kompetensi"], data.get("bentuk_usulan"), alasan
    k.status, k.alasan_status = St.USULAN, ""
    k.save(update_fields=["kompetensi", "bentuk_usulan", "alasan_usulan", "status", "alasan_status", "diubah"])
    return k


def _kunci_bawahan(actor, kebutuhan):
    try:
        return access.kebutuhan_putus_atasan_scope(actor).select_for_update().get(pk=kebutuhan.pk)
    except Kebutuhan.DoesNotExist:
        raise PermissionDenied from None


def _alasan(alasan, field="alasan"):
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError({field: "Alasan wajib diisi."})
    return alasan


@transaction.atomic
def kebutuhan_setujui(*, actor, kebutuhan):
    """The supervisor approves a waiting proposal of a direct subordinate."""
    k = _kunci_bawahan(actor, kebutuhan)
    if k.status != St.USULAN:
        raise ValidationError(f"Usulan ini sudah {k.get_status_display().lower()}.")
    k.status, k.alasan_status = St.DISETUJUI, ""
    k.disetujui_oleh, k.disetujui_pada = actor, timezone.now()
    k.save(update_fields=["status", "alasan_status", "disetujui_oleh", "disetujui_pada", "diubah"])
    return k


@transaction.atomic
def kebutuhan_kembalikan(*, actor, kebutuhan, alasan):
    """The supervisor returns a waiting proposal to the employee, with the reason."""
    alasan = _alasan(alasan)
    k = _kunci_bawahan(actor, kebutuhan)
    if k.status != St.USULAN:
        raise ValidationError(f"Usulan ini sudah {k.get_status_display().lower()}.")
    k.status, k.alasan_status = St.DIKEMBALIKAN, alasan
    k.disetujui_oleh, k.disetujui_pada = actor, timezone.now()
    k.save(update_fields=["status", "alasan_status", "disetujui_oleh", "disetujui_pada", "diubah"])
    return k


def siap_verifikasi(qs):
    """Needs HR may verify: derived ones not yet decided, proposals approved by the supervisor, and proposals of
    employees who have no supervisor in the system (nobody else could approve them)."""
    from ..selectors.kebutuhan import siap_verifikasi_q

    return qs.filter(siap_verifikasi_q())


@transaction.atomic
def kebutuhan_verifikasi_opd(*, actor, siklus, opd_id):
    """HR verifies, in one step, every need of one OPD that is ready (see ``siap_verifikasi``). Returns the count."""
    siklus = _kunci_siklus(actor, siklus)
    if siklus.tahap not in TAHAP_SUSUN:
        raise ValidationError("Verifikasi kebutuhan dilakukan pada tahap pengumpulan atau verifikasi.")
    qs = siap_verifikasi(Kebutuhan.objects.filter(siklus=siklus, opd_id=opd_id or None))
    return Kebutuhan.objects.filter(pk__in=qs.values("pk")).update(
        status=St.DIVERIFIKASI, diverifikasi_oleh=actor, diverifikasi_pada=timezone.now(), diubah=timezone.now())


@transaction.atomic
def kebutuhan_tolak(*, actor, kebutuhan, alasan):
    """HR refuses one need (not in the plan), with the reason the employee reads."""
    alasan = _alasan(alasan)
    try:
        k = access.kebutuhan_verifikasi_scope(actor).select_for_update().get(pk=kebutuhan.pk)
    except Kebutuhan.DoesNotExist:
        raise PermissionDenied from None
    if k.status in (St.MASUK_RENCANA, St.DITOLAK):
        raise ValidationError(f"Kebutuhan ini sudah {k.get_status_display().lower()}.")
    if k.siklus.tahap not in TAHAP_SUSUN:
        raise ValidationError("Kebutuhan hanya dapat ditolak pada tahap pengumpulan atau verifikasi.")
    k.status, k.alasan_status = St.DITOLAK, alasan
    k.diverifikasi_oleh, k.diverifikasi_pada = actor, timezone.now()
    k.save(update_fields=["status", "alasan_status", "diverifikasi_oleh", "diverifikasi_pada", "diubah"])
    return k


@transaction.atomic
def kebutuhan_prioritas(*, actor, kebutuhan, prioritas, alasan):
    """HR overrides the computed priority of one need, with the reason (the derivation never touches it again).
    ``prioritas`` None returns the need to its computed priority."""
    try:
        k = access.kebutuhan_verifikasi_scope(actor).select_for_update().get(pk=kebutuhan.pk)
    except Kebutuhan.DoesNotExist:
        raise PermissionDenied from None
    if prioritas is not None and prioritas not in P.values:
        raise ValidationError({"prioritas": "Pilih prioritas tinggi, sedang, atau rendah."})
    alasan = _alasan(alasan) if prioritas is not None else ""
    k.prioritas_manual, k.alasan_prioritas = prioritas, alasan[:255]
    k.save(update_fields=["prioritas_manual", "alasan_prioritas", "diubah"])
    return k
