"""Demo evaluation data (evaluasi.demo through the composition's demo registry): every state a user meets."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluasi import access, selectors
from evaluasi.demo import buat_evaluasi_demo
from evaluasi.models import Evaluasi, Keberatan, PeriodeEvaluasi
from evaluasi.services.pengingat import pengingat_scan
from pembinaan import referensi as ref
from pembinaan.models import Instansi, Pegawai

pytestmark = pytest.mark.django_db

N = 240


def _akun(instansi):
    akun = Pegawai.objects.filter(instansi=instansi, user__isnull=False)
    bawahan = akun.filter(atasan__in=akun).select_related("atasan__user", "user").get()
    return bawahan.atasan, bawahan


def test_seed_reports_and_every_demo_instansi_gets_three_periods(seeded):
    assert "Periode evaluasi demo dibuat: 9" in seeded
    today = timezone.localdate()
    for instansi in Instansi.objects.all():
        periode = {(p.jenis, p.status): p for p in PeriodeEvaluasi.objects.filter(instansi=instansi)}
        assert set(periode) == {("triwulanan", "ditutup"), ("triwulanan", "dibuka"), ("bulanan", "dibuka")}
        dibuka = periode["triwulanan", "dibuka"]
        assert dibuka.tenggat == today + timedelta(days=10) and dibuka.mulai <= today <= dibuka.selesai
        assert set(dibuka.evaluasi.values_list("status", flat=True)) == set(Evaluasi.Status.values)
        assert periode["bulanan", "dibuka"].tenggat < today
        assert periode["triwulanan", "ditutup"].selesai < today


def test_the_closed_period_has_a_spread_of_results_for_pns_and_pppk_and_exports(seeded):
    periode = PeriodeEvaluasi.objects.get(instansi__kode="BENGKULU", status=PeriodeEvaluasi.Status.DITUTUP)
    diajukan = periode.evaluasi.filter(status=Evaluasi.Status.DIAJUKAN)
    assert set(diajukan.values_list("predikat", flat=True)) >= {"sangat_baik", "baik", "butuh_perbaikan", "kurang"}
    assert set(diajukan.values_list("pegawai__jenis_asn", flat=True)) >= {ref.JenisAsn.PNS, ref.JenisAsn.PPPK}
    headers, rows = selectors.ekspor_siasn(periode=periode)
    assert len(list(rows)) == diajukan.count() > 0
    total = selectors.overview(periode=periode)["total"]
    assert total


def test_one_past_due_evaluator_is_escalated(seeded):
    periode = PeriodeEvaluasi.objects.filter(jenis=PeriodeEvaluasi.Jenis.BULANAN)
    terbuka = Evaluasi.objects.filter(periode__in=periode, penilai__isnull=False,
                                      status__in=[Evaluasi.Status.BELUM, Evaluasi.Status.DRAF])
    assert terbuka.values("periode").distinct().count() == periode.count()
    for p in periode:
        assert terbuka.filter(periode=p).values("penilai").distinct().count() == 1
    assert pengingat_scan()["eskalasi"] >= periode.count()  # at least HR of each instansi hears of it


def test_demo_accounts_have_forms_a_result_and_an_objection(seeded, client):
    instansi = Instansi.objects.get(kode="BENGKULU")
    atasan, pegawai = _akun(instansi)
    dibuka = PeriodeEvaluasi.objects.get(instansi=instansi, jenis="triwulanan", status="dibuka")
    milik = Evaluasi.objects.filter(periode=dibuka, penilai=atasan)
    assert set(milik.values_list("status", flat=True)) == set(Evaluasi.Status.values)
    client.force_login(atasan.user)
    r = client.get(reverse("evaluasi:penilai-list"))
    assert r.status_code == 200 and pegawai.nama in r.content.decode()
    k = Keberatan.objects.get(evaluasi__periode__instansi=instansi)
    assert k.status == Keberatan.Status.DIAJUKAN and k.pemutus == atasan
    assert client.get(reverse("evaluasi:keberatan-detail", args=[k.pk])).status_code == 200
    assert access.hasil_scope(pegawai.user).filter(periode__status="ditutup").exists()
    client.force_login(pegawai.user)
    r = client.get(reverse("evaluasi:hasil-list"))
    assert r.status_code == 200 and "Triwulan" in r.content.decode()


def test_second_run_creates_nothing(seeded):
    before = (PeriodeEvaluasi.objects.count(), Evaluasi.objects.count(), Keberatan.objects.count(),
              list(Evaluasi.objects.order_by("pk").values_list("status", "versi")))
    assert buat_evaluasi_demo() == 0
    assert (PeriodeEvaluasi.objects.count(), Evaluasi.objects.count(), Keberatan.objects.count(),
            list(Evaluasi.objects.order_by("pk").values_list("status", "versi"))) == before
