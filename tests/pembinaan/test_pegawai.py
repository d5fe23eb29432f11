"""Employee records: form validation, atasan rules, change history, healthz."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from pembinaan import services
from pembinaan.models import Pegawai
from tests import factories as f

pytestmark = pytest.mark.django_db


def _form_data(**over):
    data = {"nip": "19860926 201505 1 001", "nama": "  Ani\u00a0 Lestari ", "jenis_kelamin": "L",
            "tanggal_lahir": "1986-09-26", "jenis_asn": "PNS", "golongan": "III/b", "tmt_cpns": "2015-05-01",
            "status": "aktif", "tempat_lahir": "Bengkulu"}
    data.update(over)
    return data


def test_hr_creates_employee_and_bad_nip_keeps_typed_values(client):
    inst = f.InstansiFactory()
    client.force_login(f.hr_user(inst))
    response = client.post(reverse("pegawai-create"), _form_data(jenis_kelamin="P"))
    page = response.content.decode()
    assert response.status_code == 200 and "jenis kelamin" in page.lower()
    assert 'value="Bengkulu"' in page  # what the user typed is kept
    response = client.post(reverse("pegawai-create"), _form_data())
    p = Pegawai.objects.get()
    assert response.url == p.get_absolute_url()
    assert p.nip == "198609262015051001" and p.nama == "Ani Lestari" and p.instansi == inst


def test_pppk_cannot_get_pns_golongan(client):
    inst = f.InstansiFactory()
    client.force_login(f.hr_user(inst))
    data = _form_data(nip="198902252024211013", jenis_asn="PPPK", golongan="III/a", tmt_cpns="")
    page = client.post(reverse("pegawai-create"), data).content.decode()
    assert "PPPK harus memakai golongan PPPK" in page
    assert not Pegawai.objects.exists()


def test_database_refuses_mixed_golongan_even_without_forms():
    p = f.PegawaiFactory()
    with pytest.raises(IntegrityError):
        Pegawai.objects.filter(pk=p.pk).update(golongan="IX")


def test_atasan_cycle_and_other_instansi_are_refused():
    inst = f.InstansiFactory()
    hr = f.hr_user(inst)
    a = f.PegawaiFactory(instansi=inst)
    b = f.PegawaiFactory(instansi=inst, atasan=a)
    c = f.PegawaiFactory(instansi=inst, atasan=b)
    with pytest.raises(ValidationError, match="lingkaran"):
        services.pegawai_set_atasan(actor=hr, pegawai=a, atasan=c)
    with pytest.raises(ValidationError):
        services.pegawai_set_atasan(actor=hr, pegawai=a, atasan=f.PegawaiFactory())
    services.pegawai_set_atasan(actor=hr, pegawai=c, atasan=a)
    assert Pegawai.objects.get(pk=c.pk).atasan == a


def test_history_shows_who_changed_what(client):
    inst = f.InstansiFactory()
    hr = f.hr_user(inst)
    p = f.PegawaiFactory(instansi=inst, golongan="III/a")
    atasan = f.PegawaiFactory(instansi=inst, nama="Kepala Bidang")
    client.force_login(hr)
    client.post(reverse("pegawai-atasan", args=[p.pk]), {"nip_atasan": atasan.nip})
    data = _form_data(nip=p.nip, nama=p.nama, jenis_kelamin=p.jenis_kelamin, tanggal_lahir=p.tanggal_lahir.isoformat(),
                      tmt_cpns=p.tmt_cpns.isoformat(), golongan="III/b")
    assert client.post(reverse("pegawai-edit", args=[p.pk]), data).status_code == 302
    page = client.get(reverse("pegawai-detail", args=[p.pk])).content.decode()
    assert "Riwayat perubahan data" in page
    assert "III/a</span> → III/b" in page and "Kepala Bidang" in page and hr.username in page


def test_healthz_reports_database_redis_and_worker(client):
    response = client.get("/healthz")
    data = response.json()
    assert data["database"] == "ok" and data["redis"] == "ok"
    # No worker runs in this test: reported, and the endpoint answers 503 so a load balancer notices.
    assert data["celery"] == "tidak ada worker" and response.status_code == 503


def test_detail_shows_competency_gap_against_the_jabatan_standard(client):
    from pembinaan.models import Kompetensi, ProfilKompetensi, StandarKompetensiJabatan

    inst = f.InstansiFactory()
    jabatan = f.JabatanFactory(instansi=inst, nama="Kepala Seksi Pelayanan", jenis="pengawas")
    p = f.PegawaiFactory(instansi=inst, jabatan=jabatan)
    integritas = Kompetensi.objects.get(kode="M1", instansi=None)
    StandarKompetensiJabatan.objects.create(jabatan=jabatan, kompetensi=integritas, level=3)
    ProfilKompetensi.objects.create(pegawai=p, kompetensi=integritas, level=1)
    client.force_login(f.hr_user(inst))
    page = client.get(reverse("pegawai-detail", args=[p.pk])).content.decode()
    assert "Integritas" in page and '<span class="badge text-bg-warning">2</span>' in page


def test_bulk_loaded_employees_get_history_with_who_and_how():
    import pghistory

    from pembinaan import bulk

    inst = f.InstansiFactory()
    p = f.PegawaiFactory.build(instansi=inst)
    row = {"instansi_id": inst.pk, "nip": p.nip, "nama": "Dimuat Massal", "jenis_kelamin": "L",
           "tanggal_lahir": p.tanggal_lahir, "jenis_asn": "PNS", "golongan": "III/a", "status": "aktif",
           "pns_id": "", "gelar_depan": "", "gelar_belakang": "", "tempat_lahir": "", "pendidikan": "", "nik": "",
           "email": "", "no_hp": "", "diperbarui": p.tanggal_lahir}
    with pghistory.context(user=123, sumber="impor"):
        with bulk.without_insert_history():
            bulk.copy_rows(Pegawai, [row])
        bulk.record_insert_events("nip = %s", [p.nip])
    event = Pegawai.pgh_event_model.objects.get(nama="Dimuat Massal")
    assert event.pgh_label == "insert"
    assert event.pgh_context.metadata == {"user": 123, "sumber": "impor"}


def test_list_filtered_by_a_unit_includes_its_sub_units(client):
    inst = f.InstansiFactory()
    dinas = f.UnitKerjaFactory(instansi=inst, nama="Dinas Pendidikan")
    sekolah = f.UnitKerjaFactory(instansi=inst, nama="SMA Negeri 1", induk=dinas)
    lain = f.UnitKerjaFactory(instansi=inst, nama="Dinas Sosial")
    f.PegawaiFactory(instansi=inst, unit_kerja=dinas, nama="Pegawai Dinas")
    f.PegawaiFactory(instansi=inst, unit_kerja=sekolah, nama="Guru Sekolah")
    f.PegawaiFactory(instansi=inst, unit_kerja=lain, nama="Pegawai Sosial")
    client.force_login(f.hr_user(inst))
    page = client.get(reverse("pegawai-list") + f"?unit_kerja={dinas.pk}").content.decode()
    assert "Pegawai Dinas" in page and "Guru Sekolah" in page and "Pegawai Sosial" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("jenis", ["PNS", "PPPK"])
def test_layanan_simpan_pegawai_menerima_data_biasa_dan_memeriksa_pelaku(jenis):
    """pegawai_save takes plain values (no form) and decides itself: HR of the instansi writes, others are refused."""
    import datetime

    from django.core.exceptions import PermissionDenied

    inst, lain = f.InstansiFactory(), f.InstansiFactory()
    hr, hr_lain = f.hr_user(inst), f.hr_user(lain, "hr.lain")
    lahir = datetime.date(1990, 5, 20)
    nip = f.nip_pns(lahir, datetime.date(2015, 3, 1)) if jenis == "PNS" else f.nip_pppk(lahir, 2022)
    data = {"nip": nip, "nama": "Rina Kartika", "jenis_kelamin": "L", "tanggal_lahir": lahir, "jenis_asn": jenis,
            "golongan": "III/a" if jenis == "PNS" else "IX"}
    p = services.pegawai_save(actor=hr, data=data)
    assert (p.instansi, p.nip, p.jenis_asn) == (inst, nip, jenis)
    with pytest.raises(PermissionDenied):
        services.pegawai_save(actor=hr_lain, pegawai=p, data={"nama": "Diubah"})
    with pytest.raises(PermissionDenied):
        services.pegawai_save(actor=f.pegawai_user(p), data=data)
    services.pegawai_save(actor=hr, pegawai=p, data={"nama": "Rina Kartika Sari"})
    p.refresh_from_db()
    assert p.nama == "Rina Kartika Sari" and p.golongan == data["golongan"]
