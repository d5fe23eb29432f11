"""Issue 5 figures (mentoring): ranked mentor suggestions for one mentee in an instansi of 25,000 employees
(page p50/p95 over 40 requests for different mentees and kinds; query count), and the HR overview at 5,000
active pairs and 50,000 sessions (p50/p95 over 50 requests; query counts small vs large).

Self-contained (does not need the 'pembinaan' section): the instansi comes from ``generate_instansi`` (unit
tree, jabatan with jenjang, golongan, atasan, competency standards and profiles), topped up so that about
nine in ten active employees have an assessed profile; pairs and sessions are written with COPY."""

import datetime
import random
import time
from collections import Counter, defaultdict

import pgtrigger
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentoring.models import JenisMentoring, PasanganMentoring, SesiMentoring
from pembinaan import bulk
from pembinaan import referensi as ref
from pembinaan.demo import generate_instansi
from pembinaan.models import Instansi, Pegawai, ProfilKompetensi, UnitKerja
from tests import factories as f

PS = PasanganMentoring.Status
SS = SesiMentoring.Status
TOPIK = ("Penyusunan SKP dan rencana hasil kerja", "Aktualisasi nilai BerAKHLAK", "Penyusunan telaahan staf",
         "Analisis kebijakan: perumusan masalah", "Pengelolaan arsip dinamis", "Penyusunan laporan keuangan",
         "Rancangan aktualisasi Latsar", "Pelayanan publik dan pengaduan", "Proyek perubahan PKA",
         "Evaluasi kinerja unit", "Komunikasi dengan pemangku kepentingan", "Penyusunan KAK pengadaan")


def _instansi(kode, nama, n):
    inst = Instansi.objects.filter(kode=kode).first()
    if inst is None or not inst.pegawai.exists():
        inst = generate_instansi(kode=kode, nama=nama, jumlah_pegawai=n)
    return inst


def _lengkapi_profil(instansi):
    """generate_instansi assesses about half of the active staff; assess most of the others too (four in
    five, deterministic), one row per competency of their jabatan's standard, around the required level."""
    with connection.cursor() as cur:
        cur.execute("""
            INSERT INTO pembinaan_profilkompetensi (pegawai_id, kompetensi_id, level, tanggal_asesmen)
            SELECT p.id, s.kompetensi_id,
                   LEAST(5, GREATEST(1, s.level + (ARRAY[-2, -1, -1, 0, 0, 0, 0, 1])[
                       1 + (p.id * 7 + s.kompetensi_id * 13) %% 8])),
                   DATE '2025-01-01' + (p.id %% 600)::int
            FROM pembinaan_pegawai p JOIN pembinaan_standarkompetensijabatan s ON s.jabatan_id = p.jabatan_id
            WHERE p.instansi_id = %s AND p.status = 'aktif' AND p.id %% 5 <> 0
              AND NOT EXISTS (SELECT 1 FROM pembinaan_profilkompetensi x WHERE x.pegawai_id = p.id)""",
                    [instansi.pk])
        cur.execute("ANALYZE pembinaan_pegawai")
        cur.execute("VACUUM ANALYZE pembinaan_profilkompetensi")  # steady state, as autovacuum leaves it
        cur.execute("ANALYZE pembinaan_standarkompetensijabatan")


def _opd(instansi):
    """unit id -> id of its top-level unit (the OPD)."""
    induk = dict(UnitKerja.objects.filter(instansi=instansi).values_list("id", "induk_id"))
    akar = {}
    for uid in induk:
        x = uid
        while induk.get(x) is not None:
            x = induk[x]
        akar[uid] = x
    return akar


