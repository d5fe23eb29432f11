"""The large neighbouring instansi every page is measured beside (issue 15).

A real deployment holds several instansi (a province hosting its kabupaten, a national operator hundreds), so
a page whose cost grows with another tenant's rows is slow in production even when a bench of its own
instansi alone looks fine. After the sections have taken their figures, ``bangun`` loads one large neighbour
with rows in every table the measured pages read: employees, unit tree, jabatan, competency standards and
assessed profiles (the shared manajerial competencies, as every instansi has them), mentoring pairs and
sessions, a JP ledger, and an evaluation period with its forms. The runner then measures every page again.
"""

import time

from pembinaan.demo import generate_instansi
from pembinaan.models import Instansi, Pegawai, ProfilKompetensi

KODE = "BENCH-TETANGGA"


def bangun(factor):
    """Load the neighbour (100,000 employees at full scale); returns (instansi, number of employees)."""
    from django.utils import timezone

    from tests import factories as f
    from tests.bench import bench_evaluasi, bench_jp, bench_mentoring

    n = 100_000 // factor
    t = time.perf_counter()
    inst = Instansi.objects.filter(kode=KODE).first()
    if inst is None or not inst.pegawai.exists():
        inst = generate_instansi(kode=KODE, nama="Pemerintah Provinsi Tetangga", jumlah_pegawai=n)
    bench_mentoring._lengkapi_profil(inst)
    bench_mentoring._pasangan(inst, aktif=5_000 // factor, selesai=1_500 // factor, batal=500 // factor,
                              usulan=300 // factor, sesi=50_000 // factor, today=timezone.localdate(), seed=61)
    kredit = bench_jp._ledger(inst, 1_000_000 // factor, seed=62)
    periode, _, _, hasil = bench_evaluasi._open(inst, f.hr_user(inst, username="hr.bench.tetangga"),
                                                "Bench triwulan tetangga")
    bench_evaluasi._fill(periode)
    print(f"  (neighbour {KODE}: {Pegawai.objects.filter(instansi=inst).count()} employees, "
          f"{ProfilKompetensi.objects.filter(pegawai__instansi=inst).count()} competency profile rows, "
          f"{kredit} JP ledger rows, {hasil['jumlah']} evaluation forms; built in {time.perf_counter() - t:.0f} s)")
    return inst, n
