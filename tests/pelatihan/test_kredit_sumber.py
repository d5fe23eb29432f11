"""The JP ledger depends on no app above it, and the database still holds its guarantees for mentoring credits:
a credit's session exists, one credit per session, one source per credit, a deleted session takes its credit."""

import datetime

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.db.migrations.loader import MigrationLoader

from pelatihan.models import KreditJP
from tests.factories import PegawaiFactory
from tests.mentoring.factories import SesiMentoringFactory
from tests.pelatihan.factories import PesertaFactory

pytestmark = pytest.mark.django_db
DI_ATAS = ("mentoring", "evaluasi")


def test_pelatihan_migrations_depend_on_no_app_above_it():
    graf = MigrationLoader(None, ignore_no_migrations=True).graph
    for kunci, migrasi in graf.nodes.items():
        if kunci[0] == "pelatihan":
            assert not [d for d in migrasi.dependencies if d[0] in DI_ATAS], kunci


def test_pelatihan_models_relate_to_no_app_above_it():
    for model in apps.get_app_config("pelatihan").get_models():
        for f in model._meta.get_fields():
            if f.is_relation and f.related_model is not None and f.concrete:
                assert f.related_model._meta.app_label not in DI_ATAS, f"{model.__name__}.{f.name}"


def _kredit(**sumber):
    pegawai = PegawaiFactory()
    return KreditJP.objects.create(pegawai=pegawai, tanggal=datetime.date(2026, 3, 2), jp=1, keterangan="uji",
                                   **sumber)


def _periksa_sekarang():
    with connection.cursor() as c:
        c.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_a_credit_for_a_session_that_does_not_exist_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        _kredit(sesi_mentoring_id=987654321)
        _periksa_sekarang()


def test_one_credit_per_session():
    sesi = SesiMentoringFactory()
    _kredit(sesi_mentoring_id=sesi.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        _kredit(sesi_mentoring_id=sesi.pk)


def test_one_source_per_credit():
    sesi = SesiMentoringFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        _kredit(sesi_mentoring_id=sesi.pk, peserta=PesertaFactory())


def test_deleting_a_session_deletes_its_credit():
    sesi = SesiMentoringFactory()
    kredit = _kredit(sesi_mentoring_id=sesi.pk)
    sesi.delete()
    _periksa_sekarang()
    assert not KreditJP.objects.filter(pk=kredit.pk).exists()
