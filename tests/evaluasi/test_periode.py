"""Evaluation periods: opening in bulk with the evaluator snapshot, forms without an evaluator, reassignment
(Plt/Plh), the HR overview, the SE MenPANRB 3/2023 curve check and the SIASN export."""

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluasi import selectors
from evaluasi.models import Evaluasi, PeriodeEvaluasi
from evaluasi.services import periode as svc
from pembinaan.models import Notifikasi
from tests import factories as f
from tests.evaluasi.factories import PeriodeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def inst():
    return f.InstansiFactory(kode="SELUMA", nama="Pemerintah Kabupaten Seluma")


@pytest.fixture
def hr(inst):
    return f.hr_user(inst)


@pytest.fixture
def org(inst):
    """Dinas Kesehatan (with Bidang P2P under it) and Dinas Pendidikan; a head with two staff, an employee
    whose atasan has retired, a retired employee and one employee without any atasan."""
    # An id past 999: pages must write ids without the Indonesian thousands separator ("org_12.345").
    dinkes = f.UnitKerjaFactory(instansi=inst, nama="Dinas Kesehatan", pk=12345)
    p2p = f.UnitKerjaFactory(instansi=inst, nama="Bidang P2P", induk=dinkes)
    dikbud = f.UnitKerjaFactory(instansi=inst, nama="Dinas Pendidikan")
    kabid = f.JabatanFactory(instansi=inst, nama="Kepala Bidang P2P", jenis="administrator")
    kepala = f.PegawaiFactory(instansi=inst, nama="Rahmat Hidayat", gelar_depan="dr.", gelar_belakang="M.Kes",
                              unit_kerja=p2p, jabatan=kabid)
    staf1 = f.PegawaiFactory(instansi=inst, nama="Siti Aminah", unit_kerja=p2p, atasan=kepala)
    staf2 = f.PegawaiFactory(instansi=inst, nama="Budi Santoso", unit_kerja=dinkes, atasan=kepala)
    pensiunan = f.PegawaiFactory(instansi=inst, nama="Joko Pensiun", unit_kerja=dikbud, status="pensiun")
    guru = f.PegawaiFactory(instansi=inst, nama="Guru Yatim", unit_kerja=dikbud, atasan=pensiunan)
    return dict(dinkes=dinkes, p2p=p2p, dikbud=dikbud, kepala=kepala, staf1=staf1, staf2=staf2,
                pensiunan=pensiunan, guru=guru)


def _periode(inst, **kw):
    return PeriodeFactory(instansi=inst, **kw)


def _ajukan(ev, hasil, perilaku, predikat):
    Evaluasi.objects.filter(pk=ev.pk).update(status="diajukan", rating_hasil_kerja=hasil,
                                             rating_perilaku_kerja=perilaku, predikat=predikat)


# ------------------------------------------------------------------------------------------- opening

