"""The licensed scales' scoring, pinned to examples worked by hand from the published rules
("Scoring the SDQ", sdqinfo.org; SWEMWBS: seven items 1 to 5, raw score their sum)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cypp.voice import scales
from cypp.voice.scales import (
    SCALES,
    ScoreRefused,
    scale_of_item,
    sdq_item_score,
    sdq_scores,
    swemwbs_raw_score,
)


def _swemwbs(*scores: int) -> dict[str, int]:
    return {f"swemwbs-{n}": s for n, s in enumerate(scores, 1)}


def _sdq(answer: int, **given: int) -> dict[str, int]:
    """Every SDQ item answered ``answer``, except items given as ``i7=0``."""
    answers = {f"sdq-{n}": answer for n in range(1, 26)}
    for name, value in given.items():
        answers[f"sdq-{name[1:]}"] = value
    return answers


def test_swemwbs_raw_score_is_the_sum_of_seven_items() -> None:
    assert swemwbs_raw_score(_swemwbs(1, 1, 1, 1, 1, 1, 1)) == 7
    assert swemwbs_raw_score(_swemwbs(5, 5, 5, 5, 5, 5, 5)) == 35
    # 1 + 2 + 3 + 4 + 5 + 4 + 3 = 22
    assert swemwbs_raw_score(_swemwbs(1, 2, 3, 4, 5, 4, 3)) == 22


def test_swemwbs_with_an_item_missing_has_no_score() -> None:
    assert swemwbs_raw_score(_swemwbs(3, 3, 3, 3, 3, 3)) is None


@pytest.mark.parametrize(
    "answers", [_swemwbs(0, 1, 1, 1, 1, 1, 1), {"swemwbs-8": 3}, {"swemwbs-1": "3"}]
)
def test_swemwbs_refuses_what_is_not_a_score(answers: dict[str, object]) -> None:
    with pytest.raises(ScoreRefused):
        swemwbs_raw_score(answers)  # type: ignore[arg-type]


def test_sdq_items_written_as_strengths_are_reversed() -> None:
    assert [sdq_item_score(7, a) for a in (0, 1, 2)] == [2, 1, 0]
    assert [sdq_item_score(3, a) for a in (0, 1, 2)] == [0, 1, 2]
    for number in (11, 14, 21, 25):
        assert sdq_item_score(number, 0) == 2


def test_sdq_every_item_not_true() -> None:
    # Only the five reversed items score (2 each): conduct has 7 (2), hyperactivity 21 and 25
    # (4), peer 11 and 14 (4); total difficulties 0 + 2 + 4 + 4 = 10.
    assert sdq_scores(_sdq(0)) == {
        "emotional": 0,
        "conduct": 2,
        "hyperactivity": 4,
        "peer": 4,
        "prosocial": 0,
        "total_difficulties": 10,
    }


def test_sdq_every_item_certainly_true() -> None:
    # Emotional 5 x 2 = 10; conduct four items x 2 + item 7 reversed 0 = 8; hyperactivity
    # three x 2 = 6; peer three x 2 = 6; prosocial 10; total 10 + 8 + 6 + 6 = 30.
    assert sdq_scores(_sdq(2)) == {
        "emotional": 10,
        "conduct": 8,
        "hyperactivity": 6,
        "peer": 6,
        "prosocial": 10,
        "total_difficulties": 30,
    }


def test_sdq_a_subscale_with_three_or_four_items_is_prorated() -> None:
    answers = _sdq(0)
    # Emotional: items 16 and 24 missing, 3, 8, 13 answered 2, 1, 2: 5 / 3 x 5 = 8.33 -> 8.
    del answers["sdq-16"], answers["sdq-24"]
    answers.update({"sdq-3": 2, "sdq-8": 1, "sdq-13": 2})
    # Prosocial: item 20 missing, 1, 4, 9, 17 answered 1, 1, 0, 0: 2 / 4 x 5 = 2.5 -> 3.
    del answers["sdq-20"]
    answers.update({"sdq-1": 1, "sdq-4": 1})
    scores = sdq_scores(answers)
    assert scores["emotional"] == 8
    assert scores["prosocial"] == 3
    assert scores["total_difficulties"] == 8 + 2 + 4 + 4


def test_sdq_a_subscale_with_two_items_is_missing_and_so_is_the_total() -> None:
    answers = _sdq(1)
    for n in (6, 11, 14):  # three of the peer items
        del answers[f"sdq-{n}"]
    scores = sdq_scores(answers)
    assert scores["peer"] is None
    assert scores["total_difficulties"] is None
    assert scores["emotional"] == 5


def test_the_item_codes_are_the_scales_and_no_wording_is_shipped() -> None:
    assert len(SCALES["swemwbs"].items) == 7
    assert len(SCALES["sdq"].items) == 25
    assert scale_of_item("sdq-25") is SCALES["sdq"]
    assert scale_of_item("sdq-26") is None
    source = Path(scales.__file__).read_text(encoding="utf-8").lower()
    # Phrases of the licensed questionnaires' items must not be in the code.
    for phrase in ("optimistic about the future", "often loses temper", "considerate of other"):
        assert phrase not in source
