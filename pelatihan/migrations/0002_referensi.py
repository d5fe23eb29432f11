from django.db import migrations

from pelatihan.referensi import BENTUK


def seed(apps, schema_editor):
    BentukPelatihan = apps.get_model("pelatihan", "BentukPelatihan")
    for kode, nama, klasikal, siasn in BENTUK:
        BentukPelatihan.objects.update_or_create(
            kode=kode, defaults={"nama": nama, "klasikal": klasikal, "siasn_jenis_diklat_id": siasn})


class Migration(migrations.Migration):
    dependencies = [("pelatihan", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