def test_open_creates_one_form_per_active_employee_with_the_atasan_snapshot(inst, hr, org):
    periode = _periode(inst)
    hasil = svc.periode_open(actor=hr, periode=periode)
    periode.refresh_from_db()
    assert periode.status == "dibuka" and periode.dibuka_pada is not None
    forms = {e.pegawai_id: e for e in Evaluasi.objects.filter(periode=periode)}
    # The retired employee gets no form; everyone active gets exactly one.
    assert set(forms) == {org["kepala"].pk, org["staf1"].pk, org["staf2"].pk, org["guru"].pk}
    assert hasil == {"jumlah": 4, "tanpa_penilai": 2, "penilai": 0}  # the evaluator has no account here
    e = forms[org["staf1"].pk]
    assert (e.penilai_id, e.status, e.versi) == (org["kepala"].pk, "belum", 0)
    assert (e.penilai_nama, e.penilai_nip, e.penilai_jabatan, e.penilai_unit) == (
        "dr. Rahmat Hidayat, M.Kes", org["kepala"].nip, "Kepala Bidang P2P", "Bidang P2P")
    # No atasan, or an atasan who is no longer active: no evaluator, listed for HR.
    assert forms[org["kepala"].pk].penilai_id is None and forms[org["guru"].pk].penilai_id is None
    assert {x.pegawai_id for x in selectors.tanpa_penilai(periode=periode)} == {org["kepala"].pk, org["guru"].pk}
    # The audit trail has one insert event per form, though the row trigger was skipped for the bulk insert.
    assert Evaluasi.pgh_event_model.objects.filter(pgh_obj__periode=periode, pgh_label="insert").count() == 4

    # Moves after opening do not rewrite the snapshot.
    kepala = org["kepala"]
    kepala.unit_kerja, kepala.nama, kepala.jabatan = org["dikbud"], "Rahmat Pindah", None
    kepala.save()
    org["staf1"].atasan = None
    org["staf1"].save()
    e.refresh_from_db()
    assert (e.penilai_id, e.penilai_nama, e.penilai_jabatan, e.penilai_unit) == (
        kepala.pk, "dr. Rahmat Hidayat, M.Kes", "Kepala Bidang P2P", "Bidang P2P")


def test_opening_twice_is_refused_and_only_hr_of_the_instansi_may_open(inst, hr, org):
    periode = _periode(inst)
    lain = f.InstansiFactory(kode="KAUR", nama="Pemerintah Kabupaten Kaur")
    with pytest.raises(PermissionDenied):
        svc.periode_open(actor=f.hr_user(lain), periode=periode)
    with pytest.raises(PermissionDenied):
        svc.periode_open(actor=f.pimpinan_user(inst), periode=periode)
    svc.periode_open(actor=hr, periode=periode)
    with pytest.raises(ValidationError, match="sudah pernah dibuka"):
        svc.periode_open(actor=hr, periode=periode)
    svc.periode_close(actor=hr, periode=periode)
    with pytest.raises(ValidationError):
        svc.periode_open(actor=hr, periode=periode)
    assert Evaluasi.objects.filter(periode=periode).count() == 4


def _instansi_with(n, kode):
    inst = f.InstansiFactory(kode=kode, nama=f"Pemerintah {kode}")
    unit = f.UnitKerjaFactory(instansi=inst)
    kepala = f.PegawaiFactory(instansi=inst, unit_kerja=unit)
    for _ in range(n - 1):
        f.PegawaiFactory(instansi=inst, unit_kerja=unit, atasan=kepala)
    return inst


def test_opening_issues_the_same_number_of_queries_for_5_and_50_employees():
    counts = []
    for n, kode in [(5, "KECIL"), (50, "BESAR")]:
        inst = _instansi_with(n, kode)
        hr = f.hr_user(inst)
        periode = _periode(inst)
        hr = type(hr).objects.get(pk=hr.pk)  # fresh user: role lookups count too
        with CaptureQueriesContext(connection) as ctx:
            assert svc.periode_open(actor=hr, periode=periode)["jumlah"] == n
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] and counts[1] <= 12, counts


# ---------------------------------------------------------------------------------------- reassign

def test_reassign_sets_another_evaluator_with_snapshot_and_reason(inst, hr, org):
    periode = _periode(inst)
    svc.periode_open(actor=hr, periode=periode)
    guru = Evaluasi.objects.get(periode=periode, pegawai=org["guru"])
    plt = org["staf2"]
    f.pegawai_user(plt)
    svc.evaluasi_reassign(actor=hr, evaluasi=guru, penilai=plt, alasan="Plt Kepala Sekolah")
    guru.refresh_from_db()
    assert (guru.penilai_id, guru.penilai_nip, guru.penilai_unit, guru.versi) == (plt.pk, plt.nip, "Dinas Kesehatan",
                                                                                  1)
    event = Evaluasi.pgh_event_model.objects.filter(pgh_obj=guru, pgh_label="update").get()
    assert event.pgh_context.metadata["alasan"] == "Plt Kepala Sekolah"
    assert Notifikasi.objects.filter(penerima=plt.user, jenis="evaluasi_dialihkan").exists()
    assert org["guru"].pk not in {x.pegawai_id for x in selectors.tanpa_penilai(periode=periode)}


