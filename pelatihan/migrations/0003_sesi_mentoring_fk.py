from django.db import migrations


class Migration(migrations.Migration):
    """Until issue 10 this migration added the foreign key of KreditJP.sesi_mentoring_id to mentoring's session
    (and made pelatihan's migrations depend on mentoring's). The dependency now runs one way: the column stays a
    plain unique id in pelatihan, and mentoring/migrations/0003_kredit_jp_sesi_fk.py adds the foreign key
    (dropping the one this migration used to add, where a database already has it)."""

    dependencies = [
        ("pelatihan", "0002_referensi"),
    ]

    operations = []
