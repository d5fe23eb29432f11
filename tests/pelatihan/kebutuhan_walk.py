"""The access walk's entries for the cycle, needs and participation pages (issue 11 A), used by
tests/pembinaan/test_access_walk.py.

Each entry makes (once per test, inside the test's savepoint) a cycle of plan year 2031 per instansi at stage
pengumpulan, with needs: a derived JP need of cucu_a and of lain_a (nobody's chain), proposals of cucu_a ("usul_a"),
of bawahan_a (whose atasan is atasan_a: "usul_bawahan_a") and of staf_b ("usul_b"). Proposals carry the instansi's
token in their reason (the leak search). Only planning tables are written (not among those the walk counts)."""

from pelatihan.models import Kebutuhan, SiklusRencana, jendela_bawaan
from pembinaan.models import Kompetensi

TAHUN = 2031
_WALK = {}
S = Kebutuhan.Sumber


def siapkan(d):
    """{"siklus": {"a", "b"}, "kebutuhan": {label: Kebutuhan}}, made once per test."""
    ada = getattr(d, "_kebutuhan_dibuat", None)
    if ada and SiklusRencana.objects.filter(pk=ada["siklus"]["a"].pk).exists():
        return ada
    w = _WALK["w"]
    siklus, kebutuhan = {}, {}
    kompetensi = Kompetensi.objects.filter(instansi__isnull=True).order_by("pk").first()
    for s in "ab":
        siklus[s], _ = SiklusRencana.objects.get_or_create(
            instansi=d.unit[f"induk_{s}"].instansi, tahun=TAHUN,
            defaults={"tahap": SiklusRencana.Tahap.PENGUMPULAN, **jendela_bawaan(TAHUN)})
    for label, orang, s in (("jp_cucu_a", "cucu_a", "a"), ("jp_lain_a", "lain_a", "a"), ("jp_staf_b", "staf_b", "b")):
        kebutuhan[label] = Kebutuhan.objects.create(
            siklus=siklus[s], pegawai=d.pegawai[orang], sumber=S.JP, diturunkan=True, opd=d.unit[f"induk_{s}"],
            keterangan="JP 2030: 4 dari target 20")
    for label, orang, s in (("usul_a", "cucu_a", "a"), ("usul_bawahan_a", "bawahan_a", "a"), ("usul_b", "staf_b", "b")):
        token = w.TOKEN_A if s == "a" else w.TOKEN_B
        kebutuhan[label] = Kebutuhan.objects.create(
            siklus=siklus[s], pegawai=d.pegawai[orang], sumber=S.USULAN, kompetensi=kompetensi,
            opd=d.unit[f"induk_{s}"], alasan_usulan=f"Alasan usulan {label} {token}")
    d._kebutuhan_dibuat = {"siklus": siklus, "kebutuhan": kebutuhan}
    return d._kebutuhan_dibuat


def entri(w):
    """POLA entries. HR of the instansi runs the cycles and verifies (their OPDs only; a sub-unit or another
    instansi's unit answers 404); employees read their own needs and propose; the direct atasan decides the
    proposals of their staff; the owner changes their proposal."""
    _WALK["w"] = w
    hr = {w.HR_A: {"a"}, w.HR_B: {"b"}}

    def siklus(lingkup):
        def buat(d):
            return [w.Kasus(label, {"pk": s.pk}, w._menurut(label, lingkup))
                    for label, s in siapkan(d)["siklus"].items()]
        return buat

    def post_siklus(d):
        return [w.Kasus(label, {"pk": s.pk}, w.semua(405)) for label, s in siapkan(d)["siklus"].items()]

    def verifikasi(d, ok=200):
        sk, u = siapkan(d)["siklus"], d.unit
        return [
            w.Kasus("a induk_a", {"pk": sk["a"].pk, "opd": u["induk_a"].pk}, w.hanya(w.HR_A, ok=ok)),
            w.Kasus("a tanpa unit", {"pk": sk["a"].pk, "opd": 0}, w.hanya(w.HR_A, ok=ok)),
            w.Kasus("b induk_b", {"pk": sk["b"].pk, "opd": u["induk_b"].pk}, w.hanya(w.HR_B, ok=ok)),
            w.Kasus("a induk_b", {"pk": sk["a"].pk, "opd": u["induk_b"].pk}, w.hanya()),  # another instansi's OPD
            w.Kasus("a anak_a", {"pk": sk["a"].pk, "opd": u["anak_a"].pk}, w.hanya()),  # a sub-unit is no OPD
        ]

    def verifikasi_post(d):
        return [w.Kasus(k.label, k.kwargs, w.semua(405)) for k in verifikasi(d)[:3]]

    def sendiri(d):
        sk = siapkan(d)["siklus"]
        pegawai = (w.ATASAN_A, w.PEGAWAI_A, w.PEGAWAI_B)
        return [w.Kasus("-", {}, w.hanya(*pegawai)),
                w.Kasus("siklus a", {}, w.hanya(w.ATASAN_A, w.PEGAWAI_A), f"siklus={sk['a'].pk}"),
                w.Kasus("siklus b", {}, w.hanya(w.PEGAWAI_B), f"siklus={sk['b'].pk}"),
                w.Kasus("siklus sampah", {}, w.hanya(*pegawai, ok=400), "siklus=abc")]

    def kebutuhan(lingkup, labels=None):
        def buat(d):
            semua = siapkan(d)["kebutuhan"]
            pilih = {k: v for k, v in semua.items() if labels is None or k in labels}
            return w.objek(pilih, lingkup)
        return buat

    def post_kebutuhan(d):
        k = siapkan(d)["kebutuhan"]
        return [w.Kasus(label, {"pk": k[label].pk}, w.semua(405)) for label in ("usul_bawahan_a", "usul_b")]

    semua_a = {"jp_cucu_a", "jp_lain_a", "usul_a", "usul_bawahan_a"}
    return {
        "pelatihan:siklus-list": lambda d: (siapkan(d), w.halaman(w.hanya(w.HR_A, w.HR_B)))[1],
        "pelatihan:siklus-create": lambda d: w.halaman(w.hanya(w.HR_A, w.HR_B)),
        "pelatihan:siklus-detail": siklus(hr),
        "pelatihan:siklus-edit": siklus(hr),
        "pelatihan:siklus-tahap": post_siklus,
        "pelatihan:siklus-susun": post_siklus,
        "pelatihan:kebutuhan-opd": siklus(hr),
        "pelatihan:kebutuhan-verifikasi": verifikasi,
        "pelatihan:kebutuhan-verifikasi-opd": verifikasi_post,
        "pelatihan:kebutuhan-saya": sendiri,
        "pelatihan:kebutuhan-usul": sendiri,
        "pelatihan:kebutuhan-bawahan": lambda d: (siapkan(d), w.halaman(w.hanya(w.ATASAN_A)))[1],
        "pelatihan:kebutuhan-usul-ubah": kebutuhan({w.PEGAWAI_A: {"usul_a"}, w.PEGAWAI_B: {"usul_b"}}),
        "pelatihan:kebutuhan-setujui": post_kebutuhan,
        "pelatihan:kebutuhan-kembalikan": kebutuhan({w.ATASAN_A: {"usul_bawahan_a"}}),
        "pelatihan:kebutuhan-tolak": kebutuhan({w.HR_A: semua_a, w.HR_B: {"jp_staf_b", "usul_b"}}),
        "pelatihan:kebutuhan-prioritas": kebutuhan({w.HR_A: semua_a, w.HR_B: {"jp_staf_b", "usul_b"}}),
    }

