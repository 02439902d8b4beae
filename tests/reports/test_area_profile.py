"""The area profile: every indicator of a topic for one area against the England range."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cypp.geography.selectors import area_get
from cypp.indicators.models import Indicator
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


# The expected figures below are read from the bundled files, not from the store the code
# under test fills, and the quartiles are worked out from them by hand (type 7, R's default,
# as LAIT's ``quantile()``; England, the regions and Inner/Outer London left out).


def test_row_figures_are_lait_s() -> None:
    # demo/data/lait/bds_long_0.parquet, "LAC" (children looked after, rate per 10,000), 2025:
    # Herefordshire 100, England 67, West Midlands 86; the 151 local authorities with a figure
    # run from 27 to 184, quartiles 53 and 90.
    area = area_get(code=HEREFORDSHIRE)
    profile = area_profile_build(area=area, topic="children looked after")
    assert profile.topic is not None and profile.topic.name == "Children Looked After"
    row = next(r for r in profile.rows if r.indicator.reference == "lait:LAC")
    assert (row.period, row.value, row.england, row.region) == ("2025", 100.0, 67.0, 86.0)
    assert (row.minimum, row.q25, row.q75, row.maximum) == pytest.approx((27.0, 53.0, 90.0, 184.0))
    # No interval and no polarity: no test against England and no band (LAIT shows "-").
    assert (row.comparison, row.comparison_method) == ("not compared", "none")
    assert row.band is None and row.rank is None
    assert row.band_note == "None: no better direction"
    assert row.spine.marker == "not-compared"


def test_significance_where_intervals_exist() -> None:
    # demo/data/fingertips/la_hospital_admissions_2324.csv, indicator 90284 (hospital
    # admissions for injuries, aged 0 to 14, per 10,000; lower is better), 2023/24, persons:
    # Herefordshire 94.49437 (95% interval 84.12861 to 107.3396), England 72.71223. The interval
    # lies above England's value, and Fingertips publishes "Worse" for it in the same row.
    area = area_get(code=HEREFORDSHIRE)
    profile = area_profile_build(area=area, topic=OTHER_TOPIC)
    row = next(r for r in profile.rows if r.indicator.reference == "fingertips:90284")
    assert row.period == "2023-24"
    assert (row.value, row.lower, row.upper, row.england) == pytest.approx(
        (94.49437, 84.12861, 107.3396, 72.71223)
    )
    assert (row.comparison, row.comparison_method) == ("worse", "significance")
    assert "(worse)" in row.spine.alt and row.spine.marker == "worse"


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
    # Counted here from each indicator's topic field, apart from the code under test: a field
    # may name several topics (";"), and topics differing only in case are one.
    per_topic: Counter[str] = Counter()
    for field in Indicator.objects.exclude(topic="").values_list("topic", flat=True):
        per_topic.update({name.strip().casefold() for name in field.split(";") if name.strip()})
    [(most_name, most)] = per_topic.most_common(1)
    assert most_name == "children looked after"  # 72 indicators in the demo data
    profile = area_profile_build(area=area_get(code=HEREFORDSHIRE), topic=None)
    assert profile.topic is not None and profile.chosen_by_default
    assert profile.topic.name.casefold() == most_name and profile.topic.indicators == most
    assert profile.rows
    # One asked for by name is not replaced by the default; an unknown one shows none.
    assert area_profile_build(area=area_get(code=HEREFORDSHIRE), topic="Nope").topic is None


def test_columns_say_significance_and_band_separately() -> None:
    # Infant mortality (LAIT "InfMort", "Low" is better, no interval published): no test
    # against England, and the quartile band in its own column. demo/data/lait/bds_long_0.parquet,
    # 2023: Herefordshire 4; the 145 local authorities with a figure run from 1.6 to 9.0,
    # quartiles 2.8, 3.7 and 4.9, so 4 is in band C (above the median, not above the upper
    # quartile) and 82 authorities are lower: rank 83 of 145.
    area = area_get(code=HEREFORDSHIRE)
    indicator = Indicator.objects.get(source__key="lait", code="InfMort")
    topic = indicator.topic.split(";")[0].strip()
    row = next(
        r for r in area_profile_build(area=area, topic=topic).rows if r.indicator.pk == indicator.pk
    )
    assert (row.period, row.value) == ("2023", 4.0)
    assert row.comparison == "not compared" and row.band == "C"
    assert row.spine.marker == "band-C"
    assert (row.rank, row.rank_of) == (83, 145)
    # Lower is better, so the spine's left end is the worst (highest) value.
    assert row.ends == ("9.0", "1.6")
