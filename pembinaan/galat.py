"""Error pages that say what went wrong (registered as ``handler400`` in pembinaan/urls.py)."""

from django.core.exceptions import BadRequest
from django.shortcuts import render


def permintaan_buruk(request, exception=None):
    """400: Django's own handler renders 400.html without context, so the Indonesian message of the
    ``BadRequest`` raised by pembinaan.params (which names the parameter) was lost. Other 400s (a
    SuspiciousOperation: an unknown host, too many fields) keep the generic text: their messages are English
    and may echo what the client sent."""
    pesan = str(exception) if type(exception) is BadRequest else ""
    return render(request, "400.html", {"pesan": pesan}, status=400)
