"""Protections that hold in both profiles: the Content-Security-Policy and error answers.

The pages load only what the site serves itself: no inline script, no inline style (a
style attribute included), nothing from another host (tests/test_architecture.py checks
the templates). Swagger UI's icons are ``data:`` images in its stylesheet, so images may
also be ``data:`` URIs.
"""

from csp.constants import NONE, SELF

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# A failed CSRF check answers JSON under /api/ and the site's 403 page elsewhere.
CSRF_FAILURE_VIEW = "core.error_views.csrf_failure"
