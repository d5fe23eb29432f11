from django import template

register = template.Library()


@register.simple_tag
def sort_link(field, current, params):
    """The URL query for sorting by ``field``: toggles the direction when already sorted by it."""
    urut = f"-{field}" if current == field else field
    return f"?{params}&urut={urut}" if params else f"?urut={urut}"


@register.simple_tag
def sort_arrow(field, current):
    return "▲" if current == field else "▼" if current == f"-{field}" else ""
