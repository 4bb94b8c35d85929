"""Gunicorn's settings for `make serve` and the web unit (docs/deploy.md).

Run as ``gunicorn -c config/gunicorn.conf.py config.wsgi``. Each value can be changed from
the environment:

- ``WEB_CONCURRENCY``: worker processes; by default 2 × the cores this process may use + 1
  (sync workers: each serves one request at a time, and a request mostly waits on
  PostgreSQL, so about two per core keep the cores busy).
- ``GUNICORN_BIND``: where to listen (``HOST:PORT`` or ``unix:/path``); by default
  ``$HOST:$PORT``, 127.0.0.1:8000, behind the reverse proxy on the same machine.
- ``GUNICORN_TIMEOUT``: seconds a request may take before its worker is restarted (30).
- ``FORWARDED_ALLOW_IPS``: proxies whose X-Forwarded-* headers gunicorn believes (127.0.0.1).
"""

import os


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may run on
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


wsgi_app = "config.wsgi:application"
bind = [
    os.environ.get("GUNICORN_BIND")
    or f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
]
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * _cores() + 1)
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after about a thousand requests, so a slow leak cannot grow for ever.
max_requests = 1000
max_requests_jitter = 100
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Heartbeat files on a RAM disk where there is one: a busy disk cannot stall the workers.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "mutual-aid-web"
# No runtime control socket (gunicorn 25+): systemd and signals manage the processes, and
# its default path (~/.gunicorn/gunicorn.ctl) would be shared by every instance of a user.
control_socket_disable = True
