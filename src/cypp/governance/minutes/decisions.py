"""The decisions in a page's parts: resolution blocks, resolutions without a heading,
narrative agreements, actions lists and agreements.

Each part is a list of logical lines (layout.logical_lines) of a kind (layout_sections):
`Minutes:` and text under no heading are read for every shape; a `Decision:` block records
only decisions, so each of its paragraphs is one. An issue page gives the same resolutions
in its `Decision:` block and its minutes: each is kept once, in the minutes' wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from cypp.governance.minutes import resolutions_block
from cypp.governance.minutes import resolutions_reading as reading
from cypp.governance.minutes.actions import resolution_actions
from cypp.governance.minutes.body_actions import actions_at
from cypp.governance.minutes.items import LABEL, Item, follows, inline_items, item_text, items
from cypp.governance.minutes.layout import BULLET
from cypp.governance.minutes.layout_sections import SectionKind, is_further_meeting
from cypp.governance.minutes.model import Action, Resolution

# "Agreed that ...", "Noted the ...": a decision page's past tense, a resolution whole; in
# minutes only agreeing and deciding are (noting is also what debate does).
_PAST_DECISION = re.compile(r"^(?:agreed|noted|approved|endorsed|decided|accepted)\b\s+\S", re.I)
_AGREED_FIRST = re.compile(r"^(?:agreed|decided)\s+(?:that|to|unanimously)\b", re.I)
# "The following points were raised:": what follows is debate, however it is worded.
_DEBATE_INTRO = re.compile(
    r"\b(?:raised|discussed|commented|asked|questions?|queries|points|comments|highlighted|"
    r"debated|concerns?|suggestions?|feedback)\b",
    re.IGNORECASE,
)
_TELLS_DECISION = re.compile(
    r"\b(?:agreed|agrees|decided|decides|resolved|resolves|noted|notes|approved|approves|"
    r"endorsed|endorses)\b",
    re.IGNORECASE,
)
_SAME = 0.6  # share of words in common above which two resolutions are the same one
_REPEATED = 0.8  # the same, for a guessed resolution beside one read under a heading


@dataclass(frozen=True, slots=True)
class Decisions:
    resolutions: tuple[Resolution, ...]
    actions: tuple[Action, ...]


@dataclass(slots=True)
class _Part:
    """What one part of the page records, in its order: each resolution with its action."""

    kind: SectionKind
    resolutions: list[tuple[Resolution, tuple[Action, ...]]] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)  # actions outside resolutions
    order: list[tuple[str, int]] = field(default_factory=list)  # ("r" or "a", index)
    last_label: str | None = None  # of the last resolution block, to see it go on

    def resolve(self, label: str | None, text: str, reason: str | None) -> None:
        text = item_text(reading.without_debate(text))
        if not text:
            return
        if reason is None and len(text) > reading.LONG_TEXT:
            reason = reading.LONG
        resolution = Resolution(
            label=label, text=text, confidence="check" if reason else "sure", reason=reason
        )
        # An agreement told in the narrative has its action read as an agreement's.
        asks = () if reason == reading.NARRATIVE else resolution_actions(text)
        self.order.append(("r", len(self.resolutions)))
        self.resolutions.append((resolution, asks))

    def act(self, actions: list[Action]) -> None:
        for action in actions:
            self.order.append(("a", len(self.actions)))
            self.actions.append(action)


def decisions_read(body: tuple[str, ...]) -> Decisions:
    """The resolutions and actions in the logical lines of one page's minutes."""
    return page_decisions((("minutes", body),))


def page_decisions(parts: tuple[tuple[SectionKind, tuple[str, ...]], ...]) -> Decisions:
    """The resolutions and actions of a page's parts, each resolution once, in page order."""
    resolutions: list[Resolution] = []
    actions: list[Action] = []
    for meeting in _meetings(parts):
        _meeting_decisions(meeting, resolutions, actions)
    return _once(resolutions, actions)


def _meetings(
    parts: tuple[tuple[SectionKind, tuple[str, ...]], ...],
) -> list[list[tuple[SectionKind, tuple[str, ...]]]]:
    """The parts of each meeting an issue page records (one, on most pages)."""
    meetings: list[list[tuple[SectionKind, tuple[str, ...]]]] = [[]]
    for kind, body in parts:
        if kind == "page" and body and is_further_meeting(body[0]) and meetings[-1]:
            meetings.append([])
        meetings[-1].append((kind, body))
    return meetings


