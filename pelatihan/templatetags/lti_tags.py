"""The programme page's LTI launch buttons: the line items of this programme the user may launch (access.py decides;
one query)."""

from django import template

from .. import access

register = template.Library()


@register.inclusion_tag("pelatihan/lti/_tombol.html")
def lti_tombol(program, user):
    items = list(access.lti_launch_scope(user).filter(program=program).select_related("registrasi"))
    return {"items": items}
