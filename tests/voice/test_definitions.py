"""The survey file's checks: a good file reads; each broken one is refused whole with the
file, the line, the field and the reason of every problem. The lines expected are found in
the test's own text (the line holding a marker), not from the code under test."""

from __future__ import annotations

from pathlib import Path

import pytest

from cypp.voice.definitions import SurveyRejected, question_fields, survey_check

DATA = Path(__file__).parent / "data" / "surveys"
GOOD = (DATA / "wellbeing.yaml").read_text(encoding="utf-8")


def _line(text: str, marker: str) -> int:
    """The 1-based line of the only line of ``text`` holding ``marker``."""
    found = [n for n, line in enumerate(text.splitlines(), 1) if marker in line]
    assert len(found) == 1, (marker, found)
    return found[0]


def _problems(text: str) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(SurveyRejected) as refused:
        survey_check(text, "broken.yaml")
    assert all(p.file == "broken.yaml" for p in refused.value.problems)
    assert "nothing was changed" in str(refused.value)
    return [(p.line, p.field, p.reason) for p in refused.value.problems]


def test_the_example_file_reads_with_its_defaults() -> None:
    checked = survey_check(GOOD, "wellbeing.yaml")
    survey = checked.file
    assert survey.survey.key == "how-are-you"
    assert survey.survey.anonymous is True
    assert [w.key for w in survey.waves] == ["2024", "2025"]
    assert [a.key for a in survey.audiences] == ["8-11", "16-24", "parents"]
    assert [q.key for q in survey.audiences[0].questions] == [
        "happy",
        "feel-safe",
        "why-unsafe",
        "area",
        "matters",
    ]


def test_a_standard_item_is_asked_in_the_published_words_on_0_to_10() -> None:
    checked = survey_check(GOOD, "wellbeing.yaml")
    asked = question_fields(checked.file.audiences[1].questions[0])
    # The wording of the ONS Annual Population Survey (GSS harmonised standard, 2019).
    assert asked["text"] == "Overall, how satisfied are you with your life nowadays?"
    assert asked["kind"] == "scale"
    assert [o["value"] for o in asked["options"]] == [str(n) for n in range(11)]
    assert asked["options"][0]["label"] == "0 – Not at all satisfied"
    assert asked["options"][10]["label"] == "10 – Completely satisfied"


@pytest.mark.parametrize(
    ("old", "new", "marker", "field", "reason"),
    [
        (
            "  retention_days: 730",
            "  retention: 730",
            "retention: 730",
            "survey.retention",
            "unknown field; known: key, partnership, title",
        ),
        (
            '{key: "2025"',
            "{key: 2025",
            "key: 2025",
            "waves[1].key",
            "put a key that is a number in quotes",
        ),
        ("kind: parents", "kind: parent", "kind: parent", "audiences[2].kind", "must be one of"),
        (
            'answers: ["no", not-sure]',
            'answers: ["nope"]',
            '"nope"',
            "audiences[0].questions[2].show_if.answers",
            "'nope' is not one of feel-safe's option values",
        ),
        (
            "age_min: 16",
            "age_min: 15",
            "standard: ons4-life-satisfaction",
            "audiences[1].questions[0].standard",
            "ons4-life-satisfaction is asked of people aged 16 and over",
        ),
        (
            "show_if: {question: feel-safe,",
            "show_if: {question: matters,",
            "question: matters",
            "audiences[0].questions[2].show_if.question",
            "'matters' is not an earlier question in this audience",
        ),
        (
            'safeguarding_answers: ["no"]',
            'safeguarding_answers: ["never"]',
            '["never"]',
            "audiences[0].questions[1].safeguarding_answers",
            "'never' is not one of its option values",
        ),
        (
            "closes: 2025-04-30}",
            "closes: 2025-02-01}",
            "closes: 2025-02-01",
            "waves[1].closes",
            "closes before it opens",
        ),
        (
            "languages: [en, cy]",
            "languages: [cy, en]",
            "languages: [cy",
            "survey.languages",
            "English (en) first",
        ),
        (
            "languages: [en, cy]",
            "languages: [en, fr]",
            "languages: [en, fr]",
            "survey.languages",
            "'fr' is not a language",
        ),
        (
            "  key: how-are-you",
            "  key: upload",
            "key: upload",
            "survey.key",
            "a word of the survey pages",
        ),
        (
            "standard: ons4-life-satisfaction",
            "standard: ons4-life",
            "standard: ons4-life",
            "audiences[1].questions[0].standard",
            "no standard item 'ons4-life'; known: ons4-life-satisfaction",
        ),
        (
            "        kind: ranking",
            "        kind: free_text",
            None,
            "audiences[0].questions[4].options",
            "a free text question has no options",
        ),
    ],
)
def test_each_problem_names_its_line_field_and_reason(
    old: str, new: str, marker: str | None, field: str, reason: str
) -> None:
    assert old in GOOD
    broken = GOOD.replace(old, new, 1)
    found = _problems(broken)
    matching = [p for p in found if p[1] == field and reason in p[2]]
    assert matching, found
    if marker is not None:  # None: the line's text is not unique in the file
        assert matching[0][0] == _line(broken, marker), found