def _meeting_decisions(
    parts: list[tuple[SectionKind, tuple[str, ...]]],
    resolutions: list[Resolution],
    actions: list[Action],
) -> None:
    """One meeting's resolutions and actions, added in page order: its Decision block and
    its minutes give the same resolutions, each kept once."""
    read = [
        _decision_part(body) if kind == "decision" else _minutes_part(body, kind)
        for kind, body in parts
    ]
    minutes = [r for part in read if part.kind != "decision" for r, _ in part.resolutions]
    decided = [r for part in read if part.kind == "decision" for r, _ in part.resolutions]
    has_minutes = any(part.kind == "minutes" for part in read)
    # The minutes' own resolutions win over the Decision block's copy of them; agreements
    # told in the minutes' narrative give way to the Decision block's formal record.
    formal_minutes = any(r.reason != reading.NARRATIVE for r in minutes)
    for part in read:
        for what, index in part.order:
            if what == "a":
                action = part.actions[index]
                if part.kind != "decision" or not any(_same(action.text, a.text) for a in actions):
                    actions.append(action)
                continue
            resolution, asks = part.resolutions[index]
            if part.kind == "decision" and formal_minutes:
                continue  # the minutes give it again, in their own wording
            if part.kind != "decision" and resolution.reason == reading.NARRATIVE and decided:
                continue
            if part.kind == "decision" and has_minutes and resolution.reason is None:
                resolution = replace(resolution, confidence="check", reason=reading.ONLY_DECISION)
            resolutions.append(resolution)
            actions.extend(asks)


def _once(resolutions: list[Resolution], actions: list[Action]) -> Decisions:
    """Each resolution once: one guessed (read without a heading) that another, read under a
    heading, gives again is the same resolution, e.g. a Decision block whose `Minutes:`
    heading was lost before the minutes' own list. One printed again word for word is the
    same resolution too: a page's decision summary above the minutes that repeat it."""
    sure = [r for r in resolutions if r.reason is None]
    kept: list[Resolution] = []
    for resolution in resolutions:
        again = next(
            (i for i, r in enumerate(kept) if _words(r.text) == _words(resolution.text)), None
        )
        if again is not None and kept[again].reason is not None and resolution.reason is None:
            kept[again] = resolution  # the copy read under a heading says how sure it is
        if again is not None or (
            resolution.reason is not None
            and any(_same(resolution.text, r.text, at=_REPEATED) for r in sure)
        ):
            # Its actions go with it (the first of each text: its own).
            for asked in resolution_actions(resolution.text):
                own = next((i for i, a in enumerate(actions) if a == asked), None)
                if own is not None:
                    actions = actions[:own] + actions[own + 1 :]
            continue
        kept.append(resolution)
    return Decisions(resolutions=tuple(kept), actions=tuple(actions))


def _minutes_part(body: tuple[str, ...], kind: SectionKind) -> _Part:
    """Minutes, or text under no heading: every shape of decision."""
    part = _Part(kind)
    narrative: list[int] = []  # the resolutions that are agreements told in the narrative
    unread_until = 0  # the end of a list that was moved or said, not decided
    index = 0
    while index < len(body):
        line = body[index]
        heading = resolutions_block.heading(line)
        if heading is not None:
            block, index = resolutions_block.resolution_block(body, index + 1, heading["rest"])
            _block(part, block, None)
            continue
        if (LABEL.match(line) or BULLET.match(line)) and _after_motion(body, index):
            unread_until = _same_markers(body, index)  # a motion's or the debate's list
        if (LABEL.match(line) or BULLET.match(line)) and index >= unread_until:
            found, after = items(body, index)
            worded = [i for i in found if reading.reads_as_resolution(i.text)]
            if worded:
                first = next((i.label for i in worded if i.label is not None), None)
                goes_on = part.last_label is not None and follows(part.last_label, first)
                _block(part, worded, None if goes_on else reading.NO_HEADING_LIST)
                index = after
                continue
        if _AGREED_FIRST.match(line):
            part.resolve(None, line, None)
            index += 1
            continue
        if (
            re.match(r"That\s", line)
            and reading.reads_as_resolution(line)
            and not _after_motion(body, index)
        ):
            goes_on = part.last_label is not None or bool(part.order and part.order[-1][0] == "r")
            part.resolve(None, line, None if goes_on else reading.NO_HEADING_ONE)
            index += 1
            continue
        in_capitals = [item_text(s) for s in reading.decisions_in_capitals(line)]
        for sentence in in_capitals:
            part.resolve(None, sentence, None)
        for sentence in reading.narrative_agreements(line):
            if item_text(sentence) not in in_capitals:
                part.resolve(None, sentence, reading.NARRATIVE)
                narrative.append(len(part.resolutions) - 1)
        found_actions = actions_at(body, index)
        if found_actions is not None:
            new_actions, index = found_actions
            # A decision in capitals gave its actions as a resolution's already.
            asked = [a for r, asks in part.resolutions if r.text in in_capitals for a in asks]
            part.act(
                [a for a in new_actions if not (asked and any(a.text in s for s in in_capitals))]
            )
            continue
        index += 1
    if len(narrative) < len(part.resolutions):
        # Where the minutes record formal resolutions, an agreement told in the debate
        # led to them (its action, if any, is still taken); it is not another resolution.
        part.order = [(w, i) for w, i in part.order if w != "r" or i not in narrative]
    return part


