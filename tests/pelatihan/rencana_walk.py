"""The access walk's entries for the plan-line pages (issue 11 B), used by tests/pembinaan/test_access_walk.py.

Each entry makes (once per test, inside the test's savepoint) a cycle of plan year 2032 per instansi at the
verification stage, with one plan line named with the instansi's token answering a need of cucu_a / staf_b, and an
exemption of lain_a / lain_b. Only planning tables are written (not among those the walk counts writes in).

Who: HR of the instansi builds, reads and exports the plan; setting it (penetapan) is the permission
pelatihan.tetapkan_rencana, which no walked role holds (not HR, not pimpinan, not the superadmin without a Petugas
row): every walked role gets 404 on the set action, GET and POST (the POST walk checks nothing is written)."""

from decimal import Decimal

from pelatihan.models import BentukPelatihan, Kebutuhan, PengecualianJP, RencanaItem, SiklusRencana, jendela_bawaan

TAHUN = 2032
_WALK = {}


def siapkan(d):
    """{"a": (cycle, line, exemption), "b": …}, made once per test."""
    ada = getattr(d, "_rencana_dibuat", None)
    if ada and SiklusRencana.objects.filter(pk=ada["a"][0].pk).exists():
        return ada
    w = _WALK["w"]
    hasil = {}
    for s, token, orang, lain in (("a", w.TOKEN_A, "cucu_a", "lain_a"), ("b", w.TOKEN_B, "staf_b", "lain_b")):
        pegawai = d.pegawai[orang]
        siklus = SiklusRencana.objects.create(instansi=pegawai.instansi, tahun=TAHUN,
                                              tahap=SiklusRencana.Tahap.VERIFIKASI, **jendela_bawaan(TAHUN))
        kebutuhan = Kebutuhan.objects.create(siklus=siklus, pegawai=pegawai, sumber=Kebutuhan.Sumber.JP,
                                             opd=d.unit[f"induk_{s}"], status=Kebutuhan.Status.MASUK_RENCANA)
        Kebutuhan.objects.create(siklus=siklus, pegawai=d.pegawai[f"bawahan_{s}" if s == "a" else "kepala_b"],
                                 sumber=Kebutuhan.Sumber.JP, opd=d.unit[f"induk_{s}"],
                                 status=Kebutuhan.Status.DIVERIFIKASI)
        item = RencanaItem.objects.create(siklus=siklus, nomor=1, nama_program=f"Rencana Baris {token}", triwulan=2,
                                          jp=20, bentuk=BentukPelatihan.objects.get(kode="KL03"),
                                          biaya_satuan=Decimal(1000), total_biaya=Decimal(1000))
        item.kebutuhan.add(kebutuhan)
        pengecualian = PengecualianJP.objects.create(siklus=siklus, pegawai=d.pegawai[lain], alasan="mpp",
                                                     catatan=f"Catatan {token}")
        hasil[s] = (siklus, item, pengecualian)
    d._rencana_dibuat = hasil
    return hasil


def entri(w):
    """POLA entries: HR of the instansi reads and writes its plan; nobody walked may set it."""
    _WALK["w"] = w
    kelola = {w.HR_A: {"a"}, w.HR_B: {"b"}}

    def per(indeks, lingkup, queries=("",), ok=200, galat=()):
        """One case per instansi's object (0 cycle, 1 line, 2 exemption); ``galat``: queries answering 400 where
        the page is in scope."""
        def buat(d):
            hasil = []
            for label, objek in siapkan(d).items():
                for q in queries:
                    harap = w._menurut(label, lingkup, ok=ok)
                    if q in galat:
                        harap = {p: 400 if c == ok else c for p, c in harap.items()}
                    hasil.append(w.Kasus(f"{label} {q}".strip(), {"pk": objek[indeks].pk}, harap, q))
            return hasil
        return buat

    def terkini(d):
        siapkan(d)
        return w.halaman(w.hanya(w.HR_A, w.HR_B, ok=302))  # to the latest cycle's plan

    return {
        "pelatihan:rencana-terkini": terkini,
        "pelatihan:rencana-list": per(0, kelola, ("", "halaman=2", "halaman=abc"), galat=("halaman=abc",)),
        "pelatihan:rencana-kelompok": per(0, kelola),
        "pelatihan:rencana-item-create": per(0, kelola),
        "pelatihan:rencana-item-edit": per(1, kelola),
        "pelatihan:rencana-item-delete": per(1, kelola),
        "pelatihan:rencana-cakupan": per(0, kelola, ("", "daftar=melebihi", "daftar=x", "halaman=abc"),
                                         galat=("daftar=x", "halaman=abc")),
        "pelatihan:rencana-cakupan-tambah": lambda d: [w.Kasus(s, {"pk": o[0].pk}, w.semua(405))
                                                       for s, o in siapkan(d).items()],  # POST only
        "pelatihan:rencana-pengecualian-delete": lambda d: [w.Kasus(s, {"pk": o[2].pk}, w.semua(405))
                                                            for s, o in siapkan(d).items()],  # POST only
        "pelatihan:rencana-tetapkan": per(0, {}),  # the PPK's permission: no walked role has it
        "pelatihan:rencana-delegasi": lambda d: w.halaman(w.hanya()),  # the PPK only: no walked role is
        "pelatihan:rencana-ekspor": per(0, kelola, ("", "format=xlsx", "format=pdf", "format=x"),
                                        galat=("format=x",)),
    }


def ubah(w):
    """UBAH entries: a POST refused changes nothing. The set action: no walked role may set a plan. Adding the
    uncovered to a line: only HR of the cycle's instansi (its own POST is left out: the walk's write counters do not
    cover the planning tables, test_rencana checks it)."""
    _WALK["w"] = w

    def tambah(d):
        hasil = {}
        for s, (siklus, item, _) in siapkan(d).items():
            pegawai = d.pegawai["lain_a" if s == "a" else "lain_b"]
            hasil[s] = ({"pk": siklus.pk}, {"item": item.pk, "pegawai": [pegawai.pk]})
        return hasil

    return {
        # HR's own POST is refused (the walk's employee is not below target): the page again with the error, 200
        "pelatihan:rencana-cakupan-tambah": w.Ubah(tambah, {}, {w.HR_A: {"a": 200}, w.HR_B: {"b": 200}}),
        "pelatihan:rencana-tetapkan": w.Ubah(
            lambda d: {s: ({"pk": o[0].pk}, {"nomor_keputusan": "800/1", "tanggal_keputusan": "2030-10-20"})
                       for s, o in siapkan(d).items()}, {}),
    }
