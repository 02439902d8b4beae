"""The word-level difference of a resubmitted answer; every expected value is written out by
hand from reading the two texts."""

from __future__ import annotations

from cypp.commentary.differences import Piece, answer_compare, words_compare


def test_unchanged_text_is_one_piece():
    assert words_compare(before="Peer support works.", after="Peer support works.") == [
        Piece("same", "Peer support works.")
    ]


def test_white_space_is_not_a_change():
    assert words_compare(before="Peer  support\nworks.", after="Peer support works.") == [
        Piece("same", "Peer support works.")
    ]


def test_words_added_at_the_end():
    assert words_compare(
        before="Peer support in every clinic.",
        after="Peer support in every clinic. We are 5 points below England.",
    ) == [
        Piece("same", "Peer support in every clinic."),
        Piece("added", "We are 5 points below England."),
    ]


def test_a_word_replaced_is_removed_then_added():
    assert words_compare(
        before="Fewer mothers breastfeed in the towns.",
        after="Fewer mothers breastfeed in the market towns.",
    ) == [
        Piece("same", "Fewer mothers breastfeed in the"),
        Piece("added", "market"),
        Piece("same", "towns."),
    ]
    assert words_compare(before="We will start in June.", after="We will start in May.") == [
        Piece("same", "We will start in"),
        Piece("removed", "June."),
        Piece("added", "May."),
    ]


def test_words_removed_from_the_middle():
    assert words_compare(
        before="Health visitors and the maternity ward help.",
        after="Health visitors help.",
    ) == [
        Piece("same", "Health visitors"),
        Piece("removed", "and the maternity ward"),
        Piece("same", "help."),
    ]


def test_common_words_still_match():
    # The junk heuristic is off: "the" repeated many times is still matched as a word.
    before = " ".join(["the"] * 250) + " end"
    after = " ".join(["the"] * 250) + " finish"
    assert words_compare(before=before, after=after) == [
        Piece("same", " ".join(["the"] * 250)),
        Piece("removed", "end"),
        Piece("added", "finish"),
    ]


def test_from_nothing_and_to_nothing():
    assert words_compare(before="", after="Wye Valley NHS Trust") == [
        Piece("added", "Wye Valley NHS Trust")
    ]
    assert words_compare(before="Wye Valley NHS Trust", after="") == [
        Piece("removed", "Wye Valley NHS Trust")
    ]
    assert words_compare(before="", after="") == []


def test_counts_and_summary_in_words():
    d = answer_compare(
        field="next_steps",
        label="What we will do next",
        before="Peer support in every clinic.",
        after="Peer support in each clinic; we are 5 points below England.",
    )
    # By hand: "Peer support in" unchanged; "every clinic." (2 words) replaced by "each
    # clinic; we are 5 points below England." (each, clinic;, we, are, 5, points, below,
    # England.: 8 words).
    assert d.pieces == (
        Piece("same", "Peer support in"),
        Piece("removed", "every clinic."),
        Piece("added", "each clinic; we are 5 points below England."),
    )
    assert (d.added, d.removed, d.changed) == (8, 2, True)
    assert d.summary == "8 words added, 2 removed"


def test_summary_of_one_word_and_of_no_change():
    one = answer_compare(field="partners", label="Partners", before="a b", after="a")
    assert one.summary == "1 word removed"
    added = answer_compare(field="partners", label="Partners", before="a", after="a b")
    assert added.summary == "1 word added"
    same = answer_compare(field="partners", label="Partners", before="a b", after="a  b")
    assert (same.changed, same.summary) == (False, "No change")
