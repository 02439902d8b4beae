"""Indicator notes: what an analyst knows of an indicator that its publisher's file does not say.

Two things so far, kept in a small YAML file (``demo/indicator-notes.yaml`` for the demo)
and loaded with ``cypp data notes FILE``:

* how a count is compared with other areas: on its paired published rate
  (``rate_indicator``) or on a rate computed from a population in the evidence store
  (``rate_population`` and ``rate_multiplier``);
* breaks in a series (``series_breaks``), such as the 2021/22 reform of the early years
  foundation stage profile, so that charts mark them and nobody reads across them.

Importers never change these fields, so re-importing a file keeps them. Loading is
all-or-nothing: every problem is reported with the file, the indicator and the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from cypp.indicators.importers.base import ImportRejected, Problem
from cypp.indicators.models import Indicator
from cypp.safe_yaml import yaml_load

FIELDS = ("rate_indicator", "rate_population", "rate_multiplier", "series_breaks")


@dataclass(frozen=True, slots=True)
class NotesReport:
    indicators: int
    changed: int


def _indicator(reference: str) -> Indicator | None:
    source, _, code = reference.partition(":")
    return Indicator.objects.filter(source__key=source, code=code).first()


def _check(file: str, reference: str, notes: Any, problems: list[Problem]) -> dict[str, Any]:
    def add(field: str | None, value: Any, reason: str) -> None:
        problems.append(Problem(file, None, f"{reference}.{field}" if field else reference,
                                None if value is None else str(value), reason))  # fmt: skip

    if not isinstance(notes, dict):
        add(None, None, "expected the indicator's notes as a mapping of field: value")
        return {}
    clean: dict[str, Any] = {}
    for field, value in notes.items():
        if field not in FIELDS:
            add(field, None, f"unknown field; known: {', '.join(FIELDS)}")
        elif field in ("rate_indicator", "rate_population"):
            if not isinstance(value, str) or _indicator(value) is None:
                add(field, value, "no such indicator in the evidence store (SOURCE:CODE)")
            else:
                clean[field] = value
        elif field == "rate_multiplier":
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                add(field, value, "a rate is per a whole number above zero, e.g. 10000")
            else:
                clean[field] = value
        else:
            breaks = value if isinstance(value, list) else None
            if breaks is None or not all(
                isinstance(b, dict) and set(b) == {"period", "note"} and all(
                    isinstance(x, str) and x.strip() for x in b.values()
                )
                for b in breaks
            ):  # fmt: skip
                add(field, None, "expected a list of {period: ..., note: ...}, both text")
            else:
                clean[field] = [{"period": b["period"], "note": b["note"]} for b in breaks]
    if "rate_indicator" in clean and "rate_population" in clean:
        add(None, None, "give a paired rate or a population to compute one from, not both")
    return clean


def indicator_notes_load(*, path: Path) -> NotesReport:
    """Apply the notes in ``path`` to the indicators it names, all or nothing.

    Raises ``ImportRejected`` naming the file, indicator, field and reason of every problem.
    """
    file = Path(path).name
    try:
        data = yaml_load(Path(path).read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        reason = "is not UTF-8 text: save it as UTF-8"
        raise ImportRejected([Problem(file, None, None, None, reason)]) from None
    except OSError as error:
        reason = f"cannot be read: {error.strerror or error}"
        raise ImportRejected([Problem(file, None, None, None, reason)]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = None if mark is None else mark.line + 1
        reason = f"not valid YAML: {getattr(error, 'problem', None) or error}"
        raise ImportRejected([Problem(file, line, None, None, reason)]) from None
    indicators = data.get("indicators") if isinstance(data, dict) else None
    if not isinstance(indicators, dict):
        raise ImportRejected(
            [Problem(file, None, "indicators", None, "expected `indicators:` mapping references")]
        )
    problems: list[Problem] = []
    wanted: list[tuple[Indicator, dict[str, Any]]] = []
    for reference, notes in indicators.items():
        indicator = _indicator(str(reference))
        if indicator is None:
            problems.append(
                Problem(file, None, str(reference), None, "no such indicator in the evidence store")
            )
            continue
        wanted.append((indicator, _check(file, str(reference), notes, problems)))
    if problems:
        raise ImportRejected(problems)
    changed = 0
    with transaction.atomic():
        for indicator, notes in wanted:
            if any(getattr(indicator, f) != v for f, v in notes.items()):
                for f, v in notes.items():
                    setattr(indicator, f, v)
                indicator.save(update_fields=list(notes))
                changed += 1
    return NotesReport(indicators=len(wanted), changed=changed)
