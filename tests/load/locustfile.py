"""`make load`: a Monday morning at a BKPSDM (issue 14). Run by tests/load/run.py, which builds the data, starts
gunicorn on loopback and passes the sessions in LOAD_DATA (a JSON file).

80 % employees (home, JP page, programme list, check-in during an open session), 15 % supervisors (the list of
their staff's evaluation forms, one form opened and saved as a draft), 5 % HR (employee list with search and
filters, dashboard, an XLSX export of one unit). Each request is named "<role>: <page>" so the report has one row
per page.
"""

import json
import os
import random
import re
import time
from itertools import count

from locust import HttpUser, between, task

DATA = json.loads(open(os.environ["LOAD_DATA"], encoding="utf-8").read())
LANGKAH = 45
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSI_RE = re.compile(r'name="versi" value="(\d+)"')
HASIL_RE = re.compile(r'data-hasil="([a-z_]+)"')
_nomor = {"pegawai": count(), "atasan": count(), "hr": count()}


class _Dasar(HttpUser):
    abstract = True
    wait_time = between(2, 8)  # a person reads the page before the next click
    peran = ""

    def on_start(self):
        daftar = DATA[self.peran]
        self.akun = daftar[next(_nomor[self.peran]) % len(daftar)]
        sesi = self.akun["sesi"] if isinstance(self.akun, dict) else self.akun
        self.client.cookies.set(DATA["cookie"], sesi)

    def buka(self, url, halaman, **kw):
        with self.client.get(url, name=f"{self.peran}: {halaman}", catch_response=True, allow_redirects=False,
                             **kw) as r:
            if r.status_code != 200:
                r.failure(f"status {r.status_code} {r.error or ''}".strip())
            return r


class Pegawai(_Dasar):
    weight = 80
    peran = "pegawai"

    @task(3)
    def beranda(self):
        self.buka("/", "beranda")

    @task(2)
    def jp(self):
        self.buka(f"/pelatihan/jp/?tahun={DATA['tahun']}", "JP saya")

    @task(2)
    def program(self):
        self.buka("/pelatihan/program/", "daftar program")

    @task(1)
    def presensi(self):
        path = DATA["presensi"].get(str(int(time.time() // LANGKAH)))
        if path is None:
            return
        r = self.buka(path, "presensi (buka tautan QR)")
        token = CSRF_RE.search(r.text or "")
        if token is None:  # already present: the page says so, nothing to confirm
            return
        with self.client.post(path, data={"csrfmiddlewaretoken": token.group(1)}, name="pegawai: presensi (konfirmasi)",
                              headers={"Referer": self.host + path}, catch_response=True,
                              allow_redirects=False) as p:
            hasil = HASIL_RE.search(p.text or "")
            if not (p.status_code == 302 or (p.status_code == 200 and hasil and hasil.group(1) == "sudah_hadir")):
                p.failure(f"status {p.status_code} {hasil and hasil.group(1)}")


class Atasan(_Dasar):
    weight = 15
    peran = "atasan"

    @task(2)
    def daftar_staf(self):
        self.buka("/evaluasi/penilai/", "daftar staf (formulir evaluasi)")

    @task(1)
    def simpan_draf(self):
        if not self.akun["formulir"]:
            return
        url = f"/evaluasi/{random.choice(self.akun['formulir'])}/isi/"
        r = self.buka(url, "formulir evaluasi")
        token, versi = CSRF_RE.search(r.text or ""), VERSI_RE.search(r.text or "")
        if token is None or versi is None:
            return
        data = {"csrfmiddlewaretoken": token.group(1), "versi": versi.group(1), "rating_hasil_kerja": "sesuai",
                "rating_perilaku_kerja": "sesuai", "umpan_balik": "Catatan Senin pagi.", "aksi": "simpan"}
        with self.client.post(url, data=data, name="atasan: simpan draf evaluasi", catch_response=True,
                              headers={"Referer": self.host + url}, allow_redirects=False) as p:
            if p.status_code not in (302, 409):  # 409: another supervisor tab saved first (shown, not an error)
                p.failure(f"status {p.status_code}")


class HR(_Dasar):
    weight = 5
    peran = "hr"

    @task(3)
    def daftar_pegawai(self):
        q = random.choice(["?q=siti", "?golongan=III/a", f"?unit_kerja={random.choice(DATA['unit'])}",
                           "?jenis_asn=PPPK&urut=unit", "?q=Hidayat&status=aktif", "?halaman=5"])
        self.buka("/pegawai/" + q, "daftar pegawai (cari, saring)")

    @task(2)
    def dasbor(self):
        self.buka("/dasbor/", "dasbor")

    @task(1)
    def ekspor(self):
        self.buka(f"/pegawai/ekspor.xlsx?unit_kerja={random.choice(DATA['unit'])}", "ekspor XLSX (satu unit)")
