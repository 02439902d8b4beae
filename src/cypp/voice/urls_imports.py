"""Voice pages: see cypp.voice.urls. Answers from other tools, for analysts."""

from django.urls import URLPattern, path

from cypp.voice import views_imports

_imports = "<slug:partnership>/surveys/<slug:survey>/imports/"

urlpatterns: list[URLPattern] = [
    path(_imports, views_imports.imports_page, name="imports"),
    path(f"{_imports}<int:import_id>/", views_imports.import_page, name="import"),
]
