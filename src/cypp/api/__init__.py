"""The JSON API under ``/api/v1/`` (django-ninja): the same selectors and services as the
pages, read by partners' systems and scripts. See docs/api.md."""
