"""Reads of the records app. Each page's queries are decided here and do not grow with the data."""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, IntegerField, Value, When
from django.utils import timezone

from . import access
from . import referensi as ref
from .models import Pegawai, UnitKerja

URUTAN = {
    "nama": ("nama", "id"),
    "-nama": ("-nama", "-id"),
    "nip": ("nip",),
    "-nip": ("-nip",),
    "golongan": ("golongan_urut", "nama"),
    "-golongan": ("-golongan_urut", "nama"),
    "unit": ("unit_kerja__nama", "nama"),
    "-unit": ("-unit_kerja__nama", "nama"),
    "jabatan": ("jabatan__nama", "nama"),
    "-jabatan": ("-jabatan__nama", "nama"),
}


def unit_dan_subunit(unit_id):
    """The ids of a unit and all its sub-units, as a subquery (one recursive CTE): a unit includes its
    sub-units wherever HR filters by unit."""
    from django.db.models.expressions import RawSQL

    return RawSQL("WITH RECURSIVE t(id) AS (SELECT %s::bigint UNION SELECT u.id FROM pembinaan_unitkerja u "
                  "JOIN t ON u.induk_id = t.id) SELECT id FROM t", [unit_id])


def peta_induk_unit(instansi_id):
    """The instansi's unit tree as {unit id: parent id} (a few hundred rows, one query)."""
    from .models import UnitKerja

    return dict(UnitKerja.objects.filter(instansi_id=instansi_id).values_list("id", "induk_id"))


def _golongan_urut():
    return Case(*[When(golongan=k, then=Value(v)) for k, v in ref.URUTAN_GOLONGAN.items()],
                default=Value(0), output_field=IntegerField())


def pegawai_list(*, user, filterset_class, data, urut="nama"):
    """The employee list of ``user``'s scope, filtered; returns (filterset, queryset)."""
    qs = access.pegawai_list_scope(user).select_related("unit_kerja", "jabatan")
    filterset = filterset_class(data, queryset=qs, user=user)
    qs = filterset.qs
    if urut.lstrip("-") == "golongan":
        qs = qs.annotate(golongan_urut=_golongan_urut())
    return filterset, qs.order_by(*URUTAN.get(urut, URUTAN["nama"]))


def pegawai_detail(*, user, pk):
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        access.pegawai_scope(user).select_related("instansi", "unit_kerja", "jabatan", "atasan", "user"), pk=pk)


def pegawai_kompetensi(*, pegawai):
    """Required level (the jabatan's SKJ) against assessed level, per competency; gap = required − assessed."""
    from .models import ProfilKompetensi, StandarKompetensiJabatan

    rows = {}
    if pegawai.jabatan_id:
        for s in StandarKompetensiJabatan.objects.filter(jabatan_id=pegawai.jabatan_id).select_related("kompetensi"):
            rows[s.kompetensi_id] = {"kompetensi": s.kompetensi, "standar": s.level, "asesmen": None}
    for p in ProfilKompetensi.objects.filter(pegawai=pegawai).select_related("kompetensi"):
        rows.setdefault(p.kompetensi_id, {"kompetensi": p.kompetensi, "standar": None})["asesmen"] = p.level
    for r in rows.values():
        r["gap"] = max(r["standar"] - r["asesmen"], 0) if r["standar"] and r["asesmen"] else None
    return sorted(rows.values(), key=lambda r: (r["kompetensi"].kategori, r["kompetensi"].kode))


HISTORY_FIELDS = [
    ("nama", "Nama"), ("gelar_depan", "Gelar depan"), ("gelar_belakang", "Gelar belakang"),
    ("jenis_kelamin", "Jenis kelamin"), ("tanggal_lahir", "Tanggal lahir"), ("tempat_lahir", "Tempat lahir"),
    ("jenis_asn", "Jenis ASN"), ("golongan", "Golongan"), ("tmt_golongan", "TMT golongan"),
    ("tmt_cpns", "TMT CPNS"), ("pendidikan", "Pendidikan"), ("jabatan_id", "Jabatan"),
    ("unit_kerja_id", "Unit kerja"), ("atasan_id", "Atasan"), ("status", "Status"), ("nik", "NIK"),
    ("email", "E-mail"), ("no_hp", "Nomor HP"), ("pns_id", "PNS ID"),
]


