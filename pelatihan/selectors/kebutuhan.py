"""Reads of perencanaan part A (issue 11): cycles, the needs of one employee / of an atasan's staff / of an OPD, the
per-OPD verification summary, the equity guard. Every function issues a fixed number of queries whatever the data
size (callers paginate the querysets)."""

from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from pembinaan import komposisi
from pembinaan import referensi as ref
from pembinaan.models import Pegawai, UnitKerja
from pembinaan.selectors import unit_dan_subunit

from ..models import EvaluasiPascaPelatihan, Kebutuhan, RekapJP, SiklusRencana

St = Kebutuhan.Status
S = Kebutuhan.Sumber


def siklus_terbaru(qs):
    """The newest cycle of a scope (the employee's page defaults to it), or None."""
    return qs.order_by("-tahun").first()


def kebutuhan_dengan_relasi(qs):
    return qs.select_related("kompetensi", "bentuk_usulan", "pegawai", "opd").order_by(
        "pegawai__nama", "pegawai_id", "sumber", "kompetensi__nama", "pk")


def pasang_tautan(rows, *, untuk_pegawai=True):
    """Give each need ``tautan``: the page of the record that caused it, as its employee opens it (built with
    reverse). Two queries at most for the whole list. For HR and the atasan (``untuk_pegawai=False``) only the
    links they open too (the employee's record, JP and programme pages), not the employee's own results page."""
    rows = list(rows)
    epp = [k.rujukan_id for k in rows if k.rujukan_jenis == Kebutuhan.Rujukan.EVALUASI_PASCA and k.rujukan_id]
    program = dict(EvaluasiPascaPelatihan.objects.filter(pk__in=epp).values_list("pk", "peserta__program_id"))
    lama = [k.rujukan_id for k in rows if k.rujukan_jenis == Kebutuhan.Rujukan.KEBUTUHAN and k.rujukan_id]
    siklus_lama = dict(Kebutuhan.objects.filter(pk__in=lama).values_list("pk", "siklus_id"))
    pribadi = (Kebutuhan.Rujukan.EVALUASI, Kebutuhan.Rujukan.KEBUTUHAN)
    for k in rows:
        k.tautan = "" if not untuk_pegawai and k.rujukan_jenis in pribadi else _tautan(k, program, siklus_lama)
    return rows


def _tautan(k, program, siklus_lama):
    R = Kebutuhan.Rujukan
    if not k.rujukan_id:
        return ""
    if k.rujukan_jenis == R.PEGAWAI:
        if k.sumber in (S.JP, S.WAJIB):
            return reverse("pelatihan:jp-pegawai", args=[k.rujukan_id]) + f"?tahun={k.siklus.tahun_data}"
        return reverse("pegawai-detail", args=[k.rujukan_id])
    if k.rujukan_jenis == R.EVALUASI_PASCA:
        return reverse("pelatihan:program-detail", args=[program[k.rujukan_id]]) if k.rujukan_id in program else ""
    if k.rujukan_jenis == R.KEBUTUHAN:
        s = siklus_lama.get(k.rujukan_id)
        return f"{reverse('pelatihan:kebutuhan-saya')}?siklus={s}" if s else ""
    return komposisi.tautan_rujukan(k.rujukan_jenis, k.rujukan_id)


def kebutuhan_pegawai(*, pegawai, siklus):
    """One employee's needs in a cycle, with the link to each source record."""
    qs = (Kebutuhan.objects.filter(siklus=siklus, pegawai=pegawai)
          .select_related("kompetensi", "bentuk_usulan", "siklus").order_by("sumber", "kompetensi__nama", "pk"))
    return pasang_tautan(qs)


def ringkasan_sumber(siklus):
    """Per source of a cycle: (label, needs, of which belum dinilai, and from the last derivation: new, updated,
    removed). One query."""
    hitung = {r["sumber"]: r for r in Kebutuhan.objects.filter(siklus=siklus).values("sumber").annotate(
        n=Count("id"), belum=Count("id", filter=Q(sumber=S.KOMPETENSI, level_kini__isnull=True)))}
    terakhir = siklus.ringkasan_penyusunan or {}
    return [(label, hitung.get(kode, {}).get("n", 0), hitung.get(kode, {}).get("belum", 0),
             terakhir.get(kode, {}).get("baru", 0), terakhir.get(kode, {}).get("diperbarui", 0),
             terakhir.get(kode, {}).get("dihapus", 0))
            for kode, label in S.choices]


def siap_verifikasi_q():
    """What HR may verify (see services.kebutuhan.siap_verifikasi): the same rule as a Q."""
    return (Q(diturunkan=True, status__in=[St.USULAN, St.DISETUJUI]) | Q(diturunkan=False, status=St.DISETUJUI)
            | Q(diturunkan=False, status=St.USULAN, pegawai__atasan__isnull=True))


