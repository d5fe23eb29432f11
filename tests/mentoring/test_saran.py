"""Mentor suggestions (issue 5): who is suggested, who is left out, why each rank, the atasan first for Latsar,
a fixed number of queries whatever the size of the instansi, and HR's one-click acceptance."""

import datetime
import html
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring import selectors
from mentoring.models import PasanganMentoring, PengaturanMentoring
from pembinaan.models import Kompetensi, Notifikasi, Pegawai, ProfilKompetensi, StandarKompetensiJabatan
from tests import factories as f
from tests.mentoring.factories import PasanganFactory

pytestmark = pytest.mark.django_db
PS = PasanganMentoring.Status
TMT_SENIOR = datetime.date(2004, 3, 1)


@pytest.fixture
def s():
    """A mentee (III/b, Analis Kebijakan Ahli Pertama, Seksi under Bidang under Dinas) assessed below the
    standard of their jabatan in four competencies and above it in a fifth."""
    inst = f.InstansiFactory()
    dinas = f.UnitKerjaFactory(instansi=inst, nama="Dinas Pendidikan")
    bidang = f.UnitKerjaFactory(instansi=inst, nama="Bidang Pembinaan SD", induk=dinas)
    seksi = f.UnitKerjaFactory(instansi=inst, nama="Seksi Kurikulum SD", induk=bidang)
    bidang2 = f.UnitKerjaFactory(instansi=inst, nama="Bidang Pembinaan SMP", induk=dinas)
    dinas_lain = f.UnitKerjaFactory(instansi=inst, nama="Dinas Sosial")
    dinas_lain2 = f.UnitKerjaFactory(instansi=inst, nama="Dinas Perhubungan")
    ak_pertama = f.JabatanFactory(instansi=inst, nama="Analis Kebijakan Ahli Pertama", jenis="fungsional",
                                  jenjang="ahli_pertama")
    ak_madya = f.JabatanFactory(instansi=inst, nama="Analis Kebijakan Ahli Madya", jenis="fungsional",
                                jenjang="ahli_madya")
    keuangan = f.JabatanFactory(instansi=inst, nama="Pengelola Keuangan", jenis="pelaksana")
    mentee = f.PegawaiFactory(instansi=inst, unit_kerja=seksi, jabatan=ak_pertama, golongan="III/b",
                              tmt_cpns=datetime.date(2016, 3, 1), nama="Mentee Utama")
    komp = [Kompetensi.objects.create(instansi=inst, kode=f"T{i}", nama=f"Kompetensi Teknis {i}", kategori="teknis")
            for i in range(1, 6)]
    standar = {komp[0]: 4, komp[1]: 4, komp[2]: 3, komp[3]: 3, komp[4]: 2}
    level = {komp[0]: 1, komp[1]: 2, komp[2]: 2, komp[3]: 2, komp[4]: 3}
    for k, wajib in standar.items():
        StandarKompetensiJabatan.objects.create(jabatan=ak_pertama, kompetensi=k, level=wajib)
        ProfilKompetensi.objects.create(pegawai=mentee, kompetensi=k, level=level[k])
    # The three largest gaps (ties by competency id), worked out here from the data above.
    gaps = sorted(((standar[k] - level[k], k) for k in komp if standar[k] > level[k]), key=lambda g: (-g[0], g[1].pk))
    return SimpleNamespace(inst=inst, dinas=dinas, bidang=bidang, seksi=seksi, bidang2=bidang2, dinas_lain=dinas_lain,
                           dinas_lain2=dinas_lain2, ak_pertama=ak_pertama, ak_madya=ak_madya, keuangan=keuangan,
                           mentee=mentee, komp=komp, standar=standar, level=level,
                           gap_teratas=[k for _, k in gaps[:3]], gap_lain=[k for _, k in gaps[3:]])


def _calon(s, unit, *, golongan="IV/a", tmt=TMT_SENIOR, jabatan="keuangan", kuat=None, **kw):
    p = f.PegawaiFactory(instansi=kw.pop("instansi", s.inst), unit_kerja=unit, golongan=golongan, tmt_cpns=tmt,
                         jabatan=getattr(s, jabatan) if isinstance(jabatan, str) else jabatan, **kw)
    for k, lvl in (kuat or {}).items():
        ProfilKompetensi.objects.create(pegawai=p, kompetensi=k, level=lvl)
    return p


