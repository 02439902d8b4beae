"""Survey results with small numbers suppressed (cypp.voice.results), tested with
adversarial small waves. Every expected value is worked out by hand below from the rule
in docs/voice.md ("Results"): cells from 1 to 9 are hidden; in a set with a published total
never one hidden cell alone (the smallest other non-zero cell is hidden too); a wave of
fewer than 10 finished responses shows "c" for everything; a breakdown hides every cell the
whole survey's page hides, and a group whose total is hidden shows "c" throughout. A true
zero is shown as "c" as well (the issue: every count is at least the threshold or "c"), so
the comments give the raw counts and the expected values the published ones."""

from __future__ import annotations

import re
from typing import Any

import pytest

from cypp.voice.models import Answer, Tag, Theme
from cypp.voice.results import NoSuchBreakdown, NoSuchWave, survey_results, wave_chosen
from tests.voice.world import VoiceWorld, answers_add, voice_world

C = "c"
THRESHOLD = 10


def _answers(data: dict[str, Any], key: str) -> dict[str, Any]:
    question = next(q for q in data["questions"] if q["key"] == key)
    return {a["option"]: a["count"] for a in question["answers"]}


def _every_count(data: dict[str, Any]) -> list[Any]:
    counts = [data["responses"], *(t["count"] for t in data["themes"])]
    for question in data["questions"]:
        counts += [a["count"] for a in question["answers"]]
    for group in data.get("groups", []):
        counts.append(group["responses"])
        for question in group["questions"]:
            counts += [a["count"] for a in question["answers"]]
    return counts


def assert_safe(data: dict[str, Any]) -> None:
    """Every count is "c", zero, or at least the threshold (zeros are shown, as the DfE
    shows true zeros)."""
    for count in _every_count(data):
        assert count == C or (isinstance(count, int) and (count == 0 or count >= THRESHOLD)), count


def _lonely_is_zero(shown: list[Any], total: Any) -> None:
    """With a published total, one hidden figure alone is given back by the total: allowed
    only when it is a true zero (shown as "c", but zeros are not secret)."""
    if total != C and shown.count(C) == 1:
        assert sum(n for n in shown if n != C) == total, (shown, total)


def assert_no_recovery(data: dict[str, Any]) -> None:
    """A breakdown never lets a hidden cell of the whole be worked out: where the whole's
    cell is hidden, some group's is too (or the cell is a zero); where every group's cell
    is shown, they add up to the whole's; and no row or set of totals has exactly one
    hidden figure beside a published total, unless that figure is a zero."""
    groups = data["groups"]
    _lonely_is_zero([g["responses"] for g in groups], data["responses"])
    for question in data["questions"]:
        whole = {a["option"]: a["count"] for a in question["answers"]}
        _lonely_is_zero(list(whole.values()), data["responses"])
        for option, count in whole.items():
            cells = [_answers(g, question["key"])[option] for g in groups]
            if C not in cells:
                assert sum(cells) == count
        for group in groups:
            _lonely_is_zero(list(_answers(group, question["key"]).values()), group["responses"])


@pytest.fixture
def world(db: None) -> VoiceWorld:
    return voice_world()


def test_eleven_responses_and_one_child_who_does_not_feel_safe(world: VoiceWorld) -> None:
    answers_add(
        world,
        wave="2025",
        audience="12-15",
        answers={"happy": "4", "feel-safe": "yes", "matters": "school\nfriends\nfamily"},
        times=10,
    )
    answers_add(world, wave="2025", audience="12-15", answers={"happy": "4", "feel-safe": "no"})
    # Not finished: never counted.
    answers_add(
        world, wave="2025", audience="12-15", answers={"feel-safe": "no"}, finished=False, times=3
    )
    data = survey_results(survey=world.wellbeing).as_json()
    assert data["survey"] == "wellbeing"
    assert data["wave"] == "2025"
    assert data["responses"] == 11
    # yes 10, not sure 0, no 1, no answer 0: "no" is hidden, and with the total published it
    # cannot be alone, so the smallest other non-zero cell ("yes", 10) is hidden too.
    assert _answers(data, "feel-safe") == {"yes": C, "not-sure": C, "no": C, "no answer": C}
    # Every one of the 11 chose "Happy".
    assert _answers(data, "happy") == {"1": C, "2": C, "3": C, "4": 11, "5": C, "no answer": C}
    # A ranking counts who put the option first: 10 put school first; 1 did not rank.
    # school 10 and no answer 1: the 1 is hidden, and so is the 10 (never one alone).
    assert _answers(data, "matters") == {"school": C, "friends": C, "family": C, "no answer": C}
    # Free text shows no counts.
    assert _answers(data, "change") == {}
    assert_safe(data)


