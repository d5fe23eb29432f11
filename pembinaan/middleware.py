"""Responses that hold personal data are never kept by a browser cache or a shared proxy.

Every response to a logged-in user, and every file download (a ``Content-Disposition`` header: exports,
certificates, reports, the import template) whoever asked for it, gets ``Cache-Control: private,
no-store``: the back button on a shared office computer after logout, or a caching proxy between the
offices and the server, would otherwise show someone else's records.

Left alone: pages for anonymous visitors without an attachment (the login page, the public certificate
verification page keep whatever their view sets), and static files, which WhiteNoise (in production)
or runserver (in development) answers before this middleware is reached.
"""

from django.utils.cache import patch_cache_control


class CachePribadiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if response.has_header("Content-Disposition") or (user is not None and user.is_authenticated):
            patch_cache_control(response, private=True, no_store=True)
        return response