def _beban(s, mentor, n):
    for _ in range(n):
        PasanganFactory(instansi=s.inst, mentor=mentor, mentee__golongan="II/a")


def _saran(s, jenis="umum", mentee=None):
    mentee = Pegawai.objects.select_related("jabatan").get(pk=(mentee or s.mentee).pk)
    return selectors.saran_mentor(mentee=mentee, jenis=jenis)


def _urut(data):
    return [r["id"] for r in data["saran"]]


def _per_id(data):
    return {r["id"]: r for r in data["saran"]}


def _sebelum(urutan, a, b):
    return urutan.index(a.pk) < urutan.index(b.pk)


# ------------------------------------------------------------------------------ who, and why

def test_suggestions_their_reasons_and_who_is_left_out(s):
    k1, k2, _ = s.gap_teratas
    satu_unit = _calon(s, s.seksi)
    unit_induk = _calon(s, s.bidang)
    satu_opd = _calon(s, s.bidang2)
    satu_rumpun = _calon(s, s.dinas_lain, jabatan="ak_madya")
    kuat = _calon(s, s.dinas_lain, kuat={k1: s.standar[k1], k2: s.standar[k2] + 1})
    # Left out:
    cpns = _calon(s, s.seksi, jenis_asn="CPNS")
    cuti = _calon(s, s.seksi, status="cuti")
    penuh = _calon(s, s.seksi)
    _beban(s, penuh, 3)
    lebih_junior = _calon(s, s.seksi, golongan="III/a")
    inst2 = f.InstansiFactory()
    lain_instansi = _calon(s, f.UnitKerjaFactory(instansi=inst2), instansi=inst2, jabatan="ak_madya",
                           kuat={k1: 5, k2: 5})  # would be a strong candidate, but works elsewhere
    tak_terkait = _calon(s, s.dinas_lain2)  # other OPD, other field, no strength on a gap
    kuat_di_gap_keempat = _calon(s, s.dinas_lain2, kuat={s.gap_lain[0]: 5})  # only the three largest gaps count
    kuat_di_bawah_standar = _calon(s, s.dinas_lain2, kuat={k1: s.standar[k1] - 1})

    data = _saran(s)
    per = _per_id(data)
    assert set(per) == {satu_unit.pk, unit_induk.pk, satu_opd.pk, satu_rumpun.pk, kuat.pk}
    for x in (s.mentee, cpns, cuti, penuh, lebih_junior, lain_instansi, tak_terkait, kuat_di_gap_keempat,
              kuat_di_bawah_standar):
        assert x.pk not in per

    for r in data["saran"]:
        [senior] = [a for a in r["alasan"] if a.startswith("Lebih senior")]
        assert "IV/a" in senior and s.mentee.golongan in senior
        assert "Masih dapat membimbing 3 mentee lagi (0 dari 3)" in r["alasan"]
        assert r["beban"] == 0
    assert "Satu unit kerja" in per[satu_unit.pk]["alasan"]
    assert "Bekerja di unit induk mentee" in per[unit_induk.pk]["alasan"]
    assert "Satu perangkat daerah (OPD)" in per[satu_opd.pk]["alasan"]
    assert f"Rumpun jabatan sama ({s.ak_madya.nama})" in per[satu_rumpun.pk]["alasan"]
    unit_alasan = {"Satu unit kerja", "Bekerja di unit induk mentee", "Satu perangkat daerah (OPD)"}
    assert not unit_alasan & set(per[satu_rumpun.pk]["alasan"]) and not unit_alasan & set(per[kuat.pk]["alasan"])
    kuat_alasan = [a for a in per[kuat.pk]["alasan"] if a.startswith("Kuat di")]
    assert kuat_alasan == [
        f"Kuat di {k.nama} (level {lvl}; mentee {s.level[k]}, standar {s.standar[k]})"
        for k, lvl in ((k1, s.standar[k1]), (k2, s.standar[k2] + 1))]
    assert not any(a.startswith("Kuat di") for a in per[satu_unit.pk]["alasan"])

    # The gaps shown to HR: the three largest, worked out independently above.
    assert [(g["id"], g["wajib"], g["level"], g["gap"]) for g in data["kesenjangan"]] == [
        (k.pk, s.standar[k], s.level[k], s.standar[k] - s.level[k]) for k in s.gap_teratas]
    # Each suggestion carries the warnings HR would confirm.
    assert per[satu_unit.pk]["peringatan"] == []
    [w] = per[satu_rumpun.pk]["peringatan"]
    assert "perangkat daerah (OPD) lain" in w
    [w] = per[satu_opd.pk]["peringatan"]
    assert "unit dan rumpun jabatan yang berbeda" in w
    assert data["kapasitas"] == 3