def test_a_wave_of_nine_shows_c_for_everything(world: VoiceWorld) -> None:
    answers_add(world, wave="2024", audience="8-11", answers={"happy": "5"}, times=9)
    data = survey_results(survey=world.wellbeing, wave=world.waves["2024"]).as_json()
    assert data["wave"] == "2024"
    assert data["responses"] == C
    assert _answers(data, "happy") == dict.fromkeys(["1", "2", "3", "4", "5", "no answer"], C)
    assert all(count == C for count in _every_count(data))
    by_area = survey_results(survey=world.wellbeing, wave=world.waves["2024"], by="area")
    assert all(count == C for count in _every_count(by_area.as_json()))


def test_one_area_with_three_responses_hides_it_and_the_next_smallest(world: VoiceWorld) -> None:
    safe = {"feel-safe": "yes"}
    answers_add(
        world, wave="2025", audience="12-15", answers={"area": "hereford", **safe}, times=20
    )
    answers_add(
        world, wave="2025", audience="12-15", answers={"area": "leominster", **safe}, times=12
    )
    answers_add(world, wave="2025", audience="8-11", answers={"area": "ross", **safe}, times=2)
    answers_add(world, wave="2025", audience="8-11", answers={"area": "ross", "feel-safe": "no"})
    data = survey_results(survey=world.wellbeing, by="area").as_json()
    assert data["by"] == "area"
    assert data["responses"] == 35
    # Areas 20, 12, 3 of 35: Ross's 3 is hidden, and Leominster's 12 with it, so that
    # 35 - 20 leaves only their sum (15).
    assert [(g["label"], g["responses"]) for g in data["groups"]] == [
        ("Hereford", 20),
        ("Leominster", C),
        ("Ross-on-Wye", C),
    ]
    # The whole: yes 34, not sure 0, no 1, no answer 0: "no" and "yes" hidden.
    assert _answers(data, "feel-safe") == {"yes": C, "not-sure": C, "no": C, "no answer": C}
    hereford, leominster, ross = data["groups"]
    # Hereford's "yes" (20) would be safe on its own, but the whole's "yes" is hidden, and
    # Hereford's 20 with the hidden groups' would give it back: hidden for every group.
    assert _answers(hereford, "feel-safe") == {"yes": C, "not-sure": C, "no": C, "no answer": C}
    assert set(_answers(leominster, "feel-safe").values()) == {C}
    assert set(_answers(ross, "feel-safe").values()) == {C}
    # The area question itself: Hereford 20, Leominster 12, Ross 3 of 35, as the groups.
    assert _answers(data, "area") == {"hereford": 20, "leominster": C, "ross": C, "no answer": C}
    assert_safe(data)
    assert_no_recovery(data)


def test_an_area_cannot_be_worked_out_from_the_whole_and_its_total(world: VoiceWorld) -> None:
    # Hereford 15 all "very happy"; Ross 12: 10 "very happy" and 2 "happy". The whole is
    # happy 2, very happy 25: both hidden. Without the rule, Ross's "very happy" (10) and
    # its total (12) would give its 2 "happy" back.
    answers_add(
        world, wave="2025", audience="12-15", answers={"area": "hereford", "happy": "5"}, times=15
    )
    answers_add(
        world, wave="2025", audience="12-15", answers={"area": "ross", "happy": "5"}, times=10
    )
    answers_add(
        world, wave="2025", audience="12-15", answers={"area": "ross", "happy": "4"}, times=2
    )
    data = survey_results(survey=world.wellbeing, by="area").as_json()
    assert _answers(data, "happy") == {"1": C, "2": C, "3": C, "4": C, "5": C, "no answer": C}
    expected = {"1": C, "2": C, "3": C, "4": C, "5": C, "no answer": C}
    for group in data["groups"]:
        assert _answers(group, "happy") == expected
    assert [g["responses"] for g in data["groups"]] == [15, 12]
    assert_safe(data)
    assert_no_recovery(data)


