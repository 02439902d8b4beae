"""A resolution block: its heading ("RESOLVED -", "The Committee resolved:-", "DECIDED:",
"... seconded and resolved - That") and the items after it, to where the block ends.

Minutes mark what was decided with a heading, on a line of its own or before the first
item; the items follow as labelled items, bullets or "That ..." paragraphs. A line between
the heading and the list only introduces it, and a stem names who resolved.
"""

from __future__ import annotations

import re

from cypp.governance.minutes import resolutions_reading as reading
from cypp.governance.minutes.items import LABEL, Item, items
from cypp.governance.minutes.layout import BULLET

_RESOLVED = re.compile(
    r"^(?:(?-i:RESOLVED|AGREED|DECIDED)\b|resolved\b(?=\s*(?:$|[:–—.,-]|that\b|\(|unanimously\b))"
    r"|(?:agreed|decided)(?=\s*(?:$|[:–—-]))"
    r"|it\s+was\s+(?:(?:further|also|unanimously|therefore|then)\s+)*resolved\b"
    # "The Committee resolved:-", and a body named without "the": "Cabinet resolved to:".
    r"|(?:the\s+)?(?:[\w'’-]+\s+){0,3}?(?:board|committee|sub-committee|cabinet|partnership|panel|"
    r"group|forum|council|meeting|executive)\s+(?:(?:unanimously|has|have)\s+)?"
    r"(?:resolved\b(?=\s*(?:$|[:–—.,(-]|that\b|to\b|unanimously\b))|(?i:agreed|decided)(?=\s*(?:$|:))"
    r"|(?-i:NOTED)(?=\s*:))"
    r"|(?:decision|resolution)\b(?=\s*[:–—-]))"
    r"(?:\s*(?:\((?:unanimously|[^()\s]{1,30}\s[^()]{1,40})\)|unanimously\b))?\s*[:–—.,-]*\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
# "... the motion was carried and it was RESOLVED - That ...": the heading ends a sentence.
_RESOLVED_INSIDE = re.compile(
    r"(?:\bit\s+was\s+(?:(?:further|also|unanimously|therefore|then)\s+)*resolved"
    r"(?=\s*(?:that\b|[:–—-]|\(|$))|(?-i:\bRESOLVED\b)"
    # "moved by Councillor Ash, seconded by Councillor Birch and resolved - That ...".
    r"|\b(?:seconded|carried|vote)\b[^.;]{0,120}?\band\s+resolved(?=\s*(?:that\b|[:–—-])))"
    r"(?:\s*(?:\((?:unanimously|[^()\s]{1,30}\s[^()]{1,40})\)|unanimously\b))?\s*[:–—.,-]*\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_THAT = re.compile(r"^that\b\s*[:,–—-]?\s*", re.IGNORECASE)
_DOTTED = re.compile(r"^\d{1,3}\.\d{1,3}\.?\s+")  # a minute's paragraph number: 17.4


def heading(line: str) -> re.Match[str] | None:
    """A resolution's heading ("RESOLVED -", "The Committee resolved:-", "AGREED:"), also
    after a minute's paragraph number ("8.4 RESOLVED:") or ending a sentence of the vote."""
    line = _DOTTED.sub("", line)
    match = _RESOLVED.match(line)
    if match is not None:
        return match
    return _RESOLVED_INSIDE.search(line)


def resolution_block(body: tuple[str, ...], index: int, rest: str) -> tuple[list[Item], int]:
    """The items after a resolution heading whose own line continued with `rest`."""
    rest = _THAT.sub("", rest.strip().lstrip(":–—.,- ")).strip()
    following = body[index] if index < len(body) else ""
    if reading.is_stem(rest, before_list=bool(LABEL.match(following) or BULLET.match(following))):
        rest = ""  # "That the Committee:-": who resolved, before the list
    if rest and not LABEL.match(rest):
        if reading.ends_with_colon(rest):
            found, after = items(body, index)
            if found and reading.holds_its_list(rest):
                # "RESOLVED - That the following steps be approved:" holds its list.
                inside = (f"{i.label} {i.text}" if i.label else i.text for i in found)
                return [Item(None, " ".join([rest, *inside]))], after
            if found:
                return found, after
        return _then_thats([Item(None, rest)], body, index)
    if rest:  # "RESOLVED THAT: (a) ..." with the first item on the heading's line
        found, after = items((rest, *body[index:]), 0)
        return found, index + after - 1
    while index < len(body) and (
        _THAT.fullmatch(body[index])
        or reading.is_stem(body[index])
        or _introduces_list(body, index)
    ):
        index += 1
    found, after = items(body, index)
    if found:
        return found, after
    if index < len(body) and heading(body[index]) is None:
        first = _THAT.sub("", body[index])
        if reading.ends_with_colon(first) and reading.holds_its_list(first):
            # "That the Head of Service be asked to:" on its own line holds its list, as
            # it does on the heading's line.
            found, after = items(body, index + 1)
            if found:
                inside = (f"{i.label} {i.text}" if i.label else i.text for i in found)
                return [Item(None, " ".join([first, *inside]))], after
        block = [Item(None, first)]
        return _then_thats(block, body, index + 1, any_wording=True)
    return [], index


def _introduces_list(body: tuple[str, ...], index: int) -> bool:
    """A line between a heading and its list that only introduces the list ("For the
    reasons set out in the report:-", "Having considered the responses:"): it ends with
    a colon, a list follows, and it decides nothing of its own ("That the following be
    approved:" holds its list and is the resolution)."""
    line = body[index]
    following = body[index + 1] if index + 1 < len(body) else ""
    return (
        bool(LABEL.match(following) or BULLET.match(following))
        and not LABEL.match(line)
        and not BULLET.match(line)
        and reading.ends_with_colon(line)
        and not reading.holds_its_list(line)
    )


def _then_thats(
    block: list[Item], body: tuple[str, ...], index: int, *, any_wording: bool = False
) -> tuple[list[Item], int]:
    """Further unlabelled "That ..." paragraphs after the first resolution of a heading, and
    ones in the subjunctive ("The Director be asked to ..."); with the heading on a line of
    its own, any paragraph worded as a resolution ("notes ...")."""
    while index < len(body) and (
        any_wording or re.match(r"That\s", body[index]) or reading.in_subjunctive(body[index])
    ):
        if heading(body[index]) is not None or not reading.reads_as_resolution(body[index]):
            break
        block.append(Item(None, body[index]))
        index += 1
    return block, index
