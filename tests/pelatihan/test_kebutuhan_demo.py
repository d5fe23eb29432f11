"""Demo data of perencanaan part A (pelatihan.demo_rencana through the composition's demo registry): every demo
instansi gets next year's cycle at stage pengumpulan with its needs derived (evaluations included), the demo
subordinate's proposal waits for their atasan, and a second seed changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from pelatihan.demo import _akun_demo
from pelatihan.models import Kebutuhan, SiklusRencana
from pembinaan.demo.dasar import INSTANSI_DEMO
from pembinaan.models import Instansi

pytestmark = pytest.mark.django_db

N = 120


def test_siklus_demo_dengan_kebutuhan_dan_usulan(seeded, client):
    tahun = timezone.localdate().year + 1
    assert "Kebutuhan pengembangan kompetensi demo disusun" in seeded
    for kode, _, _ in INSTANSI_DEMO:
        siklus = SiklusRencana.objects.get(instansi__kode=kode, tahun=tahun)
        assert siklus.tahap == "pengumpulan" and siklus.status_penyusunan == "selesai"
        sumber = set(Kebutuhan.objects.filter(siklus=siklus).values_list("sumber", flat=True))
        assert {"kompetensi", "jp"} <= sumber, (kode, sumber)
    usulan = Kebutuhan.objects.filter(sumber="usulan", status="usulan").select_related("pegawai")
    assert usulan.exists()
    atasan = [a for i in Instansi.objects.filter(kode__in=[k for k, _, _ in INSTANSI_DEMO])
              for a in _akun_demo(i)[:1] if a.pk in {u.pegawai.atasan_id for u in usulan}]
    client.force_login(atasan[0].user)
    assert usulan.first().alasan_usulan in client.get(reverse("pelatihan:kebutuhan-bawahan")).content.decode()


def test_rencana_tahun_ini_berjalan_dengan_realisasi(seeded, client):
    """make run shows the whole cycle: this year's plan set and running with priced, locked lines; a programme
    linked to a line, closed, credits JP, so the realisation and monev pages show figures (opened by HR)."""
    from pelatihan.demo import _hr
    from pelatihan.models import KreditJP, ProgramPelatihan, RencanaItem

    tahun = timezone.localdate().year
    for kode, _, _ in INSTANSI_DEMO:
        siklus = SiklusRencana.objects.get(instansi__kode=kode, tahun=tahun)
        assert (siklus.tahap, siklus.versi) == ("berjalan", 1) and siklus.nomor_keputusan
        items = list(RencanaItem.objects.filter(siklus=siklus))
        assert items and all(i.terkunci and i.total_biaya > 0 and i.penyelenggara_id for i in items)
        program = ProgramPelatihan.objects.get(rencana_item__siklus=siklus)
        assert program.status == "selesai"
        kredit = KreditJP.objects.filter(peserta__program=program)
        assert kredit.exists()
        client.force_login(_hr(siklus.instansi))
        resp = client.get(reverse("pelatihan:rencana-realisasi", args=[siklus.pk]))
        assert resp.status_code == 200
        r = resp.context["d"]["r"]
        assert r["selesai"] == 1 and r["terlatih"] >= 1 and r["jp_kredit"] == sum(k.jp for k in kredit)
        assert resp.context["d"]["luar"]["jp"] > 0  # the training demo's programme outside the plan
        resp = client.get(reverse("pelatihan:rencana-monev", args=[siklus.pk]))
        assert resp.status_code == 200
        indikator = {i["kode"]: i for i in resp.context["m"]["indikator"]}
        assert indikator["item"]["bagian"] == 1 and indikator["anggaran"]["bagian"] > 0
        assert indikator["peserta"]["bagian"] >= 1
        menu = client.get(reverse("pelatihan:rencana-realisasi-list")).content.decode()
        assert reverse("pelatihan:rencana-realisasi", args=[siklus.pk]) in menu


def test_seed_kedua_tidak_menambah(seeded):
    sebelum = Kebutuhan.objects.count(), SiklusRencana.objects.count()
    out = StringIO()
    call_command("seed_demo", pegawai=N, stdout=out)
    assert (Kebutuhan.objects.count(), SiklusRencana.objects.count()) == sebelum
    assert "Kebutuhan pengembangan kompetensi demo" not in out.getvalue()