def test_a_small_cell_in_a_breakdown_hides_its_row_and_column_partners(world: VoiceWorld) -> None:
    # Hereford: yes 22, not sure 8; Leominster: yes 18, not sure 12. The whole (yes 40, not
    # sure 20) is all shown. Hereford's 8 is hidden; alone in its row, so Hereford's 22 too;
    # alone in its column, so Leominster's 12; then Leominster's 18 so the "yes" column
    # does not give Hereford's 22 back. An attacker is left with Hereford's "not sure"
    # anywhere from 0 to 20.
    for area, yes, unsure in [("hereford", 22, 8), ("leominster", 18, 12)]:
        answers_add(
            world,
            wave="2025",
            audience="12-15",
            answers={"area": area, "feel-safe": "yes"},
            times=yes,
        )
        answers_add(
            world,
            wave="2025",
            audience="12-15",
            answers={"area": area, "feel-safe": "not-sure"},
            times=unsure,
        )
    data = survey_results(survey=world.wellbeing, by="area").as_json()
    assert _answers(data, "feel-safe") == {"yes": 40, "not-sure": 20, "no": C, "no answer": C}
    for group in data["groups"]:
        assert group["responses"] == 30
        assert _answers(group, "feel-safe") == {"yes": C, "not-sure": C, "no": C, "no answer": C}
    assert_safe(data)
    assert_no_recovery(data)


def test_by_audience_adds_up_across_versions_by_question_key(world: VoiceWorld) -> None:
    answers_add(world, wave="2025", audience="8-11", answers={"happy": "3"}, times=12)
    answers_add(world, wave="2025", audience="12-15", answers={"happy": "3"}, times=11)
    answers_add(world, wave="2025", audience="parents", answers={"happy": "4"}, times=10)
    data = survey_results(survey=world.wellbeing, by="audience").as_json()
    assert _answers(data, "happy") == {"1": C, "2": C, "3": 23, "4": 10, "5": C, "no answer": C}
    groups = {g["key"]: g for g in data["groups"]}
    assert [g["responses"] for g in data["groups"]] == [12, 11, 10]
    assert _answers(groups["8-11"], "happy")["3"] == 12
    assert _answers(groups["12-15"], "happy")["3"] == 11
    assert _answers(groups["parents"], "happy")["4"] == 10
    assert_safe(data)
    assert_no_recovery(data)


def test_themes_count_responses_once_and_hide_small_ones(world: VoiceWorld) -> None:
    made = answers_add(
        world,
        wave="2025",
        audience="12-15",
        answers={"feel-safe": "not-sure", "why-unsafe": "the bus stop", "change": "more buses"},
        times=12,
    )
    buses = Theme.objects.create(partnership=world.alpha, name="Getting about")
    buses.outcomes.add(world.outcomes[1])
    bullying = Theme.objects.create(partnership=world.alpha, name="Bullying")
    for response in made:
        # Two answers of one response given the same theme count once.
        for answer in Answer.objects.filter(response=response, question__kind="free_text"):
            Tag.objects.create(theme=buses, answer=answer)
    for response in made[:3]:
        Tag.objects.create(theme=bullying, answer=response.answers.get(question__key="change"))
    data = survey_results(survey=world.wellbeing).as_json()
    assert data["themes"] == [
        {"name": "Bullying", "count": C, "outcomes": []},
        {"name": "Getting about", "count": 12, "outcomes": ["Children feel safe where they live"]},
    ]
    assert_safe(data)


def test_unknown_wave_and_breakdown_are_refused_in_words(world: VoiceWorld) -> None:
    with pytest.raises(NoSuchWave, match=r"no wave '2030' \(its waves: 2024, 2025\)"):
        wave_chosen(world.wellbeing, "2030")
    with pytest.raises(NoSuchBreakdown, match="by audience or by area"):
        survey_results(survey=world.wellbeing, by="school")


def _page_counts(html: str) -> dict[str, str]:
    """Every figure the page marks as a count (``data-count``), as shown."""
    from html.parser import HTMLParser

    found: dict[str, str] = {}

    class Reader(HTMLParser):
        key: str | None = None

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.key = dict(attrs).get("data-count")

        def handle_data(self, data: str) -> None:
            if self.key is not None and data.strip():
                found[self.key] = data.strip()
                self.key = None

    Reader().feed(html)
    return found


def _page(client: Any, world: VoiceWorld, who: str, query: str = "") -> Any:
    from django.urls import reverse

    if world.people[who] is not None:
        client.force_login(world.people[who])
    url = reverse("voice:results", kwargs={"partnership": "alpha", "survey": "wellbeing"})
    return client.get(url + query)


