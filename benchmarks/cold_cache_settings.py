"""Settings for the page benchmark's cold figure (``bench_pages.py``).

The local settings with every cache alias a ``DummyCache``: nothing is ever stored, so each
request renders its report body (cache ``pages``) and draws each of its charts (cache
``default``) from scratch, as the first visit after a restart or a change of the data does.
Only the caches differ from the warm server's settings.
"""

from cypp.config.settings.local import *  # noqa: F403
from cypp.config.settings.local import CACHES as _CACHES

CACHES = {alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"} for alias in _CACHES}
