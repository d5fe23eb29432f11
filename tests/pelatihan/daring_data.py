"""A small online course for the tests of issue 13 A: instansi, HR, a PNS and a PPPK employee (with accounts), a
course of two lessons (a text and a video with its alternative) and a question bank of four single-choice
questions, the course quiz drawing three."""

import datetime
import importlib

from django.apps import apps

from pelatihan.models import KelasDaring, Kuis, Materi, Modul, ProgramPelatihan, Soal
from pelatihan.services import daring as svc
from pelatihan.services import kuis as kuis_svc
from tests import factories as f
from tests.pelatihan.factories import MitraFactory


class Dunia:
    pass


def bangun(*, jp=1, durasi=(60, 120), terbitkan=True, kode="DRG"):
    importlib.import_module("pelatihan.migrations.0002_referensi").seed(apps, None)
    d = Dunia()
    d.inst = f.InstansiFactory(kode=kode, nama=f"Pemerintah Kabupaten {kode}")
    d.hr = f.hr_user(d.inst)
    d.opd = f.UnitKerjaFactory(instansi=d.inst, nama="Dinas Kominfo")
    d.bidang = f.UnitKerjaFactory(instansi=d.inst, nama="Bidang Aplikasi", induk=d.opd)
    d.opd2 = f.UnitKerjaFactory(instansi=d.inst, nama="Dinas Kesehatan")
    d.atasan = f.PegawaiFactory(instansi=d.inst, unit_kerja=d.opd, nama="Atasan Kelas")
    d.pns = f.PegawaiFactory(instansi=d.inst, unit_kerja=d.bidang, nama="Pns Belajar", atasan=d.atasan)
    lahir = datetime.date(1993, 4, 9)
    d.pppk = f.PegawaiFactory(instansi=d.inst, unit_kerja=d.opd2, nama="Pppk Belajar", jenis_asn="PPPK",
                              golongan="IX", tanggal_lahir=lahir, tmt_cpns=datetime.date(2024, 3, 1),
                              nip=f.nip_pppk(lahir, 2024))
    for p in (d.atasan, d.pns, d.pppk):
        f.pegawai_user(p)
        p.refresh_from_db()
    d.mitra = MitraFactory(instansi=d.inst, nama="BKPSDM Internal")
    d.kelas = svc.kelas_create(actor=d.hr, data={"judul": "Memahami BerAKHLAK", "deskripsi": "Kelas singkat",
                                                 "jp": jp, "penyelenggara": d.mitra, "pendaftaran_mandiri": True,
                                                 "kuota": 1000})
    d.program = d.kelas.program
    d.modul = svc.modul_add(actor=d.hr, program=d.program, judul="Nilai dasar")
    d.materi1 = svc.materi_save(actor=d.hr, modul=d.modul, data={
        "judul": "Berorientasi pelayanan", "jenis": Materi.Jenis.TEKS, "isi": "Isi materi teks. " * 50,
        "durasi_minimal_detik": durasi[0]})
    d.materi2 = svc.materi_save(actor=d.hr, modul=d.modul, data={
        "judul": "Video akuntabel", "jenis": Materi.Jenis.VIDEO, "url": "https://video.contoh.go.id/akuntabel",
        "isi": "Transkrip video akuntabel.", "durasi_minimal_detik": durasi[1]})
    d.bank = kuis_svc.bank_create(actor=d.hr, nama="Bank BerAKHLAK")
    d.soal = []
    for i in range(4):
        d.soal.append(kuis_svc.soal_add(actor=d.hr, bank=d.bank, teks=f"Pertanyaan nomor {i + 1}?",
                                        jenis=Soal.Jenis.TUNGGAL,
                                        pilihan=[(f"Jawaban benar {i + 1}", True), (f"Jawaban keliru {i + 1}", False),
                                                 (f"Jawaban lain {i + 1}", False)]))
    d.kuis = kuis_svc.kuis_save(actor=d.hr, program=d.program, data={
        "jenis": Kuis.Jenis.KELAS, "bank": d.bank, "jumlah_soal": 3, "nilai_lulus": 60, "maks_percobaan": 3,
        "jeda_jam": 24, "batas_menit": None})
    if terbitkan:
        svc.kelas_publish(actor=d.hr, program=d.program)
        d.program.refresh_from_db()
    return d


def jawaban(percobaan, benar=True):
    """Answers for every drawn question: all right (``benar``) or all wrong."""
    out = {}
    for j in percobaan.jawaban.select_related("soal").prefetch_related("soal__pilihan"):
        out[j.soal_id] = [p.pk for p in j.soal.pilihan.all() if p.benar == benar][:1]
    return out


__all__ = ["Dunia", "bangun", "jawaban", "KelasDaring", "Modul", "ProgramPelatihan"]
