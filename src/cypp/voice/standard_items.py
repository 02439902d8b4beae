"""Standard items free to use: questions a survey file names by code (``standard:``) instead
of writing out, so their wording and answer scale are exactly the published ones and results
compare with the national figures.

The ONS personal well-being questions ("the ONS4") are Crown copyright, published for reuse
under the Open Government Licence, in the wording and on the 0 to 10 scale of the ONS
Annual Population Survey, as set out in the Government Statistical Service's harmonised
standard for personal well-being (GSS Policy and guidance hub, "Personal well-being",
17 April 2019, https://gss.civilservice.gov.uk/policy-store/personal-well-being/) and the
ONS personal well-being user guidance
(https://www.ons.gov.uk/peoplepopulationandcommunity/wellbeing/methodologies/personalwellbeingsurveyuserguide).
ONS asks them of people aged 16 and over, so a survey may use them only in a version for
16 and over (``age_min`` at least 16) or for parents, carers or professionals.

Each question is answered on a scale from 0 ("not at all") to 10 ("completely"); the ends
are labelled in the question's own words, as the interviewer instruction gives them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ONS4_SOURCE = "https://gss.civilservice.gov.uk/policy-store/personal-well-being/"
ONS4_MIN_AGE = 16


@dataclass(frozen=True, slots=True)
class StandardItem:
    code: str
    text: str
    hint: str
    low: str  # the label of 0
    high: str  # the label of 10
    min_age: int
    source: str

    def options(self) -> list[dict[str, Any]]:
        """0 to 10, the ends labelled in words, as the harmonised standard gives them."""
        options: list[dict[str, Any]] = []
        for point in range(11):
            label = str(point)
            if point == 0:
                label = f"0 – {self.low}"
            elif point == 10:
                label = f"10 – {self.high}"
            options.append({"value": str(point), "label": label, "symbol": ""})
        return options


_HINT = "Answer on a scale of 0 to 10, where 0 is ‘not at all’ and 10 is ‘completely’."

STANDARD_ITEMS: dict[str, StandardItem] = {
    item.code: item
    for item in (
        StandardItem(
            "ons4-life-satisfaction",
            "Overall, how satisfied are you with your life nowadays?",
            _HINT,
            "Not at all satisfied",
            "Completely satisfied",
            ONS4_MIN_AGE,
            ONS4_SOURCE,
        ),
        StandardItem(
            "ons4-worthwhile",
            "Overall, to what extent do you feel that the things you do in your life are "
            "worthwhile?",
            _HINT,
            "Not at all worthwhile",
            "Completely worthwhile",
            ONS4_MIN_AGE,
            ONS4_SOURCE,
        ),
        StandardItem(
            "ons4-happiness",
            "Overall, how happy did you feel yesterday?",
            _HINT,
            "Not at all happy",
            "Completely happy",
            ONS4_MIN_AGE,
            ONS4_SOURCE,
        ),
        StandardItem(
            "ons4-anxiety",
            "On a scale where 0 is ‘not at all anxious’ and 10 is ‘completely anxious’, "
            "overall, how anxious did you feel yesterday?",
            "",
            "Not at all anxious",
            "Completely anxious",
            ONS4_MIN_AGE,
            ONS4_SOURCE,
        ),
    )
}


def standard_item_allowed(item: StandardItem, *, kind: str, age_min: int | None) -> bool:
    """Whether a version of a survey may ask ``item``: adults' versions (parents, carers,
    professionals) always; children's only when everyone it is for is old enough."""
    if kind != "children":
        return True
    return age_min is not None and age_min >= item.min_age
