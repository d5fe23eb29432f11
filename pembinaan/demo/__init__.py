"""Realistic, deterministic demo data for a regional government (docs/domain.md §1–3 and §10).

``generate_instansi`` builds one instansi: an OPD tree (Sekretariat Daerah, dinas, badan, kecamatan,
schools, puskesmas, RSUD) sized to the requested headcount, Jabatan of every kind, employees with a
consistent NIP / birth date / TMT / sex / golongan / jabatan, supervisors (atasan langsung), the
competency standards of every jabatan and assessed competency profiles for about half of the staff.
It is shared by ``seed_demo`` and the benchmarks, so it is fast (all rows are generated in Python; the
small tables are written with ``bulk_create``, employees and competency profiles with COPY: 100,000
employees take well under a minute) and deterministic: the same kode, seed and reference date always
give the same data.

``buat_akun_demo`` and ``demo_logins`` create and list the demo accounts. Every demo account has an
e-mail address at ``DEMO_EMAIL_DOMAIN`` (a reserved, undeliverable domain): that is how they are found
again.

One module per section: ``dasar`` (shared constants), ``wilayah`` (regions), ``orang`` (names, titles, roles,
career rules), ``organisasi`` (the OPD tree), ``pegawai`` (writing an instansi), ``akun`` (demo accounts). The
other apps' demo data are theirs (``<app>/demo.py``), registered through pembinaan.komposisi.
"""

from .akun import buat_akun_demo, demo_logins, format_logins
from .dasar import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, GRUP_HR, GRUP_PIMPINAN, INSTANSI_DEMO
from .pegawai import generate_instansi

__all__ = [
    "DEMO_EMAIL_DOMAIN", "DEMO_PASSWORD", "GRUP_HR", "GRUP_PIMPINAN", "INSTANSI_DEMO", "buat_akun_demo",
    "demo_logins", "format_logins", "generate_instansi",
]
