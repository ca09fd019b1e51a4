"""gunicorn settings for one instance of the portal behind nginx (deploy/nginx).

Used by deploy/systemd/portal@.service (`gunicorn -c deploy/gunicorn.conf.py
--bind 127.0.0.1:%i`) and by `make prod-test`. Everything else comes from the
environment file (deploy/portal.env.example).
"""

import os

# Two sync workers an instance: each family page is answered in about a millisecond,
# and two instances keep the portal up while one is restarted or fails.
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "sync"
# A request that takes longer than this is stopped (nginx waits 35 s, then says 504).
timeout = 30
graceful_timeout = 20
keepalive = 5

# Only nginx on this host talks to gunicorn. It may say the scheme (X-Forwarded-Proto),
# but no header may set SCRIPT_NAME or PATH_INFO, whatever nginx lets through.
forwarded_allow_ips = "127.0.0.1,::1"
forwarder_headers = ""
header_map = "drop"

# The same limits nginx applies (large_client_header_buffers 4 8k).
limit_request_line = 8190
limit_request_field_size = 8190

# No access log here: nginx writes one with family tokens cut out. Errors go to the
# journal (stderr), as JSON lines from the portal's own logger.
accesslog = None
errorlog = "-"
loglevel = "warning"
