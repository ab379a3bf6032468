import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uso.settings")
application = get_wsgi_application()

# The collector's full passes walk every object the process holds (Django's models, URL
# patterns, compiled templates: about 150,000 objects once warm) and hold the GIL meanwhile:
# 40–140 ms each, every few dozen requests, and every request in flight waits for it (the
# p95 under load, bench/README.md). The objects made while loading the app live as long as
# the process, so they are frozen out of the collector's view, and the young generation is
# collected less often: a page makes thousands of short-lived objects, few of them cycles.
gc.freeze()
gc.set_threshold(7000, 20, 20)
