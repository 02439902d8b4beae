"""The voice pages, under ``/voice/`` (namespace ``voice``). One module a part, each owning
its own patterns:

- ``urls_journey``: a child's journey, public: ``take/<survey>/...``
- ``urls_alerts``: safeguarding alerts, for their contacts: ``alerts/...``
- ``urls_surveys``: surveys, waves and scales, for analysts: ``<partnership>/surveys/...``
- ``urls_results``: results, small numbers suppressed: ``<partnership>/surveys/<survey>/results/``
- ``urls_themes``: theming free text, themes and "you said, we did", including the public
  page ``<partnership>/you-said-we-did/``
- ``urls_imports``: answers from other tools: ``<partnership>/surveys/<survey>/imports/...``

``take/`` and ``alerts/`` come first, so no partnership key can hide them.
"""

from cypp.voice import (
    urls_alerts,
    urls_imports,
    urls_journey,
    urls_results,
    urls_surveys,
    urls_themes,
)

app_name = "voice"

urlpatterns = [
    *urls_journey.urlpatterns,
    *urls_alerts.urlpatterns,
    *urls_surveys.urlpatterns,
    *urls_results.urlpatterns,
    *urls_themes.urlpatterns,
    *urls_imports.urlpatterns,
]
