"""The authentication backend: Django's ModelBackend (passwords, permissions, inactive accounts refused), with the
logged-in user of every request read together with the facts every page asks of its roles (``access.muat_pengguna``):
one query instead of two on each request."""

from django.contrib.auth.backends import ModelBackend

from . import access


class BackendPeran(ModelBackend):
    def get_user(self, user_id):
        user = access.muat_pengguna(user_id)
        if user is NotImplemented:  # a field the one query cannot read: the ORM's way
            return super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
