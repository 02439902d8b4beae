"""The governance chart: bodies as boxes in rows (each below the body it reports to) and
arrows labelled in words, laid out here and drawn as inline SVG by the template.

The SVG is an image with a title and a description that says every relation in words;
the page also lists the relations in a table, so nothing depends on seeing the chart.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from cypp.governance.models import Body, BodyRelation

WIDTH = 960
BOX_HEIGHT = 84
ROW_GAP = 96
MARGIN = 16
GAP = 24


@dataclass(frozen=True)
class ChartBox:
    body: Body
    x: float
    y: float
    width: float
    height: float
    lines: tuple[str, ...]
    kind_words: str

    @property
    def centre_x(self) -> float:
        return self.x + self.width / 2

    @property
    def text_rows(self) -> list[tuple[float, str]]:
        """Each line of the name with its baseline, the kind of body last."""
        first = self.y + 22
        rows = [(first + 16 * i, line) for i, line in enumerate(self.lines)]
        return rows

    @property
    def kind_y(self) -> float:
        return self.y + 22 + 16 * len(self.lines) + 2


@dataclass(frozen=True)
class ChartArrow:
    x1: float
    y1: float
    x2: float
    y2: float
    two_way: bool
    label: tuple[str, ...]
    label_x: float
    label_y: float

    @property
    def label_rows(self) -> list[tuple[float, str]]:
        """Each word line of the label with its baseline, centred on the arrow."""
        top = self.label_y - 7 * len(self.label) + 11
        return [(top + 14 * i, line) for i, line in enumerate(self.label)]

    @property
    def label_box(self) -> tuple[float, float, float, float]:
        """x, y, width, height of the white box behind the label."""
        width = 8 + 7 * max((len(line) for line in self.label), default=4)
        height = 6 + 14 * len(self.label)
        return (self.label_x - width / 2, self.label_y - height / 2, width, height)


@dataclass(frozen=True)
class ChartRelation:
    """One relation in words, for the description and the table."""

    from_name: str
    words: str
    to_name: str


@dataclass(frozen=True)
class GovernanceChart:
    width: int
    height: float
    boxes: list[ChartBox]
    arrows: list[ChartArrow]
    relations: list[ChartRelation]
    title: str
    description: str


def _depths(bodies: list[Body], relations: list[BodyRelation]) -> dict[int, int]:
    parents: dict[int, list[int]] = {b.pk: [] for b in bodies}
    for r in relations:
        if r.kind == BodyRelation.Kind.REPORTS_TO and r.from_body_id in parents:
            parents[r.from_body_id].append(r.to_body_id)
    depth: dict[int, int] = {}

    def visit(pk: int, seen: frozenset[int]) -> int:
        if pk in depth:
            return depth[pk]
        ups = [p for p in parents.get(pk, []) if p in parents and p not in seen]
        value = 0 if not ups else 1 + max(visit(p, seen | {pk}) for p in ups)
        depth[pk] = value
        return value

    for b in bodies:
        visit(b.pk, frozenset())
    return depth


def governance_chart(
    *, title: str, bodies: list[Body], relations: list[BodyRelation]
) -> GovernanceChart:
    depth = _depths(bodies, relations)
    rows: dict[int, list[Body]] = {}
    for b in bodies:
        rows.setdefault(depth[b.pk], []).append(b)
    boxes: dict[int, ChartBox] = {}
    for level, members in sorted(rows.items()):
        n = len(members)
        width = min(240.0, (WIDTH - 2 * MARGIN - (n - 1) * GAP) / n)
        total = n * width + (n - 1) * GAP
        left = (WIDTH - total) / 2
        chars = max(8, int(width / 7.4))
        for i, b in enumerate(members):
            lines = textwrap.wrap(b.name, width=chars) or [b.name]
            if len(lines) > 3:
                lines = [*lines[:2], textwrap.shorten(" ".join(lines[2:]), chars, placeholder="…")]
            boxes[b.pk] = ChartBox(
                body=b,
                x=left + i * (width + GAP),
                y=MARGIN + level * (BOX_HEIGHT + ROW_GAP),
                width=width,
                height=BOX_HEIGHT,
                lines=tuple(lines),
                kind_words=b.get_kind_display(),
            )

    # One arrow per pair of bodies, two-headed when the relation runs both ways.
    pairs: dict[tuple[int, int], set[tuple[int, str]]] = {}
    for r in relations:
        if r.from_body_id in boxes and r.to_body_id in boxes:
            key = (min(r.from_body_id, r.to_body_id), max(r.from_body_id, r.to_body_id))
            pairs.setdefault(key, set()).add((r.from_body_id, r.kind))
    # Arrows into a body from below spread along its bottom edge, in the order of the boxes.
    below: dict[int, list[int]] = {}
    for first, second in pairs:
        if depth[first] != depth[second]:
            low, high = (first, second) if depth[first] > depth[second] else (second, first)
            below.setdefault(high, []).append(low)
    slot = {
        (low, high): (i + 1) / (len(lows) + 1)
        for high, lows in below.items()
        for i, low in enumerate(sorted(lows, key=lambda pk: boxes[pk].x))
    }
    arrows = []
    for (pa, pb), kinds in sorted(pairs.items()):
        lower, upper = (pa, pb) if depth[pa] >= depth[pb] else (pb, pa)
        if depth[pa] == depth[pb]:
            lower, upper = (pa, pb) if boxes[pa].x < boxes[pb].x else (pb, pa)
        reports_up = (lower, BodyRelation.Kind.REPORTS_TO) in kinds
        feedback_down = (upper, BodyRelation.Kind.GIVES_FEEDBACK_TO) in kinds
        reports_down = (upper, BodyRelation.Kind.REPORTS_TO) in kinds
        feedback_up = (lower, BodyRelation.Kind.GIVES_FEEDBACK_TO) in kinds
        up = reports_up or feedback_up
        down = feedback_down or reports_down
        words = []
        if reports_up:
            words.append("Reports to")
        if feedback_up:
            words.append("Gives feedback to")
        if feedback_down:
            words.append("Gets feedback")
        if reports_down:
            words.append("Gets reports")
        lo, hi = boxes[lower], boxes[upper]
        if depth[pa] == depth[pb]:
            x1, y1 = lo.x + lo.width, lo.y + lo.height / 2
            x2, y2 = hi.x, hi.y + hi.height / 2
        else:
            x1, y1 = lo.centre_x, lo.y
            x2 = hi.x + hi.width * slot[(lower, upper)]
            y2 = hi.y + hi.height
        # Drawn towards the head of the main direction, so a one-way arrow points right.
        ax, ay, bx, by = (x1, y1, x2, y2) if up or not down else (x2, y2, x1, y1)
        arrows.append(
            ChartArrow(
                x1=ax,
                y1=ay,
                x2=bx,
                y2=by,
                two_way=up and down,
                label=tuple(words),
                label_x=(x1 + x2) / 2,
                label_y=(y1 + y2) / 2,
            )
        )

    names = {b.pk: b.name for b in bodies}
    described = [
        ChartRelation(names[r.from_body_id], r.get_kind_display().lower(), names[r.to_body_id])
        for r in relations
        if r.from_body_id in names and r.to_body_id in names
    ]
    if described:
        description = "; ".join(f"{r.from_name} {r.words} {r.to_name}" for r in described) + "."
    else:
        description = "The bodies are not yet related to each other."
    height = MARGIN * 2 + (max(rows) + 1 if rows else 1) * (BOX_HEIGHT + ROW_GAP) - ROW_GAP
    return GovernanceChart(
        width=WIDTH,
        height=height,
        boxes=list(boxes.values()),
        arrows=arrows,
        relations=described,
        title=title,
        description=description,
    )
