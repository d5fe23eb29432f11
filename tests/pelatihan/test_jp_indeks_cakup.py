"""The per-unit JP roll-up (dashboard panel, JP per unit page) can be answered from the yearly summary's covering
index alone. In a database of many instansi the planner otherwise hashes the whole year's summary of every
instansi for each page: measured at national size (1M employees), 157 ms against 30 ms for 25,000 employees
(`make bench SCALE=nasional`). Whether the planner picks the index depends on the table sizes, so the test turns
the alternatives off and checks that the index can serve the query without reading the table."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pelatihan.selectors import jp as jp_sel
from pelatihan.services import jp as ledger
from tests import factories as f
from tests.mentoring.factories import SesiMentoringFactory
from tests.pelatihan.rencana_data import pppk

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("jenis", ["PNS", "PPPK"])
def test_rollup_per_unit_dilayani_indeks_rekap_saja(jenis):
    inst = f.InstansiFactory()
    unit = f.UnitKerjaFactory(instansi=inst)
    for _ in range(3):
        pg = pppk(instansi=inst, unit_kerja=unit) if jenis == "PPPK" else f.PegawaiFactory(instansi=inst,
                                                                                           unit_kerja=unit)
        ledger.kredit_set(pegawai_id=pg.pk, tanggal=timezone.localdate(), jp=8, keterangan="Bimtek",
                          sesi_mentoring_id=SesiMentoringFactory().pk)
    tahun = timezone.localdate().year
    with CaptureQueriesContext(connection) as ctx:
        hasil = jp_sel.capaian_unit(instansi=inst, tahun=tahun)
    _, ringkas = hasil
    assert ringkas["pegawai"] == 3 and ringkas["rata_jp"] == 8
    sql = next(q["sql"] for q in ctx.captured_queries if "pelatihan_rekapjp" in q["sql"])
    with connection.cursor() as cur:
        cur.execute("SET LOCAL enable_seqscan = off")
        cur.execute("SET LOCAL enable_bitmapscan = off")
        cur.execute("SET LOCAL enable_hashjoin = off")
        cur.execute("SET LOCAL enable_mergejoin = off")
        cur.execute("EXPLAIN " + sql)
        rencana = "\n".join(r[0] for r in cur.fetchall())
    assert "Index Only Scan using rekap_jp_tahun_cakup on pelatihan_rekapjp" in rencana, rencana
