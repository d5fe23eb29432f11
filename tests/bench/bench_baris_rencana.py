"""Issue 11 part B figures: the plan-line pages and the export at 25,000 employees and 500 plan lines (about 20,000
needs): the plan page (lines with totals, coverage, history) and the 20 JP coverage page, p50/p95 over 20 requests
and query counts small vs large (constant); the XLSX export (both sheets) and the PDF, seconds. Keys
``rencana_baris_p95_ms``, ``rencana_cakupan_p95_ms``, ``rencana_baris_queries_small/large``,
``rencana_cakupan_queries_small/large``, ``rencana_xlsx_s``, ``rencana_pdf_s``.

Self-contained: the instansi and the plan come from the realisation section's generator (bench_realisasi), under
instansi codes of its own."""

import time

from django.test import Client
from django.urls import reverse

from pelatihan.ekspor_rencana import rencana_pdf, rencana_xlsx
from tests import factories as f

from .bench_realisasi import _instansi, _rencana


def run(results, *, factor, report, timed_requests, count_queries, **_):
    n = 25_000 // factor
    t = time.perf_counter()
    big = _instansi("BENCH-BARIS", "Pemerintah Provinsi Bench Baris Rencana", n)
    small = _instansi("BENCH-BARIS-KECIL", "Pemerintah Kabupaten Bench Baris Rencana", max(60, 600 // factor))
    lines = 500
    siklus, n_keb, _ = _rencana(big, lines=lines, per_line=max(5, 40 // factor), luar=10, per_luar=20, seed=211)
    siklus_kecil, _, _ = _rencana(small, lines=10, per_line=5, luar=1, per_luar=5, seed=212)
    print(f"  ({n} employees, {lines} plan lines, {n_keb} needs in {time.perf_counter() - t:.1f} s)")
    client, small_client = Client(), Client()
    client.force_login(f.hr_user(big, username="hr.bench.baris"))
    small_client.force_login(f.hr_user(small, username="hr.bench.baris.kecil"))
    label = f"{n:,} employees, {lines} lines"
    for nama, kunci in (("rencana-list", "rencana_baris"), ("rencana-cakupan", "rencana_cakupan")):
        url = reverse(f"pelatihan:{nama}", args=[siklus.pk])
        client.get(url)  # warm-up
        p50, p95 = timed_requests(client, [url] * 20)
        report(results, f"{kunci}_p50_ms", p50, f"{nama} at {label}: p50 ms")
        report(results, f"{kunci}_p95_ms", p95, f"{nama} at {label}: p95 ms")
        report(results, f"{kunci}_queries_small", count_queries(
            small_client, reverse(f"pelatihan:{nama}", args=[siklus_kecil.pk])), f"{nama} queries, 10 lines")
        report(results, f"{kunci}_queries_large", count_queries(client, url), f"{nama} queries, {lines} lines")
    t = time.perf_counter()
    data = rencana_xlsx(siklus=siklus)
    report(results, "rencana_xlsx_s", time.perf_counter() - t,
           f"XLSX export ({n_keb} needs + {lines} lines): seconds ({len(data) // 1024} KiB)")
    t = time.perf_counter()
    rencana_pdf(siklus=siklus)
    report(results, "rencana_pdf_s", time.perf_counter() - t, f"PDF of the plan ({lines} lines): seconds")