def test_reassign_refuses_submitted_forms_other_instansi_self_and_other_roles(inst, hr, org):
    periode = _periode(inst)
    svc.periode_open(actor=hr, periode=periode)
    staf1 = Evaluasi.objects.get(periode=periode, pegawai=org["staf1"])
    lain = f.InstansiFactory(kode="KAUR", nama="Pemerintah Kabupaten Kaur")
    orang_lain = f.PegawaiFactory(instansi=lain)
    with pytest.raises(ValidationError, match="instansi yang sama"):
        svc.evaluasi_reassign(actor=hr, evaluasi=staf1, penilai=orang_lain, alasan="Plt")
    with pytest.raises(ValidationError, match="dirinya sendiri"):
        svc.evaluasi_reassign(actor=hr, evaluasi=staf1, penilai=org["staf1"], alasan="Plt")
    with pytest.raises(ValidationError, match="aktif"):
        svc.evaluasi_reassign(actor=hr, evaluasi=staf1, penilai=org["pensiunan"], alasan="Plt")
    with pytest.raises(ValidationError, match="Alasan"):
        svc.evaluasi_reassign(actor=hr, evaluasi=staf1, penilai=org["staf2"], alasan=" ")
    with pytest.raises(PermissionDenied):
        svc.evaluasi_reassign(actor=f.hr_user(lain), evaluasi=staf1, penilai=org["staf2"], alasan="Plt")
    _ajukan(staf1, "sesuai", "sesuai", "baik")
    with pytest.raises(ValidationError, match="sudah diajukan"):
        svc.evaluasi_reassign(actor=hr, evaluasi=staf1, penilai=org["staf2"], alasan="Plt")
    staf1.refresh_from_db()
    assert staf1.penilai_id == org["kepala"].pk


def test_tanpa_penilai_page_and_reassign_form(client, inst, hr, org):
    periode = _periode(inst)
    svc.periode_open(actor=hr, periode=periode)
    client.force_login(hr)
    page = client.get(reverse("evaluasi:periode-tanpa-penilai", args=[periode.pk])).content.decode()
    assert "Guru Yatim" in page and "Rahmat Hidayat" in page and "Siti Aminah" not in page
    guru = Evaluasi.objects.get(periode=periode, pegawai=org["guru"])
    url = reverse("evaluasi:evaluasi-reassign", args=[guru.pk])
    page = client.post(url, {"nip_penilai": "123", "alasan": "Plt"}).content.decode()
    assert "Tidak ada pegawai aktif dengan NIP" in page
    response = client.post(url, {"nip_penilai": org["staf2"].nip, "alasan": "Plt Kepala Sekolah"})
    assert response.status_code == 302
    guru.refresh_from_db()
    assert guru.penilai_id == org["staf2"].pk


# ---------------------------------------------------------------------------------------- overview

