""""Ajukan" asks for confirmation before the form locks: a second step that works without script (a page and a
POST), submits exactly the draft the evaluator reviewed, and refuses a draft changed or incomplete meanwhile."""

import pytest

from evaluasi.models import Evaluasi
from pembinaan.models import Notifikasi
from tests.evaluasi.test_form import _isi, _post, d  # noqa: F401  (d is the fixture)

pytestmark = pytest.mark.django_db


def test_ajukan_asks_first_and_keeps_the_draft_until_confirmed(client, d):  # noqa: F811
    r = _post(client, d.penilai_u, d.ev1, "ajukan", rating_hasil_kerja="di_atas", rating_perilaku_kerja="di_atas",
              umpan_balik="Target triwulan terlampaui.")
    assert r.status_code == 200
    page = r.content.decode()
    assert "Ajukan evaluasi kinerja Staf Agus Salim?" in page and "Sangat Baik" in page
    assert "Target triwulan terlampaui." in page and "onclick" not in page  # no inline script
    ev = Evaluasi.objects.get(pk=d.ev1.pk)
    assert (ev.status, ev.predikat, ev.umpan_balik) == ("draf", "sangat_baik", "Target triwulan terlampaui.")
    assert not Notifikasi.objects.filter(jenis="evaluasi_hasil").exists()

    # "Kembali mengubah": the form with what was typed, still editable.
    page = client.get(_isi(d.ev1)).content.decode()
    assert "Target triwulan terlampaui." in page and "Simpan draf" in page

    r = client.post(_isi(d.ev1), {"aksi": "ajukan_pasti", "versi": ev.versi}, follow=True)
    ev.refresh_from_db()
    assert (ev.status, ev.predikat) == ("diajukan", "sangat_baik") and ev.diajukan_pada is not None
    assert "diajukan dengan predikat Sangat Baik" in r.content.decode()
    assert Notifikasi.objects.filter(penerima=d.staf1_u, jenis="evaluasi_hasil").count() == 1


def test_a_draft_changed_after_the_confirmation_page_is_not_submitted_unseen(client, d):  # noqa: F811
    r = _post(client, d.penilai_u, d.ev1, "ajukan", rating_hasil_kerja="sesuai", rating_perilaku_kerja="sesuai")
    versi_dilihat = r.context["form"]["versi"].value()
    # Another tab saves a different rating meanwhile.
    assert _post(client, d.penilai_u, d.ev1, "draf", versi=versi_dilihat, rating_hasil_kerja="di_bawah",
                 rating_perilaku_kerja="sesuai").status_code == 302
    r = client.post(_isi(d.ev1), {"aksi": "ajukan_pasti", "versi": versi_dilihat}, follow=True)
    assert "baru saja diubah oleh orang lain" in r.content.decode()
    ev = Evaluasi.objects.get(pk=d.ev1.pk)
    assert (ev.status, ev.rating_hasil_kerja) == ("draf", "di_bawah")


@pytest.mark.parametrize("versi", ["", "abc", "-1", "99999999999999999999"])
def test_garbage_confirmation_submits_nothing(client, d, versi):  # noqa: F811
    client.force_login(d.penilai_u)
    r = client.post(_isi(d.ev1), {"aksi": "ajukan_pasti", "versi": versi}, follow=True)
    assert r.status_code == 200 and "Konfirmasi tidak lengkap" in r.content.decode()
    assert Evaluasi.objects.get(pk=d.ev1.pk).status == "belum"


def test_confirming_a_draft_without_ratings_is_refused_with_the_reason(client, d):  # noqa: F811
    _post(client, d.penilai_u, d.ev1, "draf", rating_hasil_kerja="sesuai")
    ev = Evaluasi.objects.get(pk=d.ev1.pk)
    r = client.post(_isi(d.ev1), {"aksi": "ajukan_pasti", "versi": ev.versi}, follow=True)
    assert "Pilih rating perilaku kerja sebelum mengajukan." in r.content.decode()
    assert Evaluasi.objects.get(pk=d.ev1.pk).status == "draf"


def test_others_cannot_confirm_a_form(client, d):  # noqa: F811
    _post(client, d.penilai_u, d.ev1, "ajukan", rating_hasil_kerja="sesuai", rating_perilaku_kerja="sesuai")
    ev = Evaluasi.objects.get(pk=d.ev1.pk)
    for u in (d.lain_u, d.staf1_u, d.kepala_u):
        client.force_login(u)
        assert client.post(_isi(d.ev1), {"aksi": "ajukan_pasti", "versi": ev.versi}).status_code == 404
    assert Evaluasi.objects.get(pk=d.ev1.pk).status == "draf"
