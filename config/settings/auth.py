"""Sign-in: authentication backends and throttling of failed sign-ins (django-axes).

Five failures in a row for one user name from one address lock that combination out for
15 minutes, on the sign-in page and the admin's alike; bad API tokens lock their address
out of token authentication the same way (core.authentication). See docs/decisions.md.
"""

from datetime import timedelta

from config.env import env

# Axes first: it refuses a locked-out sign-in before any password is checked. Every call
# to authenticate() must pass the request (Django's login forms do).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AXES_ENABLED = True  # django-axes's default, named: core.authentication reads it
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# A failure during a lock-out does not restart it, so the wait shown is the real one.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True  # a good sign-in clears that user name's failures
AXES_LOCKOUT_CALLABLE = "core.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "core.lockout.client_ip"
# The log names the user name and the address (what an operator needs); never a password.
AXES_SENSITIVE_PARAMETERS: list[str] = []
# Reverse proxies in front of the site that append to X-Forwarded-For (0: none, the
# client's address is REMOTE_ADDR). Set it to the number of proxies, never more.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
