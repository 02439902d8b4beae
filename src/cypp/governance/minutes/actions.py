"""Who must do what, by when: the owner and due rules (docs/minutes-extraction.md).

`action_in(text)` says whether a resolved item, an agreement or an action bullet asks
someone to do or bring something, and who; `due_in(text)` finds when, as written.
These are deliberately plain English patterns, not a parser: they cover the way committee
minutes are written and leave the rest to the officer who reviews the draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cypp.governance.minutes.model import Action


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verbs that, after "X to ...", make X someone who must act.
VERBS = _words(
    """
    agree align amend analyse analyze appoint apply approach arrange ask assess attend audit
    bid book brief bring build cascade challenge champion chase check circulate clarify collate
    collect come commission compile complete confirm consider consult contact convene
    coordinate co-ordinate cost deliver design develop discuss disseminate distribute draft
    email embed engage ensure escalate establish evaluate explore facilitate feed find follow
    forward gather give hold identify implement include inform introduce investigate invite
    launch lead liaise link lobby look make map meet monitor nominate notify obtain offer
    organise organize outline pilot plan prepare present produce progress promote provide
    publish pursue put raise recruit refresh reply report request respond return review
    revise run schedule scope secure seek send set share source speak submit support take
    test undertake update visit work write fund renew repeat resubmit re-present reconvene
    redraft reissue issue sign
    """
)
# After "X to ...", these say where a thing goes, so X may be a paper, not a person.
_MOVEMENT = frozenset({"come", "return", "feed", "go"})
# "be ..." that decides rather than asks anyone to do anything.
_DECIDING = _words(
    """
    noted received approved endorsed agreed adopted accepted welcomed ratified supported
    thanked acknowledged confirmed commended recorded recommended minuted reaffirmed amended
    signed appointed elected re-elected pleased concerned disappointed reassured satisfied
    assured based required needed withdrawn closed discharged removed rescinded revoked
    dissolved disbanded deleted refused rejected declined congratulated
    """
)
_SUBJUNCTIVE_VERBS = (
    "report|bring|present|provide|prepare|circulate|write|arrange|review|update|develop|share|"
    "produce|submit|return|come|explore|investigate|lead|liaise|work|ensure|meet|contact"
)
_ACTOR = re.compile(
    r"\b(?:director|officers?|manager|chair(?:man|woman|person)?|vice-chair|boards?|members?|"
    r"head|leads?|team|council|services?|partnership|partners?|group|panel|committee|cabinet|"
    r"clerk|secretary|co-?ordinator|commissioners?|agency|agencies|ccg|schools?|police|trust|"
    r"nurses?|executive|he|she|they|we|staff|consultants?|advis[eo]rs?|analysts?|providers?|"
    r"practitioners?|colleagues|representatives?|portfolio\s+holder|leader|mayor|"
    r"councillors?|cllr|health|nhs|forum|network|organisations?|authority|department|unit|"
    r"hub|governors?|headteachers?|principal|sub-?group)\b",
    re.IGNORECASE,
)
# A resolved item is a sentence or two; looking further only costs time on odd pages.
_LONGEST = 3000
_SMALL_WORDS = frozenset({"of", "and", "for", "the", "&", "in", "on", "to"})
_LEADING_DETERMINER = re.compile(r"^(The|All|Each|Every|Our|Its|Their|Both)\b")
_DETERMINERS = frozenset(
    {
        "the",
        "a",
        "an",
        "all",
        "our",
        "their",
        "its",
        "each",
        "every",
        "any",
        "how",
        "what",
        "whether",
    }
)
_NOT_OWNERS = frozenset({"it", "there", "this", "that", "which", "who", "what", "a", "an", "the"})

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
_YEAR = r"(?:19|20)\d{2}"
_DAYNAME = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_PERIOD = (
    r"(?i:(?:the\s+)?(?:(?:current|next|this)\s+)?(?:financial\s+year|calendar\s+year|"
    r"academic\s+year|school\s+year|year|month|quarter|term|summer|autumn|spring|winter)"
    r"(?:\s+term)?)"
)
_DATE = (
    rf"(?:{_DAYNAME}{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"
    rf"|{_DAYNAME}{_MONTH}\s+{_DAY},?\s+{_YEAR}"
    r"|\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})"
    rf"|{_YEAR}-\d{{2}}-\d{{2}}"
    rf"|(?i:(?:the\s+)?(?:end|beginning|start|middle|close)\s+of\s+)(?:{_MONTH}(?:\s+{_YEAR})?|{_PERIOD}(?:\s+{_YEAR})?)"
    rf"|(?i:(?:the\s+)?(?:spring|summer|autumn|winter)(?:\s+term)?)\s+{_YEAR}"
    rf"|{_MONTH}(?:\s+{_YEAR})?"
    rf"|{_YEAR}(?:[/-]\d{{2}})?)"
)
_DUE_DATE = re.compile(
    r"\b(?i:by|before|no\s+later\s+than|not\s+later\s+than|on\s+or\s+before|in|during|on)"
    rf"\s+(?P<due>{_DATE})(?![\w/-])"
)
_DUE_MEETING = re.compile(
    r"\b(?P<due>(?i:a|the|its|their|our)\s+"
    rf"(?:(?i:future|next|following|subsequent|forthcoming|later)|{_MONTH}(?:\s+{_YEAR})?)\s+"
    r"(?i:(?:board\s+|committee\s+|partnership\s+)?meeting)"
    r"(?:\s+of\s+(?:the|this)\s+(?:[A-Za-z'’-]+\s+){0,4}?"
    r"(?i:board|committee|partnership|cabinet|forum|group|panel|council))?)\b"
)
_DUE_WITHIN = re.compile(
    r"\b(?P<due>(?i:within|in)\s+(?i:\d+|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|a\s+few|a|an)\s+(?i:days?|weeks?|months?|years?)(?:'?s?\s*time)?)\b"
)

_CLAUSES = re.compile(r";\s*|\s+and\s+that\s+|,\s+and\s+(?=(?:the|a|an|all|each|that)\b)")
_SUBJECT_BOUNDARY = re.compile(r"[;:]|\bthat\b|,\s*and\b|\bbe\s+[a-z-]+\s+and\b", re.IGNORECASE)
_REQUESTED = re.compile(
    r"\b(?:be|is|are|was|were|being)\s+(?:also\s+|further\s+)?(?:asked|requested|invited|"
    r"instructed|directed|commissioned|tasked|authori[sz]ed|empowered|mandated|charged)"
    r"\s+to\s+(?P<verb>[a-z][a-z-]*)",
    re.IGNORECASE,
)
_DELEGATED = re.compile(
    r"\bdelegated\s+(?:authority\s+)?(?:be\s+)?(?:given\s+)?to\s+(?P<owner>.+?)"
    r"(?:\s+to\s+[a-z]|(?=[,;.]|\s+(?:in|for|and|on)\b|$))",
    re.IGNORECASE,
)
_ASKS = re.compile(
    r"\b(?:asks?|asked|requests?|requested|invites?|invited|instructs?|instructed|directs?|"
    r"directed|commissions?|commissioned|tasks?|tasked)\s+"
    r"(?P<owner>(?:the|a|an|all|each|every|its|their|our|[A-Z])[^;:]*?)\s+to\s+"
    r"(?P<verb>[a-z][a-z-]*)"
)
_UNDERTAKES = re.compile(
    r"\s+(?P<link>(?:is|are)\s+to|(?:has|have)\s+agreed\s+to|agreed\s+to|agrees\s+to|"
    r"undert(?:ook|akes)\s+to|offer(?:ed|s)\s+to|volunteered\s+to|(?:is|are)\s+going\s+to|"
    r"to|will|would|shall|should|must)\s+(?:also\s+|further\s+|then\s+|now\s+)?"
    r"(?P<verb>[a-z][a-z-]*)\b",
    re.IGNORECASE,
)
_SUBJUNCTIVE = re.compile(rf"^(?P<owner>.+?)\s+(?P<verb>{_SUBJUNCTIVE_VERBS})\b")
_PASSIVE = re.compile(
    r"\b(?:be|being|been)\s+(?:also\s+|further\s+|then\s+|now\s+)?"
    r"(?P<pp>[a-z-]+(?:ed|en)|brought|sent|built|made|held|taken|given|written|drawn|put|run|"
    r"led|met|kept|sought|shown|set|done|told|spent)\b",
    re.IGNORECASE,
)
_DECIDING_LATER = re.compile(rf"\bbe\s+(?:{'|'.join(sorted(_DECIDING))})\b", re.IGNORECASE)
_AGENT = re.compile(
    r"\bby\s+(?P<who>.+?)(?=\s+(?:at|to|in|on|by|with|before|after|for|during|within|no|so|"
    r"and|when|once|following|setting|showing|which|who)\b|[,;.:]|$)"
)
_FROM = re.compile(
    r"\b(?:update|report|briefing|presentation|paper|feedback)s?\s+from\s+(?P<who>.+?)"
    r"(?=\s+(?:at|to|in|on|by|with|before|after|for|during|within|about|regarding|setting|"
    r"showing|which|who|and)\b|[,;.:]|$)"
)


@dataclass(frozen=True, slots=True)
class Asked:
    """The text asks for something to be done; `owner` is who, when the text says."""

    owner: str | None


def action_in(text: str) -> Asked | None:
    """Whether `text` (a resolved item, an agreement, a bullet) asks for something to be
    done and by whom; None for noting, approving and other decisions that ask nothing."""
    for clause in _CLAUSES.split(text[:_LONGEST]):
        clause = re.sub(r"^(?:that|and|also|further)\s+", "", clause.strip(), flags=re.I)
        for finder in (_requested, _delegated, _asks, _undertakes, _subjunctive, _passive):
            asked = finder(clause)
            if asked is not None:
                return asked
    return None


def due_in(text: str) -> str | None:
    """When it is due, as written: a date ("31 March 2017", "the end of June"), a meeting
    ("the next meeting", "a future meeting") or a period ("within six weeks")."""
    found = [
        match
        for pattern in (_DUE_DATE, _DUE_MEETING, _DUE_WITHIN)
        for match in pattern.finditer(text[:_LONGEST])
    ]
    if not found:
        return None
    first = min(found, key=lambda match: match.start())
    return first["due"].rstrip(".")


def owner_named(text: str) -> str | None:
    """The owner a heading names: "Actions identified by the board included:" -> "the board"."""
    match = re.search(
        r"\b(?:by|for)\s+(?P<who>.+?)\s*(?:\b(?:included|includes|include|were|are|was|is|"
        r"identified|agreed|arising)\b.*)?:?$",
        text,
        re.IGNORECASE,
    )
    return _owner(match["who"]) if match else None


def _requested(clause: str) -> Asked | None:
    match = _REQUESTED.search(clause)
    if not match or match["verb"].lower() == "note":
        return None
    return Asked(_subject(clause[: match.start()]))


def _delegated(clause: str) -> Asked | None:
    match = _DELEGATED.search(clause)
    return Asked(_owner(match["owner"])) if match else None


def _asks(clause: str) -> Asked | None:
    match = _ASKS.search(clause)
    if not match or match["verb"].lower() == "note":
        return None
    return Asked(_owner(match["owner"]))


def _undertakes(clause: str) -> Asked | None:
    for match in _UNDERTAKES.finditer(clause):
        link, verb = match["link"].lower(), match["verb"].lower()
        if verb in {"not", "need", "have"}:
            continue
        if verb == "be":
            passive = _passive(clause[match.start("verb") :])
            if passive is not None:
                return passive
            continue
        if link == "to" and verb not in VERBS:
            continue
        if _DECIDING_LATER.search(clause[match.end() :]):
            continue  # "the plan to develop a hub be approved": the plan is no one
        owner = _subject(clause[: match.start()])
        if owner is None:
            continue
        if verb in _MOVEMENT and not _actor_like(owner):
            return Asked(_agent(clause))
        return Asked(owner)
    return None


def _subjunctive(clause: str) -> Asked | None:
    match = _SUBJUNCTIVE.search(clause)
    if not match or _DECIDING_LATER.search(clause):
        return None
    owner = _owner(match["owner"])
    if owner is None or not _actor_like(owner) or re.search(r"['’]s?$", owner):
        return None
    return Asked(owner)


def _passive(clause: str) -> Asked | None:
    for match in _PASSIVE.finditer(clause):
        if match["pp"].lower() not in _DECIDING:
            return Asked(_agent(clause[match.end() :]) or _agent(clause))
    return None


def _agent(text: str) -> str | None:
    """Who will do it, for a passive or a paper: "by the director", "an update from X"."""
    for pattern in (_AGENT, _FROM):
        for match in pattern.finditer(text):
            who = match["who"]
            if _DUE_DATE.match(f"by {who}") or _DUE_MEETING.match(who) or who[:1].isdigit():
                continue
            owner = _owner(who)
            if owner is not None and _actor_like(owner):
                return owner
    return None


def _subject(prefix: str) -> str | None:
    """The subject ending `prefix`: from its last clause boundary to its end."""
    boundaries = list(_SUBJECT_BOUNDARY.finditer(prefix))
    if boundaries:
        prefix = prefix[boundaries[-1].end() :]
    return _owner(prefix)


def _owner(text: str) -> str | None:
    """An owner as written, or None when the words cannot be one (a verb, a long phrase)."""
    text = re.sub(r"^(?:and|also|further|then|that)\s+", "", text.strip(" ,;:"), flags=re.I)
    text = _LEADING_DETERMINER.sub(lambda m: m[1].lower(), text).strip()
    words = text.split()
    if not words or len(words) > 12 or re.search(r"\b(?:be|is|are|was|were)\b", text, re.I):
        return None
    first = words[0].lower()
    if (first in _NOT_OWNERS and len(words) == 1) or first in {"it", "there"}:
        return None
    if first in VERBS and (len(words) == 1 or words[1].lower() in _DETERMINERS):
        return None  # an instruction: "Invite the youth council to ..."
    if first in VERBS and not _ACTOR.search(" ".join(words[1:])):
        return None  # "Explore options to ...", but "Lead officers to ..." is an owner
    return text


def _actor_like(owner: str) -> bool:
    """A person, role or body: a word such as director, board, team; or a proper name."""
    if _ACTOR.search(owner):
        return True
    words = [w for w in owner.split() if w.lower() not in _SMALL_WORDS]
    return bool(words) and all(w[:1].isupper() for w in words)


def resolution_action(text: str) -> Action | None:
    """The action a resolved item asks for, or None when it only notes or decides."""
    asked = action_in(text)
    if asked is None:
        return None
    return Action(text=text, owner=asked.owner, due=due_in(text), source="resolution")