def pegawai_history(*, pegawai, limit=50):
    """Change history (from the database triggers): who, when, how, and which fields changed."""
    from .models import Jabatan

    Event = Pegawai.pgh_event_model
    events = list(Event.objects.filter(pgh_obj_id=pegawai.pk).select_related("pgh_context")
                  .order_by("-pgh_id")[: limit + 1])
    events.reverse()
    user_ids, jabatan_ids, unit_ids, pegawai_ids = set(), set(), set(), set()
    for e in events:
        meta = e.pgh_context.metadata if e.pgh_context_id else {}
        if meta.get("user"):
            user_ids.add(meta["user"])
        jabatan_ids.add(e.jabatan_id)
        unit_ids.add(e.unit_kerja_id)
        pegawai_ids.add(e.atasan_id)
    users = {u.pk: u.get_full_name() or u.username for u in get_user_model().objects.filter(pk__in=user_ids)}
    names = {
        "jabatan_id": dict(Jabatan.objects.filter(pk__in=jabatan_ids - {None}).values_list("id", "nama")),
        "unit_kerja_id": dict(UnitKerja.objects.filter(pk__in=unit_ids - {None}).values_list("id", "nama")),
        "atasan_id": dict(Pegawai.objects.filter(pk__in=pegawai_ids - {None}).values_list("id", "nama")),
    }
    for field, choices in (("jenis_kelamin", ref.JenisKelamin), ("jenis_asn", ref.JenisAsn),
                           ("status", ref.StatusPegawai)):
        names[field] = dict(choices.choices)
    sumber_label = {"impor": "Impor berkas", "formulir": "Formulir", "atasan": "Penetapan atasan"}
    rows = []
    previous = None
    for e in events:
        meta = e.pgh_context.metadata if e.pgh_context_id else {}
        changes = []
        for field, label in HISTORY_FIELDS:
            new = getattr(e, field)
            old = getattr(previous, field) if previous is not None else None
            if previous is None or new != old:
                if previous is None and new in (None, ""):
                    continue
                lookup = names.get(field, {})
                changes.append((label, lookup.get(old, old), lookup.get(new, new)))
        previous = e
        if changes:
            rows.append({
                "waktu": e.pgh_created_at,
                "jenis": "Dibuat" if e.pgh_label == "insert" else "Diubah",
                "oleh": users.get(meta.get("user"), "Sistem"),
                "sumber": sumber_label.get(meta.get("sumber"), meta.get("sumber") or "Sistem"),
                "perubahan": changes,
            })
    rows.reverse()
    return rows[:limit]


def unit_tree(*, user, instansi):
    """The organisation tree with headcounts (own and including sub-units). Two queries in all."""
    units = list(access.unit_scope(user).filter(instansi=instansi).values("id", "nama", "induk_id"))
    counts = dict(
        Pegawai.objects.filter(instansi=instansi, status=ref.StatusPegawai.AKTIF, unit_kerja__isnull=False)
        .values_list("unit_kerja_id").annotate(n=Count("id")).values_list("unit_kerja_id", "n")
    )
    children = defaultdict(list)
    for u in units:
        u["jumlah"] = counts.get(u["id"], 0)
        children[u["induk_id"]].append(u)
    ids = {u["id"] for u in units}

    def build(node):
        node["anak"] = sorted(children.get(node["id"], []), key=lambda n: n["nama"])
        node["total"] = node["jumlah"] + sum(build(c) for c in node["anak"])
        return node["total"]

    roots = sorted([u for u in units if u["induk_id"] is None or u["induk_id"] not in ids], key=lambda n: n["nama"])
    for r in roots:
        build(r)
    tanpa_unit = Pegawai.objects.filter(instansi=instansi, status=ref.StatusPegawai.AKTIF,
                                        unit_kerja__isnull=True).count()
    return roots, tanpa_unit


