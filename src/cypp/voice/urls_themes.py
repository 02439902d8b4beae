"""Voice pages: see cypp.voice.urls. Themes and their links to the plans' outcomes, theming a
survey's free text, the replies ("you said, we did") and the public page of them."""

from django.urls import URLPattern, path

from cypp.voice import views_themes as v

_theme = "<slug:partnership>/themes/<int:theme_id>/"
_reply = f"{_theme}replies/<int:reply_id>/"
_theming = "<slug:partnership>/surveys/<slug:survey>/theming/"

urlpatterns: list[URLPattern] = [
    path("<slug:partnership>/themes/", v.themes_page, name="themes"),
    path("<slug:partnership>/themes/new/", v.theme_new_page, name="theme_new"),
    path(_theme, v.theme_edit_page, name="theme_edit"),
    path(f"{_theme}delete/", v.theme_delete_page, name="theme_delete"),
    path(f"{_theme}replies/new/", v.reply_new_page, name="reply_new"),
    path(_reply, v.reply_edit_page, name="reply_edit"),
    path(f"{_reply}publish/", v.reply_publish_page, name="reply_publish"),
    path(f"{_reply}unpublish/", v.reply_unpublish_page, name="reply_unpublish"),
    path(_theming, v.theming_page_view, name="theming"),
    path(f"{_theming}tag/", v.tag_set_page, name="tag_set"),
    path(f"{_theming}untag/", v.tag_remove_page, name="tag_remove"),
    path("<slug:partnership>/you-said-we-did/", v.you_said_we_did_page, name="you_said_we_did"),
]
