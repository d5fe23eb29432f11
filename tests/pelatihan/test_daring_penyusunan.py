"""Authoring an online course (issue 13 A, polish): HR renames a module, moves modules and lessons up and down,
deletes them — refused, and said so on the page, once a participant (PNS or PPPK) has progress — and edits a
question and its options (once drawn in an attempt, only the wording). Through the pages, as HR uses them."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from pelatihan.models import Materi, Modul, PilihanJawaban, ProgresMateri, Soal
from pelatihan.selectors import daring as sel
from pelatihan.services import daring as svc
from pelatihan.services import kuis as kuis_svc
from tests.pelatihan import daring_data

pytestmark = pytest.mark.django_db


def _klien(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def d(db):
    """A draft course: module 1 (text, video) and module 2 (two text lessons)."""
    d = daring_data.bangun(terbitkan=False)
    d.modul2 = svc.modul_add(actor=d.hr, program=d.program, judul="Penerapan")
    d.materi3 = svc.materi_save(actor=d.hr, modul=d.modul2, data={
        "judul": "Studi kasus", "jenis": Materi.Jenis.TEKS, "isi": "Kasus.", "durasi_minimal_detik": 60})
    d.materi4 = svc.materi_save(actor=d.hr, modul=d.modul2, data={
        "judul": "Rangkuman", "jenis": Materi.Jenis.TEKS, "isi": "Ringkas.", "durasi_minimal_detik": 60})
    return d


def _urutan(d):
    return [m.judul for m in sel.materi_urut(d.kelas)]


def _pesan(resp):
    return " ".join(str(m) for m in resp.context["messages"]) if resp.context else ""


def test_hr_menggeser_modul_dan_materi_mengubah_urutan_belajar(d):
    c = _klien(d.hr)
    kelola = c.get(reverse("pelatihan:kelas-kelola", args=[d.program.pk])).content.decode()
    for url in (reverse("pelatihan:modul-geser", args=[d.modul2.pk]),
                reverse("pelatihan:materi-geser", args=[d.materi4.pk]),
                reverse("pelatihan:materi-delete", args=[d.materi3.pk]),
                reverse("pelatihan:modul-edit", args=[d.modul.pk])):
        assert url in kelola  # the page links every action it offers
    assert _urutan(d) == ["Berorientasi pelayanan", "Video akuntabel", "Studi kasus", "Rangkuman"]
    r = c.post(reverse("pelatihan:modul-geser", args=[d.modul2.pk]), {"arah": "naik"})
    assert r.status_code == 302 and r["Location"] == reverse("pelatihan:kelas-kelola", args=[d.program.pk])
    assert _urutan(d) == ["Studi kasus", "Rangkuman", "Berorientasi pelayanan", "Video akuntabel"]
    c.post(reverse("pelatihan:materi-geser", args=[d.materi4.pk]), {"arah": "naik"})
    c.post(reverse("pelatihan:materi-geser", args=[d.materi1.pk]), {"arah": "turun"})
    assert _urutan(d) == ["Rangkuman", "Studi kasus", "Video akuntabel", "Berorientasi pelayanan"]
    # At the edge nothing moves; an unknown direction is a bad request.
    c.post(reverse("pelatihan:materi-geser", args=[d.materi4.pk]), {"arah": "naik"})
    assert _urutan(d)[0] == "Rangkuman"
    assert c.post(reverse("pelatihan:modul-geser", args=[d.modul.pk]), {"arah": "miring"}).status_code == 400
    # The learner's "next" follows the new order.
    svc.kelas_publish(actor=d.hr, program=d.program)
    svc.kelas_daftar_mandiri(actor=d.pns.user, program=d.program)
    pertama = sel.materi_urut(d.kelas)[0]
    assert pertama.pk == d.materi4.pk


def test_hr_menghapus_materi_dan_modul_sebelum_ada_progres(d):
    c = _klien(d.hr)
    r = c.post(reverse("pelatihan:materi-delete", args=[d.materi3.pk]), follow=True)
    assert "Materi \u201cStudi kasus\u201d dihapus." in _pesan(r)
    assert not Materi.objects.filter(pk=d.materi3.pk).exists()
    assert Materi.objects.get(pk=d.materi4.pk).urutan == 1  # renumbered
    r = c.post(reverse("pelatihan:modul-delete", args=[d.modul.pk]), follow=True)
    assert "beserta materinya dihapus" in _pesan(r)
    assert not Materi.objects.filter(pk__in=[d.materi1.pk, d.materi2.pk]).exists()
    assert list(Modul.objects.filter(kelas=d.kelas).values_list("judul", "urutan")) == [("Penerapan", 1)]


def test_kelas_terbit_tidak_boleh_kehilangan_materi_terakhir_atau_pembenaran_jp(d):
    svc.kelas_publish(actor=d.hr, program=d.program)  # 1 JP: 5 minutes of lessons justify it
    c = _klien(d.hr)
    for m in (d.materi1, d.materi2, d.materi3):
        c.post(reverse("pelatihan:materi-delete", args=[m.pk]))
    r = c.post(reverse("pelatihan:modul-delete", args=[d.modul2.pk]), follow=True)
    assert "harus tetap punya minimal satu materi" in _pesan(r)
    assert Materi.objects.filter(pk=d.materi4.pk).exists()
    # JP above what the lessons justify, published without a reason: a deletion may not make it so.
    lain = daring_data.bangun(kode="JPX", jp=2, durasi=(2700, 2700))
    with pytest.raises(ValidationError) as e:
        svc.materi_hapus(actor=lain.hr, materi=lain.materi2)
    assert "kurang dari JP kelas (2)" in " ".join(e.value.messages)


@pytest.mark.parametrize("jenis", ["pns", "pppk"])
def test_urutan_dan_hapus_dikunci_setelah_ada_progres(d, jenis):
    svc.kelas_publish(actor=d.hr, program=d.program)
    pegawai = getattr(d, jenis)
    svc.kelas_daftar_mandiri(actor=pegawai.user, program=d.program)
    svc.materi_detak(actor=pegawai.user, materi=d.materi1, awal=True)
    c = _klien(d.hr)
    halaman = c.get(reverse("pelatihan:kelas-kelola", args=[d.program.pk])).content.decode()
    assert 'data-testid="kunci-urutan"' in halaman and "1 peserta sudah mulai belajar" in halaman
    assert reverse("pelatihan:materi-delete", args=[d.materi3.pk]) not in halaman
    assert reverse("pelatihan:modul-geser", args=[d.modul2.pk]) not in halaman
    sebelum = _urutan(d)
    for nama, pk, body in (("pelatihan:modul-geser", d.modul2.pk, {"arah": "naik"}),
                           ("pelatihan:materi-geser", d.materi2.pk, {"arah": "naik"}),
                           ("pelatihan:materi-delete", d.materi4.pk, {}),
                           ("pelatihan:modul-delete", d.modul2.pk, {})):
        r = c.post(reverse(nama, args=[pk]), body, follow=True)
        assert "1 peserta sudah mulai belajar" in _pesan(r), nama
        assert _urutan(d) == sebelum, nama
    # Renaming stays possible.
    r = c.post(reverse("pelatihan:modul-edit", args=[d.modul2.pk]), {"judul": "Penerapan di unit kerja"})
    assert r.status_code == 302
    assert Modul.objects.get(pk=d.modul2.pk).judul == "Penerapan di unit kerja"


def test_ubah_judul_modul_kosong_ditolak_dengan_pesan(d):
    c = _klien(d.hr)
    url = reverse("pelatihan:modul-edit", args=[d.modul.pk])
    assert 'value="Nilai dasar"' in c.get(url).content.decode()
    r = c.post(url, {"judul": "   "})
    assert r.status_code == 200 and "Judul modul wajib diisi" in r.content.decode()
    assert Modul.objects.get(pk=d.modul.pk).judul == "Nilai dasar"


def _soal_post(teks, pilihan, benar, jenis="tunggal"):
    body = {"teks": teks, "jenis": jenis}
    for i, t in enumerate(pilihan, start=1):
        body[f"pilihan_{i}"] = t
        if i in benar:
            body[f"benar_{i}"] = "on"
    return body


def test_hr_mengubah_soal_yang_belum_dipakai_sepenuhnya(d):
    c = _klien(d.hr)
    soal = d.soal[0]
    bank = c.get(reverse("pelatihan:bank-detail", args=[d.bank.pk])).content.decode()
    url = reverse("pelatihan:soal-edit", args=[soal.pk])
    assert url in bank
    isi = c.get(url).content.decode()
    assert "Jawaban benar 1" in isi and "Pertanyaan nomor 1?" in isi  # the options as stored
    r = c.post(url, _soal_post("Pilih dua nilai BerAKHLAK.", ["Adaptif", "Kolaboratif", "Kompetitif", "Loyal"],
                               {1, 2}, jenis="jamak"))
    assert r.status_code == 302
    soal.refresh_from_db()
    assert (soal.teks, soal.jenis) == ("Pilih dua nilai BerAKHLAK.", Soal.Jenis.JAMAK)
    assert list(PilihanJawaban.objects.filter(soal=soal).values_list("teks", "benar")) == [
        ("Adaptif", True), ("Kolaboratif", True), ("Kompetitif", False), ("Loyal", False)]
    # A single-choice question with two right options is refused, the typed text kept.
    r = c.post(url, _soal_post("Soal ragu", ["A", "B"], {1, 2}))
    assert r.status_code == 200
    isi = r.content.decode()
    assert "tandai tepat satu jawaban benar" in isi and "Soal ragu" in isi


@pytest.mark.parametrize("jenis", ["pns", "pppk"])
def test_soal_yang_sudah_dikerjakan_hanya_teksnya_yang_dapat_diperbaiki(d, jenis):
    svc.kelas_publish(actor=d.hr, program=d.program)
    pegawai = getattr(d, jenis)
    svc.kelas_daftar_mandiri(actor=pegawai.user, program=d.program)
    for m in (d.materi1, d.materi2, d.materi3, d.materi4):
        svc.materi_detak(actor=pegawai.user, materi=m, awal=True)
        ProgresMateri.objects.filter(materi=m).update(detik=m.durasi_minimal_detik)
        svc.materi_selesai(actor=pegawai.user, materi=m)
    percobaan = kuis_svc.percobaan_mulai(actor=pegawai.user, kuis=d.kuis)
    soal = Soal.objects.get(pk=percobaan.jawaban.first().soal_id)
    nomor = d.soal.index(next(s for s in d.soal if s.pk == soal.pk)) + 1
    ids = list(PilihanJawaban.objects.filter(soal=soal).order_by("id").values_list("pk", flat=True))
    c = _klien(d.hr)
    url = reverse("pelatihan:soal-edit", args=[soal.pk])
    assert 'data-testid="soal-dipakai"' in c.get(url).content.decode()
    # The key moved to another option: refused, named, nothing written, the typed text kept.
    r = c.post(url, _soal_post("Teks baru?", [f"Jawaban benar {nomor}", f"Jawaban keliru {nomor}",
                                              f"Jawaban lain {nomor}"], {2}))
    assert r.status_code == 200
    assert "jawaban yang benar tidak dapat diubah" in r.content.decode() and "Teks baru?" in r.content.decode()
    assert list(PilihanJawaban.objects.filter(soal=soal).order_by("id").values_list("benar", flat=True)) == [
        True, False, False]
    # A typo fixed: same options, same key: saved in place (the attempt's option ids still hold).
    r = c.post(url, _soal_post(f"Pertanyaan nomor {nomor} (diperbaiki)?",
                               [f"Jawaban benar {nomor}", f"Jawaban keliru {nomor}", "Jawaban lainnya"], {1}))
    assert r.status_code == 302
    assert list(PilihanJawaban.objects.filter(soal=soal).order_by("id").values_list("pk", "teks")) == [
        (ids[0], f"Jawaban benar {nomor}"), (ids[1], f"Jawaban keliru {nomor}"), (ids[2], "Jawaban lainnya")]
    # The attempt is graded with the unchanged key.
    hasil = kuis_svc.percobaan_kirim(actor=pegawai.user, percobaan=percobaan, jawaban=daring_data.jawaban(percobaan))
    assert hasil.nilai == 100


def test_penyusunan_di_luar_lingkup_404_tanpa_perubahan(d):
    lain = daring_data.bangun(kode="LAINP", terbitkan=False)
    sebelum = (_urutan(d), list(Modul.objects.filter(kelas=d.kelas).values_list("judul", flat=True)),
               list(PilihanJawaban.objects.filter(soal=d.soal[0]).values_list("teks", "benar")))
    for user in (lain.hr, d.pns.user, d.atasan.user):
        c = _klien(user)
        for nama, pk, body in (("pelatihan:modul-geser", d.modul2.pk, {"arah": "naik"}),
                               ("pelatihan:materi-geser", d.materi2.pk, {"arah": "naik"}),
                               ("pelatihan:materi-delete", d.materi4.pk, {}),
                               ("pelatihan:modul-delete", d.modul2.pk, {}),
                               ("pelatihan:modul-edit", d.modul.pk, {"judul": "Liar"}),
                               ("pelatihan:soal-edit", d.soal[0].pk,
                                _soal_post("Liar", ["A", "B"], {2}))):
            assert c.post(reverse(nama, args=[pk]), body).status_code == 404, (user, nama)
    assert sebelum == (_urutan(d), list(Modul.objects.filter(kelas=d.kelas).values_list("judul", flat=True)),
                       list(PilihanJawaban.objects.filter(soal=d.soal[0]).values_list("teks", "benar")))
