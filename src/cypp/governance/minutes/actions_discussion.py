"""Actions recorded in the discussion part of the minutes, outside any resolution.

Minutes often record a task in a sentence of their narrative rather than in the
resolution: "Officers agreed to circulate the diagram to Members", "The Director undertook
to report back", "the item would be brought to the September meeting". Only those shapes
are read: a person or body undertaking a task, and a future step with a due ("would be
presented in March", "would report back"). Points raised in debate, questions, what was
done already and business as usual ("would continue to monitor") are not actions.
"""

from __future__ import annotations

import re
from dataclasses import replace

from cypp.governance.minutes.actions import action_in, actor_like, owner_of
from cypp.governance.minutes.actions_confidence import action_checked
from cypp.governance.minutes.actions_due import due_read
from cypp.governance.minutes.actions_words import DECIDING_VERBS, MOVEMENT, VERBS, words
from cypp.governance.minutes.items import item_text
from cypp.governance.minutes.layout import BULLET
from cypp.governance.minutes.model import Action

FROM_DISCUSSION = "from discussion text, not a resolution"

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘(])")
# "Officers agreed to circulate ...", "The Director undertook to ...", "has offered to";
# not "had agreed to", an agreement made before the meeting.
# "would be happy to arrange a visit" offers as "offered to" does.
_UNDERTAKING = re.compile(
    r"(?<!\bhad\s)\b(?:(?:has|have)\s+)?(?:also\s+)?(?:agreed|undertook|undertaken|offered|"
    r"volunteered|promised|committed|would\s+be\s+(?:happy|pleased|willing|glad))\s+to\s+"
    r"(?P<verb>[a-z][a-z-]*)\b",
    re.IGNORECASE,
)
_DELIVERED = (
    r"brought|presented|reported|circulated|provided|shared|sent|submitted|considered|added|"
    r"scheduled|re-?scheduled|taken|discussed|reviewed|published|issued|arranged|organised|"
    r"organized|updated|included|produced|prepared|developed|made\s+available|tabled|"
    r"distributed|deferred|moved|re-?presented|carried\s+forward"
)
_DELIVERY_VERBS = (
    r"bring|present|report|circulate|provide|share|send|write|arrange|update|submit|produce|"
    r"prepare|publish|issue|feed|come|return|liaise|contact|table|distribute|respond|forward|"
    r"e-?mail|look\s+into|follow\s+up|investigate|raise|pick\s+up|take\s+forward|book|"
    r"invite|check|confirm|clarify|chase"
)
# A person who "will circulate" or "would write" has taken a task, due or not; "would
# provide" or "would prepare" may be the service's usual work, so those need a due.
_TASK_VERBS = words(
    "circulate share send write forward email e-mail distribute table liaise contact "
    "investigate raise book invite check confirm clarify chase"
)
# "would provide a written response": a thing to hand over, not the service's usual work.
_THING_TO_SEND = re.compile(
    r"\s+(?:members\s+|the\s+committee\s+|the\s+board\s+|councillors?\s+\w+\s+|him\s+|her\s+|"
    r"them\s+)?(?:with\s+)?(?:a\s+|an\s+|the\s+|further\s+|more\s+)?(?:written\s+|further\s+|"
    r"more\s+|detailed\s+)?(?:response|answer|reply|details|figures|data|information|briefing|"
    r"breakdown|note|update|list|copy|link)\b",
    re.IGNORECASE,
)
# "the item would be brought in September", "a report will be presented to the next meeting".
_FUTURE_PASSIVE = re.compile(
    rf"\b(?:would|will)\s+(?:now\s+|also\s+|then\s+|instead\s+|therefore\s+)?be\s+"
    rf"(?:{_DELIVERED})\b",
    re.IGNORECASE,
)
# "the Director would report back", "officers will bring a report to the next meeting".
_FUTURE_ACTIVE = re.compile(
    rf"\s(?:would|will)\s+(?:now\s+|also\s+|then\s+)?(?P<verb>{_DELIVERY_VERBS})\b",
    re.IGNORECASE,
)
# A question or a wish, not a step: "asked whether a report would be brought".
_QUESTION = re.compile(
    r"\b(?:whether|if|asked|queried|questioned|wondered|hoped|suggested|wished|could|might)\b",
    re.IGNORECASE,
)
# Where the step's words start: after "explained that", "; " or ": ".
_CLAUSE_START = re.compile(r"\bthat\b|[;:]\s+", re.IGNORECASE)
# Where its subject starts: also after a comma, "and the", or a verb of saying ("The
# Director said she would ...").
_SUBJECT_START = re.compile(
    r"\bthat\b|[,;:]\s+|\band\s+(?=the\b|a\b|an\b)|\b(?:said|stated|explained|confirmed|"
    r"advised|reported|added|indicated|replied|responded|assured\s+\w+)\s+",
    re.IGNORECASE,
)
# "The Strategic Director, People," or "the Head of Service, Early Help,": a title whose
# commas are part of it.
# So is "the Director of Children, Families and Education": a title naming several
# services, capitalised, the last after "and".
_TITLE_COMMAS = re.compile(
    r"\b(?:Director|Officer|Manager|Head|Lead|Member|Chair|Executive|Commissioner|Service),\s+"
    r"[A-Z][\w'’&-]*(?:\s+(?:and|&|of|for)?\s*[A-Z][\w'’&-]*){0,3},?"
    r"|\b(?:Director|Officer|Manager|Head|Lead|Member|Executive|Commissioner)\s+(?:of|for)\s+"
    r"[A-Z][\w'’&-]*(?:,\s+[A-Z][\w'’&-]*){1,4},?\s+(?:and|&)\s+[A-Z]"
)
# "The Director said she would ...": the pronoun stands for who said it.
_SAYER = re.compile(
    r"^(?P<who>.+?)\s+(?:said|stated|explained|confirmed|advised|reported|added|indicated|"
    r"replied|responded|assured\s+\w+)\b",
    re.IGNORECASE,
)
_PRONOUNS = frozenset({"he", "she", "they"})
# A verb in the past in what would be the owner: "Members noted", "Officers agreed".
_FINITE = re.compile(r"\b(?:[a-z]+ed|said|made|took|gave|felt|saw|was|were|did)\b")
# An action line marked as done, in a list of earlier actions under no heading.
_DONE = re.compile(
    r"[(\[-–]\s*(?:done|completed?|closed|ongoing|in\s+progress)\s*[)\]]?\.?$", re.IGNORECASE
)
# "The Chair asked officers to look into it and report back", "Officers were asked to
# provide a written answer": a request made in the meeting, which is a task when it sends
# something, is due, or is to be reported back (not "asked the Director to explain").
_ASKED = re.compile(
    r"\b(?:asked|requested|instructed|invited)\s+(?P<owner>(?:the|a|an|all|each|officers|members|partners|staff|[A-Z])[^;:,]{0,80}?)"
    r"\s+to\s+(?P<verb>[a-z][a-z-]*)\b"
    r"|(?P<subject>^|[^;:,]{0,80}?)\s+(?:was|were)\s+(?:also\s+)?(?:asked|requested|instructed)"
    r"\s+to\s+(?P<passive_verb>[a-z][a-z-]*)\b"
)
# Asked in the meeting to hand something over: a task even with no due ("asked to clarify"
# or "asked to explain" is usually answered there and then).
_HAND_OVER_VERBS = words("circulate share send write forward email e-mail distribute table")
_IN_WRITING = re.compile(r"[^.;]*\b(?:written|in\s+writing|after\s+the\s+meeting)\b", re.I)
# "would be circulated after the meeting": a thing handed over is a task even with no due.
_HANDED_OVER = words("circulated distributed sent shared forwarded emailed e-mailed")
# "The officer agreed to do so": the task is the one asked for just before.
_DO_SO = re.compile(r"^\s+(?:so|this|that|it)\b", re.IGNORECASE)
# "Officers to circulate the slides." at the start of a paragraph: an action line.
_ACTION_LINE = re.compile(r"^(?P<owner>[^,;:()]{1,80}?)\s+to\s+(?P<verb>[a-z][a-z-]*)\b")


