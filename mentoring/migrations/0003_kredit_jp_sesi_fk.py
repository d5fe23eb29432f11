from django.db import migrations

# Written by the pelatihan side of issue 10 (dependencies one way): the JP ledger (pelatihan) keeps a mentoring
# session's credit in its plain unique column pelatihan_kreditjp.sesi_mentoring_id; the foreign key to the
# session is mentoring's to declare, so mentoring depends on pelatihan and not the reverse. Same guarantees as
# before (a credit's session exists; the column is unique and part of the one-source check), and deleting a
# session deletes its credit in the database, as the ORM's CASCADE did. Existing credits keep their session:
# the column is not touched; the old constraint (added by pelatihan 0003 before issue 10) is replaced.
MAJU = """
ALTER TABLE pelatihan_kreditjp DROP CONSTRAINT IF EXISTS pelatihan_kreditjp_sesi_mentoring_fk;
ALTER TABLE pelatihan_kreditjp ADD CONSTRAINT mentoring_kreditjp_sesi_mentoring_fk
    FOREIGN KEY (sesi_mentoring_id) REFERENCES mentoring_sesimentoring (id)
    ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
"""
MUNDUR = "ALTER TABLE pelatihan_kreditjp DROP CONSTRAINT IF EXISTS mentoring_kreditjp_sesi_mentoring_fk;"


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0002_indeks_profil_pegawai"),
        ("pelatihan", "0004_aturan_jp_penandatangan_menit"),
    ]

    operations = [migrations.RunSQL(MAJU, MUNDUR)]
