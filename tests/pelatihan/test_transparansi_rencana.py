"""Transparency (issue 12) × planning (issue 11): the plan-realisation indicators of a snapshot are read from the
set plan of the snapshot's year through issue 11's realisation selectors, protected by pembinaan.pengungkapan (small
cells suppressed, no cell recoverable by subtraction), and absent (not zero) when the year has no set plan."""

from decimal import Decimal

import pytest
from django.utils import timezone

from pelatihan.models import Kebutuhan, ProgramPelatihan, RencanaItem, SiklusRencana, jendela_bawaan
from pelatihan.selectors.realisasi import realisasi_siklus
from pelatihan.services import jp as ledger
from pembinaan import pengungkapan
from pembinaan.models import Kompetensi
from pembinaan.services.transparansi import bangun_data
from tests import factories as f
from tests.pelatihan import factories as pf
from tests.pelatihan.rencana_data import pppk

pytestmark = pytest.mark.django_db

HARI = timezone.localdate()
KODE_RENCANA = ("rencana_item", "rencana_peserta_terlatih", "rencana_jp_direncanakan", "rencana_jp_terealisasi")


class Data:
    """Three OPDs of 15 employees (so none is merged into "Perangkat daerah lainnya"), PNS and PPPK alike.
    Line 1 (10 JP) answers the needs of 14 people of Dinas A (8 trained), 10 of Dinas B (5 trained) and 2 of
    Dinas C (1 trained); lines 2–5 have no needs and have not started. Half of each OPD's targets are PPPK."""

    def __init__(self, tahap=SiklusRencana.Tahap.BERJALAN, tahun=HARI.year):
        self.inst = f.InstansiFactory(kode="TRANSREN", nama="Pemerintah Kabupaten Transren")
        self.komp = Kompetensi.objects.filter(instansi__isnull=True).order_by("kode")[0]
        self.siklus = SiklusRencana.objects.create(instansi=self.inst, tahun=tahun, tahap=tahap, versi=1,
                                                   **jendela_bawaan(tahun))
        self.item = RencanaItem.objects.create(siklus=self.siklus, nomor=1, nama_program="Pelayanan Prima",
                                               bentuk=pf.bentuk("KL03"), triwulan=1, jp=10,
                                               biaya_satuan=Decimal("1000"), total_biaya=Decimal("26000"))
        for nomor in range(2, 6):
            RencanaItem.objects.create(siklus=self.siklus, nomor=nomor, nama_program=f"Item {nomor}",
                                       bentuk=pf.bentuk("KL03"), triwulan=2, jp=8, biaya_satuan=Decimal("1000"),
                                       total_biaya=Decimal("0"))
        self.program = pf.ProgramFactory(instansi=self.inst, jp=10, rencana_item=self.item,
                                         status=ProgramPelatihan.Status.BERJALAN, judul="Pelayanan Prima angkatan I")
        pf.SesiFactory(program=self.program, tanggal=HARI)
        kebutuhan = []
        for nama, sasaran, terlatih in (("A", 14, 8), ("B", 10, 5), ("C", 2, 1)):
            opd = f.UnitKerjaFactory(instansi=self.inst, nama=f"Dinas {nama}")
            bidang = f.UnitKerjaFactory(instansi=self.inst, nama=f"Bidang {nama}", induk=opd)
            for i in range(15):
                pg = (f.PegawaiFactory(instansi=self.inst, unit_kerja=bidang) if i % 2 == 0
                      else pppk(instansi=self.inst, unit_kerja=bidang))
                if i < sasaran:
                    kebutuhan.append(Kebutuhan.objects.create(
                        siklus=self.siklus, pegawai=pg, opd=opd, kompetensi=self.komp,
                        sumber=Kebutuhan.Sumber.KOMPETENSI, level_standar=3, level_kini=2, kesenjangan=1,
                        status=Kebutuhan.Status.MASUK_RENCANA))
                if i < terlatih:
                    peserta = pf.PesertaFactory(program=self.program, pegawai=pg)
                    ledger.kredit_set(pegawai_id=pg.pk, tanggal=HARI, jp=10, keterangan=self.program.judul,
                                      peserta=peserta)
        self.item.kebutuhan.set(kebutuhan)