def ringkasan_opd(siklus):
    """Per OPD (top-level unit): needs, ready to verify, waiting for the atasan, verified, refused. Two queries."""
    rows = (Kebutuhan.objects.filter(siklus=siklus).values("opd_id").annotate(
        total=Count("id"), siap=Count("id", filter=siap_verifikasi_q()),
        menunggu_atasan=Count("id", filter=Q(diturunkan=False, status=St.USULAN, pegawai__atasan__isnull=False)),
        diverifikasi=Count("id", filter=Q(status__in=[St.DIVERIFIKASI, St.MASUK_RENCANA])),
        ditolak=Count("id", filter=Q(status=St.DITOLAK)), pegawai=Count("pegawai_id", distinct=True)))
    nama = dict(UnitKerja.objects.filter(instansi_id=siklus.instansi_id, induk__isnull=True).values_list("id", "nama"))
    hasil = [{**r, "nama": nama.get(r["opd_id"], "Tanpa unit kerja")} for r in rows]
    return sorted(hasil, key=lambda r: (r["opd_id"] is None, r["nama"]))


def opd_siklus(siklus, opd_id):
    """The OPD (top-level unit of the cycle's instansi) or None when ``opd_id`` is 0 (employees without a unit)."""
    if opd_id == 0:
        return None
    return UnitKerja.objects.filter(instansi_id=siklus.instansi_id, induk__isnull=True).get(pk=opd_id)


TAB_OPD = ("siap", "menunggu", "diverifikasi", "ditolak", "semua")


def kebutuhan_opd(siklus, opd_id, tab):
    """The needs of one OPD for the verification page, by tab."""
    qs = Kebutuhan.objects.filter(siklus=siklus, opd_id=opd_id) if opd_id else \
        Kebutuhan.objects.filter(siklus=siklus, opd__isnull=True)
    if tab == "siap":
        qs = qs.filter(siap_verifikasi_q())
    elif tab == "menunggu":
        qs = qs.filter(diturunkan=False, status=St.USULAN, pegawai__atasan__isnull=False)
    elif tab == "diverifikasi":
        qs = qs.filter(status__in=[St.DIVERIFIKASI, St.MASUK_RENCANA])
    elif tab == "ditolak":
        qs = qs.filter(status=St.DITOLAK)
    return kebutuhan_dengan_relasi(qs.select_related("siklus"))


BATAS_DAFTAR_EKUITAS = 50


def ekuitas(siklus, opd_id):
    """The equity guard of one OPD (RESEARCH-NEXT A.6 item 9): active employees with 0 JP in the last two years
    (years N-1 and N), and the people planned into more than ``ambang_klasikal`` classroom lines while colleagues
    in the same OPD have none. Four queries."""
    if opd_id == 0:
        pegawai = Pegawai.objects.filter(instansi_id=siklus.instansi_id, unit_kerja__isnull=True)
    else:
        pegawai = Pegawai.objects.filter(instansi_id=siklus.instansi_id, unit_kerja_id__in=unit_dan_subunit(opd_id))
    pegawai = pegawai.filter(status=ref.StatusPegawai.AKTIF)
    tahun = (siklus.tahun_data - 1, siklus.tahun_data)
    ada_jp = RekapJP.objects.filter(pegawai_id=OuterRef("pk"), tahun__in=tahun, total__gt=0)
    nol = pegawai.filter(~Exists(ada_jp)).select_related("unit_kerja").order_by("nama", "pk")
    nol_jumlah = nol.count()
    klasikal = (Kebutuhan.objects.filter(siklus=siklus, pegawai__in=pegawai, item_rencana__bentuk__klasikal=True)
                .values("pegawai_id").annotate(n=Count("item_rencana", distinct=True)))
    per_orang = {r["pegawai_id"]: r["n"] for r in klasikal}
    berlebih_ids = [pid for pid, n in per_orang.items() if n > siklus.ambang_klasikal]
    tanpa = pegawai.count() - len(per_orang)  # colleagues planned into no classroom line
    berlebih = []
    if berlebih_ids and tanpa > 0:
        nama = dict(Pegawai.objects.filter(pk__in=berlebih_ids).values_list("pk", "nama"))
        berlebih = sorted(((nama[p], per_orang[p]) for p in berlebih_ids), key=lambda x: (-x[1], x[0]))
    return {"nol": list(nol[:BATAS_DAFTAR_EKUITAS]), "nol_jumlah": nol_jumlah, "tahun": tahun,
            "berlebih": berlebih, "tanpa_klasikal": tanpa, "ambang": siklus.ambang_klasikal}


def usulan_bawahan(qs):
    """The atasan's page: waiting proposals first, then the rest of the staff's needs."""
    return kebutuhan_dengan_relasi(qs.select_related("siklus")).order_by(
        "-siklus__tahun", "pegawai__nama", "pegawai_id", "sumber", "pk")


def jumlah_menunggu_atasan(qs):
    return qs.filter(diturunkan=False, status=St.USULAN).count()


def per_pegawai(rows):
    """[(pegawai, [needs])] in the rows' order."""
    grup = defaultdict(list)
    urutan = []
    for k in rows:
        if k.pegawai_id not in grup:
            urutan.append(k.pegawai)
        grup[k.pegawai_id].append(k)
    return [(p, grup[p.pk]) for p in urutan]


def siklus_daftar(qs):
    return qs.select_related("instansi").order_by("-tahun")


__all__ = [
    "SiklusRencana", "ekuitas", "jumlah_menunggu_atasan", "kebutuhan_opd", "kebutuhan_pegawai", "opd_siklus",
    "pasang_tautan", "per_pegawai", "ringkasan_opd", "ringkasan_sumber", "siklus_daftar", "siklus_terbaru",
    "usulan_bawahan",
]
