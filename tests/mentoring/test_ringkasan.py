"""HR overview (issue 5): numbers per top-level unit worked out here from the data the test writes, the dashboard
panel, mentors at capacity, a fixed number of queries, and the XLSX export of the filtered list."""

import datetime
import io
from collections import defaultdict
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from mentoring import selectors
from mentoring.models import PasanganMentoring, PengaturanMentoring, SesiMentoring
from mentoring.services import sesi as sesi_svc
from tests import factories as f
from tests.mentoring.factories import PasanganFactory, SesiMentoringFactory, akun

pytestmark = pytest.mark.django_db
PS = PasanganMentoring.Status
SS = SesiMentoring.Status
HARI = datetime.date(2026, 6, 30)
HIDUP = (SS.MENUNGGU, SS.DIKONFIRMASI)
STATUS_PASANGAN = [PS.AKTIF, PS.AKTIF, PS.AKTIF, PS.USULAN, PS.SELESAI, PS.DIBATALKAN, PS.AKTIF]
STATUS_SESI = [SS.DIKONFIRMASI, SS.MENUNGGU, SS.DITOLAK, SS.DIKONFIRMASI, SS.DITARIK]


# ------------------------------------------------------------------------------------------- data

def _organisasi(kapasitas=5, hari_tanpa_sesi=20):
    inst = f.InstansiFactory()
    PengaturanMentoring.objects.create(instansi=inst, kapasitas_mentor=kapasitas, hari_tanpa_sesi=hari_tanpa_sesi)
    opd_a = f.UnitKerjaFactory(instansi=inst, nama="Badan Kepegawaian")
    a1 = f.UnitKerjaFactory(instansi=inst, nama="Bidang Mutasi", induk=opd_a)
    a2 = f.UnitKerjaFactory(instansi=inst, nama="Subbidang Pensiun", induk=a1)
    opd_b = f.UnitKerjaFactory(instansi=inst, nama="Dinas Kesehatan")
    b1 = f.UnitKerjaFactory(instansi=inst, nama="Puskesmas Kota", induk=opd_b)
    opd_c = f.UnitKerjaFactory(instansi=inst, nama="Dinas Pertanian")  # no pairs: not listed
    akar = {opd_a.pk: opd_a.pk, a1.pk: opd_a.pk, a2.pk: opd_a.pk, opd_b.pk: opd_b.pk, b1.pk: opd_b.pk,
            opd_c.pk: opd_c.pk, None: None}
    mentor = [f.PegawaiFactory(instansi=inst, unit_kerja=u, golongan="IV/a") for u in (opd_a, b1, None, a2, opd_b)]
    return SimpleNamespace(inst=inst, unit=[opd_a, a1, a2, opd_b, b1, None], akar=akar, mentor=mentor,
                           opd=[opd_a, opd_b, opd_c], kapasitas=kapasitas, hari=hari_tanpa_sesi, spesifikasi=[])


def _hindari_batas(hari, o):
    """Keep dates off the boundaries (exactly 90 or N days ago): the rules say 'in the last 90 days' and 'no
    session for N days', and this test checks the counting, not the edge convention."""
    while hari in (90, o.hari, 30):
        hari += 1
    return hari


def _isi(o, n, mulai_dari=0):
    """``n`` pairs of every status spread over the units, mentors and dates, with sessions of every status."""
    for i in range(mulai_dari, mulai_dari + n):
        status = STATUS_PASANGAN[i % len(STATUS_PASANGAN)]
        mulai = HARI - timedelta(days=_hindari_batas(3 + (i * 13) % 160, o))
        selesai = mulai + timedelta(days=(i * 17) % 150)
        if selesai == HARI:
            selesai += timedelta(days=1)
        mentee = f.PegawaiFactory(instansi=o.inst, unit_kerja=o.unit[i % len(o.unit)], golongan="III/a")
        p = PasanganFactory(instansi=o.inst, mentor=o.mentor[(i * 3) % len(o.mentor)], mentee=mentee, status=status,
                            rencana_mulai=mulai, rencana_selesai=selesai,
                            ringkasan_penutup="Tuntas" if status == PS.SELESAI else "")
        sesi = []
        rentang = (HARI - mulai).days
        for j in range(i % 4):
            tanggal = HARI - timedelta(days=_hindari_batas(((i * 11 + j * 37) % (rentang + 1)), o))
            tanggal = max(tanggal, mulai)
            st = STATUS_SESI[(i + j) % len(STATUS_SESI)]
            SesiMentoringFactory(pasangan=p, tanggal=tanggal, status=st,
                                 alasan_tolak="Tidak terjadi" if st == SS.DITOLAK else "")
            sesi.append((tanggal, st))
        o.spesifikasi.append(SimpleNamespace(pasangan=p, akar=o.akar[mentee.unit_kerja_id], status=status,
                                             mulai=mulai, selesai=selesai, sesi=sesi, mentor=p.mentor))