# Age bands (by birth year); the SQL CASE in _HEADCOUNT_SQL uses the same bounds.
BAND_USIA = [(0, 30, "< 30"), (30, 40, "30–39"), (40, 50, "40–49"), (50, 56, "50–55"), (56, 200, "≥ 56")]


_HEADCOUNT_SQL = """
SELECT GROUPING(p.jenis_asn), GROUPING(p.golongan), GROUPING(j.jenis), GROUPING(b.band), GROUPING(p.unit_kerja_id),
       p.jenis_asn, p.golongan, j.jenis, b.band, p.unit_kerja_id, COUNT(*)
FROM pembinaan_pegawai p
LEFT JOIN pembinaan_jabatan j ON j.id = p.jabatan_id
CROSS JOIN LATERAL (SELECT %s - EXTRACT(YEAR FROM p.tanggal_lahir)::int AS usia) u
CROSS JOIN LATERAL (SELECT CASE WHEN u.usia < 30 THEN 0 WHEN u.usia < 40 THEN 1 WHEN u.usia < 50 THEN 2
                                WHEN u.usia < 56 THEN 3 ELSE 4 END AS band) b
WHERE p.instansi_id = %s AND p.status = 'aktif'
GROUP BY GROUPING SETS ((p.jenis_asn), (p.golongan), (j.jenis), (b.band), (p.unit_kerja_id), ())
"""


def dashboard(*, instansi, today=None):
    """HR dashboard, first version: headcounts by unit, golongan, jabatan kind, jenis ASN and age band.

    One scan of the instansi's active employees (GROUPING SETS) plus the unit tree: two queries
    whatever the size of the instansi.
    """
    today = today or timezone.localdate()
    from django.db import connection

    counts = {"jenis_asn": {}, "golongan": {}, "jabatan": {}, "usia": {}, "unit": {}}
    total = 0
    with connection.cursor() as cur:
        cur.execute(_HEADCOUNT_SQL, [today.year, instansi.pk])
        for g_asn, g_gol, g_jab, g_usia, g_unit, asn, gol, jab, band, unit, n in cur.fetchall():
            if not g_asn:
                counts["jenis_asn"][asn] = n
            elif not g_gol:
                counts["golongan"][gol] = n
            elif not g_jab:
                counts["jabatan"][jab] = n
            elif not g_usia:
                counts["usia"][band] = n
            elif not g_unit:
                counts["unit"][unit] = n
            else:
                total = n
    roots, dengan_unit = _opd_totals(instansi, counts["unit"])

    def rows(found, order):
        return [(label, found.get(key, 0), _pct(found.get(key, 0), total)) for key, label in order
                if found.get(key, 0)]

    return {
        "total": total,
        "jenis_asn": rows(counts["jenis_asn"], ref.JenisAsn.choices),
        "golongan_pns": rows(counts["golongan"], [(k, k) for k in ref.GOLONGAN_PNS_KODE]),
        "golongan_pppk": rows(counts["golongan"], [(k, k) for k in ref.GOLONGAN_PPPK]),
        "jabatan": rows(counts["jabatan"], ref.JenisJabatan.choices + [(None, "Belum ada jabatan")]),
        "usia": [(label, counts["usia"].get(i, 0), _pct(counts["usia"].get(i, 0), total))
                 for i, (_, _, label) in enumerate(BAND_USIA)],
        "unit": [(r["nama"], r["total"], _pct(r["total"], total)) for r in sorted(roots, key=lambda r: -r["total"])],
        "tanpa_unit": total - dengan_unit,
    }