def test_the_page_never_shows_a_suppressed_count(client: Any, world: VoiceWorld) -> None:
    # As the area test: areas 20, 12 and 3, one child in Ross does not feel safe.
    safe = {"feel-safe": "yes", "happy": "5"}
    answers_add(
        world, wave="2025", audience="12-15", answers={"area": "hereford", **safe}, times=20
    )
    answers_add(
        world, wave="2025", audience="12-15", answers={"area": "leominster", **safe}, times=12
    )
    answers_add(world, wave="2025", audience="8-11", answers={"area": "ross", **safe}, times=2)
    answers_add(world, wave="2025", audience="8-11", answers={"area": "ross", "feel-safe": "no"})
    answers_add(world, wave="2024", audience="8-11", answers={"happy": "3"}, times=9)
    for query in ["", "?by=area", "?by=audience", "?by=area&group=ross", "?wave=2024"]:
        response = _page(client, world, "viewer", query)
        assert response.status_code == 200, query
        counts = _page_counts(response.content.decode())
        assert counts, query
        for key, shown in counts.items():
            assert shown == C or int(shown) >= THRESHOLD, (query, key, shown)
    whole = _page_counts(_page(client, world, "viewer").content.decode())
    assert whole["responses"] == "35"
    assert whole["feel-safe.no"] == C
    assert whole["feel-safe.yes"] == C
    by_area = _page_counts(_page(client, world, "viewer", "?by=area").content.decode())
    assert by_area["hereford.responses"] == "20"
    assert by_area["ross.responses"] == C
    assert by_area["leominster.responses"] == C
    assert by_area["hereford.feel-safe.yes"] == C
    # The happy column: 34 "very happy", 1 no answer: both hidden on the whole, so for every
    # group.
    assert by_area["hereford.happy.5"] == C
    assert _page_counts(_page(client, world, "viewer", "?wave=2024").content.decode()) == {
        "responses": C,
        **{f"happy.{o}": C for o in ["1", "2", "3", "4", "5", "no answer"]},
        **{f"feel-safe.{o}": C for o in ["yes", "not-sure", "no", "no answer"]},
        **{f"area.{o}": C for o in ["hereford", "leominster", "ross", "no answer"]},
        **{f"matters.{o}": C for o in ["school", "friends", "family", "no answer"]},
    }


@pytest.mark.parametrize(
    ("who", "status"),
    [("viewer", 200), ("contributor", 200), ("analyst", 200), ("no-role", 404), ("other", 404)],
)
def test_who_may_read_the_results(client: Any, world: VoiceWorld, who: str, status: int) -> None:
    assert _page(client, world, who).status_code == status


def test_someone_not_signed_in_is_asked_to_sign_in(client: Any, world: VoiceWorld) -> None:
    response = _page(client, world, "anonymous")
    assert response.status_code == 302
    assert "sign-in" in response["Location"] or "login" in response["Location"]


def _true_table(world: VoiceWorld, by: str, key: str, options: list[str]) -> dict[str, list[int]]:
    """The true counts of a choice or scale question by group, counted here from the
    database (options, then no answer), to give the attacker's check the hidden values."""
    from cypp.voice.models import Response

    table: dict[str, list[int]] = {}
    for response in Response.objects.filter(status="finished", wave__key="2025").filter(
        survey=world.wellbeing
    ):
        group = response.audience.key if by == "audience" else response.area
        row = table.setdefault(group, [0] * (len(options) + 1))
        answer = response.answers.filter(question__key=key).first()
        row[options.index(answer.value) if answer else len(options)] += 1
    return table


def assert_attacker_cannot_narrow(world: VoiceWorld, data: dict[str, Any], key: str) -> None:
    """An attacker who reads the whole survey's page and the breakdown together, and solves
    linear programs as in Hundepool et al. (2012, ch. 4), cannot pin any hidden count from
    1 to 9 (of a group, or of the whole) to a range narrower than half the threshold."""
    import numpy as np
    from scipy.optimize import linprog

    whole = {
        a["option"]: a["count"]
        for a in next(q for q in data["questions"] if q["key"] == key)["answers"]
    }
    options = [o for o in whole if o != "no answer"]
    truth = _true_table(world, data["by"], key, options)
    groups = [g["key"] for g in data["groups"]]
    cells = len(options) + 1
    size = len(groups) * cells
    rows, values = [], []

    def fix(coefficients: np.ndarray, value: float) -> None:
        rows.append(coefficients)
        values.append(value)

    for i, group in enumerate(data["groups"]):
        shown = list(_answers(group, key).values())
        for j, count in enumerate(shown):
            if count != C:
                one = np.zeros(size)
                one[i * cells + j] = 1
                fix(one, count)
        if group["responses"] != C:
            row = np.zeros(size)
            row[i * cells : (i + 1) * cells] = 1
            fix(row, group["responses"])
    for j, count in enumerate(whole.values()):
        if count != C:
            column = np.zeros(size)
            column[j::cells] = 1
            fix(column, count)
    fix(np.ones(size), data["responses"])
    a_eq, b_eq = np.array(rows), np.array(values)
    targets = [
        (np.eye(size)[i * cells + j], truth[g][j])
        for i, g in enumerate(groups)
        for j in range(cells)
        if list(_answers(data["groups"][i], key).values())[j] == C
    ]
    for j, count in enumerate(whole.values()):
        if count == C:
            column = np.zeros(size)
            column[j::cells] = 1
            targets.append((column, sum(truth[g][j] for g in groups)))
    for objective, true_value in targets:
        if not 1 <= true_value < THRESHOLD:
            continue
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None)).fun
        high = -linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None)).fun
        assert low <= true_value <= high
        assert high - low >= THRESHOLD / 2, (key, true_value, low, high)