def test_overview_counts_per_top_level_unit_before_and_after_the_deadline(inst, hr, org):
    periode = _periode(inst, tenggat=datetime.date(2026, 4, 14))
    svc.periode_open(actor=hr, periode=periode)
    ev = {e.pegawai_id: e for e in Evaluasi.objects.filter(periode=periode)}
    _ajukan(ev[org["staf1"].pk], "di_atas", "di_atas", "sangat_baik")
    Evaluasi.objects.filter(pk=ev[org["staf2"].pk].pk).update(status="draf")

    def baris(today):
        data = selectors.overview(periode=periode, today=today)
        return {u["nama"]: (u["total"], u["diajukan"], u["draf"], u["belum"], u["terlambat"], u["tanpa_penilai"])
                for u in data["unit"]}, data["total"]

    before, total = baris(datetime.date(2026, 4, 14))
    # Dinas Kesehatan rolls up Bidang P2P: kepala (not started), staf1 (submitted), staf2 (draft).
    assert before == {"Dinas Kesehatan": (3, 1, 1, 1, 0, 1), "Dinas Pendidikan": (1, 0, 0, 1, 0, 1)}
    assert (total["total"], total["diajukan"], total["terlambat"]) == (4, 1, 0)
    after, total = baris(datetime.date(2026, 4, 15))
    assert after == {"Dinas Kesehatan": (3, 1, 1, 1, 2, 1), "Dinas Pendidikan": (1, 0, 0, 1, 1, 1)}
    assert total["terlambat"] == 3
    dinkes = selectors.overview(periode=periode)["unit"][0]
    assert [(d["predikat"], d["n"], d["persen"]) for d in dinkes["distribusi"] if d["n"]] == [("sangat_baik", 1, 100)]
    # Default organisation predikat Baik: 100% Sangat Baik warns.
    assert dinkes["predikat_organisasi"] == "baik" and dinkes["peringatan"]
    istimewa = selectors.overview(periode=periode, predikat_organisasi={org["dinkes"].pk: "istimewa"})["unit"][0]
    assert istimewa["peringatan"] == ["Sangat Baik 100% melebihi batas 70% untuk unit berpredikat Istimewa."]


def test_overview_page_for_hr_and_pimpinan_with_a_fixed_number_of_queries(client, inst, hr, org,
                                                                          django_assert_max_num_queries):
    periode = _periode(inst)
    svc.periode_open(actor=hr, periode=periode)
    ev = Evaluasi.objects.get(periode=periode, pegawai=org["staf1"])
    _ajukan(ev, "di_atas", "di_atas", "sangat_baik")
    client.force_login(hr)
    url = reverse("evaluasi:periode-overview", args=[periode.pk])
    with django_assert_max_num_queries(10):
        page = client.get(url + f"?org_{org['dinkes'].pk}=istimewa").content.decode()
    assert "Dinas Kesehatan" in page and "melebihi batas 70%" in page and 'value="istimewa" selected' in page
    assert 'name="org_12345"' in page  # the select the page submits names the unit as the view reads it
    pimpinan = f.pimpinan_user(inst)
    client.force_login(pimpinan)
    page = client.get(url).content.decode()
    assert "Dinas Kesehatan" in page and "Siti Aminah" not in page  # aggregates only
    assert client.get(reverse("evaluasi:periode-tanpa-penilai", args=[periode.pk])).status_code == 404
    assert client.get(reverse("evaluasi:evaluasi-reassign", args=[ev.pk])).status_code == 404
    f.pegawai_user(org["kepala"])
    client.force_login(org["kepala"].user)
    assert client.get(url).status_code == 404
    client.force_login(f.hr_user(f.InstansiFactory(kode="KAUR", nama="Kaur")))
    assert client.get(url).status_code == 404


def test_supervisor_summary_and_dashboard_panel(client, inst, hr, org):
    periode = _periode(inst, tenggat=datetime.date(2020, 1, 1))
    svc.periode_open(actor=hr, periode=periode)
    ev = Evaluasi.objects.get(periode=periode, pegawai=org["staf1"])
    _ajukan(ev, "di_bawah", "di_atas", "butuh_perbaikan")
    user = f.pegawai_user(org["kepala"])
    client.force_login(user)
    page = client.get(reverse("evaluasi:penilai-ringkasan")).content.decode()
    assert periode.nama in page
    [r] = selectors.penilai_ringkas(penilai=org["kepala"])
    assert (r["total"], r["diajukan"], r["belum"], r["terlambat"]) == (2, 1, 1, 1)
    panel = selectors.evaluasi_ringkas(instansi=inst)
    assert (panel["periode"], panel["total"], panel["diajukan"], panel["menunggu"], panel["terlambat"]) == (
        periode, 4, 1, 3, 3)
    assert {d["predikat"]: d["n"] for d in panel["distribusi"]}["butuh_perbaikan"] == 1
    svc.periode_close(actor=hr, periode=periode)
    assert selectors.evaluasi_ringkas(instansi=inst) is None