def _sel(data, kode):
    return {(s["unit"], s["kategori"]): s for s in data["sel"] if s["indikator"] == kode}


def test_rencana_yang_ditetapkan_memberi_indikator_realisasi_dengan_sel_kecil_disembunyikan():
    d = Data()
    data = bangun_data(instansi=d.inst, tanggal=HARI)
    inst = d.inst.nama
    for kode in KODE_RENCANA:
        assert kode in data["indikator"], kode

    # Lines: 1 of 5 started (a count of 1: hidden, as any 1..k−1), none finished (the instansi only).
    item = _sel(data, "rencana_item")
    assert set(item) == {(inst, "Item dimulai"), (inst, "Item selesai")}
    assert item[(inst, "Item dimulai")]["nilai"] is None
    assert item[(inst, "Item dimulai")]["alasan"] == "kurang dari 5"
    assert item[(inst, "Item selesai")]["nilai"] == 0.0

    # Target participants trained: the instansi 14 of 26; Dinas A 8 of 14; Dinas C's base of 2 is below k = 5.
    latih = _sel(data, "rencana_peserta_terlatih")
    assert latih[(inst, "Peserta sasaran terlatih")]["nilai"] == pytest.approx(53.8)
    assert latih[("Dinas A", "Peserta sasaran terlatih")]["nilai"] == pytest.approx(57.1)
    c = latih[("Dinas C", "Peserta sasaran terlatih")]
    assert c["disembunyikan"] and c["nilai"] is None and c["alasan"] == "basis kurang dari 5"
    # Dinas B's percentage would give Dinas C's count back from the instansi's: it hides too.
    assert latih[("Dinas B", "Peserta sasaran terlatih")]["disembunyikan"]

    # JP planned (10 JP × targets) and credited, the same figures as issue 11's realisation page.
    real = realisasi_siklus(siklus=d.siklus, today=HARI)["r"]
    rencana = _sel(data, "rencana_jp_direncanakan")
    kredit = _sel(data, "rencana_jp_terealisasi")
    assert rencana[(inst, "JP direncanakan")]["nilai"] == real["jp_rencana"] == 260
    assert kredit[(inst, "JP terealisasi")]["nilai"] == real["jp_kredit"] == 140
    assert rencana[("Dinas A", "JP direncanakan")]["nilai"] == 140
    assert kredit[("Dinas A", "JP terealisasi")]["nilai"] == 80
    for tabel, kat in ((rencana, "JP direncanakan"), (kredit, "JP terealisasi")):
        c = tabel[("Dinas C", kat)]
        assert c["disembunyikan"] and c["nilai"] is None and c["alasan"] == "kurang dari 5 kontributor"
        assert tabel[("Dinas B", kat)]["disembunyikan"]  # else C = instansi − A − B
        assert tabel[(inst, kat)]["tampil"].endswith(pengungkapan.TANDA_MEMUAT)

    # No hidden count can be recovered and every shown total is consistent.
    sel = [pengungkapan.Sel(**s) for s in data["sel"] if s["indikator"] in KODE_RENCANA]
    assert pengungkapan.terbongkar(sel, instansi=inst) == []
    assert pengungkapan.tidak_konsisten(sel, instansi=inst) == []


@pytest.mark.parametrize("tahap", [SiklusRencana.Tahap.PENGUMPULAN, SiklusRencana.Tahap.VERIFIKASI])
def test_tanpa_rencana_yang_ditetapkan_indikatornya_tidak_ada(tahap):
    d = Data(tahap=tahap)
    data = bangun_data(instansi=d.inst, tanggal=HARI)
    assert not set(KODE_RENCANA) & set(data["indikator"])
    assert not [s for s in data["sel"] if s["indikator"] in KODE_RENCANA]
    assert "jp_diberikan" in data["indikator"]  # the rest of the snapshot is built as before


def test_rencana_tahun_lain_tidak_dipakai():
    d = Data(tahun=HARI.year + 1)
    data = bangun_data(instansi=d.inst, tanggal=HARI)
    assert not set(KODE_RENCANA) & set(data["indikator"])