@pytest.mark.parametrize("by", ["area", "audience"])
def test_an_attacker_with_both_views_cannot_narrow_a_small_count(
    world: VoiceWorld, by: str
) -> None:
    # Areas of 20, 12 and 3 responses, in two versions, with small counts of every kind:
    # a Ross child who does not feel safe, 4 unsure in Leominster, 2 unhappy in Hereford.
    rows = [
        ("12-15", "hereford", "yes", "4", 12),
        ("12-15", "hereford", "yes", "2", 2),
        ("8-11", "hereford", "not-sure", "5", 6),
        ("12-15", "leominster", "not-sure", "4", 4),
        ("8-11", "leominster", "yes", "3", 8),
        ("8-11", "ross", "yes", "4", 2),
        ("8-11", "ross", "no", "1", 1),
    ]
    for audience, area, safe, happy, times in rows:
        answers_add(
            world,
            wave="2025",
            audience=audience,
            answers={"area": area, "feel-safe": safe, "happy": happy},
            times=times,
        )
    data = survey_results(survey=world.wellbeing, by=by).as_json()
    assert data["responses"] == 35
    assert_safe(data)
    assert_no_recovery(data)
    for key in ["feel-safe", "happy"]:
        assert_attacker_cannot_narrow(world, data, key)


def test_groups_never_add_up_to_a_cell_the_whole_hides(world: VoiceWorld) -> None:
    # Hereford: 12 not sure, 30 yes; Leominster: 10 not sure, 30 yes; Ross: 3 no, 30 yes.
    # The whole: yes 90, not sure 22, no 3 of 115: "no" is hidden with "not sure". Had the
    # areas shown their 12 and 10 "not sure", the whole's "not sure" would be at least 22,
    # so "no" (115 - 90 - 22 at most) at most 3. So "not sure" is hidden for every area.
    # The audit then sees each area's yes and its not sure plus no (12, 10, 3): Ross's 3 is
    # hidden, then its 30 "yes" (alone in its row), then in the yes column, where every cell
    # is 30, another area's; and so on until no row or column has one hidden cell alone:
    # every area's cells. The areas' totals (42, 40, 33) stay.
    for area, safe, times in [
        ("hereford", "not-sure", 12),
        ("hereford", "yes", 30),
        ("leominster", "not-sure", 10),
        ("leominster", "yes", 30),
        ("ross", "no", 3),
        ("ross", "yes", 30),
    ]:
        answers_add(
            world,
            wave="2025",
            audience="12-15",
            answers={"area": area, "feel-safe": safe, "happy": "3"},
            times=times,
        )
    data = survey_results(survey=world.wellbeing, by="area").as_json()
    assert _answers(data, "feel-safe") == {"yes": 90, "not-sure": C, "no": C, "no answer": C}
    hereford, leominster, ross = data["groups"]
    assert [g["responses"] for g in data["groups"]] == [42, 40, 33]
    for group in (hereford, leominster, ross):
        assert set(_answers(group, "feel-safe").values()) == {C}
    assert_safe(data)
    assert_no_recovery(data)
    assert_attacker_cannot_narrow(world, data, "feel-safe")


def test_the_page_gives_each_share_of_those_who_answered(client: Any, world: VoiceWorld) -> None:
    """By hand: 40 finished responses; 15 say yes to feeling safe, 10 no, 15 (parents, say)
    do not answer it. Yes is 15 / 25 = 60.0%, no 40.0%, as the indicators and the trend
    give them; "no answer" has a count (15) and no share."""
    answers_add(world, wave="2025", audience="12-15", answers={"feel-safe": "yes"}, times=15)
    answers_add(world, wave="2025", audience="12-15", answers={"feel-safe": "no"}, times=10)
    answers_add(world, wave="2025", audience="parents", answers={"happy": "4"}, times=15)
    body = _page(client, world, "viewer").content.decode()
    table = body[body.index("Answers to: Do you feel safe at home?") :]
    table = table[: table.index("</table>")]
    assert re.findall(r">(\d+\.\d)%<", table) == ["60.0", "40.0"]
