"""How a resolution reads when no `RESOLVED` heading says so, and why to check a guessed one.

Committee minutes write resolutions in a few grammatical forms: the subjunctive after
"That" ("That the report be noted", "That officers report back"), the present tense after a
stem ("notes the report", "requests the director to ..."), the infinitive after "The
Committee resolved" ("to note the planner") and the past tense of a decision page ("Noted
the progress", "Agreed that ..."). Debate is written in the past tense about people
("Members asked whether ...", "The following comments were made:"), which is how it is
told apart.
"""

from __future__ import annotations

import re

# Reasons given to the officer, in plain words (docs/minutes-extraction.md, "Confidence").
NO_HEADING_LIST = "resolution list found by its labels, without a RESOLVED heading"
NO_HEADING_ONE = "resolution found by its wording, without a RESOLVED heading"
RENUMBERED = "the list's numbering is out of order; check no resolution is missing or doubled"
ONLY_DECISION = "found only in the Decision block, not in the minutes"
NARRATIVE = "a narrative agreement in the minutes, not a formal resolution"
LONG = "a very long resolution; check where it ends"
NOT_WORDED = "a paragraph of the Decision block that does not read as a resolution"
LONG_TEXT = 700  # characters: about four lines of a printed page

# A resolution's own verbs, in the present ("notes") or the infinitive ("to note").
_DECIDING_VERBS = (
    r"(?:note|agree|approve|endorse|accept|receive|welcome|support|adopt|request|ask|instruct|"
    r"delegate|authorise|authorize|recommend|refer|defer|confirm|thank|commend|reject|decline|"
    r"resolve|decide|consider|invite|ratify|acknowledge|amend|appoint|establish|continue|add|"
    r"remove|review|set|agree)s?"
)
# "notes the report", "to note the planner", "in relation to X, to note ...": a
# resolution's own verb at its start.
_VERB_FIRST = re.compile(
    rf"^(?:in\s+(?:relation|respect|regard)\s+to\s+[^,]{{1,200}},\s*)?(?:to\s+)?(?:(?:also|further|"
    rf"otherwise|formally|unanimously)\s+)?(?:{_DECIDING_VERBS})\b",
    re.IGNORECASE,
)
# "the report be noted", "a briefing note be brought": the subjunctive, which debate never
# uses, but not "would be", "to be", "should be" (reported speech).
_SUBJUNCTIVE_BE = re.compile(
    r"(?<!\bwould )(?<!\bwill )(?<!\bshould )(?<!\bcould )(?<!\bmight )(?<!\bmay )"
    r"(?<!\bmust )(?<!\bto )(?<!\bcan )(?<!\bnot )(?<!\bcannot )(?<!\bshall )"
    r"\bbe\s+(?:\w+ly\s+)?(?:[a-z-]+(?:ed|en|wn|ne|ht)|given|made|sent|set|put|held|kept|"
    r"taken|done|led|run|met|sought)\b",
    re.IGNORECASE,
)
# A finite verb of debate before it: "Members asked that the plan be shared" is debate.
_REPORTED = re.compile(
    r"(?<!\bthe )(?<!\ba )(?<!\ban )(?<!\band )(?<!\bor )(?<!\bits )(?<!\btheir )"
    r"(?<!\bthis )(?<!\bnewly )\b(?:was|were|had|has|have|is|are|said|asked|explained|reported|suggested|stated|"
    r"advised|informed|queried|commented|noted|confirmed|requested|recommended|proposed|felt|"
    r"agreed|considered|highlighted|raised|welcomed|expressed|questioned|moved|seconded)\b",
    re.IGNORECASE,
)
# A motion or a recommendation before the vote (also what the report "invited" the board to
# do, or "sought"): its items are not yet resolutions.
MOTION = re.compile(
    r"\b(?:moved|seconded|proposed|amendment|motion|recommend(?:s|ed|ations?)?|put\s+to\s+"
    r"the\s+vote|voted|officers?\s+advised|invit(?:ed|es)|s(?:ought|eeks))\b",
    re.IGNORECASE,
)
# Where a resolved item turns to debate: "The following comments were made:", "Members
# asked ...": the resolution ends at the sentence before.
_DEBATE = re.compile(
    r"^(?:(?:the\s+)?following\s+[^.:;]{0,160}?\b(?:was|were|had\s+been)\b"
    r"|(?:members|councillors?|the\s+chair(?:man|person)?|officers?|the\s+director|it)\s+"
    r"(?:then\s+|also\s+)?(?:asked|commented|queried|raised|explained|discussed|reported|said|"
    r"stated|highlighted|questioned|was\s+(?:noted|explained|confirmed|reported|advised|"
    r"agreed\s+that\s+it\s+was))\b"
    r"|(?:comments|questions|queries|points|issues)\s+(?:were\s+)?(?:made|raised|discussed)\b)",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘(])")
