"""Shared constants of the demo data: the demo password and e-mail domain, the role groups, the three reference regions
(docs/domain.md §10).
"""

from __future__ import annotations

from .. import referensi as ref

J = ref.JenisJabatan
JENIS_JPT = {J.JPT_UTAMA, J.JPT_MADYA, J.JPT_PRATAMA}

DEMO_PASSWORD = "Demo-2026!"
DEMO_EMAIL_DOMAIN = "demo.example"  # RFC 2606: never a real mailbox
GRUP_HR = "Admin BKPSDM"  # both groups are created by migration pembinaan 0002
GRUP_PIMPINAN = "Pimpinan"
# The three reference regions and their real headcounts (docs/domain.md §10): seed_demo splits N in this ratio.
INSTANSI_DEMO = (
    ("BENGKULU", "Pemerintah Provinsi Bengkulu", 10_300),
    ("TEBO", "Pemerintah Kabupaten Tebo", 3_500),
    ("MERANGIN", "Pemerintah Kabupaten Merangin", 5_700),
)
BATCH = 2000
