"""gunicorn for the county server: `gunicorn -c deploy/gunicorn.conf.py zhongyang_eldercare.wsgi`.

nginx in front terminates TLS and forwards to this local socket only.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "unix:/run/zhongyang-eldercare/gunicorn.sock")
workers = int(os.environ.get("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 9)))
threads = 1
timeout = 60  # Excel imports and reports of a whole county finish well within this
graceful_timeout = 30
max_requests = 1000  # recycle workers now and then
max_requests_jitter = 100
forwarded_allow_ips = "127.0.0.1"  # trust X-Forwarded-* from the local nginx only
accesslog = "-"  # journald
errorlog = "-"
loglevel = "warning"
# Never log query strings (a search by ID number is one) or the referer (which carries them): method, path
# without its query, protocol; tests/security/test_logs.py holds this to it.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss'
