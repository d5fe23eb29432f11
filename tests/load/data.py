"""The data of `make load`: the bench's employees and ledger (tests/bench generators, imported), an open evaluation
period, a programme with a session happening now, and logged-in sessions created server-side (no password hashing
per simulated user). Writes a JSON file the locustfile reads."""

import datetime
import json
import time

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.utils import timezone

from evaluasi.models import Evaluasi
from evaluasi.services import periode as svc_periode
from pelatihan import checkin
from pelatihan.models import BentukPelatihan, Mitra, Peserta, ProgramPelatihan, SesiPelatihan
from pembinaan.models import Instansi, Pegawai
from tests import factories as f
from tests.bench import bench_evaluasi, bench_jp, bench_pembinaan


def _sesi_login(user):
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def sesi_segarkan(data):
    """Reused data (``--pakai-data``): the stored sessions name the authentication backend of this build (a session
    naming a backend that is no longer configured is anonymous, as Django decides)."""
    import importlib

    mesin = importlib.import_module(settings.SESSION_ENGINE)  # the app's (cache and database), not only the rows
    backend = settings.AUTHENTICATION_BACKENDS[-1]
    kunci = data["pegawai"] + [a["sesi"] for a in data["atasan"]] + data["hr"]
    for key in kunci:
        store = mesin.SessionStore(session_key=key)
        if store.get(BACKEND_SESSION_KEY) not in (None, backend):
            store[BACKEND_SESSION_KEY] = backend
            store.save()


def _akun(pegawai_list, sandi):
    User = get_user_model()
    users = User.objects.bulk_create([User(username=p.nip, password=sandi) for p in pegawai_list])
    for p, u in zip(pegawai_list, users, strict=True):
        p.user = u
    Pegawai.objects.bulk_update(pegawai_list, ["user"])
    return users


def _program_berjalan(inst, pegawai_list):
    mitra = Mitra.objects.create(instansi=inst, nama="BPSDM Load", jenis=Mitra.Jenis.BPSDM)
    program = ProgramPelatihan.objects.create(
        instansi=inst, judul="Pelatihan Senin Pagi (load)", bentuk=BentukPelatihan.objects.get(kode="KL03"),
        penyelenggara=mitra, jp=24, kuota=len(pegawai_list), status=ProgramPelatihan.Status.BERJALAN)
    now = timezone.localtime()
    sesi = SesiPelatihan.objects.create(
        program=program, tanggal=now.date(), topik="Pembukaan",
        jam_mulai=now.replace(hour=0, minute=0, second=0, microsecond=0).time(),
        jam_selesai=now.replace(hour=23, minute=59, second=0, microsecond=0).time())
    Peserta.objects.bulk_create([Peserta(program=program, pegawai=p, sumber=Peserta.Sumber.HR) for p in pegawai_list])
    return sesi


def sesi_hari_ini(sesi_id):
    """Reused data (``--pakai-data``): the check-in session happens today, all day, and nobody has checked in yet,
    as after a fresh build (otherwise an earlier run's check-ins leave only "already present" pages)."""
    from pelatihan.models import Kehadiran

    Kehadiran.objects.filter(sesi_id=sesi_id).delete()
    now = timezone.localtime()
    SesiPelatihan.objects.filter(pk=sesi_id).update(
        tanggal=now.date(), jam_mulai=now.replace(hour=0, minute=0, second=0, microsecond=0).time(),
        jam_selesai=now.replace(hour=23, minute=59, second=0, microsecond=0).time())


def tautan_presensi(sesi_id, detik):
    """The QR link of each 45-second step for the next ``detik`` seconds: the load client needs no Django."""
    awal = checkin.langkah()
    return {str(step): checkin.tautan(sesi_id, checkin.kode_untuk(sesi_id, step))
            for step in range(awal - 1, awal + detik // checkin.langkah_detik() + 3)}


def bangun(factor, *, pegawai, atasan, hr):
    """Load the data and return what the simulated users need (session keys, ids)."""
    t = time.perf_counter()
    big = Instansi.objects.create(kode="BENCH-BESAR", nama="Pemerintah Provinsi Bench")
    bench_pembinaan._import(bench_pembinaan._file(100_000 // factor), big)
    print(f"  employees: {Pegawai.objects.filter(instansi=big).count()} ({time.perf_counter() - t:.0f} s)")
    t = time.perf_counter()
    n = bench_jp._ledger(big, 1_000_000 // factor)
    print(f"  ledger: {n} rows ({time.perf_counter() - t:.0f} s)")
    bench_evaluasi._set_atasan(big)
    hr_users = [f.hr_user(big, username=f"hr.load.{i}") for i in range(hr)]
    periode = bench_evaluasi._periode(big, "Triwulan load")
    svc_periode.periode_open(actor=hr_users[0], periode=periode)
    sandi = make_password("Load-Senin-Pagi-1!")  # hashed once
    kepala_ids = list(Pegawai.objects.filter(instansi=big, bawahan__isnull=False).distinct()
                      .order_by("id").values_list("id", flat=True)[:atasan])
    kepala = list(Pegawai.objects.filter(id__in=kepala_ids).order_by("id"))
    staf = list(Pegawai.objects.filter(instansi=big, status="aktif", bawahan__isnull=True, user__isnull=True)
                .order_by("id")[:pegawai])
    _akun(kepala + staf, sandi)
    sesi = _program_berjalan(big, staf)
    forms = {}
    for pk, penilai in Evaluasi.objects.filter(periode=periode, penilai_id__in=kepala_ids).values_list(
            "pk", "penilai_id"):
        forms.setdefault(penilai, []).append(pk)
    unit_ids = list(Pegawai.objects.filter(instansi=big, unit_kerja__isnull=False).values_list(
        "unit_kerja_id", flat=True).distinct()[:20])
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    return {
        "pegawai": [_sesi_login(p.user) for p in staf],
        "atasan": [{"sesi": _sesi_login(p.user), "formulir": forms.get(p.pk, [])[:5]} for p in kepala],
        "hr": [_sesi_login(u) for u in hr_users],
        "sesi_pelatihan": sesi.pk,
        "unit": unit_ids,
        "tahun": timezone.localdate().year,
        "dibuat": datetime.datetime.now(datetime.UTC).isoformat(),
    }


def simpan(data, path):
    path.write_text(json.dumps(data), encoding="utf-8")