def _pasangan(instansi, *, aktif, selesai, batal, usulan, sesi, today, seed):
    """Pairs (mentor from the mentee's OPD, not more junior; CPNS with their atasan for Latsar) and sessions
    spread over the last year, written with COPY (the history triggers are skipped: bench data)."""
    rnd = random.Random(seed)
    akar = _opd(instansi)
    staf = list(Pegawai.objects.filter(instansi=instansi, status="aktif")
                .values_list("id", "unit_kerja_id", "atasan_id", "jenis_asn", "golongan"))
    rank = {pid: ref.URUTAN_GOLONGAN.get(gol, 0) for pid, _, _, _, gol in staf}
    calon_per_opd = defaultdict(list)
    for pid, unit, _, jenis_asn, _ in staf:
        if jenis_asn != ref.JenisAsn.CPNS:
            calon_per_opd[akar.get(unit)].append(pid)
    beban = Counter()
    n_pasangan = aktif + selesai + batal + usulan
    mentee_pool = rnd.sample(staf, min(len(staf), n_pasangan * 2))
    statuses = [PS.AKTIF] * aktif + [PS.SELESAI] * selesai + [PS.DIBATALKAN] * batal + [PS.USULAN] * usulan
    now = timezone.now()
    rows = []
    ids = iter(bulk.reserve_ids(PasanganMentoring, n_pasangan))
    for pid, unit, atasan, jenis_asn, _ in mentee_pool:
        if len(rows) == n_pasangan:
            break
        status = statuses[len(rows)]
        if jenis_asn == ref.JenisAsn.CPNS and atasan and rnd.random() < 0.9:
            jenis, mentor = JenisMentoring.LATSAR, atasan
        else:
            jenis = JenisMentoring.KEPEMIMPINAN if rnd.random() < 0.2 else JenisMentoring.UMUM
            calon = [c for c in rnd.sample(calon_per_opd[akar.get(unit)], min(8, len(calon_per_opd[akar.get(unit)])))
                     if c != pid and rank[c] >= rank[pid]]
            if not calon:
                continue
            # HR mostly respects the capacity of 3; a few mentors end up over it (confirmed warnings).
            mentor = min(calon, key=lambda c: beban[c]) if rnd.random() < 0.9 else calon[0]
        if status == PS.USULAN:
            mulai = today + datetime.timedelta(days=rnd.randint(0, 30))
        elif status == PS.AKTIF:
            mulai = today - datetime.timedelta(days=rnd.randint(0, 330))
        else:
            mulai = today - datetime.timedelta(days=rnd.randint(100, 365))
        bulan = rnd.choice((3, 3, 3, 6, 6, 12))
        berakhir = mulai + datetime.timedelta(days=30 * bulan)
        if status == PS.AKTIF:
            beban[mentor] += 1
        akhir = None
        if status in (PS.SELESAI, PS.DIBATALKAN):
            hari_akhir = min(berakhir, today - datetime.timedelta(days=1)) if status == PS.SELESAI else \
                mulai + datetime.timedelta(days=rnd.randint(10, 60))
            akhir = datetime.datetime.combine(min(hari_akhir, today), datetime.time(10), tzinfo=datetime.UTC)
        rows.append({
            "id": next(ids), "instansi_id": instansi.pk, "mentor_id": mentor, "mentee_id": pid, "jenis": jenis,
            "tujuan": "Pendampingan pengembangan kompetensi", "rencana_mulai": mulai, "rencana_selesai": berakhir,
            "status": status,
            "ringkasan_penutup": "Target pendampingan tercapai." if status == PS.SELESAI else "",
            "alasan_batal": "Mentor mutasi ke instansi lain." if status == PS.DIBATALKAN else "",
            "peringatan": "[]", "dibuat_oleh_id": None, "dibuat": now, "diubah": now, "diakhiri_pada": akhir,
            "diingatkan_pada": None, "hr_diingatkan_pada": None})

    # Sessions: active and finished pairs, weighted by the days they ran in the last year; a sixth of the
    # active pairs went quiet (no sessions: "tanpa aktivitas").
    setahun = today - datetime.timedelta(days=365)
    hidup, bobot = [], []
    for p in rows:
        if p["status"] not in (PS.AKTIF, PS.SELESAI):
            continue
        dari = max(p["rencana_mulai"], setahun)
        sampai = today if p["status"] == PS.AKTIF else p["diakhiri_pada"].date()
        if sampai <= dari or (p["status"] == PS.AKTIF and rnd.random() < 1 / 6):
            continue
        hidup.append((p, dari, (sampai - dari).days))
        bobot.append((sampai - dari).days * rnd.choice((0.5, 1, 1, 1.5, 2)))
    sesi_rows = []
    for p, dari, hari in rnd.choices(hidup, weights=bobot, k=sesi) if hidup else []:
        tanggal = dari + datetime.timedelta(days=rnd.randint(0, hari))
        baru = (today - tanggal).days < 14
        status = rnd.choices((SS.DIKONFIRMASI, SS.MENUNGGU, SS.DITOLAK, SS.DITARIK),
                             weights=(40, 50, 5, 5) if baru else (80, 9, 6, 5))[0]
        penulis, lawan = (p["mentor_id"], p["mentee_id"]) if rnd.random() < 0.6 else (p["mentee_id"], p["mentor_id"])
        waktu = datetime.datetime.combine(tanggal, datetime.time(15), tzinfo=datetime.UTC)
        diputus = status in (SS.DIKONFIRMASI, SS.DITOLAK)
        sesi_rows.append({
            "pasangan_id": p["id"], "tanggal": tanggal, "durasi_menit": rnd.choice((30, 45, 60, 60, 90, 120)),
            "topik": rnd.choice(TOPIK), "catatan": "", "tindak_lanjut": "", "penulis_id": penulis, "status": status,
            "diputus_oleh_id": lawan if diputus else None, "diputus_pada": waktu if diputus else None,
            "alasan_tolak": "Sesi tidak berlangsung pada tanggal tersebut." if status == SS.DITOLAK else "",
            "ditarik_pada": waktu if status == SS.DITARIK else None, "dibuat": waktu, "diubah": waktu})
    with transaction.atomic(), pgtrigger.ignore("mentoring.PasanganMentoring:insert_insert",
                                                "mentoring.SesiMentoring:insert_insert"):
        bulk.copy_rows(PasanganMentoring, rows)
        bulk.copy_rows(SesiMentoring, sesi_rows)
    return rows, beban