# ------------------------------------------------------------------------------------ curve (SE 3/2023)

def _dist(**kw):
    return {k: v for k, v in kw.items()}


@pytest.mark.parametrize(("org", "pas", "langgar", "pesan"), [
    ("istimewa", _dist(sangat_baik=6, baik=3, butuh_perbaikan=1), _dist(sangat_baik=8, baik=2),
     "Sangat Baik 80% melebihi batas 70%"),
    ("baik", _dist(sangat_baik=1, baik=6, butuh_perbaikan=2, kurang=1), _dist(sangat_baik=2, baik=8),
     "Harus ada pegawai berpredikat Butuh Perbaikan dan/atau Kurang"),
    ("butuh_perbaikan", _dist(sangat_baik=1, baik=2, butuh_perbaikan=7), _dist(sangat_baik=2, butuh_perbaikan=8),
     "Sangat Baik 20% melebihi batas 10%"),
    ("kurang", _dist(baik=2, butuh_perbaikan=1, kurang=7), _dist(baik=3, kurang=7),
     "Butuh Perbaikan 0% kurang dari minimal 10%"),
    ("sangat_kurang", _dist(baik=2, kurang=1, sangat_kurang=7), _dist(sangat_baik=1, kurang=2, sangat_kurang=7),
     "Tidak boleh ada predikat Sangat Baik"),
])
def test_curve_for_each_organisation_predikat(org, pas, langgar, pesan):
    assert selectors.cek_kurva(org, pas) == []
    warnings = selectors.cek_kurva(org, langgar)
    assert any(pesan in w for w in warnings), warnings


def test_curve_minimum_shares_and_most_frequent():
    assert any("kurang dari minimal 60%" in w for w in selectors.cek_kurva("butuh_perbaikan", _dist(baik=5,
                                                                                                butuh_perbaikan=5)))
    assert any("kurang dari minimal 60%" in w for w in selectors.cek_kurva("kurang", _dist(butuh_perbaikan=5,
                                                                                       kurang=5)))
    assert any("Kurang dan/atau Butuh Perbaikan" in w
               for w in selectors.cek_kurva("sangat_kurang", _dist(baik=3, sangat_kurang=7)))
    assert any("seharusnya predikat terbanyak" in w for w in selectors.cek_kurva("baik", _dist(sangat_baik=5, baik=3,
                                                                                           kurang=2)))
    assert selectors.cek_kurva("baik", {}) == []


# ------------------------------------------------------------------------------------------ export

def test_export_only_for_closed_periods_with_nip_as_text_and_siasn_codes(client, inst, hr, org):
    periode = _periode(inst, nama="Triwulan I 2026", jenis="triwulanan", mulai=datetime.date(2026, 1, 1),
                       selesai=datetime.date(2026, 3, 31), tenggat=datetime.date(2026, 4, 14))
    svc.periode_open(actor=hr, periode=periode)
    ev = Evaluasi.objects.get(periode=periode, pegawai=org["staf1"])
    _ajukan(ev, "di_atas", "sesuai", "baik")
    client.force_login(hr)
    url = reverse("evaluasi:periode-export", args=[periode.pk])
    response = client.get(url, follow=True)
    assert "hanya untuk periode yang sudah ditutup" in response.content.decode()
    svc.periode_close(actor=hr, periode=periode)
    response = client.get(url)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    assert len(rows) == 2  # submitted forms only
    row = dict(zip(header, rows[1], strict=True))
    assert row["tahun"] == 2026 and (row["periodikId"], row["periodikNama"]) == (2, "Triwulanan")
    assert (row["nip"], row["hasilKinerjaNilai"], row["PerilakuKerjaNilai"]) == (org["staf1"].nip, 1, 2)
    assert (row["hasilKinerja"], row["perilakuKerja"], row["kuadranKinerja"]) == (
        "Di Atas Ekspektasi", "Sesuai Ekspektasi", "Baik")
    assert (row["namaPenilai"], row["nipNrpPenilai"], row["penilaiJabatanNm"], row["penilaiUnorNm"],
            row["unorNama"]) == ("dr. Rahmat Hidayat, M.Kes", org["kepala"].nip, "Kepala Bidang P2P", "Bidang P2P",
                                 "Bidang P2P")
    nip_cell = ws.cell(row=2, column=header.index("nip") + 1)
    assert nip_cell.data_type == "s"  # text: Excel keeps all 18 digits
    # Other roles: 404.
    client.force_login(f.pimpinan_user(inst))
    assert client.get(url).status_code == 404


