"""The area profile: every indicator of a topic for one area against the England range."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cypp import stats
from cypp.geography.selectors import area_get
from cypp.indicators.models import Indicator, Observation
from cypp.reports.area_profile import area_profile_build
from cypp.reports.area_topics import OTHER_TOPIC, topic_key, topics_list

pytestmark = pytest.mark.django_db

HEREFORDSHIRE = "E06000019"


def test_topics_merge_case_and_split_compound_topics() -> None:
    topics = topics_list(list(Indicator.objects.all()))
    keys = [t.key for t in topics]
    assert len(keys) == len(set(keys))
    assert topic_key("Child protection") in keys
    assert "children looked after; all pupil absence & exclusions" not in keys
    assert topics[-1].name == OTHER_TOPIC  # fingertips 90284 has no topic


def test_row_figures_match_the_store() -> None:
    area = area_get(code=HEREFORDSHIRE)
    profile = area_profile_build(area=area, topic="children looked after")
    assert profile.topic is not None and profile.topic.name == "Children Looked After"
    row = next(r for r in profile.rows if r.indicator.reference == "lait:LAC")
    own = (
        Observation.objects.filter(indicator=row.indicator, area=area, value__isnull=False)
        .order_by("-period__sort_key")
        .select_related("period")
        .first()
    )
    assert own is not None and row.period == own.period.label and row.value == own.value
    period_values = Observation.objects.filter(
        indicator=row.indicator, period=own.period, value__isnull=False
    )
    la = np.array(
        list(
            period_values.filter(area__area_type="local_authority").values_list("value", flat=True)
        )
    )
    q = stats.quartiles(la)
    assert (row.minimum, row.q25, row.q75, row.maximum) == pytest.approx((q[0], q[1], q[3], q[4]))
    assert row.england == period_values.get(area__code="E92000001").value
    assert row.region == period_values.get(area__code="E12000005").value
    # No interval and no polarity: no test against England and no band (LAIT shows "-").
    assert (row.comparison, row.comparison_method) == ("not compared", "none")
    assert row.band is None and row.rank is None
    assert row.band_note == "None: no better direction"
    assert row.spine.marker == "not-compared"


def test_significance_where_intervals_exist() -> None:
    area = area_get(code=HEREFORDSHIRE)
    profile = area_profile_build(area=area, topic=OTHER_TOPIC)
    row = next(r for r in profile.rows if r.indicator.reference == "fingertips:90284")
    assert row.period == "2023-24"
    assert row.lower is not None and row.upper is not None and row.england is not None
    assert row.value is not None
    expected = str(stats.compare(row.value, row.lower, row.upper, row.england, "low"))
    assert row.comparison == expected and row.comparison_method == "significance"
    assert f"({expected})" in row.spine.alt and row.spine.marker == expected


def test_query_count_does_not_grow_with_indicators(client) -> None:  # type: ignore[no-untyped-def]
    counts = {}
    for topic in ("Youth Offending", "Children Looked After"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/evidence/areas/{HEREFORDSHIRE}/", {"topic": topic})
        assert response.status_code == 200
        counts[topic] = len(queries)
    assert counts["Youth Offending"] == counts["Children Looked After"] <= 6


def test_builder_query_count(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    area = area_get(code=HEREFORDSHIRE)
    with django_assert_num_queries(4):
        profile = area_profile_build(area=area, topic="Children Looked After")
    assert len(profile.rows) > 20


def test_page_and_csv(client) -> None:  # type: ignore[no-untyped-def]
    url = f"/evidence/areas/{HEREFORDSHIRE}/"
    html = client.get(url, {"topic": "Health and Wellbeing"}).content.decode()
    assert "Compared with England" in html and 'class="cypp-spine"' in html
    assert "How to read the spine charts" in html
    assert " style=" not in html
    # Before a topic is chosen, the one with most indicators is shown, the picker above it.
    index = client.get(url).content.decode()
    assert 'value="Child Protection"' in index
    assert "Showing the topic with the most indicators" in index and "cypp-spine" in index
    assert "There is no topic" in client.get(url, {"topic": "Nope"}).content.decode()
    assert client.get("/evidence/areas/E99999999/").status_code == 404
    response = client.get(url, {"topic": "Health and Wellbeing", "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["Indicator", "Reference", "Period", "Herefordshire"]
    assert rows[-1][0].startswith("Source: DfE")
    assert "Herefordshire" in client.get("/evidence/areas/").content.decode()


def test_default_topic_is_the_one_with_most_indicators() -> None:
    topics = topics_list(list(Indicator.objects.all()))
    most = max(t.indicators for t in topics if t.name != OTHER_TOPIC)
    profile = area_profile_build(area=area_get(code=HEREFORDSHIRE), topic=None)
    assert profile.topic is not None and profile.chosen_by_default
    assert profile.topic.indicators == most and profile.topic.name != OTHER_TOPIC
    assert profile.rows
    # One asked for by name is not replaced by the default; an unknown one shows none.
    assert area_profile_build(area=area_get(code=HEREFORDSHIRE), topic="Nope").topic is None


def test_columns_say_significance_and_band_separately() -> None:
    # Infant mortality (LAIT, "Low" is better, no interval published): no test against
    # England, and the quartile band in its own column; the band agrees with LAIT's method
    # on the figures of every local authority in the store for that period.
    area = area_get(code=HEREFORDSHIRE)
    indicator = Indicator.objects.get(source__key="lait", code="InfMort")
    topic = indicator.topic.split(";")[0].strip()
    row = next(
        r for r in area_profile_build(area=area, topic=topic).rows if r.indicator.pk == indicator.pk
    )
    la = np.array(
        list(
            Observation.objects.filter(
                indicator=indicator,
                period__label=row.period,
                area__area_type="local_authority",
                value__isnull=False,
            ).values_list("value", flat=True)
        )
    )
    q25, q50, q75 = np.quantile(la, [0.25, 0.5, 0.75])
    v = row.value
    assert v is not None
    expected = "A" if v <= q25 else "B" if v <= q50 else "C" if v <= q75 else "D"
    assert row.comparison == "not compared" and row.band == expected
    assert row.spine.marker == f"band-{expected}"
    assert row.rank == 1 + int((la < v).sum()) and row.rank_of == la.size
    # Lower is better, so the spine's left end is the worst (highest) value.
    assert row.ends == (f"{la.max():.{row.decimals}f}", f"{la.min():.{row.decimals}f}")
