"""The public site's style sheets and what they load: GOV.UK Frontend's CSS with its asset
URLs made relative, the images it names, and the site's own CSS with the partnership's colour.

GOV.UK's typeface, GDS Transport, is "customised for exclusive use on gov.uk" (its notice in
the CSS); a partnership's site is not on GOV.UK, so the copy leaves out its ``@font-face``
rules and its font files, and every style falls back to the next font GOV.UK Frontend
names, Arial (as GOV.UK Frontend asks of services off GOV.UK).

GOV.UK Frontend's CSS is built by ``make static`` into ``build/static/govuk/``, with its asset
URLs under ``/static/govuk/assets/`` (the application's static URL); on the site it sits in
``assets/`` beside its fonts and images, so each URL becomes relative to it.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.contrib.staticfiles import finders

from cypp.errors import ApplicationError

GOVUK_CSS = "govuk/govuk-frontend.min.css"
SITE_CSS = "publishing/site.css"
# GDS Transport's notice and its @font-face rules.
_GDS_TRANSPORT = re.compile(
    r"/\*![^*]*exclusive use on gov\.uk[^*]*\*/|@font-face\{font-family:\"?GDS Transport[^}]*\}"
)
# url(/static/govuk/assets/images/govuk-crest.svg), with or without quotes.
_ASSET_URL = re.compile(r"""url\(\s*(["']?)[^)"']*?/govuk/assets/([^)"']+)\1\s*\)""")


class SiteAssetsMissing(ApplicationError):
    """GOV.UK Frontend's built files are not there; the message says how to make them."""


def _static_file(name: str) -> Path:
    found = finders.find(name)
    if not found:
        raise SiteAssetsMissing(
            f"The static file {name} is missing: run `make static` (it builds GOV.UK "
            "Frontend's CSS and assets into build/static/govuk/), then build the site again."
        )
    return Path(found if isinstance(found, str) else found[0])


def site_assets(*, colour: str) -> dict[str, bytes]:
    """Every file under ``assets/``: {path in the site: content}."""
    css = _GDS_TRANSPORT.sub("", _static_file(GOVUK_CSS).read_text(encoding="utf-8"))
    files: dict[str, bytes] = {}
    for match in _ASSET_URL.finditer(css):
        name = match.group(2)
        files[f"assets/{name}"] = _static_file(f"govuk/assets/{name}").read_bytes()
    relative = _ASSET_URL.sub(lambda m: f"url({m.group(2)})", css)
    files["assets/govuk-frontend.min.css"] = relative.encode("utf-8")
    own = _static_file(SITE_CSS).read_text(encoding="utf-8")
    files["assets/site.css"] = f":root {{ --site-colour: {colour}; }}\n{own}".encode()
    return dict(sorted(files.items()))
