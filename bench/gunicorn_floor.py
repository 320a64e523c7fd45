"""gunicorn for the floors: the product's worker model (sync, same count) without what a
floor need not pay for: no access log, no worker recycling."""

import os

workers = int(os.environ["WEB_CONCURRENCY"])
worker_class = "sync"
timeout = 30
accesslog = None
errorlog = "-"
