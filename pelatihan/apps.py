from django.apps import AppConfig


class PelatihanConfig(AppConfig):
    name = "pelatihan"

    def ready(self):
        # The home, the dashboard and the employee page of pembinaan/ get this app's parts from here
        # (pembinaan.komposisi): the records app imports nothing from the apps built on it.
        from . import beranda, transparansi

        beranda.daftar()
        transparansi.daftar()  # indicators of the public transparency page (issue 12)
