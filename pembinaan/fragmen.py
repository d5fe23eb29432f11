"""Rendered parts of a page kept in the cache under a key made of everything they show (issue 14 §2, `make load`).

A long list (200 programme cards, a supervisor's 300 forms) costs more to render than to read. ``render_isi``
renders ``template`` once per distinct content: the key is a digest of ``isi`` (every value the part shows, which
the caller lists next to the template) and of the template's source. A change to any shown value, by anyone, is
another key, so nothing stale is served and nothing has to be invalidated; the lifetime only bounds the cache's
memory. The part renders from its own context (no request, no context processors: no ``csrf_token``, ``peran``
...), and a template rendered here must only show what its ``isi`` lists. If the cache is down the part is
rendered afresh.
"""

import hashlib
import logging

from django.conf import settings
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

log = logging.getLogger(__name__)


def _kunci(template, isi):
    t = get_template(template)
    sumber = getattr(getattr(t, "template", None), "source", "")
    h = hashlib.blake2b(digest_size=20)
    for bagian in (template, get_language() or "", get_script_prefix(), sumber, repr(isi)):
        h.update(bagian.encode())
        h.update(b"\0")
    return t, f"fragmen:{h.hexdigest()}"


def render_isi(template, context, isi):
    """The HTML of ``template`` with ``context`` (marked safe), from the cache when the same ``isi`` was rendered
    before. ``isi``: a value with a stable ``repr`` (tuples of str, int, bool, date, None) of everything shown."""
    from django.core.cache import cache

    detik = getattr(settings, "FRAGMEN_CACHE_DETIK", 300)
    t, kunci = _kunci(template, isi)
    if not detik:
        return mark_safe(t.render(context))  # noqa: S308 (our own template)
    try:
        html = cache.get(kunci)
    except Exception:  # Redis down: the page still works
        log.warning("fragmen: cache tidak tersedia", exc_info=True)
        html = None
    if html is None:
        html = t.render(context)
        try:
            cache.set(kunci, html, detik)
        except Exception:
            log.warning("fragmen: cache tidak tersedia", exc_info=True)
    return mark_safe(html)  # noqa: S308 (our own template, escaped when rendered)
