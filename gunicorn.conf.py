"""Production settings for gunicorn (``gunicorn -c gunicorn.conf.py app:app``)."""
import multiprocessing
import os

workers = int(os.environ.get("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count())))
# Threads, not processes, per connection: a slow or idle client holds one thread (or nothing,
# once kept alive), never a whole worker. gunicorn's gthread worker plus deadlines for reading
# a request and a linger that does not block the worker (bot/web/gunicorn_worker.py; figures from
# bench/slow_clients.py in docs/deploy.md). Each thread has its own SQLite connection and
# writers queue on one lock (bot/store.py), so the threads change nothing in the data.
worker_class = "bot.web.gunicorn_worker.ThreadWorker"
threads = int(os.environ.get("GUNICORN_THREADS", 8))
timeout = 30    # a request is answered within 30 s or its connection is cut (Twilio waits 15)
graceful_timeout = 10
keepalive = 2           # idle kept-alive connections cost a file descriptor, not a thread
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
