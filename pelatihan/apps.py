from django.apps import AppConfig
from django.db.models.signals import post_save


def _instansi_baru(sender, instance, created, raw=False, **kwargs):
    """A new instansi gets the suggested JP per bentuk (the records app, where instansi are created, knows nothing
    of pelatihan: this receiver is the one hook; the work is the service's)."""
    if created and not raw:
        from .services.jp import jp_bawaan_seed

        jp_bawaan_seed(instansi=instance)


class PelatihanConfig(AppConfig):
    name = "pelatihan"

    def ready(self):
        # The home, the dashboard and the employee page of pembinaan/ get this app's parts from here
        # (pembinaan.komposisi): the records app imports nothing from the apps built on it.
        from . import beranda, transparansi

        beranda.daftar()
        transparansi.daftar()  # indicators of the public transparency page (issue 12)
        post_save.connect(_instansi_baru, sender="pembinaan.Instansi", dispatch_uid="pelatihan.jp_bawaan_seed")
