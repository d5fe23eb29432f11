"""The access walk's entries for the plan's realisation and monev pages (issue 11 C), used by
tests/pembinaan/test_access_walk.py.

The walk's world has no planning cycle of its own for these pages: each entry makes (once per test, inside the test's
savepoint) a cycle of plan year 2030 per instansi, set, with one plan line named with the instansi's token that
answers a need of cucu_a / staf_b. Only planning tables are written (not among those the walk counts writes in)."""

from decimal import Decimal

from pelatihan.models import BentukPelatihan, Kebutuhan, RencanaItem, SiklusRencana, jendela_bawaan

TAHUN = 2030
_WALK = {}


def _w():
    return _WALK["w"]


def siapkan(d):
    """{"a": SiklusRencana, "b": SiklusRencana}, made once per test."""
    ada = getattr(d, "_realisasi_dibuat", None)
    if ada and SiklusRencana.objects.filter(pk=ada["a"].pk).exists():
        return ada
    w = _w()
    hasil = {}
    for s, token, orang in (("a", w.TOKEN_A, "cucu_a"), ("b", w.TOKEN_B, "staf_b")):
        pegawai = d.pegawai[orang]
        siklus, _ = SiklusRencana.objects.get_or_create(
            instansi=pegawai.instansi, tahun=TAHUN,
            defaults={"tahap": SiklusRencana.Tahap.BERJALAN, "versi": 1, **jendela_bawaan(TAHUN)})
        kebutuhan = Kebutuhan.objects.create(siklus=siklus, pegawai=pegawai, sumber=Kebutuhan.Sumber.JP,
                                             opd=d.unit[f"induk_{s}"])
        item = RencanaItem.objects.create(siklus=siklus, nomor=1, nama_program=f"Rencana {token}", triwulan=2, jp=20,
                                          bentuk=BentukPelatihan.objects.get(kode="KL03"),
                                          biaya_satuan=Decimal(1000), total_biaya=Decimal(1000))
        item.kebutuhan.add(kebutuhan)
        hasil[s] = siklus
    d._realisasi_dibuat = hasil
    return hasil


def entri(w):
    """POLA entries: HR and pimpinan of the instansi read realisation and monev (aggregates); only HR fills the monev;
    an OPD of the other instansi in the query is ignored (no leak, no error); garbage in it answers 400."""
    _WALK["w"] = w
    baca = {w.HR_A: {"a"}, w.PIMPINAN_A: {"a"}, w.HR_B: {"b"}}
    ubah = {w.HR_A: {"a"}, w.HR_B: {"b"}}

    def kasus(lingkup, queries=("",)):
        def buat(d):
            siklus = siapkan(d)
            return [w.Kasus(f"{label} {q}".strip(), {"pk": s.pk}, w._menurut(label, lingkup), q)
                    for label, s in siklus.items() for q in queries]
        return buat

    def realisasi(d):
        opd = (f"opd={d.unit['induk_a'].pk}", f"opd={d.unit['induk_b'].pk}")
        hasil = kasus(baca, ("", *opd))(d)
        siklus = siapkan(d)
        hasil.append(w.Kasus("opd sampah", {"pk": siklus["a"].pk},
                             w._menurut("a", {w.HR_A: {"a"}, w.PIMPINAN_A: {"a"}}, ok=400), "opd=abc"))
        return hasil

    return {
        "pelatihan:rencana-realisasi-list": lambda d: (siapkan(d), w.halaman(w.hanya(w.HR_A, w.HR_B, w.PIMPINAN_A)))[1],
        "pelatihan:rencana-realisasi": realisasi,
        "pelatihan:rencana-monev": kasus(baca),
        "pelatihan:rencana-monev-ubah": kasus(ubah),
    }