def test_every_problem_is_reported_at_once() -> None:
    broken = (
        GOOD.replace("kind: parents", "kind: parent")
        .replace("age_min: 16", "age_min: 15")
        .replace('{key: "2025"', "{key: 2025")
    )
    fields = [field for _, field, _ in _problems(broken)]
    # The shape's problems first: the rules across entries need a file of the right shape.
    assert fields == ["waves[1].key", "audiences[2].kind"]
    fixed = broken.replace("kind: parent\n", "kind: parents\n").replace(
        "{key: 2025", '{key: "2025"'
    )
    assert [field for _, field, _ in _problems(fixed)] == ["audiences[1].questions[0].standard"]


def test_a_named_survey_needs_a_contact_and_a_setting_needs_its_name() -> None:
    broken = GOOD.replace("  anonymous: true", "  anonymous: false").replace(
        "  consent: online", "  consent: setting"
    )
    fields = {field for _, field, _ in _problems(broken)}
    assert fields == {"survey.safeguarding.contact", "survey.setting_name"}


def test_the_same_question_key_means_the_same_question_in_every_audience() -> None:
    broken = GOOD.replace(
        "        text: Does your child feel safe where you live?\n        options:\n"
        '          - {value: "yes", label: "Yes"}\n          - {value: not-sure, label: Not sure}\n',
        "        text: Does your child feel safe where you live?\n        options:\n"
        '          - {value: "yes", label: "Yes"}\n',
    )
    assert broken != GOOD
    found = _problems(broken)
    assert [(f, r[:30]) for _, f, r in found] == [
        ("audiences[2].questions[0].key", "the same key in another audien")
    ]


def test_a_licensed_scale_item_has_its_scores_as_option_values() -> None:
    item = (
        "      - key: optimistic\n        kind: scale\n        scale_item: swemwbs-1\n"
        "        text: (the partnership's licensed wording)\n        options:\n"
    )
    good = "".join(f'          - {{value: "{n}", label: "{n}"}}\n' for n in range(1, 6))
    bad = "".join(f'          - {{value: "{n}", label: "{n}"}}\n' for n in range(0, 5))
    text = GOOD.replace("      - key: change\n", item + good + "      - key: change\n")
    assert survey_check(text, "x.yaml").file.audiences[1].questions[1].scale_item == "swemwbs-1"
    text = GOOD.replace("      - key: change\n", item + bad + "      - key: change\n")
    assert [f for _, f, _ in _problems(text)] == ["audiences[1].questions[1].options"]
    text = GOOD.replace(
        "      - key: change\n",
        item.replace("swemwbs-1", "swemwbs-8") + good + "      - key: change\n",
    )
    assert [f for _, f, _ in _problems(text)] == ["audiences[1].questions[1].scale_item"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("survey: [unclosed", "not valid YAML"),
        ("a: &x 1\nb: *x\n", "anchors and aliases"),
        ("- just a list\n", "a survey file is a mapping"),
    ],
)
def test_a_file_that_is_not_a_survey_file_is_refused_in_words(text: str, reason: str) -> None:
    found = _problems(text)
    assert len(found) == 1 and reason in found[0][2], found
