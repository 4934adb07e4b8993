"""gunicorn settings for Corridor Map (used by the Procfile).

Workers are stateless: every worker loads the same read-only data at start-up, so more
instances behind a load balancer scale out without shared state.
"""

import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8050')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
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