# "agreed to pursue the matter", "would look at improving this before the spring": a
# task that names its subject only by pointing back to what was said before it.
_POINTER = re.compile(
    r"\b(?:this|that|these|those|it|them|so|the\s+(?:matter|issues?|points?|request|concerns?|"
    r"suggestions?|query|queries))(?=\s*(?:[.,;)]|$)|\s+(?:for|to|with|at|in|on|up|forward|"
    r"further|back|and|by|before|after|when|once)\b)",
    re.IGNORECASE,
)
POINTS_BACK = "the task points back to what was said before it, so those words are kept"
# The sentences before it that are kept: a paragraph of minutes is about one point. The
# second one back only while the words kept stay short enough to read as a task.
_EARLIER_KEPT = 2
_KEPT_CHARACTERS = 400


def discussion_actions(line: str) -> list[Action]:
    """The actions written in a paragraph of discussion, in its order."""
    line_action = _action_line(line)
    if line_action is not None:
        return [line_action]
    found: list[Action] = []
    sentences = SENTENCE_END.split(line)
    for index, sentence in enumerate(sentences):
        action = _undertaking(sentence) or _asked(sentence) or _future_step(sentence)
        if action is not None:
            found.append(with_what_it_points_to(action, sentences[:index]))
    return found


def with_what_it_points_to(action: Action, earlier: list[str]) -> Action:
    """`action` with the sentences before it in its paragraph when its task only points
    back ("The Chair agreed to pursue the matter"); the due stays the task's own."""
    verb = re.search(r"\b(?:to|would|will|should|shall)\s+\w+", action.text)
    task = action.text[verb.end() :] if verb else action.text
    kept = [s.strip() for s in earlier[-_EARLIER_KEPT:] if s.strip()]
    while len(kept) > 1 and len(" ".join(kept)) > _KEPT_CHARACTERS:
        kept = kept[1:]
    if not kept or _POINTER.search(task) is None:
        return action
    reason = "; ".join(r for r in (POINTS_BACK, action.reason) if r)
    text = " ".join([*kept, action.text])
    return replace(action, text=text, confidence="check", reason=reason)