def _harapan(o):
    """The overview worked out from the specification of what was written, independently of the selector."""
    kosong = dict(aktif=0, usulan=0, sesi_90=0, tanpa_aktivitas=0, lewat_rencana=0, selesai=0, dibatalkan=0,
                  mentor_penuh=0, mentor_lebih=0)
    per = defaultdict(lambda: dict(kosong))
    beban = defaultdict(int)
    for sp in o.spesifikasi:
        e = per[sp.akar]
        if sp.status == PS.AKTIF:
            e["aktif"] += 1
            beban[sp.mentor] += 1
            hidup = [t for t, st in sp.sesi if st in HIDUP]
            e["sesi_90"] += sum(1 for t in hidup if (HARI - t).days < 90)
            terakhir = max(hidup, default=sp.mulai)
            e["tanpa_aktivitas"] += (HARI - terakhir).days > o.hari
            e["lewat_rencana"] += sp.selesai < HARI
        else:
            e[str(sp.status)] += 1
    for m, n in beban.items():
        if n >= o.kapasitas:
            per[o.akar[m.unit_kerja_id]]["mentor_penuh"] += 1
            per[o.akar[m.unit_kerja_id]]["mentor_lebih"] += n > o.kapasitas
    for e in per.values():
        e["sesi_per_pasangan"] = round(e["sesi_90"] / e["aktif"], 1) if e["aktif"] else None
        berakhir = e["selesai"] + e["dibatalkan"] + e["lewat_rencana"]
        e["tingkat_selesai"] = round(100 * e["selesai"] / berakhir, 1) if berakhir else None
    total = dict(kosong)
    for e in per.values():
        for k in kosong:
            total[k] += e[k]
    total["sesi_per_pasangan"] = round(total["sesi_90"] / total["aktif"], 1) if total["aktif"] else None
    berakhir = total["selesai"] + total["dibatalkan"] + total["lewat_rencana"]
    total["tingkat_selesai"] = round(100 * total["selesai"] / berakhir, 1) if berakhir else None
    return dict(per), total, beban


def _angka(baris):
    return {k: baris[k] for k in ("aktif", "usulan", "sesi_90", "tanpa_aktivitas", "lewat_rencana", "selesai",
                                  "dibatalkan", "mentor_penuh", "mentor_lebih", "sesi_per_pasangan",
                                  "tingkat_selesai")}


def _pasangan_lain_instansi():
    p = PasanganFactory(rencana_mulai=HARI - timedelta(days=200), rencana_selesai=HARI - timedelta(days=5))
    SesiMentoringFactory(pasangan=p, tanggal=HARI - timedelta(days=3), status=SS.DIKONFIRMASI)
    for _ in range(3):
        PasanganFactory(instansi=p.instansi, mentor=p.mentor, rencana_mulai=HARI - timedelta(days=200))
    return p


# ------------------------------------------------------------------------------------------- overview

def test_overview_per_top_level_unit_matches_the_data():
    o = _organisasi()
    _isi(o, 42)
    _pasangan_lain_instansi()
    per, total, beban = _harapan(o)
    # The data exercise every column (otherwise the comparison below proves little).
    assert all(total[k] > 0 for k in ("aktif", "usulan", "sesi_90", "tanpa_aktivitas", "lewat_rencana", "selesai",
                                      "dibatalkan", "mentor_penuh"))
    assert total["tanpa_aktivitas"] < total["aktif"] and total["lewat_rencana"] < total["aktif"]
    assert 0 < total["mentor_lebih"] < total["mentor_penuh"] < len(beban)  # full, over capacity, and with room

    d = selectors.overview(instansi=o.inst, today=HARI)
    baris = {u["id"]: u for u in d["unit"]}
    opd_a, opd_b, opd_c = o.opd
    assert set(baris) == set(per) == {opd_a.pk, opd_b.pk, None}  # an OPD without pairs is not listed
    for uid, harapan in per.items():
        assert _angka(baris[uid]) == harapan, baris[uid]["nama"]
    assert baris[opd_a.pk]["nama"] == opd_a.nama and baris[None]["nama"] == "Tanpa unit kerja"
    assert [u["id"] for u in d["unit"]] == [opd_a.pk, opd_b.pk, None]  # by name, "no unit" last
    assert _angka(d["total"]) == total
    assert d["aturan"].kapasitas_mentor == o.kapasitas and d["hari_ini"] == HARI