def test_closer_unit_ranks_higher(s):
    opd = _calon(s, s.bidang2)
    induk = _calon(s, s.bidang)
    unit = _calon(s, s.seksi)
    assert _urut(_saran(s)) == [unit.pk, induk.pk, opd.pk]


def test_same_field_ranks_higher_than_another_field_in_the_same_opd(s):
    lain = _calon(s, s.bidang2)
    rumpun = _calon(s, s.bidang2, jabatan="ak_madya")
    assert _urut(_saran(s)) == [rumpun.pk, lain.pk]


def test_more_senior_ranks_higher_and_same_golongan_needs_longer_service(s):
    pendek = _calon(s, s.seksi, golongan="III/b", tmt=datetime.date(2019, 3, 1))
    lama = _calon(s, s.seksi, golongan="III/b", tmt=datetime.date(2010, 3, 1))
    senior = _calon(s, s.seksi, golongan="IV/b", tmt=datetime.date(2010, 3, 1))
    data = _saran(s)
    assert _urut(data) == [senior.pk, lama.pk, pendek.pk]
    per = _per_id(data)
    assert "Golongan sama dengan masa kerja lebih lama" in per[lama.pk]["alasan"]
    assert not any("senior" in a or "masa kerja" in a for a in per[pendek.pk]["alasan"])
    [w] = per[pendek.pk]["peringatan"]
    assert "Golongan sama (III/b" in w and "masa kerja mentor tidak lebih lama" in w


def test_strength_in_more_and_larger_gaps_ranks_higher(s):
    g1, g2, g3 = s.gap_teratas
    di_gap_ketiga = _calon(s, s.dinas_lain, kuat={g3: s.standar[g3]})
    di_gap_terbesar = _calon(s, s.dinas_lain, kuat={g1: s.standar[g1]})
    di_dua_gap = _calon(s, s.dinas_lain, kuat={g1: 5, g2: 5})
    assert _urut(_saran(s)) == [di_dua_gap.pk, di_gap_terbesar.pk, di_gap_ketiga.pk]


def test_spare_capacity_ranks_higher_and_capacity_is_the_instansi_setting(s):
    dua = _calon(s, s.seksi)
    _beban(s, dua, 2)
    nol = _calon(s, s.seksi)
    tiga = _calon(s, s.seksi)
    _beban(s, tiga, 3)
    data = _saran(s)
    assert _urut(data) == [nol.pk, dua.pk]  # three of three: full, left out
    per = _per_id(data)
    assert "Masih dapat membimbing 3 mentee lagi (0 dari 3)" in per[nol.pk]["alasan"]
    assert "Masih dapat membimbing 1 mentee lagi (2 dari 3)" in per[dua.pk]["alasan"]

    PengaturanMentoring.objects.create(instansi=s.inst, kapasitas_mentor=4)
    data = _saran(s)
    assert _urut(data) == [nol.pk, dua.pk, tiga.pk]
    assert "Masih dapat membimbing 1 mentee lagi (3 dari 4)" in _per_id(data)[tiga.pk]["alasan"]


