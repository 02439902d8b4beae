"""Take out of a vl-convert SVG what draws nothing, so that a PDF prints it faster.

Vega writes every chart as a scene graph: each mark and axis in two or three nested groups,
a zero-sized background path and a hidden foreground path per group, ``class`` and
``pointer-events`` attributes for a browser's events, and positions to 15 decimal places.
WeasyPrint draws an SVG node by node in Python (a 60-chart board pack spent about a third
of its PDF time there), so each of those costs time and none of them shows. This keeps
every node that paints, in the same place and style, and drops the rest:

- elements hidden with ``display="none"`` and paths with no fill and no stroke (the
  background and foreground paths of Vega's groups);
- ``class``, ``pointer-events`` and ``opacity="1"`` attributes;
- groups with no attributes (their children are moved up) or no children; a group that
  only moves its one child passes the move on to that child;
- a pure ``translate`` on a line, a text or a path of straight lines, which becomes its
  coordinates; Vega's circle symbol (a path of two arcs, moved into place) becomes a
  circle, still moved by its ``translate`` (its outline then has short figures in the PDF,
  which is a fifth smaller than with the circle's centre written out);
- positions past three decimal places (a thousandth of a pixel).

Anything it does not understand (a ``style`` attribute, a clip path, a definition) it
leaves as it is.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG_NS = "http://www.w3.org/2000/svg"
_SVG = "{" + SVG_NS + "}"

# Attributes only a browser's events or style sheets read; nothing in CYPP styles by them.
_DROP = ("class", "pointer-events")
# Attributes whose values are positions and lengths, rounded to a thousandth of a pixel.
_GEOMETRY = ("d", "transform", "x", "y", "x1", "y1", "x2", "y2", "width", "height", "r")
_LONG_NUMBER = re.compile(r"-?\d+\.\d{4,}(?:e-?\d+)?")
_TRANSLATE = re.compile(
    r"^\s*translate\(\s*(-?[\d.]+(?:e-?\d+)?)\s*[, ]\s*(-?[\d.]+(?:e-?\d+)?)\s*\)\s*$"
)
_FIGURE = r"-?\d+(?:\.\d+)?(?:e-?\d+)?"
# Vega's circle symbol: two half-circle arcs from (r, 0) round the origin.
_CIRCLE = re.compile(rf"^M({_FIGURE}),0A\1,\1,0,1,1,-\1,0A\1,\1,0,1,1,\1,0Z?$")
# A path of absolute moves and straight lines only (a legend's line, a rule).
_POLYLINE = re.compile(rf"^(?:[ML]{_FIGURE},{_FIGURE})+Z?$")
_PAIR = re.compile(rf"([ML])({_FIGURE}),({_FIGURE})")
# Containers whose children are not drawn where they stand (definitions, clip paths, ...).
_KEEP_INSIDE = {"defs", "clipPath", "mask", "pattern", "marker", "symbol", "linearGradient"}


def svg_simplify(svg: str) -> str:
    """The same picture with fewer nodes and shorter numbers (see the module's notes)."""
    try:
        root = ET.fromstring(svg)  # noqa: S314 - vl-convert's output, never a user's file
    except ET.ParseError:
        return svg  # not ours to fix: drawn as it came
    # SVG's own defaults: shapes are filled black and not stroked unless told otherwise.
    _simplify_children(root, fill=root.get("fill", "black"), stroke=root.get("stroke", "none"))
    _round(root)
    # Written with SVG as the plain default namespace, whatever prefix another library has
    # registered for it (WeasyPrint's PDF metadata does; an <svg:svg> is not a chart).
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith(_SVG):
            element.tag = element.tag[len(_SVG) :]
    attributes = dict(root.attrib)
    root.attrib.clear()
    root.attrib.update({"xmlns": SVG_NS, **attributes})
    return ET.tostring(root, encoding="unicode")


def _tag(element: ET.Element) -> str:
    tag = element.tag
    return tag[len(_SVG) :] if isinstance(tag, str) and tag.startswith(_SVG) else str(tag)


def _simplify_children(parent: ET.Element, *, fill: str, stroke: str) -> None:
    """Simplify ``parent``'s children in place, given the fill and stroke they inherit."""
    index = 0
    while index < len(parent):
        child = parent[index]
        tag = _tag(child)
        if tag in _KEEP_INSIDE or "style" in child.attrib:
            index += 1
            continue
        if child.get("display") == "none":
            del parent[index]
            continue
        for name in _DROP:
            child.attrib.pop(name, None)
        if child.get("opacity") == "1":
            del child.attrib["opacity"]
        if child.get("transform", "").replace(" ", "") == "translate(0,0)":
            del child.attrib["transform"]
        own_fill = child.get("fill", fill)
        own_stroke = child.get("stroke", stroke)
        if tag == "path" and (
            not child.get("d", "").strip() or (own_fill == "none" and own_stroke == "none")
        ):
            del parent[index]
            continue
        if tag == "g":
            _simplify_children(child, fill=own_fill, stroke=own_stroke)
            if len(child) == 0:
                del parent[index]
                continue
            if not child.attrib:
                moved = list(child)  # simplified already, with the same fill and stroke
                parent[index : index + 1] = moved
                index += len(moved)
                continue
            if set(child.attrib) == {"transform"} and len(child) == 1:
                only = child[0]
                only.set("transform", _compose(child.attrib["transform"], only.get("transform")))
                parent[index] = only
                _translate_into_coordinates(only)
                index += 1
                continue
        _translate_into_coordinates(child)
        index += 1


def _compose(outer: str, inner: str | None) -> str:
    """One transform list for ``outer`` applied around ``inner`` (two moves add up)."""
    if inner is None:
        return outer
    first, second = _TRANSLATE.match(outer), _TRANSLATE.match(inner)
    if first is None or second is None:
        return f"{outer} {inner}"
    dx = float(first.group(1)) + float(second.group(1))
    dy = float(first.group(2)) + float(second.group(2))
    return f"translate({_number(dx)},{_number(dy)})"


def _translate_into_coordinates(element: ET.Element) -> None:
    """A pure ``translate`` as the element's own coordinates (less work for each node)."""
    match = _TRANSLATE.match(element.get("transform", ""))
    if match is None:
        return
    dx, dy = float(match.group(1)), float(match.group(2))
    tag = _tag(element)
    if tag == "line":
        for x_name, y_name in (("x1", "y1"), ("x2", "y2")):
            x = float(element.get(x_name, "0") or 0) + dx
            y = float(element.get(y_name, "0") or 0) + dy
            element.set(x_name, _number(x))
            element.set(y_name, _number(y))
    elif tag == "path":
        d = element.get("d", "")
        circle = _CIRCLE.match(d)
        if circle is not None:  # Vega's circle symbol: a circle needs no path parsing
            element.tag = _SVG + "circle"
            del element.attrib["d"]
            element.set("r", circle.group(1))
            return  # moved by its transform: its outline's figures stay short in the PDF
        elif _POLYLINE.match(d):  # absolute moves and lines only: every point moves
            element.set("d", _PAIR.sub(lambda m: _moved(m, dx, dy), d))
        else:
            return
    elif tag == "text" and not {"x", "y", "dx", "dy", "rotate"} & set(element.attrib):
        if len(element) or element.text is None:
            return  # a text with spans positions them itself: left alone
        element.set("x", _number(dx))
        element.set("y", _number(dy))
    else:
        return
    del element.attrib["transform"]


def _moved(match: re.Match[str], dx: float, dy: float) -> str:
    x, y = float(match.group(2)) + dx, float(match.group(3)) + dy
    return f"{match.group(1)}{_number(x)},{_number(y)}"


def _number(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in {"", "-0"} else text


def _round(root: ET.Element) -> None:
    for element in root.iter():
        for name in _GEOMETRY:
            value = element.get(name)
            if value and "." in value:
                element.set(name, _LONG_NUMBER.sub(lambda m: _number(float(m.group(0))), value))
