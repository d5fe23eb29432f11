"""Issue 12 figures (disclosure control on pimpinan's views): the period overview as pimpinan see it (the
predikat distribution protected by pembinaan/pengungkapan.py) next to HR's exact one, on the 100,000-employee
instansi of the records bench, and the disclosure module alone on a 200-OPD table."""

import random
import time

from django.test import Client

from evaluasi.models import PeriodeEvaluasi
from pembinaan import pengungkapan
from tests import factories as f
from tests.bench import bench_evaluasi as ev


def _periode_besar(factor):
    """The evaluasi section's period on the big instansi, or the same set-up when that section did not run."""
    big = ev._instansi("BENCH-BESAR", "Pemerintah Provinsi Bench", 100_000 // factor)
    periode = PeriodeEvaluasi.objects.filter(instansi=big, nama="Bench triwulan besar").first()
    if periode is None:
        ev._set_atasan(big)
        hr = f.hr_user(big, username="hr.bench.pimpinan")
        periode, _, _, _ = ev._open(big, hr, "Bench triwulan besar")
        ev._fill(periode)
    return big, periode


def run(results, *, factor, report, timed_requests, count_queries, **_):
    big, periode = _periode_besar(factor)
    url = f"/evaluasi/periode/{periode.pk}/ringkasan/"
    pimpinan = Client()
    pimpinan.force_login(f.pimpinan_user(big, username="pimpinan.bench.ringkasan"))
    hr = Client()
    hr.force_login(f.hr_user(big, username="hr.bench.ringkasan"))
    n_unit = big.unit_kerja.filter(induk__isnull=True).count()
    p50, p95 = timed_requests(pimpinan, [url] * 50)
    report(results, "ringkasan_pimpinan_p50_ms", p50, f"pimpinan's protected overview, {n_unit} units: p50 ms")
    report(results, "ringkasan_pimpinan_p95_ms", p95, f"pimpinan's protected overview, {n_unit} units: p95 ms")
    _, p95_hr = timed_requests(hr, [url] * 50)
    report(results, "ringkasan_hr_sama_p95_ms", p95_hr, "HR's exact overview, same period: p95 ms")
    report(results, "ringkasan_pimpinan_queries", count_queries(pimpinan, url), "pimpinan's overview: queries")

    # The module alone: 200 OPDs of 1-60 people, five predikat, every rule on (k = 10, n >= 20, homogeneity).
    rng = random.Random(12)
    kategori = ["SB", "B", "BP", "K", "SK"]
    baris = {}
    for i in range(200):
        isi = dict.fromkeys(kategori, 0)
        for _ in range(rng.randint(1, 60)):
            isi[rng.choice(kategori)] += 1
        baris[f"OPD {i}"] = isi
    t = time.perf_counter()
    sel = pengungkapan.tabel_jumlah("predikat", baris, instansi="Instansi", k=10, homogen=True, n_rincian=20)
    report(results, "pengungkapan_200_opd_ms", (time.perf_counter() - t) * 1000,
           "disclosure module, 200 OPDs x 5 predikat: ms")
    assert pengungkapan.terbongkar(sel) == []
