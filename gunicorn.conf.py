"""Production settings for gunicorn (``gunicorn -c gunicorn.conf.py app:app``)."""
import multiprocessing
import os

workers = int(os.environ.get("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count())))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
timeout = 30            # Twilio gives a webhook 15 s; never keep it waiting longer than that
graceful_timeout = 10
keepalive = 5
accesslog = None        # access logs would carry phone numbers in query strings; ours are JSON
# gunicorn 25+ opens a control socket (for ``gunicornc``) at $XDG_RUNTIME_DIR/gunicorn.ctl or
# $HOME/.gunicorn/gunicorn.ctl: one path for every instance of a user, so the last one started
# takes it over and the first one stopped removes it. None unless this instance is given its
# own (the systemd unit: /run/bghit/gunicorn.ctl).
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET") or "gunicorn.ctl"
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
control_socket_mode = 0o600


def post_fork(server, worker):
    """A worker must never reuse a SQLite connection opened in the master (``--preload``)."""
    from bot import store
    store.close_all()