def _opd_totals(instansi, per_unit):
    """Active headcount per top-level unit (sub-units rolled up) and the number with any unit."""
    units = list(UnitKerja.objects.filter(instansi=instansi).values("id", "nama", "induk_id"))
    counts = {k: v for k, v in per_unit.items() if k is not None}
    parent = {u["id"]: u["induk_id"] for u in units}
    root_of = {}

    def root(uid):
        seen = []
        while parent.get(uid) is not None and uid not in root_of:
            seen.append(uid)
            uid = parent[uid]
        r = root_of.get(uid, uid)
        for s in seen:
            root_of[s] = r
        return r

    totals = defaultdict(int)
    for uid, n in counts.items():
        totals[root(uid)] += n
    roots = [{"id": u["id"], "nama": u["nama"], "total": totals.get(u["id"], 0)} for u in units
             if u["induk_id"] is None]
    return roots, sum(counts.values())


def _pct(n, total):
    return round(100 * n / total, 1) if total else 0


# ---------------------------------------------------------------------------- transparency snapshots (issue 12)

def transparansi_peta_opd(instansi_id):
    """{unit id: id of its top-level unit (OPD)} and {OPD id: name}: two queries, the tree resolved in Python."""
    units = list(UnitKerja.objects.filter(instansi_id=instansi_id).values_list("id", "induk_id", "nama"))
    induk = {u: i for u, i, _n in units}
    akar = {}
    for uid in induk:
        jalur, u = [], uid
        while u is not None and u not in akar and induk.get(u) is not None and len(jalur) <= len(induk):
            jalur.append(u)
            u = induk[u]
        r = akar.get(u, u)
        for j in jalur:
            akar[j] = r
        akar.setdefault(uid, r)
    nama = {u: n for u, i, n in units if i is None or i not in induk}
    return akar, nama


def transparansi_pegawai(konteks):
    """The records app's indicators: active ASN by kind (PNS incl. CPNS / PPPK incl. paruh waktu) and by sex, per
    OPD. One grouped query."""
    from .transparansi_indikator import HITUNGAN, Indikator, tambah_angka

    baris = (Pegawai.objects.filter(instansi=konteks.instansi, status=ref.StatusPegawai.AKTIF)
             .values_list("unit_kerja_id", "jenis_asn", "jenis_kelamin").annotate(n=Count("id")).order_by())
    jenis, kelamin = [], []
    for unit_id, jenis_asn, jk, n in baris:
        label_jenis = "PNS" if jenis_asn in ref.JENIS_PNS else "PPPK"
        jenis.append((unit_id, label_jenis, n))
        kelamin.append((unit_id, ref.JenisKelamin(jk).label, n))
    produsen = "BKPSDM"
    return [
        Indikator("asn_jenis", "Jumlah ASN menurut jenis",
                  "Pegawai berstatus aktif pada tanggal data: PNS (termasuk CPNS) dan PPPK (termasuk PPPK paruh "
                  "waktu), per perangkat daerah.", "orang", "Kepegawaian", produsen, HITUNGAN,
                  ["PNS", "PPPK"], konteks.gulung(jenis, tambah_angka)),
        Indikator("asn_jenis_kelamin", "Jumlah ASN menurut jenis kelamin",
                  "Pegawai berstatus aktif pada tanggal data menurut jenis kelamin, per perangkat daerah.",
                  "orang", "Kepegawaian", produsen, HITUNGAN, ["Laki-laki", "Perempuan"],
                  konteks.gulung(kelamin, tambah_angka)),
    ]


def transparansi_snapshot_list(*, instansi, limit=24):
    """The instansi's snapshots, newest first, without their JSON (the list page)."""
    from .models import SnapshotTransparansi

    return list(SnapshotTransparansi.objects.filter(instansi=instansi).defer("data")
                .select_related("diterbitkan_oleh")[:limit])


def transparansi_terakhir_terbit(*, instansi_id):
    """The instansi's latest published snapshot's date and publication time (or None), without its JSON."""
    from .models import SnapshotTransparansi

    return (SnapshotTransparansi.objects.filter(instansi_id=instansi_id, status="diterbitkan")
            .order_by("-tanggal").values("id", "tanggal", "diterbitkan_pada").first())
