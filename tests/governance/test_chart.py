"""The governance chart's layout: rows by reporting line, one arrow per pair of bodies,
two-headed when the relation runs both ways, labelled in words; described in words."""

from __future__ import annotations

from cypp.governance.chart import governance_chart
from cypp.governance.models import Body, BodyRelation


def _bodies(*names: str) -> list[Body]:
    return [Body(pk=i, name=name, kind="board") for i, name in enumerate(names, start=1)]


def test_bodies_sit_below_the_body_they_report_to_with_two_way_arrows():
    hwb, spb, safe, voice = _bodies(
        "Health and Wellbeing Board", "Partnership Board", "Safe", "Voice"
    )
    relations = [
        BodyRelation(from_body_id=2, to_body_id=1, kind="reports_to"),
        BodyRelation(from_body_id=1, to_body_id=2, kind="gives_feedback_to"),
        BodyRelation(from_body_id=3, to_body_id=2, kind="reports_to"),
        BodyRelation(from_body_id=4, to_body_id=2, kind="reports_to"),
        BodyRelation(from_body_id=2, to_body_id=4, kind="gives_feedback_to"),
    ]
    chart = governance_chart(title="Chart", bodies=[hwb, spb, safe, voice], relations=relations)
    y = {box.body.name: box.y for box in chart.boxes}
    assert y["Health and Wellbeing Board"] < y["Partnership Board"] < y["Safe"] == y["Voice"]
    assert len(chart.arrows) == 3
    by_label = {a.label: a for a in chart.arrows}
    assert by_label[("Reports to", "Gets feedback")].two_way
    one_way = by_label[("Reports to",)]
    assert not one_way.two_way and one_way.y2 < one_way.y1  # points up, to the board
    assert chart.description.startswith("Partnership Board reports to Health and Wellbeing Board;")
    assert "Partnership Board gives feedback to Voice" in chart.description


def test_long_names_wrap_and_a_cycle_does_not_loop():
    a, b = _bodies("A very long name of a children's partnership board " * 3, "B")
    relations = [
        BodyRelation(from_body_id=1, to_body_id=2, kind="reports_to"),
        BodyRelation(from_body_id=2, to_body_id=1, kind="reports_to"),
    ]
    chart = governance_chart(title="Chart", bodies=[a, b], relations=relations)
    box = next(x for x in chart.boxes if x.body.pk == 1)
    assert 1 < len(box.lines) <= 3 and box.lines[-1].endswith("…")
    assert len(chart.arrows) == 1


def test_no_relations_says_so():
    chart = governance_chart(title="Chart", bodies=_bodies("Board"), relations=[])
    assert (
        chart.arrows == [] and chart.description == "The bodies are not yet related to each other."
    )
