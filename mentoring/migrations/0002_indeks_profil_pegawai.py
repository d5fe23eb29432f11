"""Mentor suggestions beside other instansi (issue 15): who among this instansi's candidates is strong on the
mentee's gaps is read per candidate, through (pegawai, kompetensi) with the level in the index, so the scan is
index-only and never touches another instansi's competency profiles. The table is pembinaan's; the index
serves mentoring's statement alone, so it lives here (plain SQL: pembinaan's model state is not changed)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("mentoring", "0001_initial"),
        ("pembinaan", "0005_profil_kompetensi_level"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS mentoring_profil_pegawai_kompetensi_level "
            "ON pembinaan_profilkompetensi (pegawai_id, kompetensi_id) INCLUDE (level)",
            "DROP INDEX IF EXISTS mentoring_profil_pegawai_kompetensi_level",
        ),
    ]
