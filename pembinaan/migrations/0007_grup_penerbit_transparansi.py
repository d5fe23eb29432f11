"""The role that may publish transparency snapshots (issue 12): a Group holding
``pembinaan.terbitkan_transparansi``, given to an HR account on top of "Admin BKPSDM" (publishing is a permission
of its own: building and previewing are HR's, publishing is whoever the instansi designates, e.g. its PPID)."""

from django.db import migrations

GRUP_PENERBIT = "Penerbit Transparansi"


def seed(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ct, _ = ContentType.objects.get_or_create(app_label="pembinaan", model="snapshottransparansi")
    perm, _ = Permission.objects.get_or_create(content_type=ct, codename="terbitkan_transparansi",
                                               defaults={"name": "Dapat menerbitkan snapshot transparansi"})
    grup, _ = Group.objects.get_or_create(name=GRUP_PENERBIT)
    grup.permissions.add(perm)


class Migration(migrations.Migration):
    dependencies = [
        ("pembinaan", "0006_snapshot_transparansi"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
