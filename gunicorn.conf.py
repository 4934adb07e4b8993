"""gunicorn settings for Corridor Map (used by the Procfile).

Workers are stateless: every worker loads the same read-only data at start-up, so more
instances behind a load balancer scale out without shared state (the brief cache is a
folder shared by the workers of one machine).

Threaded workers (gthread): a slow client holds one thread, not a whole worker, and a long
request (a brief render) leaves the worker's other threads serving ``/healthz`` and the
explorer. In front of the open internet, run the nginx in deploy/, which buffers requests
and limits rates (README, "Running in production").
"""

import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8050')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# Recycle each worker after about a thousand requests (jittered so they do not all restart
# at once): bounds the damage of any slow leak.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))  # 0: never (bench)
max_requests_jitter = 200
# Load and validate the registry once in the master, then fork: faster start, shared pages.
preload_app = True
timeout = 30
graceful_timeout = 20
keepalive = 5
accesslog = "-"
errorlog = "-"
# Bound request lines and headers so hostile query strings are refused early with a 4xx.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# No control socket: its default path ($HOME/.gunicorn/gunicorn.ctl) is shared by every
# gunicorn of the user on the machine, so gunicornc could reach another instance; the app
# needs no runtime control beyond signals.
control_socket_disable = True