def _action_line(line: str) -> Action | None:
    line = BULLET.sub("", line)
    if _DONE.search(line):
        return None
    match = _ACTION_LINE.match(line)
    if match is None or match["verb"].lower() not in VERBS - DECIDING_VERBS:
        return None
    owner = owner_of(match["owner"])
    if owner is None or not actor_like(owner) or len(owner.split()) > 8:
        return None
    if _FINITE.search(owner):
        return None  # "Members commented on the need to ...": a sentence, not an action line
    text = item_text(SENTENCE_END.split(line)[0])
    return action_checked(text, owner, "actions list")


def _undertaking(sentence: str) -> Action | None:
    match = _UNDERTAKING.search(sentence)
    if match is None:
        return None
    verb = match["verb"].lower()
    do_so = verb == "do" and _DO_SO.match(sentence[match.end() :]) is not None
    if verb not in VERBS - DECIDING_VERBS and not do_so:
        return None
    owner = _subject(sentence[: match.start()])
    if owner is None:
        return None
    text = item_text(sentence[_start(sentence[: match.start()], _CLAUSE_START) :])
    return action_checked(text, owner, "agreement")


def _asked(sentence: str) -> Action | None:
    match = _ASKED.search(sentence)
    if match is None:
        return None
    verb = (match["verb"] or match["passive_verb"]).lower()
    after = sentence[match.end() :]
    if verb not in VERBS - DECIDING_VERBS:
        return None
    sends = verb in _HAND_OVER_VERBS or (verb == "provide" and _IN_WRITING.match(after) is not None)
    back = re.search(r"\b(?:report|come|feed)\s+back\b", after, re.IGNORECASE) is not None
    due = due_read(after)
    if not back and due is None and re.match(r"\s+(?:his|her|their|its|our|your)\b", after):
        return None  # "asked to share their views": said at the meeting
    if not sends and not back and due is None:
        return None  # "asked the Director to explain": answered at the meeting
    if match["owner"] is not None:
        owner = owner_of(match["owner"])
        owner = owner if owner is not None and actor_like(owner) else None
    else:
        owner = _subject(match["subject"])
    if owner is None:
        return None
    text = item_text(sentence[_start(sentence[: match.start()], _CLAUSE_START) :])
    return action_checked(text, owner, "agreement", reasons=(FROM_DISCUSSION,))


