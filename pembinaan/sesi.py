"""The session engine: Django's ``cached_db`` (read from the Redis cache, written through to PostgreSQL), made to
keep working when Redis cannot be reached (issue 14 §5).

``cached_db`` spares every logged-in request its django_session query, but as shipped it lets a cache error out of
``exists`` (every login), of the cache fill in ``load`` (every request after a cache miss) and of ``delete``
(logout): with Redis down nobody could log in or open a page, where plain database sessions kept working. Here
every cache operation is a best effort (logged) and PostgreSQL stays the source of truth.

One consequence is bounded on purpose: a logout while Redis is unreachable removes the row but cannot remove the
cached copy, which would come back if Redis returns with its data. The cached copy therefore lives at most
``SESI_CACHE_DETIK`` (default 300 s; the row keeps the full session age): such a copy is gone five minutes after
it was written, and a user idle for longer costs one query on their next request.
"""

import logging

from django.conf import settings
from django.contrib.sessions.backends import cached_db, db

log = logging.getLogger("django.contrib.sessions")


class SessionStore(cached_db.SessionStore):
    def _umur_cache(self, **kwargs):
        return max(0, min(self.get_expiry_age(**kwargs), getattr(settings, "SESI_CACHE_DETIK", 300)))

    def _isi_cache(self, data, umur):
        try:
            self._cache.set(self.cache_key, data, umur)
        except Exception:  # Redis unreachable: PostgreSQL has the session
            log.warning("Sesi tidak dapat disimpan di cache; dibaca dari basis data", exc_info=True)

    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:
            log.warning("Cache sesi tidak terjangkau; sesi dibaca dari basis data", exc_info=True)
            data = None
        if data is not None:
            return data
        s = self._get_session_from_db()
        if not s:
            return {}
        data = self.decode(s.session_data)
        self._isi_cache(data, self._umur_cache(expiry=s.expire_date))
        return data

    def exists(self, session_key):
        try:
            if session_key and (self.cache_key_prefix + session_key) in self._cache:
                return True
        except Exception:
            log.warning("Cache sesi tidak terjangkau; keberadaan sesi diperiksa di basis data", exc_info=True)
        return db.SessionStore.exists(self, session_key)

    def save(self, must_create=False):
        db.SessionStore.save(self, must_create)
        self._isi_cache(self._session, self._umur_cache())

    def delete(self, session_key=None):
        db.SessionStore.delete(self, session_key)
        session_key = session_key or self.session_key
        if session_key is None:
            return
        try:
            self._cache.delete(self.cache_key_prefix + session_key)
        except Exception:
            log.warning("Salinan sesi di cache tidak dapat dihapus; kedaluwarsa dalam SESI_CACHE_DETIK",
                        exc_info=True)
