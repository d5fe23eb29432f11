"""Demo accounts: created by ``buat_akun_demo``, listed by ``demo_logins`` (the logins ``make run`` prints).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from .. import referensi as ref
from ..models import (
    Instansi,
    Pegawai,
    Petugas,
)
from .dasar import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, GRUP_HR, GRUP_PIMPINAN, INSTANSI_DEMO, J
from .transparansi import grup_penerbit


def _email_demo(lokal):
    return f"{lokal}@{DEMO_EMAIL_DOMAIN}"


def buat_akun_demo():
    """Create the missing demo accounts (password ``DEMO_PASSWORD``); returns one line per account created.

    Existing accounts are left exactly as they are, so a second run changes nothing.
    """
    User = get_user_model()
    dibuat = []
    sandi = make_password(DEMO_PASSWORD)  # hashed once: PBKDF2 is deliberately slow

    def user(username, **kw):
        obj, baru = User.objects.get_or_create(username=username, defaults={"password": sandi, **kw})
        if baru:
            dibuat.append(username)
        return obj

    user("admin", email=_email_demo("admin"), is_staff=True, is_superuser=True, first_name="Superadmin")
    instansi = {i.kode: i for i in Instansi.objects.filter(kode__in=[k for k, _, _ in INSTANSI_DEMO])}
    petugas = [(f"hr.{k.lower()}", GRUP_HR, k) for k, _, _ in INSTANSI_DEMO] + [
        ("pimpinan.bengkulu", GRUP_PIMPINAN, "BENGKULU")]
    for username, grup, kode in petugas:
        if kode not in instansi:
            continue
        u = user(username, email=_email_demo(username),
                 first_name=("Admin BKPSDM" if grup == GRUP_HR else "Pimpinan"), last_name=instansi[kode].nama[:150])
        u.groups.add(Group.objects.get_or_create(name=grup)[0])  # no-op when already a member
        if grup == GRUP_HR:  # the demo HR also publish the transparency page (issue 12)
            u.groups.add(grup_penerbit())
        Petugas.objects.get_or_create(user=u, defaults={"instansi": instansi[kode]})
    if "BENGKULU" in instansi:
        dibuat += _akun_pegawai_demo(instansi["BENGKULU"], sandi)
    return dibuat


def _akun_pegawai_demo(instansi, sandi):
    """Accounts (username = NIP) for a head of a bidang and one of their subordinates without subordinates."""
    demo = Pegawai.objects.filter(instansi=instansi, user__email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
    if demo.exists():
        return []
    aktif = Pegawai.objects.filter(instansi=instansi, status=ref.StatusPegawai.AKTIF)
    daun = aktif.filter(bawahan__isnull=True)
    calon = aktif.filter(bawahan__in=daun).distinct()
    # Prefer the head of the Bidang Pengembangan Kompetensi (they run staff development), then any head of a
    # bidang, then (tiny instansi only) any supervisor.
    atasan = (calon.filter(jabatan__nama="Kepala Bidang Pengembangan Kompetensi").order_by("nip").first()
              or calon.filter(jabatan__jenis=J.ADMINISTRATOR, unit_kerja__nama__startswith="Bidang")
              .order_by("nip").first()
              or calon.order_by("nip").first())
    if atasan is None:
        return []
    bawahan = daun.filter(atasan=atasan).order_by("jabatan__jenis", "nip").first()
    User = get_user_model()
    dibuat = []
    for p in (atasan, bawahan):
        lokal = ".".join(k.strip(".").lower() for k in p.nama.split()[:2])
        email = _email_demo(lokal)
        u = User.objects.create(username=p.nip, password=sandi, email=email, first_name=p.nama[:150])
        Pegawai.objects.filter(pk=p.pk).update(user=u, email=email)
        dibuat.append(p.nip)
    return dibuat


_URUTAN_PERAN = ("Superadmin", "Admin BKPSDM", "Pimpinan", "Atasan", "Pegawai")


def demo_logins() -> list[dict]:
    """The demo accounts as they are in the database: username, password, peran, instansi, keterangan."""
    User = get_user_model()
    hasil = []
    users = (User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}", is_active=True)
             .select_related("petugas__instansi", "pegawai__instansi", "pegawai__jabatan", "pegawai__unit_kerja")
             .prefetch_related("groups"))
    for u in users:
        grup = {g.name for g in u.groups.all()}
        petugas = getattr(u, "petugas", None)
        pegawai = getattr(u, "pegawai", None)
        if u.is_superuser:
            peran, instansi, ket = "Superadmin", "Semua", "Semua instansi, lewat Django admin (/admin/)"
        elif petugas is not None and GRUP_HR in grup:
            peran, instansi = "Admin BKPSDM", petugas.instansi.nama
            ket = "Semua data pegawai, pelatihan, mentoring dan evaluasi instansinya saja"
        elif petugas is not None and GRUP_PIMPINAN in grup:
            peran, instansi, ket = "Pimpinan", petugas.instansi.nama, "Dasbor dan laporan agregat instansinya"
        elif pegawai is not None:
            instansi = pegawai.instansi.nama
            jabatan = pegawai.jabatan.nama if pegawai.jabatan else "tanpa jabatan"
            jumlah = pegawai.bawahan.count()
            if jumlah:
                peran = "Atasan"
                ket = f"{jabatan}: data sendiri dan {jumlah} bawahan langsung"
                if pegawai.bawahan.filter(bawahan__isnull=False).exists():
                    ket += " (serta bawahan tidak langsung)"
            else:
                peran = "Pegawai"
                ket = f"{jabatan}: hanya data sendiri"
            mentor = pegawai.pasangan_mentor.filter(status="aktif").count()
            if mentor:
                ket += f"; mentor bagi {mentor} mentee"
            if pegawai.pasangan_mentee.filter(status="aktif").exists():
                ket += "; punya mentor"
        else:
            continue
        hasil.append({"username": u.username, "password": DEMO_PASSWORD, "peran": peran, "instansi": instansi,
                      "keterangan": ket})
    hasil.sort(key=lambda r: (_URUTAN_PERAN.index(r["peran"]), r["instansi"], r["username"]))
    return hasil


def format_logins(logins) -> str:
    """A plain-text table of ``demo_logins()`` for the terminal."""
    kolom = (("peran", "Peran"), ("username", "Username"), ("password", "Kata sandi"), ("instansi", "Instansi"),
             ("keterangan", "Yang dilihat"))
    lebar = {k: max([len(judul)] + [len(str(r[k])) for r in logins]) for k, judul in kolom}
    baris = ["  ".join(judul.ljust(lebar[k]) for k, judul in kolom).rstrip(),
             "  ".join("-" * lebar[k] for k, _ in kolom)]
    baris += ["  ".join(str(r[k]).ljust(lebar[k]) for k, _ in kolom).rstrip() for r in logins]
    return "\n".join(baris)