def test_latsar_puts_the_atasan_first_even_at_capacity_and_junior(s):
    k1, k2, k3 = s.gap_teratas
    atasan = _calon(s, s.dinas_lain, golongan="III/a")
    _beban(s, atasan, 3)
    cpns = f.PegawaiFactory(instansi=s.inst, unit_kerja=s.seksi, jabatan=s.ak_pertama, jenis_asn="CPNS",
                            golongan="III/b", atasan=atasan, tmt_cpns=datetime.date(2025, 3, 1))
    unggul = _calon(s, s.seksi, jabatan="ak_madya")  # same unit, same field, more senior
    for jenis in ("latsar", "kepemimpinan"):
        data = _saran(s, jenis=jenis, mentee=cpns)
        pertama = data["saran"][0]
        assert pertama["id"] == atasan.pk, jenis
        assert pertama["alasan"][0] == ("Atasan langsung mentee (ketentuan Latsar/kepemimpinan: mentor = atasan "
                                        "langsung)")
        assert any("membimbing 3 mentee aktif (kapasitas 3)" in w for w in pertama["peringatan"])
        assert not any(a.startswith("Masih dapat membimbing") for a in pertama["alasan"])
        assert unggul.pk in _urut(data)
    # For general mentoring the atasan is an ordinary candidate: full and junior, so left out.
    umum = _saran(s, jenis="umum", mentee=cpns)
    assert atasan.pk not in _urut(umum) and _urut(umum)[0] == unggul.pk


def test_an_atasan_with_room_is_named_as_such_for_general_mentoring(s):
    atasan = _calon(s, s.bidang)
    s.mentee.atasan = atasan
    s.mentee.save()
    [r] = _saran(s)["saran"]
    assert r["alasan"][0] == "Atasan langsung mentee"


def test_no_unit_on_either_side_is_not_the_same_unit(s):
    """A mentee and a candidate whose units are both unknown do not work in the same unit."""
    s.mentee.unit_kerja = None
    s.mentee.save()
    tanpa_unit = _calon(s, None, jabatan="ak_madya")
    dengan_unit = _calon(s, s.dinas_lain, jabatan="ak_madya")
    per = _per_id(_saran(s))
    assert set(per) == {tanpa_unit.pk, dengan_unit.pk}
    assert "Satu unit kerja" not in per[tanpa_unit.pk]["alasan"]
    assert per[tanpa_unit.pk]["skor"] == per[dengan_unit.pk]["skor"]


# ------------------------------------------------------------------------------ queries

def _ramaikan(s, n):
    """``n`` more employees of every sort: units, fields, golongan, strengths, loads, statuses."""
    units = [s.seksi, s.bidang, s.bidang2, s.dinas_lain, s.dinas_lain2]
    golongan = ["II/c", "III/a", "III/b", "III/c", "IV/a", "IV/b"]
    jabatan = [s.keuangan, s.ak_madya, s.ak_pertama, None]
    baru = []
    for i in range(n):
        baru.append(f.PegawaiFactory(
            instansi=s.inst, unit_kerja=units[i % 5], golongan=golongan[i % 6], jabatan=jabatan[i % 4],
            jenis_asn="CPNS" if i % 13 == 0 else "PNS", status="cuti" if i % 17 == 0 else "aktif",
            tmt_cpns=datetime.date(1995 + i % 25, 3, 1)))
    ProfilKompetensi.objects.bulk_create([
        ProfilKompetensi(pegawai=p, kompetensi=s.komp[i % 5], level=1 + i % 5) for i, p in enumerate(baru) if i % 3])
    for i, p in enumerate(baru):
        if i % 9 == 0 and p.status == "aktif":
            _beban(s, p, 1 + i % 4)


def _queries_saran(s):
    with CaptureQueriesContext(connection) as ctx:
        data = _saran(s)
    return len(ctx.captured_queries) - 1, data  # minus the mentee's own fetch in _saran


def test_suggestions_need_the_same_few_queries_for_10_and_200_employees(s):
    _ramaikan(s, 9)
    assert Pegawai.objects.filter(instansi=s.inst).count() == 10
    kecil, data_kecil = _queries_saran(s)
    _ramaikan(s, 190)
    assert Pegawai.objects.filter(instansi=s.inst).count() >= 200
    besar, data_besar = _queries_saran(s)
    assert 0 < len(data_kecil["saran"]) < len(data_besar["saran"]) == selectors.JUMLAH_SARAN
    assert besar == kecil <= 5  # settings, the statement, standards, profile, unit tree


# ------------------------------------------------------------------------------ the page and one click

@pytest.fixture
def hr(s, client):
    u = f.hr_user(s.inst)
    client.force_login(u)
    return u


