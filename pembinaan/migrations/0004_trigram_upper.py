"""Django's ``icontains`` on PostgreSQL is ``UPPER(nama::text) LIKE UPPER(%s)``: the trigram index must be
on that expression to be used (on plain ``nama`` the planner walked 70k rows for a name search)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("pembinaan", "0003_indeks_ramping")]

    operations = [
        migrations.RunSQL(
            "DROP INDEX IF EXISTS pegawai_nama_trgm;"
            "CREATE INDEX pegawai_nama_trgm ON pembinaan_pegawai USING gin ((UPPER(nama::text)) gin_trgm_ops);",
            "DROP INDEX IF EXISTS pegawai_nama_trgm;"
            "CREATE INDEX pegawai_nama_trgm ON pembinaan_pegawai USING gin (nama gin_trgm_ops);",
        ),
    ]