# "The committee agreed to consult ...", "It was agreed that ...": an agreement of the
# meeting told in the minutes' narrative. "Officers agreed to circulate ..." is an officer's
# undertaking, an action, not a decision of the meeting.
_NARRATIVE = re.compile(
    r"^(?:(?:the|this)\s+(?:[\w'’&-]+\s+){0,5}?(?:committee|sub-committee|board|cabinet|panel|"
    r"partnership|forum|group|council|meeting|executive|commission)"
    r"|it\s+was|members)\s+(?:then\s+|also\s+|further\s+|therefore\s+|unanimously\s+|"
    r"formally\s+)*(?:agreed|decided)\s+(?!with\b)(?:that|to|unanimously|on)\b",
    re.IGNORECASE,
)
# "The Board NOTED the update.", "It was AGREED that ...": a body's decision with its
# verb in capitals, the way minutes mark the formal outcome (as they write RESOLVED).
_CAPITALS = re.compile(
    r"^(?:(?:[\w'’&-]+\s+){0,5}?(?i:committee|sub-committee|board|cabinet|panel|"
    r"partnership|forum|group|council|executive|commission|members)|(?i:it\s+was))\s+(?:(?i:also|further|"
    r"then|therefore|unanimously|formally)\s+)*(?:NOTED|AGREED|APPROVED|ENDORSED|DECIDED|"
    r"ACCEPTED|SUPPORTED|RECEIVED|AGREES|NOTES|APPROVES|ENDORSES)\b\s*[:–—-]?\s*\S"
)
_DECIDED_IN_PAST = re.compile(
    r"^(?:the\s+)?(?:[\w'’&,()-]+\s+){0,10}?(?:approved|agreed|noted|endorsed|decided|"
    r"resolved|delegated|authori[sz]ed|accepted|adopted|rejected|deferred|confirmed|awarded|"
    r"supported|requested|instructed)\b\s+\S",
    re.IGNORECASE,
)
_STEM_END = re.compile(r"(?::\s*[-–—]?|[-–—])\s*$")
# "That the Committee:-", "That Cabinet:", "The Board:": who resolved, before the list.
_STEM = re.compile(
    r"^(?:that\s+)?(?:the\s+)?(?:[\w'’&,-]+\s+){0,7}?(?:committee|sub-committee|board|cabinet|"
    r"panel|partnership|forum|group|council|executive|commission|members|meeting|leader|"
    r"member|mayor)(?:\s+(?:has\s+|have\s+|hereby\s+|therefore\s+)?(?:resolved|agreed|decided|"
    r"resolves|agrees|decides|notes|approves|(?:is|are|be)\s+asked|(?:is|are)\s+recommended)"
    r"(?:\s+to|\s+that)?)?\s*(?::\s*[-–—]?|[-–—])?\s*$",
    re.IGNORECASE,
)


def reads_as_resolution(text: str) -> bool:
    """A labelled item or paragraph worded as a resolution, without any heading saying so."""
    text = text.strip()
    if not text:
        return False
    rest = re.sub(r"^that\b\s*[,:–—-]?\s*", "", text, flags=re.IGNORECASE)
    if rest != text and rest[:1].isalpha():
        return not _DEBATE.match(rest)
    if _VERB_FIRST.match(text):
        return True
    return in_subjunctive(text)


def in_subjunctive(text: str) -> bool:
    """A paragraph whose first clause is in the subjunctive ("the Director be asked to ..."),
    the grammar of resolutions that debate never uses, with no verb of debate before it."""
    first = re.split(r"[.;:](?:\s|$)", text.strip(), maxsplit=1)[0]
    subjunctive = _SUBJUNCTIVE_BE.search(first)
    return subjunctive is not None and not _REPORTED.search(first[: subjunctive.start()])


def without_debate(text: str) -> str:
    """A resolved item without the debate its paragraph goes on to record."""
    sentences = _SENTENCE.split(text)
    for index, sentence in enumerate(sentences[1:], start=1):
        if _DEBATE.match(sentence):
            return " ".join(sentences[:index])
    return text


def narrative_agreements(paragraph: str) -> list[str]:
    """The sentences of a paragraph that tell of an agreement of the meeting, whole."""
    return [
        s
        for s in _SENTENCE.split(paragraph)
        if _NARRATIVE.match(s) and not s.rstrip().endswith(":")  # "agreed that:" and its list
    ]


def decisions_in_capitals(paragraph: str) -> list[str]:
    """The sentences of a paragraph that record a body's decision with its verb in capitals
    ("The Board NOTED the update."), whole: formal, as a RESOLVED heading is."""
    return [
        s
        for s in _SENTENCE.split(paragraph)
        # Not a line all in capitals (a heading), nor one introducing a list.
        if _CAPITALS.match(s) and not s.isupper() and not s.rstrip().endswith(":")
    ]


def decided_in_past(text: str) -> bool:
    """A paragraph of a `Decision:` block that tells the decision in the past tense, with
    whoever decided before it ("The Cabinet Member for Children approved the policy",
    "Cabinet considered the report and agreed to ..."), not only the meeting's business
    ("Cabinet considered the report.")."""
    first = _SENTENCE.split(text.strip(), maxsplit=1)[0]
    return _DECIDED_IN_PAST.match(first) is not None


def is_stem(line: str, *, before_list: bool = False) -> bool:
    """A line that only names who resolved, before their list: "That the Committee:-",
    "That Cabinet agrees to:"; right before a labelled list, without the colon too."""
    ended = before_list or _STEM_END.search(line) is not None
    return ended and _STEM.match(line) is not None


def holds_its_list(text: str) -> bool:
    """An item that is a resolution with a list of its own: "the following steps be
    approved:" (a subjunctive before the colon), not a stem ("Cabinet agrees to:")."""
    first = text.rstrip(" :-–—")
    subjunctive = _SUBJUNCTIVE_BE.search(first)
    return (
        not is_stem(text, before_list=True)
        and subjunctive is not None
        and not _REPORTED.search(first[: subjunctive.start()])
    )


def ends_with_colon(text: str) -> bool:
    """An item that introduces a sub-list: "the following steps be approved:-"."""
    return _STEM_END.search(text) is not None and ":" in text[-4:]


def renumbered(labels: list[str | None]) -> bool:
    """Labels that repeat: a list numbered 1, 2, 1 (the page's numbering went wrong)."""
    named = [label for label in labels if label is not None]
    return len(set(named)) < len(named)