def test_suggestion_page_lists_ranked_candidates_with_reasons(s, hr, client):
    unit = _calon(s, s.seksi)
    opd = _calon(s, s.bidang2)
    response = client.get(reverse("mentoring:saran", args=[s.mentee.pk]))
    assert response.status_code == 200
    assert response.context["jenis"] == "umum"  # a PNS: general mentoring by default
    page = response.content.decode()
    assert page.index(f'data-mentor="{unit.pk}"') < page.index(f'data-mentor="{opd.pk}"')
    assert "Satu unit kerja" in page and "Satu perangkat daerah (OPD)" in page
    assert html.escape(unit.nama) in page
    k1 = s.gap_teratas[0]
    assert html.escape(k1.nama) in page  # the largest gap is shown


def test_one_click_accept_creates_an_active_pair_with_its_warnings(s, hr, client):
    opd = _calon(s, s.bidang2)  # another unit and field: one warning, confirmed by the click
    f.pegawai_user(opd)
    response = client.post(reverse("mentoring:saran-accept", args=[s.mentee.pk]), {"mentor": opd.pk, "jenis": "umum"})
    p = PasanganMentoring.objects.get(mentee=s.mentee)
    assert response.status_code == 302 and response["Location"] == reverse("mentoring:pasangan-detail", args=[p.pk])
    assert (p.mentor, p.jenis, p.status, p.dibuat_oleh) == (opd, "umum", PS.AKTIF, hr)
    [w] = p.peringatan
    assert "unit dan rumpun jabatan yang berbeda" in w
    assert Notifikasi.objects.filter(penerima=opd.user, jenis="mentoring_pasangan", kunci=f"pasangan-{p.pk}").exists()
    # The page now shows the pair instead of suggestions; a second click makes nothing.
    page = client.get(reverse("mentoring:saran", args=[s.mentee.pk]) + "?jenis=umum")
    assert page.context["terbuka"] == p and page.context["d"] is None
    lain = _calon(s, s.seksi)
    response = client.post(reverse("mentoring:saran-accept", args=[s.mentee.pk]), {"mentor": lain.pk, "jenis": "umum"},
                           follow=True)
    assert PasanganMentoring.objects.filter(mentee=s.mentee).count() == 1
    assert html.escape(f"{s.mentee.nama} sudah punya pasangan Pengembangan kompetensi umum yang aktif atau "
                       "diusulkan.") in response.content.decode()


def test_accept_refuses_a_mentor_outside_the_instansi_and_users_who_are_not_hr(s, hr, client):
    asing = f.PegawaiFactory(golongan="IV/a")
    url = reverse("mentoring:saran-accept", args=[s.mentee.pk])
    assert client.post(url, {"mentor": asing.pk, "jenis": "umum"}).status_code == 404
    assert client.post(url, {"mentor": "x", "jenis": "umum"}).status_code == 404
    calon = _calon(s, s.seksi)
    assert client.post(url, {"mentor": calon.pk, "jenis": "tidak-ada"}).status_code == 404
    client.force_login(f.pegawai_user(calon))
    assert client.post(url, {"mentor": calon.pk, "jenis": "umum"}).status_code == 404
    assert client.get(reverse("mentoring:saran", args=[s.mentee.pk])).status_code == 404
    # HR of another instansi cannot see this mentee.
    client.force_login(f.hr_user(asing.instansi))
    assert client.get(reverse("mentoring:saran", args=[s.mentee.pk])).status_code == 404
    assert not PasanganMentoring.objects.exists()


def test_ids_past_999_survive_the_page_round_trip(s, hr, client):
    """Indonesian formatting writes 12345 as "12.345": the page must write ids plainly, or the accept button
    posts a mentor id the view cannot read."""
    calon = _calon(s, s.seksi, pk=54321)
    page = client.get(reverse("mentoring:saran", args=[s.mentee.pk])).content.decode()
    assert 'data-mentor="54321"' in page and 'name="mentor" value="54321"' in page
    response = client.post(reverse("mentoring:saran-accept", args=[s.mentee.pk]), {"mentor": "54321", "jenis": "umum"})
    assert response.status_code == 302
    assert PasanganMentoring.objects.get(mentee=s.mentee).mentor == calon
