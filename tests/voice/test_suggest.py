"""Suggestions from keywords: whole words, any case, phrases with any spacing; nothing else."""

from __future__ import annotations

import pytest

from cypp.voice.suggest import (
    Suggestion,
    ThemeWords,
    keyword_found,
    keywords_clean,
    themes_suggested,
)

BUSES = ThemeWords(1, "Getting about", ["bus", "buses", "no way to get"])
PARKS = ThemeWords(2, "Places to play", ["park", "skate park", "youth club"])
SAFE = ThemeWords(3, "Feeling safe", ["not safe", "scared", "a&e"])


@pytest.mark.parametrize(
    ("keyword", "text", "found"),
    [
        ("bus", "The BUS is always late", True),
        ("bus", "Bus.", True),
        ("bus", "(bus)", True),
        ("bus", "my dad runs a business", False),
        ("bus", "the minibus", False),
        ("bus", "buses are late", False),
        ("bus", "the bus's seats", False),  # an apostrophe joins a word, as safeguarding reads it
        ("skate park", "a SKATE\n  park near us", True),
        ("skate park", "skate-park", False),
        ("skate park", "park skate", False),
        ("a&e", "we waited at A&E all night", True),
        ("a&e", "a&eb", False),
        ("scared", "I'm scared", True),
        ("  ", "anything", False),
        ("café", "the CAFÉ shut", True),
    ],
)
def test_a_keyword_is_found_as_whole_words_in_any_case(
    keyword: str, text: str, found: bool
) -> None:
    assert keyword_found(keyword, text) is found


def test_themes_are_suggested_in_their_order_with_the_words_found() -> None:
    text = "There is no way to get to the skate park, the buses stop at 6 and I feel not safe"
    assert themes_suggested(text, [BUSES, PARKS, SAFE]) == [
        Suggestion(1, "Getting about", ("buses", "no way to get")),
        Suggestion(2, "Places to play", ("park", "skate park")),
        Suggestion(3, "Feeling safe", ("not safe",)),
    ]


def test_nothing_is_suggested_for_text_without_a_keyword() -> None:
    assert themes_suggested("I like my school", [BUSES, PARKS, SAFE]) == []
    assert themes_suggested("", [BUSES]) == []
    assert themes_suggested("bus", [ThemeWords(4, "Empty", [])]) == []


def test_keywords_are_kept_trimmed_single_spaced_and_once_in_any_case() -> None:
    assert keywords_clean(["  Bus ", "bus", "", "skate   park", "BUS", "Skate Park", "park"]) == [
        "Bus",
        "skate park",
        "park",
    ]


def test_the_module_is_plain_python() -> None:
    """No Django, no network, no model: nothing a child wrote leaves the machine."""
    import ast
    from pathlib import Path

    import cypp.voice.suggest as suggest

    tree = ast.parse(Path(suggest.__file__).read_text(encoding="utf-8"))
    imported = {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    } | {
        a.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for a in node.names
    }
    assert imported <= {"__future__", "re", "collections", "dataclasses", "functools"}