def test_without_activity_counts_from_the_planned_start_when_there_is_no_session():
    o = _organisasi(hari_tanpa_sesi=30)
    unit = o.unit[0]

    def pasangan(mulai_hari_lalu, *sesi):
        p = PasanganFactory(instansi=o.inst, mentee=f.PegawaiFactory(instansi=o.inst, unit_kerja=unit),
                            rencana_mulai=HARI - timedelta(days=mulai_hari_lalu), rencana_selesai=HARI + timedelta(50))
        for hari_lalu, st in sesi:
            SesiMentoringFactory(pasangan=p, tanggal=HARI - timedelta(days=hari_lalu), status=st,
                                 alasan_tolak="x" if st == SS.DITOLAK else "")
        return p

    pasangan(40)  # started 40 days ago, never met: inactive
    pasangan(10)  # started 10 days ago: not yet
    pasangan(100, (5, SS.MENUNGGU))  # logged 5 days ago (not yet confirmed): active
    pasangan(100, (5, SS.DITOLAK), (6, SS.DITARIK))  # only rejected/withdrawn sessions: inactive
    pasangan(100, (50, SS.DIKONFIRMASI))  # last met 50 days ago: inactive
    p = pasangan(100)
    p.status = PS.USULAN  # proposals are not counted
    p.save()
    [u] = selectors.overview(instansi=o.inst, today=HARI)["unit"]
    assert (u["aktif"], u["tanpa_aktivitas"], u["usulan"]) == (5, 3, 1)
    assert u["sesi_90"] == 2 and u["sesi_per_pasangan"] == 0.4
    # the HR list filter agrees with the overview
    qs = selectors.filter_pasangan(PasanganMentoring.objects.filter(instansi=o.inst), kondisi="tanpa_aktivitas",
                                   instansi_id=o.inst.pk, today=HARI)
    assert qs.count() == 3


def test_dashboard_panel_and_mentors_at_capacity():
    o = _organisasi()
    _isi(o, 35)
    lain = _pasangan_lain_instansi()
    per, total, beban = _harapan(o)
    panel = selectors.panel_dasbor(instansi=o.inst, today=HARI)
    assert _angka(panel) == total
    sesi_30 = sum(1 for sp in o.spesifikasi for t, st in sp.sesi
                  if st == SS.DIKONFIRMASI and (HARI - t).days < 30)
    assert sesi_30 > 0 and panel["sesi_30"] == sesi_30

    penuh = selectors.overview(instansi=o.inst, today=HARI)["mentor_penuh"]
    harapan = sorted(((m.pk, n, m.nama) for m, n in beban.items() if n >= o.kapasitas), key=lambda x: (-x[1], x[2]))
    assert [(m.pk, m.beban) for m in penuh] == [(pk, n) for pk, n, _ in harapan]
    assert lain.mentor.pk not in {m.pk for m in penuh}  # four active mentees, but in another instansi


def _queries(fn):
    with CaptureQueriesContext(connection) as ctx:
        hasil = fn()
    return len(ctx.captured_queries), hasil


def test_overview_panel_and_capacity_list_need_the_same_queries_for_few_and_many_pairs():
    o = _organisasi()
    _isi(o, 6)
    kecil = [_queries(lambda: selectors.overview(instansi=o.inst, today=HARI))[0],
             _queries(lambda: selectors.panel_dasbor(instansi=o.inst, today=HARI))[0]]
    _isi(o, 60, mulai_dari=6)
    besar = [_queries(lambda: selectors.overview(instansi=o.inst, today=HARI)),
             _queries(lambda: selectors.panel_dasbor(instansi=o.inst, today=HARI))]
    assert [n for n, _ in besar] == kecil
    assert kecil[0] <= 4 and kecil[1] <= 5
    assert besar[0][1]["mentor_penuh"]  # the list of full mentors comes with the overview's queries
    assert besar[0][1]["total"]["aktif"] == _harapan(o)[1]["aktif"] > 30