def _mentee_urls(instansi, n, seed):
    """Active employees with no open pair, most with assessed gaps: (url, jenis) for n requests, the kinds
    mixed (Latsar for CPNS)."""
    with connection.cursor() as cur:
        cur.execute("""
            SELECT p.id, p.jenis_asn, EXISTS (
                SELECT 1 FROM pembinaan_standarkompetensijabatan s JOIN pembinaan_profilkompetensi pk
                  ON pk.pegawai_id = p.id AND pk.kompetensi_id = s.kompetensi_id
                WHERE s.jabatan_id = p.jabatan_id AND s.level > pk.level) AS ada_gap
            FROM pembinaan_pegawai p
            WHERE p.instansi_id = %s AND p.status = 'aktif' AND NOT EXISTS (
                SELECT 1 FROM mentoring_pasanganmentoring m
                WHERE m.mentee_id = p.id AND m.status IN ('usulan', 'aktif'))
            ORDER BY p.id""", [instansi.pk])
        rows = cur.fetchall()
    rnd = random.Random(seed)
    gap = [r for r in rows if r[2]]
    lain = [r for r in rows if not r[2]]
    pilih = rnd.sample(gap, min(len(gap), n * 4 // 5))
    pilih += rnd.sample(lain, min(len(lain), n - len(pilih)))
    rnd.shuffle(pilih)
    kinds = [JenisMentoring.UMUM, JenisMentoring.KEPEMIMPINAN, JenisMentoring.UMUM]
    urls = []
    for i, (pid, jenis_asn, _) in enumerate(pilih):
        jenis = JenisMentoring.LATSAR if jenis_asn == ref.JenisAsn.CPNS else kinds[i % 3]
        urls.append(f"{reverse('mentoring:saran', args=[pid])}?jenis={jenis}")
    return urls


def run(results, *, factor, report, timed_requests, count_queries, **_):
    today = timezone.localdate()
    n = 25_000 // factor
    t = time.perf_counter()
    big = _instansi("BENCH-MENTOR", "Pemerintah Provinsi Bench Mentoring", n)
    small = _instansi("BENCH-MENTOR-KECIL", "Pemerintah Kabupaten Bench Mentoring", max(60, 600 // factor))
    gen_s = time.perf_counter() - t
    t = time.perf_counter()
    for inst in (big, small):
        _lengkapi_profil(inst)
    profil = ProfilKompetensi.objects.filter(pegawai__instansi=big).count()
    print(f"  (generated {n} + {small.pegawai.count()} employees in {gen_s:.1f} s; {profil} competency profile rows "
          f"for {ProfilKompetensi.objects.filter(pegawai__instansi=big).values('pegawai').distinct().count()} "
          f"of {big.pegawai.filter(status='aktif').count()} active employees, topped up in "
          f"{time.perf_counter() - t:.1f} s)")

    t = time.perf_counter()
    aktif = 5_000 // factor
    pairs, beban = _pasangan(big, aktif=aktif, selesai=1_500 // factor, batal=500 // factor, usulan=300 // factor,
                             sesi=50_000 // factor, today=today, seed=51)
    _pasangan(small, aktif=20, selesai=6, batal=2, usulan=2, sesi=200, today=today, seed=52)
    with connection.cursor() as cur:  # steady state, as autovacuum leaves it
        cur.execute("VACUUM ANALYZE mentoring_pasanganmentoring")
        cur.execute("VACUUM ANALYZE mentoring_sesimentoring")
    per_status = ", ".join(f"{n} {s}" for s, n in Counter(str(p["status"]) for p in pairs).items())
    per_sesi = ", ".join(f"{n} {s}" for s, n in SesiMentoring.objects.filter(pasangan__instansi=big)
                         .values_list("status").annotate(n=Count("id")).order_by("status"))
    n_sesi = SesiMentoring.objects.filter(pasangan__instansi=big).count()
    print(f"  (pairs: {per_status}; {len(beban)} mentors with active mentees, "
          f"max load {max(beban.values(), default=0)}; "
          f"{n_sesi} sessions: {per_sesi}; in {time.perf_counter() - t:.1f} s)")

    hr_big = f.hr_user(big, username="hr.bench.mentoring")
    hr_small = f.hr_user(small, username="hr.bench.mentoring.kecil")
    client = Client()
    client.force_login(hr_big)
    small_client = Client()
    small_client.force_login(hr_small)

    # 1. Suggestions: 40 different mentees, the kinds mixed.
    urls = _mentee_urls(big, 40, seed=53)
    jumlah = [client.get(u).content.count(b"data-mentor=") for u in urls[:10]]  # warm-up and sanity check
    print(f"  (suggestions shown for the first 10 mentees: {jumlah})")
    p50, p95 = timed_requests(client, urls)
    label = f"{n:,}"
    report(results, "mentor_suggest_p50_ms", p50, f"mentor suggestions at {label} employees: p50 ms")
    report(results, "mentor_suggest_p95_ms", p95, f"mentor suggestions at {label} employees: p95 ms (target <= 300)")
    report(results, "mentor_suggest_queries", count_queries(client, urls[0]), "mentor suggestions page queries")

    # 2. HR overview: the large instansi (timed), a small one with 20 pairs for the constant query count.
    url = reverse("mentoring:overview")
    p50, p95 = timed_requests(client, [url] * 50)
    report(results, "mentoring_overview_p50_ms", p50, f"mentoring overview at {aktif} active pairs: p50 ms")
    report(results, "mentoring_overview_p95_ms", p95,
           f"mentoring overview at {aktif} active pairs, {n_sesi} sessions: p95 ms (target <= 200)")
    report(results, "mentoring_overview_queries_small", count_queries(small_client, url),
           "mentoring overview queries, 20 pairs")
    report(results, "mentoring_overview_queries_large", count_queries(client, url),
           f"mentoring overview queries, {aktif} active pairs")
