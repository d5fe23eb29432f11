"""Issue 14 §2 figures: the HR employee XLSX export (``/pegawai/ekspor.xlsx``), on the 'pembinaan' section's
instansi of 100,000 employees, as its HR user:

- one unit (the largest unit of the instansi, as the load's "hr: ekspor XLSX (satu unit)"): server time p50/p95
  over 20 requests, this process's CPU per request (median), the queries, and the same rows through the earlier
  path (PegawaiResource's model instances + openpyxl write-only cells) for the before → after;
- the whole instansi (every active employee, no filter): one request, wall and CPU seconds, file size; and the
  earlier path once for comparison. The export is synchronous: this is how long the HR user waits.

    PEMBINAAN_DB_NAME=bench_x .venv/bin/python -m tests.bench.run --bagian pembinaan,ekspor --sendiri
"""

import io
import statistics
import time

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.test import Client
from openpyxl import Workbook

from pembinaan import ekspor, selectors
from pembinaan.filters import PegawaiFilter
from pembinaan.models import Instansi, Pegawai


def _cpu_ms(fn, n):
    hasil = []
    for _ in range(n):
        c = time.process_time()
        fn()
        hasil.append((time.process_time() - c) * 1000)
    return statistics.median(hasil)


def run(results, *, factor, report, timed_requests, count_queries):
    inst = Instansi.objects.get(kode="BENCH-BESAR")
    user = get_user_model().objects.get(username="hr.bench")
    client = Client()
    client.force_login(user)
    unit_id, n_unit = (Pegawai.objects.filter(instansi=inst, status="aktif", unit_kerja__isnull=False)
                       .values_list("unit_kerja_id").annotate(n=Count("id")).order_by("-n").first())
    url = f"/pegawai/ekspor.xlsx?unit_kerja={unit_id}"
    p50, p95 = timed_requests(client, [url] * 20)
    report(results, "ekspor_unit_p50_ms", p50, f"export XLSX, one unit ({n_unit} employees) p50 ms")
    report(results, "ekspor_unit_p95_ms", p95, "export XLSX, one unit p95 ms")
    report(results, "ekspor_unit_cpu_ms", _cpu_ms(lambda: client.get(url), 20),
           "export XLSX, one unit: CPU of this process per request, ms (median)")
    report(results, "ekspor_unit_queries", count_queries(client, url), "export XLSX, one unit: queries")

    def lama(data):
        _, qs = selectors.pegawai_list(user=user, filterset_class=PegawaiFilter, data=data)
        ds = ekspor.dataset(qs)
        wb = Workbook(write_only=True)
        ekspor.lembar_xlsx(wb, "Pegawai", ds.headers, ds)
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()

    def baru(data):
        _, qs = selectors.pegawai_list(user=user, filterset_class=PegawaiFilter, data=data)
        return ekspor.xlsx_bytes(ekspor.HEADER_EKSPOR, ekspor.baris_pegawai(qs))

    unit = {"unit_kerja": str(unit_id)}
    report(results, "ekspor_unit_cpu_lama_ms", _cpu_ms(lambda: lama(unit), 10),
           "  rows + workbook only, earlier path (Resource + openpyxl), CPU ms")
    report(results, "ekspor_unit_cpu_baru_ms", _cpu_ms(lambda: baru(unit), 10),
           "  rows + workbook only, now (values_list + sheet XML), CPU ms")

    t, c = time.perf_counter(), time.process_time()
    response = client.get("/pegawai/ekspor.xlsx")
    assert response.status_code == 200
    n_semua = Pegawai.objects.filter(instansi=inst, status="aktif").count()
    report(results, "ekspor_instansi_s", time.perf_counter() - t,
           f"export XLSX, whole instansi ({n_semua:,} active employees), one request, s")
    report(results, "ekspor_instansi_cpu_s", time.process_time() - c, "  of which CPU of this process, s")
    report(results, "ekspor_instansi_mb", len(response.content) / 1e6, "  file size, MB")
    t = time.perf_counter()
    lama({})
    report(results, "ekspor_instansi_lama_s", time.perf_counter() - t,
           "  the same rows through the earlier path (Resource + openpyxl), s")
