"""Plan reports: plan on a page, scorecard (and its exports), measure pages, board packs."""

from django.urls import path

from cypp.reports import views_board_packs as packs
from cypp.reports import views_board_report, views_plans
from cypp.reports import views_embeds as embeds
from cypp.reports import views_open_data as open_data

app_name = "reports"
urlpatterns = [
    path("<slug:key>/on-a-page/", views_plans.plan_on_a_page, name="on-a-page"),
    path("<slug:key>/scorecard/", views_plans.scorecard, name="scorecard"),
    path("<slug:key>/scorecard.<str:fmt>", packs.scorecard_export, name="scorecard-export"),
    path("<slug:key>/measures/<int:pk>/", views_plans.measure_page, name="measure"),
    path("<slug:key>/outcomes/<int:pk>/", views_plans.outcome_page, name="outcome"),
    path("<slug:key>/open-data/", open_data.open_data_page, name="open-data"),
    path(
        "<slug:key>/open-data/datapackage.json",
        open_data.open_data_descriptor,
        name="open-data-package",
    ),
    path("<slug:key>/open-data/<slug:name>.csv", open_data.open_data_file, name="open-data-file"),
    path("<slug:key>/open-data.zip", open_data.open_data_zip_view, name="open-data-zip"),
    path(
        "<slug:key>/measures/<slug:measure_key>/embed/", embeds.measure_embed, name="measure-embed"
    ),
    path(
        "<slug:key>/measures/<slug:measure_key>/card.svg",
        embeds.measure_card_svg_view,
        name="measure-card-svg",
    ),
    path(
        "<slug:key>/measures/<slug:measure_key>/card.html",
        embeds.measure_card_html_view,
        name="measure-card-html",
    ),
    path("<slug:key>/board-packs/", packs.board_packs, name="board-packs"),
    path("<slug:key>/board-packs/<int:pk>/", packs.board_pack_page, name="board-pack"),
    path(
        "<slug:key>/board-packs/report/<slug:period_key>/",
        views_board_report.board_report,
        name="board-report",
    ),
    path(
        "<slug:key>/board-packs/<int:pk>/status/",
        packs.board_pack_status,
        name="board-pack-status",
    ),
    path(
        "<slug:key>/board-packs/<int:pk>/publish/",
        packs.board_pack_publish_view,
        name="board-pack-publish",
    ),
    path(
        "<slug:key>/board-packs/<int:pk>/pack.<str:kind>",
        packs.board_pack_file,
        name="board-pack-file",
    ),
    path(
        "<slug:key>/board-packs/<int:pk>/tables.xlsx",
        packs.board_pack_tables,
        name="board-pack-tables",
    ),
    path(
        "<slug:key>/board-packs/<int:pk>/tables/<slug:table>.csv",
        packs.board_pack_tables,
        name="board-pack-table",
    ),
]
