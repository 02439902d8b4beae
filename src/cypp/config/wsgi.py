"""The WSGI application (gunicorn ``cypp.config.wsgi``). It never assumes settings: a web
server started without ``DJANGO_SETTINGS_MODULE`` must fail, not serve the development
settings (debug pages, a published secret key) to the world."""

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

if not os.environ.get("DJANGO_SETTINGS_MODULE", "").strip():
    raise ImproperlyConfigured(
        "DJANGO_SETTINGS_MODULE is not set: set it to cypp.config.settings.production for a "
        "live site (or cypp.config.settings.local to serve development settings on purpose)."
    )
application = get_wsgi_application()
