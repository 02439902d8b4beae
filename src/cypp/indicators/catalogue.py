"""Reads for finding an indicator: the catalogue's search and filters, the picker's
suggestions, and turning what a person typed (SOURCE:CODE or a title) into one indicator.

Every read here is a fixed number of queries whatever the number of indicators shown:
a page of the catalogue asks for its rows, then for the latest period and coverage of
those rows in one grouped query, never once per row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Lower

from cypp.indicators.models import Indicator, Observation, Polarity, Source
from cypp.indicators.models import PeriodType as PeriodTypeChoice
from cypp.indicators.selectors import UnknownIndicator, indicator_get

PAGE_SIZE = 25
SUGGESTIONS = 20

# "lait:LAC", "fingertips:90284": a source key, a colon, a code without spaces.
_REFERENCE = re.compile(r"^[a-z0-9_-]+:\S+$", re.IGNORECASE)
# What the picker puts in the box: "Looked after children (lait:LAC)".
_TITLE_AND_REFERENCE = re.compile(r"^(?P<title>.*\S)\s*\((?P<reference>[a-z0-9_-]+:\S+)\)$", re.I)

POLARITY_WORDS = {
    Polarity.HIGH: "Higher is better",
    Polarity.LOW: "Lower is better",
    Polarity.NONE: "Neither higher nor lower is better",
}


@dataclass(frozen=True, slots=True)
class CatalogueFilters:
    """What a person asked the catalogue for; empty strings mean "any"."""

    words: str = ""
    theme: str = ""
    source: str = ""
    polarity: str = ""
    period_type: str = ""

    @property
    def any(self) -> bool:
        return bool(self.words or self.theme or self.source or self.polarity or self.period_type)


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    """One indicator as the catalogue lists it."""

    indicator: Indicator
    latest_period: str | None
    areas: int  # areas with a figure in the latest period

    @property
    def polarity_words(self) -> str:
        return POLARITY_WORDS.get(Polarity(self.indicator.polarity), "")

    @property
    def period_type_words(self) -> str:
        return period_type_words(self.indicator.period_type)


@dataclass(frozen=True, slots=True)
class CatalogueChoices:
    """The values each filter offers: only those some loaded indicator has."""

    themes: list[str] = field(default_factory=list)
    sources: list[tuple[str, str]] = field(default_factory=list)  # (key, name)
    polarities: list[tuple[str, str]] = field(default_factory=list)
    period_types: list[tuple[str, str]] = field(default_factory=list)


def period_type_words(value: str) -> str:
    """A period type in words ("Academic year"), whatever the importer stored."""
    if not value:
        return "Not stated"
    try:
        return str(PeriodTypeChoice(value).label)
    except ValueError:
        return value.replace("_", " ").capitalize()


def _words_q(word: str) -> Q:
    if ":" in word:
        source, _, code = word.partition(":")
        return Q(source__key__iexact=source, code__icontains=code)
    return (
        Q(title__icontains=word)
        | Q(code__icontains=word)
        | Q(topic__icontains=word)
        | Q(definition__icontains=word)
    )


def catalogue_queryset(*, filters: CatalogueFilters) -> QuerySet[Indicator]:
    """Indicators with every word of the search (in the title, code, definition or theme)
    and the filters chosen, in title order (whatever the case: LAIT writes "Looked After")."""
    found = Indicator.objects.select_related("source")
    exact = Q()
    for word in filters.words.split():
        found = found.filter(_words_q(word))
        if ":" in word:
            source, _, code = word.partition(":")
            exact |= Q(source__key__iexact=source, code__iexact=code)
    if filters.theme:
        found = found.filter(topic=filters.theme)
    if filters.source:
        found = found.filter(source__key=filters.source)
    if filters.polarity:
        found = found.filter(polarity=filters.polarity)
    if filters.period_type:
        found = found.filter(period_type=filters.period_type)
    # "lait:LAC" also matches lait:LAC_KS2... and lait:Number_Foster_Places: the indicator
    # named in full comes first.
    named = Case(When(exact, then=Value(0)), default=Value(1)) if exact else Value(1)
    found = found.annotate(named=ExpressionWrapper(named, output_field=IntegerField()))
    return found.order_by("named", Lower("title"), "source__key", "code")


def catalogue_entries(*, indicators: list[Indicator]) -> list[CatalogueEntry]:
    """Each indicator with its latest period and the areas with a figure in it: two
    queries for the whole list, however long."""
    if not indicators:
        return []
    ids = [i.pk for i in indicators]
    latest = dict(
        Observation.objects.filter(indicator_id__in=ids, value__isnull=False)
        .values("indicator_id")
        .annotate(last=Max("period__sort_key"))
        .values_list("indicator_id", "last")
    )
    facts: dict[int, tuple[str, int]] = {}
    if latest:
        in_latest = Q()
        for indicator_id, sort_key in latest.items():
            in_latest |= Q(indicator_id=indicator_id, period__sort_key=sort_key)
        rows = (
            Observation.objects.filter(in_latest, value__isnull=False)
            .values("indicator_id", "period__label")
            .annotate(areas=Count("area", distinct=True))
            .order_by("indicator_id", "-areas")
        )
        for row in rows:
            # Two periods of different types may share a sort key: keep the fuller one.
            facts.setdefault(row["indicator_id"], (row["period__label"], row["areas"]))
    return [
        CatalogueEntry(
            indicator=i,
            latest_period=facts.get(i.pk, (None, 0))[0],
            areas=facts.get(i.pk, (None, 0))[1],
        )
        for i in indicators
    ]


def catalogue_choices() -> CatalogueChoices:
    """The themes, sources, polarities and period types of the loaded indicators."""
    values = Indicator.objects.order_by()
    themes = sorted(t for t in values.values_list("topic", flat=True).distinct() if t)
    sources = list(
        Source.objects.filter(indicators__isnull=False)
        .distinct()
        .order_by("name")
        .values_list("key", "name")
    )
    used_polarities = set(values.values_list("polarity", flat=True).distinct())
    polarities = [(p.value, POLARITY_WORDS[p]) for p in Polarity if p.value in used_polarities]
    types = {t for t in values.values_list("period_type", flat=True).distinct() if t}
    period_types = sorted(((t, period_type_words(t)) for t in types), key=lambda pair: pair[1])
    return CatalogueChoices(
        themes=themes, sources=sources, polarities=polarities, period_types=period_types
    )


def indicator_suggestions(*, text: str, limit: int = SUGGESTIONS) -> list[Indicator]:
    """Up to ``limit`` indicators for what has been typed so far: a reference typed in full
    first, then titles that are the text, begin with it, contain it, or contain its every
    word, then any other match (a word only in the code, definition or theme)."""
    text = text.strip()
    if not text:
        return []
    found = catalogue_queryset(filters=CatalogueFilters(words=text))
    in_title = Q()
    for word in text.split():
        in_title &= Q(title__icontains=word)
    ranked = found.annotate(
        rank=Case(
            When(title__iexact=text, then=Value(0)),
            When(title__istartswith=text, then=Value(1)),
            When(title__icontains=text, then=Value(2)),
            # Every word in the title, in any order: "looked after children" finds
            # "Children looked after rate" before indicators that only mention it.
            When(in_title, then=Value(3)),
            default=Value(4),
            output_field=IntegerField(),
        )
    )
    # F(): "named" comes from catalogue_queryset, out of sight of the type checker.
    ordered = ranked.order_by(F("named"), "rank", Lower("title"), "source__key", "code")
    return list(ordered[:limit])


def indicator_choose(*, text: str) -> Indicator:
    """The one indicator a person meant: ``SOURCE:CODE``, an indicator's exact title, or
    the picker's "Title (SOURCE:CODE)". ``UnknownIndicator`` says why not, listing the
    candidates when a title names more than one."""
    text = " ".join(text.split())
    if not text:
        raise UnknownIndicator("Enter an indicator's name or its SOURCE:CODE, like lait:LAC")
    picked = _TITLE_AND_REFERENCE.match(text)
    if picked:
        text_reference = picked.group("reference")
        try:
            return indicator_get(reference=text_reference)
        except UnknownIndicator:
            text = picked.group("title")
    not_loaded: UnknownIndicator | None = None
    if _REFERENCE.match(text):
        try:
            return indicator_get(reference=text)
        except UnknownIndicator as error:
            # A title may contain a colon ("Key stage 2: reading"): try it as one first.
            not_loaded = error
    named = list(
        Indicator.objects.select_related("source")
        .filter(title__iexact=text)
        .order_by("source__key", "code")[:11]
    )
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        listed = "; ".join(f"{i.reference} ({i.source.name})" for i in named[:10])
        more = " and more" if len(named) > 10 else ""
        raise UnknownIndicator(
            f"More than one indicator is called “{text}”: {listed}{more}. "
            "Enter the one you mean as SOURCE:CODE"
        )
    if not_loaded is not None:
        raise not_loaded
    raise UnknownIndicator(
        f"No indicator is called “{text}”. Enter its exact name or its SOURCE:CODE, "
        "like lait:LAC, or find it in the indicator catalogue"
    )