def _decision_part(body: tuple[str, ...]) -> _Part:
    """A `Decision:` block: each paragraph or item is a decision, without a stem naming
    who decided ("That Cabinet:"). One with a RESOLVED heading is read as minutes."""
    if any(resolutions_block.heading(line) is not None for line in body):
        part = _minutes_part(body, "minutes")
        part.kind = "decision"
        return part
    part = _Part("decision")
    index = 0
    while index < len(body):
        line = body[index]
        following = body[index + 1] if index + 1 < len(body) else ""
        listed = LABEL.match(following) or BULLET.match(following)
        if listed and (
            reading.is_stem(line, before_list=True)
            or (reading.ends_with_colon(line) and not reading.holds_its_list(line))
        ):
            index += 1  # "That Cabinet:", "Cabinet considered the report and agreed:"
            continue
        if LABEL.match(line) or BULLET.match(line):
            found, index = items(body, index)
            _block(part, found, None, decision=True)
            continue
        text, index = line, index + 1
        inline = inline_items(Item(None, text), is_stem=_stem_before_list)
        if len(inline) > 1:  # "That Cabinet: (a) approves ...; (b) asks ..." in one paragraph
            _block(part, inline, None, decision=True)
            continue
        if listed and reading.ends_with_colon(text):
            # "That the following steps be approved:" holds its list, labelled or not.
            sub, index = items(body, index)
            text = " ".join([text, *(f"{b.label} {b.text}" if b.label else b.text for b in sub)])
        worded = reading.reads_as_resolution(text) or _PAST_DECISION.match(text)
        part.resolve(None, text, None if worded else reading.NOT_WORDED)
    if any(r.reason != reading.NOT_WORDED for r, _ in part.resolutions):
        # Beside paragraphs worded as decisions, one that is not ("Cabinet considered the
        # report.") tells of the meeting; alone, it is the decision told in prose.
        # One that tells a decision in the past tense ("The Cabinet Member approved the
        # policy") is still a decision, kept to check.
        part.order = [
            (w, i)
            for w, i in part.order
            if w != "r"
            or part.resolutions[i][0].reason != reading.NOT_WORDED
            or reading.decided_in_past(part.resolutions[i][0].text)
        ]
    return part


def _stem_before_list(line: str) -> bool:
    return reading.is_stem(line, before_list=True)


def _block(part: _Part, block: list[Item], reason: str | None, *, decision: bool = False) -> None:
    """The items of one resolution list."""
    block = [
        split
        for i in block
        for split in inline_items(i, is_stem=_stem_before_list)
        if item_text(split.text)
    ]
    if reason is None and reading.renumbered([i.label for i in block]):
        reason = reading.RENUMBERED
    for item in block:
        part.resolve(item.label, item.text, reason)
    labels = [i.label for i in block if i.label is not None]
    if labels and not decision:
        part.last_label = labels[-1]


def _after_motion(body: tuple[str, ...], index: int) -> bool:
    """Whether the line before introduces a motion or a recommendation ("Councillor Ash
    moved:"), so what follows was put to the vote, not yet decided; or debate ("The
    following points were raised:"), so what follows was said, not decided."""
    if index == 0:
        return False
    before = body[index - 1]
    introduces = before.rstrip().endswith((":", ":-", "–", "-")) or re.search(
        r"\b(?:moved|seconded|proposed)\b.*\bthat\s*$", before, re.IGNORECASE
    )
    if not introduces or resolutions_block.heading(before) is not None:
        return False
    if reading.MOTION.search(before) is not None or _DEBATE_INTRO.search(before) is not None:
        return True
    # Any other sentence ending with a colon ("The Director set out the priorities:") makes
    # the list its own: what was presented or planned, not decided. Only a stem naming who
    # resolved ("The Board:"), a line that is itself a resolution ("That the following be
    # approved:") or one that tells a decision ("Members agreed the following:") gives its
    # list as resolutions.
    return (
        reading.ends_with_colon(before)
        and LABEL.match(before) is None
        and BULLET.match(before) is None
        and not reading.is_stem(before, before_list=True)
        and not reading.reads_as_resolution(before)
        and _TELLS_DECISION.search(before) is None
    )


def _same_markers(body: tuple[str, ...], index: int) -> int:
    """The end of the run of bullets (or of labelled items) starting at `index`."""
    bulleted = LABEL.match(body[index]) is None
    while index < len(body):
        if bulleted and not (BULLET.match(body[index]) and not LABEL.match(body[index])):
            break
        if not bulleted and not LABEL.match(body[index]):
            break
        index += 1
    return index


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _same(a: str, b: str, *, at: float = _SAME) -> bool:
    """Two wordings of one resolution: most of their words in common."""
    words_a = re.findall(r"\w+", a.casefold())
    words_b = re.findall(r"\w+", b.casefold())
    if not words_a or not words_b:
        return False
    common = sum(min(words_a.count(w), words_b.count(w)) for w in set(words_a))
    return 2 * common / (len(words_a) + len(words_b)) >= at
