"""The topics of the area profile: indicators grouped by their source's topic names.

An indicator in "A; B" is in both; spellings differing only in case are one topic; one
with no topic is in "Other indicators".
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from cypp.indicators.models import Indicator

OTHER_TOPIC = "Other indicators"


@dataclass(frozen=True, slots=True)
class Topic:
    key: str
    name: str
    indicators: int


def topic_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def topic_names(indicator: Indicator) -> list[str]:
    names = [t.strip() for t in indicator.topic.split(";") if t.strip()]
    return names or [OTHER_TOPIC]


def topics_list(indicators: list[Indicator]) -> list[Topic]:
    """The topics of the indicators, alphabetical; spellings differing only in case are one
    topic (named by its commonest spelling), and an indicator in "A; B" is in both."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for indicator in indicators:
        for name in topic_names(indicator):
            spellings[topic_key(name)][name] += 1
    return sorted(
        (
            Topic(key=key, name=counts.most_common(1)[0][0], indicators=sum(counts.values()))
            for key, counts in spellings.items()
        ),
        key=lambda t: (t.name == OTHER_TOPIC, t.name.casefold()),
    )


def topic_default(topics: list[Topic]) -> Topic | None:
    """The topic shown before one is chosen: the one with most indicators (a named topic
    before "Other indicators"; alphabetical on a tie), as Fingertips opens on a profile's
    main domain rather than an empty page."""
    named = [t for t in topics if t.name != OTHER_TOPIC] or topics
    return max(named, key=lambda t: t.indicators, default=None)