# ------------------------------------------------------------------------------------------- views

def test_overview_page_for_hr_and_pimpinan_and_nobody_else(client):
    o = _organisasi(kapasitas=2)
    today = timezone.localdate()
    for i in range(3):  # one mentor over capacity (2)
        PasanganFactory(instansi=o.inst, mentor=o.mentor[0], rencana_mulai=today - timedelta(days=5),
                        mentee=f.PegawaiFactory(instansi=o.inst, unit_kerja=o.unit[i]))
    client.force_login(f.hr_user(o.inst))
    r = client.get(reverse("mentoring:overview"))
    assert r.status_code == 200
    assert r.context["d"]["total"]["aktif"] == 3
    page = r.content.decode()
    assert 'data-testid="daftar-mentor-penuh"' in page and o.unit[0].nama in page
    assert [m.pk for m in r.context["mentor_penuh"]] == [o.mentor[0].pk]

    client.force_login(f.pimpinan_user(o.inst))
    r = client.get(reverse("mentoring:overview"))
    assert r.status_code == 200 and r.context["d"]["total"]["aktif"] == 3
    assert r.context["mentor_penuh"] is None and 'data-testid="daftar-mentor-penuh"' not in r.content.decode()

    client.force_login(akun(o.mentor[0]))
    assert client.get(reverse("mentoring:overview")).status_code == 404


# ------------------------------------------------------------------------------------------- export

def _sesi(p, hari_lalu, menit, konfirmasi=True):
    s = sesi_svc.sesi_create(actor=akun(p.mentor), pasangan=p, data={
        "tanggal": timezone.localdate() - timedelta(days=hari_lalu), "durasi_menit": menit,
        "topik": f"Topik {menit}", "catatan": "", "tindak_lanjut": ""})
    if konfirmasi:
        sesi_svc.sesi_confirm(actor=akun(p.mentee), sesi=s)
    return s


@pytest.fixture
def ekspor_data():
    today = timezone.localdate()
    o = _organisasi(kapasitas=3)
    kw = dict(rencana_mulai=today - timedelta(days=60), rencana_selesai=today + timedelta(days=30))
    unit = o.unit[1]

    def pasangan(nama, **extra):
        return PasanganFactory(instansi=o.inst, mentee=f.PegawaiFactory(instansi=o.inst, unit_kerja=unit, nama=nama),
                               **(kw | extra))

    a = pasangan("Ayu Lestari", tujuan="Menyusun SKP")
    b = pasangan("Bima Saputra")
    c = pasangan("Citra Dewi")
    _sesi(a, 3, 100)   # 2 JP
    _sesi(a, 20, 50)   # 1 JP
    ditarik = _sesi(a, 10, 200)
    hr = f.hr_user(o.inst)
    sesi_svc.sesi_withdraw(sesi=ditarik, actor=hr)  # recorded by mistake
    _sesi(a, 1, 90, konfirmasi=False)  # waiting: not counted as confirmed
    _sesi(c, 30, 45)
    PasanganMentoring.objects.filter(pk=c.pk).update(status=PS.SELESAI, ringkasan_penutup="Tuntas")
    asing = PasanganFactory(**kw)  # another instansi
    return SimpleNamespace(o=o, a=a, b=b, c=c, asing=asing, hr=hr)


