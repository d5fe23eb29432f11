from django.db import migrations

# The suggested JP per bentuk at the time of this migration (pelatihan.referensi.JP_BAWAAN), copied so that the
# migration keeps meaning the same thing when the reference changes later.
JP_BAWAAN = {"KL06": 4, "KL07": 5, "NKL01": 2, "NKL02": 2, "NKL03": 3, "NKL07": 10, "NKL05": 20,
             "NKL08": 20, "NKL12": 20, "NKL09": 2, "NKL10": 2}


def isi(apps, schema_editor):
    """Every instansi without any JP default gets the suggested ones (until now the programme form could not fill
    JP from the bentuk before HR had filled Pengaturan JP); instansi whose HR set some keep theirs."""
    Instansi = apps.get_model("pembinaan", "Instansi")
    BentukPelatihan = apps.get_model("pelatihan", "BentukPelatihan")
    JpBawaan = apps.get_model("pelatihan", "JpBawaan")
    bentuk = list(BentukPelatihan.objects.filter(kode__in=JP_BAWAAN))
    sudah = set(JpBawaan.objects.values_list("instansi_id", flat=True).distinct())
    JpBawaan.objects.bulk_create(
        [JpBawaan(instansi_id=i, bentuk=b, jp=JP_BAWAAN[b.kode])
         for i in Instansi.objects.exclude(pk__in=sudah).values_list("pk", flat=True) for b in bentuk],
        batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("pelatihan", "0004_aturan_jp_penandatangan_menit"),
        ("pembinaan", "0001_initial"),
    ]

    operations = [migrations.RunPython(isi, migrations.RunPython.noop)]
