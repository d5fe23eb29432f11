"""Reference data that ships with the project: roles as Groups, the competency catalogue,
and the trigram index that keeps name search fast at 100k employees."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from pembinaan.referensi import KOMPETENSI_DASAR

GRUP_HR = "Admin BKPSDM"
GRUP_PIMPINAN = "Pimpinan"


def seed(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Kompetensi = apps.get_model("pembinaan", "Kompetensi")

    ct, _ = ContentType.objects.get_or_create(app_label="pembinaan", model="pegawai")
    perms = []
    for codename, name in [("import_pegawai", "Dapat mengimpor data pegawai"),
                           ("export_pegawai", "Dapat mengekspor data pegawai")]:
        perm, _ = Permission.objects.get_or_create(content_type=ct, codename=codename, defaults={"name": name})
        perms.append(perm)
    hr, _ = Group.objects.get_or_create(name=GRUP_HR)
    hr.permissions.add(*perms)
    Group.objects.get_or_create(name=GRUP_PIMPINAN)

    for kode, nama, kategori in KOMPETENSI_DASAR:
        Kompetensi.objects.update_or_create(instansi=None, kode=kode, defaults={"nama": nama, "kategori": kategori})


class Migration(migrations.Migration):
    dependencies = [
        ("pembinaan", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunSQL(
            "CREATE INDEX pegawai_nama_trgm ON pembinaan_pegawai USING gin (nama gin_trgm_ops);",
            "DROP INDEX pegawai_nama_trgm;",
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