def test_export_of_an_annual_period_uses_the_rw_skp22_columns(inst, hr, org):
    periode = _periode(inst, jenis="tahunan", mulai=datetime.date(2025, 1, 1), selesai=datetime.date(2025, 12, 31),
                       tenggat=datetime.date(2026, 1, 31))
    svc.periode_open(actor=hr, periode=periode)
    _ajukan(Evaluasi.objects.get(periode=periode, pegawai=org["staf2"]), "di_bawah", "di_bawah", "sangat_kurang")
    headers, rows = selectors.ekspor_siasn(periode=periode)
    assert "periodikId" not in headers
    [row] = [dict(zip(headers, r, strict=True)) for r in rows]
    assert (row["tahun"], row["hasilKinerjaNilai"], row["kuadranKinerja"]) == (2025, 3, "Sangat Kurang")


# ------------------------------------------------------------------------------------------- pages

def test_hr_creates_opens_and_closes_a_period_through_the_pages(client, inst, hr, org):
    client.force_login(hr)
    data = {"nama": "Januari 2026", "jenis": "bulanan", "mulai": "2026-01-01", "selesai": "2026-01-31",
            "tenggat": "2026-02-07"}
    response = client.post(reverse("evaluasi:periode-create"), data)
    periode = PeriodeEvaluasi.objects.get(instansi=inst)
    assert response.url == reverse("evaluasi:periode-detail", args=[periode.pk]) and periode.status == "draft"
    page = client.post(reverse("evaluasi:periode-create"), data).content.decode()
    assert "Sudah ada periode dengan jenis dan tanggal mulai yang sama" in page
    page = client.post(reverse("evaluasi:periode-action", args=[periode.pk, "buka"]), follow=True).content.decode()
    assert "4 formulir evaluasi dibuat" in page and "2 pegawai belum punya penilai" in page
    page = client.post(reverse("evaluasi:periode-action", args=[periode.pk, "buka"]), follow=True).content.decode()
    assert "sudah pernah dibuka" in page
    client.post(reverse("evaluasi:periode-action", args=[periode.pk, "tutup"]))
    periode.refresh_from_db()
    assert periode.status == "ditutup"
    assert "Januari 2026" in client.get(reverse("evaluasi:periode-list")).content.decode()
    # Employees and HR of another instansi: 404 everywhere.
    client.force_login(f.pegawai_user(org["staf1"]))
    for name in ("evaluasi:periode-list", "evaluasi:periode-create"):
        assert client.get(reverse(name)).status_code == 404
    assert client.get(reverse("evaluasi:periode-detail", args=[periode.pk])).status_code == 404
    client.force_login(f.hr_user(f.InstansiFactory(kode="KAUR", nama="Kaur")))
    assert client.get(reverse("evaluasi:periode-detail", args=[periode.pk])).status_code == 404
    assert client.post(reverse("evaluasi:periode-action", args=[periode.pk, "tutup"])).status_code == 404
