"""Evidence pages: the indicator explorer, the indicator list and area profiles.

Public, read-only pages over national open data (Open Government Licence): they need no
sign-in, work without JavaScript (GET forms) and offer each table shown as CSV.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cypp.downloads import CSV, attachment, csv_download, licence_line
from cypp.geography.models import Area, AreaType, ComparatorModel
from cypp.geography.selectors import UnknownArea, area_get
from cypp.indicators.catalogue import indicator_choose
from cypp.indicators.indicator_picker import indicator_picker_help, indicator_picker_widget
from cypp.indicators.models import Indicator, Period
from cypp.indicators.selectors import UnknownIndicator
from cypp.reports.area_profile import area_profile_build
from cypp.reports.comparator_groups import partnerships_with_groups
from cypp.reports.explorer import Explorer, TableName, explorer_build
from cypp.reports.explorer_page import (
    BOUNDARIES_CREDIT,
    explorer_download,
    explorer_sections_build,
)

LATEST = ""


class ExplorerForm(forms.Form):
    """What to explore: indicator (SOURCE:CODE), area, period and neighbour model."""

    indicator = forms.CharField(
        label="Indicator",
        max_length=400,  # a title, or the picker's "Title (SOURCE:CODE)"
        help_text=indicator_picker_help(),
        widget=indicator_picker_widget(),
    )
    area = forms.ChoiceField(label="Local authority")
    # A select, but not a ChoiceField: a period left over from another indicator is not an
    # error, the latest period is shown instead (and the page says so).
    period = forms.CharField(label="Period", required=False, widget=forms.Select)
    model = forms.ChoiceField(
        label="Compare with",
        help_text="A statistical neighbours model, or one of your partnerships' comparator groups.",
    )

    def __init__(self, data: Any = None, *, user: Any = None) -> None:
        super().__init__(data)
        self.areas = {
            a.code: a
            for a in Area.objects.filter(area_type=AreaType.LOCAL_AUTHORITY, retired=False)
            .select_related("region")
            .order_by("name")
        }
        self.models = {
            m.key: m for m in ComparatorModel.objects.filter(kind="statistical_neighbours")
        }
        cast(forms.ChoiceField, self.fields["area"]).choices = [
            ("", "Choose a local authority")
        ] + [(code, a.name) for code, a in self.areas.items()]
        from cypp.reports.comparator_groups import comparator_groups_for_user, group_choice_key

        self.groups = {group_choice_key(g): g for g in comparator_groups_for_user(user)}
        model_choices: list[Any] = [(key, m.name) for key, m in self.models.items()]
        if self.groups:
            model_choices = [
                ("Statistical neighbours", model_choices),
                (
                    "Your partnerships' comparator groups",
                    [(k, f"{g.name} ({g.partnership.name})") for k, g in self.groups.items()],
                ),
            ]
        cast(forms.ChoiceField, self.fields["model"]).choices = model_choices
        self.indicator_found: Indicator | None = None
        self.indicator_error = ""
        self.periods: list[Period] = []
        reference = (data or {}).get("indicator", "").strip()
        if reference:
            try:
                self.indicator_found = indicator_choose(text=reference)
            except UnknownIndicator as error:
                self.indicator_error = str(error)
            else:
                self.periods = list(
                    Period.objects.filter(observations__indicator=self.indicator_found)
                    .distinct()
                    .order_by("-sort_key")
                )
        self.fields["period"].widget.choices = [(LATEST, "Latest")] + [
            (p.label, p.label) for p in self.periods
        ]

    def clean_indicator(self) -> Indicator:
        if self.indicator_found is None:
            raise forms.ValidationError(
                self.indicator_error or "Enter an indicator as SOURCE:CODE, for example lait:LAC"
            )
        return self.indicator_found

    def clean_period(self) -> Period | None:
        label = self.cleaned_data.get("period") or LATEST
        return next((p for p in self.periods if p.label == label), None)


def _with(request: HttpRequest, **changes: str) -> str:
    query = request.GET.copy()
    for key, value in changes.items():
        query[key] = value
    return f"{request.path}?{query.urlencode()}"


@login_not_required
@require_GET
def explorer(request: HttpRequest) -> HttpResponse:
    """Any indicator for any area against its neighbours, region and England, any period."""
    query = request.GET.copy()
    if (query.get("indicator") or query.get("area")) and not query.get("model"):
        # A link that names no model (from a measure page, a bookmark) means the latest one.
        latest = ComparatorModel.objects.values_list("key", flat=True).first()
        if latest:
            query["model"] = latest
    form = ExplorerForm(
        query if query.get("indicator") or query.get("area") else None, user=request.user
    )
    if not form.is_bound:
        # A plain visit: start on the statistical neighbours model published last.
        form.initial["model"] = next(iter(form.models), "")
    result: Explorer | None = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        period = data["period"] or (form.periods[0] if form.periods else None)
        if period is not None:
            result = explorer_build(
                indicator=data["indicator"],
                area=form.areas[data["area"]],
                period=period,
                periods=form.periods,
                model=form.models.get(data["model"]),
                group=form.groups.get(data["model"]),
            )
        download = explorer_download(request=request, result=result) if result else None
        if download is not None:
            return download
        if result is not None and request.GET.get("format") == "csv":
            table: TableName = "trend" if request.GET.get("table") == "trend" else "neighbours"
            return attachment(
                result.csv(table), content_type=CSV, filename=result.csv_filename(table)
            )
    context = {
        "form": form,
        "result": result,
        "sections": explorer_sections_build(request=request, result=result) if result else None,
        "boundaries_credit": BOUNDARIES_CREDIT,
        "group_partnerships": partnerships_with_groups(request.user),
        "csv_neighbours": _with(request, format="csv", table="neighbours"),
        "csv_trend": _with(request, format="csv", table="trend"),
        "chosen_period_missing": bool(
            form.is_bound
            and request.GET.get("period")
            and result
            and not form.cleaned_data.get("period")
        ),
    }
    return render(request, "reports/explorer.html", context)


@login_not_required
@require_GET
def areas(request: HttpRequest) -> HttpResponse:
    """Local authorities, each linking to its area profile."""
    authorities = list(
        Area.objects.filter(area_type=AreaType.LOCAL_AUTHORITY, retired=False)
        .select_related("region")
        .order_by("name")
    )
    return render(request, "reports/area_profile_index.html", {"authorities": authorities})


@login_not_required
@require_GET
def area_profile(request: HttpRequest, code: str) -> HttpResponse:
    """One area across every indicator of a topic, against the England range."""
    try:
        area = area_get(code=code)
    except UnknownArea as error:
        raise Http404(str(error)) from error
    topic = request.GET.get("topic", "").strip()[:200] or None
    profile = area_profile_build(area=area, topic=topic)
    if request.GET.get("format") == "csv" and profile.topic is not None:
        credits = [[licence_line(c, licence)] for c, licence in profile.credits]
        return csv_download(
            [*profile.table.csv_rows(), *credits], filename=f"{area.code}-profile.csv"
        )
    return render(
        request,
        "reports/area_profile.html",
        {
            "area": area,
            "profile": profile,
            "topic_asked": topic,
            "csv_url": _with(request, format="csv"),
        },
    )
