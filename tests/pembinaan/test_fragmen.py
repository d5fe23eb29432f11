"""pembinaan.fragmen: a part of a page rendered once per distinct content and served from the cache after (issue 14
§2, `make load`); another content is another key (nothing stale to invalidate); Redis down, rendered afresh."""

import pytest
from django.test.signals import template_rendered

from pembinaan import fragmen

TEMPLATE = "pelatihan/_program_kartu.html"


@pytest.fixture
def dirender():
    nama = []

    def catat(sender, template, context, **kwargs):
        nama.append(template.name)

    template_rendered.connect(catat)
    yield nama
    template_rendered.disconnect(catat)


def _isi(penanda):
    return (("uji-fragmen", penanda),)


def test_same_content_rendered_once_other_content_rendered_again(settings, dirender):
    import uuid

    settings.FRAGMEN_CACHE_DETIK = 300
    penanda = uuid.uuid4().hex  # the cache is shared by parallel test runs: a content no other run has
    pertama = fragmen.render_isi(TEMPLATE, {"programs": [], "mine": {}}, _isi(penanda))
    kedua = fragmen.render_isi(TEMPLATE, {"programs": [], "mine": {}}, _isi(penanda))
    assert pertama == kedua and "Belum ada program pelatihan." in pertama
    assert dirender.count(TEMPLATE) == 1
    fragmen.render_isi(TEMPLATE, {"programs": [], "mine": {}}, _isi(penanda + "-lain"))
    assert dirender.count(TEMPLATE) == 2


def test_without_cache_lifetime_every_call_renders(settings, dirender):
    settings.FRAGMEN_CACHE_DETIK = 0
    for _ in range(2):
        fragmen.render_isi(TEMPLATE, {"programs": [], "mine": {}}, _isi("sama"))
    assert dirender.count(TEMPLATE) == 2


def test_redis_down_still_renders(settings):
    settings.FRAGMEN_CACHE_DETIK = 300
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0"}}  # nothing listens there
    html = fragmen.render_isi(TEMPLATE, {"programs": [], "mine": {}}, _isi("redis-mati"))
    assert "Belum ada program pelatihan." in html
