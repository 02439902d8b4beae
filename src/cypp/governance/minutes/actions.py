"""Who must do what: which items are actions, and their owners (docs/minutes-extraction.md).

`action_in(text)` says whether a resolved item, an agreement or an action bullet asks
someone to do or bring something, and who; `due_in(text)` (actions_due) finds when, as
written; `resolution_actions(text)` turns a resolved item into its actions, with the
confidence an officer needs to know where to look first.
These are deliberately plain English patterns, not a parser: they cover the way committee
minutes are written and leave the rest to the officer who reviews the draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cypp.governance.minutes.actions_confidence import action_checked
from cypp.governance.minutes.actions_due import LONGEST, due_in, is_due_phrase
from cypp.governance.minutes.actions_words import (
    ACTOR,
    DECIDED,
    DECIDING_VERBS,
    DETERMINERS,
    FINITE_VERBS,
    MOVEMENT,
    NOT_OWNERS,
    SMALL_WORDS,
    SUBJUNCTIVE_VERBS,
    VERBS,
)
from cypp.governance.minutes.model import Action

__all__ = [
    "VERBS",
    "Asked",
    "action_in",
    "actor_like",
    "due_in",
    "owner_named",
    "owner_of",
    "resolution_action",
    "resolution_actions",
]


_LEADING_DETERMINER = re.compile(r"^(The|All|Each|Every|Our|Its|Their|Both)\b")

# "...; and asks the Panel to ...": a second request in the same resolution is its own
# clause, so its owner is not read from the words before it.
_ASK_AGAIN = (
    r"\s+and\s+(?=(?:asks?|requests?|instructs?|invites?|directs?)\s+"
    r"(?:the|a|an|all|officers|members|partners|[A-Z]))"
)
# Its words may lean on the resolution's first part ("oversee performance" of what?).
SECOND_REQUEST = "read from a later request in the resolution, apart from the words before it"
_CLAUSES = re.compile(
    rf";\s*|\s+and\s+(?=that\s)|,\s+and\s+(?=(?:the|a|an|all|each|that)\b)|{_ASK_AGAIN}"
)
_SUBJECT_BOUNDARY = re.compile(r"[;:]|\bthat\b|,\s*and\b|\bbe\s+[a-z-]+\s+and\b", re.IGNORECASE)
_REQUESTED = re.compile(
    r"\b(?:be|is|are|was|were|being)\s+(?:also\s+|further\s+)?(?:asked|requested|invited|"
    r"instructed|directed|commissioned|tasked|authori[sz]ed|empowered|mandated|charged)"
    r"\s+to\s+(?P<verb>[a-z][a-z-]*)",
    re.IGNORECASE,
)
_DELEGATED = re.compile(
    r"\b(?:delegated\s+(?:authority\s+)?(?:be\s+)?(?:given\s+)?|delegates?\s+(?:its\s+)?"
    r"(?:authority|powers?)\s+)to\s+(?P<owner>.+?)"
    r"(?:\s+to\s+[a-z]|(?=[,;.]|\s+(?:in|for|and|on)\b|$))",
    re.IGNORECASE,
)
# A permission to act whenever needed, not a task: "authorised to vary the scheme as the
# need arises", "authority be delegated to respond to consultations".
_STANDING = re.compile(
    r"\b(?:as\s+(?:and\s+when|the\s+need\s+arises|necessary|required|appropriate)|"
    r"from\s+time\s+to\s+time|where\s+(?:necessary|appropriate|required)|if\s+necessary|"
    r"on\s+an\s+ongoing\s+basis|in\s+future|going\s+forward|"
    r"to\s+(?:vary|respond|make\s+(?:any\s+)?(?:minor\s+)?(?:changes|amendments|variations)))\b",
    re.IGNORECASE,
)
# An authority to decide or to contract, not a task: "authorised to award the contract",
# "delegated authority to enter into the agreement" (a task would be "to take the steps
# needed to implement the proposals").
_PERMISSION = re.compile(
    r"\b(?:authori[sz]ed|empowered|delegated\s+(?:authority|powers?)|authority\s+(?:be\s+)?"
    r"delegated|delegates?\s+(?:its\s+)?(?:authority|powers?))\b[^;]{0,200}?\bto\s+"
    r"(?:approve|agree|award|enter|sign|vary|amend|determine|decide|negotiate|extend|accept|"
    r"grant|exercise|allocate|spend|release|let|procure|appoint|make\s+(?:decisions?|any|"
    r"minor|changes|amendments|payments?))\b",
    re.IGNORECASE,
)
_REPORT_BACK = re.compile(r"\breport\s+(?:back|to)\b", re.IGNORECASE)
_ASKS = re.compile(
    r"\b(?:asks?|asked|requests?|requested|invites?|invited|instructs?|instructed|directs?|"
    r"directed|commissions?|commissioned|tasks?|tasked)\s+"
    r"(?P<owner>(?:the|a|an|all|each|every|its|their|our|officers|members|partners|staff|"
    r"schools|councillors|[A-Z])[^;:]*?)\s+to\s+"
    r"(?P<verb>[a-z][a-z-]*)"
)
_UNDERTAKES = re.compile(
    r"\s+(?P<link>(?:is|are|was|were)\s+to|(?:has|have|had)\s+(?:agreed|undertaken|offered|"
    r"volunteered|promised|committed)\s+to|agreed\s+to|agrees\s+to|undert(?:ook|akes)\s+to|"
    r"(?:resolved|resolves|decided|decides)\s+to|"
    r"offer(?:ed|s)\s+to|volunteered\s+to|promised\s+to|(?:is|are)\s+going\s+to|"
    r"to|will|would|shall|should|must)\s+(?:also\s+|further\s+|then\s+|now\s+)?"
    r"(?P<verb>[a-z][a-z-]*)\b",
    re.IGNORECASE,
)
# The committee's own resolution in the infinitive: "to agree to remove item 16".
_OWN_TASK = re.compile(
    r"^(?:to\s+)?(?:agree|agrees|agreed|decide|decides|decided)\s+to\s+(?P<verb>[a-z][a-z-]*)",
    re.IGNORECASE,
)
_SUBJUNCTIVE = re.compile(rf"\s(?P<verb>(?:{SUBJUNCTIVE_VERBS})s?)\b")
_PP = (
    r"(?P<pp>[a-z-]+(?:ed|en)|brought|sent|built|made|held|taken|given|written|drawn|put|run|"
    r"led|met|kept|sought|shown|set|done|told|spent)\b"
)
# "be presented", never "has been presented": what was done is not an action. The second
# of two ("be approved and submitted to ...") is read too.
_PASSIVE = re.compile(
    rf"(?<!\bhas\s)(?<!\bhad\s)(?<!\bhave\s)(?<!\bmay\s)(?<!\bcan\s)(?<!\bmight\s)"
    rf"(?<!\bcould\s)\b(?:be|being)\s+"
    rf"(?:also\s+|further\s+|then\s+|now\s+|first\s+|[a-z]+\s+and\s+(?:then\s+)?)?{_PP}",
    re.IGNORECASE,
)
# A decision worded as a passive: "the budget be set at", "be taken into account",
# "the following appointments be made", "thanks be passed to".
_DECIDED_PASSIVE = re.compile(
    r"\bbe\s+(?:set\s+(?:at|as)|taken\s+into\s+account|made\s+(?:as\s+follows|:))"
    r"|\b(?:appointments?|nominations?)\s+be\s+made\b"
    # "approval be given to the strategy" is "the strategy be approved".
    r"|\b(?:approval|consent|agreement|endorsement|permission)\s+be\s+given\b"
    r"|^(?:the\s+)?(?:[\w'’]+\s+){0,3}?(?:thanks|congratulations|appreciation|gratitude)\b",
    re.IGNORECASE,
)
# "the Committee receive a further update in six months", "requests a further report":
# someone must bring it, unnamed.
_RECEIVES = re.compile(
    r"\b(?:receives?|be\s+given|be\s+provided\s+with|looks?\s+forward\s+to\s+receiving|"
    r"requests?|requested|asks?\s+for|asked\s+for|calls?\s+for)\s+"
    r"(?:a|an|the\s+final|the\s+outcome\s+of|further|regular|annual|"
    r"quarterly|six-monthly|progress)\s+(?:[\w-]+\s+){0,3}?(?:updates?|reports?|briefings?|"
    r"presentations?|strategy|plan|findings|results|evaluation|review|proposals)\b",
    re.IGNORECASE,
)
# In a "that" clause of a resolution "is prepared" means "be prepared" (the mandative).
_MANDATIVE = re.compile(rf"\b(?:is|are)\s+(?:also\s+|further\s+|then\s+|now\s+)?{_PP}", re.I)
# "the Committee approves a discount to be applied until the end of the year": the infinitive
# says how the thing decided will work, not who must do what; unless it sends a paper
# somewhere or sets a review ("approves the plan, to be reviewed in a year").
_DECIDES_THING = re.compile(
    r"^(?:the\s+)?(?:[\w'’-]+\s+){0,4}?(?:approves?|approved|agrees?|agreed|endorses?|endorsed|"
    r"adopts?|adopted|notes?|noted|supports?|supported|welcomes?|welcomed)\s+(?!to\s|that\s)"
    r"[^;]{0,200}?\bto\s+be\s+(?!(?:presented|brought|submitted|reported|circulated|sent|"
    r"published|issued|considered|shared|prepared|produced|developed|drafted|written|reviewed|"
    r"evaluated|undertaken|completed|carried|arranged|held|convened|returned)\b)[a-z]+(?:ed|en)\b",
    re.IGNORECASE,
)
# "the Youth Board is responsible for ensuring delivery": who must see a task through.
_RESPONSIBLE = re.compile(
    r"\s+(?:is|are|will\s+be|would\s+be|be|remains?|was\s+to\s+be)\s+(?:made\s+|now\s+)?"
    r"responsible\s+for\s+(?P<verb>[a-z]+ing)\b",
    re.IGNORECASE,
)
_DECIDING_LATER = re.compile(rf"\bbe\s+(?:{'|'.join(sorted(DECIDED))})\b", re.IGNORECASE)
# "by the Health and Wellbeing Board": an "and" between capitalised words is inside a name.
_AGENT = re.compile(
    r"\bby\s+(?P<who>.+?)(?=\s+(?:at|to|in|on|by|with|before|after|for|during|within|no|so|"
    r"and(?!\s+[A-Z])|when|once|following|setting|showing|which|who)\b|[,;.:]|$)"
)
_FROM = re.compile(
    r"\b(?:update|report|briefing|presentation|paper|feedback)s?\s+from\s+(?P<who>.+?)"
    r"(?=\s+(?:at|to|in|on|by|with|before|after|for|during|within|about|regarding|setting|"
    r"showing|which|who|and)\b|[,;.:]|$)"
)
# "to note that the Director would ...": a future step the resolution only notes.
_NOTED = re.compile(
    r"\b(?:note|notes|noted|noting)\s+(?:that|the\s+(?:intention|commitment|undertaking|"
    r"offer|plans?|proposals?)\s+(?:of|by|for|to)\b)",
    re.IGNORECASE,
)
# A sub-list of steps after the resolution's colon: bullets, "; " or sentences "That ...".
_STEP_SPLIT = re.compile(
    r"\s*[·•▪◦‣]\s*|;\s*(?:and\s+|or\s+)?|(?<=[.])\s+(?=(?i:that)\b)"
    r"|\s+(?=\((?:[a-z]|[ivx]{1,4}|\d{1,2})\)\s)"
)
# ", with the Cabinet Member receiving a briefing each term": a second thing to be done, whose
# receiver is not its owner.
_WITH_RECEIVING = re.compile(
    r",\s+with\s+(?P<step>(?:the\s+|all\s+|each\s+)?[A-Za-z'’ -]{1,60}?\s+(?:receiving|getting|"
    r"being\s+(?:given|sent|provided\s+with))\s+[^;]{3,})$"
)


# ", in consultation with the Cabinet Member," or "(together with partners)".
_CONSULTED = re.compile(
    r"\s*(?:,\s*|\(\s*)(?:in\s+consultation|in\s+conjunction|together|jointly|working|"
    r"following\s+consultation)\s+with\b[^,()]*(?:[,)]|$)",
    re.IGNORECASE,
)


# A verb (in lower case, so not part of a title) that is seldom a noun, followed by its
# object or preposition: the words are a task, not only who.
_DOING = re.compile(
    r"\s(?:meet|liaise|write|bring|circulate|explore|investigate|consult|engage|contact|visit|"
    r"seek|ensure|arrange|prepare|provide|present)\s+(?:with|to|the|a|an|back|on)\b"
)


@dataclass(frozen=True, slots=True)
class Asked:
    """The text asks for something to be done; `owner` is who, when the text says.

    `guessed_from` holds the words the owner was read from when the text did not name
    them as the one asked ("by the Cabinet", "an update from the director")."""

    owner: str | None
    guessed_from: str | None = None


def action_in(text: str, *, mandative: bool = False, listed: bool = False) -> Asked | None:
    """Whether `text` (a resolved item, an agreement, a bullet) asks for something to be
    done and by whom; None for noting, approving and other decisions that ask nothing.

    `mandative`: the text is a "That ..." step of a resolution, where "is prepared" asks
    as "be prepared" does. `listed`: the text is an item of a list a resolution approves,
    often a bare noun phrase ("A named mental health lead in every school"), where a verb
    alone after a noun ("lead") is not read as a subjunctive."""
    for clause in _CLAUSES.split(text[:LONGEST]):
        # "... and that a report is submitted in a year": "is submitted" asks, as in a step.
        told_that = re.match(r"(?i)that\s", clause.strip()) is not None or (
            re.search(r"(?i)\b(?:asks?|requests?|asked|requested)\s+that\s", clause) is not None
        )
        clause = re.sub(r"^(?:that|and|also|further)\s+", "", clause.strip(), flags=re.I)
        if _STANDING.search(clause) and (_REQUESTED.search(clause) or _DELEGATED.search(clause)):
            continue  # a standing permission, not a task
        if _DECIDED_PASSIVE.search(clause) or _DECIDES_THING.search(clause):
            continue
        power = _asked_to_decide(clause) or _PERMISSION.search(clause) is not None
        if power and not _REPORT_BACK.search(clause):
            continue  # a power to decide or contract, unless it also asks for a report
        finders = (
            _requested,
            _delegated,
            _asks,
            _own_task,
            _undertakes,
            _responsible,
            _subjunctive,
        )
        for finder in finders[:-1] if listed else finders:
            asked = finder(clause)
            if asked is not None:
                return asked
        asked = _passive(clause, mandative=mandative or told_that)
        if asked is not None:
            return asked
        receives = _RECEIVES.search(clause)
        if receives and not listed and not _DECIDING_LATER.search(clause[receives.end() :]):
            return Asked(None)  # who receives it is not who must bring it
    return None


def owner_named(text: str) -> str | None:
    """The owner an actions heading names for its bullets: "Actions for the director:" gives
    "the director". "Actions identified by the board" names who identified them, not who
    must act, so "by" names no owner."""
    match = re.search(
        r"\bfor\s+(?P<who>.+?)\s*(?:\b(?:included|includes|include|were|are|was|is|"
        r"identified|agreed|arising)\b.*)?:?$",
        text,
        re.IGNORECASE,
    )
    if match is None:
        return None
    owner = owner_of(match["who"])
    return owner if owner is not None and actor_like(owner) else None


def resolution_action(text: str) -> Action | None:
    """The action a resolved item asks for, or None when it only notes or decides.
    A resolution with several steps gives the first; `resolution_actions` gives them all."""
    found = resolution_actions(text)
    return found[0] if found else None


def resolution_actions(text: str) -> tuple[Action, ...]:
    """Every action a resolved item asks for, in its order: one per step of a sub-list
    ("the following next steps be approved: · That ... · That ..."), a second one in a
    ", with X receiving ..." clause, else the item itself when it asks anything."""
    text = _FRAMING.sub("", text, count=1)
    noted = _NOTED.search(text[:LONGEST]) is not None
    steps = _steps(text)
    if steps:
        return tuple(_checked(step, asked, noted=noted) for step, asked in steps)
    # "notes that the Board is responsible for ... and asks the Panel to ...": each request
    # is its own action, with its own owner; a single one keeps the whole item's words.
    found = [(part.strip(" ;,"), action_in(part)) for part in re.split(_ASK_AGAIN, text[:LONGEST])]
    if sum(asked is not None for _, asked in found) > 1:
        return tuple(
            _checked(
                part,
                asked,
                noted=_NOTED.search(part) is not None,
                reasons=(SECOND_REQUEST,) if any(a for _, a in found[:index]) else (),
            )
            for index, (part, asked) in enumerate(found)
            if asked
        )
    asked = action_in(text)
    if asked is None:
        return ()
    receiving = _WITH_RECEIVING.search(text[:LONGEST])
    if receiving is None:
        return (_checked(text, asked, noted=noted),)
    main = text[: receiving.start()]
    second = ("read from a clause starting 'with'",)
    return (
        _checked(main, action_in(main) or asked, noted=noted),
        _checked(receiving["step"], Asked(None), noted=noted, reasons=second),
    )


# "With reference to the issues raised, consideration be given to ...": the opening words
# say why, and the task starts after their comma.
_FRAMING = re.compile(
    r"^(?:with\s+(?:reference|regard)\s+to|in\s+(?:the\s+)?light\s+of|having\s+(?:regard\s+to|"
    r"considered|noted|heard)|in\s+response\s+to|for\s+the\s+reasons\s+(?:set\s+out|given))"
    r"\b[^,;:]{0,120},\s+(?=\S)",
    re.IGNORECASE,
)


def _checked(text: str, asked: Asked, *, noted: bool, reasons: tuple[str, ...] = ()) -> Action:
    if noted:
        reasons = ("found in a noted resolution", *reasons)
    return action_checked(
        text, asked.owner, "resolution", guessed_from=asked.guessed_from, reasons=reasons
    )


def _steps(text: str) -> list[tuple[str, Asked]]:
    """The steps of a sub-list after the item's colon that each ask for something, when
    the words before the colon ask nothing themselves ("the following next steps be
    approved:"); "the group to draft an agreement covering: (i) ..." is one action."""
    head, colon, rest = text[:LONGEST].partition(":")
    if not colon or not rest.strip() or action_in(head) is not None:
        return []
    parts = [p.strip(" -–,") for p in _STEP_SPLIT.split(rest.lstrip("-– "))]
    parts = [p for p in parts if p]
    found = []
    for part in parts:
        label = re.match(r"^\((?:[a-z]|[ivx]{1,4}|\d{1,2})\)\s+", part)
        step = part[label.end() :] if label else part
        mandative = re.match(r"(?i)that\b", step) is not None
        asked = action_in(step, mandative=mandative, listed=not mandative)
        if asked is not None:
            found.append((re.sub(r"(?i)^that\s+", "", step).rstrip(". "), asked))
    return found


def _asked_to_decide(clause: str) -> bool:
    """ "Council be asked to approve ...", "invites partners to note ...": no task."""
    match = _REQUESTED.search(clause) or _ASKS.search(clause)
    return match is not None and match["verb"].lower() in DECIDING_VERBS


def _requested(clause: str) -> Asked | None:
    match = _REQUESTED.search(clause)
    if not match or _STANDING.search(clause):
        return None
    if match["verb"].lower() in DECIDING_VERBS and not _REPORT_BACK.search(clause):
        return None
    return Asked(_subject(clause[: match.start()]))


def _delegated(clause: str) -> Asked | None:
    match = _DELEGATED.search(clause)
    if not match or _STANDING.search(clause):
        return None
    return Asked(owner_of(match["owner"]))


def _asks(clause: str) -> Asked | None:
    match = _ASKS.search(clause)
    if not match or match["verb"].lower() in DECIDING_VERBS:
        return None
    return Asked(owner_of(match["owner"]))


def _own_task(clause: str) -> Asked | None:
    match = _OWN_TASK.match(clause)
    if not match or match["verb"].lower() not in VERBS - DECIDING_VERBS:
        return None
    return Asked(None)


def _undertakes(clause: str) -> Asked | None:
    for match in _UNDERTAKES.finditer(clause):
        link, verb = match["link"].lower(), match["verb"].lower()
        if re.search(r"\bcontinues?\s*$", clause[: match.start()], re.IGNORECASE):
            return None  # "officers continue to work with ...": business as usual
        if verb in {"not", "need", "have", "continue", "remain"}:
            continue  # "officers would continue to ...": business as usual, not a new task
        if verb == "be":
            passive = _passive(clause[match.start("verb") :])
            if passive is not None:
                return passive
            continue
        if link == "to" and verb not in VERBS:
            continue
        if verb in DECIDING_VERBS and link != "to":
            continue  # "the board agreed to support the bid" decides
        if _DECIDING_LATER.search(clause[match.end() :]):
            continue  # "the plan to develop a hub be approved": the plan is no one
        owner = _subject(clause[: match.start()])
        if owner is None:
            continue
        if verb in MOVEMENT and not actor_like(owner):
            return _agent(clause) or Asked(None)
        return Asked(owner)
    return None


def _responsible(clause: str) -> Asked | None:
    """ "the Board is responsible for ensuring delivery": the owner is who the words make
    responsible, to check (a duty the minutes record may be one the body already had)."""
    match = _RESPONSIBLE.search(clause)
    if match is None:
        return None
    owner = _subject(clause[: match.start()])
    if owner is None or not actor_like(owner):
        return None
    return Asked(owner, guessed_from=match[0].strip())


def _subjunctive(clause: str) -> Asked | None:
    if _DECIDING_LATER.search(clause):
        return None
    asked_that = re.search(r"\b(?:asks?|requests?|asked|requested)\s+that\s", clause) is not None
    for match in _SUBJUNCTIVE.finditer(clause):
        before = clause[: match.start()].split()
        if before and before[-1].lower() in DETERMINERS | {"further", "regular", "annual"}:
            continue  # "a further update": the verb is a noun here
        owner = _subject(clause[: match.start()])
        if owner is None or not actor_like(owner) or re.search(r"['’]s?$", owner):
            continue
        if match["verb"].endswith("s") and not asked_that:
            continue  # "the director reports that ...": a statement, unless asked for
        return Asked(owner)
    return None


def _passive(clause: str, *, mandative: bool = False) -> Asked | None:
    patterns = (_PASSIVE, _MANDATIVE) if mandative else (_PASSIVE,)
    for pattern in patterns:
        for match in pattern.finditer(clause):
            if match["pp"].lower() not in DECIDED:
                return _agent(clause[match.end() :]) or _agent(clause) or Asked(None)
    return None


def _agent(text: str) -> Asked | None:
    """Who will do it, for a passive or a paper: "by the director", "an update from X"."""
    for pattern in (_AGENT, _FROM):
        for match in pattern.finditer(text):
            who = match["who"]
            if is_due_phrase(who) or who[:1].isdigit():
                continue
            owner = owner_of(who)
            if owner is not None and actor_like(owner):
                return Asked(owner, guessed_from=match[0])
    return None


def _subject(prefix: str) -> str | None:
    """The subject ending `prefix`: from its last clause boundary to its end."""
    boundaries = list(_SUBJECT_BOUNDARY.finditer(prefix))
    if boundaries:
        prefix = prefix[boundaries[-1].end() :]
    return owner_of(prefix)


def owner_of(text: str) -> str | None:
    """`text` as an owner, as written ("The Chair" gives "the Chair"), or None when the
    words cannot be one (a verb, a long phrase). Whom the owner consults is not an owner:
    "the Director, in consultation with the Cabinet Member," gives "the Director"."""
    text = _CONSULTED.sub("", text)
    # "..., which officers agreed to provide": the relative pronoun is not part of who.
    text = re.sub(
        r"^(?:and|also|further|then|that|which|who)\s+", "", text.strip(" ,;:"), flags=re.I
    )
    text = _LEADING_DETERMINER.sub(lambda m: m[1].lower(), text).strip()
    words = text.split()
    if not words or len(words) > 12:
        return None
    if re.search(r"\b(?:be|is|are|was|were|has|have|had|been)\b", text, re.I):
        return None
    if any(word.lower() in FINITE_VERBS for word in words):
        return None  # "the Committee notes the": a sentence, not who
    if _DOING.search(text):
        return None  # "the Chair meet with the Cabinet Member": who, and what they do
    first = words[0].lower()
    if (first in NOT_OWNERS and len(words) == 1) or first in {"it", "there", "to"}:
        return None
    if first in VERBS and (len(words) == 1 or words[1].lower() in DETERMINERS):
        return None  # an instruction: "Invite the youth council to ..."
    if first in VERBS and not ACTOR.search(" ".join(words[1:])):
        return None  # "Explore options to ...", but "Lead officers to ..." is an owner
    return text


def actor_like(owner: str) -> bool:
    """A person, role or body: a word such as director, board, team; or a proper name."""
    if ACTOR.search(owner):
        return True
    words = [w for w in owner.split() if w.lower() not in SMALL_WORDS]
    return bool(words) and all(w[:1].isupper() for w in words)