def _future_step(sentence: str) -> Action | None:
    passive = _FUTURE_PASSIVE.search(sentence)
    active = None if passive else _FUTURE_ACTIVE.search(sentence)
    match = passive or active
    if match is None or _QUESTION.search(sentence[: match.start()]):
        return None
    after = sentence[match.end() :]
    verb = " ".join(active["verb"].lower().split()) if active is not None else ""
    task = verb in _TASK_VERBS or (verb == "provide" and _THING_TO_SEND.match(after) is not None)
    if passive is not None and passive[0].split()[-1].lower() in _HANDED_OVER:
        task = True
    back = re.match(r"\s+(?:back|up|into|forward)\b", after, re.IGNORECASE) is not None
    # "would look into it and respond in writing": an answer to send after the meeting.
    back = back or re.search(r"\bin\s+writing\b", after, re.IGNORECASE) is not None
    if due_read(after) is None and not back and not task:
        return None  # no due and no "report back": a remark, not a step someone must take
    text = item_text(sentence[_start(sentence[: match.start()], _CLAUSE_START) :])
    if active is not None:
        owner = _subject(sentence[: match.start()])
        if owner is None and verb in MOVEMENT:
            # "the strategy would come back to the Board in spring": a paper, brought by
            # someone unnamed.
            return action_checked(text, None, "agreement", reasons=(FROM_DISCUSSION,))
        if owner is None:
            return None
        return action_checked(text, owner, "agreement", reasons=(FROM_DISCUSSION,))
    asked = action_in(text)
    owner, guessed = (asked.owner, asked.guessed_from) if asked is not None else (None, None)
    return action_checked(
        text, owner, "agreement", guessed_from=guessed, reasons=(FROM_DISCUSSION,)
    )


def _start(prefix: str, boundary: re.Pattern[str]) -> int:
    """Where the words after the last `boundary` in `prefix` start."""
    found = list(boundary.finditer(prefix))
    return found[-1].end() if found else 0


def _subject(prefix: str) -> str | None:
    """The person or body ending `prefix`, or None when those words are no one; "she" in
    "The Director said she" is the Director, and "The Strategic Director, People," keeps
    the part of the title after its comma."""
    # Commas inside a title are not clause boundaries: blank them out (same length) to
    # find where the subject starts, then take the words as written.
    masked = _TITLE_COMMAS.sub(lambda m: m[0].replace(",", " "), prefix)
    owner = owner_of(prefix[_start(masked, _SUBJECT_START) :])
    if owner is not None and owner.lower() in _PRONOUNS:
        sayer = _SAYER.match(prefix.strip())
        # "In response to a question, the Head of Service said she": after the last comma.
        who = sayer["who"] if sayer else ""
        named = owner_of(who[_start(who, re.compile(r"[,;:]\s+")) :]) if sayer else None
        if named is not None and actor_like(named) and named.lower() not in _PRONOUNS:
            return named
    return owner if owner is not None and actor_like(owner) else None