def _xlsx(client, **params):
    r = client.get(reverse("mentoring:pasangan-export"), params)
    assert r.status_code == 200
    assert r["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows())
    kolom = [c.value for c in rows[0]]
    return kolom, [{k: c for k, c in zip(kolom, row, strict=True)} for row in rows[1:]]


def _jp(*menit):
    return sum(m // 45 for m in menit)


def test_export_lists_the_filtered_pairs_of_hr_instansi_with_nips_as_text(client, ekspor_data):
    e = ekspor_data
    client.force_login(e.hr)
    kolom, rows = _xlsx(client, status="aktif")
    assert kolom[:5] == ["NIP MENTEE", "NAMA MENTEE", "UNIT KERJA MENTEE", "NIP MENTOR", "NAMA MENTOR"]
    assert [r["NIP MENTEE"].value for r in rows] == [e.a.mentee.nip, e.b.mentee.nip]  # active only, by name
    assert e.asing.mentee.nip not in {r["NIP MENTEE"].value for r in rows}
    format_salah = []
    for r, p in zip(rows, (e.a, e.b), strict=True):
        for nama_kolom, nip in (("NIP MENTEE", p.mentee.nip), ("NIP MENTOR", p.mentor.nip)):
            sel = r[nama_kolom]
            assert sel.value == nip and sel.data_type == "s", (nama_kolom, sel.value)  # all 18 digits, a string
            if sel.number_format != "@":  # Text format, like the employee export: Excel never makes it a number
                format_salah.append((nama_kolom, sel.number_format))
        assert r["UNIT KERJA MENTEE"].value == e.o.unit[1].nama
        assert r["STATUS"].value == "Aktif" and r["JENIS"].value == p.get_jenis_display()
    a = rows[0]
    assert a["SESI DIKONFIRMASI"].value == 2 and a["MENIT DIKONFIRMASI"].value == 150
    assert a["JP DIKREDITKAN"].value == _jp(100, 50)
    assert a["SESI TERAKHIR"].value.date() == timezone.localdate() - timedelta(days=1)  # the waiting one
    assert a["TUJUAN"].value == "Menyusun SKP"
    assert (rows[1]["SESI DIKONFIRMASI"].value, rows[1]["JP DIKREDITKAN"].value) == (0, 0)
    assert format_salah == [], "kolom NIP tidak berformat Teks (@)"


def test_export_follows_the_search_and_shows_the_closing_summary(client, ekspor_data):
    e = ekspor_data
    client.force_login(e.hr)
    _, rows = _xlsx(client, q="Citra")
    assert [r["NIP MENTEE"].value for r in rows] == [e.c.mentee.nip]
    assert rows[0]["RINGKASAN PENUTUP"].value == "Tuntas" and rows[0]["JP DIKREDITKAN"].value == _jp(45)
    _, rows = _xlsx(client)
    assert sorted(r["NIP MENTEE"].value for r in rows) == sorted(p.mentee.nip for p in (e.a, e.b, e.c))
    _, rows = _xlsx(client, q=e.b.mentor.nip)
    assert [r["NIP MENTOR"].value for r in rows] == [e.b.mentor.nip]


def test_export_is_for_hr_only(client, ekspor_data):
    client.force_login(akun(ekspor_data.a.mentor))
    assert client.get(reverse("mentoring:pasangan-export")).status_code == 404
    client.force_login(f.pimpinan_user(ekspor_data.o.inst))
    assert client.get(reverse("mentoring:pasangan-export")).status_code == 404


def test_b18_feedback_is_averaged_per_statement_for_the_instansi_only(client):
    from mentoring.models import PERNYATAAN_B18
    from mentoring.services import sesi as layanan_sesi
    from tests.mentoring.factories import SesiMentoringFactory

    kunci = [k for k, _ in PERNYATAAN_B18]
    today = timezone.localdate()

    def umpan_balik(pasangan, nilai, tanggal):
        sesi = SesiMentoringFactory(pasangan=pasangan, tanggal=tanggal, status="dikonfirmasi")
        layanan_sesi.umpan_balik_save(actor=akun(pasangan.mentee), sesi=sesi,
                                      jawaban=dict(zip(kunci, nilai, strict=True)))

    p = PasanganFactory(rencana_mulai=today - timedelta(days=400))
    umpan_balik(p, [5, 4, 3, 2, 1, 5, 4, 3, 2], today - timedelta(days=3))
    umpan_balik(p, [4, 4, 4, 4, 4, 4, 4, 4, 4], today - timedelta(days=30))
    umpan_balik(p, [1] * 9, today - timedelta(days=380))  # older than a year: left out
    lain = PasanganFactory(rencana_mulai=today - timedelta(days=10))  # another instansi: left out
    umpan_balik(lain, [1] * 9, today - timedelta(days=1))
    d = selectors.umpan_balik_ringkas(instansi=p.instansi, today=today)
    assert d["jumlah"] == 2
    assert [r["rata"] for r in d["baris"]] == [4.5, 4.0, 3.5, 3.0, 2.5, 4.5, 4.0, 3.5, 3.0]
    client.force_login(f.pimpinan_user(p.instansi))  # aggregates: pimpinan sees them
    page = client.get(reverse("mentoring:overview")).content.decode()
    assert 'data-testid="b18"' in page and "Dari 2 formulir umpan balik mentee" in page
